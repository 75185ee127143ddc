"""pandas: frames are (rows, columns), series are (rows,); columns are counted
when the code names them."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from torchlint.core import datafiles, scales, shapes
from torchlint.core.api import array_methods, arrays
from torchlint.core.api.arrays import FRAME, NDARRAY, SERIES, SliceValue
from torchlint.core.api.callsite import CallSite
from torchlint.core.facts import Arg
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import (
    Array,
    BoundMethod,
    Bunch,
    ColumnName,
    Const,
    FunctionValue,
    Iterable,
    LambdaValue,
    ListOf,
    Number,
    Ref,
    Seq,
    SymInt,
    Value,
    as_dim,
    as_int,
    as_str,
    join_all,
)

# Public attributes and methods of pandas.DataFrame (pandas 3.1): ``df.name``
# is a column only when ``name`` is none of these.
DATAFRAME_ATTRIBUTES = frozenset(
    """T abs add add_prefix add_suffix agg aggregate align all any apply applymap asfreq
    asof assign astype at at_time attrs axes backfill between_time bfill bool boxplot case_when
    clip columns combine combine_first compare convert_dtypes copy corr corrwith count cov
    cummax cummin cumprod cumsum describe diff div divide dot drop drop_duplicates droplevel
    dropna dtypes duplicated empty eq equals eval ewm expanding explode ffill fillna filter
    first first_valid_index flags floordiv from_arrow from_dict from_records ge get groupby gt
    head hist iat idxmax idxmin iloc index infer_objects info insert interpolate isetitem isin
    isna isnull items iterrows itertuples join keys kurt kurtosis last last_valid_index le loc
    lt map mask max mean median melt memory_usage merge min mod mode mul multiply ndim ne
    nlargest notna notnull nsmallest nunique pad pct_change pipe pivot pivot_table plot pop pow
    prod product quantile query radd rank rdiv reindex reindex_like rename rename_axis
    reorder_levels replace resample reset_index rfloordiv rmod rmul rolling round rpow rsub
    rtruediv sample select_dtypes sem set_axis set_flags set_index shape shift size skew
    sort_index sort_values sparse squeeze stack std style sub subtract sum swapaxes swaplevel
    tail take to_arrow to_clipboard to_csv to_dict to_excel to_feather to_hdf to_html to_json
    to_latex to_markdown to_numpy to_orc to_parquet to_period to_pickle to_records to_sql
    to_stata to_string to_timestamp to_xarray to_xml transform transpose truediv truncate
    tz_convert tz_localize unstack update value_counts values var where xs
    name dtype str dt cat array""".split()
)

# Methods beyond DATAFRAME_ATTRIBUTES that this module follows: a Series' own, and
# DataFrame.append of pandas before 2.0 (still in scripts written for it).
METHODS_OF_KIND = {SERIES: frozenset(("tolist", "to_list")), FRAME: frozenset(("append",))}

# Methods that return a frame or series of the same columns.
_SAME_SHAPE = frozenset(
    """astype copy fillna ffill bfill replace clip abs round interpolate infer_objects
    convert_dtypes reset_index set_axis sort_values sort_index rename shift cummax cummin""".split()
)
# Methods that keep the shape but make new values, of sizes not followed
# (differences, ratios, running sums, ranks).
_NEW_VALUES = frozenset("diff pct_change cumsum cumprod rank applymap".split())
# Windows over the rows (``df.rolling(7)``, ``df.resample("D")``), and what their aggregations
# keep of the values' size: a window's mean or extreme is as large as the values.
_WINDOWS = frozenset("rolling ewm expanding resample".split())
_WINDOW_KEEPS_SIZE = frozenset("mean median max min".split())
_WINDOW_NEW_VALUES = frozenset("sum std var count sem skew kurt corr cov apply quantile".split())
# Methods that keep the columns and may drop or reorder rows.
_ROW_SUBSET = frozenset("dropna drop_duplicates sample head tail query nlargest nsmallest".split())
_STATISTICS = frozenset("mean std var min max median sum quantile sem mad".split())
# Methods that make a boolean of each value (a row mask of a Series).
_MASKS = frozenset("isin between isna notna isnull notnull".split())


@dataclass(frozen=True)
class Indexer(Value):
    """``df.iloc`` or ``df.loc``, waiting for its subscript."""

    owner: Array
    mode: str


@dataclass(frozen=True)
class RowWindows(Value):
    """``df.rolling(7)`` / ``ewm`` / ``expanding``, waiting for its aggregation."""

    owner: Array


def window_method(windows: RowWindows, name: str) -> Optional[Value]:
    """``df.rolling(7).mean()``: the frame's shape, its values' size where the aggregation keeps it."""
    if name in _WINDOW_KEEPS_SIZE:
        return arrays.converted(windows.owner)
    if name in _WINDOW_NEW_VALUES:
        return arrays.converted(windows.owner, scale=None, statistic=None)
    return None


@dataclass(frozen=True)
class ColumnLabels(Value):
    """``df.columns`` or what is left of it (``df.columns.drop("y")``): which
    columns ``df[labels]`` selects, by name where the frame's are known, and
    how many where that is known."""

    names: Optional[Tuple[str, ...]]
    count: Optional[int]


def labels_subscript(labels: ColumnLabels, index: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Value]:
    """``df.columns[1]``: that column's name; ``df.columns[1:]``: those labels."""
    if labels.names is None or len(index) != 1:
        return None
    key = index[0]
    if isinstance(key, SliceValue):
        cut = key.literal(node)
        if cut is None:
            return None
        picked = labels.names[cut]
        return ColumnLabels(picked, len(picked))
    position = as_int(key)
    if position is None or not -len(labels.names) <= position < len(labels.names):
        return None
    return Const(labels.names[position])


def labels_method(labels: ColumnLabels, name: str, site: CallSite) -> Optional[Value]:
    """``labels.drop(...)``, ``labels.tolist()``, ``labels.copy()``,
    ``labels.get_loc("y")`` (a column's position: an int, known where the names are)."""
    if name in ("tolist", "to_list", "copy"):
        return labels
    if name == "get_loc" and len(site.args) == 1:
        label = as_str(site.value(0))
        known = labels.names is not None and label in labels.names and labels.count is not None
        return Const(labels.names.index(label)) if known else SymInt(None)  # type: ignore[union-attr]
    if name != "drop" or not site.only_positional() or len(site.args) != 1:
        return None
    dropped = _labels(site.value(0))
    if dropped is None:
        return ColumnLabels(None, None)
    if labels.names is not None:
        if not all(label in labels.names for label in dropped):
            return None  # pandas raises a KeyError
        kept = tuple(label for label in labels.names if label not in dropped)
        return ColumnLabels(kept, len(kept) if labels.count is not None else None)  # one-hot columns may follow
    remaining = labels.count - len(set(dropped)) if labels.count is not None else None
    return ColumnLabels(None, remaining)


def _derived_scale(source: Optional[Array]) -> Optional[Scale]:
    """Columns taken from a frame in a way this module cannot follow lose their
    per-column magnitudes; the rest stays."""
    return source.scale.without_columns() if source is not None and source.scale is not None else None


def frame(
    columns: Optional[int],
    node: cst.CSTNode,
    names: Optional[Tuple[str, ...]] = None,
    source: Optional[Array] = None,
) -> Array:
    dtype = source.dtype if source is not None else None
    return Array(kind=FRAME, shape=(shapes.ROWS, columns), origin=node, columns=names, scale=_derived_scale(source), dtype=dtype)


def series(node: cst.CSTNode, source: Optional[Array] = None) -> Array:
    dtype = source.dtype if source is not None else None
    return Array(kind=SERIES, shape=(shapes.ROWS,), origin=node, scale=_derived_scale(source), dtype=dtype)


def _width(owner: Array) -> Optional[int]:
    if owner.shape is None or len(owner.shape) != 2 or not isinstance(owner.shape[1], int):
        return None
    return owner.shape[1]


def picked(owner: Array, indices: Sequence[int], node: cst.CSTNode) -> Array:
    """The frame of ``owner``'s columns at ``indices``, names and magnitudes kept."""
    names = tuple(owner.columns[i] for i in indices) if owner.columns is not None else None
    scale = owner.scale.select(indices) if owner.scale is not None else None
    return Array(kind=FRAME, shape=(shapes.ROWS, len(indices)), origin=node, columns=names, scale=scale, dtype=owner.dtype)


def single(owner: Array, index: int, node: cst.CSTNode) -> Array:
    """The series of ``owner``'s column at ``index``."""
    scale = owner.scale.single(index) if owner.scale is not None else None
    if scale is not None and scale.uniform is not None and scale.uniform.why == scales.DATETIMES:
        return Array(kind=SERIES, shape=(shapes.ROWS,), origin=node, dtype=arrays.DATETIME)
    return Array(kind=SERIES, shape=(shapes.ROWS,), origin=node, scale=scale, dtype=owner.dtype)


def _labels(value: Optional[Value]) -> Optional[Tuple[object, ...]]:
    """Literal column labels: names or positions."""
    items = value.items if isinstance(value, Seq) else (value,)
    labels = tuple(item.value for item in items if isinstance(item, Const) and isinstance(item.value, (str, int)))
    return labels if len(labels) == len(items) else None


def _positions(owner: Array, names: Sequence[str]) -> Optional[List[int]]:
    if owner.columns is None or not all(name in owner.columns for name in names):
        return None
    return [owner.columns.index(name) for name in names]


def renamed(owner: Array, value: Optional[Value]) -> Optional[Array]:
    """The frame after ``df.columns = [...]`` (a file read with header=None,
    named afterwards): each column keeps its values under its new name."""
    names = _labels(value)
    width = _width(owner)
    if names is None or not all(isinstance(name, str) for name in names) or (width is not None and width != len(names)):
        return None
    scale = _named(owner.scale, names) if owner.scale is not None else None
    return dataclasses.replace(owner, shape=(owner.shape[0] if owner.shape else shapes.ROWS, len(names)), columns=names, scale=scale)


def _named(scale: Scale, names: Sequence[str]) -> Scale:
    """Measured columns cited by the names given them ("'s3' in engines.txt", not "column 6 of engines.txt")."""
    if scale.columns is None or len(scale.columns) != len(names):
        return scale

    def cited(index: int, magnitude: Optional[Magnitude]) -> Optional[Magnitude]:
        prefix = f"column {index} of "
        if magnitude is None or not magnitude.why.startswith(prefix):
            return magnitude
        return dataclasses.replace(magnitude, why=f"'{names[index]}' in {magnitude.why[len(prefix):]}")

    return dataclasses.replace(scale, columns=tuple(cited(index, column) for index, column in enumerate(scale.columns)))


@handles("pandas.read_csv", "pandas.read_table")
def _read_text(site: CallSite) -> Optional[Value]:
    """A CSV: its columns measured when the file is at hand, else unknown."""
    reader = site.node.func.attr.value if isinstance(site.node.func, cst.Attribute) else "read_csv"  # type: ignore[attr-defined]
    given = site.value(None, "sep") or site.value(None, "delimiter")
    if site.value(None, "delim_whitespace") == Const(True):
        given = Const(r"\s+")
    if given is None:
        given = Const("," if reader == "read_csv" else "\t")
    readable, delimiter = datafiles.separator(as_str(given))
    usecols = site.value(None, "usecols")
    keep = _labels(usecols) if usecols is not None else None
    index_column = site.value(None, "index_col")
    index_label = (
        index_column.value
        if isinstance(index_column, Const) and index_column.value is not None and index_column.value is not False
        else None
    )
    unclear = (usecols is not None and keep is None) or (index_column is not None and index_label is None and index_column != Const(None))
    written = site.evaluator.files_written.get(as_str(site.value(0, "filepath_or_buffer")) or "")
    if isinstance(written, Array) and usecols is None and index_column is None and site.value(None, "header") is None:
        return dataclasses.replace(written, origin=site.node)  # the frame this script saved there
    # names=[...]: the columns' names, and no header line unless header= says there is one.
    given_names = _labels(site.value(None, "names")) if site.given(None, "names") else None
    if given_names is not None and not all(isinstance(name, str) for name in given_names):
        given_names = None
    unclear = unclear or (site.given(None, "names") and (given_names is None or usecols is not None))
    header = site.value(None, "header") != Const(None) and (given_names is None or site.given(None, "header"))
    measured = None
    if readable and not unclear:
        measured = datafiles.measured_columns(
            as_str(site.value(0, "filepath_or_buffer")),
            site.evaluator.facts.path,
            site.node,
            delimiter,
            header,
            keep=keep,
            index_column=index_label,
            data_dirs=site.evaluator.facts.data_dirs,
        )
    if measured is not None and given_names is not None:
        measured = (given_names, _named(measured[1], given_names)) if len(given_names) == len(measured[0]) else None
    if measured is None:
        return frame(None, site.node)
    names, scale = measured
    dates = _labels(site.value(None, "parse_dates")) if site.given(None, "parse_dates") else None
    if dates and scale.columns is not None:
        # The columns parsed as datetimes: int64 nanoseconds since 1970 underneath.
        stamp = Magnitude(arrays.EPOCH_NANOSECONDS, scales.DATETIMES, site.node)
        scale = dataclasses.replace(scale, columns=tuple(stamp if name in dates else m for name, m in zip(names, scale.columns)))
    return Array(kind=FRAME, shape=(shapes.ROWS, len(names)), origin=site.node, columns=names, scale=scale)


@handles(
    "pandas.read_excel",
    "pandas.read_parquet",
    "pandas.read_json",
    "pandas.read_feather",
    "pandas.read_sql",
    "pandas.read_sql_query",
    "pandas.read_hdf",
    "pandas.read_pickle",
    "pandas.read_fwf",
    "pandas.read_orc",
)
def _read(site: CallSite) -> Optional[Value]:
    return frame(None, site.node)


def _column_magnitude(column: Optional[Value], node: cst.CSTNode) -> Optional[Magnitude]:
    """How large a column given to ``pd.DataFrame({...})`` is: an array's
    magnitude, or a list's largest number."""
    scale = column.scale if isinstance(column, Array) else arrays.literal_scale(column, "a literal", node)
    return scale.overall() if scale is not None else None


def _field_magnitude(value: Optional[Value], node: cst.CSTNode) -> Optional[Magnitude]:
    """How large a column is whose rows each hold ``value``."""
    scale = arrays.item_scale(value, "values in its rows", node)
    return scale.overall() if scale is not None else None


def _record_of(data: Optional[Value]) -> Optional[Bunch]:
    """What every row is, for a list of dicts with the same keys, in order."""
    items = (data.item,) if isinstance(data, ListOf) else data.items if isinstance(data, Seq) else ()
    if not items or not all(type(item) is Bunch and item.fields for item in items):
        return None
    keys = {tuple(name for name, _ in item.fields) for item in items}  # type: ignore[union-attr]
    return join_all(items) if len(keys) == 1 else None  # type: ignore[return-value]


@handles("pandas.DataFrame")
def _data_frame(site: CallSite) -> Optional[Value]:
    columns = site.value(1, "columns")
    names = tuple(as_str(item) for item in columns.items) if isinstance(columns, Seq) else None
    if isinstance(columns, ColumnLabels):
        # pd.DataFrame(imputer.fit_transform(df), columns=df.columns): the frame's names put back.
        names = columns.names
    count = len(names) if names is not None else None
    data = site.value(0, "data")
    if isinstance(data, Bunch):
        # A dict of columns: the names, and each column's own magnitude.
        names = tuple(name for name, _ in data.fields)
        magnitudes = tuple(_column_magnitude(value, site.node) for _, value in data.fields)
        dtypes = {value.dtype if isinstance(value, Array) else None for _, value in data.fields}
        return Array(
            kind=FRAME,
            shape=(shapes.ROWS, len(names)),
            origin=site.node,
            columns=names,
            scale=Scale(columns=magnitudes),
            dtype=dtypes.pop() if len(dtypes) == 1 else None,
        )
    record = _record_of(data)
    if record is not None and not site.given(1, "columns"):
        # pd.DataFrame(rows) of dicts appended in a loop: a column per key, as large as its values.
        names = tuple(name for name, _ in record.fields)
        magnitudes = tuple(_field_magnitude(value, site.node) for _, value in record.fields)
        rows = len(data.items) if isinstance(data, Seq) else shapes.ROWS  # type: ignore[union-attr]
        return Array(kind=FRAME, shape=(rows, len(names)), origin=site.node, columns=names, scale=Scale(columns=magnitudes))
    if isinstance(data, Array) and data.shape is not None and len(data.shape) == 2:
        count = data.shape[1] if count is None else count
    if names is not None and None in names:
        names = None
    made = frame(count, site.node, names)  # type: ignore[arg-type]
    if isinstance(data, (Seq, ListOf)):
        # pd.DataFrame(rows, columns=[...]) of rows appended in a loop: each column as large as its rows' items.
        scale = arrays.literal_scale(data, "values in its rows", site.node)
        return arrays.converted(made, scale=scale) if scale is not None and scale.columns is not None else made
    return arrays.converted(made, scale=data.scale, dtype=data.dtype) if isinstance(data, Array) else made


@handles("pandas.Series")
def _series(site: CallSite) -> Optional[Value]:
    """A Series of a 1-D array keeps its values' dtype and size."""
    data = site.value(0, "data")
    source = data if isinstance(data, Array) and data.shape is not None and len(data.shape) == 1 else None
    return series(site.node, source)


@handles("pandas.date_range")
def _date_range(site: CallSite) -> Optional[Value]:
    """Datetimes, ``periods`` of them when that is given."""
    periods = as_dim(site.value(2, "periods")) if site.given(2, "periods") else None
    return Array(kind=SERIES, shape=(periods,), origin=site.node, dtype=arrays.DATETIME)


@handles("pandas.merge")
def _rebuilt_frame(site: CallSite) -> Optional[Value]:
    return frame(None, site.node)


def _named_magnitudes(part: Optional[Value]) -> Optional[Tuple[Tuple[str, ...], Tuple[Optional[Magnitude], ...]]]:
    """A frame's column names and their magnitudes, where both are known."""
    if not isinstance(part, Array) or part.kind != FRAME or part.columns is None:
        return None
    magnitudes = part.scale.columns if part.scale is not None else None
    if magnitudes is None or len(magnitudes) != len(part.columns):
        return None
    return part.columns, magnitudes


def leading_columns(
    names: Sequence[str], magnitudes: Sequence[Optional[Magnitude]], node: cst.CSTNode, parts: Sequence[Value]
) -> Array:
    """A frame whose first columns are known by name, followed by columns of
    unknown number (one-hot columns get_dummies or concat appended): its
    width is unknown, so positions past the named ones are never claimed."""
    scales_of = [part.scale for part in parts if isinstance(part, Array) and part.scale is not None]
    scale = Scale(
        columns=tuple(magnitudes),
        raw=next((s.raw for s in scales_of if s.raw), None),
        normalized=next((s.normalized for s in scales_of if s.normalized), None),
        prefix=True,
    )
    return Array(kind=FRAME, shape=(shapes.ROWS, None), origin=node, columns=tuple(names), scale=scale)


@handles("pandas.get_dummies")
def _dummies(site: CallSite) -> Optional[Value]:
    """``pd.get_dummies(df, columns=[...])``: the other columns keep their
    order and values, the one-hot columns come after them."""
    data = site.value(0, "data")
    known = _named_magnitudes(data)
    if known is not None and not site.given(None, "columns"):
        # Every text column encoded: the columns measured as numbers keep their place up to the
        # first one of unknown size (text, or a number not measured), whose place is unclear.
        measured = list(itertools.takewhile(lambda pair: pair[1] is not None, zip(*known)))
        return leading_columns([n for n, _ in measured], [m for _, m in measured], site.node, (data,))  # type: ignore[arg-type]
    encoded = _labels(site.value(None, "columns")) if site.given(None, "columns") else None
    if known is None or encoded is None or not all(name in known[0] for name in encoded):
        return frame(None, site.node)
    kept = [(name, magnitude) for name, magnitude in zip(*known) if name not in encoded]
    return leading_columns([n for n, _ in kept], [m for _, m in kept], site.node, (data,))  # type: ignore[arg-type]


@handles("pandas.concat")
def _concat(site: CallSite) -> Optional[Value]:
    """``pd.concat([df, dummies], axis=1)``: the columns of each frame side by
    side, known by name up to the first frame whose columns are not."""
    objs = site.value(0, "objs")
    axis = site.value(1, "axis") if site.given(1, "axis") else Const(0)
    if axis not in (Const(1), Const("columns")) and isinstance(objs, ListOf) and isinstance(objs.item, Array):
        # Frames or series collected in a loop (one per season, per file), stacked row under row.
        objs = Seq((objs.item,), "list")
    if axis not in (Const(1), Const("columns")) and isinstance(objs, Seq) and objs.items:
        return rows_appended(objs.items, site.node)
    if axis not in (Const(1), Const("columns")) or not isinstance(objs, Seq) or not objs.items:
        return frame(None, site.node)
    names: List[str] = []
    magnitudes: List[Optional[Magnitude]] = []
    for part in objs.items:
        known = _named_magnitudes(part)
        if known is None:
            break
        names.extend(known[0])
        magnitudes.extend(known[1])
        if _width(part) is None:  # type: ignore[arg-type]
            break
    if not names:
        return frame(None, site.node)
    return leading_columns(names, magnitudes, site.node, objs.items)  # type: ignore[arg-type]


def rows_appended(parts: Sequence[Optional[Value]], node: cst.CSTNode) -> Array:
    """Frames stacked row under row (``pd.concat([a, b])``, pandas 1's
    ``a.append(b)``): the first frame's columns when every other part is a
    frame with the same columns (their sizes joined) or a row of it (a dict,
    a Series: the sizes no longer known); else columns not known."""
    first = parts[0]
    if isinstance(first, Array) and first.kind == SERIES and all(isinstance(part, Array) and part.kind == SERIES for part in parts):
        # Series one after another: one series, as large as the largest part.
        return Array(kind=SERIES, shape=(shapes.ROWS,), origin=node, dtype=first.dtype, scale=scales.largest([part.scale for part in parts]))  # type: ignore[union-attr]
    if not isinstance(first, Array) or first.kind != FRAME or first.shape is None or len(first.shape) != 2:
        return frame(None, node)
    scale = first.scale
    for part in parts[1:]:
        if isinstance(part, Array) and part.kind == FRAME and part.columns == first.columns and part.shape == first.shape:
            scale = scales.join(scale, part.scale)
        elif type(part) is Bunch or (isinstance(part, Array) and part.kind == SERIES):
            scale = None
        else:
            return frame(None, node)
    return Array(kind=FRAME, shape=(shapes.ROWS, first.shape[1]), origin=node, columns=first.columns, scale=scale, dtype=first.dtype)


# How large each field of a datetime (``series.dt.year``) typically is: a year is ~2,000.
_DATETIME_FIELDS = {
    "year": 2025.0,
    "month": 12.0,
    "day": 31.0,
    "hour": 23.0,
    "minute": 59.0,
    "second": 59.0,
    "dayofweek": 6.0,
    "day_of_week": 6.0,
    "weekday": 6.0,
    "dayofyear": 366.0,
    "day_of_year": 366.0,
    "quarter": 4.0,
    "days_in_month": 31.0,
}


# What a datetime becomes through a converter mapped over it, and how large:
# the day's ordinal (~739,000 in the 2020s), a Unix timestamp (~1.7e9 seconds).
_DATETIME_CONVERSIONS = {
    "datetime.datetime.toordinal": 7.39e5,
    "datetime.date.toordinal": 7.39e5,
    "pandas.Timestamp.toordinal": 7.39e5,
    "datetime.datetime.timestamp": 1.7e9,
    "pandas.Timestamp.timestamp": 1.7e9,
}


@dataclass(frozen=True)
class Datetimes(Value):
    """``series.dt`` of a datetime Series: its fields."""

    series: Array


@handles("pandas.to_datetime")
def _to_datetime(site: CallSite) -> Optional[Value]:
    data = site.value(0, "arg")
    if not isinstance(data, Array) or data.kind not in (SERIES, NDARRAY) or data.shape is None or len(data.shape) != 1:
        return None
    return Array(kind=SERIES, shape=data.shape, origin=site.node, dtype=arrays.DATETIME)


def _applied_per_column(owner: Array, site: CallSite) -> Optional[Array]:
    """``df.apply(lambda x: (x - min(x)) / (max(x) - min(x)))``: the function of
    the file called on one column, as pandas calls it on each. A column for
    each column keeps the frame's shape, normalized if the function normalizes;
    one value per column is a Series of them."""
    function = site.value(0, "func")
    if not isinstance(function, (FunctionValue, LambdaValue)):
        return None
    result = site.evaluator.call(function, CallSite(site.node, (Arg(series(site.node), None),), (), True, site.evaluator))
    if not isinstance(result, Array) or result.shape is None:
        return None
    if result.shape == ():
        return Array(kind=SERIES, shape=(_width(owner),), origin=site.node)
    if result.kind != SERIES or len(result.shape) != 1:
        return None
    normalized = result.scale.normalized if result.scale is not None else None
    return arrays.converted(owner, origin=site.node, scale=Scale(normalized=normalized) if normalized else None, statistic=None)


def _mapped(method: str, function: Optional[Value], node: cst.CSTNode) -> Array:
    """``series.map(function)``: a new Series, as large as a datetime converter makes it."""
    size = _DATETIME_CONVERSIONS.get(function.qualname) if isinstance(function, Ref) else None
    if size is None:
        return series(node)
    why = f"{method}({function.qualname.rpartition('.')[2]})"  # type: ignore[union-attr]
    return arrays.converted(series(node), scale=arrays.magnitude(size, why, node))


# ``series.dt`` methods that give datetimes again, one per row; ``to_period``
# gives periods, whose int64 is a count of periods (months since 1970), no nanoseconds.
_DATETIME_METHODS = frozenset("to_period floor ceil round normalize tz_localize tz_convert".split())


def datetime_field(owner: Datetimes, name: str, node: cst.CSTNode) -> Optional[Value]:
    """``series.dt.<name>``: integers as large as that field gets."""
    if name in _DATETIME_METHODS:
        return BoundMethod(owner, name)
    size = _DATETIME_FIELDS.get(name)
    if size is None:
        return None
    return arrays.converted(owner.series, origin=node, dtype="int32", scale=arrays.magnitude(size, f".dt.{name}", node))


def datetime_method(owner: Datetimes, name: str, site: CallSite) -> Array:
    """``series.dt.floor("D")`` and kin: a datetime Series of the same rows; a period one for ``to_period``."""
    dtype = None if name == "to_period" else owner.series.dtype
    return arrays.converted(owner.series, origin=site.node, scale=None, dtype=dtype)


@dataclass(frozen=True)
class StringMethods(Value):
    """``series.str`` of a Series of strings: its vectorized string methods."""

    series: Array


# ``series.str`` methods whose result is no one value per row: a frame of the
# parts or groups, the rows joined into one string.
_STRING_NOT_PER_ROW = frozenset("extract extractall get_dummies partition rpartition cat".split())
_STRING_COUNTS = frozenset("len count find rfind index rindex".split())
_STRING_FLAGS = frozenset(
    "contains startswith endswith match fullmatch isalnum isalpha isdigit isspace islower isupper istitle "
    "isnumeric isdecimal".split()
)


def string_method(owner: StringMethods, name: str, site: CallSite) -> Optional[Array]:
    """``price.str.replace("$", "")`` and kin: one value per row again (a
    string cleaned, a count, a flag), of a size not followed."""
    if name in _STRING_NOT_PER_ROW:
        return None
    if name in ("split", "rsplit") and site.value(None, "expand") not in (None, Const(False)):
        return None  # a frame of the parts
    dtype = "int64" if name in _STRING_COUNTS else "bool" if name in _STRING_FLAGS else None
    return Array(kind=SERIES, shape=owner.series.shape, origin=site.node, dtype=dtype)


def string_subscript(owner: StringMethods, node: cst.CSTNode) -> Array:
    """``names.str[0]``, ``codes.str[:3]``: a part of each row's string (or list)."""
    return Array(kind=SERIES, shape=owner.series.shape, origin=node)


def _row_field(row: Array, name: Optional[str]) -> Optional[Value]:
    """``row.close`` or ``row["close"]`` of a frame's row: one number of that column's size."""
    if row.kind != SERIES or row.columns is None or name not in row.columns:
        return None
    scale = row.scale.single(row.columns.index(name)) if row.scale is not None else None
    return Number(scale if scale is not None and scale.uniform is not None else None)


def attribute(owner: Array, name: str, node: cst.CSTNode) -> Optional[Value]:
    field = _row_field(owner, name)
    if field is not None:
        return field
    if name == "dt" and owner.kind == SERIES:
        # Only datetimes have .dt.year (anything else raises), so a Series whose
        # dtype was not followed (a frame's column) is one where that is read.
        return Datetimes(owner)
    if name == "str" and owner.kind == SERIES and owner.shape is not None and len(owner.shape) == 1:
        return StringMethods(owner)
    if name == "values":
        return arrays.converted(owner, kind=NDARRAY, columns=None)
    if name in ("iloc", "loc"):
        return Indexer(owner, name)
    if name == "T" and owner.kind == FRAME:
        return arrays.transposed(owner, node)
    if name == "shape":
        return arrays.shape_value(owner)
    if name == "columns" and owner.kind == FRAME:
        return ColumnLabels(owner.columns, _width(owner))
    if name == "index" and owner.shape:
        # df.index: one label per row (df[df.index.year < 2024] picks rows by it).
        return Array(SERIES, (owner.shape[0],), origin=node)
    if name in _DATETIME_FIELDS and owner.kind == SERIES:
        # index.year: a Series has no such attribute, a DatetimeIndex has (a Series of it has .dt.year).
        return datetime_field(Datetimes(owner), name, node)
    if owner.kind == FRAME and name not in DATAFRAME_ATTRIBUTES and not name.startswith("_"):
        if name in METHODS_OF_KIND[FRAME] and (owner.columns is None or name not in owner.columns):
            return None  # df.append(row): the method, unless the frame has such a column
        return column(owner, name, node)
    return None


def column(owner: Array, name: str, node: cst.CSTNode) -> Optional[Array]:
    if owner.columns is not None:
        if name in owner.columns:
            return single(owner, owner.columns.index(name), node)
        # Named first columns followed by more of unknown names (get_dummies' numeric columns, then the
        # one-hot ones and whatever followed a text column): another may be this one, of no known size.
        return series(node) if _width(owner) is None else None
    return series(node, source=owner)


def subscript(owner: Array, index: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Value]:
    field = _row_field(owner, as_str(index[0])) if len(index) == 1 else None
    if field is not None:
        return field
    if owner.kind == SERIES and len(index) == 1 and as_str(index[0]) is not None and owner.columns is None:
        return Number()  # row["age"] of a row whose columns are not known (iterrows of an unread file): one number
    if owner.kind == SERIES and len(index) == 1 and isinstance(index[0], SliceValue):
        # close[i:i + 30]: a window of rows, by position.
        window = arrays.indexed(arrays.converted(owner, kind=NDARRAY), index, node)
        return arrays.converted(window, kind=SERIES) if isinstance(window, Array) else None
    if owner.kind == SERIES and len(index) == 1 and _is_int(index[0]) and owner.columns is None:
        return _one_value(owner, node)  # labels[idx]: the value labelled idx (its position, in a RangeIndex)
    if owner.kind != FRAME or len(index) != 1:
        return None
    key = index[0]
    if _is_label(key):
        return _labelled(owner, key, node)
    if isinstance(key, (SliceValue, Array)):
        return arrays.converted(owner, origin=node)  # rows: the same columns
    return None


def _is_label(key: Optional[Value]) -> bool:
    """A column label, or a list of them (what ``df[key]`` and ``df.loc[:, key]`` select by)."""
    return as_str(key) is not None or isinstance(key, (Seq, ColumnLabels, ColumnName)) or (
        isinstance(key, ListOf) and isinstance(key.item, ColumnName)
    )


def _labelled(owner: Array, key: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    """The column, or the frame of columns, that a label or a list of labels selects."""
    name = as_str(key)
    if name is not None:
        return column(owner, name, node)
    if isinstance(key, ColumnName):
        return series(node, source=owner)  # df[c] for c in df.columns: some column
    if isinstance(key, ListOf):
        # [c for c in df.columns if c != "y"]: some of its columns, how many not known.
        return frame(None, node, source=owner)
    if isinstance(key, ColumnLabels):
        if key.names is None:
            return frame(key.count, node, source=owner)
        if key.count is None:
            return _leading(owner, key.names, node)
        key = Seq(tuple(Const(label) for label in key.names))
    names = tuple(as_str(item) for item in key.items)  # type: ignore[union-attr]
    if None in names:
        return None
    positions = _positions(owner, names)  # type: ignore[arg-type]
    if positions is not None:
        return picked(owner, positions, node)
    made = frame(len(names), node, names, source=owner)  # type: ignore[arg-type]
    known = _named_magnitudes(owner)
    if known is None or owner.scale is None:
        return made
    # Some names are columns get_dummies or concat added: unknown, the others as they were.
    by_name = dict(zip(*known))
    return arrays.converted(made, scale=dataclasses.replace(owner.scale, columns=tuple(by_name.get(name) for name in names), prefix=False))


def _leading(owner: Array, names: Tuple[str, ...], node: cst.CSTNode) -> Array:
    """``df[labels]`` for labels whose first are known by name, one-hot
    columns of unknown number after them (``df.columns.drop("y")`` of a
    frame get_dummies made): those first columns as the frame has them."""
    known = _named_magnitudes(owner)
    by_name = dict(zip(*known)) if known is not None else {}
    return leading_columns(names, [by_name.get(name) for name in names], node, (owner,))


def _is_int(value: Optional[Value]) -> bool:
    return isinstance(value, SymInt) or (isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool))


def _row(owner: Array, node: cst.CSTNode) -> Array:
    """One row of a frame: a series across the columns, each of its column's size and name."""
    return Array(SERIES, (_width(owner),), origin=node, dtype=owner.dtype, scale=owner.scale, columns=owner.columns)


def _one_value(owner: Array, node: cst.CSTNode) -> Array:
    """One value of a series (``labels.iloc[idx]`` in a Dataset's ``__getitem__``), as numpy gives it."""
    return Array(NDARRAY, (), origin=node, dtype=owner.dtype, scale=owner.scale)


def indexer_subscript(indexer: Indexer, index: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Value]:
    owner = indexer.owner
    if owner.kind == SERIES and len(index) == 1:
        if isinstance(index[0], (SliceValue, Array)):
            return arrays.converted(owner, origin=node)
        return _one_value(owner, node) if _is_int(index[0]) else None
    if owner.kind != FRAME or owner.shape is None:
        return None
    if len(index) == 1:
        rows = index[0]
        if isinstance(rows, (SliceValue, Array, Seq, ListOf)):
            # df.iloc[kept_rows], a list of positions filled in a loop: those rows, all the columns.
            return arrays.converted(owner, origin=node)
        if _is_int(rows):
            return _row(owner, node)  # df.iloc[t], df.loc[t] (the row labelled t)
        return None
    if len(index) != 2:
        return None
    rows, cols = index
    if _is_int(rows) and (_is_int(cols) or as_str(cols) is not None):
        # df.iloc[idx, 1], df.loc[i, "label"] in a Dataset's __getitem__: one value of that column.
        picked_column = _iloc_columns(owner, cols, node) if indexer.mode == "iloc" else _labelled(owner, cols, node)
        return _one_value(picked_column, node) if isinstance(picked_column, Array) and picked_column.kind == SERIES else None
    if _is_int(rows) and indexer.mode == "iloc" and isinstance(cols, (SliceValue, Seq)):
        # df.iloc[3, 2:1721]: one row across those columns (a sensor's series stored as a row of a wide file).
        columns = _iloc_columns(owner, cols, node)
        return _row(columns, node) if isinstance(columns, Array) and columns.kind == FRAME else None
    if not isinstance(rows, (SliceValue, Array, Seq, ListOf)):
        return None  # a single row label: a series across the columns
    if indexer.mode == "iloc":
        return _iloc_columns(owner, cols, node)
    if _is_label(cols):
        return _labelled(owner, cols, node)
    if isinstance(cols, SliceValue):
        return frame(None, node, source=owner)
    return None


def _iloc_columns(owner: Array, cols: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    width = _width(owner)
    if isinstance(cols, Const) and _is_int(cols) and width is not None and -width <= cols.value < width:  # type: ignore[operator]
        return single(owner, cols.value % width, node)  # type: ignore[operator]
    if _is_int(cols):
        return series(node, source=owner)
    if isinstance(cols, SliceValue):
        bounds = [part.value if isinstance(part, Const) else part for part in (cols.lower, cols.upper, cols.step)]
        literal = all(bound is None or isinstance(bound, int) for bound in bounds)
        if width is not None and literal:
            return picked(owner, list(range(*slice(*bounds).indices(width))), node)  # type: ignore[arg-type]
        measured = arrays.indexed(Array(FRAME, (1, owner.shape[1])), (SliceValue(None, None, None), cols), node)  # type: ignore[index]
        return frame(measured.shape[1] if measured is not None and measured.shape else None, node, source=owner)
    if isinstance(cols, Seq) and all(_is_int(item) for item in cols.items):
        positions = [item.value for item in cols.items if isinstance(item, Const)]
        if width is not None and len(positions) == len(cols.items) and all(-width <= p < width for p in positions):
            return picked(owner, [p % width for p in positions], node)
        return frame(len(cols.items), node, source=owner)
    return None


def _made_index(site: CallSite) -> Optional[Tuple[str, ...]]:
    """The columns ``df.set_index(keys)`` makes the index, gone from the columns; None if unclear."""
    keys = _labels(site.value(0, "keys"))
    return tuple(str(key) for key in keys) if keys is not None else None


def _dropped(site: CallSite) -> Optional[Tuple[str, ...]]:
    """The column names ``df.drop(...)`` removes; None if it drops rows or is unclear."""
    columns = site.value(None, "columns")
    if columns is None:
        axis = site.value(1, "axis")
        if axis not in (Const(1), Const("columns")):
            return None
        columns = site.value(0, "labels")
    names = columns.items if isinstance(columns, Seq) else (columns,)
    texts = tuple(as_str(name) for name in names)
    return texts if None not in texts else None  # type: ignore[return-value]


def _merged(left: Array, site: CallSite) -> Array:
    """``df.merge(other, on="id")``: the left frame's columns, then the other's
    but its keys, rows of unknown number; known by name where both frames'
    columns are and no name but the keys is on both sides (pandas would add
    _x and _y)."""
    right, keys = site.value(0, "right"), _labels(site.value(None, "on"))
    known_left, known_right = _named_columns(left), _named_columns(right)
    if keys is None or known_left is None or known_right is None:
        return frame(None, site.node)
    if not all(key in known_left[0] and key in known_right[0] for key in keys):
        return frame(None, site.node)
    added = [(name, magnitude) for name, magnitude in zip(*known_right) if name not in keys]
    if any(name in known_left[0] for name, _ in added):
        return frame(None, site.node)
    names = (*known_left[0], *(name for name, _ in added))
    magnitudes = (*known_left[1], *(magnitude for _, magnitude in added))
    return Array(kind=FRAME, shape=(shapes.ROWS, len(names)), origin=site.node, columns=names, scale=Scale(columns=magnitudes))


def _named_columns(part: Optional[Value]) -> Optional[Tuple[Tuple[str, ...], Tuple[Optional[Magnitude], ...]]]:
    """All of a frame's column names, each with its magnitude where that is known."""
    if not isinstance(part, Array) or part.kind != FRAME or part.columns is None or _width(part) != len(part.columns):
        return None
    magnitudes = part.scale.as_columns(len(part.columns)) if part.scale is not None else None
    return part.columns, magnitudes if magnitudes is not None and len(magnitudes) == len(part.columns) else (None,) * len(part.columns)


def without(owner: Array, names: Optional[Tuple[str, ...]], node: cst.CSTNode) -> Array:
    """``owner`` less the named columns."""
    width = _width(owner)
    if names is not None and owner.columns is not None and all(name in owner.columns for name in names):
        remaining = picked(owner, [i for i, name in enumerate(owner.columns) if name not in names], node)
        if width is not None:
            return remaining
        # Columns after the named ones stay, their number unknown: the named ones lead.
        scale = dataclasses.replace(remaining.scale, prefix=True) if remaining.scale is not None and remaining.scale.columns else remaining.scale
        return dataclasses.replace(remaining, shape=(shapes.ROWS, None), scale=scale)
    remaining = width - len(names) if width is not None and names is not None else None
    return frame(remaining, node, source=owner)


def call_method(owner: Array, name: str, site: CallSite) -> Optional[Value]:
    node = site.node
    if name in _MASKS:
        return arrays.mask(owner, node)  # df[df["unit"].isin(train_units)]: rows picked, columns kept
    if name == "to_numpy":
        values = arrays.converted(owner, kind=NDARRAY, columns=None)
        # df.to_numpy(dtype=np.float32): of that dtype (unknown where the dtype is not).
        return arrays.converted(values, dtype=arrays.dtype_of(site.value(0, "dtype"), "numpy")) if site.given(0, "dtype") else values
    if name == "astype":
        return arrays.cast(owner, arrays.dtype_of(site.value(0, "dtype"), "numpy"), node)
    if name == "to_csv":
        path = as_str(site.value(0, "path_or_buf"))
        # Without index=False the index comes back as a first column of its own.
        if path is not None and owner.kind == FRAME and site.value(None, "index") == Const(False):
            site.evaluator.files_written[path] = owner
        return None
    if name == "rename" and owner.kind == FRAME and site.value(None, "inplace") != Const(True):
        named = _renamed_columns(owner, site)
        if named is not None:
            return named
    if name in _SAME_SHAPE or name in _ROW_SUBSET:
        return arrays.converted(owner)  # the same columns
    if name in _NEW_VALUES or (name == "map" and owner.kind == FRAME):
        # df.map(f), pandas' applymap since 2.1: a function of each value, the same cells.
        return arrays.converted(owner, scale=None, statistic=None)
    if name in _WINDOWS:
        return RowWindows(owner)
    if name == "merge" and owner.kind == FRAME:
        return _merged(owner, site)
    if name == "append" and owner.kind == FRAME:
        return rows_appended((owner, site.value(0, "other")), node)  # pandas before 2.0
    if name == "groupby" and owner.kind == FRAME:
        # for key, group in df.groupby("id"): each group a frame of the same columns.
        return Iterable(Seq((None, arrays.converted(owner))))
    if name == "iterrows" and owner.kind == FRAME:
        # for index, row in df.iterrows(): each row a series across the columns.
        return Iterable(Seq((None, _row(owner, node))))
    if name == "apply" and owner.kind == FRAME and not site.given(1, "axis"):
        return _applied_per_column(owner, site)
    if owner.kind == SERIES:
        if name in _STATISTICS:
            return arrays.reduced(owner, None, False, None, node, name)
        if name in ("map", "apply"):
            return _mapped(name, site.value(0), node)
        if name == "to_frame":
            return arrays.converted(frame(1, node), scale=owner.scale)
        if name in ("tolist", "to_list") and owner.dtype not in ("object", "str"):
            return array_methods.call(owner, "tolist", site)  # a list of one number per row
        return None
    if name == "set_index" and owner.kind == FRAME:
        # df.set_index("Datetime"): that column becomes the index (unless drop=False).
        if site.value(None, "inplace") == Const(True):
            return None
        if site.value(None, "drop") == Const(False):
            return arrays.converted(owner, origin=node)
        return without(owner, _made_index(site), node)
    if name == "drop":
        if site.value(None, "inplace") == Const(True):
            return None
        names = _dropped(site)
        if names is None and site.value(None, "columns") is None and site.value(1, "axis") not in (Const(1), Const("columns")):
            return None  # rows dropped: what remains is unknown here
        return without(owner, names, node)
    if name == "pop":
        popped = as_str(site.value(0, "item"))
        return column(owner, popped, node) if popped is not None else series(node, source=owner)
    if name in _STATISTICS:
        axis = site.value(0, "axis")
        if site.given(0, "axis") and axis not in (Const(0), Const("index")):
            return None
        return Array(kind=SERIES, shape=(_width(owner),), origin=node, statistic=name)
    if name == "select_dtypes":
        return frame(None, node, source=owner)
    return None


def after_method(owner: Array, name: str, site: CallSite) -> Optional[Value]:
    """What a frame becomes when a method changes it in place (``df.pop("y")``,
    ``df.drop(columns=..., inplace=True)``); None when no method here does."""
    if owner.kind != FRAME:
        return None
    if name == "pop":
        popped = as_str(site.value(0, "item"))
        return without(owner, (popped,) if popped is not None else None, site.node)
    if name == "drop" and site.value(None, "inplace") == Const(True):
        return without(owner, _dropped(site), site.node)
    if name == "set_index" and site.value(None, "inplace") == Const(True) and site.value(None, "drop") != Const(False):
        return without(owner, _made_index(site), site.node)
    if name == "insert":
        return _inserted(owner, site) or frame(None, site.node, source=owner)
    if name == "rename" and site.value(None, "inplace") == Const(True):
        return _renamed_columns(owner, site)
    return None


def _renamed_columns(owner: Array, site: CallSite) -> Optional[Array]:
    """``df.rename(columns={"Air Quality": "label"})``: the same columns, some
    under new names; None for a mapping not written out (a function, a dict of unknown keys)."""
    mapping = site.value(None, "columns")
    if type(mapping) is not Bunch or owner.columns is None:
        return None
    new_names = {key: as_str(value) for key, value in mapping.fields}
    if any(name is None for name in new_names.values()):
        return None
    names = tuple(new_names.get(name, name) if isinstance(name, str) else name for name in owner.columns)
    return dataclasses.replace(owner, columns=names, origin=site.node)  # type: ignore[arg-type]


def _inserted(owner: Array, site: CallSite) -> Optional[Array]:
    """``df.insert(0, "bias", np.ones(n))``: a column at that position, of the value's size."""
    position, name = arrays.number(site.value(0, "loc")), as_str(site.value(1, "column"))
    width = _width(owner)
    if position is None or name is None or width is None or owner.columns is None or not 0 <= position <= width:
        return None
    at = int(position)
    magnitudes = owner.scale.as_columns(width) if owner.scale is not None else (None,) * width
    if magnitudes is None:
        return None
    magnitude = _written_magnitude(site.value(2, "value"), site.node)
    scale = dataclasses.replace(owner.scale or Scale(), columns=(*magnitudes[:at], magnitude, *magnitudes[at:]), uniform=None)
    columns = (*owner.columns[:at], name, *owner.columns[at:])
    return dataclasses.replace(owner, shape=(owner.shape[0], width + 1), columns=columns, scale=scale)  # type: ignore[index]


def indexer_written(indexer: Indexer, index: Tuple[Optional[Value], ...], value: Optional[Value], node: cst.CSTNode) -> Array:
    """``df.loc[rows, cols] = value`` / ``df.iloc[rows, cols] = value``: what the frame becomes."""
    owner = indexer.owner
    cols = index[1] if len(index) == 2 else None
    if indexer.mode == "loc" and cols is not None and (as_str(cols) is not None or isinstance(cols, Seq)):
        return written(owner, (cols,), value, node)
    # Columns by position or a slice: which is rarely certain here.
    return written(owner, (None,), value, node)


def written(owner: Array, index: Tuple[Optional[Value], ...], value: Optional[Value], node: cst.CSTNode) -> Array:
    """``df[key] = value``: the named columns take the written magnitude, a new
    name adds a column. Where the columns written cannot be told, a normalized
    write counts as normalizing the frame (silence over a guess)."""
    magnitude = _written_magnitude(value, node)
    key = index[0] if len(index) == 1 else None
    names = key.items if isinstance(key, Seq) else (key,)
    texts = tuple(as_str(name) for name in names)
    scale = owner.scale or Scale()
    width = _width(owner)
    if owner.columns is not None and scale.normalized and scale.columns is None and width is not None:
        # A normalized frame given a column: each column it had is on unit scale, the new one as written.
        how, where = scale.normalized
        scale = Scale(columns=(Magnitude(1.0, how, where),) * width)
        owner = dataclasses.replace(owner, scale=scale)
    if owner.columns is not None and None not in texts and owner.scale is not None and owner.scale.columns is not None:
        columns = list(owner.columns)
        magnitudes = list(owner.scale.columns)
        # df[cols] = df[cols].fillna(0): each column takes its own of the frame written.
        each = (
            value.scale.columns
            if isinstance(value, Array) and value.scale is not None and not value.scale.normalized and not value.scale.prefix
            else None
        )
        for position, text in enumerate(texts):
            size = each[position] if each is not None and len(each) == len(texts) else magnitude
            if text in columns:
                magnitudes[columns.index(text)] = size
            elif width is not None:  # a new column goes last, after any of unknown number
                columns.append(text)  # type: ignore[arg-type]
                magnitudes.append(size)
        grown = dataclasses.replace(scale, columns=tuple(magnitudes))
        shape = (shapes.ROWS, len(columns) if width is not None else None)
        return dataclasses.replace(owner, shape=shape, columns=tuple(columns), scale=grown)  # type: ignore[arg-type]
    if isinstance(value, Array) and value.scale is not None and value.scale.normalized:
        return dataclasses.replace(owner, scale=Scale(normalized=value.scale.normalized))
    return dataclasses.replace(owner, columns=None, scale=scale.without_columns(), shape=(shapes.ROWS, None))


def _written_magnitude(value: Optional[Value], node: cst.CSTNode) -> Optional[Magnitude]:
    if isinstance(value, Array) and value.scale is not None:
        if value.scale.normalized:
            return Magnitude(1.0, "normalized", node)
        return value.scale.overall()
    number = arrays.number(value)
    return Magnitude(abs(number), f"set to {number:g}", node) if number is not None else None
