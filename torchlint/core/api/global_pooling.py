"""Pooling over a whole dim: ``F.max_pool1d(x, x.shape[2])``.

Text CNNs pool each feature map over all of its positions, whatever the
sentence length, by giving the kernel the input's own size:
``F.max_pool1d(conved, conved.shape[2])`` gives (B, C, 1),
``F.avg_pool2d(embedded, (embedded.shape[1], 1))`` gives (B, 1, E). The size
itself is unknown, but a window as long as the dim (stride = kernel, no
padding) leaves exactly one position there.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Tuple

import libcst as cst

from torchlint.core.api.callsite import CallSite
from torchlint.core.values import Array, Window


def _size_of(node: cst.BaseExpression, tensor: cst.BaseExpression) -> Optional[int]:
    """k when ``node`` reads ``tensor.shape[k]``, ``tensor.size(k)`` or ``tensor.size()[k]``."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        owner, index = node.value, node.slice[0].slice.value
        if isinstance(owner, cst.Call) and not owner.args:
            owner = owner.func
            is_size = isinstance(owner, cst.Attribute) and owner.attr.value == "size"
        else:
            is_size = isinstance(owner, cst.Attribute) and owner.attr.value == "shape"
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "size" and len(node.args) == 1:
        owner, index, is_size = node.func, node.args[0].value, True
    else:
        return None
    if not is_size or not owner.value.deep_equals(tensor):  # type: ignore[union-attr]
        return None
    if isinstance(index, cst.UnaryOperation) and isinstance(index.operator, cst.Minus) and isinstance(index.expression, cst.Integer):
        return -int(index.expression.value)
    return int(index.value) if isinstance(index, cst.Integer) else None


def whole_dim_window(site: CallSite, spatial: int) -> Optional[Tuple[Array, Window]]:
    """For a pooling call whose kernel spans whole dims of its input (and that
    passes nothing else): the input with those dims set to 1 and a window of 1
    there, which the usual arithmetic turns into the right output. None when
    the call is not such a pooling."""
    tensor = site.args[0] if site.args else None
    if not site.complete or site.kwargs or len(site.args) != 2 or tensor is None or tensor.node is None:
        return None
    value, kernel_node = tensor.value, site.args[1].node
    if not isinstance(value, Array) or value.shape is None or len(value.shape) < spatial + 1 or kernel_node is None:
        return None
    rank = len(value.shape)
    parts = [element.value for element in kernel_node.elements] if isinstance(kernel_node, cst.Tuple) else [kernel_node] * spatial
    if len(parts) != spatial:
        return None
    shape, kernel, whole = list(value.shape), [], False
    for axis, part in enumerate(parts):
        dim = rank - spatial + axis
        read = _size_of(part, tensor.node)
        if read is not None and -rank <= read < rank and read % rank == dim:
            shape[dim], whole = 1, True
            kernel.append(1)
        elif isinstance(part, cst.Integer):
            kernel.append(int(part.value))
        else:
            return None
    if not whole:
        return None  # the usual arithmetic applies
    ones, zeros = (1,) * spatial, (0,) * spatial
    window = Window(tuple(kernel), tuple(kernel), zeros, ones, zeros, False)
    return dataclasses.replace(value, shape=tuple(shape)), window
