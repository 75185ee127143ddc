"""Python builtins that matter to shapes and iteration, and tqdm's wrappers."""

from __future__ import annotations

from typing import Optional

from torchlint.core.api import arrays
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.iteration import iterate
from torchlint.core.api.registry import handles
from torchlint.core.values import Const, Iterable, ListOf, Number, Ref, Seq, SymInt, Value

_CONSTANTS = {"None": Const(None), "True": Const(True), "False": Const(False)}
_NAMES = frozenset(
    "len range enumerate zip list tuple iter next int float bool str print min max abs sum sorted reversed round".split()
)


def builtin(name: str) -> Optional[Value]:
    if name in _CONSTANTS:
        return _CONSTANTS[name]
    if name in _NAMES:
        return Ref(f"builtins.{name}")
    return None


@handles("builtins.len")
def _len(site: CallSite) -> Optional[Value]:
    return arrays.length(site.value(0))


@handles("builtins.range", "tqdm.trange")
def _range(site: CallSite) -> Optional[Value]:
    return Iterable(SymInt(None))


@handles("builtins.enumerate")
def _enumerate(site: CallSite) -> Optional[Value]:
    return Iterable(Seq((SymInt(None), iterate(site.value(0), site.evaluator))))


@handles("builtins.zip")
def _zip(site: CallSite) -> Optional[Value]:
    if not site.only_positional():
        return None
    return Iterable(Seq(tuple(iterate(value, site.evaluator) for value in site.positional())))


@handles("builtins.iter", "builtins.reversed", "builtins.sorted")
def _iter(site: CallSite) -> Optional[Value]:
    return Iterable(iterate(site.value(0), site.evaluator))


@handles("builtins.next")
def _next(site: CallSite) -> Optional[Value]:
    return iterate(site.value(0), site.evaluator)


def _sequence(kind: str):
    def make(site: CallSite) -> Optional[Value]:
        value = site.value(0)
        if isinstance(value, Seq):
            return Seq(value.items, kind)
        if isinstance(value, ListOf):
            return value
        if value is not None and kind == "list":
            item = iterate(value, site.evaluator)
            return ListOf(item) if item is not None else None
        return None

    return make


handles("builtins.list")(_sequence("list"))
handles("builtins.tuple")(_sequence("tuple"))


@handles("builtins.int")
def _int(site: CallSite) -> Optional[Value]:
    value = site.value(0)
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return Const(int(value.value))
    if isinstance(value, SymInt):
        return value
    return SymInt(None)


@handles("builtins.float")
def _float(site: CallSite) -> Optional[Value]:
    value = site.value(0)
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return Const(float(value.value))
    # float(text), float(x): a float, or an exception.
    return Number()


@handles("tqdm.tqdm")
def _tqdm(site: CallSite) -> Optional[Value]:
    return site.value(0, "iterable")
