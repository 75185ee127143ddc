"""Methods and attributes of torch tensors and numpy arrays."""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, Optional, Tuple

import libcst as cst

from torchlint.core import shapes
from torchlint.core.api import arrays, registry
from torchlint.core.api.arrays import NDARRAY, SERIES, TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.values import Array, Const, ListOf, Number, RangeInt, Ref, Seq, SymInt, Value, as_dim, dim_value

Method = Callable[[Array, CallSite], Optional[Value]]
METHODS: Dict[str, Method] = {}


def method(*names: str) -> Callable[[Method], Method]:
    def register(handler: Method) -> Method:
        for name in names:
            METHODS[name] = handler
        return handler

    return register


def call(array: Array, name: str, site: CallSite) -> Optional[Value]:
    handler = METHODS.get(name)
    return handler(array, site) if handler is not None else None


def attribute(array: Array, name: str, node: cst.CSTNode) -> Optional[Value]:
    if name == "T":
        return arrays.transposed(array, node)
    if name == "shape":
        return arrays.shape_value(array)
    if name == "ndim" and array.shape is not None:
        return Const(len(array.shape))
    if name == "data":
        return arrays.converted(array, graph=None)  # the same values, outside the graph
    if name == "grad":
        return arrays.converted(array, graph=None, activation=None)
    if name == "size" and array.kind == NDARRAY:
        return _numel(array, None)  # type: ignore[arg-type]
    return None


@method("reshape")
def _reshape(array: Array, site: CallSite) -> Optional[Value]:
    if not site.only_positional() and not site.given(None, "shape"):
        return None
    target = site.positional() or (site.value(None, "shape"),)
    return arrays.reshaped(array, arrays.reshape_args(target), site.node)


@method("view")
def _view(array: Array, site: CallSite) -> Optional[Value]:
    if array.kind != TENSOR or not site.only_positional():
        return None
    target = site.positional()
    if len(target) == 1 and isinstance(target[0], Ref):
        return None  # view(dtype)
    return arrays.reshaped(array, arrays.reshape_args(target), site.node)


@method("view_as", "reshape_as", "expand_as")
def _view_as(array: Array, site: CallSite) -> Optional[Value]:
    other = site.value(0, "other")
    if not isinstance(other, Array) or other.shape is None:
        return None
    return array.with_shape(other.shape, site.node)


def _axis_name(array: Array, site: CallSite) -> str:
    """numpy says axis=; torch says dim= and takes axis= as well."""
    return "dim" if array.kind == TENSOR and not site.given(None, "axis") else "axis"


@method("unsqueeze", "unsqueeze_")
def _unsqueeze(array: Array, site: CallSite) -> Optional[Value]:
    if array.kind != TENSOR:
        return None
    return arrays.unsqueezed(array, site.value(0, _axis_name(array, site)), site.node)


@method("squeeze", "squeeze_")
def _squeeze(array: Array, site: CallSite) -> Optional[Value]:
    keyword = _axis_name(array, site)
    return arrays.squeezed(array, site.value(0, keyword), site.given(0, keyword), site.node)


@method("flatten")
def _flatten(array: Array, site: CallSite) -> Optional[Value]:
    if array.kind == NDARRAY:
        return arrays.flattened(array, 0, -1, site.node)
    start = arrays.axis_of(site.value(0, "start_dim")) if site.given(0, "start_dim") else 0
    end = arrays.axis_of(site.value(1, "end_dim")) if site.given(1, "end_dim") else -1
    if start is None or end is None:
        return None
    return arrays.flattened(array, start, end, site.node)


@method("diag")
def _diag(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.diagonal(array, site.node) if not site.args and not site.kwargs else None


@method("ravel")
def _ravel(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.flattened(array, 0, -1, site.node)


@method("t")
def _t(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.transposed(array, site.node)


@method("transpose", "swapaxes")
def _transpose(array: Array, site: CallSite) -> Optional[Value]:
    if not site.args and not site.kwargs:
        return arrays.transposed(array, site.node)
    if array.kind == NDARRAY and site.node.func.attr.value == "transpose" and site.only_positional():  # type: ignore[attr-defined]
        return arrays.permuted(array, site.positional(), site.node)  # numpy's a.transpose(2, 0, 1): the axes in that order
    if len(site.args) == 2:
        return arrays.swapped(array, site.value(0), site.value(1), site.node)
    return None


@method("unfold")
def _unfold(array: Array, site: CallSite) -> Optional[Value]:
    """``t.unfold(dim, size, step)``: windows of ``size`` along ``dim``, every
    ``step``; their count where ``dim`` was, their items in a new last dim
    (PatchTST's patches)."""
    if array.kind != TENSOR or array.shape is None:
        return None
    axis, size, step = (arrays.axis_of(site.value(index, name)) for index, name in ((0, "dimension"), (1, "size"), (2, "step")))
    position = shapes.normalize_axis(axis, len(array.shape)) if axis is not None else None
    if position is None or size is None or step is None or size < 1 or step < 1:
        return None
    dim = array.shape[position]
    count = (dim - size) // step + 1 if isinstance(dim, int) and dim >= size else None
    shape = (*array.shape[:position], count, *array.shape[position + 1:], size)
    return dataclasses.replace(array.with_shape(tuple(shape), site.node), scale=array.scale.without_columns() if array.scale else None)


@method("permute")
def _permute(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.permuted(array, site.positional(), site.node) if site.only_positional() else None


# Conversions that keep the shape; the value is the dtype they set.
_CONVERSIONS = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "bfloat16": "bfloat16",
    "long": "int64",
    "int": "int32",
    "bool": "bool",
    "byte": "uint8",
}
# Methods that keep the receiver's shape whatever their arguments: conversions
# to another device or copy, and in-place updates (an in-place result cannot
# change shape by broadcasting).
_KEEP_SHAPE = """cuda cpu clone contiguous pin_memory copy
    clamp_ clip_ abs_ neg_ masked_fill masked_fill_""".split()
# In-place updates that change the size of the values: what was known of their
# scale no longer holds (``images.float().div_(255)``).
_RESCALE_IN_PLACE = "add_ sub_ mul_ div_ pow_ exp_ log_ sqrt_".split()
# Writes at indices, in place or into a copy: the receiver's shape, values of
# no known size (a graph layer summing messages into torch.zeros(n, d)).
_SCATTER = """index_add_ index_add index_copy_ index_copy index_fill_ index_fill index_put_ index_put
    scatter_ scatter scatter_add_ scatter_add scatter_reduce_ scatter_reduce""".split()
# Elementwise methods: the receiver's shape, broadcast against any array
# argument. The first keep the magnitude of the values, the others do not.
_KEEP_MAGNITUDE = "abs round floor ceil neg nan_to_num maximum minimum".split()
_CHANGE_MAGNITUDE = "exp tanh relu sign add sub mul div".split()


def _conversion(dtype: Optional[str]) -> Method:
    def convert(array: Array, site: CallSite) -> Optional[Value]:
        return arrays.converted(array, dtype=dtype if dtype is not None else array.dtype)

    return convert


def _elementwise(keeps_magnitude: bool) -> Method:
    def apply(array: Array, site: CallSite) -> Optional[Value]:
        result: Optional[Value] = arrays.converted(array) if keeps_magnitude else arrays.converted(array, scale=None)
        for value in (*site.positional(), *(arg.value for _, arg in site.kwargs)):
            if isinstance(value, Array):
                result = arrays.elementwise(result, value, site.node)
            elif value is None:
                return None  # an unknown argument may be an array that broadcasts
        return result

    return apply


@method("requires_grad_")
def _requires_grad(array: Array, site: CallSite) -> Optional[Value]:
    """``w = torch.randn(20, 1).requires_grad_()``: weights made to be trained (unless given False)."""
    if site.value(0, "requires_grad") == Const(False) or array.kind != TENSOR:
        return arrays.converted(array)
    return arrays.converted(array, graph="parameter")


@method("item")
def _item(array: Array, site: CallSite) -> Optional[Value]:
    """A Python number: a scalar, as far as shapes go; an int of an integer array."""
    return SymInt(None) if array.integral() else Number()


@method("tolist")
def _tolist(array: Array, site: CallSite) -> Optional[Value]:
    """Nested Python lists of numbers: a list of unseen length per axis but
    the last when that one is short and known (rows of k numbers)."""
    if array.shape is None or len(array.shape) > 2 or array.kind not in (NDARRAY, TENSOR, SERIES):
        return None
    scale = array.scale if array.scale is not None and array.scale.columns is None else None
    number: Value
    if array.integral():
        number = RangeInt(None, scale) if scale is not None else SymInt(None)  # indices, counts, labels
    else:
        number = Number(scale)
    if len(array.shape) == 0:
        return number
    width = array.shape[-1]
    row: Value = Seq((number,) * width, "list") if isinstance(width, int) and width <= 64 else ListOf(number)
    return ListOf(number) if len(array.shape) == 1 else ListOf(row)


def _cumulative(summing: bool) -> Method:
    def apply(array: Array, site: CallSite) -> Optional[Value]:
        axis_name = _axis_name(array, site)
        axis = site.value(0, axis_name)
        return arrays.cumulative(array, axis, site.given(0, axis_name) and axis != Const(None), summing, site.node)

    return apply


method("cumsum")(_cumulative(True))
method("cumprod")(_cumulative(False))


def _rescaled_in_place(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.converted(array, scale=None)


@method("detach", "detach_", "numpy")
def _detach(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.converted(array, graph=None)


@method("toarray", "todense", "to_dense")
def _densified(array: Array, site: CallSite) -> Optional[Value]:
    """A sparse matrix (a text vectorizer's counts) or tensor made dense: the same shape and values."""
    return arrays.converted(array, origin=site.node)


@method("sigmoid", "softmax", "log_softmax")
def _activation(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.activated(array, site.node.func.attr.value, site.node, scale=None)  # type: ignore[attr-defined]


@method("log", "log1p", "log2", "log10")
def _log(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.logged(array, site.node.func.attr.value, "log-transformed", site.node)  # type: ignore[attr-defined]


for _name, _dtype in _CONVERSIONS.items():
    method(_name)(_conversion(_dtype))
for _name in _KEEP_SHAPE:
    method(_name)(_conversion(None))
for _name in (*_RESCALE_IN_PLACE, *_SCATTER):
    method(_name)(_rescaled_in_place)
for _name in _KEEP_MAGNITUDE:
    method(_name)(_elementwise(True))
for _name in ("roll", "flip", "fliplr", "flipud"):
    method(_name)(lambda array, site: arrays.rearranged(array, site.node))
for _name in _CHANGE_MAGNITUDE:
    method(_name)(_elementwise(False))
for _name in ("sin", "cos"):
    method(_name)(lambda array, site, function=_name: arrays.periodic(array, function, site.node))
for _name, _exponent in arrays.POWERS.items():
    method(_name)(lambda array, site, exponent=_exponent: arrays.raised(array, exponent, site.node))


@method("pow")
def _pow(array: Array, site: CallSite) -> Optional[Value]:
    """``x.pow(2)``: ``x ** 2``."""
    if len(site.args) != 1:
        return None
    return arrays.elementwise(array, site.value(0, "exponent"), site.node, cst.Power)


@method("clamp", "clip")
def _clamp(array: Array, site: CallSite) -> Optional[Value]:
    """``x.clamp(0, 1)``, ``x.clip(min=0)``: within the bounds given."""
    result = _elementwise(True)(array, site)  # a tensor bound broadcasts
    if not isinstance(result, Array) or any(isinstance(site.value(i, n), Array) for i, n in ((0, "min"), (1, "max"))):
        return result
    return arrays.clipped(result, site.value(0, "min"), site.value(1, "max"), site.node)


def _parameter(site: CallSite, index: int, name: str, default: Optional[float]) -> Optional[float]:
    return arrays.number(site.value(index, name)) if site.given(index, name) else default


@method("uniform_", "normal_", "random_", "fill_", "zero_", "exponential_")
def _refill(array: Array, site: CallSite) -> Optional[Value]:
    """In-place samplers and fills: the values are new, of the size their arguments say."""
    name = site.node.func.attr.value  # type: ignore[attr-defined]
    if name == "uniform_":
        low, high = _parameter(site, 0, "from", 0.0), _parameter(site, 1, "to", 1.0)
        size = max(abs(low), abs(high)) if low is not None and high is not None else None
    elif name == "normal_":
        mean, std = _parameter(site, 0, "mean", 0.0), _parameter(site, 1, "std", 1.0)
        size = abs(mean) + abs(std) if mean is not None and std is not None else None
    elif name == "random_":
        bounds = [arrays.number(value) for value in site.positional()]
        size = max(abs(b) for b in bounds) if bounds and None not in bounds else None  # type: ignore[arg-type]
    elif name == "fill_":
        fill = arrays.number(site.value(0, "value"))
        size = abs(fill) if fill is not None else None
    elif name == "exponential_":
        rate = _parameter(site, 0, "lambd", 1.0)
        size = 1 / rate if rate else None
    else:
        size = 0.0
    return arrays.converted(array, scale=arrays.magnitude(size, f"{name}()", site.node), statistic=None)


@method("resize_", "resize")
def _resize(array: Array, site: CallSite) -> Optional[Value]:
    """In place: tensor.resize_(*sizes) and ndarray.resize(shape)."""
    target = arrays.reshape_args(site.positional())
    if target is None or -1 in target or not site.only_positional():
        return None
    return array.with_shape(target, site.node)


@method("to", "type")
def _to(array: Array, site: CallSite) -> Optional[Value]:
    dtype = array.dtype
    for value in (*site.positional(), site.value(None, "dtype")):
        named = arrays.dtype_of(value, "torch") if isinstance(value, Ref) else None
        if named is not None:
            dtype = named
        elif isinstance(value, Ref) and value.qualname.endswith("Tensor"):
            dtype = None
    return arrays.converted(array, dtype=dtype)


@method("astype")
def _astype(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.cast(array, arrays.dtype_of(site.value(0, "dtype"), "numpy"), site.node)


def _reduction(statistic: str) -> Method:
    def reduce(array: Array, site: CallSite) -> Optional[Value]:
        if array.kind == TENSOR:
            # torch takes numpy's spelling too: axis= for dim=, keepdims= for keepdim=.
            axis_name = _axis_name(array, site)
            keep_name = "keepdims" if site.given(None, "keepdims") else "keepdim"
            axis_given = site.given(0, axis_name)
            result = arrays.reduced(
                array, site.value(0, axis_name), axis_given, site.value(1, keep_name), site.node, statistic
            )
            if statistic in ("max", "min", "median", "mode") and axis_given and result is not None:
                return Seq((result, arrays.converted(result, dtype="int64")))
            return result
        return arrays.reduced(
            array, site.value(0, "axis"), site.given(0, "axis"), site.value(None, "keepdims"), site.node, statistic
        )

    return reduce


for _stat in ("mean", "sum", "std", "var", "prod", "max", "min", "amax", "amin", "median", "mode", "norm", "nanmean", "ptp"):
    method(_stat)(_reduction(_stat))


@method("gather")
def _gather(array: Array, site: CallSite) -> Optional[Value]:
    """``q.gather(1, actions)``: one value per index, in the index's shape (a DQN's Q of the actions taken)."""
    index = site.value(1, "index")
    if array.kind != TENSOR or not isinstance(index, Array) or index.shape is None:
        return None
    return arrays.converted(array, shape=index.shape, origin=site.node, scale=None, columns=None, statistic=None)


@method("argmax", "argmin")
def _argmax(array: Array, site: CallSite) -> Optional[Value]:
    axis_name = _axis_name(array, site)
    keep_name = "keepdim" if array.kind == TENSOR and not site.given(None, "keepdims") else "keepdims"
    result = arrays.reduced(
        array, site.value(0, axis_name), site.given(0, axis_name), site.value(None, keep_name), site.node, None
    )
    return arrays.converted(result, dtype="int64", graph=None, activation=None) if result is not None else None


def _outer_product(first: Optional[Value], second: Optional[Value], kind: str, node: cst.CSTNode) -> Optional[Array]:
    """One row per item of ``first``, one column per item of ``second``, both 1-D."""
    if not all(isinstance(operand, Array) and operand.shape and len(operand.shape) == 1 for operand in (first, second)):
        return None
    return arrays.new(kind, (first.shape[0], second.shape[0]), node, first.dtype)  # type: ignore[union-attr,index]


@method("outer", "ger")
def _outer(array: Array, site: CallSite) -> Optional[Value]:
    """``a.outer(b)``, ``a.ger(b)`` of tensors."""
    return _outer_product(array, site.value(0, "vec2"), TENSOR, site.node) if array.kind == TENSOR else None


@method("multinomial")
def _multinomial(array: Array, site: CallSite) -> Optional[Value]:
    """``probs.multinomial(k)`` / ``torch.multinomial(probs, k)``: k category
    indices drawn per row of weights, in place of the last axis."""
    if array.kind != TENSOR or not array.shape or len(array.shape) > 2:
        return None
    shape = (*array.shape[:-1], as_dim(site.value(0, "num_samples")))
    return arrays.converted(array, shape=shape, origin=site.node, dtype="int64", graph=None, activation=None, scale=None, columns=None, statistic=None)


def _function_form(name: str, kind: str):
    """``np.argmax(a, axis)`` and ``torch.argmax(x, dim)``: the method on their first argument
    (``kind``: what the function makes, an ndarray or a tensor)."""

    def apply(site: CallSite) -> Optional[Value]:
        first = site.args[0].value if site.args else None
        if not isinstance(first, Array):
            return _flat_index(name, kind, site)
        return call(first, name, CallSite(site.node, site.args[1:], site.kwargs, site.complete, site.evaluator))

    return apply


def _flat_index(name: str, kind: str, site: CallSite) -> Optional[Value]:
    """``np.argmax(q)`` of values not followed: without an axis, one index
    into them flattened, a 0-d int64 array."""
    if name not in ("argmax", "argmin") or len(site.args) != 1 or site.kwargs or not site.complete:
        return None
    return arrays.new(kind, (), site.node, "int64")


for _name in ("argmax", "argmin"):
    registry.handles(f"numpy.{_name}")(_function_form(_name, NDARRAY))
    registry.handles(f"torch.{_name}")(_function_form(_name, TENSOR))
registry.handles("torch.gather")(_function_form("gather", TENSOR))
for _qualname, _kind in (("torch.outer", TENSOR), ("torch.ger", TENSOR), ("numpy.outer", NDARRAY)):
    registry.handles(_qualname)(lambda site, kind=_kind: _outer_product(site.value(0, None), site.value(1, None), kind, site.node))
registry.handles("torch.multinomial")(_function_form("multinomial", TENSOR))


def _sizes(site: CallSite) -> Optional[Tuple[shapes.Dim, ...]]:
    """The sizes of ``t.expand(2, 3)``, ``t.new_zeros((2, 3))`` or ``size=[2, 3]``."""
    return arrays.reshape_args(site.positional() or (site.value(None, "size"),))


def _per_dim(array: Array, site: CallSite) -> Optional[Tuple[Tuple[shapes.Dim, ...], Tuple[shapes.Dim, ...]]]:
    """For ``t.expand(...)`` / ``t.repeat(...)``: the sizes given for dims in
    front of the tensor's, and those given for its own dims, one each."""
    sizes = _sizes(site)
    if array.kind != TENSOR or array.shape is None or sizes is None or len(sizes) < len(array.shape):
        return None
    offset = len(sizes) - len(array.shape)
    return sizes[:offset], sizes[offset:]


@method("expand")
def _expand(array: Array, site: CallSite) -> Optional[Value]:
    """-1 keeps a dim; new dims go in front."""
    sizes = _per_dim(array, site)
    if sizes is None or -1 in sizes[0]:
        return None
    leading, own = sizes
    shape = leading + tuple(dim if size == -1 else size for dim, size in zip(array.shape, own))  # type: ignore[arg-type]
    return array.with_shape(shape, site.node)


@method("nonzero")
def _nonzero(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.nonzero_indices(array, site.node) if array.kind == NDARRAY else None


@method("repeat_interleave")
def _repeat_interleave(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.repeated_elements(array, site.value(0, "repeats"), site.value(1, "dim"), site.given(1, "dim"), site.node)


@method("repeat")
def _repeat(array: Array, site: CallSite) -> Optional[Value]:
    """A tensor tiled: each dim times its count, new dims in front; an
    ndarray's elements repeated (numpy's repeat is torch's repeat_interleave)."""
    if array.kind == NDARRAY:
        return arrays.repeated_elements(array, site.value(0, "repeats"), site.value(1, "axis"), site.given(1, "axis"), site.node)
    counts = _per_dim(array, site)
    if counts is None:
        return None

    def tiled(dim: shapes.Dim, count: shapes.Dim) -> shapes.Dim:
        if count == 1:
            return dim
        return dim * count if isinstance(dim, int) and isinstance(count, int) else None

    leading, own = counts
    return array.with_shape(leading + tuple(tiled(dim, count) for dim, count in zip(array.shape, own)), site.node)  # type: ignore[arg-type]


def _new_tensor(array: Array, sizes: Optional[Tuple[shapes.Dim, ...]], site: CallSite) -> Optional[Value]:
    """A new tensor of ``sizes``, of the receiver's dtype and device."""
    if array.kind != TENSOR or sizes is None or any(isinstance(size, int) and size < 0 for size in sizes):
        return None
    return arrays.new(TENSOR, sizes, site.node, array.dtype)


@method("new_zeros", "new_ones", "new_empty")
def _new_sized(array: Array, site: CallSite) -> Optional[Value]:
    return _new_tensor(array, _sizes(site), site)


@method("new_full")
def _new_full(array: Array, site: CallSite) -> Optional[Value]:
    return _new_tensor(array, arrays.reshape_args((site.value(0, "size"),)), site)


@method("split", "chunk")
def _pieces(array: Array, site: CallSite) -> Optional[Value]:
    how = site.node.func.attr.value  # type: ignore[attr-defined]
    given = site.value(0, "chunks" if how == "chunk" else "split_size")
    return arrays.pieces(array, site.value(1, "dim") if site.given(1, "dim") else Const(0), site.node, how, given)


@method("size")
def _size(array: Array, site: CallSite) -> Optional[Value]:
    if site.given(0, "dim"):
        return arrays.size_at(array, site.value(0, "dim"))
    if array.kind == NDARRAY:
        return None
    return arrays.shape_value(array)


@method("dim", "ndimension")
def _dim(array: Array, site: CallSite) -> Optional[Value]:
    return Const(len(array.shape)) if array.shape is not None else None


@method("numel")
def _numel(array: Array, site: CallSite) -> Optional[Value]:
    if array.shape is None:
        return None
    total = 1
    for dim in array.shape:
        if not isinstance(dim, int):
            return dim_value(None)
        total *= dim
    return Const(total)


@method("matmul", "mm", "dot", "__matmul__")
def _matmul(array: Array, site: CallSite) -> Optional[Value]:
    return arrays.elementwise(array, site.value(0), site.node, operation=cst.MatrixMultiply)
