"""torchlint lints its own code: the package, its tests and its benchmarks
stay clean, or say in a noqa comment why a finding is deliberate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_lints_clean() -> None:
    result = subprocess.run(
        # benchmarks/bug_reports/ holds scripts with planted bugs, on purpose.
        [sys.executable, "-m", "torchlint", "check", "torchlint", "tests", "benchmarks"]
        + ["--extend-exclude", "benchmarks/bug_reports"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Found 0 findings" in result.stdout + result.stderr
