"""Python builtins that matter to shapes and iteration, and tqdm's wrappers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, Sequence, Tuple, Union

from torchlint.core import scales, shapes
from torchlint.core.api import arrays, pandas_, textfiles
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.iteration import SHORT_RANGE, iterate, known_items
from torchlint.core.api.registry import handles
from torchlint.core.facts import Arg
from torchlint.core.values import (
    Array,
    Bunch,
    Const,
    FunctionValue,
    Instance,
    Iterable,
    ListOf,
    Mapping,
    Number,
    Parameters,
    RangeInt,
    Record,
    Ref,
    Seq,
    SymInt,
    Value,
    as_int,
    as_str,
    is_float,
    join,
    join_all,
    tuple_items,
)

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.evaluator import Evaluator

_CONSTANTS = {"None": Const(None), "True": Const(True), "False": Const(False)}
_NAMES = frozenset(
    "len range enumerate zip list tuple dict iter next int float bool str print min max abs sum sorted reversed round hash ord map open divmod slice isinstance hasattr exit quit".split()
)
# Calls that end the program, as a raise ends a path: what follows them never runs.
EXITS = frozenset({"builtins.exit", "builtins.quit", "sys.exit", "os._exit", "os.abort"})
# Their last names: only a call so named is resolved again to see whether it is one.
EXIT_NAMES = frozenset(name.rpartition(".")[2] for name in EXITS)


# The names a module is conventionally imported as. A notebook whose cell that
# imported it was deleted (or runs later) still uses it as that module.
CONVENTIONAL_IMPORTS = {"torch": "torch", "np": "numpy", "pd": "pandas", "nn": "torch.nn", "F": "torch.nn.functional"}


def builtin(name: str) -> Optional[Value]:
    """What a name the code never binds is: a builtin, or a module by its conventional name."""
    if name in _CONSTANTS:
        return _CONSTANTS[name]
    if name in _NAMES:
        return Ref(f"builtins.{name}")
    if name in CONVENTIONAL_IMPORTS:
        return Ref(CONVENTIONAL_IMPORTS[name])
    return None


@handles("builtins.len")
def _len(site: CallSite) -> Optional[Value]:
    value = site.value(0)
    if isinstance(value, pandas_.ColumnLabels):
        return Const(value.count) if value.count is not None else SymInt(None)
    return arrays.length(value) or SymInt(None)  # an int, whatever it measures


@handles("builtins.range", "tqdm.trange")
def _range(site: CallSite) -> Optional[Value]:
    bounds = site.positional()[:2]
    literal = site.only_positional() and bounds and all(arrays.number(bound) is not None for bound in bounds)
    if not literal:
        return Iterable(SymInt(None))
    why = f"range({', '.join(f'{arrays.number(bound):g}' for bound in bounds)})"
    numbers = [arrays.number(value) for value in site.positional()]
    items: Tuple[Value, ...] = ()
    nonempty = False
    values = None
    if all(isinstance(number, float) and number.is_integer() for number in numbers) and numbers[-1] != 0:
        values = range(*(int(number) for number in numbers))  # type: ignore[union-attr]
        items = tuple(Const(value) for value in values) if len(values) <= SHORT_RANGE else ()
        nonempty = len(values) > 0
    return Iterable(RangeInt(None, arrays.integer_range(tuple(bounds), why, site.node)), items, nonempty, values)


def nonempty(value: Optional[Value]) -> bool:
    """Whether iterating ``value`` is known to give at least one item (a loop over it runs)."""
    if isinstance(value, Iterable):
        return value.nonempty or bool(value.items)
    if isinstance(value, Seq):
        return bool(value.items)
    if isinstance(value, Array) and value.shape:
        return isinstance(value.shape[0], int) and value.shape[0] > 0
    return False


@handles("builtins.enumerate")
def _enumerate(site: CallSite) -> Optional[Value]:
    """(index, item) pairs; one by one where the items are known (a header's names)."""
    items = known_items(site.value(0))
    start = as_int(site.value(1, "start")) if site.given(1, "start") else 0
    pairs = tuple(Seq((Const(start + index), item)) for index, item in enumerate(items)) if items and start is not None else ()
    return Iterable(Seq((SymInt(None), iterate(site.value(0), site.evaluator))), items=pairs, nonempty=nonempty(site.value(0)))


@handles("builtins.zip")
def _zip(site: CallSite) -> Optional[Value]:
    if not site.only_positional():
        return None
    pairs = zipped(site.positional())
    if pairs is not None:
        return pairs  # lists known item by item: a loop over them runs once per pair
    items = Seq(tuple(iterate(value, site.evaluator) for value in site.positional()))
    return Iterable(items, nonempty=all(nonempty(value) for value in site.positional()))


@handles("builtins.dict")
def _dict(site: CallSite) -> Optional[Value]:
    """``dict(obs=..., rew=...)``, ``dict(other, key=...)``: a dict of those entries."""
    if not site.complete or len(site.args) > 1:
        return None
    base = site.value(0) if site.args else Bunch(())
    if type(base) is not Bunch:
        return None
    entries = dict(base.fields)
    entries.update((name, arg.value) for name, arg in site.kwargs)
    return Bunch(tuple(entries.items()))


@handles("copy.deepcopy", "copy.copy")
def _copy(site: CallSite) -> Optional[Value]:
    """A copy is what the original is (a target network: copy.deepcopy(critic));
    an object of the file's own class, a new one with the same attributes."""
    original = site.value(0, "x")
    if isinstance(original, Instance):
        return Instance(original.cls, dict(original.attrs))
    return original


# How many items ``map`` calls its function on one by one: a parsed line's fields, one per column.
MAP_LIMIT = 256


@handles("builtins.map")
def _map(site: CallSite) -> Optional[Value]:
    """``map(float, fields)``, ``map(np.array, zip(*batch))``: the function
    called on each item of an iterable known item by item (a parsed line, one
    field per column; a replay batch's columns)."""
    function, known = site.value(0, "func"), known_items(site.value(1))
    if not isinstance(function, (Ref, FunctionValue)) or known is None or len(known) > MAP_LIMIT:
        return None
    return Seq(tuple(site.evaluator.call(function, CallSite(site.node, (Arg(item, None),), (), True, site.evaluator)) for item in known), "list")


@handles("builtins.iter", "builtins.sorted")
def _iter(site: CallSite) -> Optional[Value]:
    return Iterable(iterate(site.value(0), site.evaluator))


@handles("itertools.chain")
def _chain(site: CallSite) -> Optional[Value]:
    """``chain(G.parameters(), D.parameters())``: the parameters of those models together."""
    return joint_parameters(site.positional())


def joint_parameters(parts: Sequence[Optional[Value]]) -> Optional[Parameters]:
    """The parameters of several models, each part a model's parameters."""
    owners = [part.owners() if isinstance(part, Parameters) else () for part in parts]
    if len(owners) < 2 or not all(owners):
        return None
    return Parameters(None, tuple(model for models in owners for model in models))


@handles("builtins.reversed")
def _reversed(site: CallSite) -> Optional[Value]:
    """Items known one by one (``reversed(range(1, 4))``): the same, last first."""
    items = known_items(site.value(0))
    if items is not None:
        return Iterable(iterate(site.value(0), site.evaluator), items[::-1], nonempty=bool(items))
    return Iterable(iterate(site.value(0), site.evaluator))


@handles("builtins.next")
def _next(site: CallSite) -> Optional[Value]:
    rows = site.value(0)
    if isinstance(rows, textfiles.CsvRows):
        return textfiles.first_row(rows)
    return iterate(rows, site.evaluator)


def _sequence(kind: str):
    def make(site: CallSite) -> Optional[Value]:
        if site.complete and not site.given(0, "iterable"):
            return Seq((), kind)  # list(), deque(maxlen=10000): empty, filled later
        return sequence_of(site.value(0, "iterable"), kind, site.node, site.evaluator)

    return make


def sequence_of(value: Optional[Value], kind: str, node: "cst.CSTNode", evaluator: "Evaluator") -> Optional[Value]:
    """A list or tuple of ``value``'s items (``list(value)``, ``xs[:] = value``)."""
    if isinstance(value, Parameters):
        return value  # list(model.parameters()): still that model's parameters
    if isinstance(value, Seq):
        return Seq(value.items, kind)
    if isinstance(value, ListOf):
        return value
    if isinstance(value, Array) and value.shape and isinstance(value.shape[0], int) and value.shape[0] <= SHORT_RANGE:
        # tuple(np.random.choice(n, 2)): its rows one by one.
        return Seq(tuple(arrays.indexed(value, (Const(row),), node) for row in range(value.shape[0])), kind)
    if value is not None:
        item = iterate(value, evaluator)
        return ListOf(item) if item is not None else None
    return None


handles("builtins.list", "collections.deque")(_sequence("list"))
handles("builtins.tuple")(_sequence("tuple"))


@dataclass(frozen=True)
class RecordType(Value):
    """``namedtuple("Snapshot", ["x", "y"])``: called, a record of those fields."""

    fields: Tuple[str, ...]


@handles("collections.namedtuple")
def _namedtuple(site: CallSite) -> Optional[Value]:
    names = site.value(1, "field_names")
    if isinstance(names, Const) and isinstance(names.value, str):
        fields = tuple(names.value.replace(",", " ").split())
    elif isinstance(names, Seq) and all(as_str(item) is not None for item in names.items):
        fields = tuple(as_str(item) for item in names.items)  # type: ignore[misc]
    else:
        return None
    return RecordType(fields) if fields and not site.kwargs else None


def record(kind: RecordType, site: CallSite) -> Optional[Value]:
    """``Snapshot(x, y)``: its fields by name (``snapshot.x``), positionally or by keyword."""
    values = [site.value(index, name) for index, name in enumerate(kind.fields)]
    return Record(tuple(zip(kind.fields, values))) if site.complete else None


@handles("collections.defaultdict")
def _defaultdict(site: CallSite) -> Optional[Value]:
    """``defaultdict(list)``: a mapping of unseen keys to lists, each empty
    until appended to (``groups[row["id"]].append(x)``)."""
    return Mapping(Seq((), "list")) if site.value(0, "default_factory") == Ref("builtins.list") else None


@handles("builtins.int")
def _int(site: CallSite) -> Optional[Value]:
    value = site.value(0)
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return Const(int(value.value))
    if isinstance(value, SymInt):
        return value
    if isinstance(value, Number) and value.scale is not None:
        return RangeInt(None, value.scale)  # int(random.uniform(500, 3500)): as large
    if isinstance(value, textfiles.Field):
        return textfiles.number(value, integral=True)
    return SymInt(None)


@handles("builtins.hash", "builtins.ord")
def _some_int(site: CallSite) -> Optional[Value]:
    return SymInt(None)


@handles("builtins.float")
def _float(site: CallSite) -> Optional[Value]:
    value = site.value(0)
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return Const(float(value.value))
    if isinstance(value, (Number, RangeInt)):
        return Number(value.scale)  # as large as the number made float
    if isinstance(value, textfiles.Field):
        return textfiles.number(value, integral=False)
    # float(text), float(x): a float, or an exception.
    return Number()


@handles("builtins.abs", "builtins.round")
def _same_size(site: CallSite) -> Optional[Value]:
    """``abs(x)``, ``round(x)`` of a number not known: a number as large as ``x``."""
    value = site.value(0, "number")
    return value if isinstance(value, (Number, SymInt)) else None


@handles("builtins.divmod")
def _divmod(site: CallSite) -> Optional[Value]:
    """``divmod(s, width)`` of ints (a grid cell's row and column): two ints, known when both are."""
    numerator, denominator = site.value(0), site.value(1)
    known = as_int(numerator), as_int(denominator)
    if None not in known and known[1] != 0:
        quotient, remainder = divmod(*known)  # type: ignore[misc]
        return Seq((Const(quotient), Const(remainder)), "tuple")
    if all(isinstance(value, SymInt) or as_int(value) is not None for value in (numerator, denominator)):
        return Seq((SymInt(None), SymInt(None)), "tuple")
    return None


# ``[a, b] * n`` is kept item by item up to this many items.
_LONGEST_REPEAT = 1000


def repeated(items: Seq, times: Optional[Value]) -> Optional[Value]:
    """``[a, b] * n``: the items n times over; a list of unseen length of
    what every item is, when ``n`` is not a literal or the list is long."""
    count = as_int(times)
    flat = not any(isinstance(item, (Seq, ListOf)) for item in items.items)  # [[0] * 1000] * 1000 is a grid, not data rows
    if count is not None and 0 <= count and len(items.items) * count <= _LONGEST_REPEAT and flat:
        return Seq(items.items * count, items.kind)
    if items.kind != "list" or not (count is not None or isinstance(times, SymInt)):
        return None
    return ListOf(join_all(items.items))


def _number_of_numbers(function: Callable[..., object], several: bool):
    """``max(xs)``, ``min(a, b)``, ``sum(xs)`` of Python numbers (a list built
    by a comprehension over parsed rows, say): computed when every number is
    a literal, else a float when any is a float, else an int; a scalar as far
    as shapes go. ``several``: whether the numbers may also come as separate
    arguments (``min``, ``max``)."""

    def reduce(site: CallSite) -> Optional[Value]:
        values = site.positional()
        if not site.only_positional() or not values:
            return None
        counted = len(values) > 1 or isinstance(values[0], Seq)  # every number is in hand, not one like all
        only = values[0]
        if len(values) == 1 and isinstance(only, Array) and only.shape is not None and len(only.shape) == 1:
            # min(x) of a column (a lambda pandas applies per column): the column's statistic, one number.
            return arrays.reduced(only, None, False, None, site.node, function.__name__)
        if len(values) == 1:
            numbers = only.items if isinstance(only, Seq) else (only.item,) if isinstance(only, (ListOf, Iterable)) else ()
        else:
            numbers = values if several else ()
        if not several and numbers and all(isinstance(number, Array) for number in numbers):
            return _array_sum(numbers, site.node)  # type: ignore[arg-type]
        if not numbers or not all(is_float(number) or isinstance(number, SymInt) or as_int(number) is not None for number in numbers):
            return None
        if counted and all(isinstance(number, Const) for number in numbers):
            return Const(function([number.value for number in numbers]))  # type: ignore[union-attr]
        return Number() if any(is_float(number) for number in numbers) else SymInt(None)

    return reduce


def _array_sum(parts: Sequence[Array], node: "cst.CSTNode") -> Optional[Array]:
    """``sum(weight * mask for ...)`` of arrays of one shape: that shape, and
    values as large as the largest term's (how many more terms add, and
    whether they cancel, is not known: a sum of harmonics is about its first)."""
    shape = parts[0].shape
    for part in parts[1:]:
        shape = shapes.join_shapes(shape, part.shape)
    if shape is None:
        return None
    scale = scales.largest([part.scale for part in parts])
    if scale is not None:
        scale = dataclasses.replace(scale, raw=None, normalized=None, rows=None)
    return dataclasses.replace(parts[0], shape=shape, origin=node, scale=scale, statistic=None, filled=False)


handles("builtins.min")(_number_of_numbers(min, several=True))
handles("builtins.max")(_number_of_numbers(max, several=True))
handles("builtins.sum")(_number_of_numbers(sum, several=False))


# The classes ``isinstance`` is answered for, and the kind of array each is.
_ARRAY_CLASSES = {"torch.Tensor": arrays.TENSOR, "numpy.ndarray": arrays.NDARRAY}


@handles("builtins.isinstance")
def _isinstance(site: CallSite) -> Optional[Value]:
    """``isinstance(index, torch.Tensor)`` (a Dataset's ``if isinstance(idx,
    torch.Tensor): idx = idx.item()``): known for an array of a known kind, a
    number or a list, against torch.Tensor and np.ndarray."""
    value, classes = site.value(0, "obj"), site.value(1, "class_or_tuple")
    refs = classes.items if isinstance(classes, Seq) else (classes,)
    if not refs or not all(isinstance(ref, Ref) and ref.qualname in _ARRAY_CLASSES for ref in refs):
        return None
    answers = [arrays.of_kind(value, _ARRAY_CLASSES[ref.qualname]) for ref in refs]  # type: ignore[union-attr]
    if True in answers:
        return Const(True)
    return Const(False) if all(answer is False for answer in answers) else None


# Attributes of pandas objects that numpy arrays and torch tensors lack (a
# tensor's ``values()`` is a method of sparse tensors, so it has that name).
_PANDAS_ONLY = {arrays.NDARRAY: frozenset("values iloc loc columns to_numpy".split()), arrays.TENSOR: frozenset("iloc loc columns to_numpy".split())}


@handles("builtins.hasattr")
def _hasattr(site: CallSite) -> Optional[Value]:
    """``hasattr(data, "values")`` (a helper taking a frame or an array:
    ``data.values if hasattr(data, "values") else data``): known for a frame
    or series and pandas' attributes, and for an array or tensor and those
    only pandas has."""
    value, name = site.value(0, "obj"), as_str(site.value(1, "name"))
    if not isinstance(value, Array) or name is None:
        return None
    if value.kind in (pandas_.FRAME, pandas_.SERIES):
        return Const(True) if name in pandas_.DATAFRAME_ATTRIBUTES else None
    return Const(False) if name in _PANDAS_ONLY.get(value.kind, ()) else None


@handles("tqdm.tqdm")
def _tqdm(site: CallSite) -> Optional[Value]:
    return site.value(0, "iterable")


def dict_view(owner: Bunch, name: str) -> Optional[Value]:
    """``d.items()``, ``d.values()``, ``d.keys()`` of a dict whose entries are known."""
    if name == "items":
        return Seq(tuple(Seq((Const(key), value)) for key, value in owner.fields), "list")
    if name == "values":
        return Seq(tuple(value for _, value in owner.fields), "list")
    if name == "keys":
        return Seq(tuple(Const(key) for key, _ in owner.fields), "list")
    return None


def mapping_view(owner: Mapping, name: str) -> Optional[Value]:
    """``d.values()``, ``d.items()``, ``d.keys()`` of a mapping of unseen keys."""
    if name == "values":
        return Iterable(owner.value)
    if name == "items":
        return Iterable(Seq((None, owner.value)))
    return Iterable(None) if name == "keys" else None


def dict_written(owner: Union[Bunch, Mapping], index: Tuple[Optional[Value], ...], value: Optional[Value]) -> Optional[Value]:
    """``d[key] = value``: the entry replaced or added. A key that is not a
    literal string makes an empty dict a mapping of unseen keys (a vocabulary
    built word by word); a dict of literal keys is no longer known."""
    if isinstance(owner, Mapping):
        return Mapping(join(owner.value, value)) if len(index) == 1 else None
    if len(index) != 1 or not (isinstance(index[0], Const) and isinstance(index[0].value, str)):
        return Mapping(value) if type(owner) is Bunch and not owner.fields and len(index) == 1 else None
    key = index[0].value
    fields = tuple((name, value if name == key else old) for name, old in owner.fields)
    if all(name != key for name, _ in owner.fields):
        fields += ((key, value),)
    return dataclasses.replace(owner, fields=fields)


def transposed(rows: Optional[Value]) -> Optional[Value]:
    """``zip(*rows)`` for a list of unseen length whose rows are all one tuple
    or namedtuple: its columns, each a list of unseen length like that tuple's item."""
    row = tuple_items(rows.item) if isinstance(rows, ListOf) else None
    return Seq(tuple(ListOf(item) for item in row)) if row is not None else None


def zipped(values: Tuple[Optional[Value], ...]) -> Optional[Value]:
    """``zip`` of lists whose items are known one by one: the list of their
    tuples, so that a loop over it runs once per pair."""
    if not values or not all(isinstance(value, Seq) for value in values):
        return None
    length = min(len(value.items) for value in values)  # type: ignore[union-attr]
    return Seq(tuple(Seq(tuple(value.items[i] for value in values)) for i in range(length)), "list")  # type: ignore[union-attr]
