"""Gradients not cleared between optimizer steps (the run-time side of TL003).

Optimizer step hooks look at one gradient tensor per optimizer. Between two
steps, backward() either writes into a fresh tensor (after zero_grad with
set_to_none) or adds into the old one in place, which bumps its version
counter once per backward; zero_grad() without set_to_none (or p.grad.zero_())
bumps it once more. So if the tensor is the same object and its version grew
by exactly the number of backward() calls since the last step, nothing
cleared it. Only metadata is read: no device work, no sync.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, Optional, Tuple

from torchlint.runtime.frames import user_location
from torchlint.runtime.session import Session


class GradientWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.reported = False
        # Per optimizer: (the gradient looked at, its version, backward() calls so far).
        self.after_step: "weakref.WeakKeyDictionary[Any, Tuple[Any, int, int]]" = weakref.WeakKeyDictionary()

    def install(self) -> None:
        import torch
        from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

        self._is_compiling = torch.compiler.is_compiling
        handles = [register_optimizer_step_pre_hook(self._before), register_optimizer_step_post_hook(self._after)]

        def remove() -> None:
            for handle in handles:
                handle.remove()

        self.session.uninstallers.append(remove)

    def _before(self, optimizer: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        if self.reported or self._is_compiling():
            return
        previous = self.after_step.get(optimizer)
        grad = _first_grad(optimizer)
        if previous is None or grad is None:
            return
        reference, version, backwards = previous
        since = self.session.checked["training_steps"] - backwards
        if reference() is grad and since >= 1 and grad._version - version == since:
            self.reported = True
            message = (
                f"gradients were not cleared since the previous {type(optimizer).__name__}.step(): this step applies "
                f"the sum of the gradients of {since} backward() call(s) and of every step before. "
                "Call optimizer.zero_grad() (or model.zero_grad()) once per iteration"
            )
            location = user_location()
            self.session.record("gradients-not-cleared", message, location, self.session.checked["training_steps"])
            self.session.warn(message, location)

    def _after(self, optimizer: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        if self.reported or self._is_compiling():
            return
        grad = _first_grad(optimizer)
        if grad is not None:
            self.after_step[optimizer] = (weakref.ref(grad), grad._version, self.session.checked["training_steps"])


def _first_grad(optimizer: Any) -> Optional[Any]:
    for group in optimizer.param_groups:
        for parameter in group["params"]:
            if parameter.grad is not None:
                return parameter.grad
    return None
