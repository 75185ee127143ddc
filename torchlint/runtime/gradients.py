"""Gradients not cleared between optimizer steps (the run-time side of TL003).

An optimizer step pre-hook looks at the gradient tensors of each optimizer.
Between two steps, backward() either writes into a fresh tensor (after
zero_grad with set_to_none) or adds into the old one in place, which bumps its
version counter once per backward that reaches it; zero_grad() without
set_to_none (or p.grad.zero_()) bumps it once more, and so does clipping it.
So nothing cleared the gradients when every gradient is the same object as at
the last step, none grew by more than the number of backward() calls since,
and one grew by exactly that many. (One gradient alone cannot tell: a
parameter unused on a step, zeroed and not reached, also grows by one.) Only
metadata is read: no device work, no sync. An optimizer that changes gradients
in place while stepping bumps the version too, which can only hide a report,
never make one.

The comparison holds across any number of steps, so it is sampled: the hook
looks at LOOKS optimizer steps, removes itself, and is put back SAMPLE_PERIOD
training steps later. A loop that never clears its gradients is caught at its
second step, and the steps between pay nothing.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, List, Tuple

from torchlint.runtime.frames import user_location
from torchlint.runtime.session import Session

SAMPLE_PERIOD = 64
# Two looks per optimizer, for loops that step two (a GAN's).
LOOKS = 4


class GradientWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.reported = False
        self.looks = 0
        self.handle: Any = None
        # Per optimizer, as its last step began: its gradients (weakly) with
        # their versions, and the backward() calls so far.
        self.seen: "weakref.WeakKeyDictionary[Any, Tuple[List[Tuple[Any, int]], int]]" = weakref.WeakKeyDictionary()

    def install(self) -> None:
        import torch

        self._is_compiling = torch.compiler.is_compiling
        self._arm()
        self.session.uninstallers.append(self._disarm)

    def _arm(self) -> None:
        from torch.optim.optimizer import register_optimizer_step_pre_hook

        self.looks = 0
        self.handle = register_optimizer_step_pre_hook(self._before)

    def _disarm(self) -> None:
        if self.handle is not None:
            self.handle.remove()
            self.handle = None

    def _before(self, optimizer: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        if self.reported or self._is_compiling():
            return
        self.looks += 1
        if self.looks == LOOKS:
            self._disarm()
            self.session.wake_at(self.session.checked["training_steps"] + SAMPLE_PERIOD, self._arm)
        grads = _grads(optimizer)
        if not grads:
            return
        backwards = self.session.checked["training_steps"]
        previous = self.seen.get(optimizer)
        self.seen[optimizer] = ([(weakref.ref(grad), grad._version) for grad in grads], backwards)
        if previous is None:
            return
        then, backwards_then = previous
        since = backwards - backwards_then
        if since >= 1 and _accumulated(then, grads, since):
            self.reported = True
            message = (
                f"gradients were not cleared since the previous {type(optimizer).__name__}.step(): this step applies "
                f"the sum of the gradients of {since} backward() call(s) and of every step before. "
                "Call optimizer.zero_grad() (or model.zero_grad()) once per iteration"
            )
            location = user_location()
            self.session.record("gradients-not-cleared", message, location, backwards)
            self.session.warn(message, location)


def _accumulated(then: List[Tuple[Any, int]], grads: List[Any], since: int) -> bool:
    """Every gradient is the tensor it was, none was written more often than
    backward() ran (so none was zeroed), and one was written at each backward."""
    if len(then) != len(grads):
        return False
    grown = []
    for (reference, version), grad in zip(then, grads):
        if reference() is not grad:
            return False
        grown.append(grad._version - version)
    return max(grown) == since


def _grads(optimizer: Any) -> List[Any]:
    return [parameter.grad for group in optimizer.param_groups for parameter in group["params"] if parameter.grad is not None]
