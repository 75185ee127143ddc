"""An abstract interpreter over a libcst module.

It runs the file's statements in order, keeping for every name what is known
of its value (see ``values``), and records the calls it sees in ``FileFacts``.
Library knowledge (what ``torch.randn`` or ``df.iloc`` return) lives in
``torchlint.core.api``; this module knows Python: scopes, assignment, control
flow, and calls into the file's own functions and classes.

Precision over recall: where two paths disagree the value becomes unknown,
loops are re-run until their loop-carried values settle, and a function is
evaluated once per call site with the arguments it actually receives.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

import libcst as cst

from torchlint.core import api, handwritten
from torchlint.core.api.callsite import CallSite
from torchlint.core.source import walk
from torchlint.core.facts import (
    Accumulation,
    Arg,
    AttributeStore,
    CallFact,
    Control,
    FileFacts,
    LossCall,
    MethodCall,
    OpaqueCall,
    WeightProduct,
    enclosing_call,
    loops_of,
)
from torchlint.core.values import (
    Array,
    BoundMethod,
    Bunch,
    GradMode,
    ClassValue,
    Const,
    FunctionValue,
    Instance,
    Iterable,
    LambdaValue,
    ListOf,
    Mapping,
    Ref,
    Seq,
    Value,
    as_str,
    is_module,
    join,
    join_all,
)

# How deep calls into the file's own functions are followed, and how many such
# evaluations one file may cost in all: both keep the time linear in file size.
MAX_CALL_DEPTH = 6
CALL_BUDGET = 400
# Loop bodies are evaluated again until loop-carried values settle; after this
# many passes the values still changing are forgotten.
MAX_LOOP_PASSES = 3
# A loop over a literal tuple or list this short runs once per item instead.
MAX_UNROLL = 8
# ... and a comprehension over a parsed line's fields, one per column of a data file, this many.
MAX_FIELDS = 256
# nn.Module methods that set an attribute named by their first argument.
_REGISTERS = frozenset({"register_parameter", "register_buffer", "add_module", "register_module"})

_UNKNOWN_NAME = object()


class Scope:
    """Variables of one module, function or class body.

    Keys are names, or dotted paths ("self.fc", "model.head") for attributes
    assigned through a name, which shadow what the object itself says.
    """

    __slots__ = ("vars", "parent", "kind", "globals_", "written")

    def __init__(self, parent: Optional["Scope"], kind: str) -> None:
        self.vars: Dict[str, Optional[Value]] = {}
        self.parent = parent
        self.kind = kind
        self.globals_: set = set()
        # name -> (the expression last assigned to it, the value that made): a
        # loss written by hand in steps reads through the name.
        self.written: Dict[str, Tuple[cst.BaseExpression, Optional[Value]]] = {}

    def lookup(self, name: str) -> object:
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
            while scope is not None and scope.kind == "class":
                scope = scope.parent
        return _UNKNOWN_NAME

    def module_scope(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class _Frame:
    """One evaluation of a function body."""

    __slots__ = ("returns", "yields", "breaks", "continues", "loops")

    def __init__(self) -> None:
        self.returns: List[Optional[Value]] = []
        self.yields: List[Optional[Value]] = []
        # Per enclosing loop, the variables at each break / continue.
        self.breaks: List[List[Dict[str, Optional[Value]]]] = []
        self.continues: List[List[Dict[str, Optional[Value]]]] = []
        # Per enclosing loop: (its control, names bound before it, names bound so far in this iteration).
        self.loops: List[Tuple[Control, set, set]] = []

    def carried(self, name: str) -> bool:
        """Whether ``name`` holds a value from an earlier iteration of the innermost loop."""
        if not self.loops:
            return False
        _, before, this_iteration = self.loops[-1]
        return name in before and name not in this_iteration

    def fresh_in(self, name: str) -> Tuple[Control, ...]:
        """The outer loops in whose current iteration ``name`` was bound anew."""
        return tuple(control for control, _, this_iteration in self.loops[:-1] if name in this_iteration)


def join_vars(
    a: Dict[str, Optional[Value]], b: Dict[str, Optional[Value]]
) -> Dict[str, Optional[Value]]:
    """Variables after two paths meet. A name bound on one path only keeps that
    binding: reading it on the other path would raise NameError anyway."""
    merged = dict(a)
    for name, value in b.items():
        merged[name] = join(a[name], value) if name in a else value
    return merged


def _substitute(value: Value, old: Value, new: Optional[Value], depth: int = 3) -> Optional[Value]:
    """``value`` with ``old`` replaced by ``new`` wherever it sits among its items."""
    if value is old:
        return new
    if depth == 0:
        return value
    if isinstance(value, Seq):
        items = tuple(_substitute(item, old, new, depth - 1) if item is not None else None for item in value.items)
        changed = any(a is not b for a, b in zip(items, value.items))
        return Seq(items, value.kind) if changed else value
    if isinstance(value, Bunch):
        fields = tuple(
            (name, _substitute(item, old, new, depth - 1) if item is not None else None) for name, item in value.fields
        )
        changed = any(a[1] is not b[1] for a, b in zip(fields, value.fields))
        return dataclasses.replace(value, fields=fields) if changed else value
    return value


def _parameter_names(function: cst.FunctionDef) -> FrozenSet[str]:
    params = function.params
    named = (*params.posonly_params, *params.params, *params.kwonly_params)
    extra = tuple(param for param in (params.star_arg, params.star_kwarg) if isinstance(param, cst.Param))
    return frozenset(param.name.value for param in (*named, *extra))


def _join_history(earlier: Optional[Value], later: Optional[Value]) -> Optional[Value]:
    """Two bindings of one module-level name: a conversion that keeps the
    shape (numpy array to tensor) keeps the later value; anything else joins."""
    if isinstance(earlier, Array) and isinstance(later, Array) and earlier.shape == later.shape:
        return later
    return join(earlier, later)


def _dotted(node: cst.BaseExpression) -> Optional[str]:
    """ "a.b.c" for an attribute chain rooted at a name, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _plain_reference(node: Optional[cst.BaseExpression]) -> bool:
    """A name, attribute or subscript chain by literals or plain references
    (``groups[row["id"]]``): evaluating it again has no effect."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Subscript):
            if not all(
                isinstance(element.slice, cst.Index)
                and (
                    isinstance(element.slice.value, (cst.SimpleString, cst.Integer, cst.Name))
                    or (isinstance(element.slice.value, (cst.Attribute, cst.Subscript)) and _plain_reference(element.slice.value))
                )
                for element in node.slice
            ):
                return False
        node = node.value
    return isinstance(node, cst.Name)


def _root_name(node: cst.BaseExpression) -> str:
    """The name an attribute or subscript chain starts from (``self`` in ``self.log["x"]``)."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def _is_main_guard(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    right = test.comparisons[0].comparator
    return (
        isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and isinstance(test.comparisons[0].operator, cst.Equal)
        and isinstance(right, cst.SimpleString)
        and right.evaluated_value == "__main__"
    )


def _small_statements(body: Sequence[cst.CSTNode]):
    """Every simple statement of a body, in nested blocks too, but not inside
    nested functions or classes. (libcst's visitors rebuild the tree as they
    go, far too slow for a question asked of every function.)"""
    pending = list(body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        elif isinstance(statement, cst.BaseCompoundStatement):
            body = getattr(statement, "body", None)  # a match statement has cases only
            if isinstance(body, cst.BaseSuite):
                pending.extend(body.body)
            orelse = getattr(statement, "orelse", None)
            if isinstance(orelse, cst.If):
                pending.append(orelse)  # elif
            elif orelse is not None:
                pending.extend(orelse.body.body)
            finalbody = getattr(statement, "finalbody", None)
            if finalbody is not None:
                pending.extend(finalbody.body.body)
            for handler in getattr(statement, "handlers", ()) or getattr(statement, "cases", ()):
                pending.extend(handler.body.body)


_TRAINING_CALLS = frozenset({"backward", "step", "zero_grad"})


def _steps_training(body: cst.BaseSuite) -> bool:
    """Whether a loop body calls backward(), step() or zero_grad() itself: a
    training loop, which keeps its one pass per loop even over ``range(3)``."""
    return any(
        isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _TRAINING_CALLS
        for node in walk(body)
    )


def _assigned_self_attributes(func: cst.FunctionDef) -> set:
    """Names X such that the method body assigns ``self.X`` (syntactically)."""
    params = func.params.params or func.params.posonly_params
    if not params:
        return set()
    self_name = params[0].name.value
    found = set()
    for statement in _small_statements(func.body.body):
        if isinstance(statement, cst.Assign):
            targets = [target.target for target in statement.targets]
        elif isinstance(statement, (cst.AugAssign, cst.AnnAssign)):
            targets = [statement.target]
        else:
            continue
        while targets:
            target = targets.pop()
            if isinstance(target, (cst.Tuple, cst.List)):
                targets.extend(element.value for element in target.elements)
            elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
                if target.value.value == self_name:
                    found.add(target.attr.value)
    return found


def _span(part: cst.Slice) -> Optional[cst.BaseExpression]:
    """``k`` of a slice written ``a:a + k`` or ``a - k:a`` (the same bound twice, no step),
    or whose bounds differ by a literal or by one name (``t - 9:t + 1`` takes 10,
    ``t - window + 1:t + 1`` takes ``window``)."""
    upper, lower = part.upper, part.lower
    if part.step is not None or lower is None or upper is None:
        return None
    if isinstance(upper, cst.BinaryOperation) and isinstance(upper.operator, cst.Add) and upper.left.deep_equals(lower):
        return upper.right
    if isinstance(lower, cst.BinaryOperation) and isinstance(lower.operator, cst.Subtract) and lower.left.deep_equals(upper):
        return lower.right
    high, low = _linear(upper), _linear(lower)
    if high is None or low is None:
        return None
    terms, constant = _summed(high, low, -1)
    left = [(coefficient, leaf) for coefficient, leaf in terms.values() if coefficient]
    if not left:
        return cst.Integer(str(constant)) if constant > 0 else None
    if len(left) == 1 and left[0][0] == 1 and constant == 0:
        return left[0][1]
    return None


_Linear = Tuple[Dict[str, Tuple[int, cst.BaseExpression]], int]


def _linear(bound: cst.BaseExpression) -> Optional[_Linear]:
    """A bound as names with integer coefficients plus a literal int
    (``t - window + 1``: t once, window minus once, 1); None for other shapes."""
    if isinstance(bound, cst.Integer):
        return {}, int(bound.evaluated_value)
    if isinstance(bound, cst.Name):
        return {bound.value: (1, bound)}, 0
    if isinstance(bound, cst.BinaryOperation) and isinstance(bound.operator, (cst.Add, cst.Subtract)):
        left, right = _linear(bound.left), _linear(bound.right)
        if left is None or right is None:
            return None
        return _summed(left, right, 1 if isinstance(bound.operator, cst.Add) else -1)
    return None


def _summed(left: _Linear, right: _Linear, sign: int) -> _Linear:
    """``left + sign * right`` of two linear forms."""
    terms = dict(left[0])
    for name, (coefficient, leaf) in right[0].items():
        terms[name] = (terms.get(name, (0, leaf))[0] + sign * coefficient, leaf)
    return terms, left[1] + sign * right[1]


def _unroll_limit(items: Tuple[Optional[Value], ...]) -> int:
    """How many items a comprehension or map over ``items`` is evaluated for
    one by one: a parsed line's fields or a frame's column labels, one per
    column of a data file, as many as a wide table has (each element is
    cheap: ``float(v)``, ``c != "frame"``)."""
    columns = all(isinstance(item, api.textfiles.Field) or as_str(item) is not None for item in items)
    return MAX_FIELDS if columns else MAX_UNROLL


def _mapped_lambda(node: cst.Call) -> Optional[cst.Lambda]:
    """The lambda of ``map(lambda t: ..., items)``, when it takes one plain parameter."""
    if len(node.args) != 2 or any(arg.keyword is not None or arg.star for arg in node.args):
        return None
    function = node.args[0].value
    if not isinstance(function, cst.Lambda):
        return None
    params = function.params
    plain = params.params
    if len(plain) != 1 or plain[0].default is not None or params.posonly_params or params.kwonly_params:
        return None
    return function if params.star_arg is cst.MaybeSentinel.DEFAULT and params.star_kwarg is None else None


def _contains_yield(func: cst.FunctionDef) -> bool:
    """A ``yield`` as a statement or the value of an assignment: a generator."""
    for statement in _small_statements(func.body.body):
        value = getattr(statement, "value", None)
        if isinstance(value, cst.Yield):
            return True
    return False


class Evaluator:
    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.controls: List[Control] = []
        self.frames: List[_Frame] = []
        self.active: List[cst.FunctionDef] = []
        self.budget = CALL_BUDGET
        self.functions: List[FunctionValue] = []
        self.analysed: set = set()
        self.constructing: set = set()
        self.forward_depth = 0
        # Statements executed: the work done, which must grow with the file, not faster.
        self.steps = 0
        self._default_instances: Dict[int, Instance] = {}
        self.module_scope = Scope(None, "module")
        # The scopes of the calls being evaluated, outermost first: an in-place
        # change to an array is seen through every name that holds it.
        self.scopes: List[Scope] = [self.module_scope]
        # Every value each module-level name was bound to, joined: what a
        # function that no call reached may see of that name.
        self.module_history: Dict[str, Optional[Value]] = {}
        # Whether autograd records, innermost block or function last.
        self.grad_enabled: List[bool] = [True]
        self._last_operand: Optional[Value] = None
        # The operands of each difference of arrays: a loss written by hand reads them.
        self.differences: handwritten.Differences = {}
        # Data the script itself saved, by literal path (``df.to_csv("houses.csv",
        # index=False)``): what reading that path back gives, file or no file.
        self.files_written: Dict[str, Value] = {}
        # The name ``total += x`` (or ``xs.append(x)``) is binding: that binding
        # adds, it resets nothing.
        self._accumulating: Optional[str] = None
        # Whether any attribute was assigned through a name ("self.fc = ..."):
        # until then, attribute reads need not look for such bindings.
        self.overlays = False
        # A loop variable over a tuple of values, by id: (the variable's value, the values it stands for).
        self.aliases: Dict[int, Tuple[Value, Tuple[Optional[Value], ...]]] = {}
        self._generator_cache: Dict[cst.FunctionDef, bool] = {}
        self._training_bodies: Dict[cst.BaseSuite, bool] = {}

    # ------------------------------------------------------------------ entry

    def run(self) -> None:
        scope = self.module_scope
        self.frames.append(_Frame())
        self.exec_block(self.facts.module.body, scope)
        self.frames.pop()
        self._analyse_uncalled()

    def _analyse_uncalled(self) -> None:
        """Evaluate each function no call reached, with its arguments unknown.

        Such a function may run at any point of the module, so a module-level
        name it reads holds what is certain of every value bound to that name.
        """
        final = self.module_scope.vars
        self.module_scope.vars = {
            name: self.module_history.get(name, value) for name, value in final.items()
        }
        try:
            self._analyse_each_uncalled()
        finally:
            self.module_scope.vars = final

    def _analyse_each_uncalled(self) -> None:
        index = 0
        while index < len(self.functions):
            fn = self.functions[index]
            index += 1
            if fn.node in self.analysed:
                continue
            if fn.owner is not None and fn.bound_self is None and not self._is_static(fn):
                fn = dataclasses.replace(fn, bound_self=self.default_instance(fn.owner))
            self.budget = max(self.budget, 1)
            self.call_function(fn, None)

    def default_instance(self, cls: ClassValue) -> Instance:
        """An instance built by running __init__ with unknown arguments."""
        key = id(cls)
        if key not in self._default_instances:
            self._default_instances[key] = Instance(cls)
            self._default_instances[key] = self.instantiate(cls, None)
        return self._default_instances[key]

    # ------------------------------------------------------------ statements

    def exec_block(self, body: Sequence[cst.CSTNode], scope: Scope) -> bool:
        """Run statements in order; False once control cannot fall through."""
        for stmt in body:
            if not self.exec_stmt(stmt, scope):
                return False
        return True

    def exec_suite(self, suite: cst.BaseSuite, scope: Scope) -> bool:
        return self.exec_block(suite.body, scope)

    def exec_stmt(self, stmt: cst.CSTNode, scope: Scope) -> bool:
        self.steps += 1
        if isinstance(stmt, cst.SimpleStatementLine):
            return self.exec_block(stmt.body, scope)
        handler = self._STATEMENTS.get(type(stmt))
        if handler is None:
            return True
        return handler(self, stmt, scope)

    def _exec_assign(self, stmt: cst.Assign, scope: Scope) -> bool:
        value = self.eval(stmt.value, scope)
        expression = stmt.value
        if len(stmt.targets) == 1 and isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Add):
            target = stmt.targets[0].target
            if isinstance(target, cst.Name) and isinstance(expression.left, cst.Name) and expression.left.value == target.value:
                # total = total + value
                self._accumulated(stmt, target.value, self._last_operand, expression.right)
                self._accumulating = target.value
        try:
            for target in stmt.targets:
                self.assign(target.target, value, scope, stmt.value)
                if isinstance(target.target, cst.Name):
                    # err = (pred - y) ** 2, then err.mean(): the loss written by hand reads through the name.
                    scope.written[target.target.value] = (stmt.value, value)
        finally:
            self._accumulating = None
        return True

    def _written_as(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The expression a name was last assigned, in the running function or
        the module, while it still holds what that expression made (not since
        rebound by a loop or an unpacking); else the node itself."""
        if isinstance(node, cst.Name):
            for scope in (self.scopes[-1], self.module_scope):
                expression, value = scope.written.get(node.value, (None, None))
                if expression is not None and value is not None and scope.vars.get(node.value) is value:
                    return expression
        return node

    def _exec_ann_assign(self, stmt: cst.AnnAssign, scope: Scope) -> bool:
        if stmt.value is not None:
            self.assign(stmt.target, self.eval(stmt.value, scope), scope, stmt.value)
        return True

    def _exec_aug_assign(self, stmt: cst.AugAssign, scope: Scope) -> bool:
        operand = self.eval(stmt.value, scope)
        target = stmt.target
        if isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            index = self._eval_index(target, scope)
            current = api.subscript(base, index, target)
            updated = api.binary(stmt.operator, current, operand, stmt, stmt.value)
            self.assign_subscript(target, base, index, updated, stmt, scope)
            return True
        current = self.eval(target, scope)
        updated = api.binary(stmt.operator, current, operand, stmt, stmt.value)
        if updated is None and isinstance(current, Array) and current.kind in api.IN_PLACE_KINDS and current.shape is not None:
            # out += kern[i, j] * patch of an array or tensor: written in place, whatever is added,
            # so its shape and dtype stay (numpy and torch raise rather than grow it); its values are not known.
            updated = dataclasses.replace(current, scale=None, statistic=None, filled=False, graph=None)
        if isinstance(current, Array) and isinstance(updated, Array):
            # In place: the array keeps its shape and kind (and a weight stays one: w -= lr * w.grad).
            graph = current.graph if handwritten.is_weight(current) else updated.graph
            updated = dataclasses.replace(updated, shape=current.shape, origin=current.origin, kind=current.kind, graph=graph)
        if isinstance(target, cst.Name) and isinstance(stmt.operator, (cst.AddAssign, cst.SubtractAssign)):
            self._accumulated(stmt, target.value, operand, stmt.value)
            self._accumulating = target.value
        try:
            self.assign(target, updated, scope, stmt)
        finally:
            self._accumulating = None
        return True

    def _accumulated(
        self, node: cst.CSTNode, name: str, value: Optional[Value], operand: Optional[cst.CSTNode], plain_name: bool = True
    ) -> None:
        frame = self.frames[-1]
        own = plain_name and self._bound_by_running_function(name)
        fresh_in = frame.fresh_in(name) + (self._loops_around_call() if own else ())
        self.facts.accumulations.append(
            Accumulation(
                node,
                name,
                value,
                frame.carried(name),
                tuple(self.controls),
                len(self.facts.calls),
                fresh_in,
                self.forward_depth > 0,
                self.grad_enabled[-1],
                operand,
                own,
            )
        )

    def _bound_by_running_function(self, name: str) -> bool:
        """A name the running function binds itself (not a parameter): new at each call."""
        call = enclosing_call(self.controls)
        return call is not None and name in self.scopes[-1].vars and name not in _parameter_names(self.active[-1])

    def _loops_around_call(self) -> Tuple[Control, ...]:
        """The loops around the running function's call: a name it binds
        itself is new in each of their iterations (an episode's values,
        collected by a function the training loop calls)."""
        call = enclosing_call(self.controls)
        return tuple(loops_of(self.controls[: self.controls.index(call)])) if call is not None else ()

    def _exec_expr(self, stmt: cst.Expr, scope: Scope) -> bool:
        self.eval(stmt.value, scope)
        return True

    def _exec_return(self, stmt: cst.Return, scope: Scope) -> bool:
        value = self.eval(stmt.value, scope) if stmt.value is not None else Const(None)
        self.frames[-1].returns.append(value)
        return False

    def _exec_raise(self, stmt: cst.Raise, scope: Scope) -> bool:
        return False

    def _exec_break(self, stmt: cst.Break, scope: Scope) -> bool:
        frame = self.frames[-1]
        if frame.breaks:
            frame.breaks[-1].append(dict(scope.vars))
        return False

    def _exec_continue(self, stmt: cst.Continue, scope: Scope) -> bool:
        frame = self.frames[-1]
        if frame.continues:
            frame.continues[-1].append(dict(scope.vars))
        return False

    def _exec_del(self, stmt: cst.Del, scope: Scope) -> bool:
        targets = [stmt.target]
        while targets:
            target = targets.pop()
            if isinstance(target, (cst.Tuple, cst.List)):
                targets.extend(element.value for element in target.elements)
            elif isinstance(target, cst.Name):
                self._unbind(target.value, scope)
        return True

    def _exec_global(self, stmt: cst.Global, scope: Scope) -> bool:
        scope.globals_.update(item.name.value for item in stmt.names)
        return True

    def _exec_import(self, stmt: cst.Import, scope: Scope) -> bool:
        for alias in stmt.names:
            full = _dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.bind(alias.asname.name.value, Ref(api.canonical(full)), scope)
            else:
                root = full.split(".")[0]
                self.bind(root, Ref(root), scope)
        return True

    def _exec_import_from(self, stmt: cst.ImportFrom, scope: Scope) -> bool:
        if isinstance(stmt.names, cst.ImportStar):
            return True
        module = _dotted(stmt.module) if stmt.module is not None else None
        relative = bool(stmt.relative)
        for alias in stmt.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else _dotted(alias.name)
            local = alias.asname.name.value if alias.asname is not None else name
            if not isinstance(local, str):
                continue
            if relative or module is None:
                self.bind(local, None, scope)
            else:
                # What module.name stands for: a Ref, or a number (from math import pi).
                self.bind(local, api.attribute(Ref(module), name, alias), scope)
        return True

    def _exec_if(self, stmt: cst.If, scope: Scope) -> bool:
        if _is_main_guard(stmt.test):
            return self.exec_suite(stmt.body, scope)
        test = self.eval(stmt.test, scope)
        if isinstance(test, Const):
            # The test is known: only one branch runs.
            return self._exec_branch(stmt, bool(test.value), scope)
        before = scope.vars
        scope.vars = dict(before)
        body_falls = self._exec_branch(stmt, True, scope)
        body_vars = scope.vars
        scope.vars = dict(before)
        else_falls = self._exec_branch(stmt, False, scope)
        else_vars = scope.vars
        if body_falls and else_falls:
            scope.vars = join_vars(body_vars, else_vars)
        elif body_falls:
            scope.vars = body_vars
        elif else_falls:
            scope.vars = else_vars
        return body_falls or else_falls

    def _exec_branch(self, stmt: cst.If, taken: bool, scope: Scope) -> bool:
        """Run the body (taken) or the else part of an ``if``."""
        self.controls.append(Control("if" if taken else "else", stmt))
        try:
            if taken:
                return self.exec_suite(stmt.body, scope)
            if isinstance(stmt.orelse, cst.If):
                return self.exec_stmt(stmt.orelse, scope)
            if isinstance(stmt.orelse, cst.Else):
                return self.exec_suite(stmt.orelse.body, scope)
            return True
        finally:
            self.controls.pop()

    def _exec_for(self, stmt: cst.For, scope: Scope) -> bool:
        iterable = self.eval(stmt.iter, scope)
        if isinstance(iterable, Seq) and 0 < len(iterable.items) <= MAX_UNROLL and stmt.orelse is None:
            if self._unrolled(stmt, iterable.items, scope):
                return True
        if isinstance(iterable, Iterable) and iterable.items and stmt.orelse is None and not self._trains_itself(stmt.body):
            # for i in range(len(sizes) - 1): layers.append(nn.Linear(sizes[i], sizes[i + 1])).
            if self._unrolled(stmt, iterable.items, scope):
                return True
        item = api.iterate(iterable, self)
        if isinstance(iterable, Seq) and item is not None:
            # `for t in (a, b): t.unsqueeze_(1)` changes a and b: the loop
            # variable stands for each of them.
            self.aliases[id(item)] = (item, iterable.items)

        def bind_target() -> None:
            self.assign(stmt.target, item, scope, stmt.iter)

        return self._loop(stmt, stmt.body, stmt.orelse, scope, bind_target, None, api.nonempty(iterable))

    def _exec_while(self, stmt: cst.While, scope: Scope) -> bool:
        return self._loop(stmt, stmt.body, stmt.orelse, scope, None, stmt.test)

    def _unrolled(self, stmt: cst.For, items: Tuple[Optional[Value], ...], scope: Scope) -> bool:
        """Run the body once per item of a short literal sequence, each time
        with that item: ``for width in (64, 32): layers.append(nn.Linear(...))``.
        Gives up (False, nothing recorded) if the body breaks, continues or
        returns."""
        frame = self.frames[-1]
        before = scope.vars
        scope.vars = dict(before)
        mark = self.facts.mark()
        frame.breaks.append([])
        frame.continues.append([])
        control = Control("loop", stmt)
        self.controls.append(control)
        straight = True
        frame.loops.append((control, set(before), set()))
        try:
            for item in items:
                _, entry, assigned = frame.loops[-1]
                frame.loops[-1] = (control, entry | assigned, set())
                self.assign(stmt.target, item, scope, stmt.iter)
                if not self.exec_suite(stmt.body, scope):
                    straight = False
                    break
        finally:
            frame.loops.pop()
            self.controls.pop()
            jumps = frame.breaks.pop() + frame.continues.pop()
        if straight and not jumps:
            return True
        self.facts.rollback(mark)
        scope.vars = before
        return False

    def _loop(
        self,
        stmt: cst.CSTNode,
        body: cst.BaseSuite,
        orelse: Optional[cst.Else],
        scope: Scope,
        bind_target: Optional[Callable[[], None]],
        test: Optional[cst.BaseExpression],
        runs: bool = False,
    ) -> bool:
        """Run a loop's body to a fixpoint of what its names hold. ``runs``:
        the body is known to run at least once (``for i in range(1000)``), so
        no path leaves the loop with its names as they were before it (an
        array of zeros filled in the loop is never left all zeros)."""
        frame = self.frames[-1]
        entry = scope.vars
        for attempt in range(MAX_LOOP_PASSES + 1 + int(runs)):
            loop_pass = attempt - int(runs)  # a first pass peeled off is none of the fixpoint's
            mark = self.facts.mark()
            bound_so_far = [set(this_iteration) for _, _, this_iteration in frame.loops]
            scope.vars = dict(entry)
            frame.breaks.append([])
            frame.continues.append([])
            control = Control("loop", stmt)
            frame.loops.append((control, set(entry), set()))
            self.controls.append(control)
            if test is not None:
                self.eval(test, scope)
            if bind_target is not None:
                bind_target()
            falls = self.exec_suite(body, scope)
            self.controls.pop()
            frame.loops.pop()
            breaks = frame.breaks.pop()
            continues = frame.continues.pop()
            ends = ([scope.vars] if falls else []) + continues
            if loop_pass < 0:
                if ends and not breaks:
                    # The first pass always completes: start from where it ends, as if
                    # nothing of it was recorded (nor bound in the loops around).
                    self.facts.rollback(mark)
                    for (_, _, this_iteration), before_pass in zip(frame.loops, bound_so_far):
                        this_iteration.intersection_update(before_pass)
                    entry = ends[0]
                    for vars_ in ends[1:]:
                        entry = join_vars(entry, vars_)
                    continue
            end = entry
            for vars_ in ends:
                end = join_vars(end, vars_)
            changed = [name for name in entry if name in end and end[name] != entry[name]]
            if not changed:
                break
            if loop_pass == MAX_LOOP_PASSES - 1:
                end = dict(end)
                for name in changed:
                    end[name] = None
            if loop_pass < MAX_LOOP_PASSES:
                self.facts.rollback(mark)
                entry = join_vars(entry, end)
        after = end
        for vars_ in breaks:
            after = join_vars(after, vars_)
        scope.vars = after
        if orelse is not None:
            self.exec_suite(orelse.body, scope)
        return True

    def _exec_try(self, stmt: cst.Try, scope: Scope) -> bool:
        before = scope.vars
        scope.vars = dict(before)
        falls = self.exec_suite(stmt.body, scope)
        if falls and stmt.orelse is not None:
            falls = self.exec_suite(stmt.orelse.body, scope)
        outcomes = [scope.vars] if falls else []
        for handler in stmt.handlers:
            scope.vars = join_vars(before, outcomes[0]) if outcomes else dict(before)
            if self.exec_suite(handler.body, scope):
                outcomes.append(scope.vars)
        if outcomes:
            merged = outcomes[0]
            for vars_ in outcomes[1:]:
                merged = join_vars(merged, vars_)
            scope.vars = merged
        else:
            scope.vars = dict(before)
        if stmt.finalbody is not None:
            self.exec_suite(stmt.finalbody.body, scope)
        return bool(outcomes)

    def _exec_with(self, stmt: cst.With, scope: Scope) -> bool:
        managers = []
        for item in stmt.items:
            value = self.eval(item.item, scope)
            managers.append(value)
            if item.asname is not None:
                self.assign(item.asname.name, api.enter_context(value), scope, item.item)
        modes = [manager.enabled for manager in managers if isinstance(manager, GradMode)]
        self.controls.append(Control("with", stmt, tuple(managers)))
        if modes:
            self.grad_enabled.append(modes[-1])
        try:
            return self.exec_suite(stmt.body, scope)
        finally:
            if modes:
                self.grad_enabled.pop()
            self.controls.pop()

    def _exec_match(self, stmt: cst.Match, scope: Scope) -> bool:
        self.eval(stmt.subject, scope)
        before = scope.vars
        outcomes = []
        for case in stmt.cases:
            scope.vars = dict(before)
            if self.exec_suite(case.body, scope):
                outcomes.append(scope.vars)
        merged = dict(before)
        for vars_ in outcomes:
            merged = join_vars(merged, vars_)
        scope.vars = merged
        return True

    def _exec_function_def(self, stmt: cst.FunctionDef, scope: Scope) -> bool:
        self.bind(stmt.name.value, self._make_function(stmt, scope, None), scope)
        return True

    def _defaults(self, params: cst.Parameters, scope: Scope) -> Tuple[Tuple[str, Optional[Value]], ...]:
        """The parameters' default values, evaluated where the function is defined."""
        return tuple(
            (param.name.value, self.eval(param.default, scope))
            for param in (*params.posonly_params, *params.params, *params.kwonly_params)
            if param.default is not None
        )

    def _make_function(self, stmt: cst.FunctionDef, scope: Scope, owner: Optional[ClassValue]) -> FunctionValue:
        defaults = self._defaults(stmt.params, scope)
        grad_enabled = None
        for decorator in stmt.decorators:
            mode = api.grad_mode(self.eval(decorator.decorator, scope))
            if mode is not None:
                grad_enabled = mode
        fn = FunctionValue(stmt, scope, defaults, None, owner, grad_enabled)
        self.functions.append(fn)
        return fn

    def _exec_class_def(self, stmt: cst.ClassDef, scope: Scope) -> bool:
        bases = tuple(self.eval(arg.value, scope) for arg in stmt.bases)
        cls = ClassValue(stmt, bases)
        body_scope = Scope(scope, "class")
        unstable = set()
        for item in stmt.body.body:
            if isinstance(item, cst.FunctionDef):
                method = self._make_function(item, scope, cls)
                cls.methods[item.name.value] = method
                if item.name.value != "__init__":
                    unstable |= _assigned_self_attributes(item)
            else:
                self.exec_stmt(item, body_scope)
        cls.attrs.update(body_scope.vars)
        cls.unstable = frozenset(unstable)
        self.bind(stmt.name.value, cls, scope)
        return True

    _STATEMENTS: Dict[type, Callable[["Evaluator", cst.CSTNode, Scope], bool]] = {
        cst.Assign: _exec_assign,
        cst.AnnAssign: _exec_ann_assign,
        cst.AugAssign: _exec_aug_assign,
        cst.Expr: _exec_expr,
        cst.Return: _exec_return,
        cst.Raise: _exec_raise,
        cst.Break: _exec_break,
        cst.Continue: _exec_continue,
        cst.Del: _exec_del,
        cst.Global: _exec_global,
        cst.Import: _exec_import,
        cst.ImportFrom: _exec_import_from,
        cst.If: _exec_if,
        cst.For: _exec_for,
        cst.While: _exec_while,
        cst.Try: _exec_try,
        cst.TryStar: _exec_try,
        cst.With: _exec_with,
        cst.Match: _exec_match,
        cst.FunctionDef: _exec_function_def,
        cst.ClassDef: _exec_class_def,
    }

    # --------------------------------------------------------------- binding

    def _target_scope(self, name: str, scope: Scope) -> Scope:
        return scope.module_scope() if name in scope.globals_ else scope

    def bind(self, name: str, value: Optional[Value], scope: Scope) -> None:
        target = self._target_scope(name, scope)
        self._unbind(name, target)
        target.vars[name] = value
        loops = self.frames[-1].loops if self.frames else None
        if loops:
            for control, _, this_iteration in loops:
                this_iteration.add(name)
                if name != self._accumulating:
                    self.facts.rebound.setdefault(control, set()).add(name)
        if target is self.module_scope:
            history = self.module_history
            history[name] = _join_history(history[name], value) if name in history else value

    def replace_everywhere(self, old: Value, new: Optional[Value]) -> None:
        """An object changed in place: every name holding it, directly or inside
        a list, tuple or dict, now holds ``new``."""
        seen: set = set()
        for scope in self.scopes:
            for key, value in scope.vars.items():
                if value is not None:
                    replaced = _substitute(value, old, new)
                    if replaced is not value:
                        scope.vars[key] = replaced
                    self._replace_in_objects(replaced, old, new, seen, 3)
        _, stands_for = self.aliases.pop(id(old), (None, ()))
        for item in stands_for:
            if item is not None:
                # Which one changed is unknown: each is now itself or the new value.
                self.replace_everywhere(item, join(item, new))

    def _replace_in_objects(self, value: Optional[Value], old: Value, new: Optional[Value], seen: set, depth: int) -> None:
        """``replace_everywhere`` within the attributes of the file's own
        objects (``agent.buffer["reward"].append(r)``). Where the change may
        not happen on every path (under a branch, in a loop), a list there
        becomes one of unseen length: the object is not joined when paths meet."""
        if depth == 0 or value is None or id(value) in seen:
            return
        if isinstance(value, Instance):
            seen.add(id(value))
            changed = new if self._holds_from_here(value) or not isinstance(new, Seq) or new.kind != "list" else ListOf(join_all(new.items))
            for name, item in list(value.attrs.items()):
                if item is not None:
                    value.attrs[name] = _substitute(item, old, changed)
                    self._replace_in_objects(value.attrs[name], old, new, seen, depth - 1)
        elif isinstance(value, Seq):
            for item in value.items:
                self._replace_in_objects(item, old, new, seen, depth - 1)
        elif isinstance(value, Bunch):
            for _, item in value.fields:
                self._replace_in_objects(item, old, new, seen, depth - 1)

    def _unbind(self, name: str, scope: Scope) -> None:
        scope.vars.pop(name, None)
        if self.overlays:
            prefix = name + "."
            stale = [key for key in scope.vars if key.startswith(prefix)]
            for key in stale:
                del scope.vars[key]

    def assign(
        self,
        target: cst.BaseExpression,
        value: Optional[Value],
        scope: Scope,
        source: Optional[cst.CSTNode],
    ) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, value, scope)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self._assign_unpacked(target, value, scope, source)
        elif isinstance(target, cst.Attribute):
            self._assign_attribute(target, value, scope)
        elif isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            index = self._eval_index(target, scope)
            self.assign_subscript(target, base, index, value, target, scope)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, None, scope, source)

    def _assign_unpacked(
        self,
        target: cst.BaseExpression,
        value: Optional[Value],
        scope: Scope,
        source: Optional[cst.CSTNode],
    ) -> None:
        elements = target.elements
        stars = [position for position, element in enumerate(elements) if isinstance(element, cst.StarredElement)]
        if len(stars) == 1:
            # *features, target = batch: the starred name takes a list of what the others leave.
            known = api.unpack(value, None)
            if known is not None and len(known) >= len(elements) - 1:
                star, rest = stars[0], len(known) - len(elements) + 1
                items: Optional[Tuple[Optional[Value], ...]] = (
                    *known[:star], Seq(known[star:star + rest], "list"), *known[star + rest:]
                )
            else:
                items = None
        else:
            items = api.unpack(value, len(elements)) if not stars else None
        for position, element in enumerate(elements):
            item = items[position] if items is not None else None
            self.assign(element.value, item, scope, source)

    def _assign_attribute(self, target: cst.Attribute, value: Optional[Value], scope: Scope) -> None:
        owner = self.eval(target.value, scope)
        name = target.attr.value
        self.facts.attribute_stores.append(AttributeStore(target, name, value, tuple(self.controls)))
        if isinstance(owner, Array) and name == "shape":
            # numpy's in-place reshape: ``y.shape = (-1, 1)``.
            self.replace_everywhere(owner, api.set_shape(owner, value, target))
            return
        changed = api.attribute_written(owner, name, value)
        if changed is not None:
            self.replace_everywhere(owner, changed)  # model.fc = nn.Linear(512, 1): the model changed
        if isinstance(owner, Instance):
            if self._holds_from_here(owner):
                owner.attrs[name] = value
            elif self._accumulating is None and self._unconditional_in_method() and not isinstance(value, Const):
                # A literal is what changes from one iteration to the next (a step
                # counter, a done flag): joined below, it is no constant in the loop.
                owner.attrs[name] = value
            elif self._accumulating is None:
                # A later rebinding may be conditional: the attribute is what it
                # was or what is written now (first set here, only that: read
                # before, it would have raised); the path below still says which.
                owner.attrs[name] = join(owner.attrs[name], value) if name in owner.attrs else value
        path = _dotted(target)
        if path is not None:
            root = path.split(".")[0]
            home = self._target_scope(root, scope)
            home.vars[path] = value
            self.overlays = True

    def _unconditional_in_method(self) -> bool:
        """Whether the statement running is in a function called from a loop,
        under no branch or loop of that function's own (``self.cash = ...`` in
        an environment's ``reset()``): once the call ran, the attribute holds
        what it wrote, for the rest of that iteration and into the next."""
        calls = [index for index, control in enumerate(self.controls) if control.kind == "call"]
        straight = bool(calls) and all(control.kind == "with" for control in self.controls[calls[-1] + 1:])
        return straight and not self.frames[-1].returns  # no earlier return skips it

    def _holds_from_here(self, owner: Instance) -> bool:
        """Whether what is assigned to ``owner`` now holds from here on: while
        its ``__init__`` runs, or reached through calls and ``with`` blocks
        only, no branch, loop or earlier ``return`` on the way (``dm.setup()``
        setting ``self.train_ds``), on an instance the script made."""
        return id(owner) in self.constructing or (
            all(control.kind in ("call", "with") for control in self.controls)
            and not any(frame.returns for frame in self.frames)
            and all(owner is not default for default in self._default_instances.values())
        )

    def assign_subscript(
        self,
        target: cst.Subscript,
        base: Optional[Value],
        index: Tuple[Optional[Value], ...],
        value: Optional[Value],
        node: cst.CSTNode,
        scope: Scope,
    ) -> None:
        """``base[index] = value``: the object changes in place, for every name
        that holds it."""
        updated = api.setitem(base, index, value, node)
        if isinstance(updated, Array) and updated.filled:
            updated = dataclasses.replace(updated, filled=False)  # target[mask] = 1: no longer one number throughout
        if isinstance(base, Array) and isinstance(updated, Array):
            # The same array, written in place: whatever holds it (an object's
            # attribute in a loop too) holds it as written now.
            if updated is not base:
                self.replace_everywhere(base, updated)
            return
        if isinstance(updated, api.Indexer) and isinstance(base, api.Indexer):
            # df.loc[...] = ...: the frame itself changed.
            self.replace_everywhere(base.owner, updated.owner)
            if isinstance(target.value, cst.Attribute):
                self.assign(target.value.value, updated.owner, scope, node)
            return
        if updated is not base:
            if base is not None:
                self.replace_everywhere(base, updated)
            self.assign(target.value, updated, scope, node)

    # ----------------------------------------------------------- expressions

    def eval(self, node: Optional[cst.BaseExpression], scope: Scope) -> Optional[Value]:
        if node is None:
            return None
        handler = self._EXPRESSIONS.get(type(node))
        if handler is None:
            self._eval_children(node, scope)
            return None
        return handler(self, node, scope)

    def _eval_children(self, node: cst.CSTNode, scope: Scope) -> None:
        """Evaluate sub-expressions of a construct the analysis does not model,
        so that the calls inside it are still recorded."""
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.eval(child, scope)
            elif not isinstance(child, (cst.BaseSuite, cst.BaseStatement)):
                self._eval_children(child, scope)

    def _eval_name(self, node: cst.Name, scope: Scope) -> Optional[Value]:
        found = scope.lookup(node.value)
        if found is not _UNKNOWN_NAME:
            return found  # type: ignore[return-value]
        return api.builtin(node.value)

    def _eval_attribute(self, node: cst.Attribute, scope: Scope) -> Optional[Value]:
        if self.overlays:
            path = _dotted(node)
            if path is not None:
                found = scope.lookup(path)
                if found is not _UNKNOWN_NAME:
                    return found  # type: ignore[return-value]
        owner = self.eval(node.value, scope)
        return self.get_attribute(owner, node.attr.value, node)

    def get_attribute(self, owner: Optional[Value], name: str, node: cst.CSTNode) -> Optional[Value]:
        if isinstance(owner, Instance):
            return self._instance_attribute(owner, name, node)
        if isinstance(owner, ClassValue):
            found = owner.lookup(name)
            return found
        return api.attribute(owner, name, node)

    def _instance_attribute(self, owner: Instance, name: str, node: cst.CSTNode) -> Optional[Value]:
        if name in owner.attrs:
            return owner.attrs[name]
        found = owner.cls.lookup(name)
        if isinstance(found, FunctionValue):
            if self._is_property(found):
                return self.call_function(dataclasses.replace(found, bound_self=owner), None)
            if self._is_static(found):
                return found
            return dataclasses.replace(found, bound_self=owner)
        if name in owner.cls.unstable:
            return None
        if found is not None:
            return found
        if is_module(owner) or owner.cls.derives_from_module():
            return BoundMethod(owner, name)
        return None

    @staticmethod
    def _decorator_names(fn: FunctionValue) -> List[str]:
        names = []
        for decorator in fn.node.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call):
                expr = expr.func
            names.append((_dotted(expr) or "").split(".")[-1])
        return names

    def _is_property(self, fn: FunctionValue) -> bool:
        return any(name in ("property", "cached_property") for name in self._decorator_names(fn))

    def _is_static(self, fn: FunctionValue) -> bool:
        return "staticmethod" in self._decorator_names(fn)

    def _eval_integer(self, node: cst.Integer, scope: Scope) -> Optional[Value]:
        try:
            return Const(int(node.value, 0))  # base 0 reads 0x.., 0o.., 0b.. and underscores
        except ValueError:  # 0777-style or more digits than Python converts: unknown
            return None

    def _eval_float(self, node: cst.Float, scope: Scope) -> Optional[Value]:
        try:
            return Const(float(node.value.replace("_", "")))
        except ValueError:
            return None

    def _eval_string(self, node: cst.SimpleString, scope: Scope) -> Optional[Value]:
        text = node.value
        quote = text[-1]
        if text[0] == quote and "\\" not in text:
            # A plain literal without prefix or escapes: no need for libcst's
            # evaluated_value, which compiles each literal with ast.
            width = 3 if text.startswith(quote * 3) and len(text) >= 6 else 1
            return Const(text[width:-width])
        try:
            return Const(node.evaluated_value)
        except Exception:  # a literal libcst cannot evaluate: unknown
            return None

    def _eval_formatted(self, node: cst.FormattedString, scope: Scope) -> Optional[Value]:
        """``f"I{j}"`` of known ints and texts without a format spec: the text
        (column names made in a comprehension, ``[f"I{j}" for j in range(1, 14)]``)."""
        pieces: List[str] = []
        known = True
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces.append(part.value)
                continue
            value = self.eval(part.expression, scope)  # type: ignore[attr-defined]
            literal = value.value if isinstance(value, Const) else None
            known = known and not part.format_spec and not part.conversion and type(literal) in (int, str)  # type: ignore[attr-defined]
            pieces.append(str(literal))
        text = "".join(pieces)
        # Escaped braces and backslashes are left to Python: their text is not the source's.
        return Const(text) if known and not any(part in text for part in "{\\") else None

    def _eval_concatenated(self, node: cst.ConcatenatedString, scope: Scope) -> Optional[Value]:
        self._eval_children(node, scope)
        value = node.evaluated_value if not self._has_format(node) else None
        return Const(value) if isinstance(value, str) else None

    @staticmethod
    def _has_format(node: cst.ConcatenatedString) -> bool:
        parts = [node.left, node.right]
        while parts:
            part = parts.pop()
            if isinstance(part, cst.FormattedString):
                return True
            if isinstance(part, cst.ConcatenatedString):
                parts.extend((part.left, part.right))
        return False

    def _eval_ellipsis(self, node: cst.Ellipsis, scope: Scope) -> Optional[Value]:
        return Const(...)

    def _eval_sequence(self, node: cst.BaseExpression, scope: Scope) -> Optional[Value]:
        items: List[Optional[Value]] = []
        for element in node.elements:  # type: ignore[attr-defined]
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                expanded = api.unpack(value, None)
                if expanded is None:
                    return None
                items.extend(expanded)
            else:
                items.append(value)
        return Seq(tuple(items), "list" if isinstance(node, cst.List) else "tuple")

    def _eval_dict(self, node: cst.Dict, scope: Scope) -> Optional[Value]:
        """A dict literal with string keys, as a bag of named values."""
        fields = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                self.eval(element.value, scope)
                return None
            key = self.eval(element.key, scope)
            value = self.eval(element.value, scope)
            if not (isinstance(key, Const) and isinstance(key.value, str)):
                self._eval_children(node, scope)
                return None
            fields.append((key.value, value))
        return Bunch(tuple(fields))

    def _eval_binary(self, node: cst.BinaryOperation, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        self._last_operand = right
        if isinstance(node.operator, cst.Subtract) and isinstance(left, Array) and isinstance(right, Array):
            self.differences[node] = (Arg(left, node.left), Arg(right, node.right))
        features: Optional[Arg] = None  # of a model written by hand: features times weights
        if isinstance(node.operator, cst.MatrixMultiply) and isinstance(left, Array) and handwritten.is_weight(right):
            features = Arg(left, node.left)
        elif isinstance(node.operator, cst.MatrixMultiply) and isinstance(right, Array) and handwritten.is_weight(left):
            # w.T @ X: one example per column, so X's columns are no features; its magnitude still is.
            if not handwritten.is_weight(right):
                scale = right.scale.without_columns() if right.scale is not None else None
                features = Arg(dataclasses.replace(right, scale=scale), node.right)
        elif isinstance(node.operator, cst.Multiply) and isinstance(left, Array) and isinstance(right, Array):
            # w * x + b: a one-feature model written by hand, the weight on either side.
            if handwritten.is_weight(left) != handwritten.is_weight(right):
                features = Arg(right, node.right) if handwritten.is_weight(left) else Arg(left, node.left)
        result = api.binary(node.operator, left, right, node, node.right)
        if features is not None:
            self._weight_product(node, features)
            result = self._model_output(result)
        if isinstance(node.operator, (cst.Multiply, cst.Subtract)):
            return handwritten.with_pairing(result, node, Arg(left, node.left), Arg(right, node.right), self.in_training_step())
        return result

    def in_training_step(self) -> bool:
        """Outside any forward() and with gradients on: where a loss is computed to train."""
        return self.forward_depth == 0 and self.grad_enabled[-1]

    def _eval_unary(self, node: cst.UnaryOperation, scope: Scope) -> Optional[Value]:
        return api.unary(node.operator, self.eval(node.expression, scope), node)

    def _eval_comparison(self, node: cst.Comparison, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        rights = [self.eval(target.comparator, scope) for target in node.comparisons]
        if len(rights) == 1:
            return api.compare(node.comparisons[0].operator, left, rights[0], node)
        return None

    def _eval_boolean(self, node: cst.BooleanOperation, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        if isinstance(left, Const) and isinstance(right, Const):
            if isinstance(node.operator, cst.And):
                return right if left.value else left
            return left if left.value else right
        return None

    def _eval_if_exp(self, node: cst.IfExp, scope: Scope) -> Optional[Value]:
        test = self.eval(node.test, scope)
        if isinstance(test, Const):
            return self.eval(node.body if test.value else node.orelse, scope)
        return join(self.eval(node.body, scope), self.eval(node.orelse, scope))

    def _eval_named(self, node: cst.NamedExpr, scope: Scope) -> Optional[Value]:
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope, node.value)
        return value

    def _eval_yield(self, node: cst.Yield, scope: Scope) -> Optional[Value]:
        value = node.value
        if isinstance(value, cst.From):
            item = api.iterate(self.eval(value.item, scope), self)
        else:
            item = self.eval(value, scope) if value is not None else Const(None)
        if self.frames:
            self.frames[-1].yields.append(item)
        return None

    def _eval_await(self, node: cst.Await, scope: Scope) -> Optional[Value]:
        self.eval(node.expression, scope)
        return None

    def _eval_lambda(self, node: cst.Lambda, scope: Scope) -> Optional[Value]:
        return LambdaValue(node, scope, self._defaults(node.params, scope))

    def _eval_comprehension(self, node: cst.BaseExpression, scope: Scope) -> Optional[Value]:
        """Evaluate the element once per ``for`` clause, in a scope of its own."""
        inner = Scope(scope, "comprehension")
        control = Control("comprehension", node)
        self.controls.append(control)
        clause = node.for_in  # type: ignore[attr-defined]
        first = True
        while clause is not None:
            # The first iterable is evaluated in the enclosing scope (Python's rule).
            iterable = self.eval(clause.iter, scope if first else inner)
            if first and isinstance(node, cst.DictComp) and not clause.ifs and clause.inner_for_in is None:
                # {k: torch.as_tensor(v[idxs]) for k, v in buffers.items()}: one entry per known item.
                entries = self._dict_entries(clause, node, iterable, inner)
                if entries is not None:
                    self.controls.pop()
                    return entries
            if first and isinstance(node, cst.ListComp):
                mark = self.facts.mark()
                produce = self._clause_elements(clause, node.elt, inner)
                elements = self._each_item(clause.target, iterable, produce, inner, clause.iter)
                if elements is not None:
                    self.controls.pop()
                    return Seq(tuple(elements), "list")
                self.facts.rollback(mark)  # not known item by item: evaluated once more below, for any item
                labels = self._filtered_labels(clause, node, iterable, inner)
                if labels is not None:
                    self.controls.pop()
                    return labels
            first = False
            self.assign(clause.target, api.iterate(iterable, self), inner, clause.iter)
            for condition in clause.ifs:
                self.eval(condition.test, inner)
            clause = clause.inner_for_in
        if isinstance(node, cst.DictComp):
            self.eval(node.key, inner)
            element = self.eval(node.value, inner)
        else:
            element = self.eval(node.elt, inner)  # type: ignore[attr-defined]
        self.controls.pop()
        if isinstance(node, cst.DictComp):
            return Mapping(element)
        if isinstance(node, cst.GeneratorExp):
            return Iterable(element)
        if isinstance(node, cst.ListComp):
            return ListOf(element)
        return None

    def _eval_map(self, function: cst.Lambda, items: cst.BaseExpression, node: cst.Call, scope: Scope) -> Optional[Value]:
        """``map(lambda t: t.to(device), (X, y))``: the lambda's body for each
        item, as the comprehension ``[t.to(device) for t in (X, y)]`` makes it."""
        iterable = self.eval(items, scope)
        inner = Scope(scope, "comprehension")
        parameter = function.params.params[0].name
        self.controls.append(Control("comprehension", node))
        try:
            results = self._each_item(parameter, iterable, lambda: [self.eval(function.body, inner)], inner, items)
            if results is not None:
                return Seq(tuple(results), "list")
            self.assign(parameter, api.iterate(iterable, self), inner, items)
            return Iterable(self.eval(function.body, inner))
        finally:
            self.controls.pop()

    def _filtered_labels(self, clause: cst.CompFor, node: cst.ListComp, iterable: Optional[Value], inner: Scope) -> Optional[Value]:
        """``[c for c in df.columns if c != "y"]`` over labels known only in
        part (one-hot columns of unknown number follow): the known ones its
        ifs keep, then some of the others."""
        names = api.leading_labels(iterable)
        element, target = node.elt, clause.target
        if names is None or clause.inner_for_in is not None or not isinstance(element, cst.Name):
            return None
        if not isinstance(target, cst.Name) or target.value != element.value:
            return None
        known = Seq(tuple(Const(name) for name in names), "list")
        kept = self._each_item(target, known, self._clause_elements(clause, element, inner), inner, clause.iter)
        if kept is None:
            return None
        return api.labels_followed_by_more(tuple(as_str(label) for label in kept))  # type: ignore[misc]

    def _each_item(
        self,
        target: cst.BaseExpression,
        iterable: Optional[Value],
        produce: Callable[[], Optional[List[Optional[Value]]]],
        inner: Scope,
        source: cst.CSTNode,
    ) -> Optional[List[Optional[Value]]]:
        """``[make(m) for m in (a, b)]``, ``map(lambda m: make(m), (a, b))``:
        what ``produce`` makes for each item in turn, each known; None for an
        iterable not known item by item."""
        items = api.known_items(iterable)
        if items is None or not 0 < len(items) <= _unroll_limit(items):
            return None
        elements: List[Optional[Value]] = []
        for item in items:
            self.assign(target, item, inner, source)
            produced = produce()
            if produced is None:
                return None
            elements.extend(produced)
        return elements

    def _dict_entries(self, clause: cst.CompFor, node: cst.DictComp, iterable: Optional[Value], inner: Scope) -> Optional[Bunch]:
        """A dict comprehension over items known one by one, each key a literal string."""
        pairs = self._each_item(
            clause.target, iterable, lambda: [Seq((self.eval(node.key, inner), self.eval(node.value, inner)))], inner, clause.iter
        )
        if pairs is None or not all(isinstance(pair, Seq) and isinstance(as_str(pair.items[0]), str) for pair in pairs):
            return None
        return Bunch(tuple((as_str(pair.items[0]), pair.items[1]) for pair in pairs))  # type: ignore[union-attr,misc]

    def _clause_elements(
        self, clause: cst.CompFor, element: cst.BaseExpression, inner: Scope
    ) -> Callable[[], Optional[List[Optional[Value]]]]:
        """What one item of ``clause`` adds to a list comprehension: its
        element, or each element its inner ``for`` makes for it."""
        nested = clause.inner_for_in

        def produce() -> Optional[List[Optional[Value]]]:
            # Its ``if``s, each known true or false for the item ([c for c in df.columns if c != "frame"]).
            tests = [self.eval(condition.test, inner) for condition in clause.ifs]
            if not all(isinstance(test, Const) and isinstance(test.value, (bool, int, str)) for test in tests):
                return None
            if not all(test.value for test in tests):  # type: ignore[union-attr]
                return []
            if nested is None:
                return [self.eval(element, inner)]
            return self._each_item(nested.target, self.eval(nested.iter, inner), self._clause_elements(nested, element, inner), inner, nested.iter)

        return produce

    def _eval_subscript(self, node: cst.Subscript, scope: Scope) -> Optional[Value]:
        base = self.eval(node.value, scope)
        index = self._eval_index(node, scope)
        getitem = base.method("__getitem__") if isinstance(base, Instance) and len(index) == 1 else None
        if getitem is not None:
            # dataset[0] of the file's own Dataset: its __getitem__, as a loader calls it.
            position = node.slice[0].slice
            argument = Arg(index[0], position.value if isinstance(position, cst.Index) else position)
            return self.call_function(getitem, CallSite(node, (argument,), (), True, self))
        return api.subscript(base, index, node)

    def _super_method(self, node: cst.Call) -> Optional[FunctionValue]:
        """``super().__init__(...)``, ``super(Net, self).forward(x)`` in a method:
        the method of the file's own base class, bound to the same instance
        (a library base's, nn.Module's, is not followed)."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)):
            return None
        if not (isinstance(func.value.func, cst.Name) and func.value.func.value == "super"):
            return None
        call = enclosing_call(self.controls)
        running = call.function if call is not None else None
        if not isinstance(running, FunctionValue) or running.owner is None or running.bound_self is None:
            return None
        for base in running.owner.bases:
            found = base.lookup(func.attr.value) if isinstance(base, ClassValue) else None
            if isinstance(found, FunctionValue):
                return dataclasses.replace(found, bound_self=running.bound_self)
        return None

    def _rows_of(self, part: cst.Slice, scope: Scope, windows: bool) -> Optional[int]:
        """How many rows ``a:a + k`` takes for certain: one for ``k`` = 1; ``k``
        where ``windows`` are cut (a comprehension, a loop that trains nothing,
        a dataset's ``__getitem__``: ``self.s[i:i + self.seq_len]``)."""
        span = _span(part)
        rows = api.as_int(self.eval(span, scope)) if isinstance(span, (cst.Integer, cst.Name, cst.Attribute)) else None
        if rows is None or rows < 1:
            return None
        return rows if rows == 1 or windows else None

    def _cutting_windows(self) -> bool:
        """Whether a slice of rows here is a window, not a mini-batch: in a
        dataset's item, a comprehension, a loop that trains nothing, or no loop."""
        for control in reversed(self.controls):
            function = control.function
            if isinstance(function, FunctionValue) and function.name == "__getitem__":
                return True
            if control.kind == "comprehension":
                return True
            if control.kind == "loop":
                body = getattr(control.node, "body", None)  # a library's training loop stands at its call: no body
                return body is not None and not self._trains_itself(body)
        return True

    def _eval_index(self, node: cst.Subscript, scope: Scope) -> Tuple[Optional[Value], ...]:
        """The subscript's elements: values for plain indices, ``api.SliceValue`` for slices."""
        items: List[Optional[Value]] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                value = self.eval(part.value, scope)
                if part.star is not None:
                    return (None,)
                items.append(value)
            else:
                windows = self._cutting_windows()
                items.append(
                    api.SliceValue(
                        self.eval(part.lower, scope),
                        self.eval(part.upper, scope),
                        self.eval(part.step, scope),
                        self._rows_of(part, scope, windows),
                        batch=not windows,
                    )
                )
        if len(items) == 1 and len(node.slice) == 1 and node.slice[0].comma is cst.MaybeSentinel.DEFAULT:
            # x[(a, b)] and x[a, b] are the same; a lone tuple value stands for its items.
            only = items[0]
            if isinstance(only, Seq) and only.kind == "tuple" and isinstance(node.slice[0].slice, cst.Index):
                inner = node.slice[0].slice.value
                if isinstance(inner, cst.Tuple):
                    return only.items
        return tuple(items)

    # ------------------------------------------------------------------ calls

    def _eval_call(self, node: cst.Call, scope: Scope) -> Optional[Value]:
        inherited = self._super_method(node)
        callee = inherited if inherited is not None else self.eval(node.func, scope)
        function = _mapped_lambda(node) if callee == Ref("builtins.map") else None
        if function is not None:
            return self._eval_map(function, node.args[1].value, node, scope)
        args: List[Arg] = []
        kwargs: List[Tuple[str, Arg]] = []
        complete = True
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                expanded = api.unpack(value, None)
                if expanded is None and len(node.args) == 1 and callee == api.builtin("zip"):
                    columns = api.builtins_.transposed(value)
                    if columns is not None:
                        return columns  # zip(*rows) of rows of unseen count (a collate_fn's batch)
                if expanded is None:
                    complete = False
                else:
                    args.extend(Arg(item, None) for item in expanded)
            elif arg.star == "**":
                named = api.keywords(value)
                if named is None:
                    complete = False
                else:
                    kwargs.extend((name, Arg(item, None)) for name, item in named)
            elif arg.keyword is not None:
                kwargs.append((arg.keyword.value, Arg(value, arg.value)))
            else:
                args.append(Arg(value, arg.value))
        receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
        if receiver is not None:
            receiver_value = callee.receiver if isinstance(callee, BoundMethod) else getattr(callee, "bound_self", None)
            self.facts.method_calls.append(
                MethodCall(node, node.func.attr.value, receiver_value, tuple(self.controls), len(self.facts.calls))  # type: ignore[union-attr]
            )
            if node.func.attr.value == "backward" and receiver_value is None and isinstance(receiver, cst.Name):  # type: ignore[union-attr]
                # Only a tensor on an autograd graph has backward(): whatever
                # made it (a loss function of the user's own), the name holds a loss.
                self.bind(receiver.value, Array(kind=api.arrays.TENSOR, shape=None, graph="loss"), scope)
            elif node.func.attr.value == "eval" and not node.args and receiver_value is None and _plain_reference(receiver):  # type: ignore[union-attr]
                # Likewise only a torch module has eval() without arguments: the
                # name or attribute holds a model (an evaluate(model, loader) no
                # call reached, a trainer's self.model handed in from elsewhere).
                self.assign(receiver, api.torch_.SOME_MODEL, scope, node)
        if _plain_reference(receiver) and node.func.attr.value in api.LIST_MUTATORS | api.DICT_MUTATORS:  # type: ignore[union-attr]
            current = self.eval(receiver, scope)
            if node.func.attr.value == "append" and len(args) == 1:  # type: ignore[union-attr]
                # xs.append(v), self.history.append(v), log["loss"].append(v)
                self._accumulated(node, _root_name(receiver), args[0].value, args[0].node, isinstance(receiver, cst.Name))
            if isinstance(current, (Seq, ListOf)) or type(current) is Bunch:
                # lst.append(x), d["xs"].append(x), options.update(more): the list or dict itself changes.
                mutate = api.mutate_dict if isinstance(current, Bunch) else api.mutate_list
                changed = mutate(current, node.func.attr.value, args, kwargs)  # type: ignore[union-attr,arg-type]
                self.replace_everywhere(current, changed)
                if isinstance(receiver, (cst.Name, cst.Attribute)):
                    # The same list, changed in place: the name is not bound anew.
                    self._accumulating = _root_name(receiver)
                    try:
                        self.assign(receiver, changed, scope, node)
                    finally:
                        self._accumulating = None
                elif isinstance(receiver, cst.Subscript) and isinstance(self.eval(receiver.value, scope), Mapping):
                    # groups[row["id"]].append(x): some list of the mapping grew; all are alike.
                    self.assign(receiver, changed, scope, node)
        if callee is None:
            self.facts.opaque_calls.append(
                OpaqueCall(node, tuple(arg.value for arg in (*args, *(a for _, a in kwargs))), tuple(self.controls))
            )
            return api.method_of_unknown(node.func.attr.value, node) if receiver is not None else None  # type: ignore[union-attr]
        site = CallSite(node, tuple(args), tuple(kwargs), complete, self)
        result = self.call(callee, site)
        changed = api.receiver_after(callee, result, site)
        if isinstance(changed, Array) and changed.filled:
            changed = dataclasses.replace(changed, filled=False)  # labels.fill_(x), t.index_fill_(...): written in place
        if changed is not None:
            # An in-place method (unsqueeze_, df.pop, ...) changes the object itself.
            self.replace_everywhere(callee.receiver, changed)  # type: ignore[union-attr]
            if isinstance(receiver, (cst.Name, cst.Attribute)):
                self.assign(receiver, changed, scope, node)
        if not isinstance(callee, (FunctionValue, ClassValue, Instance)):
            # A function handed to the library (optimizer.step(closure), a hook)
            # is called from there, with the values of this point in the file.
            for arg in (*args, *(arg for _, arg in kwargs)):
                if isinstance(arg.value, FunctionValue):
                    self.call_function(arg.value, None)
        return self._record(site, callee, result)

    def _record(self, site: CallSite, callee: Value, result: Optional[Value]) -> Optional[Value]:
        """Records the call; returns its result, marked as a model's output
        when the call is a model written by hand (``torch.matmul(X, w)``)."""
        fact = CallFact(
            node=site.node,
            callee=callee,
            args=site.args,
            kwargs=site.kwargs,
            result=result,
            controls=tuple(self.controls),
            in_forward=self.forward_depth > 0,
            grad_enabled=self.grad_enabled[-1],
        )
        features = handwritten.weight_features(fact)
        if features is not None:
            self._weight_product(site.node, features)
            result = self._model_output(result)
            fact = dataclasses.replace(fact, result=result)
        self.facts.calls.append(fact)
        loss = api.loss_of(callee)
        if loss is not None:
            functional, display = loss
            self.facts.loss_calls.append(
                LossCall(
                    call=fact,
                    functional=functional,
                    display_name=display,
                    prediction=fact.arg(0, "input"),
                    target=fact.arg(1, "target"),
                )
            )
            return result
        by_hand = handwritten.loss_of(site.node, self.differences, self._written_as)
        if by_hand is None and self.forward_depth == 0 and self.grad_enabled[-1]:
            by_hand = handwritten.paired_loss(fact)
        if by_hand is not None:
            functional, display, prediction, target = by_hand
            self.facts.loss_calls.append(LossCall(fact, functional, display, prediction, target))
        return result

    def _model_output(self, result: Optional[Value]) -> Optional[Value]:
        """Features times weights made to be trained, with autograd on: a
        model's output, as a module's call gives."""
        if isinstance(result, Array) and result.graph is None and self.grad_enabled[-1] and self.forward_depth == 0:
            return dataclasses.replace(result, graph="output")
        return result

    def _weight_product(self, node: cst.CSTNode, features: Arg) -> None:
        in_forward = self.forward_depth > 0
        self.facts.weight_products.append(WeightProduct(node, features, tuple(self.controls), self.grad_enabled[-1], in_forward))

    def call(self, callee: Value, site: CallSite) -> Optional[Value]:
        """The result of calling ``callee`` at ``site``."""
        if isinstance(callee, FunctionValue):
            return self.call_function(callee, site)
        if isinstance(callee, LambdaValue):
            return self._call_lambda(callee, site)
        if isinstance(callee, ClassValue):
            return self.instantiate(callee, site)
        if isinstance(callee, Instance):
            return self._call_instance(callee, site)
        if isinstance(callee, BoundMethod) and isinstance(callee.receiver, Instance):
            if callee.name in _REGISTERS and as_str(site.value(0)) is not None:
                # self.register_parameter("weights", nn.Parameter(...)): an attribute by another name.
                owner = callee.receiver
                name = as_str(site.value(0))
                owner.attrs[name] = site.value(1) if self._holds_from_here(owner) else None  # type: ignore[index]
            return api.call_module_method(callee.receiver, callee.name, site)
        return api.call(callee, site)

    def _call_lambda(self, fn: LambdaValue, site: CallSite) -> Optional[Value]:
        if len(self.scopes) >= MAX_CALL_DEPTH * 2 or self.budget <= 0:
            return None
        self.budget -= 1
        scope = Scope(fn.scope, "function")
        self._bind(fn.node.params, fn.defaults, None, site, scope)
        self.scopes.append(scope)
        try:
            return self.eval(fn.node.body, scope)
        finally:
            self.scopes.pop()

    def _call_instance(self, instance: Instance, site: CallSite) -> Optional[Value]:
        method = instance.method("forward") or instance.method("__call__")
        return self.call_function(method, site) if method is not None else None

    def call_module(self, module: Value, value: Optional[Value], site: CallSite) -> Optional[Value]:
        """Apply a module to one input, as nn.Sequential does with its layers."""
        if isinstance(module, Instance):
            inner = CallSite(site.node, (Arg(value, None),), (), True, self)
            return self._call_instance(module, inner)
        return api.apply_module(module, value, site)

    def instantiate(self, cls: ClassValue, site: Optional[CallSite]) -> Instance:
        instance = Instance(cls)
        init = cls.lookup("__init__")
        if isinstance(init, FunctionValue):
            self.constructing.add(id(instance))
            try:
                self.call_function(dataclasses.replace(init, bound_self=instance), site)
            finally:
                self.constructing.discard(id(instance))
        return instance

    def call_function(self, fn: FunctionValue, site: Optional[CallSite]) -> Optional[Value]:
        node = fn.node
        if node in self.active or len(self.active) >= MAX_CALL_DEPTH or self.budget <= 0:
            return None
        self.budget -= 1
        self.analysed.add(node)
        scope = Scope(fn.scope, "function")
        self._bind_parameters(fn, site, scope)
        frame = _Frame()
        self.frames.append(frame)
        self.active.append(node)
        self.scopes.append(scope)
        self.controls.append(Control("call", site.node if site is not None else node, (fn,)))
        self.grad_enabled.append(self.grad_enabled[-1] if fn.grad_enabled is None else fn.grad_enabled)
        # A model's forward(), called as model(x), as model.forward(x), or evaluated on its own.
        forward = fn.name == "forward" and is_module(fn.bound_self)
        self.forward_depth += forward
        try:
            falls = self.exec_suite(node.body, scope)
        finally:
            self.forward_depth -= forward
            self.grad_enabled.pop()
            self.controls.pop()
            self.scopes.pop()
            self.active.pop()
            self.frames.pop()
        if self._is_generator(node):
            item: Optional[Value] = None
            for index, value in enumerate(frame.yields):
                item = value if index == 0 else join(item, value)
            return Iterable(item) if frame.yields else None
        results = list(frame.returns)
        if falls:
            results.append(Const(None))
        if not results:
            return None
        result = results[0]
        for value in results[1:]:
            result = join(result, value)
        return result

    def _is_generator(self, node: cst.FunctionDef) -> bool:
        if node not in self._generator_cache:
            self._generator_cache[node] = _contains_yield(node)
        return self._generator_cache[node]

    def _trains_itself(self, body: cst.BaseSuite) -> bool:
        """``_steps_training`` of a loop body, walked once however often the loop is evaluated."""
        if body not in self._training_bodies:
            self._training_bodies[body] = _steps_training(body)
        return self._training_bodies[body]

    def _bind_parameters(self, fn: FunctionValue, site: Optional[CallSite], scope: Scope) -> None:
        self._bind(fn.node.params, fn.defaults, fn.bound_self, site, scope)

    def _bind(
        self,
        params: cst.Parameters,
        given_defaults: Tuple[Tuple[str, Optional[Value]], ...],
        bound_self: Optional[Value],
        site: Optional[CallSite],
        scope: Scope,
    ) -> None:
        positional = [*params.posonly_params, *params.params]
        defaults = dict(given_defaults)
        args: List[Optional[Value]] = []
        if bound_self is not None:
            args.append(bound_self)
        keywords: Dict[str, Optional[Value]] = {}
        complete = site is None or site.complete
        if site is not None:
            args.extend(arg.value for arg in site.args)
            keywords = {name: arg.value for name, arg in site.kwargs}
        for index, param in enumerate(positional):
            name = param.name.value
            if index < len(args):
                value = args[index]
            elif name in keywords:
                value = keywords[name]
            elif name in defaults and complete and site is not None:
                value = defaults[name]
            else:
                value = None
            scope.vars[name] = value
        for param in params.kwonly_params:
            name = param.name.value
            if name in keywords:
                scope.vars[name] = keywords[name]
            elif name in defaults and complete and site is not None:
                scope.vars[name] = defaults[name]
            else:
                scope.vars[name] = None
        if isinstance(params.star_arg, cst.Param):
            # def push(self, *args): the positional arguments past the named ones, when all are seen.
            rest = tuple(args[len(positional):]) if complete and site is not None else None
            scope.vars[params.star_arg.name.value] = Seq(rest, "tuple") if rest is not None else None
        if isinstance(params.star_kwarg, cst.Param):
            scope.vars[params.star_kwarg.name.value] = None

    _EXPRESSIONS: Dict[type, Callable[["Evaluator", cst.CSTNode, Scope], Optional[Value]]] = {
        cst.Name: _eval_name,
        cst.Attribute: _eval_attribute,
        cst.Call: _eval_call,
        cst.Subscript: _eval_subscript,
        cst.Integer: _eval_integer,
        cst.Float: _eval_float,
        cst.SimpleString: _eval_string,
        cst.ConcatenatedString: _eval_concatenated,
        cst.FormattedString: _eval_formatted,
        cst.Ellipsis: _eval_ellipsis,
        cst.Dict: _eval_dict,
        cst.Tuple: _eval_sequence,
        cst.List: _eval_sequence,
        cst.BinaryOperation: _eval_binary,
        cst.UnaryOperation: _eval_unary,
        cst.Comparison: _eval_comparison,
        cst.BooleanOperation: _eval_boolean,
        cst.IfExp: _eval_if_exp,
        cst.NamedExpr: _eval_named,
        cst.Yield: _eval_yield,
        cst.Await: _eval_await,
        cst.Lambda: _eval_lambda,
        cst.ListComp: _eval_comprehension,
        cst.SetComp: _eval_comprehension,
        cst.DictComp: _eval_comprehension,
        cst.GeneratorExp: _eval_comprehension,
    }


def analyse(module: cst.Module, path: Optional[str] = None, data_dirs: Tuple[str, ...] = ()) -> FileFacts:
    facts = FileFacts(module, path, data_dirs)
    Evaluator(facts).run()
    return facts
