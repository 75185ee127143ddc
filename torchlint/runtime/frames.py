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
    # The call was made inside a function torch.compile captured, called at this line.
    compiled: bool = False

    @property
    def source(self) -> str:
        return linecache.getline(self.filename, self.lineno).strip()

    def __str__(self) -> str:
        inside = " (inside the torch.compile'd function called there)" if self.compiled else ""
        return f"{self.filename}:{self.lineno}{inside}"


def user_location(skip: int = 1) -> Optional[Location]:
    """Where the user's code called into torch (the first frame, going out,
    whose file is not part of torch or torchlint). A call made by a graph
    that torch.compile captured runs in code torch.fx generated
    ("<eval_with_key>.N"), and the user's compiled function around it is at
    no line of its own: that case is named by the user's line that called
    the compiled function."""
    internal = _internal()
    frame: Optional[FrameType] = sys._getframe(skip)
    generated = in_compiled_function = left_it = False
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith("<eval_with_key>"):
            generated = True
        elif os.path.abspath(filename).startswith(internal):
            left_it = in_compiled_function
        elif not generated or left_it:
            return Location(filename, frame.f_lineno, compiled=generated)
        else:
            in_compiled_function = True
        frame = frame.f_back
    return None
