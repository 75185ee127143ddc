"""Reading values back from the device without waiting for it.

A CUDA tensor handed to ``submit`` is copied into pinned host memory on the
stream that made it, behind an event; ``poll`` (called once per training
step, cheap) hands the values to their callback once the event has passed.
Nothing here ever blocks on the device while training runs; ``drain`` waits
at the end of the run. CPU tensors are read at once (there is no device to
wait for), and so are tensors of other devices, which have no such events.
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

Callback = Callable[[List[float]], None]


class Readbacks:
    def __init__(self) -> None:
        self.pending: List[Tuple[Any, Any, Callback]] = []

    def submit(self, values: Any, callback: Callback) -> None:
        """``values``: a 1-D float tensor; ``callback`` gets it as a list of floats."""
        import torch

        if values.device.type != "cuda":
            callback(values.tolist())
            return
        host = torch.empty(values.shape, dtype=values.dtype, device="cpu", pin_memory=True)
        host.copy_(values, non_blocking=True)
        event = torch.cuda.Event()
        event.record()
        self.pending.append((host, event, callback))

    def poll(self) -> None:
        while self.pending and self.pending[0][1].query():
            host, _, callback = self.pending.pop(0)
            callback(host.tolist())

    def drain(self) -> None:
        while self.pending:
            host, event, callback = self.pending.pop(0)
            event.synchronize()
            callback(host.tolist())
