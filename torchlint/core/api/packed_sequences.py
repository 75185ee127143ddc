"""``torch.nn.utils.rnn``'s packed sequences through a recurrent layer.

``pack_padded_sequence(x, lengths)`` packs a padded batch, (L, B, *) or
(B, L, *) with ``batch_first=True``; a recurrent layer given one returns its
output packed too (its own ``batch_first`` plays no part) and its final
states as usual, ``(layers * directions, B, H)``; ``pad_packed_sequence``
pads the output back, in the layout its own ``batch_first`` asks for, beside
the lengths ``(B,)``. ``pad_sequence`` pads a list of (L_i, *) tensors to
one batch, (L, B, *) or (B, L, *).
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import libcst as cst

from torchlint.core.api import arrays, torch_layers
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Array, Const, ListOf, Recurrent, Seq, Value


@dataclasses.dataclass(frozen=True)
class Packed(Value):
    """A PackedSequence: the padded batch it holds, time first (L, B, *)."""

    padded: Array


def _batch_first(site: CallSite, index: int) -> Optional[bool]:
    if not site.given(index, "batch_first"):
        return False
    given = site.value(index, "batch_first")
    return given.value if isinstance(given, Const) and isinstance(given.value, bool) else None


def _swapped(array: Array, node: cst.CSTNode) -> Optional[Array]:
    """(B, L, *) as (L, B, *), and back."""
    if array.shape is None or len(array.shape) < 2:
        return None
    return dataclasses.replace(array, shape=(array.shape[1], array.shape[0]) + tuple(array.shape[2:]), origin=node)


@handles("torch.nn.utils.rnn.pack_padded_sequence")
def _pack(site: CallSite) -> Optional[Value]:
    padded, batch_first = site.value(0, "input"), _batch_first(site, 2)
    if not isinstance(padded, Array) or batch_first is None or padded.shape is None or len(padded.shape) < 2:
        return None
    time_first = _swapped(padded, site.node) if batch_first else padded
    return Packed(time_first) if time_first is not None else None


@handles("torch.nn.utils.rnn.pad_sequence")
def _pad_sequence(site: CallSite) -> Optional[Value]:
    sequences, batch_first = site.value(0, "sequences"), _batch_first(site, 1)
    if batch_first is None:
        return None
    # Each sequence padded to the longest: the length is not any one part's.
    if isinstance(sequences, ListOf) and isinstance(sequences.item, Array):
        sequences = ListOf(_any_length(sequences.item))
    elif isinstance(sequences, Seq):
        sequences = Seq(tuple(_any_length(part) if isinstance(part, Array) else part for part in sequences.items))
    batch = arrays.stacked(sequences, 0, site.node, TENSOR, new_axis=True)
    if batch is None or batch.shape is None or len(batch.shape) < 2:
        return None
    return batch if batch_first else _swapped(batch, site.node)


def _any_length(part: Array) -> Array:
    return dataclasses.replace(part, shape=(None,) + tuple(part.shape[1:])) if part.shape else part


@handles("torch.nn.utils.rnn.pad_packed_sequence")
def _pad(site: CallSite) -> Optional[Value]:
    packed, batch_first = site.value(0, "sequence"), _batch_first(site, 1)
    if not isinstance(packed, Packed) or batch_first is None or site.given(3, "total_length"):
        return None
    padded = _swapped(packed.padded, site.node) if batch_first else packed.padded
    if padded is None:
        return None
    lengths = Array(kind=TENSOR, shape=(packed.padded.shape[1],), origin=site.node, dtype="int64")  # type: ignore[index]
    return Seq((padded, lengths))


def recurrent_output(layer: Recurrent, packed: Packed, node: cst.CSTNode, graph: Optional[str]) -> Optional[Value]:
    """What a recurrent layer returns for a packed input: its output packed, its states as usual."""
    result = torch_layers.recurrent_output(dataclasses.replace(layer, batch_first=False), packed.padded, node, graph)
    if not (isinstance(result, Seq) and isinstance(result.items[0], Array)):
        return None
    return Seq((Packed(result.items[0]),) + result.items[1:])
