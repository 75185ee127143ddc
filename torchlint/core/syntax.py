"""Questions answered from a module's text alone, no values needed: dotted
names, the simple statements of a body, the span of a slice, whether a loop
body trains or a function yields."""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import libcst as cst

from torchlint.core.source import walk


def parameter_names(function: cst.FunctionDef) -> FrozenSet[str]:
    params = function.params
    named = (*params.posonly_params, *params.params, *params.kwonly_params)
    extra = tuple(param for param in (params.star_arg, params.star_kwarg) if isinstance(param, cst.Param))
    return frozenset(param.name.value for param in (*named, *extra))


def dotted(node: cst.BaseExpression) -> Optional[str]:
    """ "a.b.c" for an attribute chain rooted at a name, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def decorator_names(node: cst.FunctionDef | cst.ClassDef) -> List[str]:
    """The last name of each decorator: ``staticmethod``, ``dataclass`` (of
    ``@dataclasses.dataclass(frozen=True)``)."""
    names = []
    for decorator in node.decorators:
        expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        names.append((dotted(expr) or "").split(".")[-1])
    return names


def plain_reference(node: Optional[cst.BaseExpression]) -> bool:
    """A name, attribute or subscript chain by literals or plain references
    (``groups[row["id"]]``): evaluating it again has no effect."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Subscript):
            if not all(
                isinstance(element.slice, cst.Index)
                and (
                    isinstance(element.slice.value, (cst.SimpleString, cst.Integer, cst.Name))
                    or (isinstance(element.slice.value, (cst.Attribute, cst.Subscript)) and plain_reference(element.slice.value))
                )
                for element in node.slice
            ):
                return False
        node = node.value
    return isinstance(node, cst.Name)


def root_name(node: cst.BaseExpression) -> str:
    """The name an attribute or subscript chain starts from (``self`` in ``self.log["x"]``)."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def is_main_guard(test: cst.BaseExpression) -> bool:
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


def small_statements(body: Sequence[cst.CSTNode], definitions: bool = False):
    """Every simple statement of a body, in nested blocks too, but inside
    nested functions or classes only with ``definitions``. (libcst's visitors
    rebuild the tree as they go, far too slow for a question asked of every
    function, and ten times slower than this over a whole file.)"""
    pending = list(body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            if definitions:
                pending.extend(statement.body.body)
        elif isinstance(statement, cst.BaseSmallStatement):
            yield statement  # of a one-line suite: `if done: break`
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


def steps_training(body: cst.BaseSuite) -> bool:
    """Whether a loop body calls backward(), step() or zero_grad() itself: a
    training loop, which keeps its one pass per loop even over ``range(3)``."""
    return any(
        isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _TRAINING_CALLS
        for node in walk(body)
    )


def assigned_self_attributes(func: cst.FunctionDef) -> set:
    """Names X such that the method body assigns ``self.X`` (syntactically)."""
    params = func.params.params or func.params.posonly_params
    if not params:
        return set()
    self_name = params[0].name.value
    found = set()
    for statement in small_statements(func.body.body):
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


def setdefault_subscript(node: Optional[cst.BaseExpression]) -> Optional[cst.Subscript]:
    """``d[key]`` for ``d.setdefault(key, default)`` of a plain reference ``d``:
    the entry the call gives, written as a subscript."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "setdefault"):
        return None
    if not 1 <= len(node.args) <= 2 or any(arg.star or arg.keyword is not None for arg in node.args):
        return None
    entry = cst.Subscript(value=node.func.value, slice=[cst.SubscriptElement(slice=cst.Index(value=node.args[0].value))])
    return entry if plain_reference(entry) else None


def whole_slice(node: cst.Subscript) -> bool:
    """``xs[:]``: every item."""
    if len(node.slice) != 1:
        return False
    part = node.slice[0].slice
    return isinstance(part, cst.Slice) and part.lower is None and part.upper is None and part.step is None


def slice_call(node: cst.Call) -> Optional[cst.Slice]:
    """``slice(stop)`` or ``slice(start, stop[, step])`` written as the subscript
    ``start:stop:step`` it stands for; None where an argument is starred or named."""
    if not 1 <= len(node.args) <= 3 or any(arg.star or arg.keyword is not None for arg in node.args):
        return None
    bounds = [arg.value for arg in node.args]
    if len(bounds) == 1:
        return cst.Slice(lower=None, upper=bounds[0])
    return cst.Slice(lower=bounds[0], upper=bounds[1], step=bounds[2] if len(bounds) == 3 else None)


def span(part: cst.Slice) -> Optional[cst.BaseExpression]:
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
    stride = _stride(upper, lower)
    if stride is not None:
        return stride
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


def _stride(upper: cst.BaseExpression, lower: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """``k`` of the bounds ``i * k`` and ``(i + 1) * k`` (either factor first): the i-th of pieces of k."""
    if not all(isinstance(bound, cst.BinaryOperation) and isinstance(bound.operator, cst.Multiply) for bound in (upper, lower)):
        return None
    for stride, next_piece in ((upper.left, upper.right), (upper.right, upper.left)):  # type: ignore[attr-defined]
        for same_stride, piece in ((lower.left, lower.right), (lower.right, lower.left)):  # type: ignore[attr-defined]
            if (
                stride.deep_equals(same_stride)
                and isinstance(next_piece, cst.BinaryOperation)
                and isinstance(next_piece.operator, cst.Add)
                and next_piece.left.deep_equals(piece)
                and isinstance(next_piece.right, cst.Integer)
                and next_piece.right.value == "1"
            ):
                return stride
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


def mapped_lambda(node: cst.Call) -> Optional[cst.Lambda]:
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


def contains_yield(func: cst.FunctionDef) -> bool:
    """A ``yield`` as a statement or the value of an assignment: a generator."""
    for statement in small_statements(func.body.body):
        value = getattr(statement, "value", None)
        if isinstance(value, cst.Yield):
            return True
    return False
