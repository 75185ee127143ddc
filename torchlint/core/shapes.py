"""Static tensor shapes and the broadcasting rules that combine them.

A shape is a tuple of dims. A dim is an ``int`` (its size is known), a ``str``
(a named size such as ``"N"`` for rows or ``"B"`` for a batch, known only to be
the same wherever the name comes from the same place) or ``None`` (unknown).
A value whose rank is unknown has no shape at all: ``None`` in place of the tuple.

Named sizes are never taken to be 1 or to equal a number, so a comparison that
depends on one answers "unknown" rather than guessing.
"""

from __future__ import annotations

from typing import List, Optional, Tuple, Union

Dim = Union[int, str, None]
Shape = Tuple[Dim, ...]

# The rows of data whose length the analysis cannot see (a CSV file, a pandas frame).
ROWS = "N"
# The leading dim of a mini-batch (a DataLoader batch, a slice X[i:i + bs]).
BATCH = "B"


class Incompatible(Exception):
    """Two shapes that can never broadcast together."""


def format_dim(dim: Dim) -> str:
    return "?" if dim is None else str(dim)


def format_shape(shape: Optional[Shape]) -> str:
    if shape is None:
        return "(unknown)"
    if len(shape) == 1:
        return f"({format_dim(shape[0])},)"
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def join_dims(a: Dim, b: Dim) -> Dim:
    return a if a == b else None


def join_shapes(a: Optional[Shape], b: Optional[Shape]) -> Optional[Shape]:
    """What is known of a value that has shape ``a`` on one path and ``b`` on another."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(join_dims(x, y) for x, y in zip(a, b))


def _broadcast_dim(a: Dim, b: Dim) -> Dim:
    if a == b:
        return a
    if a == 1:
        return b
    if b == 1:
        return a
    if isinstance(a, int) and isinstance(b, int):
        raise Incompatible(f"{a} and {b}")
    # A named size against a known one above 1: the same rows, counted here.
    if isinstance(a, int) and isinstance(b, str):
        return a
    if isinstance(b, int) and isinstance(a, str):
        return b
    # An unknown size against a known one above 1, or a named one (rows N,
    # batch B: counts of samples, taken above 1 as everywhere): the result has
    # the known size whenever broadcasting succeeds at all (the unknown is 1 or the same).
    if a is None and b is not None:
        return b
    if b is None and a is not None:
        return a
    return None


def broadcast(a: Shape, b: Shape) -> Shape:
    """NumPy/PyTorch broadcasting of two known-rank shapes; raises Incompatible."""
    rank = max(len(a), len(b))
    padded_a = (1,) * (rank - len(a)) + tuple(a)
    padded_b = (1,) * (rank - len(b)) + tuple(b)
    return tuple(_broadcast_dim(x, y) for x, y in zip(padded_a, padded_b))


def maybe_broadcast(a: Optional[Shape], b: Optional[Shape]) -> Optional[Shape]:
    """Broadcast where both ranks are known; unknown (None) otherwise or on a clash."""
    if a is None or b is None:
        return None
    try:
        return broadcast(a, b)
    except Incompatible:
        return None


def differ_for_certain(a: Optional[Shape], b: Optional[Shape]) -> bool:
    """True only when the two shapes are known to be different.

    Different ranks are enough; at equal rank, two known sizes must differ at the
    same position. Named or unknown sizes never prove a difference.
    """
    if a is None or b is None:
        return False
    if len(a) != len(b):
        return True
    return any(isinstance(x, int) and isinstance(y, int) and x != y for x, y in zip(a, b))


def same_size(a: Shape, b: Shape) -> bool:
    """Whether two shapes are known to hold the same number of elements."""
    first, second = _factor(tuple(a)), _factor(tuple(b))
    if first is None or second is None:
        return False
    return first[0] == second[0] and sorted(first[1]) == sorted(second[1])


def numel(shape: Shape) -> Optional[int]:
    total = 1
    for dim in shape:
        if not isinstance(dim, int):
            return None
        total *= dim
    return total


def product(dims: Tuple[Dim, ...]) -> Dim:
    """The size of dims merged into one (flatten): known, a single named size
    times ones, or unknown."""
    factor = _factor(dims)
    if factor is None:
        return None
    known, named = factor
    if not named:
        return known
    if len(named) == 1 and known == 1:
        return named[0]
    return None


def normalize_axis(axis: int, rank: int) -> Optional[int]:
    """A possibly negative axis as an index into a shape of ``rank``; None if out of range."""
    if -rank <= axis < rank:
        return axis % rank
    return None


def _factor(dims: Tuple[Dim, ...]) -> Optional[Tuple[int, List[str]]]:
    """A product of dims as (known factor, named factors); None if a dim is unknown."""
    known = 1
    named: List[str] = []
    for dim in dims:
        if dim is None:
            return None
        if isinstance(dim, int):
            known *= dim
        else:
            named.append(dim)
    return known, named


def reshape(source: Optional[Shape], target: Tuple[Dim, ...]) -> Optional[Shape]:
    """The shape of ``x.reshape(*target)`` where ``target`` may hold one ``-1``.

    The ``-1`` is solved when the source's size divided by the other target
    dims leaves a single known size or a single named size (``(B, 3)``
    reshaped to ``(B, -1)`` leaves 3; ``(B,)`` reshaped to ``(-1, 1)`` leaves B).
    """
    if target.count(-1) > 1:
        return None
    if -1 not in target:
        return tuple(target)
    inferred: Dim = None
    source_factor = _factor(tuple(source)) if source is not None else None
    others_factor = _factor(tuple(d for d in target if d != -1))
    if source_factor is not None and others_factor is not None:
        source_known, source_named = source_factor
        others_known, others_named = others_factor
        remaining = list(source_named)
        cancelled = True
        for name in others_named:
            if name in remaining:
                remaining.remove(name)
            else:
                cancelled = False
        if cancelled and others_known and source_known % others_known == 0:
            quotient = source_known // others_known
            if not remaining:
                inferred = quotient
            elif len(remaining) == 1 and quotient == 1:
                inferred = remaining[0]
    return tuple(inferred if d == -1 else d for d in target)


def matmul(a: Optional[Shape], b: Optional[Shape]) -> Optional[Shape]:
    if a is None or b is None or not a or not b:
        return None
    if len(a) == 1 and len(b) == 1:
        return ()
    if len(b) == 1:
        return tuple(a[:-1])
    if len(a) == 1:
        return tuple(b[:-2]) + (b[-1],)
    batch = maybe_broadcast(tuple(a[:-2]), tuple(b[:-2]))
    if batch is None:
        return None
    return batch + (a[-2], b[-1])


def pairs_unchanged(prediction: Shape, target: Shape) -> bool:
    """(1, 128) against (128,): broadcasting only adds ones, so each prediction
    still meets its own target and the loss is the same. PyTorch warns, but it
    is no bug. So too, for all that is known, (1, ?) against (N,): the unknown
    size may be N (a reconstruction of one row against that row); not one
    against a 1, (?, 1) against (?,): an unknown count, of rows, is taken above 1."""
    try:
        result = broadcast(prediction, target)
    except Incompatible:
        return False
    if same_size(result, prediction) and same_size(result, target):
        return True
    rank = max(len(prediction), len(target))
    padded = zip((1,) * (rank - len(prediction)) + tuple(prediction), (1,) * (rank - len(target)) + tuple(target))
    return all(x == y or (x is None and y != 1) or (y is None and x != 1) for x, y in padded)


def named_against_size(a: Shape, b: Shape) -> Optional[Tuple[str, int]]:
    """The first named size that broadcasting lines up with a known size
    above 1 of the other shape ((B, 10) against (B,): B meets 10), as
    (name, size): the two broadcast only if the named size is that one."""
    rank = max(len(a), len(b))
    padded_a = (1,) * (rank - len(a)) + tuple(a)
    padded_b = (1,) * (rank - len(b)) + tuple(b)
    for x, y in zip(padded_a, padded_b):
        if isinstance(x, str) and isinstance(y, int) and y > 1:
            return x, y
        if isinstance(y, str) and isinstance(x, int) and x > 1:
            return y, x
    return None


def broadcast_effect(prediction: Shape, target: Shape) -> str:
    """What an elementwise loss computes when prediction and target differ."""
    try:
        result = broadcast(prediction, target)
    except Incompatible:
        return "the shapes do not broadcast, so PyTorch raises a RuntimeError"
    met = named_against_size(prediction, target)
    if met is not None:
        name, size = met
        there = tuple(size if dim == name else dim for dim in result)
        return (
            f"they broadcast only when {name} is {size}, to {format_shape(there)}, each sample's outputs against "
            f"the targets of the whole batch; for any other {name}, PyTorch raises a RuntimeError"
        )
    if len(prediction) == 2 and len(target) == 1 and prediction[1] == 1:
        return f"they broadcast to {format_shape(result)}, so every prediction is compared with every target"
    if len(prediction) == 1 and len(target) == 2 and target[1] == 1:
        return f"they broadcast to {format_shape(result)}, so every prediction is compared with every target"
    if len(prediction) == len(target) == 2 and (prediction[1], target[0]) == (1, 1) and prediction[0] == target[1]:
        return f"they broadcast to {format_shape(result)}, so every prediction is compared with every target"
    return f"they broadcast to {format_shape(result)}, so the loss is not taken element by element"
