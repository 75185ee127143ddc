"""HuggingFace transformers' base encoders (``BertModel.from_pretrained(...)``,
``AutoModel``): what their outputs hold.

Called on token ids of shape (B, L), a base model returns its last hidden
state, (B, L, hidden), as ``outputs[0]`` or ``outputs.last_hidden_state``;
BERT and RoBERTa also a pooled (B, hidden) row per sequence, ``outputs[1]``
or ``outputs.pooler_output``. The hidden size depends on the checkpoint and
stays unknown. Task models (``...ForSequenceClassification``) are not these.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Array, Bunch, TorchModule, Value

# Base models whose second output is the pooled row.
_POOLED = ("BertModel", "RobertaModel")
_BASE_MODELS = ("AutoModel", "BertModel", "RobertaModel", "DistilBertModel", "AlbertModel", "ElectraModel", "DebertaModel", "DebertaV2Model")


@dataclasses.dataclass(frozen=True)
class Encoder(TorchModule):
    """A pretrained base encoder; ``pooled``: it returns a pooler output too."""

    pooled: bool = False


def _pretrained(name: str):
    def make(site: CallSite) -> Optional[Value]:
        return Encoder(f"transformers.{name}", pooled=name in _POOLED)

    return make


for _name in _BASE_MODELS:
    handles(f"transformers.{_name}.from_pretrained")(_pretrained(_name))


def encoded(encoder: Encoder, site: CallSite, graph: Optional[str]) -> Optional[Value]:
    """The outputs for ``input_ids`` of shape (B, L), by name and (as the
    tuple that they also are) by position."""
    ids = site.value(0, "input_ids")
    if not isinstance(ids, Array) or ids.shape is None or len(ids.shape) != 2:
        return None
    batch, length = ids.shape
    hidden = Array(kind=TENSOR, shape=(batch, length, None), origin=site.node, dtype="float32", graph=graph)
    fields = [("last_hidden_state", hidden), ("0", hidden)]
    if encoder.pooled:
        pooled = Array(kind=TENSOR, shape=(batch, None), origin=site.node, dtype="float32", graph=graph)
        fields += [("pooler_output", pooled), ("1", pooled)]
    return Bunch(tuple(fields))
