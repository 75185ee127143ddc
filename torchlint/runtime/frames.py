"""Finding the user's own line: the first frame outside torch and torchlint."""

from __future__ import annotations

import linecache
import os
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Optional, Tuple

import torchlint

_TORCHLINT_DIR = os.path.dirname(os.path.abspath(torchlint.__file__)) + os.sep
_internal_dirs: Optional[Tuple[str, ...]] = None


def _internal() -> Tuple[str, ...]:
    global _internal_dirs
    if _internal_dirs is None:
        import torch

        _internal_dirs = (os.path.dirname(os.path.abspath(torch.__file__)) + os.sep, _TORCHLINT_DIR)
    return _internal_dirs


@dataclass(frozen=True)
class Location:
    filename: str
    lineno: int

    @property
    def source(self) -> str:
        return linecache.getline(self.filename, self.lineno).strip()

    def __str__(self) -> str:
        return f"{self.filename}:{self.lineno}"


def user_location(skip: int = 1) -> Optional[Location]:
    """Where the user's code called into torch (the first frame, going out,
    whose file is not part of torch or torchlint)."""
    internal = _internal()
    frame: Optional[FrameType] = sys._getframe(skip)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(internal):
            return Location(frame.f_code.co_filename, frame.f_lineno)
        frame = frame.f_back
    return None
