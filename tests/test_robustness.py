"""No input makes torchlint crash: generated programs, pathological files,
odd encodings. Each gives findings, a TL000 with a reason, or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from torchlint.core.evaluator import Evaluator
from torchlint.core.facts import FileFacts
from torchlint.engine import Selection, lint_bytes, lint_text

# Every rule's trigger words, so that generated code is parsed and analysed
# rather than skipped by the pre-scan.
PRELUDE = "import torch  # MSELoss backward step( Dropout eval( append( for Linear cross_entropy from_numpy\n"
FUZZ_EXAMPLES = int(os.environ.get("TORCHLINT_FUZZ_EXAMPLES", "0"))


# hypothesmith compiles what it generates, and the compiler warns about code
# such as `1()`: the generator's noise, not torchlint's.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")


def lint(source: str) -> list:
    return lint_text(PRELUDE + source, "generated.py", Selection())


# The fixed-seed sample runs in the normal suite; TORCHLINT_FUZZ_EXAMPLES=5000
# (with `-m fuzz`) runs the long fuzz.
SAMPLE = settings(
    max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
# libcst-node programs take ~0.3 s each to generate (the grammar's ~0.03 s):
# a smaller fixed sample keeps the suite inside its time budget.
NODE_SAMPLE = settings(SAMPLE, max_examples=25)
LONG = settings(
    max_examples=max(FUZZ_EXAMPLES, 1), deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@SAMPLE
@given(hypothesmith.from_grammar())
def test_generated_programs_from_the_grammar(source: str) -> None:
    lint(source)


@NODE_SAMPLE
@given(hypothesmith.from_node())
def test_generated_programs_from_libcst_nodes(source: str) -> None:
    lint(source)


@pytest.mark.fuzz
@pytest.mark.skipif(not FUZZ_EXAMPLES, reason="set TORCHLINT_FUZZ_EXAMPLES for the long fuzz")
@LONG
@given(hypothesmith.from_grammar() | hypothesmith.from_node())
def test_long_fuzz(source: str) -> None:
    lint(source)


TRAINING = """
def block_{i}():
    X = torch.randn(64, 3)
    y = torch.randn(64)
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(10):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
block_{i}()
"""


def steps_for(blocks: int) -> int:
    source = PRELUDE + "".join(TRAINING.format(i=i) for i in range(blocks))
    evaluator = Evaluator(FileFacts(cst.parse_module(source)))
    evaluator.run()
    return evaluator.steps


def test_work_grows_linearly_with_the_file() -> None:
    small, large = steps_for(200), steps_for(400)
    assert 1.8 <= large / small <= 2.2


HELPER = """
def helper_{i}(values, scale=2):
    total = 0
    for value in values:
        if value > scale:
            total += value * scale
        else:
            total -= value
    return {{"total": total, "name": "helper_{i}"}}
"""


def test_a_fifty_thousand_line_file_is_analysed() -> None:
    blocks, lines = [], 0
    while lines < 50_000:
        block = (TRAINING if len(blocks) % 40 == 0 else HELPER).format(i=len(blocks))
        blocks.append(block)
        lines += block.count("\n")
    findings = lint("".join(blocks))
    assert {d.code for d in findings} == {"TL001"}
    assert len(findings) == (len(blocks) + 39) // 40


def test_recursive_and_mutually_recursive_functions_terminate() -> None:
    source = textwrap.dedent(
        """
        def ping(x):
            return pong(x) + ping(x)
        def pong(x):
            for _ in range(3):
                x = ping(x)
            return x
        ping(torch.randn(3))
        """
    )
    assert lint(source) == []


def reasons(diagnostics: list) -> set:
    return {d.message for d in diagnostics if d.code == "TL000"}


@pytest.mark.parametrize(
    "source, reason",
    [
        ("x = " + "(" * 2500 + "1" + ")" * 2500 + "\n", "too many nested parentheses"),
        ("x = " + " and ".join(["a"] * 20000) + "\n", "too deep to parse"),
        ("x = " + "+".join(["a"] * 30000) + "\n", "cannot parse"),
        ("".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n", "indentation"),
        # CPython itself refuses integer literals past 4300 digits.
        ("x = " + "9" * 20_000 + "\n", "Exceeds the limit"),
    ],
)
def test_what_python_cannot_parse_is_a_skip_with_a_reason(source: str, reason: str) -> None:
    found = reasons(lint(source))
    assert len(found) == 1 and reason in found.pop()


@pytest.mark.parametrize(
    "source",
    [
        "x = '" + "a" * 5_000_000 + "'\n",
        "x = [" + ", ".join(["1"] * 100_000) + "]\n",
        "x = " + "9" * 4_000 + "\n",
        "x = torch.tensor([" + ", ".join(["[1.0, 2.0]"] * 20_000) + "])\n",
        "x = " + " < ".join(["a"] * 20_000) + "\n",
    ],
)
def test_huge_literals_are_analysed(source: str) -> None:
    assert reasons(lint(source)) == set()


@pytest.mark.parametrize(
    "data, outcome",
    [
        (b"import torch\nname = '\xe9t\xe9'\n", "cannot decode"),
        (b"import torch\nx = 1\x00\n", "null bytes"),
        (b"# -*- coding: latin-1 -*-\nimport torch\nname = '\xe9t\xe9'\n", None),
        (b"\xef\xbb\xbfimport torch\nx = torch.randn(3)\n", None),
        (b"import torch\r\nfor i in range(3):\r\n\tx = torch.randn(3)\r\n", None),
        (b"\xff\xfe", "cannot decode"),
        (b"", None),
    ],
)
def test_encodings_bytes_and_line_endings(data: bytes, outcome) -> None:
    found = reasons(lint_bytes(data, "odd.py", Selection()))
    if outcome is None:
        assert found == set()
    else:
        assert len(found) == 1 and outcome in found.pop()


def test_a_crlf_file_reports_the_same_positions() -> None:
    source = TRAINING.format(i=0)
    unix = lint(source)
    windows = lint_text((PRELUDE + source).replace("\n", "\r\n"), "generated.py", Selection())
    assert [(d.line, d.column, d.code) for d in unix] == [(d.line, d.column, d.code) for d in windows]
    assert unix


def test_the_compilers_warnings_about_user_code_are_not_printed(tmp_path) -> None:
    script = tmp_path / "odd.py"
    script.write_text("import torch\nx = 1()\nif x is 1:\n    pass\n")
    run = subprocess.run([sys.executable, "-m", "torchlint", "check", str(script)], capture_output=True, text=True, check=False)
    assert run.returncode == 0
    assert "Warning" not in run.stderr
