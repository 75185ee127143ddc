"""Data files parsed by hand: ``open(path)``, its lines, ``line.split(",")``,
``csv.reader``, and the numbers ``float(field)`` makes of the fields.

When the file is found beside the script, its columns are measured as
``pd.read_csv`` measures them (``core/datafiles.py``), and a line split into
fields is a list of one field per column: ``float(fields[2])`` is as large as
the file's third column, and ``[float(v) for v in fields]`` a row of numbers
each as large as its column. Without the file, the fields are a list of
unseen length, as before: shapes still follow, sizes do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from torchlint.core import configfiles, datafiles
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import Bunch, Const, Iterable, ListOf, Mapping, Number, RangeInt, Seq, SymInt, Value, as_str

# Modes of open() that write, append or read bytes: no text lines to parse.
_NOT_TEXT_READING = frozenset("wax+b")
# String methods that give the same text back, cleaned.
_SAME_TEXT = frozenset("strip rstrip lstrip lower upper replace".split())


@dataclass(frozen=True)
class TextFile(Value):
    """A text file opened for reading (its columns, when it was found and
    measured: a magnitude per column, None for a column that is no number)."""

    columns: Optional[Scale]
    names: Tuple[str, ...] = ()
    # A configuration file (core/configfiles.py) where it was found: its settings are read, not its columns.
    config: Optional[str] = None


@dataclass(frozen=True)
class Text(Value):
    """One line of a text file, or the whole of it (``f.read()``)."""

    file: TextFile
    whole: bool = False


@dataclass(frozen=True)
class Field(Value):
    """One field of a split line: the text of the file's column ``magnitude``
    describes (None: which column, or how large, is not known)."""

    magnitude: Optional[Magnitude]


@dataclass(frozen=True)
class BinaryFile(Value):
    """A file opened to read bytes (``open(path, "rb")``), where it was found."""

    located: str


@handles("builtins.open", "io.open")
def _open(site: CallSite) -> Optional[Value]:
    path = as_str(site.value(0, "file"))
    mode = as_str(site.value(1, "mode")) if site.given(1, "mode") else "r"
    if path is None or mode is None:
        return None
    if set(mode) & set("wax+") == set() and "b" in mode:
        located = datafiles.locate(path, site.evaluator.facts.path, site.evaluator.facts.data_dirs, raw_bytes=True)
        return BinaryFile(located) if located else None
    if _NOT_TEXT_READING & set(mode):
        return None
    return _measured(path, site)


def _measured(path: str, site: CallSite) -> TextFile:
    """The file with its columns, comma-separated or whitespace-separated as
    its first line shows; a first line of words is its header (the names)."""
    located = datafiles.locate(path, site.evaluator.facts.path, site.evaluator.facts.data_dirs)
    if located and located.lower().endswith(configfiles.CONFIG_SUFFIXES):
        return TextFile(None, config=located)
    head = datafiles.first_line(located) if located else None
    if head is None:
        return TextFile(None)
    delimiter = next((mark for mark in (",", "\t", ";") if mark in head), datafiles.WHITESPACE)
    cells = head.split() if delimiter is None else head.split(delimiter)
    header = all(datafiles.number(cell) is None for cell in cells)
    measured = datafiles.file_columns(located, site.node, delimiter, header)  # type: ignore[arg-type]
    if measured is None:
        return TextFile(None)
    names, columns = measured
    return TextFile(columns, names if header else ())


def enter(value: TextFile) -> TextFile:
    """``with open(path) as f``: the file itself."""
    return value


def lines(file: TextFile) -> Text:
    """What iterating the file gives: its lines."""
    return Text(file)


def call_method(receiver: Value, name: str, site: CallSite) -> Optional[Value]:
    if isinstance(receiver, TextFile):
        if name == "readlines":
            return ListOf(Text(receiver))
        if name == "readline":
            return Text(receiver)
        if name == "read":
            return Text(receiver, whole=True)
        return None
    if isinstance(receiver, Text):
        if name in _SAME_TEXT:
            return receiver
        if receiver.whole and (name == "splitlines" or (name == "split" and as_str(site.value(0, "sep")) == "\n")):
            return ListOf(Text(receiver.file))
        if name == "split" and not receiver.whole:
            return split_fields(receiver.file, site.value(0, "sep") if site.given(0, "sep") else None)
        return None
    if isinstance(receiver, Field) and name in _SAME_TEXT:
        return receiver
    return None


def split_fields(file: TextFile, separator: Optional[Value]) -> Optional[Value]:
    """A line's fields: one per column of the measured file, else a list of
    unseen length (a separator that is no literal string: not followed)."""
    if separator is not None and as_str(separator) is None and separator != Const(None):
        return None
    if file.columns is None or file.columns.columns is None:
        return ListOf(Field(None))
    return Seq(tuple(Field(magnitude) for magnitude in file.columns.columns), "list")


@dataclass(frozen=True)
class CsvRows(Iterable):
    """``csv.reader(f)``: rows of fields, the first of them the file's names
    when it has a header (what ``header = next(reader)`` takes)."""

    header: Tuple[str, ...] = ()


@handles("csv.reader")
def _csv_reader(site: CallSite) -> Optional[Value]:
    """Rows of fields (a first row of names included, as csv.reader gives it)."""
    source = site.value(0, "csvfile")
    if not isinstance(source, TextFile):
        return None
    return CsvRows(split_fields(source, Const(",")), header=source.names)


def first_row(rows: CsvRows) -> Optional[Value]:
    """``next(reader)``: the names of a file with a header, else a row of fields."""
    if rows.header:
        return Seq(tuple(Const(name) for name in rows.header), "list")
    return rows.item


@handles("csv.DictReader")
def _dict_reader(site: CallSite) -> Optional[Value]:
    """Rows as dicts by the header's names: ``row["age"]`` is that column's field."""
    source = site.value(0, "f")
    if not isinstance(source, TextFile) or site.given(1, "fieldnames"):
        return None
    if source.columns is None or source.columns.columns is None or not source.names:
        return Iterable(Mapping(Field(None)))
    return Iterable(Bunch(tuple((name, Field(magnitude)) for name, magnitude in zip(source.names, source.columns.columns))))


def number(field: Field, integral: bool) -> Value:
    """``float(field)``, ``int(field)``: a number as large as the field's column."""
    scale = Scale(uniform=field.magnitude) if field.magnitude is not None else None
    if integral:
        return RangeInt(None, scale) if scale is not None else SymInt(None)
    return Number(scale)
