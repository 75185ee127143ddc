"""Array semantics shared by torch tensors, numpy arrays and pandas objects:
shapes of constructors, indexing, reshaping, reductions and elementwise math."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, List, Optional, Tuple

import libcst as cst

from torchlint.core import scales, shapes
from torchlint.core.scales import INTEGER_RANGE, PIXEL_SIZE, PIXELS, Magnitude, Scale
from torchlint.core.shapes import Dim, Shape
from torchlint.core.values import Array, Const, ListOf, Number, RangeInt, Ref, Seq, SymInt, Value, as_dim, as_int, dim_value

if TYPE_CHECKING:
    from torchlint.core.api.callsite import CallSite

TENSOR = "tensor"
NDARRAY = "ndarray"
FRAME = "frame"
SERIES = "series"


@dataclass(frozen=True)
class SliceValue(Value):
    """One ``lower:upper:step`` element of a subscript."""

    lower: Optional[Value]
    upper: Optional[Value]
    step: Optional[Value]
    # How many rows, when that is certain: ``i:i + 1``, or a window
    # ``series[i:i + 48]`` cut outside a training loop (in one, ``X[i:i + 64]``
    # is a mini-batch, the last of which may be shorter).
    rows: Optional[int] = None
    # Rows cut where mini-batches are (a training loop): of bounds not known,
    # a batch B; elsewhere (a window in a dataset's item) of unknown length.
    batch: bool = True

    def is_full(self) -> bool:
        return all(part is None or part == Const(None) for part in (self.lower, self.upper, self.step))

    def literal(self, node: cst.CSTNode) -> Optional[slice]:
        """The Python slice ``node`` (the subscript it was cut by) writes,
        when every bound written is a known int and the step is not 0."""
        written = node.slice[0].slice if isinstance(node, cst.Subscript) and len(node.slice) == 1 else None
        if not isinstance(written, cst.Slice):
            return None
        bounds = []
        for value, expression in ((self.lower, written.lower), (self.upper, written.upper), (self.step, written.step)):
            bound = as_int(value) if expression is not None else None
            if expression is not None and bound is None:
                return None
            bounds.append(bound)
        return slice(*bounds) if bounds[2] != 0 else None


_DTYPE_NAMES = {
    "float": "float32",
    "float32": "float32",
    "float64": "float64",
    "double": "float64",
    "half": "float16",
    "float16": "float16",
    "bfloat16": "bfloat16",
    "long": "int64",
    "int64": "int64",
    "int": "int32",
    "int32": "int32",
    "int16": "int16",
    "int8": "int8",
    "uint8": "uint8",
    "bool": "bool",
}


# The dtype of pandas datetimes (pd.to_datetime), and what one is as int64:
# nanoseconds since 1970, about 1.7e18 in the 2020s.
DATETIME = "datetime64"
EPOCH_NANOSECONDS = 1.7e18


def cast(array: Array, dtype: Optional[str], node: cst.CSTNode) -> Array:
    """``array.astype(dtype)``: a datetime made int64 counts nanoseconds since 1970."""
    if array.dtype == DATETIME and dtype == "int64":
        return converted(array, dtype=dtype, scale=magnitude(EPOCH_NANOSECONDS, "datetimes as int64 nanoseconds since 1970", node))
    return converted(array, dtype=dtype or array.dtype)


def dtype_of(value: Optional[Value], library: str) -> Optional[str]:
    """The dtype an argument such as ``torch.float32``, ``np.float64``,
    ``"float32"`` or the builtin ``float`` names, as torch spells it."""
    if isinstance(value, Const) and isinstance(value.value, str):
        name = value.value
    elif isinstance(value, Ref):
        head, _, name = value.qualname.rpartition(".")
        if head == "builtins":
            # The builtin types mean numpy's defaults: float is float64, int is int64.
            return {"float": "float64", "int": "int64", "bool": "bool"}.get(name)
        if head == "numpy" and name in ("float_", "double"):
            return "float64"
        if head == "numpy" and name == "int_":
            return "int64"
    else:
        return None
    if library == "numpy" and name in ("float", "int"):
        return {"float": "float64", "int": "int64"}[name]
    return _DTYPE_NAMES.get(name)


def new(
    kind: str,
    shape: Optional[Shape],
    node: Optional[cst.CSTNode],
    dtype: Optional[str] = None,
    scale: Optional[Scale] = None,
) -> Array:
    return Array(kind=kind, shape=shape, origin=node, dtype=dtype, scale=scale)


def magnitude(size: Optional[float], why: str, node: cst.CSTNode, measured: bool = False) -> Optional[Scale]:
    """Every value is about ``size`` in absolute value (None: not known);
    ``measured``: ``size`` is their root mean square (a standard normal's 1)."""
    return Scale(uniform=Magnitude(size, why, node, measured)) if size is not None else None


def number(value: Optional[Value]) -> Optional[float]:
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return float(value.value)
    return None


def scale_of(value: Optional[Value]) -> Optional[Scale]:
    """What is known of how large an array's or a Python number's values are."""
    if isinstance(value, (Array, Number, RangeInt)):
        return value.scale
    return None


def item_scale(item: Optional[Value], why: str, node: cst.CSTNode) -> Optional[Scale]:
    """How large one item of a literal list is: a literal number its own
    size, a drawn number or an array what its source says."""
    size = number(item)
    if size is not None:
        return Scale(uniform=Magnitude(abs(size), why, node))
    return scale_of(item)


def literal_scale(value: Optional[Value], why: str, node: cst.CSTNode) -> Optional[Scale]:
    """Per-column magnitudes of a literal table (``[[1, 2000], [2, 3100]]``),
    or of rows appended in a loop (``rows.append([random.uniform(500, 3500),
    random.randint(1, 5)])``): each column as large as its largest known item.
    Windows of such rows (a list of lists of rows) have the rows' columns."""
    while isinstance(value, ListOf) and isinstance(value.item, ListOf):
        value = value.item
    if isinstance(value, ListOf):
        rows: Tuple[Optional[Value], ...] = (value.item,)
    elif isinstance(value, Seq) and value.items:
        rows = value.items
    else:
        return None
    if len(rows) > 1 and all(isinstance(row, Array) and row.shape is not None and len(row.shape) == 1 for row in rows):
        # 1-D features stacked as rows (np.array([a, b])): each row's size, for a .T to come.
        return scales.stacked_rows([item_scale(item, why, node) for item in rows])
    if not all(isinstance(row, Seq) for row in rows):
        # A list of numbers (or of arrays, stacked by np.array): one column.
        return scales.largest([item_scale(item, why, node) for item in rows])
    width = len(rows[0].items)  # type: ignore[union-attr]
    if any(len(row.items) != width for row in rows):  # type: ignore[union-attr]
        return None
    columns = [
        scales.largest([item_scale(row.items[index], why, node) for row in rows])  # type: ignore[union-attr]
        for index in range(width)
    ]
    return Scale(
        columns=tuple(column.overall() if column is not None else None for column in columns),
        raw=next((column.raw for column in columns if column is not None and column.raw), None),
    )


def integer_range(values: Tuple[Optional[Value], ...], why: str, node: cst.CSTNode) -> Optional[Scale]:
    """An arange used as data: its largest value, and for a long integer
    range, evidence of un-normalized features by itself."""
    bounds = [number(value) for value in values[:2]]
    if None in bounds or not bounds:
        return None
    ends = [0.0, bounds[0]] if len(bounds) == 1 else bounds
    largest = max(abs(ends[0]), abs(ends[1]) - 1)  # type: ignore[arg-type]
    # Values up to 10 and beyond are an order of magnitude off unit scale.
    large_integers = arange_dtype(values, "float") == "int64" and largest >= 10
    raw = (f"{INTEGER_RANGE} {why}, with values up to {largest:g}, far from unit scale", node) if large_integers else None
    return Scale(uniform=Magnitude(largest, why, node), raw=raw)


def size_from_args(values: Tuple[Optional[Value], ...]) -> Optional[Shape]:
    """A size given as ``f(3, 4)``, ``f((3, 4))`` or ``f([3, 4])``; None if not literal enough."""
    if len(values) == 1 and isinstance(values[0], Seq):
        values = values[0].items
    elif len(values) == 1 and not isinstance(values[0], (Const, SymInt)):
        return None  # one unknown argument may itself be a whole size
    dims: List[Dim] = []
    for value in values:
        if value is None:
            dims.append(None)
            continue
        dim = as_dim(value)
        if dim is None and not isinstance(value, SymInt):
            return None
        dims.append(dim)
    return tuple(dims)


def literal_shape(value: Optional[Value]) -> Optional[Shape]:
    """The shape of nested list/tuple literals of numbers, or of a lone number."""
    if isinstance(value, Const) and isinstance(value.value, (int, float, bool)):
        return ()
    if isinstance(value, (SymInt, Number)):
        return ()
    if isinstance(value, Seq):
        if not value.items:
            return (0,)
        inner = [literal_shape(item) for item in value.items]
        if () in inner and all(shape == () or item is None for shape, item in zip(inner, value.items)):
            # Next to a number, an item of unknown make ([t.timestamp(), rec["temp"]])
            # is a number too: numpy and torch raise on a ragged row.
            inner = [() for _ in inner]
        first = inner[0]
        if first is None or any(shape != first for shape in inner[1:]):
            # Nested items of unknown or ragged shape: only the length is certain
            # when every item is a scalar.
            return None
        return (len(value.items),) + first
    if isinstance(value, ListOf):
        # A list of unseen length (a comprehension, rows appended in a loop):
        # rows, as those of a data file.
        item = literal_shape(value.item)
        if item is None:
            return None
        # A list in such a list is a row of its own unseen length, not rows.
        return (shapes.ROWS,) + tuple(None if dim == shapes.ROWS else dim for dim in item)
    if isinstance(value, Array) and value.kind in (TENSOR, NDARRAY, SERIES, FRAME):
        # An array kept in a list (rows appended in a loop, windows cut from a
        # Series or a frame): np.array stacks their values.
        return value.shape
    return None


def literal_dtype(value: Optional[Value]) -> Optional[str]:
    """float32/int64/bool for a literal, as torch.tensor would infer it."""
    if isinstance(value, Const):
        if isinstance(value.value, bool):
            return "bool"
        if isinstance(value.value, int):
            return "int64"
        if isinstance(value.value, float):
            return "float32"
        return None
    if isinstance(value, SymInt):
        return "int64"
    if isinstance(value, Number):
        return "float32"
    if isinstance(value, ListOf):
        return literal_dtype(value.item)
    if isinstance(value, Seq):
        found = {literal_dtype(item) for item in value.items}
        if None in found or not found:
            return None
        if "float32" in found:
            return "float32"
        return "int64" if "int64" in found else "bool"
    return None


def operand_shape(value: Optional[Value]) -> Optional[Shape]:
    """The shape an operand of elementwise math contributes."""
    if isinstance(value, Array):
        return value.shape
    if isinstance(value, Const) and isinstance(value.value, (int, float, bool)):
        return ()
    if isinstance(value, SymInt):
        return ()
    return literal_shape(value)


def result_kind(left: Optional[Value], right: Optional[Value]) -> str:
    kinds = {value.kind for value in (left, right) if isinstance(value, Array)}
    for kind in (FRAME, SERIES, TENSOR):
        if kind in kinds:
            return kind
    return NDARRAY


def _true_divided(dtype: Optional[str], kind: str) -> Optional[str]:
    """``/`` of integers gives floats (np.arange(800) / 8000)."""
    if dtype is not None and dtype.startswith(("int", "uint", "bool")):
        return "float32" if kind == TENSOR else "float64"
    return dtype


def _promote(left: Optional[Value], right: Optional[Value]) -> Optional[str]:
    left_dtype = left.dtype if isinstance(left, Array) else None
    right_dtype = right.dtype if isinstance(right, Array) else None
    if DATETIME in (left_dtype, right_dtype):
        return None  # a difference of datetimes is a timedelta
    if isinstance(left, Array) and isinstance(right, Array):
        return left_dtype if left_dtype == right_dtype else None
    array = left if isinstance(left, Array) else right
    other = right if array is left else left
    dtype = array.dtype if isinstance(array, Array) else None
    if isinstance(other, Const) and isinstance(other.value, float) and dtype and dtype.startswith(("int", "uint", "bool")):
        return "float32" if array.kind == TENSOR else "float64"
    if dtype == "bool" and isinstance(other, Const) and type(other.value) is int:
        return "int64"  # 230 * mask
    return dtype


def elementwise(
    left: Optional[Value], right: Optional[Value], node: cst.CSTNode, operation: Optional[type] = None
) -> Optional[Array]:
    """The array that ``left <operation> right`` makes (``operation`` a libcst
    operator class; None for a function such as ``torch.where``); None unless
    both shapes are known."""
    matmul = operation is cst.MatrixMultiply
    left_shape = operand_shape(left)
    right_shape = operand_shape(right)
    if left_shape is None or right_shape is None:
        if (left is None) != (right is None) and operation in _KEEPS_THE_SHAPE:
            return _with_unknown_operand(left if right is None else right, node)
        if left is None or right is None or (left_shape is None and not isinstance(left, Array)) or (
            right_shape is None and not isinstance(right, Array)
        ):
            return None
        # Arrays of unknown shape: the result is an array too, of unknown shape.
        shape = None
    elif matmul:
        shape = shapes.matmul(left_shape, right_shape)
    else:
        try:
            shape = shapes.broadcast(left_shape, right_shape)
        except shapes.Incompatible:
            return None
    # The result keeps the origin of the operand whose shape it kept; of two,
    # a model's output's (data made a column beside it is not where the
    # output's shape was set: x.reshape(-1, 1) * net(x)).
    kept = [
        value for value, value_shape in ((left, left_shape), (right, right_shape))
        if isinstance(value, Array) and shape is not None and shape == value_shape and not matmul
    ]
    if shape is None:
        origin = None
    elif kept:
        origin = next((value.origin for value in kept if value.graph == "output"), kept[0].origin)
    else:
        origin = node
    arrays = [value for value in (left, right) if isinstance(value, Array)]
    statistic = "derived" if arrays and all(array.statistic for array in arrays) else None
    # A frame's arithmetic with numbers or its statistics keeps its column names.
    named = next((array for array in arrays if array.kind == FRAME and array.columns is not None and array.shape == shape), None)
    graphs = {array.graph for array in arrays}
    return Array(
        kind=result_kind(left, right),
        shape=shape,
        origin=origin,
        dtype=_true_divided(_promote(left, right), result_kind(left, right)) if operation is cst.Divide else _promote(left, right),
        scale=elementwise_scale(operation, left, right, node),
        statistic=statistic,
        graph="loss" if "loss" in graphs else "output" if "output" in graphs else None,
        paired=next((array.paired for array in arrays if array.paired is not None), None),
        columns=named.columns if named is not None else None,
        # Same numbers combined with same numbers, or with a Python number, stay one number.
        filled=bool(arrays) and all(array.filled for array in arrays) and all(isinstance(v, Array) or number(v) is not None for v in (left, right)),
    )


# Operators that give an array of its operands' broadcast shape.
_KEEPS_THE_SHAPE = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.Power)


def _with_unknown_operand(known: Optional[Value], node: cst.CSTNode) -> Optional[Array]:
    """``(data - lo) / (hi - lo)`` with ``lo`` of unknown value: the data's
    shape, as statistics, offsets and factors leave it (one of more dims
    would make the result larger, which such operands are not). Not for an
    array with a dim of 1, which the other would stretch (a bias of shape
    (1,) added to the output of a kernel of unknown shape), nor for weights
    or statistics (``x - lb`` with ``lb`` a column's minimum, ``x`` of
    unknown shape, is as large as ``x``).
    Its values are unknown, and so is whether it was made a tensor."""
    if not isinstance(known, Array) or not known.shape or known.kind in (FRAME, SERIES):
        return None
    if any(dim == 1 for dim in known.shape) or known.graph == "parameter" or known.statistic is not None:
        return None  # a statistic (a column's min, the data's mean) is what meets the data, not the data
    return Array(kind=known.kind, shape=known.shape, origin=known.origin, graph=known.graph, paired=known.paired)


def elementwise_scale(
    operation: Optional[type], left: Optional[Value], right: Optional[Value], node: cst.CSTNode
) -> Optional[Scale]:
    """How large ``left <operation> right`` is, for arrays and Python numbers alike."""
    scale = _elementwise_scale(operation, left, right, node)
    if operation is cst.Subtract and _mean_like(right) and scale is not None and scale.raw and PIXELS in scale.raw[0]:
        # Pixels minus a mean (Caffe and VGG's preprocessing, x - mean_pixel):
        # their scale was seen to; no longer the raw values 0..255 the evidence names.
        return dataclasses.replace(scale, raw=None)
    return scale


def _mean_like(value: Optional[Value]) -> bool:
    """What a mean pixel is: a statistic, a Python number, or a constant of 10 or more."""
    if isinstance(value, Array):
        return bool(value.statistic)
    constant = number(value)
    return isinstance(value, Number) if constant is None else abs(constant) >= 10


def _elementwise_scale(
    operation: Optional[type], left: Optional[Value], right: Optional[Value], node: cst.CSTNode
) -> Optional[Scale]:
    left_scale, right_scale = scale_of(left), scale_of(right)
    if operation in (cst.BitAnd, cst.BitOr, cst.BitXor) and all(isinstance(side, Array) and side.dtype == "bool" for side in (left, right)):
        return left_scale if left_scale == right_scale else None  # masks combined: a mask
    if isinstance(right, Array) and right.statistic and isinstance(left, Array) and not left.statistic:
        if operation is cst.Divide:
            # x / x.std(0), (x - min) / (max - min), x / x.max(): normalized.
            return Scale(normalized=(f"divided by its {right.statistic}", node))
        if operation is cst.Subtract:
            return left_scale  # centred: the spread of each column is unchanged
    constant_right, constant_left = number(right), number(left)
    if isinstance(left, (Array, Number, RangeInt)) and constant_right is not None:
        if operation is cst.Power:
            return scales.powered(left_scale, constant_right, node)
        if operation is cst.Multiply:
            return scales.scaled(left_scale, constant_right, node)
        if operation in (cst.Divide, cst.FloorDivide) and constant_right:
            if operation is cst.Divide and abs(constant_right) >= 10:
                # Everything divided by one number, as in x / 255: rescaled on purpose, unless values
                # known that large stay far from unit scale (a pressure of ~10,000 divided by 10).
                rescaled = scales.scaled(left_scale, 1 / constant_right, node, f"{scales.DIVIDED} {constant_right:g}")
                if rescaled is not None and rescaled.largest() >= scales.FAR_FROM_UNIT:
                    return rescaled
                return Scale(normalized=(f"divided by {constant_right:g}", node))
            # x / 2; ns // 10**9: Unix seconds, still as far from unit scale.
            return scales.scaled(left_scale, 1 / constant_right, node)
        if operation in (cst.Add, cst.Subtract):
            return scales.shifted(left_scale, constant_right if operation is cst.Add else -constant_right, node)
        if operation is cst.Modulo and constant_right:
            # x % 1.0: values in [0, 1), as large as the divisor.
            return Scale(uniform=Magnitude(abs(constant_right), f"modulo {constant_right:g}", node))
        return None
    if isinstance(right, (Array, Number, RangeInt)) and constant_left is not None:
        if operation is cst.Multiply:
            return scales.scaled(right_scale, constant_left, node)
        if operation in (cst.Add, cst.Subtract):
            # c - x is as large as x - c.
            return scales.shifted(right_scale, constant_left if operation is cst.Add else -constant_left, node)
        return None
    if operation in (cst.Add, cst.Subtract, cst.Multiply) and left_scale is not None and right_scale is not None:
        return _columnwise(left_scale, right_scale, operation, node)
    return scales.combined(left_scale, right_scale)


def _columnwise(left: Scale, right: Scale, operation: type, node: cst.CSTNode) -> Scale:
    """Magnitudes of a sum (the larger) or a product of two arrays."""
    rest = scales.combined(left, right)
    if left.columns is None and right.columns is None:
        first, second = left.uniform, right.uniform
        if first is None or second is None:
            return rest  # type: ignore[return-value]
        return Scale(uniform=_combine(first, second, operation, node), raw=rest.raw, normalized=rest.normalized)  # type: ignore[union-attr]
    width = len(left.columns or right.columns or ())
    left_columns, right_columns = left.as_columns(width), right.as_columns(width)
    if left_columns is None or right_columns is None or len(left_columns) != len(right_columns):
        return rest  # type: ignore[return-value]
    columns = tuple(
        _combine(a, b, operation, node) if a is not None and b is not None else None
        for a, b in zip(left_columns, right_columns)
    )
    return Scale(columns=columns, raw=rest.raw, normalized=rest.normalized)  # type: ignore[union-attr]


def _combine(a: Magnitude, b: Magnitude, operation: type, node: cst.CSTNode) -> Optional[Magnitude]:
    if operation is cst.Multiply:
        return Magnitude(a.size * b.size, f"{a.why} × {b.why}", node)
    larger, smaller = max(a, b, key=lambda m: m.size), min(a, b, key=lambda m: m.size)
    if operation is cst.Subtract and larger.size < 10 * smaller.size:
        return None  # time.time() - start: values of one size may cancel
    return larger


def normalized(array: Array, how: str, node: cst.CSTNode) -> Array:
    """The same shape, its values normalized (a scaler, a log transform, F.normalize):
    no longer the output of the activation they came from."""
    return activated(array, None, node, scale=Scale(normalized=(how, node)), statistic=None)


def logged(array: Array, function: str, how: str, node: cst.CSTNode) -> Array:
    """``function`` (log, log1p, log2, log10) applied to an array: the natural
    log of softmax probabilities is log-probabilities, what log_softmax gives."""
    activation = "log_softmax" if function == "log" and array.activation == "softmax" else None
    return activated(normalized(array, how, node), activation, node)


def of_kind(value: Optional[Value], kind: str) -> Optional[bool]:
    """Whether ``value`` is a tensor (``kind`` TENSOR) or a numpy array
    (NDARRAY), where that is known: an array of a known kind, or a number or
    a list, which is neither."""
    if isinstance(value, Array) and value.kind in (TENSOR, NDARRAY, FRAME, SERIES):
        return value.kind == kind
    if isinstance(value, (SymInt, Number, Seq, ListOf)) or (isinstance(value, Const) and value.value is not None):
        return False
    return None


def mask(compared: Array, node: cst.CSTNode) -> Array:
    """A boolean array of the shape of what was compared (``x > 0``, ``df["unit"] <= 16``)."""
    return converted(compared, dtype="bool", graph=None, statistic=None, scale=magnitude(1.0, "a boolean mask (0 or 1)", node))


def converted(array: Array, **changes: object) -> Array:
    """A conversion that keeps the shape and where it came from (.float(), .to(), ...)."""
    dtype = changes.get("dtype")
    if array.dtype == "uint8" and isinstance(dtype, str) and dtype.startswith(("float", "bfloat")):
        changes["scale"] = pixels_made_float(changes.get("scale", array.scale))  # type: ignore[arg-type]
    return dataclasses.replace(array, **changes)


# Elementwise functions that raise their argument to a constant power.
POWERS = {"sqrt": 0.5, "square": 2.0, "cbrt": 1 / 3}


def raised(value: Optional[Value], exponent: float, node: cst.CSTNode) -> Optional[Value]:
    """``np.sqrt(x)``, ``x.square()``: ``x ** exponent``, the rest of what is
    known of ``x`` kept (the root of a variance is still a statistic)."""
    if isinstance(value, Array):
        return converted(value, scale=scales.powered(value.scale, exponent, node))
    if isinstance(value, (Number, RangeInt)):
        return Number(scales.powered(value.scale, exponent, node))
    return None


def clipped(value: Optional[Value], low: Optional[Value], high: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    """``np.clip(x, low, high)``, ``x.clamp(low, high)``: ``x``'s shape, no
    value beyond the bounds."""
    if not isinstance(value, Array):
        return None
    return converted(value, scale=scales.clipped(value.scale, number(low), number(high), node))


def periodic(value: Optional[Value], function: str, node: cst.CSTNode) -> Optional[Value]:
    """``sin`` or ``cos`` of an array or a number: its shape, values between -1 and 1."""
    scale = scales.periodic(scale_of(value), function, node)
    if isinstance(value, Array):
        return dataclasses.replace(value, scale=scale, statistic=None, filled=False)
    if isinstance(value, (Number, SymInt, RangeInt)) or number(value) is not None:
        return Number(scale)
    return None


def pixels_made_float(scale: Optional[Scale]) -> Optional[Scale]:
    """8-bit values that fill their range (images, 0..255) are raw pixels
    once made float: nothing divides them by 255 on the way any more. A uint8
    mask or label map (values 0..10) is not. The evidence cites where the
    pixels were made (``cv2.imread``, ``np.random.randint``)."""
    size = scale.overall() if scale is not None and not scale.normalized and not scale.raw else None
    if size is None or size.size < PIXEL_SIZE:
        return scale
    # "from cv2.imread", "from np.random.randint"; values made pixels by arithmetic say how: "(scaled by 15.9375)".
    made = f"({size.why})" if size.why.startswith(("scaled by", "shifted by")) else f"from {size.why}"
    return dataclasses.replace(scale, raw=(f"{PIXELS} {made}, made float", size.node))  # type: ignore[arg-type]


def activated(array: Array, activation: Optional[str], node: cst.CSTNode, **changes: object) -> Array:
    """The array after an activation (None: one TL004 does not track) applied at ``node``."""
    return dataclasses.replace(array, activation=activation, activated_at=node if activation is not None else None, **changes)


def reshaped(array: Array, target: Optional[Tuple[Dim, ...]], node: cst.CSTNode) -> Array:
    """The array in the ``target`` shape; of a shape not known when the target
    is not, but still the same values (``probs.view(-1, vocab)`` is still
    probabilities, on the same graph)."""
    return array.with_shape(shapes.reshape(array.shape, target) if target is not None else None, node)


def reshape_args(values: Tuple[Optional[Value], ...]) -> Optional[Tuple[Dim, ...]]:
    """The target of reshape/view: ``(-1, 1)``, ``((-1, 1))`` or ``([n, 1])``."""
    if len(values) == 1 and isinstance(values[0], Seq):
        values = values[0].items
    if not values:
        return None
    dims: List[Dim] = []
    for value in values:
        if not isinstance(value, (Const, SymInt)):
            return None
        dims.append(as_dim(value))
    return tuple(dims)


def axis_of(value: Optional[Value]) -> Optional[int]:
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    return None


def unsqueezed(array: Array, axis_value: Optional[Value], node: cst.CSTNode) -> Optional[Array]:
    axis = axis_of(axis_value)
    if array.shape is None or axis is None:
        return array.with_shape(None, node)
    rank = len(array.shape) + 1
    position = shapes.normalize_axis(axis, rank)
    if position is None:
        return None
    shape = array.shape[:position] + (1,) + array.shape[position:]
    return array.with_shape(shape, node)


def squeezed(array: Array, axis_value: Optional[Value], given: bool, node: cst.CSTNode) -> Optional[Array]:
    """squeeze(): drops the dims of size 1; an unknown dim might be 1, so then
    the shape is unknown (the values, and what else is known of them, are the same)."""
    unknown = array.with_shape(None, node)
    if array.shape is None:
        return unknown
    if not given:
        if any(dim is None for dim in array.shape):
            return unknown
        return array.with_shape(tuple(dim for dim in array.shape if dim != 1), node)
    axis = axis_of(axis_value)
    if axis is None:
        return unknown
    position = shapes.normalize_axis(axis, len(array.shape))
    if position is None:
        return None
    dim = array.shape[position]
    if dim == 1:
        return array.with_shape(array.shape[:position] + array.shape[position + 1:], node)
    if isinstance(dim, int) or isinstance(dim, str):
        return array  # squeezing a dim that is not 1 does nothing
    return unknown


def cumulative(array: Array, axis_value: Optional[Value], along_axis: bool, summing: bool, node: cst.CSTNode) -> Optional[Array]:
    """A running sum or product (cumsum, cumprod): the same shape along an
    axis; numpy without one runs over the flattened array (torch needs one).
    A running sum is as large as a random walk of its steps, a product not known."""
    if not along_axis:
        if array.kind != NDARRAY:
            return None
        array = flattened(array, 0, -1, node)  # type: ignore[assignment]
        if array is None:
            return None
    axis = axis_of(axis_value) if along_axis else 0
    position = shapes.normalize_axis(axis, len(array.shape)) if array.shape and axis is not None else None
    length = array.shape[position] if position is not None else None  # type: ignore[index]
    scale = scales.running_sum(array.scale, length if isinstance(length, int) else None, node) if summing else None
    return converted(array, scale=scale)


def exponential(value: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    """``exp`` of an array or a number: its shape, values as large as scales.exponential says."""
    scale = scales.exponential(scale_of(value), node)
    if isinstance(value, Array):
        return dataclasses.replace(value, scale=scale, statistic=None, filled=False)
    if isinstance(value, (Number, SymInt, RangeInt)) or number(value) is not None:
        return Number(scale)
    return None


def flattened(array: Array, start: int, end: int, node: cst.CSTNode) -> Optional[Array]:
    if array.shape is None:
        return array.with_shape(None, node)
    rank = len(array.shape)
    if rank == 0:
        return array.with_shape((1,), node)
    first = shapes.normalize_axis(start, rank)
    last = shapes.normalize_axis(end, rank)
    if first is None or last is None or first > last:
        return None
    merged = shapes.product(array.shape[first:last + 1])
    return array.with_shape(array.shape[:first] + (merged,) + array.shape[last + 1:], node)


def repeated_elements(array: Array, repeats: Optional[Value], axis: Optional[Value], along_axis: bool, node: cst.CSTNode) -> Optional[Array]:
    """``np.repeat(a, k, axis)``, ``a.repeat(k, axis)``, ``t.repeat_interleave(k, dim)``:
    each element k times over along ``axis``, or over the flattened array when
    no axis is given (``along_axis`` False, or None given). The values are the array's own."""
    count = repeats.value if isinstance(repeats, Const) and type(repeats.value) is int else None
    if not along_axis or axis == Const(None):
        array = flattened(array, 0, -1, node)  # type: ignore[assignment]
        position: Optional[int] = 0
    else:
        index = axis_of(axis)
        position = shapes.normalize_axis(index, len(array.shape)) if array.shape is not None and index is not None else None
    if array is None or array.shape is None or position is None:
        return None
    dim = array.shape[position]
    longer = dim * count if isinstance(dim, int) and count is not None else dim if count == 1 else None
    return array.with_shape(array.shape[:position] + (longer,) + array.shape[position + 1:], node)


def repeat_function(array_name: str, axis_name: str) -> Callable[["CallSite"], Optional[Value]]:
    """``np.repeat(a, repeats, axis)`` and ``torch.repeat_interleave(input, repeats, dim)``, one handler each."""

    def repeat(site: "CallSite") -> Optional[Value]:
        given = site.value(0, array_name)
        if not isinstance(given, Array):
            return None
        return repeated_elements(given, site.value(1, "repeats"), site.value(2, axis_name), site.given(2, axis_name), site.node)

    return repeat


def chosen(condition: Optional[Value], yes: Optional[Value], no: Optional[Value], why: str, node: cst.CSTNode) -> Optional[Array]:
    """``np.where(condition, yes, no)``, ``torch.where``: the three broadcast
    together; each value one of the two, as large as the larger (np.where(inside, 220, 30))."""
    first = elementwise(condition, yes, node)
    result = elementwise(first, no, node) if first is not None else None
    if result is None:
        return None
    return dataclasses.replace(result, scale=scales.largest([item_scale(yes, why, node), item_scale(no, why, node)]))


def rearranged(array: Array, node: cst.CSTNode) -> Array:
    """The same values moved about within the array's shape (``np.roll``,
    ``flip``): each value's size kept, not which column holds it."""
    scale = array.scale.without_columns() if array.scale is not None else None
    return dataclasses.replace(array, origin=node, scale=scale, columns=None)


def grids(site: "CallSite", axes: Tuple[Optional[Value], ...], default_indexing: str, kind: str) -> Optional[Seq]:
    """meshgrid of 1-D coordinate arrays: one array per axis, all of one
    shape, each holding its axis's values; indexing="xy" (numpy's default,
    torch's "ij") swaps the first two sizes."""
    indexing = site.value(None, "indexing") if site.given(None, "indexing") else Const(default_indexing)
    if indexing not in (Const("xy"), Const("ij")) or not site.complete:
        return None
    if not axes or not all(isinstance(axis, Array) and axis.shape is not None and len(axis.shape) == 1 for axis in axes):
        return None
    sizes = [axis.shape[0] for axis in axes]  # type: ignore[union-attr,index]
    if indexing == Const("xy") and len(sizes) >= 2:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    return Seq(
        tuple(
            Array(kind=kind, shape=tuple(sizes), origin=site.node, dtype=axis.dtype, scale=_coordinates(axis.scale))  # type: ignore[union-attr]
            for axis in axes
        ),
        "tuple",
    )


def _coordinates(scale: Optional[Scale]) -> Optional[Scale]:
    """The size of one axis's values spread over a grid: an axis that is a
    frame's row (``df.iloc[3, 2:50]``, times stored across columns) holds no
    columns of features but values up to its largest."""
    if scale is None or scale.columns is None:
        return scale
    known = [column for column in scale.columns if column is not None]
    if scale.prefix or len(known) != len(scale.columns) or not known:
        return None
    return Scale(uniform=max(known, key=lambda column: column.size), raw=scale.raw)


# The mean of the usual tapering windows (Hann, Hamming, Blackman, Bartlett): about a half.
WINDOW_SIZE = 0.5


def taper(length: Optional[Value], node: cst.CSTNode, kind: str, dtype: str) -> Optional[Array]:
    """np.hanning(n), torch.hann_window(n) and kin: n weights between 0 and 1."""
    size = as_dim(length)
    if size is None:
        return None
    return Array(kind=kind, shape=(size,), origin=node, dtype=dtype, scale=Scale(uniform=Magnitude(WINDOW_SIZE, "a window function", node)))


def fourier(onesided: bool, input_name: str, axis_name: str, dtype: str) -> Callable[["CallSite"], Optional[Array]]:
    """The handler of np.fft.rfft(a, n, axis, norm) / torch.fft.rfft(input, n,
    dim, norm) and their fft: the arguments in one order, named by each library."""

    def transform(site: "CallSite") -> Optional[Array]:
        array = site.value(0, input_name)
        if not isinstance(array, Array):
            return None
        axis = axis_of(site.value(2, axis_name)) if site.given(2, axis_name) else -1
        length = as_dim(site.value(1, "n")) if site.given(1, "n") else None
        norm = site.value(3, "norm") if site.given(3, "norm") else Const(None)
        return spectrum(array, axis, length, onesided, norm, site.node, dtype)

    return transform


def spectrum(
    array: Array, axis: Optional[int], length: Dim, onesided: bool, norm: Optional[Value], node: cst.CSTNode, dtype: str
) -> Optional[Array]:
    """A discrete Fourier transform along ``axis`` (rfft: n // 2 + 1 bins, fft:
    n). By Parseval, the bins' root mean square is sqrt(n) times the values'
    size unscaled (norm "backward", the default): a spectrum of 256 samples of
    ~1 is ~16, of 16-bit audio thousands; "ortho" keeps the size, "forward"
    divides it by sqrt(n)."""
    shape = array.shape
    if shape is None or axis is None:
        return None
    position = shapes.normalize_axis(axis, len(shape))
    if position is None:
        return None
    samples = length if length is not None else shape[position]
    bins: Dim = (samples // 2 + 1 if onesided else samples) if isinstance(samples, int) else None
    overall = array.scale.overall() if array.scale is not None else None
    scale = None
    # The power of sqrt(n) each normalization leaves (compared, not hashed: a value may be unhashable).
    factor = 1.0 if norm in (Const(None), Const("backward")) else 0.0 if norm == Const("ortho") else -1.0 if norm == Const("forward") else None
    if overall is not None and isinstance(samples, int) and factor is not None:
        size = overall.size * math.sqrt(samples) ** factor
        scale = Scale(uniform=Magnitude(size, f"a spectrum of {samples} values of about {overall.size:g}", node))
    return Array(kind=array.kind, shape=shape[:position] + (bins,) + shape[position + 1:], origin=node, dtype=dtype, scale=scale)


def diagonal_call(site: "CallSite", array_name: str, offset_name: str) -> Optional[Array]:
    """np.diag(v) / torch.diag(input): the main diagonal's (no offset given)."""
    array = site.value(0, array_name)
    if not isinstance(array, Array) or site.given(1, offset_name):
        return None
    return diagonal(array, site.node)


def diagonal(array: Array, node: cst.CSTNode) -> Optional[Array]:
    """np.diag / torch.diag with no offset: a 1-D array of n values made the
    diagonal of an (n, n) matrix, or a matrix's main diagonal taken out."""
    shape = array.shape
    if shape is None or len(shape) not in (1, 2):
        return None
    if len(shape) == 1:
        return Array(kind=array.kind, shape=(shape[0], shape[0]), origin=node, dtype=array.dtype)
    rows, columns = shape
    if rows == columns:
        length: Dim = rows
    elif isinstance(rows, int) and isinstance(columns, int):
        length = min(rows, columns)
    else:
        return None
    return Array(kind=array.kind, shape=(length,), origin=node, dtype=array.dtype)


def sorted_values(array: Array, flat: bool, node: cst.CSTNode) -> Optional[Array]:
    """``np.sort(a)``: the same values, ordered along an axis (each column
    sorted on its own, so columns keep their sizes for axis 0 only: not told
    apart here); over the flattened array for ``axis=None``."""
    if flat:
        flattened_array = flattened(array, 0, -1, node)
        return rearranged(flattened_array, node) if flattened_array is not None else None
    return rearranged(array, node)


def sort_indices(array: Array, node: cst.CSTNode) -> Array:
    """``np.argsort(a)``: an int index per value, in the array's shape."""
    return dataclasses.replace(array, origin=node, dtype="int64", scale=None, columns=None, statistic=None, graph=None)


def nonzero_indices(array: Array, node: cst.CSTNode) -> Optional[Seq]:
    """The indices where an array is non-zero, numpy's way: a tuple of one
    1-D int array per dim, each as long as the count of non-zeros (unseen)."""
    if array.shape is None or not array.shape:
        return None
    kind = NDARRAY if array.kind in (NDARRAY, SERIES, FRAME) else array.kind
    return Seq(tuple(new(kind, (None,), node, "int64") for _ in array.shape), "tuple")


def transposed(array: Array, node: cst.CSTNode) -> Optional[Array]:
    if array.shape is None:
        return None
    if len(array.shape) != 2:
        return _axes_moved(array, list(reversed(range(len(array.shape)))), node)
    moved = array.with_shape(tuple(reversed(array.shape)), node)
    return dataclasses.replace(moved, scale=scales.transposed(array.scale))


def _axes_moved(array: Array, positions: List[int], node: cst.CSTNode) -> Array:
    """``array`` with its axes in the order ``positions`` (old axis at each
    new place). Windows (N, T, C) made channels-first for a convolution keep
    their columns, along dim 1 now; moved back, along the last dim again."""
    moved = array.with_shape(tuple(array.shape[p] for p in positions), node)  # type: ignore[index]
    scale, rank = array.scale, len(positions)
    if scale is None or scale.columns is None or rank < 3:
        return moved
    if not scale.channels_first and positions[1] == rank - 1:
        return dataclasses.replace(moved, scale=dataclasses.replace(scale, channels_first=True))
    if scale.channels_first and positions[-1] == 1:
        return dataclasses.replace(moved, scale=dataclasses.replace(scale, channels_first=False))
    return moved


def swapped(array: Array, first: Optional[Value], second: Optional[Value], node: cst.CSTNode) -> Optional[Array]:
    if array.shape is None:
        return None
    a, b = axis_of(first), axis_of(second)
    rank = len(array.shape)
    if a is None or b is None:
        return None
    a_pos, b_pos = shapes.normalize_axis(a, rank), shapes.normalize_axis(b, rank)
    if a_pos is None or b_pos is None:
        return None
    positions = list(range(rank))
    positions[a_pos], positions[b_pos] = positions[b_pos], positions[a_pos]
    return _axes_moved(array, positions, node)


def permuted(array: Array, order: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Array]:
    if len(order) == 1 and isinstance(order[0], Seq):
        order = order[0].items
    axes = [axis_of(value) for value in order]
    if array.shape is None or None in axes or len(axes) != len(array.shape):
        return None
    rank = len(array.shape)
    positions = [shapes.normalize_axis(axis, rank) for axis in axes]  # type: ignore[arg-type]
    if None in positions or len(set(positions)) != rank:
        return None
    return _axes_moved(array, positions, node)  # type: ignore[arg-type]


def reduced(
    array: Array,
    axis_value: Optional[Value],
    axis_given: bool,
    keepdims: Optional[Value],
    node: cst.CSTNode,
    statistic: Optional[str],
) -> Optional[Array]:
    """mean/std/sum/max... over ``axis`` (all axes when not given)."""
    keep = isinstance(keepdims, Const) and keepdims.value is True
    if keepdims is not None and not isinstance(keepdims, Const):
        return None
    if array.shape is None:
        # Over every axis, one number; over some, a shape no better known than the array's.
        whole = (not axis_given or axis_value == Const(None)) and not keep
        return _statistic(array.with_shape(() if whole else None, node), statistic)
    rank = len(array.shape)
    if not axis_given or axis_value == Const(None):
        shape: Shape = (1,) * rank if keep else ()
    else:
        items = axis_value.items if isinstance(axis_value, Seq) else (axis_value,)
        positions = set()
        for item in items:
            axis = axis_of(item)
            position = shapes.normalize_axis(axis, rank) if axis is not None else None
            if position is None:
                return None
            positions.add(position)
        if keep:
            shape = tuple(1 if i in positions else dim for i, dim in enumerate(array.shape))
        else:
            shape = tuple(dim for i, dim in enumerate(array.shape) if i not in positions)
    return _statistic(array.with_shape(shape, node), statistic)


def _statistic(result: Array, statistic: Optional[str]) -> Array:
    """A reduction's result; of a pandas object reduced to one number, a numpy
    scalar (``df["sales"].mean()``), which arithmetic leaves an ndarray an ndarray."""
    kind = NDARRAY if result.kind in (SERIES, FRAME) and result.shape == () else result.kind
    return dataclasses.replace(result, kind=kind, statistic=statistic, scale=None, activation=None)


def _slice_length(dim: Dim, part: SliceValue, leading: bool) -> Dim:
    """The length of ``dim`` sliced by ``part``; a slice of rows whose bounds
    are not literals (``X[i:i + bs]``) is a batch of unknown size, ``B``."""
    if part.is_full():
        return dim
    if part.rows is not None:
        return part.rows
    bounds = []
    for value in (part.lower, part.upper, part.step):
        if value is None or value == Const(None):
            bounds.append(None)
        elif isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
            bounds.append(value.value)
        else:
            return shapes.BATCH if leading and part.batch else None
    if not isinstance(dim, int) or bounds[2] == 0:
        return None
    return len(range(*slice(*bounds).indices(dim)))


def _is_newaxis(value: Optional[Value]) -> bool:
    return value == Const(None) or value == Ref("numpy.newaxis")


def _plain_items(index: Tuple[Optional[Value], ...]) -> Optional[int]:
    """How many dims ``index`` consumes one each (ints and slices); None when
    an item does something else (a new axis, ``...``, a mask, an unknown)."""
    plain = all(isinstance(item, (SliceValue, SymInt)) or (isinstance(item, Const) and _is_index_int(item.value)) for item in index)
    return len(index) if plain else None


def _is_index_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def indexed(array: Array, index: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Array]:
    """``array[index]`` for numpy arrays and torch tensors (basic and simple advanced indexing)."""
    if array.shape is None:
        if array.rank_at_most is not None and _plain_items(index) == array.rank_at_most:
            # As many indices as it can have dims: it has that many, rows first.
            table = (shapes.ROWS,) + (None,) * (array.rank_at_most - 1)
            return indexed(dataclasses.replace(array, shape=table, rank_at_most=None), index, node)
        # Still an array of the same data, of a shape no one knows.
        return array.with_shape(None, node) if all(item is not None for item in index) else None
    rank = len(array.shape)
    consuming = 0
    for item in index:
        if _is_newaxis(item) or item == Const(...):
            continue
        if isinstance(item, Array) and item.dtype == "bool" and item.shape is not None:
            consuming += len(item.shape)
        else:
            consuming += 1
    if index.count(Const(...)) > 1 or consuming > rank:
        return None
    expanded: List[Optional[Value]] = []
    for item in index:
        if item == Const(...):
            expanded.extend(SliceValue(None, None, None) for _ in range(rank - consuming))
        else:
            expanded.append(item)
    out: List[Dim] = []
    position = 0
    advanced: List[int] = []  # where each index array's dim stands in ``out`` (-1: a mask)
    # What the index does to the columns (the source's last dim), for the scale.
    last_item: Optional[Value] = None
    for item in expanded:
        if not _is_newaxis(item) and position == rank - 1:
            last_item = item
        if _is_newaxis(item):
            out.append(1)
            continue
        dim = array.shape[position]
        if isinstance(item, SliceValue):
            out.append(_slice_length(dim, item, leading=position == 0))
            position += 1
        elif (
            isinstance(item, SymInt)
            or (isinstance(item, Const) and isinstance(item.value, int) and not isinstance(item.value, bool))
            or (isinstance(item, Array) and item.shape == () and (item.dtype or "").startswith(("int", "uint")))
        ):  # x[i] with i an int, or one item of an index tensor (for i in torch.randperm(n))
            if isinstance(item, Const) and isinstance(dim, int) and not -dim <= item.value < dim:  # type: ignore[operator]
                return None
            position += 1
        elif isinstance(item, Seq) and literal_shape(item) is not None and len(literal_shape(item) or ()) == 1:
            advanced.append(len(out))
            out.append(len(item.items))
            position += 1
        elif isinstance(item, ListOf) and (
            isinstance(item.item, SymInt) or (isinstance(item.item, Const) and type(item.item.value) is int)
        ):
            # x[indices], indices = [i for i in range(n) if i % 10 != 0]: rows of a count not seen.
            advanced.append(len(out))
            out.append(shapes.ROWS)
            position += 1
        elif isinstance(item, Array) and item.shape is not None and len(item.shape) == 1:
            # An index array keeps its length; a boolean mask keeps an unknown count.
            advanced.append(len(out) if item.dtype != "bool" else -1)
            out.append(item.shape[0] if item.dtype not in ("bool", None) else None)
            position += 1
        elif isinstance(item, Array) and item.dtype == "bool" and item.shape is not None:
            advanced.append(-1)
            out.append(None)
            position += len(item.shape)
        elif isinstance(item, Array) and item.shape and (item.dtype or "").startswith(("int", "uint")):
            # q[:, actions] with actions (B, 1), not gathered: the index's own dims stand where it
            # stood, (B, B, 1). Beside other index arrays, their shapes broadcast: not followed.
            if len(index) > 1 and any(isinstance(other, (Array, Seq)) and other is not item for other in expanded):
                return None
            multi_dim_at = len(out)
            out.extend(item.shape)
            position += 1
            advanced.append(multi_dim_at)
        else:
            return None
    if len(advanced) > 1:
        # t[np.arange(n), actions]: index arrays side by side pick one item
        # each, together; their common length stands where they stood.
        first = advanced[0]
        if -1 in advanced or advanced != list(range(first, first + len(advanced))):
            return None
        lengths = {out[slot] for slot in advanced} - {1}
        if len(lengths) > 1 or None in lengths:
            return None
        out[first : first + len(advanced)] = [lengths.pop() if lengths else 1]
    out.extend(array.shape[position:])
    shape = tuple(out)
    scale = _indexed_scale(array, last_item)
    if shape == array.shape and scale == array.scale:
        return array
    result = array.with_shape(shape, node)
    return dataclasses.replace(result, scale=scale)


def _indexed_scale(array: Array, item: Optional[Value]) -> Optional[Scale]:
    """The scale of ``array[..., item]`` where ``item`` indexes its columns."""
    scale = array.scale
    if scale is None or array.shape is None or len(array.shape) < 2 or item is None:
        return scale
    if scale.channels_first:
        return scale if isinstance(item, SliceValue) and item.is_full() else scale.without_columns()
    width = array.shape[-1]
    if isinstance(item, Const) and isinstance(item.value, int):
        return scale.single(item.value)
    if isinstance(item, SliceValue):
        if item.is_full():
            return scale
        if isinstance(width, int) and all(
            part is None or part == Const(None) or isinstance(part, Const) and isinstance(part.value, int)
            for part in (item.lower, item.upper, item.step)
        ):
            bounds = [part.value if isinstance(part, Const) else None for part in (item.lower, item.upper, item.step)]
            return scale.select(range(*slice(*bounds).indices(width)))
    if isinstance(item, Seq) and all(isinstance(i, Const) and isinstance(i.value, int) for i in item.items):
        return scale.select([i.value for i in item.items])  # type: ignore[union-attr]
    return scale.without_columns()


def stacked(
    items: Optional[Value], axis: Optional[int], node: cst.CSTNode, kind: str, new_axis: bool
) -> Optional[Array]:
    """stack (new_axis) or concatenate along ``axis``; needs the list of parts
    literally, or a list of like parts filled in a loop."""
    if isinstance(items, ListOf):
        return _stacked_alike(items.item, axis, node, kind, new_axis)
    if not isinstance(items, Seq) or not items.items or axis is None:
        return None
    parts = [item for item in items.items]
    if not new_axis and Const(None) in parts and len(parts) > parts.count(Const(None)):
        # torch.cat([so_far, batch]) with so_far None before the first batch (`if i == 0:` took
        # that one): None would raise here, so so_far is the rows gathered, of a count not seen.
        joined = stacked(Seq(tuple(part for part in parts if part != Const(None)), items.kind), axis, node, kind, new_axis)
        if joined is None or joined.shape is None:
            return joined
        position = shapes.normalize_axis(axis, len(joined.shape))
        return joined.with_shape(tuple(None if i == position else d for i, d in enumerate(joined.shape)), joined.origin) if position is not None else None
    if not all(isinstance(part, Array) and part.shape is not None for part in parts):
        return None
    part_shapes = [part.shape for part in parts]  # type: ignore[union-attr]
    first = part_shapes[0]
    if new_axis:
        # The parts have one shape when this runs; a size known in one part and
        # named in another (rows of a list filled in a loop) is not known.
        common = first
        for other in part_shapes[1:]:
            if shapes.differ_for_certain(common, other):
                return None
            common = shapes.join_shapes(common, other)  # type: ignore[assignment]
        position = shapes.normalize_axis(axis, len(first) + 1)  # type: ignore[arg-type]
        if position is None:
            return None
        shape = common[:position] + (len(parts),) + common[position:]  # type: ignore[index]
    else:
        rank = len(first)  # type: ignore[arg-type]
        if any(len(shape) != rank for shape in part_shapes):  # type: ignore[arg-type]
            return None
        position = shapes.normalize_axis(axis, rank)
        if position is None:
            return None
        sizes = [shape[position] for shape in part_shapes]  # type: ignore[index]
        total: Dim = sum(sizes) if all(isinstance(size, int) for size in sizes) else None  # type: ignore[arg-type]
        rest = [tuple(d for i, d in enumerate(shape) if i != position) for shape in part_shapes]  # type: ignore[arg-type]
        joined = rest[0]
        for other in rest[1:]:
            joined = shapes.join_shapes(joined, other)  # type: ignore[assignment]
            if joined is None:
                return None
        shape = joined[:position] + (total,) + joined[position:]
    dtypes = {part.dtype for part in parts}  # type: ignore[union-attr]
    last = len(shape) - 1
    if len(shape) == 1 and not new_axis:
        # Values of one feature, part from each (uniform(1, 5) then uniform(100, 500)): as large as the largest.
        scale = scales.largest([part.scale for part in parts])  # type: ignore[union-attr]
    elif len(shape) < 2:
        scale = None
    elif new_axis and position == last:
        # 1-D columns stacked side by side: stack([a, b], dim=1).
        scale = scales.merged([part.scale for part in parts], [1] * len(parts))  # type: ignore[union-attr]
    elif not new_axis and position == last:
        widths = [p.shape[-1] if isinstance(p.shape[-1], int) else None for p in parts]  # type: ignore[union-attr,index]
        scale = scales.merged([part.scale for part in parts], widths)  # type: ignore[union-attr]
    elif (
        len(shape) == 2
        and position == 0
        and all((new_axis or part.shape[0] == 1) and not (part.scale and part.scale.columns) for part in parts)  # type: ignore[union-attr, index]
    ):
        # 1-D features stacked as rows (np.vstack([a, b]), np.stack([a, b])),
        # not samples whose columns are known (np.vstack([[1500, 3], [2000, 4]])).
        scale = scales.stacked_rows([part.scale for part in parts])  # type: ignore[union-attr]
    else:
        scale = None
        for index, part in enumerate(parts):
            scale = part.scale if index == 0 else scales.join(scale, part.scale)  # type: ignore[union-attr]
    # Terms of a loss written by hand, stacked before their mean (a quantile loss's per-quantile errors): still
    # paired; not losses already reduced to one number each, whose means were read as losses themselves.
    paired = next((part.paired for part in parts if part.paired is not None and part.shape), None)  # type: ignore[union-attr]
    return Array(kind=kind, shape=shape, origin=node, dtype=dtypes.pop() if len(dtypes) == 1 else None, scale=scale, paired=paired)


def _stacked_alike(part: Optional[Value], axis: Optional[int], node: cst.CSTNode, kind: str, new_axis: bool) -> Optional[Array]:
    """stack or concatenate of a list of unseen length whose parts are all like
    ``part``: the count of parts is rows (stacked on the leading axis), or of
    unknown size on another axis (a column per part: np.stack([sin(t + p) for
    p in phases], 1)), or the joined axis is unknown (concatenated)."""
    if not isinstance(part, Array) or part.shape is None or axis is None:
        return None
    rank = len(part.shape) + (1 if new_axis else 0)
    position = shapes.normalize_axis(axis, rank)
    if position is None or (position != 0 and not new_axis):
        return None
    if position != 0:
        shape = part.shape[:position] + (None,) + part.shape[position:]
        # A column per part, every part alike: every column is as large as a part's values.
        uniform = part.scale.uniform if part.scale is not None and part.scale.columns is None else None
        scale = Scale(uniform=uniform) if uniform is not None and position == rank - 1 else None
        return Array(kind=kind, shape=shape, origin=node, dtype=part.dtype, scale=scale)
    if new_axis or (part.shape and part.shape[0] == 1):
        # One row per part (stacked, or parts of one row each concatenated): the count of parts.
        shape = (shapes.ROWS,) + (part.shape if new_axis else part.shape[1:])
    else:
        shape = ((None,) + part.shape[1:]) if part.shape else None
    if shape is None:
        return None
    # Rows stacked keep the columns: what holds for every part's columns holds.
    scale = part.scale if len(shape) >= 2 else None
    return Array(kind=kind, shape=shape, origin=node, dtype=part.dtype, scale=scale, paired=part.paired if part.shape else None)


def column_stacked(items: Optional[Value], node: cst.CSTNode, kind: str) -> Optional[Array]:
    """np.column_stack / torch.column_stack: 1-D parts become columns."""
    if not isinstance(items, Seq) or not items.items:
        return None
    columns: List[Value] = []
    for part in items.items:
        if not isinstance(part, Array) or part.shape is None or len(part.shape) not in (1, 2):
            return None
        columns.append(part.with_shape(part.shape + (1,), part.origin) if len(part.shape) == 1 else part)
    return stacked(Seq(tuple(columns)), 1, node, kind, new_axis=False)


def length(value: Optional[Value]) -> Optional[Value]:
    """len(value)."""
    if isinstance(value, Array) and value.shape:
        return dim_value(value.shape[0])
    if isinstance(value, Seq):
        return Const(len(value.items))
    if isinstance(value, ListOf):
        # A list of unseen length is as long as the rows an array of it has (N):
        # np.zeros(len(rewards)) beside torch.tensor(values) of a list filled alike.
        return SymInt(shapes.ROWS)
    return None


# The most pieces a split or chunk of a known size is followed one by one;
# along the rows, more pieces than a few are mini-batches (``B``), whatever
# size the last one has.
MAX_PIECES = 16
FEW_ROW_PIECES = 4


def pieces(
    array: Optional[Value], axis_value: Optional[Value], node: cst.CSTNode, how: str = "split", given: Optional[Value] = None
) -> Optional[Value]:
    """``x.split(64)``, ``torch.chunk(x, 10)``: a list of pieces of ``x``, each
    with a size of its own along ``axis`` (along dim 0: a mini-batch). Along
    a dim of known size, split into a few pieces (``mu, log_std =
    out.chunk(2, dim=-1)``, ``a, b = x.chunk(2)``), the pieces one by one, as
    torch cuts them."""
    axis = axis_of(axis_value)
    if not isinstance(array, Array) or array.kind != TENSOR or array.shape is None or axis is None:
        return None
    position = shapes.normalize_axis(axis, len(array.shape))
    if position is None:
        return None
    sizes = _piece_sizes(array.shape[position], how, given)
    if sizes is not None and (position > 0 or len(sizes) <= FEW_ROW_PIECES):
        return Seq(tuple(array.with_shape(array.shape[:position] + (size,) + array.shape[position + 1:], node) for size in sizes))
    size = shapes.BATCH if position == 0 else None
    return ListOf(array.with_shape(array.shape[:position] + (size,) + array.shape[position + 1:], node))


def _piece_sizes(dim: Dim, how: str, given: Optional[Value]) -> Optional[List[int]]:
    """The sizes of ``chunk(n)`` / ``split(k)`` / ``split([a, b])`` of a dim of ``dim`` items."""
    if not isinstance(dim, int) or dim <= 0:
        return None
    if how == "split" and isinstance(given, Seq):
        listed = [number(item) for item in given.items]
        if None in listed or sum(listed) != dim:  # type: ignore[arg-type]
            return None
        return [int(size) for size in listed]  # type: ignore[arg-type]
    count = number(given)
    if count is None or count != int(count) or count <= 0:
        return None
    step = -(-dim // int(count)) if how == "chunk" else int(count)
    sizes = [min(step, dim - start) for start in range(0, dim, step)]
    return sizes if len(sizes) <= MAX_PIECES else None


def shape_value(array: Array) -> Optional[Value]:
    """``x.shape`` / ``x.size()`` as a tuple of sizes: of unknown length when
    the rank is unknown, but each still an int (``x.shape[0]`` is a size)."""
    if array.shape is None:
        return ListOf(SymInt(None))
    return Seq(tuple(dim_value(dim) for dim in array.shape))


def size_at(array: Array, axis_value: Optional[Value]) -> Optional[Value]:
    axis = axis_of(axis_value)
    if array.shape is None:
        return SymInt(None) if axis is not None else None  # a size, not known
    if axis is None:
        return None
    position = shapes.normalize_axis(axis, len(array.shape))
    return dim_value(array.shape[position]) if position is not None else None


def arange_length(values: Tuple[Optional[Value], ...]) -> Dim:
    if len(values) == 1 and isinstance(values[0], SymInt):
        return values[0].dim  # arange(len(x)): one per row of x
    numbers = []
    for value in values:
        if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
            numbers.append(value.value)
        else:
            return None
    if len(numbers) == 1:
        start, stop, step = 0, numbers[0], 1
    elif len(numbers) == 2:
        start, stop, step = numbers[0], numbers[1], 1
    elif len(numbers) == 3:
        start, stop, step = numbers
    else:
        return None
    if step == 0:
        return None
    return max(0, math.ceil((stop - start) / step))


def arange_dtype(values: Tuple[Optional[Value], ...], float_default: str) -> Optional[str]:
    if all(isinstance(v, SymInt) or (isinstance(v, Const) and isinstance(v.value, int)) for v in values):
        return "int64"
    if any(isinstance(v, Const) and isinstance(v.value, float) for v in values):
        return float_default
    return None


def column_written(array: Array, index: Tuple[Optional[Value], ...], value: Optional[Value], node: cst.CSTNode) -> Array:
    """``array[rows, k] = value`` (or ``op=``): column k now holds values of the
    written magnitude, as in ``X[:, 0] *= 100``. Any other write leaves each
    value as it was or as written."""
    scale = array.scale
    if scale is None:
        return array
    column = index[1] if len(index) == 2 else None
    if array.shape is None or len(array.shape) != 2 or not (isinstance(column, Const) and type(column.value) is int):
        if isinstance(value, Seq):
            written_scale = literal_scale(Seq((value,), "list"), "values written in a row", node)  # X[i] = [a, b, c]
        else:
            written = number(value)
            written_scale = item_scale(value, f"values written as {written:g}" if written is not None else "values written", node)
        return dataclasses.replace(array, scale=scales.partly_overwritten(scale, written_scale, node))
    if isinstance(value, Array) and value.scale is not None:
        written = Magnitude(1.0, "normalized", node) if value.scale.normalized else value.scale.overall()
    elif number(value) is not None:
        written = Magnitude(abs(number(value)), f"set to {number(value):g}", node)  # type: ignore[arg-type]
    else:
        written = None
    width = array.shape[1] if isinstance(array.shape[1], int) else None
    return dataclasses.replace(array, scale=scale.with_column(column.value, width, written))

