"""numpy: constructors, random data, stacking, reductions and elementwise math."""

from __future__ import annotations

import dataclasses
import functools
import math
import os
from typing import Optional

import libcst as cst

from torchlint.core import datafiles, draws, npyfiles, scales, shapes
from torchlint.core.api import arrays, pil_, textfiles
from torchlint.core.api.arrays import NDARRAY, SliceValue
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale, eight_bit_pixels
from torchlint.core.values import Array, Const, Iterable, ListOf, NpzArchive, Number, RangeInt, Ref, Seq, SymInt, Value, as_dim, as_int, as_str


def _dtype(site: CallSite, default: Optional[str], position: Optional[int] = None) -> Optional[str]:
    """The ``dtype`` argument, by keyword or at ``position`` (np.zeros(shape, np.float32))."""
    if site.given(position, "dtype"):
        return arrays.dtype_of(site.value(position, "dtype"), "numpy")
    return default


def _size(value: Optional[Value]) -> Optional[shapes.Shape]:
    """numpy's ``size=`` / ``shape`` argument: an int, a tuple, or absent (a scalar)."""
    if value is None:
        return None
    if value == Const(None):
        return ()
    return arrays.size_from_args((value,))


def _rand(name: str):
    def make(site: CallSite) -> Optional[Value]:
        if not site.only_positional():
            return None
        positional = site.positional()
        if not all(isinstance(value, (Const, SymInt)) or value is None or as_dim(value) is not None for value in positional):
            return None
        size = tuple(as_dim(value) for value in positional)  # an int of unknown value (rand(n)) is a dim of unknown size
        scale = arrays.magnitude(1.0, f"np.random.{name}", site.node, measured=name == "randn")  # a standard normal's rms is 1
        return arrays.new(NDARRAY, size, site.node, "float64", scale)

    return make


# RandomState's methods resolve through the Generator reference too (rng.rand(3, 2)).
handles("numpy.random.rand", "numpy.random.Generator.rand")(_rand("rand"))
handles("numpy.random.randn", "numpy.random.Generator.randn")(_rand("randn"))


def _parameter(site: CallSite, index: int, name: str, default: Optional[float], column: Optional[int] = None) -> Optional[float]:
    """A sampler's literal parameter; of a per-column list of them
    (``loc=[50000, 30]``), the one for ``column``."""
    if not site.given(index, name):
        return default
    value = site.value(index, name)
    if column is not None and isinstance(value, Seq) and column < len(value.items):
        value = value.items[column]
    # An array of parameters (a rate per cell, a mean per sample), or a number
    # drawn before (a noise level per clip): as large as its values.
    overall = scale.overall() if (scale := arrays.scale_of(value)) is not None else None
    return overall.size if overall is not None else arrays.number(value)


def _typical_size(name: str, site: CallSite, column: Optional[int] = None) -> Optional[float]:
    """How large a sampler's draws typically are, from its literal parameters
    (those of ``column``, when they are given per column)."""
    if name in ("normal", "laplace", "logistic", "gumbel"):
        return draws.location_spread(_parameter(site, 0, "loc", 0.0, column), _parameter(site, 1, "scale", 1.0, column))
    if name == "uniform":
        return draws.bounded(_parameter(site, 0, "low", 0.0, column), _parameter(site, 1, "high", 1.0, column))
    if name in ("randint", "integers"):
        low, high = _parameter(site, 0, "low", None, column), _parameter(site, 1, "high", None, column)
        bounds = [bound for bound in (low, high) if bound is not None]
        return max(abs(bound) for bound in bounds) if bounds and (high is not None or not site.given(1, "high")) else None
    if name in ("exponential", "poisson"):
        return _parameter(site, 0, "scale" if name == "exponential" else "lam", 1.0, column)
    if name == "lognormal":
        return draws.lognormal(_parameter(site, 0, "mean", 0.0, column), _parameter(site, 1, "sigma", 1.0, column))
    if name == "gamma":
        return draws.product(_parameter(site, 0, "shape", None, column), _parameter(site, 1, "scale", 1.0, column))
    if name == "binomial":
        return draws.product(_parameter(site, 0, "n", None, column), _parameter(site, 1, "p", None, column))
    if name == "beta":
        return draws.beta(_parameter(site, 0, "a", None, column), _parameter(site, 1, "b", None, column))
    if name.startswith("standard_") or name in ("random", "random_sample", "sample", "ranf"):
        return 1.0
    return None


def _sized(name: str, size_index: int, dtype: str):
    """A numpy.random function whose shape is its ``size`` argument."""

    def make(site: CallSite) -> Optional[Value]:
        if not site.complete:
            return None
        if not site.given(size_index, "size"):
            return _one_draw(name, site, dtype)
        size = _size(site.value(size_index, "size"))
        if size is None:
            return None
        return arrays.new(NDARRAY, size, site.node, _dtype(site, dtype), _drawn_scale(name, site, size_index, size))

    return make


def _drawn_scale(name: str, site: CallSite, size_index: int, size: shapes.Shape) -> Optional[Scale]:
    """How large the draws are: one size for all, or one per column when the
    parameters are lists as long as the last dim (``normal(loc=[50000, 30],
    scale=[10000, 5], size=(n, 2))``)."""
    why = f"np.random.{name}"
    width = size[-1] if size else None
    parameters = [value for value in site.positional()[:size_index]] + [arg.value for key, arg in site.kwargs if key != "size"]
    if isinstance(width, int) and any(isinstance(value, Seq) and len(value.items) == width for value in parameters):
        sizes = [_typical_size(name, site, column) for column in range(width)]
        return Scale(columns=tuple(Magnitude(abs(s), why, site.node) if s is not None else None for s in sizes))
    # Draws about 0 (standard_normal, normal(0, s)): their size is their root mean square.
    # Only a literal spread says the size: one drawn before is known by its bound.
    centred = name == "standard_normal" or (
        name == "normal" and _parameter(site, 0, "loc", 0.0) == 0.0 and arrays.scale_of(site.value(1, "scale")) is None
    )
    return arrays.magnitude(_typical_size(name, site), why, site.node, measured=centred)


def _one_draw(name: str, site: CallSite, dtype: str) -> Optional[Value]:
    """A sampler called without ``size``: one number when its parameters are
    numbers, an array of their shape when some are arrays (a count drawn per
    cell of an array of rates, np.random.poisson(rates); noise around each of
    an array of means, np.random.normal(y, 0.1))."""
    parameters = (*site.positional(), *(arg.value for _, arg in site.kwargs))
    if not all(isinstance(value, (Const, Number, SymInt, Array)) for value in parameters):
        return None
    scale = arrays.magnitude(_typical_size(name, site), f"np.random.{name}", site.node)
    grids = [value.shape for value in parameters if isinstance(value, Array)]
    if grids:
        shape = functools.reduce(shapes.maybe_broadcast, grids[1:], grids[0])
        return arrays.new(NDARRAY, shape, site.node, dtype, scale) if shape is not None else None
    if dtype == "int64":
        return RangeInt(None, scale) if scale is not None else SymInt(None)
    return Number(scale)


# numpy.random samplers by the position of their ``size`` argument.
_SAMPLERS = {
    0: "random random_sample sample ranf standard_normal standard_cauchy standard_exponential",
    1: "exponential standard_t standard_gamma chisquare rayleigh weibull pareto power geometric logseries zipf",
    2: "normal uniform lognormal laplace logistic gumbel beta gamma f vonmises wald noncentral_chisquare",
    3: "triangular noncentral_f",
}
_INTEGER_SAMPLERS = {1: "poisson", 2: "randint integers binomial negative_binomial", 3: "hypergeometric"}

for _index, _names in _SAMPLERS.items():
    for _name in _names.split():
        handles(f"numpy.random.{_name}", f"numpy.random.Generator.{_name}")(_sized(_name, _index, "float64"))
for _index, _names in _INTEGER_SAMPLERS.items():
    for _name in _names.split():
        handles(f"numpy.random.{_name}", f"numpy.random.Generator.{_name}")(_sized(_name, _index, "int64"))


@handles("numpy.random.multivariate_normal", "numpy.random.Generator.multivariate_normal")
def _multivariate_normal(site: CallSite) -> Optional[Value]:
    """Rows of ``len(mean)`` columns, each about its mean give or take its std."""
    mean, covariance = site.value(0, "mean"), site.value(1, "cov")
    if not isinstance(mean, Seq) or not mean.items:
        return None
    width = len(mean.items)
    rows = _size(site.value(2, "size")) if site.given(2, "size") else ()
    if rows is None:
        return None
    columns = []
    for index, centre in enumerate(mean.items):
        row = covariance.items[index] if isinstance(covariance, Seq) and len(covariance.items) == width else None
        variance = arrays.number(row.items[index]) if isinstance(row, Seq) and len(row.items) == width else None
        spread = math.sqrt(variance) if variance is not None and variance >= 0 else None
        size = draws.location_spread(arrays.number(centre), spread)
        columns.append(Magnitude(size, "np.random.multivariate_normal", site.node) if size is not None else None)
    return arrays.new(NDARRAY, tuple(rows) + (width,), site.node, "float64", Scale(columns=tuple(columns)))


@handles("numpy.random.dirichlet", "numpy.random.Generator.dirichlet")
def _dirichlet(site: CallSite) -> Optional[Value]:
    """Proportions: rows of ``len(alpha)`` values between 0 and 1 summing to
    1, each ``1 / len(alpha)`` on average."""
    alpha = site.value(0, "alpha")
    width: shapes.Dim = None
    if isinstance(alpha, Seq):
        width = len(alpha.items)
    elif isinstance(alpha, Array) and alpha.shape is not None and len(alpha.shape) == 1:
        width = alpha.shape[0]
    rows = _size(site.value(1, "size")) if site.given(1, "size") and site.value(1, "size") != Const(None) else ()
    if width is None or rows is None:
        return None
    scale = arrays.magnitude(1 / width if isinstance(width, int) and width > 0 else None, "np.random.dirichlet", site.node)
    return arrays.new(NDARRAY, tuple(rows) + (width,), site.node, "float64", scale)


@handles("numpy.random.default_rng", "numpy.random.RandomState")
def _generator(site: CallSite) -> Optional[Value]:
    # A Generator's methods, and a RandomState's, resolve through this reference.
    return Ref("numpy.random.Generator")


def _filled(fill: Optional[float]):
    def make(site: CallSite) -> Optional[Value]:
        size = _size(site.value(0, "shape"))
        if size is None:
            return None
        scale = arrays.magnitude(fill, scales.CONSTANT, site.node)
        made = arrays.new(NDARRAY, size, site.node, _dtype(site, "float64", 1), scale)
        return dataclasses.replace(made, filled=fill is not None)

    return make


handles("numpy.zeros")(_filled(0.0))
handles("numpy.ones")(_filled(1.0))
handles("numpy.empty")(_filled(None))


@handles("numpy.full")
def _full(site: CallSite) -> Optional[Value]:
    size = _size(site.value(0, "shape"))
    given = site.value(1, "fill_value")
    fill = arrays.number(given)
    scale = arrays.magnitude(abs(fill) if fill is not None else None, scales.CONSTANT, site.node)
    if fill is None and isinstance(given, Number):
        scale = given.scale  # a number drawn for it (np.random.choice([...])): as large as that number
    return dataclasses.replace(arrays.new(NDARRAY, size, site.node, _dtype(site, None, 2), scale), filled=True) if size is not None else None


@handles("numpy.zeros_like", "numpy.ones_like", "numpy.empty_like", "numpy.full_like")
def _like(site: CallSite) -> Optional[Value]:
    source = site.value(0, "a")
    if not isinstance(source, Array):
        return None
    filled = site.node.func.attr.value != "empty_like"  # type: ignore[attr-defined]
    return arrays.converted(source, kind=NDARRAY, dtype=_dtype(site, source.dtype), filled=filled)


@handles("numpy.eye", "numpy.identity")
def _eye(site: CallSite) -> Optional[Value]:
    rows = as_dim(site.value(0, "N"))
    columns = as_dim(site.value(1, "M")) if site.given(1, "M") else rows
    return arrays.new(NDARRAY, (rows, columns), site.node, _dtype(site, "float64"))


@handles("numpy.meshgrid")
def _meshgrid(site: CallSite) -> Optional[Value]:
    return arrays.grids(site, site.positional(), "xy", NDARRAY)


handles("numpy.fft.rfft")(arrays.fourier(True, "a", "axis", "complex128"))
handles("numpy.fft.fft")(arrays.fourier(False, "a", "axis", "complex128"))
for _window in ("hanning", "hamming", "blackman", "bartlett"):
    handles(f"numpy.{_window}")(lambda site: arrays.taper(site.value(0, "M"), site.node, NDARRAY, "float64"))


@handles("numpy.lib.stride_tricks.sliding_window_view")
def _sliding_windows(site: CallSite) -> Optional[Value]:
    """Every window of ``w`` consecutive values along an axis (the last, for a
    1-D array): that axis becomes n - w + 1 windows, and w is added last."""
    array, window = site.value(0, "x"), as_dim(site.value(1, "window_shape"))
    if not isinstance(array, Array) or array.shape is None or not isinstance(window, int):
        return None
    if site.given(2, "axis"):
        given = arrays.axis_of(site.value(2, "axis"))
        axis = shapes.normalize_axis(given, len(array.shape)) if given is not None else None
    else:
        axis = 0 if len(array.shape) == 1 else None
    if axis is None:
        return None
    length = array.shape[axis]
    windows = length - window + 1 if isinstance(length, int) else None
    shape = array.shape[:axis] + (windows,) + array.shape[axis + 1:] + (window,)
    return arrays.rearranged(array, site.node).with_shape(shape, site.node)


@handles("numpy.diag")
def _diag(site: CallSite) -> Optional[Value]:
    return arrays.diagonal_call(site, "v", "k")


@handles("numpy.array", "numpy.asarray", "numpy.asanyarray", "numpy.ascontiguousarray", "numpy.copy")
def _array(site: CallSite) -> Optional[Value]:
    data = site.value(0, "object")
    if isinstance(data, Array):
        return arrays.converted(data, kind=NDARRAY, dtype=_dtype(site, data.dtype, 1), columns=None)
    if isinstance(data, pil_.PilImage):
        return pil_.as_array(data, _dtype(site, None, 1), site.node)
    row = data.item if isinstance(data, ListOf) else None
    if isinstance(row, Seq) and row.items and all(isinstance(field, textfiles.Field) for field in row.items):
        # np.array(list(csv.reader(f))[1:]): a table of the file's text, each column as large as its values.
        columns = tuple(field.magnitude for field in row.items)  # type: ignore[union-attr]
        scale = Scale(columns=columns) if any(columns) else None
        return arrays.new(NDARRAY, (shapes.ROWS, len(columns)), site.node, _dtype(site, "str", 1), scale)
    shape = arrays.literal_shape(data)
    if shape is None:
        return None
    literal = arrays.literal_dtype(data)
    default = "float64" if literal == "float32" else literal
    scale = arrays.literal_scale(data, "a literal", site.node)
    return arrays.new(NDARRAY, shape, site.node, _dtype(site, default, 1), scale)


def _listed_array(site: CallSite) -> Optional[Value]:
    """The array ``np.array`` makes of the call's first argument, a list (what
    numpy's functions do with a list before their own work)."""
    return _array(CallSite(site.node, site.args[:1], (), True, site.evaluator))


@handles("numpy.arange")
def _arange(site: CallSite) -> Optional[Value]:
    if not site.complete:
        return None
    numbers = site.positional()
    why = f"np.arange({', '.join(f'{arrays.number(n):g}' for n in numbers if arrays.number(n) is not None)})"
    return arrays.new(
        NDARRAY,
        (arrays.arange_length(numbers),),
        site.node,
        _dtype(site, arrays.arange_dtype(numbers, "float64")),
        arrays.integer_range(numbers, why, site.node),
    )


@handles("numpy.linspace", "numpy.logspace", "numpy.geomspace")
def _linspace(site: CallSite) -> Optional[Value]:
    count = site.value(2, "num") if site.given(2, "num") else Const(50)
    bounds = [arrays.number(site.value(0, "start")), arrays.number(site.value(1, "stop"))]
    size = max(abs(b) for b in bounds) if None not in bounds else None  # type: ignore[arg-type]
    dtype = arrays.dtype_of(site.value(5, "dtype"), "numpy") if site.given(5, "dtype") else "float64"
    return arrays.new(NDARRAY, (as_dim(count),), site.node, dtype, arrays.magnitude(size, "np.linspace", site.node))


@handles("numpy.expand_dims")
def _expand_dims(site: CallSite) -> Optional[Value]:
    value = site.value(0, "a")
    return arrays.unsqueezed(value, site.value(1, "axis"), site.node) if isinstance(value, Array) else None


@handles("numpy.squeeze")
def _squeeze(site: CallSite) -> Optional[Value]:
    value = site.value(0, "a")
    if not isinstance(value, Array):
        return None
    return arrays.squeezed(value, site.value(1, "axis"), site.given(1, "axis"), site.node)


@handles("numpy.reshape")
def _reshape(site: CallSite) -> Optional[Value]:
    value = site.value(0, "a")
    if not isinstance(value, Array):
        return None
    return arrays.reshaped(value, arrays.reshape_args((site.value(1, "newshape"),)), site.node)


@handles("numpy.ravel")
def _ravel(site: CallSite) -> Optional[Value]:
    value = site.value(0, "a")
    return arrays.flattened(value, 0, -1, site.node) if isinstance(value, Array) else None


def _scalar_type(dtype: str):
    """``np.float32(x)``: a numpy scalar of a number, or the array converted."""

    def make(site: CallSite) -> Optional[Value]:
        value = site.value(0)
        if isinstance(value, Array):
            return arrays.converted(value, dtype=dtype)
        if isinstance(value, (Number, RangeInt)) or (isinstance(value, Const) and arrays.number(value) is not None):
            return Number(value.scale if isinstance(value, (Number, RangeInt)) else None)
        return None

    return make


for _scalar in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8"):
    handles(f"numpy.{_scalar}")(_scalar_type(_scalar))


handles("numpy.repeat")(arrays.repeat_function("a", "axis"))


@handles("numpy.tile")
def _tile(site: CallSite) -> Optional[Value]:
    """``np.tile(A, reps)``: each trailing dim times its count, new dims in front."""
    given, reps = site.value(0, "A"), site.value(1, "reps")
    counts = [as_int(item) for item in reps.items] if isinstance(reps, Seq) else [as_int(reps)]
    if not isinstance(given, Array) or given.shape is None:
        return None
    shape = (1,) * (len(counts) - len(given.shape)) + tuple(given.shape)
    counts = [1] * (len(shape) - len(counts)) + counts
    tiled = tuple(
        dim if count == 1 else dim * count if isinstance(dim, int) and count is not None else None for dim, count in zip(shape, counts)
    )
    return arrays.rearranged(given, site.node).with_shape(tiled, site.node)


@handles("numpy.split", "numpy.array_split")
def _split(site: CallSite) -> Optional[Value]:
    """``np.split(x, [cut])`` / ``np.split(x, 3)``: pieces of ``x`` along the
    axis, as many as the cuts make, each of a length not followed and with
    ``x``'s values (a training and a test part of the rows)."""
    array, where = site.value(0, "ary"), site.value(1, "indices_or_sections")
    axis = arrays.axis_of(site.value(2, "axis")) if site.given(2, "axis") else 0
    if not isinstance(array, Array) or array.shape is None or axis is None:
        return None
    position = shapes.normalize_axis(axis, len(array.shape))
    count = len(where.items) + 1 if isinstance(where, Seq) else as_int(where)
    if position is None or count is None or not 0 < count <= arrays.FEW_ROW_PIECES:
        return None
    piece = array.with_shape(array.shape[:position] + (None,) + array.shape[position + 1:], site.node)
    return Seq((piece,) * count, "list")


@handles("numpy.concatenate")
def _concatenate(site: CallSite) -> Optional[Value]:
    axis = arrays.axis_of(site.value(1, "axis")) if site.given(1, "axis") else 0
    return arrays.stacked(site.value(0, "arrays"), axis, site.node, NDARRAY, new_axis=False)


@handles("numpy.stack")
def _stack(site: CallSite) -> Optional[Value]:
    axis = arrays.axis_of(site.value(1, "axis")) if site.given(1, "axis") else 0
    return arrays.stacked(site.value(0, "arrays"), axis, site.node, NDARRAY, new_axis=True)


@handles("numpy.column_stack")
def _column_stack(site: CallSite) -> Optional[Value]:
    return arrays.column_stacked(site.value(0, "tup"), site.node, NDARRAY)


def _stacked_rows_of(array: Array, node, vertical: bool) -> Optional[Value]:
    """np.vstack / np.hstack of one array: its items along the first axis
    stacked (a 1-D array of n numbers: n rows of one, (n, 1), or n values
    again; an (n, k) table: itself, or its rows end to end, (n * k,); an
    (n, a, b) block vertically: (n * a, b))."""
    shape = array.shape
    if not shape:
        return None
    if len(shape) == 1:
        return array.with_shape((shape[0], 1) if vertical else shape, node)
    if vertical and len(shape) == 2:
        return array.with_shape(shape, node)
    if not vertical and len(shape) > 2:
        return None  # items of two dims or more are joined along their second axis
    first, second = shape[0], shape[1]
    joined = first * second if isinstance(first, int) and isinstance(second, int) else None
    return arrays.rearranged(array, node).with_shape((joined, *shape[2:]), node)


@handles("numpy.hstack")
def _hstack(site: CallSite) -> Optional[Value]:
    parts = site.value(0, "tup")
    if isinstance(parts, Array):
        return _stacked_rows_of(parts, site.node, vertical=False)
    if isinstance(parts, Seq) and all(isinstance(p, Array) and p.shape is not None and len(p.shape) == 1 for p in parts.items):
        return arrays.stacked(parts, 0, site.node, NDARRAY, new_axis=False)
    return arrays.stacked(parts, 1, site.node, NDARRAY, new_axis=False)


@handles("numpy.vstack")
def _vstack(site: CallSite) -> Optional[Value]:
    parts = site.value(0, "tup")
    if isinstance(parts, Array):
        return _stacked_rows_of(parts, site.node, vertical=True)
    if isinstance(parts, ListOf) and isinstance(parts.item, Array) and parts.item.shape is not None and len(parts.item.shape) == 1:
        # np.vstack(states) of 1-D arrays appended in a loop: one row each.
        return arrays.stacked(parts, 0, site.node, NDARRAY, new_axis=True)
    if isinstance(parts, ListOf):
        return arrays.stacked(parts, 0, site.node, NDARRAY, new_axis=False)  # tables appended in a loop, row blocks
    if not isinstance(parts, Seq):
        return None
    rows = []
    for part in parts.items:
        if isinstance(part, Array) and part.shape is not None and len(part.shape) == 1:
            part = part.with_shape((1,) + part.shape, part.origin)
        rows.append(part)
    return arrays.stacked(Seq(tuple(rows)), 0, site.node, NDARRAY, new_axis=False)


def column_concat(parts: tuple, node) -> Optional[Value]:
    """``np.c_[a, b, ...]``: 1-D parts become columns."""
    return arrays.column_stacked(Seq(tuple(parts)), node, NDARRAY)


def grid(parts: tuple, node) -> Optional[Value]:
    """``np.mgrid[0:h, 0:w]``: one (h, w) grid of coordinates per slice, stacked first."""
    sizes = []
    for part in parts:
        if not isinstance(part, SliceValue) or part.step not in (None, Const(None)):
            return None
        lower = 0.0 if part.lower in (None, Const(None)) else arrays.number(part.lower)
        upper = arrays.number(part.upper)
        if lower is None or upper is None:
            return None
        sizes.append(max(0, math.ceil(upper - lower)))
    return arrays.new(NDARRAY, (len(sizes), *sizes), node, "int64")


def row_concat(parts: tuple, node) -> Optional[Value]:
    """``np.r_[a, b]`` of 1-D arrays."""
    if any(isinstance(part, SliceValue) for part in parts):
        return None
    return arrays.stacked(Seq(tuple(parts)), 0, node, NDARRAY, new_axis=False)


def _reduction(statistic: str):
    def reduce(site: CallSite) -> Optional[Value]:
        value = site.value(0, "a")
        if isinstance(value, (Seq, ListOf)):
            value = _listed_array(site)  # np.mean([wv[t] for t in tokens], axis=0)
        if not isinstance(value, Array):
            return None
        return arrays.reduced(
            value, site.value(1, "axis"), site.given(1, "axis"), site.value(None, "keepdims"), site.node, statistic
        )

    return reduce


for _stat in ("mean", "std", "var", "sum", "prod", "max", "min", "amax", "amin", "median", "nanmean", "nanstd", "nanmax", "nanmin", "ptp"):
    handles(f"numpy.{_stat}")(_reduction(_stat))
handles("numpy.average")(_reduction("mean"))  # (a, axis, weights): a weighted mean, of the mean's shape


@handles("numpy.atleast_2d")
def _atleast_2d(site: CallSite) -> Optional[Value]:
    """A 1-D array of n values as one row, (1, n); a number as (1, 1); two dims or more as they are."""
    value = site.value(0)
    if len(site.args) != 1 or not isinstance(value, Array) or value.shape is None:
        return None
    shape = value.shape if len(value.shape) >= 2 else (1,) * (2 - len(value.shape)) + tuple(value.shape)
    return arrays.converted(value, kind=NDARRAY).with_shape(shape, site.node)


def _elementwise(keeps_magnitude: bool):
    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "x")
        if isinstance(value, (Number, SymInt)) or (isinstance(value, Const) and arrays.number(value) is not None):
            # np.sin(2 * np.pi * t / 52) of a Python number: a numpy scalar.
            kept = value.scale if keeps_magnitude and isinstance(value, (Number, RangeInt)) else None
            return Number(kept)
        if not isinstance(value, Array):
            return None
        return arrays.converted(value) if keeps_magnitude else arrays.converted(value, scale=None)

    return apply


for _name in "abs absolute round floor ceil negative nan_to_num".split():
    handles(f"numpy.{_name}")(_elementwise(True))
for _name in "expm1 tan tanh sign reciprocal".split():
    handles(f"numpy.{_name}")(_elementwise(False))


def _raised(exponent: float):
    of_numbers = _elementwise(False)

    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "x")
        return arrays.raised(value, exponent, site.node) if isinstance(value, (Array, Number, RangeInt)) else of_numbers(site)

    return apply


for _name, _exponent in arrays.POWERS.items():
    handles(f"numpy.{_name}")(_raised(_exponent))


@handles("numpy.clip")
def _clip(site: CallSite) -> Optional[Value]:
    value = site.value(0, "a")
    if isinstance(value, Array):
        return arrays.clipped(value, site.value(1, "a_min"), site.value(2, "a_max"), site.node)
    return _elementwise(True)(site)


def _sort(indices: bool):
    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "a")
        if not isinstance(value, Array):
            return None
        if indices:
            return arrays.sort_indices(value, site.node)
        return arrays.sorted_values(value, site.given(1, "axis") and site.value(1, "axis") == Const(None), site.node)

    return apply


handles("numpy.sort")(_sort(False))
handles("numpy.argsort")(_sort(True))


for _name in "roll flip fliplr flipud".split():
    handles(f"numpy.{_name}")(lambda site: arrays.rearranged(site.value(0), site.node) if isinstance(site.value(0), Array) else None)
for _name in ("sin", "cos"):
    handles(f"numpy.{_name}", f"math.{_name}")(lambda site, function=_name: arrays.periodic(site.value(0, "x"), function, site.node))


@handles("numpy.diff")
def _diff(site: CallSite) -> Optional[Value]:
    """``np.diff(a, n, axis, prepend=, append=)``: n fewer items along the
    axis, one more for each of prepend and append; differences of unknown size."""
    value = site.value(0, "a")
    order = arrays.number(site.value(1, "n")) if site.given(1, "n") else 1
    axis = arrays.axis_of(site.value(2, "axis") if site.given(2, "axis") else None) if site.given(2, "axis") else -1
    if not isinstance(value, Array) or value.shape is None or not value.shape or order is None or axis is None:
        return None
    if not -len(value.shape) <= axis < len(value.shape):
        return None
    added = int(site.given(None, "prepend")) + int(site.given(None, "append"))
    dim = value.shape[axis]
    if isinstance(dim, int):
        length: shapes.Dim = dim - int(order) + added
    else:
        length = dim if added == order else None
    shape = list(value.shape)
    shape[axis] = length
    return dataclasses.replace(value.with_shape(tuple(shape), site.node), scale=None, statistic=None)


def _cumulative(summing: bool):
    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "a")
        if not isinstance(value, Array):
            return None
        axis = site.value(1, "axis")
        return arrays.cumulative(value, axis, site.given(1, "axis") and axis != Const(None), summing, site.node)

    return apply


handles("numpy.cumsum")(_cumulative(True))
handles("numpy.cumprod")(_cumulative(False))
handles("numpy.exp")(lambda site: arrays.exponential(site.value(0, "x"), site.node))


@handles("numpy.log", "numpy.log2", "numpy.log10", "numpy.log1p")
def _log(site: CallSite) -> Optional[Value]:
    value = site.value(0, "x")
    return arrays.normalized(value, "log-transformed", site.node) if isinstance(value, Array) else None


def _special(site: CallSite) -> Optional[Value]:
    """scipy.special's functions work elementwise, as numpy's ufuncs do, and
    give an ndarray whatever they were handed (a tensor too), of floats."""
    value = site.value(0)
    if not isinstance(value, Array):
        return None
    dtype = value.dtype if value.dtype is not None and value.dtype.startswith("float") else "float64"
    return arrays.converted(value, kind=NDARRAY, scale=None, dtype=dtype)


for _name in "factorial gamma gammaln expit logit erf erfc".split():
    handles(f"scipy.special.{_name}")(_special)


def _binary(operation: type):
    """``np.add(a, b)`` and kin: ``a + b``."""

    def apply(site: CallSite) -> Optional[Value]:
        if not site.only_positional() or len(site.args) != 2:
            return None
        return arrays.elementwise(site.value(0), site.value(1), site.node, operation=operation)

    return apply


_OPERATORS = {
    "add": cst.Add,
    "subtract": cst.Subtract,
    "multiply": cst.Multiply,
    "divide": cst.Divide,
    "true_divide": cst.Divide,
    "floor_divide": cst.FloorDivide,
    "power": cst.Power,
}
for _name, _operation in _OPERATORS.items():
    handles(f"numpy.{_name}")(_binary(_operation))


def _extremum(site: CallSite) -> Optional[Value]:
    """``np.maximum(a, b)``, ``np.minimum(a, b)``: the broadcast of both; of
    two arrays within a few times of each other in size, as large as the
    smaller (``np.maximum(opening, close)``); next to a number no larger than
    the array's values (a floor such as 1e-6), as large as the array."""
    if not site.only_positional() or len(site.args) != 2:
        return None
    first, second = site.value(0), site.value(1)
    result = arrays.elementwise(first, second, site.node)
    if result is None:
        return None
    bound = arrays.number(second) if isinstance(first, Array) else arrays.number(first)
    array_scales = [arrays.scale_of(value) for value in (first, second) if isinstance(value, Array)]
    scale = None
    if len(array_scales) == 2:
        scale = scales.either(*array_scales)
    elif array_scales and array_scales[0] is not None:
        held = array_scales[0].overall()
        scale = array_scales[0] if held is not None and bound is not None and abs(bound) <= held.size else None
    return dataclasses.replace(result, scale=scale)


handles("numpy.maximum", "numpy.minimum", "numpy.fmax", "numpy.fmin")(_extremum)


def _converted_units(factor: float):
    """``np.degrees(x)``, ``np.radians(x)``: x times a constant."""

    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "x")
        return arrays.elementwise(value, Const(factor), site.node, operation=cst.Multiply) if isinstance(value, Array) else None

    return apply


handles("numpy.degrees", "numpy.rad2deg")(_converted_units(180 / math.pi))
handles("numpy.radians", "numpy.deg2rad")(_converted_units(math.pi / 180))


def _inserted(appending: bool):
    """``np.insert(a, 0, 0)``, ``np.append(a, v)`` without an axis: a 1-D array
    (the input flattened) longer by the values given; its values those of
    ``a`` beside ones of unknown size (a leading 0 before np.diff's); of
    ``np.append(a, b)`` of two arrays, the two flattened and joined."""

    def apply(site: CallSite) -> Optional[Value]:
        array, added = site.value(0, "arr"), site.value(1 if appending else 2, "values")
        if site.given(2 if appending else 3, "axis") or not isinstance(array, Array) or array.shape is None:
            return None
        if appending and isinstance(added, Array):
            # np.append(a, b) of two arrays: both flattened, one after the other.
            parts = (arrays.flattened(array, 0, -1, site.node), arrays.flattened(added, 0, -1, site.node))
            return arrays.stacked(Seq(parts, "list"), 0, site.node, NDARRAY, new_axis=False) if None not in parts else None
        count = 1 if isinstance(added, (Const, Number, SymInt)) else len(added.items) if isinstance(added, Seq) else None
        length = shapes.product(array.shape)
        if count is None:
            return None
        grown = length + count if isinstance(length, int) else None
        return dataclasses.replace(arrays.flattened(array, 0, -1, site.node) or array, shape=(grown,), scale=None)

    return apply


handles("numpy.insert")(_inserted(False))
handles("numpy.append")(_inserted(True))


@handles("numpy.transpose")
def _transpose(site: CallSite) -> Optional[Value]:
    """``np.transpose([x, y])``: the array the list makes, axes reversed (1-D parts become columns)."""
    if site.given(1, "axes"):
        return None
    data = site.value(0, "a")
    array = data if isinstance(data, Array) else _listed_array(site)
    return arrays.transposed(array, site.node) if isinstance(array, Array) else None


@handles("numpy.random.choice", "numpy.random.Generator.choice")
def _choice(site: CallSite) -> Optional[Value]:
    """Draws from ``arange(a)`` for an int ``a`` (indices: as large as ``a``),
    or from a 1-D array's values; ``size`` says how many."""
    population = site.value(0, "a")
    if isinstance(population, Seq):
        population = _listed_array(site)  # choice([-1000.0, -100.0, 40.0])
    if isinstance(population, Array):
        if population.shape is None or len(population.shape) != 1:
            return None
        dtype, scale = population.dtype, population.scale
    elif isinstance(population, (Const, SymInt)) and (as_dim(population) is not None or isinstance(population, SymInt)):
        count = as_dim(population)
        dtype, scale = "int64", arrays.magnitude(count if isinstance(count, int) else None, "np.random.choice", site.node)
    else:
        return None
    if not site.given(1, "size") or site.value(1, "size") == Const(None):
        if dtype == "int64":
            return RangeInt(None, scale) if scale is not None else SymInt(None)
        return Number(scale) if dtype and dtype.startswith("float") else None
    size = _size(site.value(1, "size"))
    return arrays.new(NDARRAY, size, site.node, dtype, scale) if size is not None else None


@handles("numpy.random.permutation", "numpy.random.Generator.permutation")
def _permutation(site: CallSite) -> Optional[Value]:
    """A shuffled copy of an array, or of ``arange(n)`` for an int."""
    given = site.value(0, "x")
    if isinstance(given, Array):
        return arrays.converted(given, kind=NDARRAY)
    count = as_dim(given)
    if count is None and not isinstance(given, SymInt):
        return None
    return arrays.new(NDARRAY, (count,), site.node, "int64")


@handles("numpy.dot", "numpy.matmul")
def _matmul(site: CallSite) -> Optional[Value]:
    return arrays.elementwise(site.value(0, "a"), site.value(1, "b"), site.node, operation=cst.MatrixMultiply)


@handles("numpy.where")
def _where(site: CallSite) -> Optional[Value]:
    if len(site.args) == 1:
        return _nonzero(site)
    if len(site.args) != 3:
        return None
    return arrays.chosen(site.value(0), site.value(1), site.value(2), "np.where", site.node)


@handles("numpy.nonzero")
def _nonzero(site: CallSite) -> Optional[Value]:
    """``np.where(mask)``, ``np.nonzero(a)``: a tuple of index arrays, one per dim, of unseen length."""
    given = site.value(0, "a")
    return arrays.nonzero_indices(given, site.node) if isinstance(given, Array) else None


@handles("numpy.save")
def _save(site: CallSite) -> Optional[Value]:
    """``np.save(path, X)``: what ``np.load`` of that path gives (``.npy`` is added when missing)."""
    path, data = as_str(site.value(0, "file")), site.value(1, "arr")
    if path is not None and isinstance(data, Array):
        saved = path if path.endswith(".npy") else f"{path}.npy"
        site.evaluator.files_written[saved] = arrays.converted(data, kind=NDARRAY, columns=None)
    return None


@handles("numpy.savez", "numpy.savez_compressed")
def _savez(site: CallSite) -> Optional[Value]:
    """``np.savez(path, images=X, labels=y)``: the archive ``np.load`` of that
    path gives, its arrays by name (``arr_0``, ... for those given by position)."""
    path = as_str(site.value(0, "file"))
    if path is None:
        return None
    members = [(f"arr_{index}", value) for index, value in enumerate(site.positional()[1:])]
    members += [(name, arg.value) for name, arg in site.kwargs]
    saved = path if path.endswith(".npz") else f"{path}.npz"
    site.evaluator.files_written[saved] = NpzArchive(
        tuple((name, arrays.converted(value, kind=NDARRAY, columns=None) if isinstance(value, Array) else None) for name, value in members)
    )
    return None


@handles("numpy.savetxt")
def _savetxt(site: CallSite) -> Optional[Value]:
    """``np.savetxt(path, X)`` of a table: what ``np.loadtxt`` of that path gives."""
    path, data = as_str(site.value(0, "fname")), site.value(1, "X")
    if path is None or not isinstance(data, Array) or data.shape is None or len(data.shape) != 2 or not isinstance(data.shape[1], int):
        return None
    table = arrays.converted(data, kind=NDARRAY, columns=None, dtype="float64")
    # loadtxt gives a one-column file back as 1-D.
    site.evaluator.files_written[path] = table.with_shape(data.shape[:1], data.origin) if data.shape[1] == 1 else table
    return None


@handles("numpy.load")
def _load(site: CallSite) -> Optional[Value]:
    """The array of the ``.npy`` file found there, or the arrays of the
    ``.npz`` archive by name (``np.load("d.npz")["X"]``), measured; where no
    file is found, what this script saves there (``np.save("X.npy", X)``,
    ``np.savez``: data written when the file is missing, then read back)."""
    path = as_str(site.value(0, "file"))
    located = datafiles.locate(path, site.evaluator.facts.path, site.evaluator.facts.data_dirs) if path else None
    if located is not None and site.value(None, "mmap_mode") in (None, Const(None)):
        found = _read_stored(located, site.node)
        if found is not None:
            return found
    written = site.evaluator.files_written.get(path or "")
    if isinstance(written, Array):
        return dataclasses.replace(written, origin=site.node)
    return written if isinstance(written, NpzArchive) else None


def _read_stored(located: str, node: cst.CSTNode) -> Optional[Value]:
    base = os.path.basename(located)
    if located.lower().endswith(".npy"):
        return _stored(npyfiles.read(located), base, node)
    members = npyfiles.read_archive(located)
    if members is None:
        return None
    return NpzArchive(tuple((name, _stored(stored, f"'{name}' in {base}", node)) for name, stored in members))


@handles("numpy.fromfile")
def _fromfile(site: CallSite) -> Optional[Value]:
    """Bytes of a binary file read as uint8 (an IDX image file, a raw
    recording), measured where the file is found: 8-bit values that fill
    their range are pixels. Other dtypes are not read."""
    if arrays.dtype_of(site.value(1, "dtype"), "numpy") != "uint8":
        return None
    source = site.value(0, "file")
    located = source.located if isinstance(source, textfiles.BinaryFile) else None
    if located is None and as_str(source) is not None:
        located = datafiles.locate(as_str(source), site.evaluator.facts.path, site.evaluator.facts.data_dirs, raw_bytes=True)  # type: ignore[arg-type]
    if located is None:
        return None
    return _stored(npyfiles.read_raw_bytes(located), os.path.basename(located), site.node)


def _stored(stored: Optional[npyfiles.Stored], where: str, node: cst.CSTNode) -> Optional[Array]:
    """A stored array as the script gets it: its rows of unseen count (the
    file may be made anew), its other dims, dtype and measured magnitudes;
    8-bit values that fill their range are pixels."""
    if stored is None or not stored.shape:
        return None
    scale = None
    if stored.dtype == "uint8" and stored.largest is not None and stored.largest > 200:
        scale = eight_bit_pixels(where, node)
    elif stored.columns is not None:
        scale = Scale(
            columns=tuple(
                Magnitude(size, f"column {index} of {where}", node, measured=True) if size is not None else None
                for index, size in enumerate(stored.columns)
            )
        )
    elif stored.size is not None:
        scale = Scale(uniform=Magnitude(stored.size, where, node, measured=True))
    return arrays.new(NDARRAY, (shapes.ROWS, *stored.shape[1:]), node, stored.dtype, scale)


def field(records: Array, name: str, node: cst.CSTNode) -> Array:
    """One named field of a structured array: a value per row, as large as its column."""
    position = records.columns.index(name)  # type: ignore[union-attr]
    scale = records.scale.single(position) if records.scale is not None and records.scale.columns else None
    return Array(NDARRAY, records.shape, origin=node, dtype=records.dtype, scale=scale)


# What a read of a table the script saved may say and still read it as saved.
_PLAIN_READ = frozenset("delimiter dtype skiprows skip_header comments encoding".split())


@handles("numpy.loadtxt", "numpy.genfromtxt")
def _loadtxt(site: CallSite) -> Optional[Value]:
    written = site.evaluator.files_written.get(as_str(site.value(0, "fname")) or "")
    plain = len(site.args) == 1 and all(key in _PLAIN_READ for key, _ in site.kwargs)
    if isinstance(written, Array) and plain:
        # The table this script saved with np.savetxt (its header line skipped, or read as a comment).
        skipped = any(key in ("skiprows", "skip_header") for key, _ in site.kwargs) and written.shape and isinstance(written.shape[0], int)
        read = written.with_shape((shapes.ROWS,) + tuple(written.shape[1:]), written.origin) if skipped else written  # type: ignore[index]
        return dataclasses.replace(read, origin=site.node, scale=written.scale)
    # A one-column file loads as 1-D and a many-column one as 2-D, unless
    # ndmin=2 or usecols says which: otherwise the rank is unknown.
    usecols = site.value(None, "usecols")
    # usecols=[0, 1] or range(2): that many columns.
    listed = usecols.items if isinstance(usecols, (Seq, Iterable)) and usecols.items else None
    one_column = (isinstance(usecols, Const) and isinstance(usecols.value, int)) or (listed is not None and len(listed) == 1)
    if one_column and site.value(None, "ndmin") != Const(2):
        shape: Optional[shapes.Shape] = (shapes.ROWS,)
    elif listed is not None or site.value(None, "ndmin") == Const(2):
        shape = (shapes.ROWS, len(listed) if listed is not None else None)
    else:
        shape = None
    genfromtxt = isinstance(site.node.func, cst.Attribute) and site.node.func.attr.value == "genfromtxt"  # type: ignore[attr-defined]
    skip = arrays.number(site.value(None, "skip_header" if genfromtxt else "skiprows")) or 0
    header = genfromtxt and site.value(None, "names") == Const(True)
    readable, delimiter = datafiles.separator(as_str(site.value(None, "delimiter")))
    measured = None
    if readable:
        measured = datafiles.measured_columns(
            as_str(site.value(0, "fname")),
            site.evaluator.facts.path,
            site.node,
            delimiter,
            header,
            int(skip),
            data_dirs=site.evaluator.facts.data_dirs,
        )
    scale = measured[1] if measured is not None and usecols is None else None
    if scale is not None and len(measured[0]) > 1 and (shape is None or shape[-1] is None):  # type: ignore[index]
        shape = (shapes.ROWS, len(measured[0]))  # type: ignore[index]
    elif scale is not None and len(measured[0]) == 1 and shape is None and site.value(None, "ndmin") != Const(2):  # type: ignore[index]
        shape = (shapes.ROWS,)  # a file of one column loads as 1-D
    if header and measured is not None and usecols is None:
        # names=True: one record per row, its fields by the header's names.
        return dataclasses.replace(arrays.new(NDARRAY, (shapes.ROWS,), site.node, _dtype(site, "float64"), scale), columns=measured[0])
    loaded = arrays.new(NDARRAY, shape, site.node, _dtype(site, "float64"), scale)
    # A text file loads as a column or a table, never more (ndmin is 0, 1 or 2).
    return loaded if shape is not None else dataclasses.replace(loaded, rank_at_most=2)
