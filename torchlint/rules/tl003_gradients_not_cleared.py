"""TL003: a training loop that never clears gradients, clears them once per
epoch, or clears them between backward() and step()."""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from torchlint.core import models
from torchlint.core.facts import AttributeStore, Control, FileFacts, MethodCall, loops_of
from torchlint.core.values import Optimizer, Parameters, is_module
from torchlint.rules.base import Finding, Rule


class GradientsNotCleared(Rule):
    """## What it does
    Flags an optimizer step in a training loop when the gradients are never
    cleared in that loop, are cleared only once per outer loop (once per epoch,
    outside the batch loop), or are cleared between `backward()` and `step()`.

    Clearing is `optimizer.zero_grad()` (or that of another optimizer over the
    same model; for an optimizer over several models together, such as an
    infoGAN's `chain(G.parameters(), D.parameters())`, that of one of theirs),
    `model.zero_grad()` (with or without `set_to_none`), `p.grad = None`, `p.grad.zero_()`, or a helper named like
    one. Deliberate gradient accumulation (a `step()` guarded by
    `if (i + 1) % k == 0` with a `zero_grad()` beside it) is fine, and a loop
    that hands the model or optimizer to a function the file does not define
    is given the benefit of the doubt.

    Not flagged either: a loop that steps but runs no `backward()` (the
    gradients were computed once before it: a compiled-optimizer warm-up, a
    benchmark of two optimizers): nothing is added to `.grad` between two
    steps; a loop that builds a new optimizer each iteration over tensors it
    was handed (`SGD([x_in])` over a fresh leaf), whose gradients are that
    iteration's own; and a function whose loop clears gradients unless a
    caller's argument says not to (`if clear == "before": opt.zero_grad()`,
    called once with `"never"`): the code clears, one caller chose not to.

    ## Why is this bad?
    `backward()` adds to `.grad`; it never overwrites it. Without clearing,
    every step applies the sum of all gradients so far, which grows without
    bound and throws the model off. Clearing once per epoch does the same
    within each epoch. Clearing between `backward()` and `step()` throws the
    fresh gradients away, so `step()` sees zeros and the model does not learn
    (or, with momentum, drifts on stale velocity).

    ## Example
    ```python
    for epoch in range(100):
        loss = criterion(model(X), y)
        loss.backward()
        optimizer.step()          # TL003: gradients never cleared
    ```

    ## Use instead
    ```python
    for epoch in range(100):
        optimizer.zero_grad()
        loss = criterion(model(X), y)
        loss.backward()
        optimizer.step()
    ```

    ## Fix safety
    Where gradients are never cleared (or cleared only in an outer loop),
    `--fix` adds `optimizer.zero_grad()` as the first statement of the loop that
    steps. Unsafe, applied only with `--unsafe-fixes`, where gradient
    accumulation may be meant: the step runs under a condition, or the loop
    steps several optimizers. No fix where the step is in a helper the loop
    calls, or where zero_grad() runs between backward() and step().
    """

    code = "TL003"
    name = "gradients-not-cleared"
    summary = "a training loop that never clears gradients, or clears them at the wrong place"
    triggers = (("backward",), ("step(",))

    INVALID = (
        """
import torch
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
X, y = torch.randn(8, 2), torch.randn(8, 1)
for epoch in range(10):
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
""",
        """
import torch
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
X, y = torch.randn(8, 2), torch.randn(8, 1)
for epoch in range(10):
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
""",
    )
    VALID = (
        """
import torch
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
X, y = torch.randn(8, 2), torch.randn(8, 1)
for epoch in range(10):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
""",
        """
import torch
model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
batches = [(torch.randn(8, 2), torch.randn(8, 1)) for _ in range(8)]
for i, (x, y) in enumerate(batches):
    loss = torch.nn.functional.mse_loss(model(x), y) / 4
    loss.backward()
    if (i + 1) % 4 == 0:
        optimizer.step()
        optimizer.zero_grad()
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for step in facts.method_calls:
            if not models.is_optimizer_step(step):
                continue
            loop = facts.training_loop(step.controls)
            if loop is None or (models.standalone(step.controls) and not _loop_inside_function(step.controls, loop)):
                continue
            finding = self._check_step(facts, step, loop)
            if finding is not None:
                yield finding

    def _check_step(self, facts: FileFacts, step: MethodCall, loop: Control) -> Optional[Finding]:
        optimizer = models.stepped_optimizer(facts, step)
        in_loop = facts.within(loop, facts.method_calls)
        if not any(models.backpropagates(call) for call in in_loop) or _made_in(facts, optimizer, loop):
            # No backward() between two steps adds to .grad (the gradients were
            # computed once, before the loop), or each iteration steps a new
            # optimizer over tensors it was handed then: nothing accumulates.
            return None
        clears = [call for call in in_loop if models.clears_gradients(call) and models.clear_covers(call, optimizer)]
        if clears:
            return self._cleared_too_late(facts, step, in_loop, optimizer)
        if _may_clear_elsewhere(facts, loop) or _cleared_in_another_evaluation(facts, loop, optimizer):
            return None
        for outer in list(loops_of(step.controls))[1:]:
            outer_clears = [
                call.node
                for call in facts.within(outer, facts.method_calls)
                if not models.within(call.controls, loop)
                and models.clears_gradients(call)
                and models.clear_covers(call, optimizer)
            ] + [store.node for store in _grad_stores(facts, outer) if not models.within(store.controls, loop)]
            if outer_clears:
                clear = min(outer_clears, key=facts.position)
                return Finding(
                    step.node,
                    f"gradients are cleared once per outer iteration (`{facts.code(clear)}` at "
                    f"{facts.where(clear)}) but `{facts.code(step.node)}` runs on every iteration of the "
                    f"loop at {facts.where(loop.node)}: each step applies the sum of all gradients since that "
                    "clearing. Fix: clear the gradients inside the inner loop, before backward()",
                )
        if _conditional_in(step, loop):
            return Finding(
                step.node,
                f"`{facts.code(step.node)}` runs under a condition in the loop at {facts.where(loop.node)} but "
                "gradients are never cleared: backward() adds to .grad, so each step applies the sum of all "
                "gradients since the loop began. Fix: call optimizer.zero_grad() right after the step",
            )
        return Finding(
            step.node,
            f"`{facts.code(step.node)}` runs on every iteration of the loop at {facts.where(loop.node)} but "
            "gradients are never cleared: backward() adds to .grad, so each step applies the running sum of all "
            "earlier gradients. Fix: call optimizer.zero_grad() at the start of each iteration",
        )

    def _cleared_too_late(
        self, facts: FileFacts, step: MethodCall, in_loop: List[MethodCall], optimizer: object
    ) -> Optional[Finding]:
        """zero_grad() between the last backward() and this step()."""
        position = in_loop.index(step)
        for earlier in reversed(in_loop[:position]):
            if earlier.name == "backward":
                return None
            if models.clears_gradients(earlier) and _clears_what_step_uses(earlier, step, optimizer) and not _conditional_apart(earlier, step):
                return Finding(
                    earlier.node,
                    f"`{facts.code(earlier.node)}` runs after backward() and before `{facts.code(step.node)}` "
                    f"({facts.where(step.node)}): the step sees zeroed gradients and the model does not learn. "
                    "Fix: clear gradients before backward(), or after step()",
                )
        return None


def _clears_what_step_uses(clear: MethodCall, step: MethodCall, optimizer: object) -> bool:
    """Certainly the gradients this step applies: the same optimizer, or its
    model; failing values, the same name (``opt.zero_grad()`` ... ``opt.step()``)."""
    if isinstance(optimizer, Optimizer) and clear.receiver is not None:
        return models.clears_for(clear.receiver, optimizer)
    return models.receiver_name(clear) == models.receiver_name(step)


def _conditional_apart(first: MethodCall, second: MethodCall) -> bool:
    """The two calls sit in different branches of a condition."""
    branches_first = {id(c) for c in first.controls if c.kind in ("if", "else")}
    branches_second = {id(c) for c in second.controls if c.kind in ("if", "else")}
    return branches_first != branches_second


def _made_in(facts: FileFacts, optimizer: object, loop: Control) -> bool:
    """An optimizer built inside ``loop`` over tensors it was handed, not a
    model's parameters (``opt = SGD([x_in])`` over a fresh leaf): whether
    those persist across iterations is not known, so the loop is given the
    benefit of the doubt. Over a known model's parameters a new optimizer
    clears nothing, and the loop is still judged."""
    if not isinstance(optimizer, Optimizer) or optimizer.model is not None or optimizer.node is None:
        return False
    return any(call.node is optimizer.node for call in facts.within(loop, facts.calls))


def _cleared_in_another_evaluation(facts: FileFacts, loop: Control, optimizer: object) -> bool:
    """The same loop code clears gradients when its function is evaluated
    for another call (``if clear == "before": opt.zero_grad()``): this
    evaluation skipped the clearing because a caller's constant argument
    decided the branch. The code clears; the caller chose not to."""
    return any(
        models.clears_gradients(call)
        and models.clear_covers(call, optimizer)
        and any(control.node is loop.node and control is not loop for control in call.controls)
        for call in facts.method_calls
    )


def _conditional_in(call: MethodCall, loop: Control) -> bool:
    """``call`` sits in a branch inside ``loop`` (``if (i + 1) % k == 0: opt.step()``)."""
    return any(control.kind in ("if", "else") for control in call.controls[call.controls.index(loop) + 1 :])


def _grad_stores(facts: FileFacts, loop: Control) -> List[AttributeStore]:
    """``p.grad = None`` (or any ``.grad`` assignment) inside ``loop``."""
    return [store for store in facts.within(loop, facts.attribute_stores) if store.name == "grad"]


def _loop_inside_function(controls: Tuple[Control, ...], loop: Control) -> bool:
    """In a function no call reached, the loop is the function's own: all that
    happens between two of its steps is in the function, whoever calls it."""
    entered = max(index for index, control in enumerate(controls) if control.kind == "call" and not models.is_call_site(control))
    return controls.index(loop) > entered


def _may_clear_elsewhere(facts: FileFacts, loop: Control) -> bool:
    """Something in the loop may clear gradients where the analysis cannot
    see: an unknown function given the model, its parameters or an optimizer,
    or a ``.grad`` attribute set."""
    if _grad_stores(facts, loop):
        return True
    for call in facts.within(loop, facts.opaque_calls):
        if any(
            is_module(value) or isinstance(value, (Optimizer, Parameters)) for value in call.args
        ):
            return True
    return False
