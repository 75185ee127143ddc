"""TL005's fixes, at the call that gets the wrong dtype: ``.long()`` on the
class indices a cross-entropy or NLL loss gets, ``.float()`` on a float64
tensor a float32 model gets. Safe: both calls raised before the fix, and
what they get after it holds the same numbers (class indices of a float
dtype are whole numbers; float64 features rounded to float32 are what the
model's float32 weights compute with anyway). Where the float64 tensor only
turns float64 inside the model's forward(), no fix: the cast belongs there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from torchlint.core import models
from torchlint.core.values import Array
from torchlint.fixes import Fix
from torchlint.fixes.nodes import records_of, replace, with_method
from torchlint.rules.tl005_dtype import FLOAT64

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    losses = records_of(facts.loss_calls, finding.node, key=lambda loss: loss.call.node)
    if losses:
        if any(loss.functional not in ("cross_entropy", "nll_loss") for loss in losses):
            return None
        return _cast(facts, losses[0].target.node, "long()", "class indices as int64 (`.long()`)")
    inputs = [models.model_input(call) for call in records_of(facts.calls, finding.node, key=lambda call: call.node)]
    if not inputs or any(arg is None or not isinstance(arg.value, Array) or arg.value.dtype != FLOAT64 for arg in inputs):
        return None
    return _cast(facts, inputs[0].node, "float()", "the model's input as float32 (`.float()`)")  # type: ignore[union-attr]


def _cast(facts: FileFacts, node: Optional[cst.CSTNode], method: str, description: str) -> Optional[Fix]:
    if node is None:
        return None
    edit = replace(facts, node, with_method(facts, node, method))  # type: ignore[arg-type]
    return Fix(description, (edit,), safe=True) if edit is not None else None
