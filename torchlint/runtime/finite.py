"""Check 3: the first loss that is NaN or infinite.

Every ``loss.backward()`` goes through ``torch.autograd.backward``, which is
wrapped: each call is one training step, and the tensor handed to it is the
loss that step trains on. On the CPU its value is read at once (a plain
memory read, no device to wait for). On a GPU, reading it would stall the
device every step, so each loss is copied, on the device, into a buffer of
``nonfinite_every`` slots; when the buffer is full the device itself finds
the first non-finite one, and that answer comes back without waiting
(readback.py). So a non-finite loss on a GPU is reported ``nonfinite_every``
steps or a little more after it happened (and at the latest when the checks
end), with the exact step it happened at.
"""

from __future__ import annotations

import functools
import gc
import math
import warnings
from typing import Any, Optional

from torchlint.runtime.frames import Location, user_location
from torchlint.runtime.session import Session
from torchlint.runtime.transforms import data_readable


class FiniteWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.done = False
        self.window: Any = None
        self.filled = 0
        self.window_start = 0

    def install(self) -> None:
        import torch
        import torch.autograd

        original = torch.autograd.backward
        is_compiling = torch.compiler.is_compiling
        # -1 outside a backward pass; a backward() called from inside one
        # (checkpoint(use_reentrant=True) recomputing its segment) is part of
        # the same training step, not a step of its own.
        graph_task = torch._C._current_graph_task_id
        isfinite = math.isfinite
        tensor = self.tensor = torch.Tensor

        session = self.session
        readbacks = session.readbacks
        checked = session.checked

        # Runs on every training step, so the common case (a CPU scalar loss)
        # is read inline, with no further calls, and the arguments are named
        # as torch.autograd.backward names them: repacking *args/**kwargs on
        # every step costs more than the check itself.
        @functools.wraps(original)
        def watched(
            tensors: Any,
            grad_tensors: Any = None,
            retain_graph: Any = None,
            create_graph: bool = False,
            grad_variables: Any = None,
            inputs: Any = None,
        ) -> Any:
            if not is_compiling() and graph_task() == -1:
                checked["training_steps"] += 1
                if checked["training_steps"] == session.wake_step:
                    session.wake()
                if readbacks.pending:
                    readbacks.poll()
                if not self.done:
                    if type(tensors) is tensor and tensors.is_cpu and tensors.dim() == 0:
                        if not isfinite(tensors.item()):
                            self._found(checked["training_steps"], tensors.item(), user_location())
                    else:
                        self._observe(tensors)
            return original(tensors, grad_tensors, retain_graph, create_graph, grad_variables, inputs)

        torch.autograd.backward = watched
        self.session.uninstallers.append(functools.partial(self._uninstall, original))

    def _uninstall(self, original: Any) -> None:
        import torch.autograd

        torch.autograd.backward = original
        self.flush()
        self.session.readbacks.drain()

    def _observe(self, tensors: Any) -> None:
        loss = tensors[0] if type(tensors) in (tuple, list) and len(tensors) == 1 else tensors
        if not isinstance(loss, self.tensor) or not loss.is_floating_point() or not data_readable(loss):
            return
        if loss.is_cpu:
            number = loss.detach().sum().item()
            if not math.isfinite(number):
                self._found(self.session.checked["training_steps"], number, user_location())
            return
        value = loss.detach()
        self.buffer(value if value.numel() == 1 else value.sum())

    def buffer(self, value: Any) -> None:
        """Keep a device-side copy of this step's loss; read the copies back when the buffer is full."""
        import torch

        if self.window is None or self.window.device != value.device:
            self.flush()
            self.window = torch.empty(self.session.nonfinite_every, dtype=torch.float32, device=value.device)
        self.window[self.filled].copy_(value, non_blocking=True)
        self.filled += 1
        if self.filled == len(self.window):
            self.flush()

    def flush(self) -> None:
        """Find, on the device, the first non-finite loss among the buffered
        ones, and send its position and value back without waiting."""
        start, self.window_start, filled, self.filled = self.window_start, self.window_start + self.filled, self.filled, 0
        if filled == 0 or self.done:
            return
        import torch

        recent = self.window[:filled]
        bad = ~torch.isfinite(recent)
        first = bad.to(torch.int32).argmax()
        # -1 when every loss was finite; computed on the device, as everything here.
        index = first - bad.any().logical_not().to(torch.int32) * (first + 1)
        packed = torch.cat([index.view(1).to(recent.dtype), recent.index_select(0, first.view(1))])

        def check(read: list) -> None:
            position, value = int(read[0]), read[1]
            if position >= 0 and not self.done:
                self._found(start + position + 1, value, None)

        self.session.readbacks.submit(packed, check)

    def _found(self, step: int, value: float, location: Optional[Location]) -> None:
        self.done = True
        causes = [cause for cause in (self.session.feature_scales, learning_rates()) if cause]
        # The location (the loss.backward() line) is shown beside the message, in the warning and the summary.
        message = f"the loss became {value} at training step {step} (counted in backward() calls), the first non-finite loss"
        if causes:
            message += "; likely causes: " + "; ".join(causes)
        self.session.record("non-finite-loss", message, location, step)
        self.session.warn(message, location)


def learning_rates() -> Optional[str]:
    """The learning rates of the optimizers alive now, found when needed
    rather than hooked into every step."""
    import torch

    found = []
    with warnings.catch_warnings():
        # isinstance() on some lazily deprecated module attributes warns.
        warnings.simplefilter("ignore")
        optimizers = [candidate for candidate in gc.get_objects() if _is_optimizer(candidate, torch.optim.Optimizer)]
    for optimizer in optimizers:
        rates = sorted({group["lr"] for group in optimizer.param_groups if isinstance(group.get("lr"), (int, float))})
        if rates:
            found.append(f"{type(optimizer).__name__} lr={', '.join(f'{rate:g}' for rate in rates)}")
    return "learning rate " + "; ".join(found) if found else None


def _is_optimizer(candidate: Any, optimizer_class: type) -> bool:
    try:
        return isinstance(candidate, optimizer_class)
    except ReferenceError:  # a weakref.proxy whose object is gone
        return False
