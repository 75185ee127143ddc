"""The README shows what the commands print: the first command's sample
output, and the options as `--help` describes them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(sentence: str) -> str:
    """The first fenced block after the paragraph that starts with ``sentence``."""
    tail = README[README.index(sentence):]
    match = re.search(r"^```[a-z]*\n(.*?)^```$", tail, re.MULTILINE | re.DOTALL)
    assert match, f"no code block after {sentence!r}"
    return match.group(1)


def test_first_command_prints_the_sample_output() -> None:
    assert "pip install -e . && torchlint check fixtures/seed" in README
    run = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "fixtures/seed"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 1
    # The findings on stdout, then the summary line on stderr, as a terminal shows them.
    assert run.stdout + run.stderr == _block_after("The first command prints")


def test_help_and_readme_agree_on_jobs_and_notebooks() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    flat_help = " ".join(help_text.split())
    assert "default: one per 16 files, up to one per CPU" in flat_help
    assert "default: one per 16 files, up to one per CPU" in README
    commands = subprocess.run(
        [sys.executable, "-m", "torchlint", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "*.ipynb" in commands
    assert "folders searched for *.py and *.ipynb" in README
