"""Losses and models written by hand: ``torch.mean((out - y) ** 2)``,
``(pred - y).abs().sum()``; ``X @ w + b`` with ``w`` made to be trained.

They broadcast exactly as ``MSELoss`` and ``L1Loss`` do: an (N, 1)
prediction minus an (N,) target is an (N, N) matrix of every prediction
against every target, and its mean trains the model toward the mean of y.
Read from the code's form (a difference, squared or made absolute, then
averaged or summed), with the two operands' values as the evaluator saw
them when it computed the difference.

A product, or a difference in a helper the loss calls, is read from its values
instead (``y * torch.log(p)``, ``softplus(z) - y * z``, ``squared_loss(y_hat,
y)``): the model's (N, 1) output times or minus (N,) data, or the other way
round, is every prediction paired with every target, and a reduction of what
it made to a single number, with autograd on, is a loss written by hand that
broadcast.

A difference written to broadcast (``x[:, None] - x``, ``a.unsqueeze(1) -
b``: pairwise distances, kernels, energy scores) is no loss of this kind:
an operand whose shape the expression itself just made by adding an axis
is left alone, whether it adds the axis in the difference or where the
operand was made. So is data centred on a statistic (``Y - Y.mean(0)``: a
variance, an R² denominator), which is no prediction against a target.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable, Dict, Optional, Tuple

import libcst as cst

from torchlint.core import shapes
from torchlint.core.facts import Arg, CallFact
from torchlint.core.losses import HANDWRITTEN_CHOICE, HANDWRITTEN_PRODUCT
from torchlint.core.outline import GRADIENT_NAME
from torchlint.core.values import Array, BoundMethod, Pairing, Ref, Value

if TYPE_CHECKING:
    from torchlint.core.api.callsite import CallSite

# The operands of each difference the evaluator computed, by its node (and of
# each torch.where choosing by a comparison with a label: record_choice).
Differences = Dict[cst.BaseExpression, Tuple[Arg, Arg]]

_REDUCTIONS = frozenset({"mean", "sum"})
# The elementwise step between the difference and the reduction: which loss it makes.
_SQUARED, _ABSOLUTE = "mse_loss", "l1_loss"
_DISPLAY = {_SQUARED: "hand-written squared error", _ABSOLUTE: "hand-written absolute error"}
_PRODUCT_DISPLAY = "hand-written loss"
# Elementwise choices between two errors of one shape (torch.max(a, b)): the error of the first.
_ELEMENTWISE_PICKS = frozenset({"max", "maximum", "min", "minimum", "fmax", "fmin"})
# Calls that add an axis of size one: a shape made to broadcast on purpose.
_AXIS_ADDING = frozenset({"unsqueeze", "view", "reshape", "expand", "expand_as", "repeat", "broadcast_to"})


def loss_of(
    call: cst.Call, differences: Differences, written_as: Callable[[cst.BaseExpression], cst.BaseExpression]
) -> Optional[Tuple[str, str, Arg, Arg]]:
    """(functional, display name, prediction, target) when ``call`` reduces a
    squared or absolute difference of two arrays, else None. ``written_as``
    gives the expression a name was last assigned (``err = (out - y) ** 2``,
    then ``err.mean()``; ``diff = out - y``, then ``(diff ** 2).mean()``)."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _REDUCTIONS:
        return None
    if call.args:
        if len(call.args) != 1 or call.args[0].keyword is not None:
            return None  # torch.mean(e, dim=...) or e.sum(1): a reduction over some axes only
        reduced = call.args[0].value  # torch.mean(e)
    else:
        reduced = call.func.value  # e.mean()
    found = _elementwise_error(written_as(reduced), written_as)
    if found is None:
        return None
    functional, difference = found
    operands = differences.get(difference)
    if operands is None:
        return None
    left, right = operands
    if not (isinstance(left.value, Array) and isinstance(right.value, Array)):
        return None
    # An axis added in the expression, or upstream to the model's output (column = scores[:, None],
    # then column - scores): pairwise on purpose. Data made a column upstream (y.reshape(-1, 1)) is a
    # target's usual shape.
    origins = [side.value.origin for side in (left, right) if side.value.graph == "output"]
    if any(_axis_added(node) for node in (left.node, right.node, *origins)):
        return None
    if _centred(left, right) or _centred(right, left):
        return None  # Y - Y.mean(0): data centred on its own statistic (a variance, an R² denominator)
    if _outputs_against_one_column(left.value, right.value) or _outputs_against_one_column(right.value, left.value):
        return None
    prediction, target = (right, left) if _is_prediction(right, left) else (left, right)
    display = HANDWRITTEN_CHOICE if isinstance(difference, cst.Call) else _DISPLAY[functional]
    return functional, display, prediction, target


def broadcast_earlier(prediction: Arg) -> bool:
    """Whether a hand-written error's prediction holds the rows twice
    already, (N, N): an earlier step of the residual broadcast."""
    shape = prediction.value.shape if isinstance(prediction.value, Array) else None
    return bool(shape) and len(shape) >= 2 and shape[0] == shape[1] and shape[0] not in (None, 1)  # type: ignore[arg-type]


def _outputs_against_one_column(outputs: Array, column: Array) -> bool:
    """A model's (N, K) outputs against an (N, 1) column, K a number above 1
    and not N again: arithmetic written between them compares each output
    with that column, on purpose (quantile heads against one target, an
    ensemble's members, a branching network's branches): (N, 4) - (N, 1)."""
    wide, narrow = outputs.shape, column.shape
    if outputs.graph != "output" or not wide or not narrow or len(wide) != len(narrow) or len(wide) < 2:
        return False
    width = wide[-1]
    return (
        narrow[-1] == 1
        and tuple(wide[:-1]) == tuple(narrow[:-1])
        and isinstance(width, int)
        and width > 1
        and width != wide[0]
    )


def _every_sample_against_every(prediction: shapes.Shape, target: shapes.Shape) -> bool:
    """Whether broadcasting the two meets the rows with themselves: the rows'
    size, named or more than 1, twice in the result where each operand holds
    it once ((N, 1) against (N,) makes (N, N); (B, 1, H, W) against a target
    unsqueezed once more, (B, 1, 1, H, W), makes (B, B, 1, H, W))."""
    if not prediction or not target or prediction[0] != target[0] or prediction[0] in (None, 1):
        return False
    try:
        result = shapes.broadcast(prediction, target)
    except shapes.Incompatible:
        return False
    rows = prediction[0]
    return result.count(rows) > max(prediction.count(rows), target.count(rows))


def pairing(node: cst.CSTNode, left: Arg, right: Arg, linear: bool) -> Optional[Pairing]:
    """The product, sum or difference ``left * right`` / ``left + right`` /
    ``left - right`` (in a helper the loss calls, ``squared_loss(y_hat, y)``;
    a residual of several terms, ``flow_out - flow_in + log_pf - log_pb``) as
    a pairing of every prediction with every target: one operand the model's
    output (on its autograd graph), the other data on none, or a second output
    (the (N,) log-probabilities of a policy beside an (N, 1) flow or value);
    shapes whose broadcast meets every sample with every other ((N, 1) and
    (N,), either way round, N the same rows and not 1); neither operand given
    its axis in the expression itself, nor an output where it was made."""
    mine, theirs = left.value, right.value
    if not (isinstance(mine, Array) and isinstance(theirs, Array)) or mine.shape is None or theirs.shape is None:
        return None
    if mine.graph == "output" and theirs.graph in (None, "output"):
        prediction, target = left, right
    elif theirs.graph == "output" and mine.graph is None:
        prediction, target = right, left
    else:
        return None
    if theirs.graph == "output" and not _is_prediction(prediction, target):
        prediction, target = right, left  # two outputs: the prediction is the (N, 1) column
    if not _every_sample_against_every(tuple(prediction.value.shape), tuple(target.value.shape)):  # type: ignore[union-attr]
        return None
    if _axis_added(left.node) or _axis_added(right.node):
        return None  # written to pair on purpose here; a column made upstream (y[:, None]) is a target's usual shape
    if any(side.value.graph == "output" and _axis_added(side.value.origin) for side in (left, right)):  # type: ignore[union-attr]
        return None  # an output made a column or a row to pair on purpose (column = scores[:, None])
    return Pairing(node, prediction.value, prediction.node, target.value, target.node, linear)  # type: ignore[arg-type]


# Steps that keep a sum's or difference's broadcast harmless: its mean is still
# each side's mean, whatever it is reshaped to or scaled by on the way.
_LINEAR_STEPS = _REDUCTIONS | frozenset(
    """view reshape flatten squeeze unsqueeze to float double clone contiguous
    neg negative t transpose permute cpu cuda""".split()
)


def nonlinear(result: Optional[Value]) -> Optional[Value]:
    """``result`` with a pairing made by a sum or difference now past a step
    that makes its broadcast matter (a square, a product with a per-sample
    weight, a max with a scaled copy)."""
    if not isinstance(result, Array) or result.paired is None or not result.paired.linear:
        return result
    return dataclasses.replace(result, paired=dataclasses.replace(result.paired, linear=False))


def after_operation(result: Optional[Value], operator: cst.BaseBinaryOp, left: Optional[Value], right: Optional[Value]) -> Optional[Value]:
    """``result`` of ``left <operator> right``: a power, or a product or
    quotient of two arrays, makes a sum's or difference's broadcast matter."""
    if isinstance(operator, cst.Power) or (
        isinstance(operator, (cst.Multiply, cst.Divide))
        and all(isinstance(side, Array) and side.shape != () for side in (left, right))
    ):
        return nonlinear(result)
    return result


def after_library_call(result: Optional[Value], callee: Value) -> Optional[Value]:
    """``result`` of a library function or method (not the file's own): all
    but the steps that keep a broadcast harmless make it matter."""
    name = callee.name if isinstance(callee, BoundMethod) else callee.qualname.rsplit(".", 1)[-1] if isinstance(callee, Ref) else None
    return nonlinear(result) if name is not None and name not in _LINEAR_STEPS else result


def with_pairing(
    result: Optional[Value], node: cst.CSTNode, left: Arg, right: Arg, in_training_step: bool, linear: bool
) -> Optional[Value]:
    """``result`` of ``left - right``, ``left + right`` or ``left * right``
    (or torch.subtract, torch.mul), marked with its pairing when it pairs
    predictions with targets in a training step; ``linear`` for a sum or a
    difference."""
    if not in_training_step or not isinstance(result, Array):
        return result
    paired = pairing(node, left, right, linear)
    return dataclasses.replace(result, paired=paired) if paired is not None else result


def reduced_whole(call: CallFact) -> Optional[Arg]:
    """What ``call`` reduces to one number over every axis, batch included
    (``torch.sum(q * onehot)``, ``x.mean()``: no dim given), else None."""
    callee = call.callee
    if isinstance(callee, BoundMethod) and callee.name in _REDUCTIONS and not call.args and not call.kwargs:
        if not isinstance(call.node.func, cst.Attribute):
            return None
        return Arg(callee.receiver, call.node.func.value)
    if isinstance(callee, Ref) and callee.qualname in ("torch.mean", "torch.sum") and len(call.args) == 1 and not call.kwargs:
        return call.args[0]
    return None


def paired_loss(call: CallFact) -> Optional[Tuple[str, str, Arg, Arg]]:
    """(functional, display name, prediction, target) when ``call`` reduces
    the whole of what a pairing made to one number (``loss.mean()``,
    ``torch.sum(terms)``); a pairing by a sum or difference once past a step
    that makes it matter (``residual.pow(2).mean()``)."""
    reduced = reduced_whole(call)
    if reduced is None or not (isinstance(call.result, Array) and call.result.shape == ()):
        return None
    paired = reduced.value.paired if isinstance(reduced.value, Array) else None
    if paired is None:
        return None
    if paired.linear:
        return None  # the mean of a sum or difference broadcast is the mean without the broadcast
    return HANDWRITTEN_PRODUCT, _PRODUCT_DISPLAY, Arg(paired.prediction, paired.prediction_node), Arg(paired.target, paired.target_node)


def _centred(data: Arg, statistic: Arg) -> bool:
    """Whether ``statistic`` is a statistic of ``data`` itself (``Y.mean(0)``,
    ``torch.mean(Y, 0)``, or a name bound to one), as written."""
    made = statistic.value.origin if isinstance(statistic.value, Array) and statistic.value.statistic else None
    if not isinstance(made, cst.Call) or data.node is None:
        return False
    if isinstance(made.func, cst.Attribute) and made.func.value.deep_equals(data.node):
        return True
    return bool(made.args) and made.args[0].value.deep_equals(data.node)


def _elementwise_error(
    node: cst.BaseExpression, written_as: Callable[[cst.BaseExpression], cst.BaseExpression]
) -> Optional[Tuple[str, cst.BaseExpression]]:
    """(loss, difference) for ``d ** 2``, ``d.pow(2)``, ``d.square()``,
    ``torch.square(d)``, ``d.abs()``, ``torch.abs(d)``, ``abs(d)``."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Power) and _is_two(node.right):
        return _difference(written_as(node.left), _SQUARED)
    if not isinstance(node, cst.Call):
        return None
    name = node.func.attr.value if isinstance(node.func, cst.Attribute) else getattr(node.func, "value", None)
    if name == "where" and len(node.args) == 3:
        return _ABSOLUTE, node  # torch.where(y == 1, 1 - p, p): |y - p| for labels of 0 and 1 (record_choice)
    if name in _ELEMENTWISE_PICKS and len(node.args) == 2 and not any(arg.keyword for arg in node.args):
        # PPO's clipped value loss: torch.max((r - v) ** 2, (r - v_clip) ** 2)
        return _elementwise_error(written_as(node.args[0].value), written_as)
    if name in ("pow", "square", "abs"):
        loss = _ABSOLUTE if name == "abs" else _SQUARED
        if isinstance(node.func, cst.Attribute) and not node.args:
            return _difference(written_as(node.func.value), loss) if name != "pow" else None  # d.square(), d.abs()
        if isinstance(node.func, cst.Attribute) and name == "pow" and len(node.args) == 1 and _is_two(node.args[0].value):
            return _difference(written_as(node.func.value), loss)  # d.pow(2)
        if len(node.args) == 1 and name != "pow":
            return _difference(written_as(node.args[0].value), loss)  # torch.square(d), torch.abs(d), abs(d)
    return None


def record_choice(site: "CallSite") -> None:
    """torch.where(targets == 1, 1 - p, p), a loss written by hand as a choice
    (fast.ai's mnist_loss): the condition, in the target's shape, against the
    model's output in a branch, recorded as a difference's operands are."""
    condition = site.args[0] if len(site.args) == 3 else None
    if condition is None or not isinstance(condition.value, Array) or not isinstance(condition.node, cst.Comparison):
        return
    comparisons = condition.node.comparisons
    if len(comparisons) != 1 or not isinstance(comparisons[0].comparator, (cst.Integer, cst.Float)):
        return
    branch = next((arg for arg in site.args[1:] if isinstance(arg.value, Array) and arg.value.graph == "output"), None)
    if branch is not None:
        site.evaluator.differences[site.node] = (Arg(condition.value, condition.node.left), branch)


def _difference(node: cst.BaseExpression, loss: str) -> Optional[Tuple[str, cst.BinaryOperation]]:
    """The difference squared or made absolute, also when scaled first:
    ``((u - g) / U_TOP) ** 2``, ``(0.5 * (p - y)) ** 2`` (a residual in units
    of its scale: the scale changes no shape the difference made)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract):
        return loss, node
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return _difference(node.left, loss)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        for scaled, scale in ((node.left, node.right), (node.right, node.left)):
            if isinstance(scale, (cst.Integer, cst.Float, cst.Name, cst.Attribute)):
                found = _difference(scaled, loss)
                if found is not None:
                    return found
    return None


def _is_two(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Integer, cst.Float)) and float(node.value) == 2.0


def _axis_added(node: Optional[cst.CSTNode]) -> bool:
    """Whether the operand's expression adds an axis itself: ``x[:, None]``,
    ``x[..., np.newaxis]``, ``x.unsqueeze(1)``, ``x.view(-1, 1)``."""
    if isinstance(node, cst.Subscript):
        return any(
            isinstance(element.slice, cst.Index)
            and (
                (isinstance(element.slice.value, cst.Name) and element.slice.value.value == "None")
                or (isinstance(element.slice.value, cst.Attribute) and element.slice.value.attr.value == "newaxis")
            )
            for element in node.slice
        )
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _AXIS_ADDING):
        return False
    if node.func.attr.value in ("view", "reshape") and len(node.args) == 1:
        # One size (x.view(-1)) flattens; a tuple of sizes may add an axis.
        return isinstance(node.args[0].value, (cst.Tuple, cst.List)) and len(node.args[0].value.elements) > 1
    return True


def _is_prediction(candidate: Arg, other: Arg) -> bool:
    """The model's side of the difference: the one on an autograd graph, or
    else the one with the trailing axis of size one (a regression head's)."""
    mine, theirs = candidate.value, other.value
    assert isinstance(mine, Array) and isinstance(theirs, Array)
    if (mine.graph == "output") != (theirs.graph == "output"):
        return mine.graph == "output"
    return bool(mine.shape) and mine.shape[-1] == 1 and not (theirs.shape and theirs.shape[-1] == 1)


# A model written by hand: features times a tensor made with requires_grad=True
# (or an nn.Parameter), as d2l's linreg(X, w, b) and from-scratch tutorials do.
_MATMUL_FUNCTIONS = frozenset({"torch.matmul", "torch.mm"})
_MATMUL_METHODS = frozenset({"matmul", "mm"})


def descent_update(
    target: cst.BaseExpression, expression: cst.BaseExpression, augmented: bool
) -> Optional[Tuple[cst.BaseExpression, cst.BaseExpression]]:
    """(the learning rate's node, the gradient's node) when the statement is a
    step of gradient descent written out: ``w = w - lr * grad``, ``w -= lr *
    dw``, ``self.w = self.w - grad_w * lr`` (``expression`` is what is
    assigned, or with ``augmented`` what ``-=`` takes away)."""
    if not augmented:
        if not (isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Subtract)):
            return None
        if not _same_reference(expression.left, target):
            return None
        expression = expression.right
    if not (isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Multiply)):
        return None
    for rate, gradient in ((expression.left, expression.right), (expression.right, expression.left)):
        name = _last_name(gradient)
        if name is not None and GRADIENT_NAME.search(name):
            return rate, gradient
    return None


def _same_reference(left: cst.BaseExpression, right: cst.BaseExpression) -> bool:
    """``w`` and ``w``, ``self.w`` and ``self.w``."""
    if isinstance(left, cst.Name) and isinstance(right, cst.Name):
        return left.value == right.value
    if isinstance(left, cst.Attribute) and isinstance(right, cst.Attribute):
        return left.attr.value == right.attr.value and _same_reference(left.value, right.value)
    return False


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    """The name a value is read by: ``grad``, ``w.grad``'s grad, ``grads[i]``'s grads,
    ``w.grad.data``'s grad (``.data``: the same values, off the graph)."""
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute) and node.attr.value == "data":
        node = node.value
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def is_weight(value: Optional[Value]) -> bool:
    """A tensor made to be trained."""
    return isinstance(value, Array) and value.graph == "parameter"


def weight_features(call: CallFact) -> Optional[Arg]:
    """The features of ``torch.matmul(X, w)`` / ``torch.mm(X, w)`` /
    ``X.matmul(w)`` / ``X.mm(w)`` when ``w`` is a tensor made to be trained."""
    callee = call.callee
    if isinstance(callee, Ref) and callee.qualname in _MATMUL_FUNCTIONS:
        features, weight = call.arg(0, "input"), call.arg(1, "other" if callee.qualname == "torch.matmul" else "mat2")
    elif isinstance(callee, BoundMethod) and callee.name in _MATMUL_METHODS and isinstance(call.node.func, cst.Attribute):
        features, weight = Arg(callee.receiver, call.node.func.value), call.arg(0)
    else:
        return None
    return features if isinstance(features.value, Array) and is_weight(weight.value) else None
