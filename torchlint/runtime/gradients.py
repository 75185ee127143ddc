"""Gradients not cleared between optimizer steps (the run-time side of TL003).

An optimizer step pre-hook looks at one gradient tensor per optimizer. Between
two steps, backward() either writes into a fresh tensor (after zero_grad with
set_to_none) or adds into the old one in place, which bumps its version
counter once per backward; zero_grad() without set_to_none (or p.grad.zero_())
bumps it once more, and so does clipping it. So if the tensor is the same
object and its version grew by exactly the number of backward() calls since
the last step, nothing cleared it. Only metadata is read: no device work, no
sync. An optimizer that changes gradients in place while stepping bumps the
version too, which can only hide a report, never make one.

The comparison holds across any number of steps, so it is sampled: the hook
looks at LOOKS optimizer steps, removes itself, and is put back SAMPLE_PERIOD
training steps later. A loop that never clears its gradients is caught at its
second step, and the steps between pay nothing.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, Optional, Tuple

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
        # Per optimizer, as its last step began: (the gradient looked at, its
        # version, backward() calls so far).
        self.seen: "weakref.WeakKeyDictionary[Any, Tuple[Any, int, int]]" = weakref.WeakKeyDictionary()

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
        grad = _first_grad(optimizer)
        if grad is None:
            return
        backwards = self.session.checked["training_steps"]
        previous = self.seen.get(optimizer)
        self.seen[optimizer] = (weakref.ref(grad), grad._version, backwards)
        if previous is None:
            return
        reference, version, backwards_then = previous
        since = backwards - backwards_then
        if reference() is grad and since >= 1 and grad._version - version == since:
            self.reported = True
            message = (
                f"gradients were not cleared since the previous {type(optimizer).__name__}.step(): this step applies "
                f"the sum of the gradients of {since} backward() call(s) and of every step before. "
                "Call optimizer.zero_grad() (or model.zero_grad()) once per iteration"
            )
            location = user_location()
            self.session.record("gradients-not-cleared", message, location, backwards)
            self.session.warn(message, location)


def _first_grad(optimizer: Any) -> Optional[Any]:
    for group in optimizer.param_groups:
        for parameter in group["params"]:
            if parameter.grad is not None:
                return parameter.grad
    return None
