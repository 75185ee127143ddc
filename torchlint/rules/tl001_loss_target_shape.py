"""TL001: an elementwise loss whose target has another shape than the prediction."""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

from torchlint.core import models, shapes
from torchlint.core.facts import Arg, CallFact, FileFacts, LossCall
from torchlint.core.losses import ELEMENTWISE_LOSSES, HANDWRITTEN_CHOICE, HANDWRITTEN_PRODUCT, RAISING_LOSSES
from torchlint.core.shapes import Shape, format_shape
from torchlint.core.values import Activation, Array, Instance, Linear, LossModule, Sequential, Value, as_str
from torchlint.rules.base import Finding, Rule, cited, quoted

class LossTargetShape(Rule):
    """## What it does
    Flags an elementwise loss (`MSELoss`, `L1Loss`, `SmoothL1Loss`,
    `HuberLoss`, `BCELoss`, `BCEWithLogitsLoss` and their functionals), or
    one written by hand (`((pred - y) ** 2).mean()`, `torch.abs(pred - y).sum()`;
    a product such as `-(y * torch.log(p)).mean()` or `(log_prob * advantage).mean()`;
    a choice by the label, `torch.where(y == 1, 1 - p, p).mean()`;
    a difference in a helper the loss calls, `squared_loss(y_hat, y).sum()`),
    whose prediction and target have shapes known to differ. A difference or
    product whose expression adds the axis itself (`x[:, None] - x`, pairwise
    on purpose) is left alone, and so is one written between a model's (N, K)
    outputs and an (N, 1) column (K heads, quantiles or ensemble members each
    against one target). Broadcasting written
    on purpose between operands of one rank stays silent: an unreduced loss
    (`reduction="none"`) whose pairwise terms the code weighs itself, as the
    quantile Huber loss of QR-DQN and IQN, and several predictions of one
    target along an inner axis ((B, K, T, 3) against (B, 1, T, 3)).

    It also flags a prediction reduced to one number over its whole batch
    (`torch.sum(q_all * actions_onehot)` with no `dim`, a DQN's Q(s, a))
    against a target with one value per sample: every target then meets the
    one sum.

    And it flags a model ending in `nn.Linear(k, 1)` (alone, or last in an
    `nn.Sequential` with only shape-keeping layers after it) called on data
    whose shape is not known, a data file absent from the checkout, against a
    1-D target of more than one row: `(..., 1)` against `(N,)` broadcasts to
    `(..., N)` whatever the input's shape was.

    ## Why is this bad?
    A model that ends in `nn.Linear(k, 1)` predicts shape `(N, 1)`. A target
    of shape `(N,)` broadcasts against it to `(N, N)`: every prediction is
    compared with every target, the loss is minimised by predicting the mean
    of `y`, and training "succeeds" with weights near zero. PyTorch prints one
    warning that points into `torch/nn/modules/loss.py` and carries on. The
    BCE losses raise a `ValueError` at run time instead.

    ## Example
    ```python
    y = torch.tensor(y, dtype=torch.float32)      # (100,)
    outputs = model(X)                            # (100, 1)
    loss = loss_function(outputs, y)
    ```

    ## Use instead
    ```python
    y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)   # (100, 1)
    loss = loss_function(outputs, y)
    # or: loss = loss_function(outputs.squeeze(1), y)
    ```

    ## Fix safety
    `--fix` rewrites the target at the loss call when one shape is the other
    with a trailing 1: `y.unsqueeze(-1)` for an (N,) target against an (N, 1)
    prediction, `y.squeeze(-1)` for an (N, 1) target against an (N,)
    prediction. Safe: each prediction is then compared with its own target, and
    other uses of `y` are left alone. Other mismatches have no fix, nor has a
    loss written as a product or in a helper (its target may sit in code that
    other calls share).
    """

    code = "TL001"
    follows_values = True
    name = "loss-target-shape"
    summary = "elementwise loss with a target of another shape than the prediction"
    triggers = (
        (
            "MSELoss",
            "L1Loss",
            "SmoothL1Loss",
            "HuberLoss",
            "BCELoss",
            "BCEWithLogitsLoss",
            "mse_loss",
            "l1_loss",
            "huber_loss",
            "binary_cross_entropy",
            # A loss written by hand is backpropagated somewhere in the file.
            "backward(",
        ),
    )

    INVALID = (
        """
import torch
x = torch.rand(64, 2)
y = torch.rand(64)
w = torch.zeros(2, 1, requires_grad=True)
loss = torch.mean((x.mm(w) - y) ** 2)
loss.backward()
""",
        """
import torch
import torch.nn as nn
X = torch.randn(100, 2)
y = torch.randn(100)
model = nn.Linear(2, 1)
loss = nn.MSELoss()(model(X), y)
""",
        """
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
X, y = torch.rand(64, 3), torch.rand(64)
loader = DataLoader(TensorDataset(X, y), batch_size=8)
net = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
for xb, yb in loader:
    loss = F.l1_loss(net(xb), yb)
""",
        """
import torch
import torch.nn.functional as F
net = torch.nn.Linear(8, 4)
chosen = F.one_hot(torch.randint(0, 4, (32,)), 4).float()
q = torch.sum(net(torch.randn(32, 8)) * chosen)
loss = F.mse_loss(q, torch.randn(32))
""",
    )
    VALID = (
        """
import torch
import torch.nn as nn
X = torch.randn(100, 2)
y = torch.randn(100).reshape(-1, 1)
model = nn.Linear(2, 1)
loss = nn.MSELoss()(model(X), y)
""",
        """
import torch
import torch.nn as nn
logits = nn.Linear(4, 3)(torch.randn(10, 4))
labels = torch.randint(0, 3, (10,))
loss = nn.CrossEntropyLoss()(logits, labels)
""",
        """
import torch
import torch.nn.functional as F
net = torch.nn.Linear(8, 4)
chosen = F.one_hot(torch.randint(0, 4, (32,)), 4).float()
q = torch.sum(net(torch.randn(32, 8)) * chosen, dim=1)
loss = F.mse_loss(q, torch.randn(32))
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for loss in facts.loss_calls:
            if loss.functional not in ELEMENTWISE_LOSSES and loss.functional != HANDWRITTEN_PRODUCT:
                continue
            prediction, target = loss.prediction.value, loss.target.value
            if not (isinstance(prediction, Array) and isinstance(target, Array)):
                continue
            summed = _batch_reduced(facts, prediction, target)
            if summed is not None:
                yield self._batch_reduced_finding(facts, loss, summed)
                continue
            if prediction.shape is None and loss.functional in ELEMENTWISE_LOSSES and loss.functional not in RAISING_LOSSES:
                column = _one_column_model(facts, prediction)
                if column is not None and _rows_of_one_value(target) and not target.filled:
                    yield self._one_column_finding(facts, loss, column, target)
                continue
            if not prediction.shape or not target.shape:
                continue  # unknown, or a scalar that broadcasts as intended
            if _deliberate_broadcast(loss, prediction.shape, target.shape):
                continue
            one_value = all(dim == 1 for dim in target.shape)  # torch.randn(1, 1): one reference for every prediction
            if (target.filled or one_value) and loss.functional not in RAISING_LOSSES:
                continue  # one number throughout (torch.zeros(k), torch.ones(b)): broadcast, the loss is the same
            differ = shapes.differ_for_certain(prediction.shape, target.shape) or _rows_against_one(prediction.shape, target.shape)
            if differ and not shapes.pairs_unchanged(prediction.shape, target.shape):
                yield Finding(
                    loss.call.node,
                    self._message(facts, loss, prediction, target),
                    cited(
                        (target.origin, f"target {quoted(facts, loss.target.node)}: its shape is set here"),
                        (prediction.origin, f"prediction {quoted(facts, loss.prediction.node)}: its shape is set here"),
                    ),
                )

    def _batch_reduced_finding(self, facts: FileFacts, loss: LossCall, summed: Tuple[CallFact, Arg]) -> Finding:
        call, reduced = summed
        batch = reduced.value.shape  # type: ignore[union-attr]
        target = loss.target.value.shape  # type: ignore[union-attr]
        axes = "dim=1" if len(batch) == 2 else f"dim={tuple(range(1, len(batch)))}"
        message = (
            f"{loss.display_name}: prediction {quoted(facts, loss.prediction.node)} is one number, "
            f"`{facts.code(call.node)}` over the whole {format_shape(batch)} batch at {facts.where(call.node)}, "
            f"but target {quoted(facts, loss.target.node)} is {format_shape(target)}; every target is compared "
            f"with that one sum of all samples, so no sample's own value is learned. Fix: reduce over the other "
            f"axes only, {axes}, so the prediction is ({batch[0]},)"
        )
        return Finding(
            loss.call.node,
            message,
            cited(
                (call.node, f"prediction {quoted(facts, loss.prediction.node)}: the batch reduced here"),
                (loss.target.value.origin, f"target {quoted(facts, loss.target.node)}: its shape is set here"),  # type: ignore[union-attr]
            ),
        )

    def _one_column_finding(self, facts: FileFacts, loss: LossCall, last: Linear, target: Array) -> Finding:
        """A model ending in Linear(k, 1), called on data whose shape is not known
        (a data file not in the checkout), against a 1-D target: (..., 1) against
        (N,) broadcasts to (..., N) whatever the input's shape."""
        rows = format_shape(target.shape)  # type: ignore[arg-type]
        where = facts.where(target.origin) if target.origin is not None else None
        layer = f"Linear({last.in_features if last.in_features is not None else '?'}, 1)"
        prediction = quoted(facts, loss.prediction.node)
        return Finding(
            loss.call.node,
            f"{loss.display_name}: prediction {prediction} comes from a model whose last layer is {layer}"
            + (f" (line {facts.line(last.node)})" if last.node is not None else "")
            + f", so it ends in one column, (..., 1), whatever the shape of its input, which is not known here; "
            f"target {quoted(facts, loss.target.node)} is {rows}"
            + (f" (shape set at {where})" if where is not None else "")
            + f"; they broadcast to (..., {target.shape[0]}), so every prediction is compared with every target. "  # type: ignore[index]
            f"Fix: squeeze the prediction's last dim, `{facts.code(loss.prediction.node)}.squeeze(-1)`, "
            "or give the target a column, `.reshape(-1, 1)`",
            cited(
                (target.origin, f"target {quoted(facts, loss.target.node)}: its shape is set here"),
                (last.node, "the model's last layer: one output column"),
            ),
        )

    def _message(self, facts: FileFacts, loss: LossCall, prediction: Array, target: Array) -> str:
        shown_prediction = _rows_named(prediction.shape, target.shape)  # type: ignore[arg-type]
        shown_target = _rows_named(target.shape, prediction.shape)  # type: ignore[arg-type]
        where = facts.where(target.origin) if target.origin is not None else None
        head = (
            f"{loss.display_name}: prediction {quoted(facts, loss.prediction.node)} is {format_shape(shown_prediction)} "
            f"but target {quoted(facts, loss.target.node)} is {format_shape(shown_target)}"
            + (f" (shape set at {where})" if where is not None else "")
        )
        if loss.functional in RAISING_LOSSES:
            effect = "PyTorch raises a ValueError for BCE losses whose input and target sizes differ"
        else:
            effect = shapes.broadcast_effect(shown_prediction, shown_target)
        return f"{head}; {effect}. Fix: {_fix(facts, loss, shown_prediction, shown_target)}"


def _deliberate_broadcast(loss: LossCall, prediction: Shape, target: Shape) -> bool:
    """Broadcasting written on purpose, between operands of one rank: several
    predictions of one target along an inner axis (K trajectories per scene,
    (B, K, T, 3) against the ground truth's (B, 1, T, 3): the prediction keeps
    its shape, and a singleton neither in the batch axis nor in the last, the
    outputs', is no dropped column), or an unreduced loss whose every pair the
    code weighs and sums itself (the quantile Huber loss of QR-DQN and IQN,
    (B, N, 1) against (B, 1, N))."""
    if len(prediction) != len(target):
        return False
    try:
        result = shapes.broadcast(prediction, target)
    except shapes.Incompatible:
        return False
    if _reduction(loss) == "none":
        return True
    if _batch_twice(prediction, target):
        return False  # (B, B, H, W): the batch met itself upstream (a sum that dropped its dim), no K predictions
    if _steps_against_one(prediction, target):
        return False
    grown = [axis for axis, (p, t) in enumerate(zip(prediction, target)) if t == 1 and p != 1]
    return tuple(result) == tuple(prediction) and all(0 < axis < len(prediction) - 1 for axis in grown)


def _steps_against_one(prediction: Shape, target: Shape) -> bool:
    """One output per step of a sequence, (B, T, 1), against one number per
    sample, (B, 1, 1): a window's next value compared with every step's
    output (a recurrent or convolutional model's whole output where its last
    step was meant), not K predictions of a target that has a shape of its own."""
    return (
        len(prediction) == len(target) == 3
        and prediction[0] == target[0]
        and prediction[0] not in (1, None)
        and tuple(target[1:]) == (1, 1)
        and prediction[2] == 1
        and prediction[1] not in (1, None)
    )


def _batch_twice(prediction: Shape, target: Shape) -> bool:
    """A prediction holding the batch's named size again where the target has
    1: (B, B, H, W) against (B, 1, H, W)."""
    rows = prediction[0] if prediction else None
    return len(prediction) == len(target) and isinstance(rows, str) and any(
        prediction[axis] == rows and target[axis] == 1 for axis in range(1, len(prediction))
    )


def _rows_against_one(prediction: Shape, target: Shape) -> bool:
    """(B, 1) against (B, B), either way round: the rows' named size where
    the other has 1 (a target already broadcast upstream, ``-(out - y)``);
    or (B, 1) against (1, B), a column against a row (returns kept as
    (n_envs, T) and sliced [:, idx]). The rows are taken to be more than one,
    as for (B, 1) against (B,)."""
    if len(prediction) == len(target) == 2 and tuple(target) == tuple(reversed(prediction)) and 1 in prediction:
        return any(isinstance(dim, str) for dim in prediction)  # (B, 1) against (1, B), either way round
    if len(prediction) != len(target) or not prediction or not isinstance(prediction[0], str) or prediction[0] != target[0]:
        return False
    rows = prediction[0]
    return any((p == 1 and t == rows) or (t == 1 and p == rows) for p, t in zip(prediction[1:], target[1:]))


def _reduction(loss: LossCall) -> Optional[str]:
    """The loss's ``reduction=``, given to the module or to the functional."""
    if isinstance(loss.call.callee, LossModule):
        return loss.call.callee.reduction
    given = dict(loss.call.kwargs).get("reduction")
    return as_str(given.value) if given is not None else None


def _rows_named(shape: Shape, other: Shape) -> Shape:
    """The shape as the message shows it: an unknown or named first dim is
    the rows that the other shape's first dim counts, or the N rows of the
    data when neither is known (the loss needs both to hold the same rows)."""
    counted = bool(other) and isinstance(other[0], int) and other[0] > 1
    if not shape or not (shape[0] is None or (isinstance(shape[0], str) and counted)):
        return shape
    rows = other[0] if other and other[0] not in (None, 1) else shapes.ROWS
    return (rows,) + tuple(shape[1:])


# The longest corrected loss call a message spells out in full.
MAX_CALL = 80


def _fix(facts: FileFacts, loss: LossCall, prediction: Shape, target: Shape) -> str:
    """The loss call corrected, as it should read (each argument changed in
    the expression the call passes, not where the value was made)."""
    if _batch_twice(prediction, target):
        return (
            f"the prediction holds the batch {prediction[0]} twice: a dim was dropped on its way (a sum or mean without "
            f"keepdim=True, a squeeze) and the samples broadcast against each other there; keep that dim so the "
            f"prediction is {format_shape(target)}"
        )
    if len(prediction) == len(target) == 2 and prediction[1] == 1 and target[0] == target[1] == prediction[0] not in (1, None):
        return (
            f"the target holds the batch {target[0]} twice: a ({target[0]}, 1) and a ({target[0]},) were combined on its "
            f"way (a max or sum without keepdim=True, a squeeze) and every sample met every other there; keep that dim "
            f"so the target is {format_shape(prediction)}"
        )
    if _steps_against_one(prediction, target):
        return (
            f"the prediction has one value per step, {prediction[1]} of them, and the target one per sample: "
            f"compare the step meant (the last: `out[:, -1:, :]`) with it, or give the target a value per step "
            f"{format_shape(prediction)}"
        )
    if _rows_repeated(prediction, target):
        if _indexed(loss.prediction.value):
            return (
                f"the prediction holds the batch {prediction[0]} twice: an index array of shape {format_shape(target)} "
                f"in `x[:, idx]` takes every row's values at every sample's index; take each row's own with "
                f"`x.gather(1, idx)`, {format_shape(target)}"
            )
        return f"the prediction holds the batch {prediction[0]} twice, every sample against every other; make it {format_shape(target)}"
    if len(prediction) == len(target) + 1 and prediction[-1] == 1 and tuple(prediction[:-1]) == tuple(target):
        # (N, 1) against (N,): a column; (N, 1, 1) against (N, 1): one more dim, which reshape(-1, 1) would not add.
        fixes = ((loss.target, "reshape(-1, 1)" if len(target) == 1 else "unsqueeze(-1)"), (loss.prediction, "squeeze(-1)"))
    elif len(target) == len(prediction) + 1 and target[-1] == 1 and tuple(target[:-1]) == tuple(prediction):
        fixes = ((loss.target, "squeeze(-1)"), (loss.prediction, "unsqueeze(-1)"))
    elif _one_per_sample_against_several(prediction, target):
        classes = prediction[1]
        if isinstance(loss.target.value, Array) and loss.target.value.integral():
            return (
                f"the target holds one class index per sample and the prediction {classes} scores: use "
                f"nn.CrossEntropyLoss, or compare with `F.one_hot(target, {classes}).float()`"
            )
        return (
            f"the target holds one value per sample and the prediction {classes}: give the target {classes} values "
            f"per sample {format_shape(prediction)}, or, for class indices, use nn.CrossEntropyLoss"
        )
    else:
        return f"give the target the prediction's shape {format_shape(prediction)} before the loss"
    if loss.display_name == HANDWRITTEN_CHOICE:
        # The target is only compared in the condition: squeezing one branch would not help.
        changed, method = fixes[0]
        return f"pass {_method_of(facts, changed, method)} in the condition"
    calls = [_call_with(facts, loss, changed, method) for changed, method in fixes]
    if all(call is not None and len(call) <= MAX_CALL for call in calls):
        return f"`{calls[0]}`, or `{calls[1]}`"
    (first, first_method), (second, second_method) = fixes
    return (
        f"pass {_method_of(facts, first, first_method)} as the {'target' if first is loss.target else 'prediction'}, "
        f"or {_method_of(facts, second, second_method)} as the {'target' if second is loss.target else 'prediction'}"
    )


def _one_per_sample_against_several(prediction: Shape, target: Shape) -> bool:
    """(B, 10) against (B,): several outputs per sample, one target each."""
    return (
        len(prediction) == 2
        and len(target) == 1
        and isinstance(prediction[1], int)
        and prediction[1] > 1
        and prediction[0] == target[0]
        and prediction[0] not in (1, None)
    )


def _batch_reduced(facts: FileFacts, prediction: Array, target: Array) -> Optional[Tuple[CallFact, Arg]]:
    """(the call, what it reduced) when the prediction is one number made by
    reducing a model's output over every axis, its batch included, while the
    target holds one value per sample of that batch (torch.sum(q * onehot)
    against a (B,) TD target)."""
    if prediction.shape != () or not target.shape or target.shape[0] in (1, None):
        return None
    if not (len(target.shape) == 1 or (len(target.shape) == 2 and target.shape[1] == 1)):
        return None
    from torchlint.core import handwritten  # here, not above: it needs libcst, which most files never do

    for call in facts.calls:
        if call.result is not prediction:
            continue
        reduced = handwritten.reduced_whole(call)
        value = reduced.value if reduced is not None else None
        if isinstance(value, Array) and value.graph == "output" and value.shape and len(value.shape) >= 2:
            if value.shape[0] == target.shape[0]:
                return call, reduced  # type: ignore[return-value]
    return None


def _rows_repeated(prediction: Shape, target: Shape) -> bool:
    """The target's shape with its rows once more in front: (32, 32, 1) against (32, 1)."""
    return bool(target) and len(prediction) == len(target) + 1 and prediction[0] not in (1, None) and (
        prediction[0] == target[0] and tuple(prediction[1:]) == tuple(target)
    )


def _indexed(value: Optional[Value]) -> bool:
    """An array made by subscripting (``q[:, actions]``)."""
    import libcst as cst  # here, not above: the flake8 plugin imports the rules, and most files never need libcst

    return isinstance(value, Array) and isinstance(value.origin, cst.Subscript)


def _call_with(facts: FileFacts, loss: LossCall, changed: Arg, method: str) -> Optional[str]:
    """The loss call's source with one argument's expression given ``.method``."""
    call = loss.call.node
    parts = []
    for arg in call.args:
        text = _method_of(facts, changed, method).strip("`") if arg.value is changed.node else facts.code(arg.value)
        if arg.keyword is not None:
            text = f"{arg.keyword.value}={text}"
        parts.append(f"{arg.star}{text}")
    if not any(arg.value is changed.node for arg in call.args):
        return None
    return f"{facts.code(call.func)}({', '.join(parts)})"


def _method_of(facts: FileFacts, arg: Arg, method: str) -> str:
    """`expr.method` for an argument's expression, parenthesized when it needs it."""
    import libcst as cst  # here, not above: the flake8 plugin imports the rules, and most files never need libcst

    inner = facts.code(arg.node) if arg.node is not None else "it"
    if not isinstance(arg.node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        inner = f"({inner})"
    return f"`{inner}.{method}`"


def _one_column_model(facts: FileFacts, prediction: Array) -> Optional[Linear]:
    """The last layer, Linear(k, 1), of the model whose call on an input of
    unknown shape gave ``prediction`` itself (not a value made from it: a
    squeeze or a view would change its shape), when that model is a Linear or a
    Sequential ending in one, after which only layers that keep the shape run,
    or a module of the file whose forward returns such a model's output."""
    call = next((call for call in facts.calls if call.result is prediction and not call.in_forward), None)
    fed = models.model_input(call) if call is not None else None
    if fed is None or (isinstance(fed.value, Array) and fed.value.shape is not None):
        return None  # an input of known shape the model does not take is another story (a notebook's %run data)
    model = models.model_of(call)
    if isinstance(model, Instance):
        # A module of the file whose forward returns what its last layer makes (`return self.net(x)`),
        # through activations that keep its shape (`return F.relu(self.out(h))`).
        made = prediction
        for _ in range(4):
            inner = next((inner for inner in facts.calls if inner.result is made and inner.in_forward), None)
            model = models.model_of(inner) if inner is not None else None
            if inner is None or not models.is_activation(inner.callee) or not inner.args:
                break
            made = inner.arg(0).value
    layers = model.layers if isinstance(model, Sequential) else (model,)
    for layer in reversed(layers):
        if isinstance(layer, Activation):
            continue  # ReLU, Sigmoid, Dropout: the shape stays
        if isinstance(layer, Linear) and layer.out_features == 1:
            return layer
        return None
    return None


def _rows_of_one_value(target: Array) -> bool:
    """A 1-D target of more than one row (N, B or a known count above 1)."""
    if target.shape is None or len(target.shape) != 1:
        return False
    rows = target.shape[0]
    return isinstance(rows, str) or (isinstance(rows, int) and rows > 1)
