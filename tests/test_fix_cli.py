"""`torchlint check --fix`, `--diff` and `--unsafe-fixes` from the command
line, on scripts and notebooks, and through the pre-commit hook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_precommit import pre_commit_env
from torchlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "example3_target_1d.py"
BROKEN = "    loss = loss_function(outputs, y) # Error here"
FIXED = "    loss = loss_function(outputs, y.unsqueeze(-1)) # Error here"


def copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


def test_diff_prints_the_fix_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = copy(SEED, tmp_path)
    assert main(["check", "--diff", str(script)]) == 1
    out, err = capsys.readouterr()
    assert f"-{BROKEN}" in out and f"+{FIXED}" in out and out.startswith(f"--- {script}\n+++ {script}\n")
    assert "1 fix would be applied." in err
    assert script.read_text() == SEED.read_text()


def test_fix_writes_the_fix_and_says_what_remains(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = copy(SEED, tmp_path)
    assert main(["check", str(script)]) == 1
    out, err = capsys.readouterr()
    assert ": TL001 [*] MSELoss: prediction" in out and "[*] 1 fixable with --fix." in err
    assert main(["check", "--fix", str(script)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "1 fixed, 0 remaining." in err
    assert script.read_text() == SEED.read_text().replace(BROKEN, FIXED)
    assert main(["check", "--diff", str(script)]) == 0


def test_json_carries_the_edit(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = copy(SEED, tmp_path)
    main(["check", "--format", "json", str(script)])
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["fix"] == {
        "description": "call `.unsqueeze(-1)` on the target at the loss call",
        "safe": True,
        "edits": [{"range": {"start": {"line": 28, "column": 35}, "end": {"line": 28, "column": 36}}, "replacement": "y.unsqueeze(-1)"}],
    }


def test_unsafe_fixes_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    script = copy(FIXTURES / "tl008" / "bad_validation_inside_epoch.py", tmp_path)
    assert main(["check", "--fix", str(script)]) == 1
    out, err = capsys.readouterr()
    assert "TL008 [*]" not in out and "0 fixed, 1 remaining." in err
    assert main(["check", str(script)]) == 1
    assert "(1 more with --unsafe-fixes)" in capsys.readouterr().err
    assert main(["check", "--fix", "--unsafe-fixes", str(script)]) == 0
    assert "1 fixed, 0 remaining." in capsys.readouterr().err
    assert "    with torch.no_grad():\n        for xb, yb in val_loader:\n" in script.read_text()


def notebook_of(script: str) -> str:
    """The script as a notebook, cut in three code cells after a markdown one,
    written as nbformat writes (indent 1, non-ASCII kept, a final newline)."""
    lines = script.splitlines(keepends=True)
    parts = [lines[:12], lines[12:24], lines[24:]]
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Régression\n"]}]
    for part in parts:
        part[-1] = part[-1].rstrip("\n")
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": part})
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def test_notebook_fix_goes_back_into_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notebook = tmp_path / "train.ipynb"
    original = notebook_of(SEED.read_text())
    notebook.write_text(original, encoding="utf-8")
    assert main(["check", "--diff", str(notebook)]) == 1
    out = capsys.readouterr().out
    assert f"--- {notebook}:cell 4\n" in out and f"+{FIXED}" in out
    assert notebook.read_text(encoding="utf-8") == original
    assert main(["check", "--fix", str(notebook)]) == 0
    assert notebook.read_text(encoding="utf-8") == notebook_of(SEED.read_text().replace(BROKEN, FIXED))


def test_notebook_in_an_unknown_json_layout_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notebook = tmp_path / "train.ipynb"
    original = notebook_of(SEED.read_text()).replace('\n "nbformat"', '\n  "nbformat"')
    notebook.write_text(original, encoding="utf-8")
    assert main(["check", "--fix", str(notebook)]) == 1
    assert "0 fixed, 1 remaining." in capsys.readouterr().err
    assert notebook.read_text(encoding="utf-8") == original


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_with_fix_argument_fixes_the_file(tmp_path: Path) -> None:
    env = pre_commit_env(tmp_path)
    # The hook repository as this working tree is now, committed, for a `rev:` to name.
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "torchlint", hooks / "torchlint", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md"):
        shutil.copy(ROOT / name, hooks / name)
    git("init", "-q", cwd=hooks)
    git("add", ".", cwd=hooks)
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=hooks, env=env, check=True, capture_output=True)
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    shutil.copy(SEED, project / "train.py")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {git('rev-parse', 'HEAD', cwd=hooks)}\n  hooks:\n  - id: torchlint\n    args: [--fix]\n"
    )
    git("add", ".", cwd=project)
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    # pre-commit fails a hook that changed files, so that the fix is looked at before committing.
    assert run.returncode == 1, run.stdout + run.stderr
    assert "files were modified by this hook" in run.stdout
    assert (project / "train.py").read_text() == SEED.read_text().replace(BROKEN, FIXED)
    again = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0 and "Passed" in again.stdout, again.stdout + again.stderr


def test_flake8_says_the_cli_can_fix_safe_findings(tmp_path: Path) -> None:
    def flake8(path: Path) -> str:
        command = [sys.executable, "-m", "flake8", "--isolated", "--select", "TL", str(path)]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout

    assert flake8(copy(SEED, tmp_path)).rstrip().endswith("[*] `torchlint check --fix` fixes this")
    unsafe_only = flake8(copy(FIXTURES / "tl008" / "bad_validation_inside_epoch.py", tmp_path))
    assert "TL008" in unsafe_only and "--fix" not in unsafe_only
