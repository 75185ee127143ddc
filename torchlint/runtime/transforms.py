"""Whether a check may read a tensor's values, or only its shape.

Inside ``torch.func`` transforms (``vmap``, ``grad``, ``jacrev``: the
per-sample-gradient and model-ensembling recipes) the tensors a hook sees are
wrappers with no storage: reading them fails with "Cannot access data pointer
of Tensor that doesn't have storage" (or a vmap error on ``.item()``), and
what a wrapper would give back is not the batch the user trains on anyway.
Fake and meta tensors (``torch.compile`` tracing, shape propagation) have no
values at all, and tensor subclasses (DTensor, quantized wrappers) may run a
collective or another dispatch when read. Every check that reads values asks
``data_readable`` first; shape checks need no such guard.
"""

from __future__ import annotations

from typing import Any


def data_readable(tensor: Any) -> bool:
    """True when ``tensor`` is a plain tensor (or Parameter) with real values
    that may be read now: not under a torch.func transform, not being traced
    by torch.compile, not fake or meta."""
    import torch
    from torch._C import _functorch

    if type(tensor) is not torch.Tensor and type(tensor) is not torch.nn.Parameter:
        return False
    if tensor.is_meta or torch.compiler.is_compiling():
        return False
    # A transform is active (vmap, grad, ...), or the tensor is one of its wrappers
    # that escaped the transform.
    return _functorch.maybe_current_level() is None and not _functorch.is_functorch_wrapped_tensor(tensor)
