"""Shared by the tests of configuration, command-line options, noqa and the
cache: a training script with one TL001, and torchlint run as a process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

# One TL001, on line 6, column 8: a (32,) target against a (32, 1) prediction.
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


def torchlint(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchlint", *args], capture_output=True, text=True, cwd=cwd, input=stdin, check=False
    )


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def reported_paths(run: subprocess.CompletedProcess) -> list:
    return [line.split(":")[0] for line in run.stdout.splitlines()]
