"""Check 7: a float64 tensor meeting a float32 weight.

NumPy arrays are float64 by default, and a float64 tensor fed to a float32
layer makes PyTorch raise ("mat1 and mat2 must have the same dtype", "Input
type (double) and bias type (float) should be the same", ...). A model whose
own ``forward`` converts its input first (``obs.float()``) runs fine, so the
dtype is checked where the input meets the weight: a global forward
pre-hook on the layers that raise there (linear, bilinear, convolutions,
recurrent layers, batch and layer norms), which raises first with the user's
line and the fix. Under autocast those layers cast their inputs themselves,
so nothing is checked there.

The hook runs on every layer call until the first ``backward()`` (the first
training step has met every layer by then) or, in a script that never
trains, for the first ``LAYER_CALLS`` layer calls; then it removes itself.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

from torchlint.runtime.frames import user_location
from torchlint.runtime.session import DtypeMismatchError, Session

LAYER_CALLS = 10_000


class DtypeWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.handle: Optional[Any] = None
        self.calls = 0

    def install(self) -> None:
        import torch
        from torch import nn
        from torch.nn.modules.batchnorm import _BatchNorm
        from torch.nn.modules.conv import _ConvNd
        from torch.nn.modules.module import register_module_forward_pre_hook

        self._float64, self._float32 = torch.float64, torch.float32
        self._tensor = torch.Tensor
        self._is_compiling = torch.compiler.is_compiling
        self._autocasting = torch.is_autocast_enabled
        self._layers = (nn.Linear, nn.Bilinear, _ConvNd, nn.RNNBase, _BatchNorm, nn.LayerNorm)
        self.handle = register_module_forward_pre_hook(self._before)
        self.session.uninstallers.append(self.remove)

    def remove(self) -> None:
        if self.handle is not None:
            self.handle.remove()
            self.handle = None

    def _before(self, module: Any, args: Tuple[Any, ...]) -> None:
        __tracebackhide__ = True  # pytest ends the traceback at the user's frame
        if not isinstance(module, self._layers) or self._is_compiling():
            return
        self.calls += 1
        if self.session.checked["training_steps"] > 0 or self.calls > LAYER_CALLS:
            self.remove()
            return
        features = args[0] if args else None
        if type(features) is not self._tensor or features.dtype != self._float64:
            return
        weight = next(module.parameters(recurse=False), None)
        if weight is None or weight.dtype != self._float32 or self._autocasting(features.device.type):
            return
        message = (
            f"{type(module).__name__} got a float64 input but its weights are float32, which PyTorch rejects. "
            "NumPy arrays are float64 by default: convert with `.float()` or make the tensor with dtype=torch.float32"
        )
        self.session.fail("dtype", message, user_location(), DtypeMismatchError)
