"""TL008: an evaluation loop that runs with autograd on and keeps what it computes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Set

from torchlint.core.facts import Accumulation, Control, FileFacts, loops_of
from torchlint.core.values import Array, FunctionValue, Optimizer
from torchlint.rules.base import Finding, Rule

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.outline import Outline


class EvaluationWithAutograd(Rule):
    """## What it does
    Flags a loop that runs a model without training it (no `backward()`, no
    optimizer step), with autograd on (no `torch.no_grad()` or
    `torch.inference_mode()`, no such decorator), and keeps the outputs, or
    losses computed from them, across iterations (`preds.append(out)`,
    `total += loss`). A model handed in from elsewhere is known as one by
    its `model.eval()` (or `self.model.eval()`) call: `eval()` switches
    dropout and batch norm, not autograd, so an `evaluate(model, loader)`
    that nothing in the file calls, or a trainer's `validate()`, is checked
    too. Silent in a file that turns `requires_grad` off: a
    frozen model builds no graph. Silent, too, on a model's own working: its
    `forward()` and `__init__`, and a loop of one of its methods over its own
    layers (`for blk in self.blocks: ...; intermediates.append(x)`, as timm's
    `forward_intermediates` does) runs one forward pass, not one per
    iteration; a method that loops over data (`predict(loader)`) is flagged.
    Silent, last, on a rollout: a loop that steps an environment
    (`env.step(action)`) in a function that returns what it kept
    (`return torch.stack(values)`), for its caller, perhaps in another file,
    to compute an actor-critic's loss on.

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

    ## Fix safety
    `--unsafe-fixes` indents the loop under `with torch.no_grad():`. Unsafe: a
    loss computed later on the kept outputs would no longer train the model. No
    fix where the loop mentions gradients or backward, holds a multi-line string
    or a line continuation, or the file does not `import torch`.
    """

    code = "TL008"
    name = "evaluation-with-autograd"
    summary = "an evaluation loop with autograd on that keeps its outputs"
    triggers = (("append(", "+=", "+ "), ("for ", "while "), ("Linear", "Sequential", "Module", "Conv", ".eval()"))

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

    @classmethod
    def may_fire(cls, outline: Outline) -> bool:
        return outline.keeps_values_in_loops

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if _freezes_parameters(facts):
            return
        reported: Set[int] = set()
        for accumulation in facts.accumulations:
            value = accumulation.value
            if accumulation.in_forward or not accumulation.carried or not isinstance(value, Array) or value.graph != "output":
                continue
            if facts.used_for_training(accumulation) or _models_own_working(facts, accumulation):
                continue
            loop = next(loops_of(accumulation.controls), None)
            # The loop that keeps the outputs must not train; an epoch loop around it may.
            if loop is None or facts.trains(loop) or id(loop.node) in reported:
                continue
            if _rollout_returned_to_caller(facts, accumulation, loop):
                continue
            reported.add(id(loop.node))
            yield Finding(
                accumulation.node,
                f"the loop at {facts.where(loop.node)} runs the model with autograd on and keeps its outputs "
                f"(`{facts.code(accumulation.node)}`): every iteration's graph and saved activations stay in memory. "
                "Fix: wrap the loop in `with torch.no_grad():` (or torch.inference_mode()), or keep `.detach()`ed values",
            )


def _models_own_working(facts: FileFacts, accumulation: Accumulation) -> bool:
    """Kept while a model is built (its __init__) or by a loop of its own
    methods over its own layers (``for blk in self.blocks``, as timm's
    forward_intermediates): parts of one pass, not a pass per iteration. The
    outline (CPython's parse) finds those loops; its pre-scan skips the same."""
    method = None
    for control in accumulation.controls:
        function = control.function
        if isinstance(function, FunctionValue) and function.owner is not None and function.owner.derives_from_module():
            if function.name == "__init__":
                return True
            method = function
        elif method is not None and control.kind == "loop" and _steps_of_one_pass(control.node):
            return True  # a decoder's steps (for _ in range(seq_len): out, hid = self.decode_one(hid, emb))
    part_loops = facts.outline.model_part_loops if facts.outline is not None else frozenset()
    return bool(part_loops) and any(facts.line(loop.node) in part_loops for loop in loops_of(accumulation.controls))


def _rollout_returned_to_caller(facts: FileFacts, accumulation: Accumulation, loop: Control) -> bool:
    """A loop that steps an environment (``env.step(action)``, not an
    optimizer) in a function that returns what it kept, or what it makes of
    it (``return torch.stack(values)``): an actor-critic's episode runner,
    whose caller, perhaps in another file, computes the loss on those outputs."""
    import libcst as cst  # here, not above: the flake8 plugin imports the rules, and most files never need libcst

    steps_environment = any(
        call.name == "step" and loop in call.controls and not isinstance(call.receiver, Optimizer)
        for call in facts.method_calls
    )
    function = next(
        (control.function for control in reversed(accumulation.controls) if isinstance(control.function, FunctionValue)),
        None,
    )
    if not steps_environment or function is None:
        return False
    kept = accumulation.target

    class Returns(cst.CSTVisitor):
        def __init__(self) -> None:
            super().__init__()
            self.returns_kept = False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function.node  # not a nested function's returns

        def visit_Return(self, node: cst.Return) -> None:
            self.returns_kept |= node.value is not None and _mentions(node.value, kept)

    visitor = Returns()
    function.node.visit(visitor)
    return visitor.returns_kept


def _mentions(node: cst.CSTNode, name: str) -> bool:
    """Whether ``name`` is read anywhere within ``node``."""
    import libcst as cst  # here, not above: the flake8 plugin imports the rules, and most files never need libcst

    found: List[bool] = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                found.append(True)

    node.visit(Names())
    return bool(found)


def _steps_of_one_pass(loop: object) -> bool:
    """``for _ in range(n)`` whose body never reads its index: the same step
    run n times on what the last one left (a decoder feeding each output back),
    one pass over one input, not a pass per batch of data."""
    import libcst as cst  # here, not above: the flake8 plugin imports the rules, and most files never need libcst

    if not (isinstance(loop, cst.For) and isinstance(loop.iter, cst.Call) and isinstance(loop.iter.func, cst.Name)):
        return False
    if loop.iter.func.value != "range" or not isinstance(loop.target, cst.Name):
        return False
    index = loop.target.value
    return index == "_" or not _mentions(loop.body, index)


def _freezes_parameters(facts: FileFacts) -> bool:
    """The file turns requires_grad off somewhere (a frozen feature extractor):
    which outputs then carry a graph is more than the facts tell."""
    if any(store.name == "requires_grad" for store in facts.attribute_stores):
        return True
    return any(call.name == "requires_grad_" for call in facts.method_calls)
