"""The command line, run as a real process: exit codes, formats, selection, noqa."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"

BUGGY = textwrap.dedent(
    """\
    import torch
    import torch.nn as nn
    X = torch.randn(32, 4)
    y = torch.randn(32)
    model = nn.Linear(4, 1)
    loss = nn.MSELoss()(model(X), y)
    """
)


def torchlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchlint", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_examples_give_one_finding_each_in_example1_and_example3() -> None:
    run = torchlint("check", str(SEED))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{SEED / 'example1_unnormalized.py'}:28:15: TL002 features `X`")
    assert lines[1].startswith(f"{SEED / 'example3_target_1d.py'}:28:12: TL001 [*] MSELoss")
    assert "Found 2 findings in 3 files." in run.stderr


def test_clean_files_exit_zero(tmp_path: Path) -> None:
    write(tmp_path, "ok.py", BUGGY.replace("torch.randn(32)", "torch.randn(32, 1)"))
    run = torchlint("check", str(tmp_path))
    assert (run.returncode, run.stdout) == (0, "")


def test_text_format_is_path_line_column_code_message(tmp_path: Path) -> None:
    path = write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", str(path))
    assert run.returncode == 1
    assert run.stdout.startswith(f"{path}:6:8: TL001 [*] MSELoss: prediction `model(X)` is (32, 1) but target `y` is (32,)")


def test_json_format(tmp_path: Path) -> None:
    path = write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--format", "json", str(path))
    assert run.returncode == 1
    (finding,) = json.loads(run.stdout)
    assert set(finding) == {"path", "line", "column", "code", "message", "fix", "evidence"}
    assert (finding["path"], finding["line"], finding["column"], finding["code"]) == (str(path), 6, 8, "TL001")
    assert "broadcast to (32, 32)" in finding["message"]


def test_json_format_when_clean_is_an_empty_array(tmp_path: Path) -> None:
    write(tmp_path, "empty.py", "x = 1\n")
    run = torchlint("check", "--format", "json", str(tmp_path))
    assert (run.returncode, json.loads(run.stdout)) == (0, [])


@pytest.mark.parametrize(
    "options, expected_exit",
    [
        (["--select", "TL001"], 1),
        (["--select", "TL"], 1),
        (["--ignore", "TL001"], 0),
        (["--select", "TL002"], 0),
        (["--select", "TL", "--ignore", "TL0"], 0),
        (["--select", "TL001", "--ignore", "TL"], 1),
    ],
)
def test_select_and_ignore(tmp_path: Path, options: List[str], expected_exit: int) -> None:
    path = write(tmp_path, "bug.py", BUGGY)
    assert torchlint("check", *options, str(path)).returncode == expected_exit


@pytest.mark.parametrize(
    "comment, silenced",
    [
        ("  # noqa", True),
        ("  # noqa: TL001", True),
        ("  # NOQA:TL001", True),
        ("  # noqa: E501, TL001", True),
        ("  # noqa: TL", True),
        ("  # noqa: TL002", False),
        ("  # noqa: E501", False),
    ],
)
def test_noqa(tmp_path: Path, comment: str, silenced: bool) -> None:
    lines = BUGGY.splitlines()
    lines[5] += comment
    path = write(tmp_path, "bug.py", "\n".join(lines) + "\n")
    assert torchlint("check", str(path)).returncode == (0 if silenced else 1)


def test_syntax_error_gives_one_tl000_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.py", "import torch\nloss = nn.MSELoss()(\nx = 1 +\n")
    run = torchlint("check", "--format", "json", str(path))
    assert run.returncode == 1
    (finding,) = json.loads(run.stdout)
    assert finding["code"] == "TL000"
    assert finding["line"] in (2, 3)
    assert "syntax error" in finding["message"]
    assert "Traceback" not in run.stderr


def test_syntax_error_in_a_file_without_torch_is_still_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.py", "def f(:\n    pass\n")
    run = torchlint("check", str(path))
    assert run.returncode == 1
    assert f"{path}:1:" in run.stdout and "TL000" in run.stdout


def test_undecodable_bytes_give_tl000(tmp_path: Path) -> None:
    path = tmp_path / "latin.py"
    path.write_bytes(b"import torch\nname = '\xe9t\xe9'\n")
    run = torchlint("check", str(path))
    assert run.returncode == 1
    assert "TL000" in run.stdout and "cannot decode" in run.stdout
    assert "Traceback" not in run.stderr


def test_folders_are_walked_for_py_files_only(tmp_path: Path) -> None:
    write(tmp_path, "pkg/deep/bug.py", BUGGY)
    write(tmp_path, "pkg/notes.txt", BUGGY)
    write(tmp_path, ".venv/lib/bug.py", BUGGY)
    run = torchlint("check", str(tmp_path))
    assert run.returncode == 1
    assert run.stdout.count("TL001") == 1
    assert "deep" in run.stdout


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    run = torchlint("check", str(tmp_path / "nope.py"))
    assert run.returncode == 2
    assert "no such file" in run.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert torchlint("check", "--frobnicate").returncode == 2
    assert torchlint("check", "--format", "xml", ".").returncode == 2
    assert torchlint().returncode == 2


def test_console_script_matches_python_dash_m(tmp_path: Path) -> None:
    path = write(tmp_path, "bug.py", BUGGY)
    script = Path(sys.executable).with_name("torchlint")
    run = subprocess.run([str(script), "check", str(path)], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (1, torchlint("check", str(path)).stdout)


def test_rule_command_explains_a_rule() -> None:
    run = torchlint("rule", "TL001")
    assert run.returncode == 0
    assert "## Why is this bad?" in run.stdout and "## Use instead" in run.stdout
    listing = torchlint("rule")
    assert listing.returncode == 0 and "TL001" in listing.stdout
    assert torchlint("rule", "TL999").returncode == 2


def test_parallel_jobs_give_the_same_report_in_the_same_order(tmp_path: Path) -> None:
    for index in range(40):
        write(tmp_path, f"m{index:02d}/bug.py", BUGGY if index % 3 else BUGGY.replace("torch.randn(32)", "torch.randn(32, 1)"))
    write(tmp_path, "m05/broken.py", "import torch\ndef f(:\n")
    serial, parallel = torchlint("check", "-j", "1", str(tmp_path)), torchlint("check", "-j", "2", str(tmp_path))
    assert serial.stdout.count("TL001") == 26
    assert (parallel.returncode, parallel.stdout) == (serial.returncode, serial.stdout) == (1, serial.stdout)
    assert "TL000" in serial.stdout
    assert torchlint("check", "-j", "0", str(tmp_path)).returncode == 2


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    for index in range(300):
        write(tmp_path, f"bug{index:03d}.py", BUGGY)
    pipeline = subprocess.run(
        f"{sys.executable} -m torchlint check {tmp_path} | head -n 1; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert pipeline.stdout.count("TL001") == 1
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr
    assert pipeline.returncode == 1


# A rule that fails on one file: a bug in torchlint, which must exit 2 without
# a traceback while the other files are still checked and reported.
FAILING_RULE = """
import sys
from torchlint import cli
from torchlint.rules.tl001_loss_target_shape import LossTargetShape
check = LossTargetShape.check
def failing(self, facts):
    if facts.path.endswith("broken_rule.py"):
        raise KeyError("injected")
    return check(self, facts)
LossTargetShape.check = failing
sys.exit(cli.main(sys.argv[1:]))
"""


def test_an_internal_error_exits_2_and_the_other_files_are_still_reported(tmp_path: Path) -> None:
    write(tmp_path, "a_buggy.py", BUGGY)
    write(tmp_path, "broken_rule.py", BUGGY)
    result = subprocess.run(
        [sys.executable, "-c", FAILING_RULE, "check", "-j", "1", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 2
    assert "a_buggy.py:6:" in result.stdout and "TL001" in result.stdout
    assert "broken_rule.py: internal error: KeyError" in result.stderr
    assert "Traceback" not in result.stderr
