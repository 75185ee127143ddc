"""Measuring numpy's own data files (``np.load("X.npy")``, ``np.load("d.npz")["X"]``)
and raw bytes read with ``np.fromfile`` (an IDX image file read as uint8).

A ``.npy`` file is a small header (a dict literal: dtype, shape, order)
followed by the raw values; a ``.npz`` archive is a zip of such files. Both
are read here without numpy: the header says the shape and dtype, and the
first rows say how large the values are, as ``datafiles`` does for text
tables. Object arrays (pickles) are never read: loading them runs code.
"""

from __future__ import annotations

import array
import ast
import math
import struct
import sys
import zipfile
from dataclasses import dataclass
from typing import IO, Optional, Tuple

from torchlint.core.datafiles import typical_size

_MAGIC = b"\x93NUMPY"
# How many values are read per array: enough to size each column.
MAX_VALUES = 64 * 1024
# An archive with more arrays than this is not a dataset of a few arrays.
MAX_MEMBERS = 32
# Arrays with more columns than this are sized as a whole (flattened images).
MAX_COLUMNS = 64

# numpy's type codes (without byte order): the dtype's name and the array
# module's code for reading the values (float16 is sized by its header only).
_TYPES = {
    "f2": ("float16", None),
    "f4": ("float32", "f"),
    "f8": ("float64", "d"),
    "i1": ("int8", "b"),
    "u1": ("uint8", "B"),
    "b1": ("bool", "B"),
    "i2": ("int16", "h"),
    "u2": ("uint16", "H"),
    "i4": ("int32", "i"),
    "u4": ("uint32", "I"),
    "i8": ("int64", "q"),
    "u8": ("uint64", "Q"),
}


@dataclass(frozen=True)
class Stored:
    """One stored array: its shape and dtype, and how large its values are
    (per column for a table, else overall; None where none could be read)."""

    shape: Tuple[int, ...]
    dtype: str
    columns: Optional[Tuple[Optional[float], ...]]
    size: Optional[float]
    largest: Optional[float]


def _header(handle: IO[bytes]) -> Optional[dict]:
    start = handle.read(8)
    if len(start) != 8 or start[:6] != _MAGIC:
        return None
    width = 2 if start[6] == 1 else 4
    raw_length = handle.read(width)
    if len(raw_length) != width:
        return None
    length = struct.unpack("<H" if width == 2 else "<I", raw_length)[0]
    try:
        header = ast.literal_eval(handle.read(length).decode("latin1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def read_npy(handle: IO[bytes]) -> Optional[Stored]:
    """The array stored in an open ``.npy`` file; None if it is not one numpy wrote plainly."""
    header = _header(handle)
    if header is None:
        return None
    descr, shape, fortran = header.get("descr"), header.get("shape"), header.get("fortran_order")
    if not isinstance(descr, str) or len(descr) < 2 or not isinstance(shape, tuple):
        return None
    if not all(isinstance(dim, int) and dim >= 0 for dim in shape):
        return None
    known = _TYPES.get(descr[1:])
    if known is None:
        return None  # strings, records, objects: no numeric data to size
    dtype, code = known
    width = math.prod(shape[1:]) if shape else 1
    if code is None or fortran or width == 0 or (shape and shape[0] == 0):
        return Stored(shape, dtype, None, None, None)
    values = array.array(code)
    rows = min(shape[0], max(1, MAX_VALUES // width)) if shape else 1
    data = handle.read(rows * width * values.itemsize)
    data = data[: len(data) - len(data) % values.itemsize]
    values.frombytes(data)
    if values.itemsize > 1 and (descr[0] == ">") != (sys.byteorder == "big"):
        values.byteswap()
    finite = [float(value) for value in values if math.isfinite(value)]
    if not finite:
        return Stored(shape, dtype, None, None, None)
    columns = None
    if len(shape) == 2 and 1 < shape[1] <= MAX_COLUMNS and len(values) >= shape[1]:
        per_column = [[float(v) for v in values[index :: shape[1]] if math.isfinite(v)] for index in range(shape[1])]
        columns = tuple(typical_size(column) if column else None for column in per_column)
    return Stored(shape, dtype, columns, typical_size(finite), max(abs(value) for value in finite))


def read(path: str) -> Optional[Stored]:
    """The array in a ``.npy`` file."""
    try:
        with open(path, "rb") as handle:
            return read_npy(handle)
    except OSError:
        return None


def read_raw_bytes(path: str) -> Optional[Stored]:
    """The first bytes of a binary file as ``np.fromfile(path, dtype=np.uint8)``
    reads them (a few header bytes of an IDX file among them change no size)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_VALUES)
    except OSError:
        return None
    if not data:
        return None
    values = [float(byte) for byte in data]
    return Stored((len(values),), "uint8", None, typical_size(values), max(values))


def read_archive(path: str) -> Optional[Tuple[Tuple[str, Optional[Stored]], ...]]:
    """The arrays of a ``.npz`` archive, by name."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [name for name in archive.namelist() if name.endswith(".npy")]
            if not members or len(members) > MAX_MEMBERS:
                return None
            stored = []
            for name in members:
                with archive.open(name) as handle:
                    stored.append((name[: -len(".npy")], read_npy(handle)))
            return tuple(stored)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
        return None
