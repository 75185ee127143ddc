"""TL007: loss tensors accumulated across iterations with their graphs."""

from __future__ import annotations

from typing import Iterator, Set

from torchlint.core.facts import Accumulation, FileFacts, enclosing_call, loops_of
from torchlint.core.values import Array
from torchlint.rules.base import Finding, Rule


class LossKeptAcrossIterations(Rule):
    """## What it does
    Flags `total += loss` or `losses.append(loss)` in a loop, where `loss` is
    a loss tensor still attached to its autograd graph (no `.item()` or
    `.detach()`) and the accumulator lives across iterations. A sum taken
    under `torch.no_grad()` records no graph and is not flagged.

    ## Why is this bad?
    A loss tensor carries the graph that produced it. Summing it into a
    running total, or keeping it in a list, keeps every iteration's graph
    reachable: memory grows with every step until the process runs out, and
    the total itself is a tensor that still requires grad. This is the first
    entry of PyTorch's FAQ on memory.

    ## Example
    ```python
    running_loss = 0.0
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running_loss += loss                    # TL007
    ```

    ## Use instead
    ```python
        running_loss += loss.item()
    ```

    ## Fix safety
    `--fix` accumulates `loss.detach()` instead of `loss`: the total stays a
    tensor of the same dtype and device (later `.item()`, `torch.stack` and
    arithmetic work as before), only the graph is let go. Safe.
    """

    code = "TL007"
    name = "loss-kept-across-iterations"
    summary = "a loss tensor kept across loop iterations with its graph"
    triggers = (("Loss", "_loss", "cross_entropy", "kl_div"), ("append(", "+=", "+ "), ("for ", "while "))

    INVALID = (
        """
import torch
model = torch.nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
total = 0.0
for step in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(torch.randn(8, 3)), torch.randn(8, 1))
    loss.backward()
    optimizer.step()
    total += loss
""",
    )
    VALID = (
        """
import torch
model = torch.nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
total = 0.0
for step in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(torch.randn(8, 3)), torch.randn(8, 1))
    loss.backward()
    optimizer.step()
    total += loss.item()
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        backpropagated = _backpropagated_names(facts)
        for accumulation in facts.accumulations:
            if accumulation.in_forward or not accumulation.carried or accumulation.target in backpropagated or facts.used_for_training(accumulation):
                continue
            if _attached_loss(facts, accumulation):
                yield Finding(
                    accumulation.node,
                    f"`{facts.code(accumulation.node)}` keeps a loss tensor with its autograd graph across iterations "
                    f"of the loop at {facts.where(next(loops_of(accumulation.controls)).node)}: every "
                    "step's graph stays in memory, which grows until the run dies. "
                    "Fix: accumulate `loss.item()` (or `loss.detach()`)",
                )


def _attached_loss(facts: FileFacts, accumulation: Accumulation) -> bool:
    """The accumulated value is a loss still on its graph: one computed from an
    attached prediction, or one this loop backpropagates (so attached for sure)."""
    value = accumulation.value
    if value is None:
        return _backpropagated_in_loop(facts, accumulation)
    if not isinstance(value, Array):
        return False
    if not accumulation.grad_enabled and type(accumulation.node).__name__ != "Call":
        # `total += loss` under no_grad() computes a sum that records no graph;
        # only `losses.append(loss)` still holds the loss itself.
        return False
    if value.graph == "loss":
        return True
    loop = next(loops_of(accumulation.controls), None)
    if loop is None:
        return False
    is_loss = any(loss.call.result is value for loss in facts.loss_calls)
    return is_loss and any(
        call.name == "backward" and call.receiver is value for call in facts.within(loop, facts.method_calls)
    )


def _backpropagated_in_loop(facts: FileFacts, accumulation: Accumulation) -> bool:
    """Nothing is known of the value, but the loop then calls ``.backward()``
    on the very name it added (``total += loss`` ... ``loss.backward()``):
    only a tensor on a graph has backward(). (After a backward() the name is
    known to hold a loss already, unless it was rebound, as to
    ``loss.item()``.)"""
    added = accumulation.operand
    loop = next(loops_of(accumulation.controls), None)
    if not accumulation.grad_enabled or type(added).__name__ != "Name" or loop is None:
        return False
    frame = enclosing_call(accumulation.controls)
    return any(
        call.name == "backward"
        and type(call.node.func.value).__name__ == "Name"  # type: ignore[attr-defined]
        and call.node.func.value.value == added.value  # type: ignore[attr-defined]
        # The same variable: a `loss` inside a helper the loop calls is another one.
        and enclosing_call(call.controls) is frame
        and call.position >= accumulation.position
        for call in facts.within(loop, facts.method_calls)
    )



def _backpropagated_names(facts: FileFacts) -> Set[str]:
    """Names in the expression ``.backward()`` is called on: a loss summed or
    collected on purpose to backpropagate once (``total.backward()``,
    ``(total / n).backward()``, ``torch.stack(terms).sum().backward()``)."""
    names: Set[str] = set()
    for call in facts.method_calls:
        if call.name == "backward":
            names.update(_names_in(call.node.func.value))  # type: ignore[attr-defined]
    return names


def _names_in(node: object, depth: int = 12) -> Iterator[str]:
    if depth == 0:
        return
    kind = type(node).__name__
    if kind == "Name":
        yield node.value  # type: ignore[attr-defined]
    elif kind in ("Attribute", "Subscript"):
        yield from _names_in(node.value, depth - 1)  # type: ignore[attr-defined]
    elif kind == "Call":
        yield from _names_in(node.func, depth - 1)  # type: ignore[attr-defined]
        for arg in node.args:  # type: ignore[attr-defined]
            yield from _names_in(arg.value, depth - 1)
    elif kind == "BinaryOperation":
        yield from _names_in(node.left, depth - 1)  # type: ignore[attr-defined]
        yield from _names_in(node.right, depth - 1)  # type: ignore[attr-defined]
    elif kind == "UnaryOperation":
        yield from _names_in(node.expression, depth - 1)  # type: ignore[attr-defined]
