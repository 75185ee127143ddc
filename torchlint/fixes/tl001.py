"""TL001's fix: give the target the prediction's shape at the loss call.

Only the two cases where one shape is the other with a trailing 1 are fixed:
``y.unsqueeze(-1)`` for an (N,) target against an (N, 1) prediction,
``y.squeeze(-1)`` for an (N, 1) target against an (N,) prediction. Changing
the target at the call, not where it is made, leaves every other use of it
(accuracy, plots) as it was. Safe: the loss then compares each prediction
with its own target, which is what an elementwise loss means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from torchlint.core.losses import HANDWRITTEN_PRODUCT
from torchlint.core.values import Array
from torchlint.fixes import Fix
from torchlint.fixes.nodes import records_of, replace, with_method

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts, LossCall
    from torchlint.rules.base import Finding


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    losses = records_of(facts.loss_calls, finding.node, key=lambda loss: loss.call.node)
    methods = {_method(loss) for loss in losses}
    if len(methods) != 1 or None in methods:
        return None  # evaluated with shapes that need different fixes, or none known
    method = methods.pop()
    target = losses[0].target.node
    if target is None:
        return None
    edit = replace(facts, target, with_method(facts, target, method))  # type: ignore[arg-type]
    if edit is None:
        return None
    return Fix(f"call `.{method}` on the target at the loss call", (edit,), safe=True)


def _method(loss: LossCall) -> Optional[str]:
    if loss.functional == HANDWRITTEN_PRODUCT:
        return None  # its target may sit in a helper other calls share: left to the user
    prediction, target = loss.prediction.value, loss.target.value
    if not (isinstance(prediction, Array) and isinstance(target, Array)):
        return None
    if prediction.shape is None or target.shape is None or None in prediction.shape or None in target.shape:
        return None
    if tuple(prediction.shape) == tuple(target.shape) + (1,):
        return "unsqueeze(-1)"
    if tuple(target.shape) == tuple(prediction.shape) + (1,):
        return "squeeze(-1)"
    return None
