"""Suppression: a file's ``# torchlint: noqa``, and TL100 for ``# noqa: TLxxx``
comments that suppress nothing (--report-unused-noqa)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.cli_run import BUGGY
from torchlint.engine import Selection, lint_text
from torchlint.flake8_plugin import Flake8Plugin

WITH_UNUSED = Selection(["TL0", "TL100"])


def codes(text: str, selection: Selection = Selection()) -> list:
    return [(d.line, d.code) for d in lint_text(text, "x.py", selection)]


def test_file_level_noqa_silences_the_whole_file() -> None:
    assert codes(BUGGY) == [(6, "TL001")]
    assert codes("# torchlint: noqa\n" + BUGGY) == []
    assert codes('"""Docs."""\n#   TorchLint:noqa\n' + BUGGY) == []


def test_file_level_noqa_with_codes_silences_those_codes_only() -> None:
    assert codes("# torchlint: noqa: TL002, TL005\n" + BUGGY) == [(7, "TL001")]
    assert codes("# torchlint: noqa: TL001\n" + BUGGY) == []
    assert codes("# torchlint: noqa: TL0\n" + BUGGY) == []


def test_file_level_noqa_must_be_a_comment_line_of_its_own() -> None:
    assert codes(BUGGY + 'note = "# torchlint: noqa"\n') == [(6, "TL001")]
    assert codes(BUGGY + "z = 1  # torchlint: noqa\n") == [(6, "TL001")]


def test_flake8_plugin_honours_file_level_noqa() -> None:
    text = "# torchlint: noqa: TL001\n" + BUGGY
    plugin = Flake8Plugin(ast.parse(text), "x.py", text.splitlines(keepends=True))
    assert list(plugin.run()) == []
    plugin = Flake8Plugin(ast.parse(BUGGY), "x.py", BUGGY.splitlines(keepends=True))
    assert [result[2][:5] for result in plugin.run()] == ["TL001"]


def test_unused_noqa_is_reported_at_the_comment() -> None:
    text = BUGGY + "z = 1  # noqa: TL001\n"
    (found,) = [d for d in lint_text(text, "x.py", WITH_UNUSED) if d.code == "TL100"]
    assert (found.line, found.column) == (7, 8)
    assert found.message == "unused noqa: TL001 found nothing on this line; remove it from the comment"


def test_a_noqa_that_suppresses_is_not_reported() -> None:
    text = BUGGY.replace("model(X), y)", "model(X), y)  # noqa: TL001")
    assert codes(text, WITH_UNUSED) == []


def test_a_noqa_with_one_used_and_one_idle_code_names_the_idle_one() -> None:
    text = BUGGY.replace("model(X), y)", "model(X), y)  # noqa: TL001, TL004")
    (found,) = lint_text(text, "x.py", WITH_UNUSED)
    assert found.code == "TL100" and "TL004 found nothing" in found.message and "TL001" not in found.message


def test_unknown_code_in_noqa_is_reported() -> None:
    (found,) = lint_text("x = 1  # noqa: TL999\n", "x.py", WITH_UNUSED)
    assert found.message == "unused noqa: TL999 is no torchlint code; remove it from the comment"


def test_what_unused_noqa_does_not_judge() -> None:
    # A bare noqa or another tool's code may be for another tool; text in a
    # string is no comment; a code whose rule is off this run may be needed.
    text = 'a = 1  # noqa\nb = 2  # noqa: E501\nc = "# noqa: TL001"\nd = 3  # noqa: TL002\n'
    assert codes(text, Selection(["TL001", "TL100"])) == []


def test_unused_noqa_is_off_by_default() -> None:
    assert codes("z = 1  # noqa: TL001\n") == []


def test_report_unused_noqa_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "x.py"
    path.write_text("z = 1  # noqa: TL003\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--no-cache", "--report-unused-noqa", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1
    assert run.stdout == f"{path}:1:8: TL100 unused noqa: TL003 found nothing on this line; remove it from the comment\n"
    quiet = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--no-cache", str(path)], capture_output=True, text=True, check=False
    )
    assert (quiet.returncode, quiet.stdout) == (0, "")


def test_rule_command_lists_and_explains_tl100() -> None:
    listed = subprocess.run([sys.executable, "-m", "torchlint", "rule"], capture_output=True, text=True, check=False)
    assert "TL100  unused-noqa" in listed.stdout
    shown = subprocess.run([sys.executable, "-m", "torchlint", "rule", "tl100"], capture_output=True, text=True, check=False)
    assert shown.returncode == 0
    assert shown.stdout.startswith("# TL100 unused-noqa") and "--report-unused-noqa" in shown.stdout
