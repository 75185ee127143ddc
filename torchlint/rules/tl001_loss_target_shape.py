"""TL001: an elementwise loss whose target has another shape than the prediction."""

from __future__ import annotations

from typing import Iterator, Optional

from torchlint.core import shapes
from torchlint.core.facts import FileFacts, LossCall
from torchlint.core.losses import ELEMENTWISE_LOSSES, RAISING_LOSSES
from torchlint.core.shapes import Shape, format_dim, format_shape
from torchlint.core.values import Array
from torchlint.rules.base import Finding, Rule, quoted

class LossTargetShape(Rule):
    """## What it does
    Flags an elementwise loss (`MSELoss`, `L1Loss`, `SmoothL1Loss`,
    `HuberLoss`, `BCELoss`, `BCEWithLogitsLoss` and their functionals) whose
    prediction and target have shapes known to differ.

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
    other uses of `y` are left alone. Other mismatches have no fix.
    """

    code = "TL001"
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
        ),
    )

    INVALID = (
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
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for loss in facts.loss_calls:
            if loss.functional not in ELEMENTWISE_LOSSES:
                continue
            prediction, target = loss.prediction.value, loss.target.value
            if not (isinstance(prediction, Array) and isinstance(target, Array)):
                continue
            if not prediction.shape or not target.shape:
                continue  # unknown, or a scalar that broadcasts as intended
            if shapes.differ_for_certain(prediction.shape, target.shape) and not shapes.pairs_unchanged(
                prediction.shape, target.shape
            ):
                yield Finding(loss.call.node, self._message(facts, loss, prediction, target))

    def _message(self, facts: FileFacts, loss: LossCall, prediction: Array, target: Array) -> str:
        pred_text = quoted(facts, loss.prediction.node)
        target_text = quoted(facts, loss.target.node)
        where = facts.where(target.origin) if target.origin is not None else None
        head = (
            f"{loss.display_name}: prediction {pred_text} is {format_shape(prediction.shape)} "
            f"but target {target_text} is {format_shape(target.shape)}"
            + (f" (shape set at {where})" if where is not None else "")
        )
        if loss.functional in RAISING_LOSSES:
            effect = "PyTorch raises a ValueError for BCE losses whose input and target sizes differ"
        else:
            effect = shapes.broadcast_effect(prediction.shape, target.shape)  # type: ignore[arg-type]
        fix = _fix(prediction.shape, target.shape, pred_text, target_text, where)  # type: ignore[arg-type]
        return f"{head}; {effect}. Fix: {fix}"


def _fix(prediction: Shape, target: Shape, pred_text: str, target_text: str, where: Optional[str]) -> str:
    there = f" at {where}" if where is not None else ""
    if len(prediction) == len(target) + 1 and prediction[-1] == 1 and tuple(prediction[:-1]) == tuple(target):
        return f"reshape the target to {format_shape(prediction)} with `.reshape(-1, 1)`{there}, or squeeze the prediction: {_call(pred_text, 'squeeze(-1)')}"
    if len(target) == len(prediction) + 1 and target[-1] == 1 and tuple(target[:-1]) == tuple(prediction):
        return f"squeeze the target to {format_shape(prediction)} with {_call(target_text, 'squeeze(-1)')}, or reshape the prediction: {_call(pred_text, 'unsqueeze(-1)')}"
    dims = ", ".join(format_dim(d) for d in prediction)
    return f"give the target the prediction's shape ({dims}) before the loss"


def _call(text: str, method: str) -> str:
    """`expr.method` for a quoted expression."""
    inner = text.strip("`")
    if not inner.replace("_", "").replace(".", "").isalnum():
        inner = f"({inner})"
    return f"`{inner}.{method}`"
