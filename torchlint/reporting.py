"""What the CLI says around the findings: whether to colour them, and the
summary line."""

from __future__ import annotations

import os
from typing import TextIO


def use_colour(choice: str, stream: TextIO) -> bool:
    """``auto``: on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice == "auto":
        return stream.isatty() and not os.environ.get("NO_COLOR")
    return choice == "always"


def summary(findings: int, files: int) -> str:
    noun = "finding" if findings == 1 else "findings"
    return f"Found {findings} {noun} in {files} file{'s' if files != 1 else ''}."
