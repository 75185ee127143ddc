"""Training processes started with ``torch.multiprocessing.spawn``, and the
other processes a script starts.

A spawned child is a fresh interpreter: the checks installed in the parent
are not in it, and the function it runs is all it gets from the parent
(pickled). So the function is wrapped in ``CheckedChild``, a picklable
callable that switches the checks on in the child, in the parent's mode,
runs the function, and prints the child's own report (a finding raised in
raise mode ends that child, and ``spawn`` re-raises it in the parent).

A process started another way (``multiprocessing.Process``, a Hogwild
trainer) is counted, so the report can say that what it found is not in the
parent's report: a forked child keeps the checks (in raise mode it stops at a
mismatch), a spawned one has none. DataLoader workers only load data and are
not counted.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable

from torchlint.runtime.session import Session


class CheckedChild:
    def __init__(self, function: Callable[..., Any], mode: str) -> None:
        self.function, self.mode = function, mode

    def __call__(self, index: int, *args: Any) -> Any:
        import torchlint.runtime

        torchlint.runtime.enable(self.mode)
        try:
            return self.function(index, *args)
        finally:
            session = torchlint.runtime.disable()
            if session is not None:
                print(session.summary().replace("torchlint runtime:", f"torchlint runtime (spawned process {index}):"), file=sys.stderr)


def install(session: Session) -> None:
    """Wrap the function of every ``torch.multiprocessing.spawn`` /
    ``start_processes`` started while the checks are on."""
    import torch.multiprocessing as multiprocessing

    # The module, not the function the package exports under the same name.
    spawning = sys.modules["torch.multiprocessing.spawn"]

    original = spawning.start_processes

    @functools.wraps(original)
    def start_processes(fn: Callable[..., Any], args: Any = (), nprocs: int = 1, *more: Any, **options: Any) -> Any:
        session.checked["spawned_processes"] += nprocs
        return original(CheckedChild(fn, session.mode), args, nprocs, *more, **options)

    def uninstall() -> None:
        spawning.start_processes = multiprocessing.start_processes = original

    # spawn() calls the module's start_processes; the package re-exports it.
    spawning.start_processes = multiprocessing.start_processes = start_processes
    session.uninstallers.append(uninstall)
    _count_other_processes(session)


def _count_other_processes(session: Session) -> None:
    from multiprocessing.process import BaseProcess

    original = BaseProcess.start

    @functools.wraps(original)
    def start(process: BaseProcess) -> None:
        target = getattr(process, "_target", None)
        # DataLoader workers load data; torch.multiprocessing.spawn's own children are checked.
        if not getattr(target, "__module__", "").startswith(("torch.utils.data", "torch.multiprocessing")):
            session.checked["other_processes"] += 1
        original(process)

    def uninstall() -> None:
        BaseProcess.start = original  # type: ignore[method-assign]

    BaseProcess.start = start  # type: ignore[method-assign]
    session.uninstallers.append(uninstall)
