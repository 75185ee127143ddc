"""TL007: loss tensors accumulated across iterations with their graphs."""

from __future__ import annotations

from typing import Dict, Iterator, Optional, Sequence, Set

from torchlint.core import models
from torchlint.core.facts import Accumulation, Control, FileFacts, MethodCall, enclosing_call, loops_of
from torchlint.core.values import Array
from torchlint.rules.base import Finding, Rule


class LossKeptAcrossIterations(Rule):
    """## What it does
    Flags `total += loss` or `losses.append(loss)` in a loop, where `loss` is
    a loss tensor still attached to its autograd graph (no `.item()` or
    `.detach()`) and the accumulator lives across iterations, when what it
    keeps is real memory:

    - no `backward()` runs in the loop (an evaluation loop without
      `torch.no_grad()`): every batch's activations stay, until a loop
      around it binds the accumulator anew, or for as long as it lives;
    - `backward()` runs, but nothing ever resets the accumulator (a loss
      history kept for the whole run): each step's graph nodes stay, and its
      activations too when that backward() is not known to run through
      the kept loss (a whole-set loss logged each epoch beside the batches'
      backward()): the message then says "unless a backward() ran through it".

    A loss summed after (or before) its `backward()` into a total that is
    reset each epoch or each optimizer step (torchtune's `running_loss`) is
    bounded and not flagged, nor is a sum taken under `torch.no_grad()`.

    ## Why is this bad?
    A loss tensor carries the graph that produced it. Without a backward(),
    that graph holds every tensor the forward pass saved for backward: for
    an MLP 256-1024-1024-1 at batch 64, 5 MiB per batch
    (`benchmarks/loss_accumulation_memory.py`). backward() frees those, but
    the graph's nodes stay reachable from the kept loss, about 0.5 KB per
    operation of the forward pass and step: kept for the whole run, that
    grows without bound. The kept total is also a tensor that requires grad.
    This is the first entry of PyTorch's FAQ on memory.

    ## Example
    ```python
    history = []
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        history.append(loss)                    # TL007
    ```

    ## Use instead
    ```python
        history.append(loss.item())
    ```
    The fix names the expression accumulated: `test_loss += loss_fn(pred, y)`
    becomes `test_loss += loss_fn(pred, y).item()`.

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
        """
import torch
model = torch.nn.Linear(3, 1)
X, y = torch.randn(64, 3), torch.randn(64, 1)
val_loss = 0.0
for start in range(0, 64, 8):
    val_loss += torch.nn.functional.mse_loss(model(X[start:start + 8]), y[start:start + 8])
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
        """
import torch
model = torch.nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(5):
    running_loss = 0.0
    for step in range(20):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(torch.randn(8, 3)), torch.randn(8, 1))
        loss.backward()
        optimizer.step()
        running_loss += loss
    print(f"epoch {epoch}: {running_loss / 20:.4f}")
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        # Walking the module's assignments for it waits until an accumulation keeps a loss.
        backpropagated: Optional[Set[str]] = None
        for accumulation in facts.accumulations:
            if accumulation.in_forward or not accumulation.carried or facts.used_for_training(accumulation):
                continue
            if _attached_loss(facts, accumulation):
                if backpropagated is None:
                    backpropagated = _backpropagated_names(facts)
                if accumulation.target in backpropagated:
                    continue
                finding = self._kept(facts, accumulation)
                if finding is not None:
                    yield finding

    def _kept(self, facts: FileFacts, accumulation: Accumulation) -> Optional[Finding]:
        """What the kept loss costs, and until when: measured with
        benchmarks/loss_accumulation_memory.py (torch 2.13, CPU)."""
        loop = next(loops_of(accumulation.controls))
        kept = f"`{facts.code(accumulation.node)}`"
        operand = accumulation.operand
        fix = f"Fix: accumulate `{_item_of(operand, facts.code(operand))}`" if operand is not None else "Fix: accumulate its `.item()`"
        resetting = _resetting_loop(facts, accumulation)
        holder = _holder(facts, accumulation)
        backward_calls = [call for call in facts.within(loop, facts.method_calls) if models.backpropagates(call)]
        freed = any(_backpropagates_kept(facts, call, accumulation) for call in backward_calls)
        if not backward_calls:
            # Nothing frees the graph: every iteration's saved tensors stay.
            until = (
                f"until the loop at {facts.where(resetting.node)} binds `{holder}` anew"
                if resetting is not None
                else f"for as long as `{holder}` lives"
            )
            return Finding(
                accumulation.node,
                f"{kept} keeps each iteration's loss with its autograd graph, and no backward() in the loop at "
                f"{facts.where(loop.node)} frees it: every iteration's activations (the tensors its forward pass "
                f"saved for backward) stay in memory {until}. {fix}"
                + (" (or compute it under torch.no_grad())" if accumulation.grad_enabled else ""),
            )
        if resetting is not None or (
            accumulation.local_to_call and models.standalone(accumulation.controls) and _loops_in_call(accumulation.controls) < 2
        ):
            # What stays is the graph of the steps since the last reset, or
            # of one call of a function no call in the file shows (how long
            # that call runs, one epoch or the whole run, is not known; with
            # an epoch loop around the batch loop inside it, it is the run):
            # bounded, and small once backward() freed the saved tensors;
            # when a backward() runs but maybe on another loss, not known.
            return None
        if not freed:
            # The loop backpropagates something, maybe not this loss: a
            # term of the loss that is, or the whole set's loss logged each
            # epoch while the batches' losses are backpropagated.
            return Finding(
                accumulation.node,
                f"{kept} keeps every iteration's loss with its autograd graph for as long as `{holder}` lives "
                f"(no loop around the loop at {facts.where(loop.node)} resets it): the graph's nodes, and the "
                "activations its forward pass saved unless a backward() ran through it, growing with every "
                f"iteration of the run. {fix}",
            )
        return Finding(
            accumulation.node,
            f"{kept} keeps every step's loss with its autograd graph for as long as `{holder}` lives "
            f"(no loop around the loop at {facts.where(loop.node)} resets it): backward() freed the saved "
            "activations, but each step's graph nodes stay, about 0.5 KB per operation of the forward pass, "
            f"growing with every step of the run. {fix}",
        )


def _backpropagates_kept(facts: FileFacts, backward: MethodCall, accumulation: Accumulation) -> bool:
    """``backward`` runs through the accumulated loss: called on that very
    value, or, in the same function, on an expression naming what was added
    (``loss.backward()``, ``scaler.scale(loss).backward()``,
    ``accelerator.backward(loss)`` for ``total += loss``)."""
    if accumulation.value is not None and backward.receiver is accumulation.value:
        return True
    if accumulation.operand is None or enclosing_call(backward.controls) is not enclosing_call(accumulation.controls):
        return False
    added = set(_names_in(accumulation.operand))
    node = backward.node
    backpropagated = set(_names_in(node.func.value))  # type: ignore[attr-defined]
    for arg in node.args:  # type: ignore[attr-defined]
        backpropagated.update(_names_in(arg.value))
    return bool(added & backpropagated)


def _holder(facts: FileFacts, accumulation: Accumulation) -> str:
    """What keeps the losses: ``total`` in ``total += loss``,
    ``self.losses`` in ``self.losses.append(loss)``."""
    node = accumulation.node
    if type(node).__name__ == "Call":
        return facts.code(node.func.value)  # type: ignore[attr-defined]
    return accumulation.target


def _item_of(operand: object, code: str) -> str:
    """``loss`` -> ``loss.item()``; an operation gets parentheses first
    (``(loss * n).item()``), so the fix reads as the user's expression."""
    primary = type(operand).__name__ in ("Name", "Attribute", "Call", "Subscript") and not operand.lpar  # type: ignore[attr-defined]
    return f"{code}.item()" if primary else f"({code}).item()"


def _loops_in_call(controls: Sequence[Control]) -> int:
    """How many loops enclose an event inside the function it is in."""
    count = 0
    for control in reversed(controls):
        if control.kind == "call":
            break
        count += control.kind == "loop"
    return count


def _resetting_loop(facts: FileFacts, accumulation: Accumulation) -> Optional[Control]:
    """The innermost loop around the accumulation whose iterations bind its
    name anew (``running_loss = 0`` per epoch, or after each optimizer step),
    which bounds what the name holds."""
    for loop in loops_of(accumulation.controls):
        if loop in accumulation.fresh_in or accumulation.target in facts.rebound.get(loop, ()):
            return loop
    return None


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
    """Names in the expression ``.backward()`` is called on, and in what was
    assigned to those names: a loss summed or collected on purpose to
    backpropagate once (``total.backward()``, ``(total / n).backward()``,
    ``torch.stack(terms).sum().backward()``, ``loss = torch.stack(terms).sum()``
    then ``loss.backward()``)."""
    names: Set[str] = set()
    for call in facts.method_calls:
        if call.name == "backward":
            names.update(_names_in(call.node.func.value))  # type: ignore[attr-defined]
    if not names:
        return names
    sources = _assigned_names(facts)
    pending = list(names)
    while pending:
        for name in sources.get(pending.pop(), ()):
            # `loss = self.step(x, y)` says nothing of every list `self` holds.
            if name not in names and name != "self":
                names.add(name)
                pending.append(name)
    return names


def _assigned_names(facts: FileFacts) -> Dict[str, Set[str]]:
    """For each name, the names in the values assigned to it (``loss = a + b``)."""
    import libcst as cst  # here: a file no rule needs is linted without libcst (tests/test_flake8.py)

    from torchlint.core.syntax import small_statements

    sources: Dict[str, Set[str]] = {}
    for node in small_statements(facts.module.body, definitions=True):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    sources.setdefault(target.target.value, set()).update(_names_in(node.value))
    return sources


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
