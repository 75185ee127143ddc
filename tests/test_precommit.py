"""The pre-commit hook, through a real `pre-commit try-repo` run on a fresh git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def pre_commit_env(tmp_path: Path) -> dict:
    """pre-commit with a cache of its own, and a git identity to commit with."""
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def test_hook_reports_the_seed_bug_and_passes_clean_files(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    shutil.copy(SEED / "example3_target_1d.py", repo / "train_bad.py")
    shutil.copy(SEED / "example2_normalized.py", repo / "train_ok.py")
    git("add", ".", cwd=repo)
    env = pre_commit_env(tmp_path)

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "torchlint", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    failing = try_repo("train_bad.py", "train_ok.py")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "train_bad.py:28:12: TL001" in failing.stdout
    assert "train_ok.py" not in failing.stdout.split("Failed")[-1]

    passing = try_repo("train_ok.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
