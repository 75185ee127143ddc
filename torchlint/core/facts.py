"""The facts the evaluator leaves behind for the rules to read.

Rules never walk the syntax tree themselves: they read these records, each of
which carries the values involved and the control context (loops, branches,
``with`` blocks, calls into the file's own functions) it was seen in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar

from torchlint.core.values import Optimizer, Value

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.outline import Outline
    from torchlint.core.positions import Positions


@dataclass(eq=False)
class Control:
    """One entry into a loop, a branch, a ``with`` block or a call.

    Identity matters: two events share a loop iteration context exactly when
    they hold the same Control object.
    """

    kind: str  # "loop", "if", "else", "with", "call", "comprehension"
    node: cst.CSTNode
    # For "with": the context managers' values; for "call": the function
    # called; for a "loop" a library runs (Lightning's fit): what runs it.
    detail: Tuple[Optional[Value], ...] = ()
    # For a "loop" over a range of literal bounds (``for epoch in range(50000)``): how many times it runs.
    count: Optional[int] = None

    @property
    def function(self) -> Optional[Value]:
        """For a "call": the function called."""
        return self.detail[0] if self.kind == "call" and self.detail else None


def is_library_loop(control: Control) -> bool:
    """A training loop a library runs, standing where it is called (Lightning's
    ``trainer.fit(...)``): it calls backward() and step() itself."""
    return control.kind == "loop" and bool(control.detail)


def loops_of(controls: Sequence[Control]) -> Iterator[Control]:
    """The loops among ``controls``, innermost first."""
    for control in reversed(controls):
        if control.kind == "loop":
            yield control


def _training_call(call: MethodCall) -> bool:
    """``loss.backward()``, or a torch.optim optimizer's ``step()``."""
    return call.name == "backward" or (call.name == "step" and isinstance(call.receiver, Optimizer))


def enclosing_call(controls: Sequence[Control]) -> Optional[Control]:
    """The call whose body an event is in (None at module level)."""
    return next((control for control in reversed(controls) if control.kind == "call"), None)


@dataclass(frozen=True)
class Arg:
    """A call argument: its value and the expression that produced it."""

    value: Optional[Value]
    node: Optional[cst.CSTNode]


@dataclass(frozen=True)
class CallFact:
    """A call whose callee the analysis knows."""

    node: cst.Call
    callee: Value
    args: Tuple[Arg, ...]
    kwargs: Tuple[Tuple[str, Arg], ...]
    result: Optional[Value]
    controls: Tuple[Control, ...]
    # True when the call happens while a model's forward() is being evaluated.
    in_forward: bool
    # Whether autograd records at this point (False under torch.no_grad()).
    grad_enabled: bool = True

    def arg(self, index: int, name: Optional[str] = None) -> Arg:
        if name is not None:
            for key, arg in self.kwargs:
                if key == name:
                    return arg
        if index < len(self.args):
            return self.args[index]
        return Arg(None, None)


@dataclass(frozen=True)
class MethodCall:
    """``receiver.name(...)``, whether or not the receiver is known: the shape
    of a training loop (backward, step, zero_grad) does not depend on it."""

    node: cst.Call
    name: str
    receiver: Optional[Value]
    controls: Tuple[Control, ...]
    # How many calls with known callees were recorded before this one (orders the two lists).
    position: int = 0


@dataclass(frozen=True)
class Accumulation:
    """``total += value``, ``total = total + value`` or ``items.append(value)``."""

    node: cst.CSTNode
    target: str  # the accumulating name
    value: Optional[Value]
    # The name held a value from before the loop and was not rebound earlier
    # in this iteration: what is added survives into the next iteration.
    carried: bool
    controls: Tuple[Control, ...]
    # How many calls with known callees were recorded before it.
    position: int = 0
    # Outer loops in whose current iteration the name was bound anew.
    fresh_in: Tuple[Control, ...] = ()
    # Inside a model's forward(): a model's own working, not a training script's.
    in_forward: bool = False
    # Autograd records where it happens (no torch.no_grad() around it).
    grad_enabled: bool = True
    # The expression added (``v`` in ``total += v``, ``items.append(v)``).
    operand: Optional[cst.CSTNode] = None
    # A name the running function binds itself (not a parameter): gone when
    # the call returns, made anew at the next.
    local_to_call: bool = False


@dataclass(frozen=True)
class OpaqueCall:
    """A call whose callee is unknown (imported from elsewhere, say)."""

    node: cst.Call
    args: Tuple[Optional[Value], ...]
    controls: Tuple[Control, ...]


@dataclass(frozen=True)
class AttributeStore:
    """``owner.name = value``."""

    node: cst.CSTNode
    name: str
    value: Optional[Value]
    controls: Tuple[Control, ...]


@dataclass(frozen=True)
class WeightProduct:
    """Features times a tensor made to be trained: ``X @ w``,
    ``torch.matmul(X, w)``, ``X.mm(w)``; outside any module (a model written
    by hand), or in a module's forward (``x @ self.V``, an nn.Parameter)."""

    node: cst.CSTNode
    features: Arg
    controls: Tuple[Control, ...]
    grad_enabled: bool
    in_forward: bool


@dataclass(frozen=True)
class DescentStep:
    """A step of gradient descent written out, no optimizer: ``w = w - lr *
    grad``, ``w -= lr * dw`` (the gradient from ``torch.autograd.grad`` or
    computed by hand)."""

    node: cst.CSTNode
    learning_rate: float
    controls: Tuple[Control, ...]


@dataclass(frozen=True)
class LossCall:
    """A call of a loss, as a module (``criterion(pred, y)``) or a functional."""

    call: CallFact
    # The functional's name, whichever way it was called: "mse_loss", "cross_entropy", ...
    functional: str
    # How the user spelled it: "MSELoss" for the module, "mse_loss" for the functional.
    display_name: str
    prediction: Arg
    target: Arg


# Any of the records below: each carries its ``controls``.
Recorded = TypeVar("Recorded")


@dataclass
class FileFacts:
    module: cst.Module
    # The file's path, for reading data files it names (None for text without a file).
    path: Optional[str] = None
    # More directories to look for those data files in (the `data-dirs` setting).
    data_dirs: Tuple[str, ...] = ()
    # How a line of the analysed text is cited, when it is not the file's own
    # line (a notebook's cells joined into one text).
    describe_line: Optional[Callable[[int], str]] = None
    calls: List[CallFact] = field(default_factory=list)
    loss_calls: List[LossCall] = field(default_factory=list)
    method_calls: List[MethodCall] = field(default_factory=list)
    accumulations: List[Accumulation] = field(default_factory=list)
    opaque_calls: List[OpaqueCall] = field(default_factory=list)
    attribute_stores: List[AttributeStore] = field(default_factory=list)
    weight_products: List[WeightProduct] = field(default_factory=list)
    descent_steps: List[DescentStep] = field(default_factory=list)
    # Per loop: the names its body binds anew other than by adding to them
    # (``total = 0.0`` resets a running total; ``total += x`` does not).
    rebound: Dict[Control, Set[str]] = field(default_factory=dict)
    # The project modules the evaluation imported, (path, module): nodes of theirs are cited by file and line.
    imported: List[Tuple[str, cst.Module]] = field(default_factory=list)
    # CPython's outline of the same text (the engine sets it).
    outline: Optional[Outline] = None
    _positions: Optional[Positions] = None
    _imported_positions: Dict[int, Positions] = field(default_factory=dict)
    _training_loops: Optional[set] = None
    _within: Dict[int, Dict[int, list]] = field(default_factory=dict)

    def _records(self) -> Tuple[list, ...]:
        return (
            self.calls,
            self.loss_calls,
            self.method_calls,
            self.accumulations,
            self.opaque_calls,
            self.attribute_stores,
            self.weight_products,
            self.descent_steps,
        )

    def mark(self) -> Tuple[int, ...]:
        return tuple(len(records) for records in self._records())

    def rollback(self, mark: Tuple[int, ...]) -> None:
        """Forget what was recorded since ``mark`` (a loop body evaluated again)."""
        for records, length in zip(self._records(), mark):
            del records[length:]

    def trains(self, loop: Control) -> bool:
        """Whether the loop's body, or a function it calls, runs ``.backward()``,
        an optimizer's ``.step()`` or a gradient-descent step written out; a
        library's own training loop (Lightning's ``trainer.fit(...)``) does."""
        if is_library_loop(loop):
            return True
        if self._training_loops is None:
            self._training_loops = set()
            for call in self.method_calls:
                if _training_call(call):
                    self._training_loops.update(id(c) for c in call.controls if c.kind == "loop")
            for step in self.descent_steps:
                self._training_loops.update(id(c) for c in step.controls if c.kind == "loop")
        return id(loop) in self._training_loops

    def trains_anywhere(self) -> bool:
        """Whether anything in the file trains: a ``.backward()``, an optimizer's
        ``.step()`` or a gradient-descent step written out."""
        return bool(self.descent_steps) or any(_training_call(call) for call in self.method_calls)

    def used_for_training(self, accumulation: Accumulation) -> bool:
        """Collected for a backward() that follows: the name is bound anew in
        each iteration of a training loop, and a backward() in that loop runs
        after the collecting loop (unrolled RNN outputs, per-head loss terms).
        A backward() inside the collecting loop itself does not count: then
        each of its iterations trains, and what is kept outlives them."""
        collecting = next(loops_of(accumulation.controls), None)
        for loop in accumulation.fresh_in:
            if self.trains(loop) and any(
                call.name == "backward"
                and call.position >= accumulation.position
                and loop in call.controls
                and collecting not in call.controls
                for call in self.method_calls
            ):
                return True
        # A function that collects into a list of its own and calls backward() on what it
        # collected (an actor-critic's update: policy_losses.append(...), then
        # torch.stack(policy_losses).sum().backward()), however often it is called.
        running = enclosing_call(accumulation.controls) if accumulation.local_to_call else None
        return running is not None and any(
            call.name == "backward"
            and call.position >= accumulation.position
            and running in call.controls
            and collecting not in call.controls
            for call in self.method_calls
        )

    def training_loop(self, controls: Tuple[Control, ...]) -> Optional[Control]:
        """The innermost loop among ``controls`` that trains."""
        for control in reversed(controls):
            if control.kind == "loop" and self.trains(control):
                return control
        return None

    def position(self, node: cst.CSTNode) -> Tuple[int, int]:
        """(1-based line, 0-based column) of a node; computed only when a
        rule is about to report."""
        if self._positions is None:
            from torchlint.core.positions import Positions

            self._positions = Positions(self.module)
        return self._positions.get(node) or (1, 0)

    def entry_call(self, node: cst.CSTNode) -> Optional[Tuple[cst.CSTNode, Value]]:
        """For a node of an imported project module: the call in the linted
        file through which the evaluation reached it (the innermost such call
        on the way), and the function it called; None when nothing recorded
        at the node was reached from the file (a module's own top level)."""
        for records in self._records():
            for record in records:
                if getattr(record, "node", None) is not node:
                    continue
                for control in reversed(record.controls):
                    if control.kind == "call" and control.function is not None and self.in_file(control.node):
                        return control.node, control.function
        return None

    def in_file(self, node: cst.CSTNode) -> bool:
        """Whether the node is the linted file's own, not one of a module it imports."""
        self.position(node)
        return self._positions.get(node) is not None  # type: ignore[union-attr]

    def extent(self, node: cst.CSTNode) -> Optional[Tuple[int, int, int, int]]:
        """(line, column) of a node's start and of its end, for a fix that
        rewrites it; None for a node not in the module."""
        self.position(node)
        return self._positions.extent(node)  # type: ignore[union-attr]

    def line(self, node: cst.CSTNode) -> int:
        return self.position(node)[0]

    def where(self, node: cst.CSTNode) -> str:
        """A node's line as a message cites it: "line 9", or "cell 3, line 2" in a notebook."""
        if not self.in_file(node):
            imported = self._imported_line(node)
            if imported is not None:
                return imported
        line = self.line(node)
        return self.describe_line(line) if self.describe_line is not None else f"line {line}"

    def _imported_line(self, node: cst.CSTNode) -> Optional[str]:
        """"line 8 of models.py" for a node of an imported project module."""
        from torchlint.core.positions import Positions

        for path, module in self.imported:
            if id(module) not in self._imported_positions:
                self._imported_positions[id(module)] = Positions(module)
            found = self._imported_positions[id(module)].get(node)
            if found is not None:
                return f"line {found[0]} of {os.path.basename(path)}"
        return None

    def code(self, node: cst.CSTNode) -> str:
        """The source text of an expression, on one line."""
        text = self.module.code_for_node(node).strip()
        return " ".join(text.split())

    def within(self, control: Control, records: Sequence[Recorded]) -> List[Recorded]:
        """The records, among one of this file's lists, made inside ``control``
        (in its body or in a function called there), in their order.

        Indexed on first use: rules ask this once per loop, and scanning every
        record each time grows with the square of the file.
        """
        index = self._within.get(id(records))
        if index is None:
            index = {}
            for record in records:
                for key in {id(c) for c in record.controls}:
                    index.setdefault(key, []).append(record)
            self._within[id(records)] = index
        return index.get(id(control), [])
