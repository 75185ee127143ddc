"""TL008: an evaluation loop that runs with autograd on and keeps what it computes."""

from __future__ import annotations

from typing import Iterator, Set

from torchlint.core.facts import FileFacts, loops_of
from torchlint.core.values import Array
from torchlint.rules.base import Finding, Rule


class EvaluationWithAutograd(Rule):
    """## What it does
    Flags a loop that runs a model without training it (no `backward()`, no
    optimizer step), with autograd on (no `torch.no_grad()` or
    `torch.inference_mode()`, no such decorator), and keeps the outputs, or
    losses computed from them, across iterations (`preds.append(out)`,
    `total += loss`). Silent in a file that turns `requires_grad` off: a
    frozen model builds no graph.

    ## Why is this bad?
    With autograd on, every output carries the graph that made it, with the
    activations saved for a backward pass that never comes. Kept across the
    loop, the graphs of all batches stay in memory: a validation or inference
    pass uses far more memory than it needs, and on a large set runs out. It is
    slower too.

    ## Example
    ```python
    predictions = []
    for xb in test_loader:
        predictions.append(model(xb))             # TL008
    ```

    ## Use instead
    ```python
    predictions = []
    with torch.no_grad():                          # or torch.inference_mode()
        for xb in test_loader:
            predictions.append(model(xb))
    ```
    """

    code = "TL008"
    name = "evaluation-with-autograd"
    summary = "an evaluation loop with autograd on that keeps its outputs"
    triggers = (("append(", "+=", "+ "), ("for ", "while "), ("Linear", "Sequential", "Module", "Conv"))

    INVALID = (
        """
import torch
model = torch.nn.Linear(3, 1)
predictions = []
for step in range(10):
    predictions.append(model(torch.randn(8, 3)))
""",
    )
    VALID = (
        """
import torch
model = torch.nn.Linear(3, 1)
predictions = []
with torch.no_grad():
    for step in range(10):
        predictions.append(model(torch.randn(8, 3)))
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if _freezes_parameters(facts):
            return
        reported: Set[int] = set()
        for accumulation in facts.accumulations:
            value = accumulation.value
            if accumulation.in_forward or not accumulation.carried or not isinstance(value, Array) or value.graph != "output":
                continue
            if facts.used_for_training(accumulation):
                continue
            loop = next(loops_of(accumulation.controls), None)
            # The loop that keeps the outputs must not train; an epoch loop around it may.
            if loop is None or facts.trains(loop) or id(loop.node) in reported:
                continue
            reported.add(id(loop.node))
            yield Finding(
                accumulation.node,
                f"the loop at {facts.where(loop.node)} runs the model with autograd on and keeps its outputs "
                f"(`{facts.code(accumulation.node)}`): every iteration's graph and saved activations stay in memory. "
                "Fix: wrap the loop in `with torch.no_grad():` (or torch.inference_mode()), or keep `.detach()`ed values",
            )


def _freezes_parameters(facts: FileFacts) -> bool:
    """The file turns requires_grad off somewhere (a frozen feature extractor):
    which outputs then carry a graph is more than the facts tell."""
    if any(store.name == "requires_grad" for store in facts.attribute_stores):
        return True
    return any(call.name == "requires_grad_" for call in facts.method_calls)
