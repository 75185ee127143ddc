"""The pre-commit hook on a staged notebook, through a real `pre-commit try-repo` run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_precommit import ROOT, SEED, git, pre_commit_env, pytestmark  # noqa: F401  (pytestmark: skipped without git)


def seed_notebook(path: Path) -> None:
    """The seed's 1-D target bug as a notebook: the data in cell 1, the model in cell 2, training in cell 3."""
    lines = (SEED / "example3_target_1d.py").read_text(encoding="utf-8").splitlines(True)
    cells = [lines[:12], lines[12:24], lines[24:]]
    path.write_text(
        json.dumps(
            {
                "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell} for cell in cells],
                "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
        encoding="utf-8",
    )


def test_hook_checks_a_staged_notebook(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    seed_notebook(repo / "regression.ipynb")
    git("add", "regression.ipynb", cwd=repo)
    env = pre_commit_env(tmp_path)

    # No --files: the hook runs on what is staged, filtered by its types.
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "torchlint"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600,
    )

    assert run.returncode == 1, run.stdout + run.stderr
    assert "no files to check" not in run.stdout
    assert "regression.ipynb:cell 3:4:12: TL001" in run.stdout, run.stdout
