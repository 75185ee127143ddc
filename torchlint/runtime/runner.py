"""``torchlint run script.py [args...]``: the script, unmodified, with the checks on.

It behaves like ``python script.py``: the script is ``__main__``, sees its own
arguments in ``sys.argv``, has its folder first on ``sys.path``, and decides
the exit code. Under ``torchrun`` each rank runs it the same way
(``torchrun --nproc_per_node 2 -m torchlint run train.py``); an error on one
rank ends that process with status 1, and torchrun then stops the others.
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback
from typing import List, Optional

import torchlint.runtime as runtime


def run(script: str, arguments: List[str], mode: str, report_path: Optional[str]) -> int:
    if not os.path.isfile(script):
        print(f"torchlint: error: no such script: {script}", file=sys.stderr)
        return 2
    sys.argv = [script, *arguments]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    session = runtime.enable(mode=mode)
    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except KeyboardInterrupt:
        status = 130
    except BaseException as error:  # the script's own error, reported as Python would
        _print_user_traceback(error)
        status = 1
    finally:
        runtime.disable()
        session.write_report(_per_rank(report_path))
    return status


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _print_user_traceback(error: BaseException) -> None:
    """The traceback from the script's first frame on, without runpy's and ours."""
    tb = error.__traceback__
    here = os.path.abspath(__file__)
    while tb is not None and (tb.tb_frame.f_code.co_filename in (here, runpy.__file__) or "runpy" in tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)


def _per_rank(path: Optional[str]) -> Optional[str]:
    """One report per rank when several processes share the path."""
    if path is None:
        return None
    rank, world = os.environ.get("RANK"), os.environ.get("WORLD_SIZE", "1")
    if rank is not None and world != "1":
        root, extension = os.path.splitext(path)
        return f"{root}.rank{rank}{extension}"
    return path
