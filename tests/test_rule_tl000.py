"""`torchlint rule TL000`: the code the README lists is explained like the rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def torchlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "torchlint", *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_rule_tl000_prints_its_documentation() -> None:
    run = torchlint("rule", "tl000")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# TL000 unreadable-file\n")
    for part in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert part in run.stdout


def test_the_listing_names_tl000_first() -> None:
    run = torchlint("rule")
    assert run.returncode == 0
    assert run.stdout.splitlines()[0].startswith("TL000  unreadable-file")
