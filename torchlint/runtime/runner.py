"""``torchlint run script.py [args...]``: the script, unmodified, with the checks on.

It behaves like ``python script.py`` (or ``python -m package.module`` with
``-m``): the script is ``__main__`` with an absolute ``__file__``, sees its
own arguments in ``sys.argv``, has its folder (with ``-m``, the current
folder) as ``sys.path[0]``, and decides the exit code. torch is imported when
the script imports it, not before: the checks are installed the moment that
import finishes, so a script that never imports torch runs at plain Python's
speed. Under ``torchrun`` each rank runs it the same way (``torchrun
--nproc_per_node 2 -m torchlint run train.py``); an error on one rank ends
that process with status 1, and torchrun then stops the others.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import runpy
import sys
import traceback
from typing import Any, Callable, List, Optional

import torchlint.runtime as runtime

_TORCHLINT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def torch_missing() -> Optional[str]:
    """Why torch cannot be imported, or None; without importing it."""
    try:
        found = importlib.util.find_spec("torch")
    except (ImportError, ValueError) as error:  # ValueError: sys.modules["torch"] is None
        return str(error) or "torch cannot be imported"
    return None if found is not None else "No module named 'torch'"


def run(script: str, arguments: List[str], mode: str, report_path: Optional[str], as_module: bool = False) -> int:
    if not as_module and not os.path.isfile(script):
        print(f"torchlint: error: no such script: {script}", file=sys.stderr)
        return 2
    sys.argv = [script, *arguments]
    # What python puts first on sys.path; not the folder of the torchlint
    # entry point (a virtual environment's bin) that started this process.
    sys.path[0] = os.getcwd() if as_module else os.path.dirname(os.path.realpath(script))
    hook = _install_when_imported("torch", lambda: runtime.enable(mode=mode))
    status = 0
    try:
        if as_module:
            runpy.run_module(script, run_name="__main__", alter_sys=True)
        else:
            runpy.run_path(os.path.abspath(script), run_name="__main__")
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except KeyboardInterrupt:
        status = 130
    except BaseException as error:  # the script's own error, reported as Python would
        _print_user_traceback(error)
        status = 1
    finally:
        if hook in sys.meta_path:
            sys.meta_path.remove(hook)
        session = runtime.disable()
        if session is not None:
            session.write_report(_per_rank(report_path))
        else:
            print("torchlint runtime: the script never imported torch; nothing was checked", file=sys.stderr)
    return status


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds ``name`` as the other finders do, and calls ``then`` once its
    module has finished executing; then steps out of the import system."""

    def __init__(self, name: str, then: Callable[[], Any]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        execute, then = spec.loader.exec_module, self.then

        def exec_module(module: Any) -> None:
            execute(module)
            then()

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _install_when_imported(name: str, then: Callable[[], Any]) -> Optional[_AfterImport]:
    if name in sys.modules:
        then()
        return None
    hook = _AfterImport(name, then)
    sys.meta_path.insert(0, hook)
    return hook


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _print_user_traceback(error: BaseException) -> None:
    """The traceback from the script's first frame on, without runpy's and
    ours; a check's own error ends at the user's line, without torchlint's frames."""
    tb = error.__traceback__
    here = os.path.abspath(__file__)
    while tb is not None and (tb.tb_frame.f_code.co_filename in (here, runpy.__file__) or "runpy" in tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    if isinstance(error, (runtime.ShapeMismatchError, runtime.DtypeMismatchError)):
        frames = []
        while tb is not None:
            frames.append(tb)
            tb = tb.tb_next
        while frames and os.path.abspath(frames[-1].tb_frame.f_code.co_filename).startswith(_TORCHLINT_DIR):
            frames.pop()
        if frames:
            frames[-1].tb_next = None
        tb = frames[0] if frames else None
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
