"""The command line's conventions, run as a real process: stdin, exit codes,
output options, exclusion, .gitignore, bad paths and bad values."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import BUGGY, reported_paths, torchlint, write

FIRST = "MSELoss: prediction `model(X)` is (32, 1) but target `y` is (32,)"


def test_stdin_with_stdin_filename(tmp_path: Path) -> None:
    run = torchlint("check", "--no-cache", "--stdin-filename", "pkg/train.py", "-", cwd=tmp_path, stdin=BUGGY)
    assert run.returncode == 1
    assert run.stdout.startswith(f"pkg/train.py:6:8: TL001 [*] {FIRST}")
    assert "Found 1 finding in 1 file." in run.stderr


def test_stdin_without_a_name_is_called_dash(tmp_path: Path) -> None:
    run = torchlint("check", "-", cwd=tmp_path, stdin=BUGGY)
    assert run.stdout.startswith("-:6:8: TL001")


def test_stdin_filename_finds_the_configuration_and_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint.per-file-ignores]\n"scripts/*" = ["TL001"]\n')
    run = torchlint("check", "--stdin-filename", "scripts/train.py", "-", cwd=tmp_path, stdin=BUGGY)
    assert (run.returncode, run.stdout) == (0, "")


def test_exit_zero(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--exit-zero", "bug.py", cwd=tmp_path)
    assert run.returncode == 0 and "TL001" in run.stdout


def test_statistics_counts_per_code(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    write(tmp_path, "b.py", BUGGY)
    run = torchlint("check", "--statistics", ".", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout == "2  TL001  loss-target-shape\n"


def test_show_source_puts_a_caret_under_the_column(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--show-source", "bug.py", cwd=tmp_path)
    lines = run.stdout.splitlines()
    assert lines[1] == "6 | loss = nn.MSELoss()(model(X), y)"
    assert lines[2] == "  |        ^"
    assert lines[1].index("n") == lines[2].index("^")  # column 8: the call


def test_output_file(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--output-file", "out.txt", "bug.py", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout == ""
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith(f"bug.py:6:8: TL001 [*] {FIRST}")
    run = torchlint("check", "--format", "json", "--output-file", "out.json", "bug.py", cwd=tmp_path)
    assert [finding["code"] for finding in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))] == ["TL001"]


def test_quiet_leaves_out_the_summary(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "-q", "bug.py", cwd=tmp_path)
    assert run.returncode == 1 and run.stderr == "" and run.stdout.startswith("bug.py:6:8")


@pytest.mark.parametrize("choice, coloured", [("always", True), ("never", False), ("auto", False)])
def test_color(tmp_path: Path, choice: str, coloured: bool) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--color", choice, "bug.py", cwd=tmp_path)  # stdout is a pipe: auto means none
    assert ("\033[" in run.stdout) is coloured
    assert "TL001" in run.stdout


def test_repeated_select_adds_up(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    assert torchlint("check", "--select", "TL002", "bug.py", cwd=tmp_path).returncode == 0
    assert torchlint("check", "--select", "TL002", "--select", "TL001", "bug.py", cwd=tmp_path).returncode == 1


def test_exclude_and_extend_exclude_options(tmp_path: Path) -> None:
    write(tmp_path, "gen/bug.py", BUGGY)
    write(tmp_path, "build/bug.py", BUGGY)
    write(tmp_path, "bug.py", BUGGY)

    def files(*options: str) -> list:
        return reported_paths(torchlint("check", *options, ".", cwd=tmp_path))

    assert files() == ["bug.py", "gen/bug.py"]
    assert files("--extend-exclude", "gen") == ["bug.py"]
    assert files("--exclude", "gen,*.pyc") == ["bug.py", "build/bug.py"]


def test_gitignored_files_are_left_out_unless_asked(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "scratch/\nold_*.py\n")
    write(tmp_path, "scratch/bug.py", BUGGY)
    write(tmp_path, "old_bug.py", BUGGY)
    write(tmp_path, "src/bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert reported_paths(run) == ["src/bug.py"]
    run = torchlint("check", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert reported_paths(run) == ["old_bug.py", "scratch/bug.py", "src/bug.py"]


def test_outside_git_nothing_is_ignored_and_nothing_fails(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.py\n")
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout.startswith("bug.py:6:8")


def test_a_missing_path_is_reported_and_the_others_still_checked(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "nowhere.py", "bug.py", "gone/", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout.startswith("bug.py:6:8: TL001")
    assert "no such file or directory: nowhere.py" in run.stderr and "no such file or directory: gone/" in run.stderr


@pytest.mark.parametrize("value, reason", [("abc", "a number of processes"), ("0", "at least 1")])
def test_bad_jobs_value(tmp_path: Path, value: str, reason: str) -> None:
    run = torchlint("check", "-j", value, ".", cwd=tmp_path)
    assert run.returncode == 2
    assert f"invalid value for -j: '{value}' ({reason})" in run.stderr
    assert "_jobs" not in run.stderr


def test_files_are_reported_in_sorted_path_order(tmp_path: Path) -> None:
    for name in ("b.py", "a/z.py", "a.py", "c/a.py"):
        write(tmp_path, name, BUGGY)
    run = torchlint("check", "c", "b.py", ".", cwd=tmp_path)
    reported = reported_paths(run)
    assert reported == sorted(reported) and len(reported) == len(set(reported))


def test_run_without_torch_says_how_to_install(tmp_path: Path) -> None:
    write(tmp_path, "train.py", "print('hi')\n")
    hide_torch = "import sys; sys.modules['torch'] = None; from torchlint.cli import main; sys.exit(main(['run', 'train.py']))"
    run = subprocess.run([sys.executable, "-c", hide_torch], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 2
    assert "pip install 'torchlint[runtime]'" in run.stderr and "Traceback" not in run.stderr


def test_an_output_file_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--output-file", "missing/dir/out.txt", "bug.py", cwd=tmp_path)
    assert run.returncode == 2
    assert "cannot write missing/dir/out.txt: No such file or directory" in run.stderr
