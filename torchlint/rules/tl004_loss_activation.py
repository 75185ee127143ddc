"""TL004: a loss fed the wrong kind of output (probabilities where it wants
logits, logits where it wants probabilities)."""

from __future__ import annotations

import math
from typing import Dict, Iterator, Tuple

from torchlint.core.facts import FileFacts, enclosing_call
from torchlint.core.values import Array
from torchlint.rules.base import Finding, Rule, cited, quoted

# (loss functional, activation of its input) -> (what goes wrong, the fix)
MISMATCHES: Dict[Tuple[str, str], Tuple[str, str]] = {
    ("cross_entropy", "softmax"): (
        "CrossEntropyLoss applies log_softmax itself, so softmax probabilities are squashed twice: "
        "the gradients shrink and training crawls",
        "pass the logits (drop the softmax)",
    ),
    ("cross_entropy", "sigmoid"): (
        "CrossEntropyLoss takes logits, but sigmoid outputs lie in (0, 1): the softmax it applies can give the "
        "right class at most e/(e + C - 1), so the loss never falls below {floor}, and training pushes the "
        "sigmoid into saturation, where its gradients vanish",
        "pass the logits (drop the sigmoid)",
    ),
    ("binary_cross_entropy_with_logits", "sigmoid"): (
        "BCEWithLogitsLoss applies the sigmoid itself, so the sigmoid runs twice and the predictions are squashed "
        "into (0.5, 0.73)",
        "pass the logits (drop the sigmoid), or use BCELoss",
    ),
    ("binary_cross_entropy", "logits"): (
        "BCELoss expects probabilities in [0, 1], but this is the raw output of a Linear layer: negative values "
        "make PyTorch raise, and values above 1 give wrong gradients",
        "use BCEWithLogitsLoss on the logits (numerically safer), or put a sigmoid after the last layer",
    ),
    ("nll_loss", "softmax"): (
        "NLLLoss expects log-probabilities; fed softmax probabilities it minimizes -p instead of -log p",
        "use log_softmax instead of softmax, or CrossEntropyLoss on the logits",
    ),
}


class LossActivationMismatch(Rule):
    """## What it does
    Flags a loss whose prediction went through the wrong activation: softmax
    or sigmoid output fed to `CrossEntropyLoss` / `F.cross_entropy`, sigmoid
    output fed to `BCEWithLogitsLoss`, the raw logits of a model that ends in
    a `Linear` layer fed to `BCELoss`, and softmax probabilities fed to
    `NLLLoss`. The activation is followed through reshapes (`probs.view(-1,
    vocab)`) and into a model's own `forward`; the finding names the line
    that applied it. What a layer gives is recognized even when nothing is
    known about what went in (batches of a torchvision dataset).

    Not flagged: `log_softmax` output fed to `CrossEntropyLoss` (log_softmax
    of log-probabilities gives them back unchanged, so loss and gradients are
    those of the logits), and `torch.log(softmax(...))` fed to `NLLLoss`
    (log-probabilities, if less stable than `log_softmax`). Nor a loss
    computed at the top level of a file that trains nothing (no `backward()`,
    no optimizer step): a notebook showing what `F.nll_loss` does to softmax
    output trains no model with it. A loss inside a function still counts.

    ## Why is this bad?
    `CrossEntropyLoss` and `BCEWithLogitsLoss` apply their own log_softmax or
    sigmoid; softmax probabilities or sigmoid outputs fed to them are squashed
    a second time and the gradients flatten, so training crawls or stalls with
    no error. Sigmoid outputs, bounded to (0, 1), put a floor under a
    cross-entropy: log(1 + (C - 1)/e), 0.313 for 2 classes. `BCELoss` and
    `NLLLoss` expect probabilities and log-probabilities; given the wrong kind
    they compute a different function, or raise on values outside [0, 1].

    ## Example
    ```python
    probs = torch.softmax(model(x), dim=1)
    loss = nn.CrossEntropyLoss()(probs, labels)     # TL004
    ```

    ## Use instead
    ```python
    logits = model(x)
    loss = nn.CrossEntropyLoss()(logits, labels)
    ```

    ## Fix safety
    `--fix` drops a `softmax` before a cross-entropy loss, or a `sigmoid`
    before `BCEWithLogitsLoss`, where the loss gets the activation's call or
    a name set from it just before in the same block. Safe when nothing
    else reads that name; unsafe (`--unsafe-fixes`) when something does (an
    accuracy, a threshold), since it then reads logits too. No fix for an
    activation in the model's forward() or a layer, nor for BCELoss on
    logits or softmax into NLLLoss (their fix is another loss).
    """

    code = "TL004"
    follows_values = True
    name = "loss-activation-mismatch"
    summary = "a loss fed probabilities where it expects logits, or the reverse"
    triggers = (
        ("CrossEntropy", "cross_entropy", "BCE", "binary_cross_entropy", "NLLLoss", "nll_loss"),
        ("softmax", "Softmax", "sigmoid", "Sigmoid", "Linear"),
    )

    INVALID = (
        """
import torch
import torch.nn as nn
model = nn.Linear(4, 3)
probs = torch.softmax(model(torch.randn(8, 4)), dim=1)
loss = nn.CrossEntropyLoss()(probs, torch.randint(0, 3, (8,)))
loss.backward()
""",
        """
import torch
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
loss = nn.BCELoss()(model(torch.randn(8, 4)), torch.rand(8, 1))
loss.backward()
""",
        """
import torch
import torch.nn.functional as F
model = torch.nn.Linear(4, 2)
loss = F.cross_entropy(torch.sigmoid(model(torch.randn(8, 4))), torch.randint(0, 2, (8,)))
loss.backward()
""",
    )
    VALID = (
        """
import torch
import torch.nn as nn
model = nn.Linear(4, 3)
loss = nn.CrossEntropyLoss()(model(torch.randn(8, 4)), torch.randint(0, 3, (8,)))
""",
        """
import torch
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
loss = nn.BCELoss()(model(torch.randn(8, 4)), torch.rand(8, 1))
""",
        """
import torch
import torch.nn as nn
probas = torch.softmax(nn.Linear(4, 3)(torch.randn(8, 4)), dim=1)
loss = nn.NLLLoss()(torch.log(probas), torch.randint(0, 3, (8,)))
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        demonstration = not facts.trains_anywhere()
        for loss in facts.loss_calls:
            prediction = loss.prediction.value
            if not isinstance(prediction, Array) or prediction.activation is None:
                continue
            if demonstration and enclosing_call(loss.call.controls) is None:
                # Computed once at the top of a file that trains nothing (fastbook's cell showing what
                # F.nll_loss does to softmax output): a demonstration. A loss in a function still counts,
                # as a training script elsewhere may call it.
                continue
            mismatch = MISMATCHES.get((loss.functional, prediction.activation))
            if mismatch is None:
                continue
            problem, fix = mismatch
            what = "raw logits" if prediction.activation == "logits" else f"{prediction.activation} output"
            yield Finding(
                loss.call.node,
                f"{loss.display_name} gets {what} ({quoted(facts, loss.prediction.node)}"
                + (f", made at {facts.where(prediction.activated_at)}" if prediction.activated_at is not None else "")
                + f"): {problem.format(floor=_loss_floor(prediction))}. Fix: {fix}",
                cited((prediction.activated_at, f"{what} made here")),
            )


def _loss_floor(prediction: Array) -> str:
    """The least cross-entropy that inputs in (0, 1) can reach: the right
    class at 1 and the others at 0 give log(1 + (C - 1) / e)."""
    classes = prediction.shape[-1] if prediction.shape else None
    if isinstance(classes, int) and classes >= 2:
        return f"log(1 + {classes - 1}/e) = {math.log1p((classes - 1) / math.e):.3f} for its {classes} classes"
    return "log(1 + (C - 1)/e) for C classes (0.313 for 2, 0.551 for 3, 1.461 for 10)"
