"""Command-line options declared with argparse: ``args.lr``, ``args.hidden_size``,
``args.data_path`` as the script runs without flags.

``parser.add_argument("--hidden-size", type=int, default=64)`` declares an
option; ``parser.parse_args()`` gives a namespace whose fields are the
options' defaults: numbers, strings (a data file's path, a model's name) and
lists of them are known, so a layer built as ``nn.Linear(args.hidden_size,
args.outputs)`` has its sizes and ``pd.read_csv(args.data)`` its file. A
switch (``action="store_true"``, a bool default) stays unknown, both ways:
a flag commonly turns on what the script's real runs use (``--normalize``),
and its default says nothing of which. So does an option without a default,
a required one, and one whose default is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Bunch, Const, Seq, SymInt, Value, as_str

# How an option's value is made from the text given on the command line.
_CONVERTERS = {"builtins.int": int, "builtins.float": float, "builtins.str": str}


@dataclass(frozen=True)
class ArgumentParser(Value):
    """``argparse.ArgumentParser()`` with the options declared so far, as
    (dest, value as the script runs without flags). An argument group adds
    to its parser: it is the parser here."""

    options: Tuple[Tuple[str, Optional[Value]], ...] = ()


@handles("argparse.ArgumentParser")
def _parser(site: CallSite) -> Optional[Value]:
    return ArgumentParser()


def call_method(parser: ArgumentParser, name: str, site: CallSite) -> Optional[Value]:
    if name in ("add_argument_group", "add_mutually_exclusive_group"):
        return parser
    if name == "parse_args":
        return Bunch(parser.options)
    if name == "parse_known_args":
        return Seq((Bunch(parser.options), None), "tuple")
    return None


def after_method(parser: ArgumentParser, name: str, site: CallSite) -> Optional[ArgumentParser]:
    """The parser once ``add_argument`` declared one more option; None for any other method."""
    if name != "add_argument":
        return None
    dest = _dest(site)
    if dest is None:
        return None
    return ArgumentParser(tuple(option for option in parser.options if option[0] != dest) + ((dest, _default(site)),))


def _dest(site: CallSite) -> Optional[str]:
    """Where the value goes: ``dest=``, else the first long option's name
    (``--hidden-size``: hidden_size), else the first short one's, else a
    positional argument's name."""
    given = as_str(site.value(None, "dest"))
    if given is not None:
        return given
    names = [as_str(value) for value in site.positional()]
    if not names or None in names:
        return None
    flags = [name for name in names if name.startswith("-")]  # type: ignore[union-attr]
    chosen = next((flag for flag in flags if flag.startswith("--")), flags[0] if flags else names[0])
    return chosen.lstrip("-").replace("-", "_") or None  # type: ignore[union-attr]


def _default(site: CallSite) -> Optional[Value]:
    """The option's value when the command line does not give it."""
    action = as_str(site.value(None, "action"))
    if action in ("store_true", "store_false", "store_const", "count", "append", "append_const", "help", "version"):
        return SymInt(None) if action in ("store_true", "store_false") else None
    if site.value(None, "required") == Const(True) or not site.given(None, "default"):
        return None
    default = site.value(None, "default")
    convert = _CONVERTERS.get(getattr(site.value(None, "type"), "qualname", ""))
    return _known(default, convert)


def _known(value: Optional[Value], convert) -> Optional[Value]:
    if isinstance(value, Seq):
        items = tuple(_known(item, convert) for item in value.items)
        return Seq(items, value.kind) if None not in items else None
    if not isinstance(value, Const) or isinstance(value.value, bool) or value.value is None:
        return None  # a switch's default, or none: the flag decides
    if isinstance(value.value, str) and convert in (int, float):
        try:
            return Const(convert(value.value))  # argparse converts a string default with type=
        except ValueError:
            return None
    return value if isinstance(value.value, (int, float, str)) else None
