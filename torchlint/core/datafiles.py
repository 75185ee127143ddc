"""Measuring the columns of a data file a script reads (``pd.read_csv("x.csv")``).

A raw CSV is not evidence of un-normalized features by itself: teaching
datasets often ship pre-scaled. When the file named by a literal path can be
found next to the code, its first rows say how large each column's values
are. This reads data, never code, and reads little of it.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import math
import os
import re
from typing import TYPE_CHECKING, Iterator, List, Optional, Sequence, Tuple

from torchlint.core import configfiles
from torchlint.core.scales import PIXEL_SIZE, PIXELS, Magnitude, Scale

if TYPE_CHECKING:
    import libcst as cst

# How much of a file is read: enough rows to size each column, spread over
# its start and, of a longer file, its end too.
MAX_BYTES = 256 * 1024
MAX_ROWS = 1000
TAIL_BYTES = 64 * 1024
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".data", ".dat", ".csv.gz", ".txt.gz", ".tsv.gz", ".data.gz")
# numpy's own files, measured by ``npyfiles``.
NUMPY_SUFFIXES = (".npy", ".npz")

# (column name, typical absolute size of its values or None when not numeric,
# whether it is one of a table's 8-bit pixel columns)
Columns = Tuple[Tuple[str, Optional[float], bool], ...]

# A table of 8-bit pixels (Kaggle's digit recognizer, Fashion-MNIST or sign
# language MNIST as CSV: a label, then one column per pixel): at least this
# many adjacent columns of integers in 0..255, whose largest value reaches
# PIXEL_PEAK (strokes and shapes, not small counts or codes).
PIXEL_COLUMNS = 64
PIXEL_PEAK = 200.0
# Names of a label column beside the pixels.
_LABEL_NAMES = ("label", "class", "target", "digit", "y")

# A lookup of a data file: the path as the script writes it, and the
# identity (path, modification time, size) of the file found, or None.
Lookup = Tuple[str, Optional[List[object]]]

# The lookups made while one file is linted, when the cache asks: its entry
# for that file holds only as long as each lookup finds the same file.
_consulted: Optional[List[Lookup]] = None


@contextlib.contextmanager
def consulted_files() -> Iterator[List[Lookup]]:
    """Collects the data-file lookups made within the block."""
    global _consulted
    previous, _consulted = _consulted, []
    try:
        yield _consulted
    finally:
        _consulted = previous


def identity(path: Optional[str]) -> Optional[List[object]]:
    """[path, modification time, size] of a file, None when there is none."""
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [path, status.st_mtime_ns, status.st_size]


def record_lookup(literal: str, found: Optional[str]) -> None:
    """Note, for the cache, that ``literal`` was looked up and found ``found`` (or none)."""
    if _consulted is not None:
        _consulted.append((literal, identity(found)))


def same_lookups(lookups: Sequence[Lookup], source_path: str, data_dirs: Sequence[str]) -> bool:
    """Whether each lookup (a data file's, or a project module's) would find the same, unchanged file today."""
    from torchlint.core import siblings

    def again(literal: str) -> Optional[str]:
        if literal.startswith(siblings.LOOKUP_PREFIX):
            return siblings.relocate(literal, source_path)
        return locate(literal, source_path, data_dirs)

    return all(identity(again(literal)) == found for literal, found in lookups)


def _text_file(literal: str) -> bool:
    """A name a text table has: data.csv, x.txt.gz, german.data-numeric (UCI)."""
    lowered = literal.lower()
    return lowered.endswith(_TEXT_SUFFIXES) or ".data-" in lowered.rsplit("/", 1)[-1]


def script_and_above(source_path: Optional[str]) -> List[str]:
    """The script's directory and three above it (scripts are often run from
    the project root)."""
    if not source_path:
        return []
    directory = os.path.dirname(os.path.abspath(source_path))
    found = [directory]
    for _ in range(3):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        found.append(parent)
        directory = parent
    return found


def locate(literal: str, source_path: Optional[str], data_dirs: Sequence[str] = (), raw_bytes: bool = False) -> Optional[str]:
    """The file a relative path most likely names: beside the script, above
    it, in a configured data directory, or in the working directory. A text
    table or numpy file, unless ``raw_bytes`` (any file read as bytes)."""
    if not (raw_bytes or _text_file(literal) or literal.lower().endswith((*NUMPY_SUFFIXES, *configfiles.CONFIG_SUFFIXES))):
        return None
    candidates: List[str] = []
    above = script_and_above(source_path)
    if os.path.isabs(literal):
        candidates.append(literal)
    else:
        candidates.extend(os.path.join(directory, literal) for directory in above)
        candidates.extend(os.path.join(data_dir, literal) for data_dir in data_dirs)
        candidates.append(os.path.abspath(literal))
    # A path from the author's machine or Colab's drive
    # ("/content/drive/MyDrive/<repo>/datasets/diabetes.csv") often ends in a
    # path of the checkout: its tails, longest first, from the same places;
    # last the bare file name beside the script, in a data directory or in the
    # working directory.
    parts = [part for part in literal.replace("\\", "/").split("/") if part]
    for start in range(1, len(parts) - 1):
        tail = os.path.join(*parts[start:])
        candidates.extend(os.path.join(directory, tail) for directory in (*above, *data_dirs))
    base = parts[-1] if parts else literal
    candidates.extend(os.path.join(directory, base) for directory in (*above[:1], *data_dirs))
    candidates.append(os.path.abspath(base))
    found = next((candidate for candidate in candidates if os.path.isfile(candidate)), None)
    if found is None:
        found = next((match for match in map(_other_case, dict.fromkeys(candidates)) if match is not None), None)
    record_lookup(literal, found)
    return found


def _other_case(candidate: str) -> Optional[str]:
    """The file ``candidate`` names on a filesystem that ignores case (macOS,
    Windows: `brkb.csv` opens `BRKB.csv`), where its directory holds one."""
    directory, name = os.path.split(candidate)
    try:
        entries = os.listdir(directory or ".")
    except OSError:
        return None
    matches = [entry for entry in entries if entry.lower() == name.lower() and entry != name]
    return os.path.join(directory, matches[0]) if len(matches) == 1 and os.path.isfile(os.path.join(directory, matches[0])) else None


# Separators that mean "runs of whitespace" (pandas' sep=r"\s+", delim_whitespace=True).
WHITESPACE = None
_WHITESPACE_PATTERNS = frozenset({r"\s+", r"\s*", " +", r"[ \t]+"})


def separator(text: Optional[str]) -> Tuple[bool, Optional[str]]:
    """(readable, delimiter) for a reader's separator argument: one character,
    or whitespace (None); any other pattern is a regex this module does not run."""
    if text is None or text in _WHITESPACE_PATTERNS or (text and text.isspace() and len(text) > 1):
        return True, WHITESPACE
    if len(text) == 1:
        return True, text
    return False, None


def _head(path: str) -> Optional[str]:
    try:
        if path.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_BYTES)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    text = data.decode("utf-8", errors="replace")
    if len(data) == MAX_BYTES and "\n" in text:
        text = text[: text.rindex("\n")]  # drop the row cut in half
    return text


def _tail(path: str) -> List[str]:
    """The last lines of a file longer than what ``_head`` reads (a price
    history sorted by date grows from its first rows to its last): at most
    TAIL_BYTES of them, the line cut in half dropped."""
    try:
        if path.lower().endswith(".gz") or os.path.getsize(path) <= MAX_BYTES + TAIL_BYTES:
            return []
        with open(path, "rb") as handle:
            handle.seek(-TAIL_BYTES, os.SEEK_END)
            data = handle.read(TAIL_BYTES)
    except OSError:
        return []
    lines = data.decode("utf-8", errors="replace").splitlines()[1:]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _lfs_pointer(path: str) -> bool:
    """A Git LFS pointer checked out in place of the data (a clone without `git lfs pull`)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_LFS_POINTER)) == _LFS_POINTER
    except OSError:
        return False


_LFS_POINTER = b"version https://git-lfs.github.com/spec/"


def first_line(path: str) -> Optional[str]:
    """The file's first line that holds data or names (not blank, not a comment)."""
    text = _head(path)
    lines = (line for line in (text or "").splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return next(lines, None)


def number(text: str) -> Optional[float]:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def typical_size(values: Sequence[float]) -> float:
    """How large the values typically are: the larger of |mean| and std. An
    indicator column (0s and 1s, however rare the 1s) is on unit scale."""
    if all(value in (0.0, 1.0) for value in values):
        return 1.0
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return max(abs(mean), spread)


def measure(
    path: str,
    delimiter: Optional[str],
    header: bool,
    skip_rows: int = 0,
) -> Optional[Columns]:
    """Column names (from the header, else their positions) and typical sizes;
    None if the file cannot be read as a table."""
    text = _head(path) if not path.lower().endswith(NUMPY_SUFFIXES) else None
    if not text:
        return None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]

    def split(some: List[str]) -> List[List[str]]:
        if delimiter is None:
            return [line.split() for line in some]
        return list(csv.reader(io.StringIO("\n".join(some)), delimiter=delimiter))

    rows = split(lines)
    last_rows = split(_tail(path))
    names: Optional[List[str]] = None
    if header:
        rows = rows[skip_rows:]
        names = [name.strip() for name in rows[0]] if rows else None
        rows = rows[1:]
    elif skip_rows:
        # A skipped first line that is all words is a header worth naming columns by.
        skipped = rows[skip_rows - 1] if len(rows) >= skip_rows else []
        if skipped and all(number(cell) is None for cell in skipped):
            names = [name.strip() for name in skipped]
        rows = rows[skip_rows:]
    rows = [row for row in rows if row]
    # Rows spread over all those read, not the first ones only: a series sorted by date grows.
    rows = rows[:: max(1, math.ceil(len(rows) / MAX_ROWS))]
    if not rows:
        return None
    width = len(rows[0])
    rows += [row for row in last_rows if len(row) == width]
    if names is None or len(names) != width:
        names = [str(index) for index in range(width)]
    values = []
    for index in range(width):
        numbers = [number(row[index]) for row in rows if len(row) == width]
        known = [number for number in numbers if number is not None]
        numeric = len(known) >= max(1, len(numbers) // 2)
        values.append(known if numeric else [])
    pixels = _pixel_columns(names, values, header)
    return tuple(
        (names[index], typical_size(known) if known else None, index in pixels) for index, known in enumerate(values)
    )


def _pixel_columns(names: Sequence[str], values: Sequence[Sequence[float]], header: bool) -> range:
    """The positions of a table's 8-bit pixel columns: the longest run of
    adjacent columns of integers in 0..255 (a border pixel is 0 throughout),
    without a label at its start or end (named so, or in a file without
    names, a first or last column of a few small integers, where the pixel
    beside it has fewer values)."""
    def byte(known: Sequence[float]) -> bool:
        return bool(known) and all(0 <= value <= 255 and value == int(value) for value in known)

    best = range(0)
    start = 0
    for index in range(len(values) + 1):
        if index < len(values) and byte(values[index]):
            continue
        if index - start > len(best):
            best = range(start, index)
        start = index + 1
    for end in (best.start, best.stop - 1) if len(best) > 2 else ():
        if _label_like(names[end], values[end], values[end + 1 if end == best.start else end - 1], header):
            best = range(best.start + 1, best.stop) if end == best.start else range(best.start, best.stop - 1)
    if len(best) < PIXEL_COLUMNS or max(max(values[index]) for index in best) < PIXEL_PEAK:
        return range(0)
    return best


def _label_like(name: str, known: Sequence[float], neighbour: Sequence[float], header: bool) -> bool:
    if header:
        return name.strip().lower() in _LABEL_NAMES
    return max(known) < 128 and 1 < len(set(known)) and len(set(neighbour)) < len(set(known))


def measured_columns(
    literal: Optional[str],
    source_path: Optional[str],
    node: "cst.CSTNode",
    delimiter: Optional[str],
    header: bool,
    skip_rows: int = 0,
    keep: Optional[Sequence[object]] = None,
    index_column: Optional[object] = None,
    data_dirs: Sequence[str] = (),
) -> Optional[Tuple[Tuple[str, ...], Scale]]:
    """The names and magnitudes of the columns of the file a reader is given
    (``node`` is the reading call, cited as the evidence). ``keep`` lists the
    columns read (names or positions, as usecols); ``index_column`` is the one
    that becomes the index (index_col), not a column."""
    located = locate(literal, source_path, data_dirs) if literal else None
    if located and not _lfs_pointer(located):
        return file_columns(located, node, delimiter, header, skip_rows, keep, index_column)
    published = published_pixel_table(literal, header) if literal and delimiter == "," and not skip_rows else None
    if published is None:
        return None
    return _scaled(published, node, os.path.basename(literal), keep, index_column, absent=True)  # type: ignore[arg-type]


# The pixel tables published as CSV that tutorials read by name (a label, then
# 784 pixels of a 28 x 28 image): (file name pattern, names of the pixel
# columns in its header, whether it has the label column). Kaggle's digit
# recognizer is told by its competition's directory, its train.csv labelled,
# its test.csv not.
_PIXEL_TABLES = (
    (re.compile(r"(?:^|/)(?:fashion[-_]?)?mnist[-_](?:train|test)\.csv$", re.I), None, True),
    (re.compile(r"(?:^|/)sign[-_]?mnist[-_](?:train|test)\.csv$", re.I), "pixel{}", True),
    (re.compile(r"digit-recognizer/train\.csv$", re.I), "pixel{}", True),
    (re.compile(r"digit-recognizer/test\.csv$", re.I), "pixel{}", False),
)


def published_pixel_table(literal: str, header: bool) -> Optional[Columns]:
    """The columns of a published pixel table the script names but the
    checkout does not hold: its format is known, and so is what its pixels are."""
    path = literal.replace("\\", "/")
    for pattern, names, labelled in _PIXEL_TABLES:
        if pattern.search(path):
            break
    else:
        return None
    if names is None:
        # MNIST and Fashion-MNIST as CSV: "label, pixel1..." (Kaggle's Fashion-MNIST), "label, 1x1..." (MNIST in CSV).
        names = "pixel{}" if "fashion" in path.lower() else "{}"
    first = 0 if path.lower().endswith("digit-recognizer/train.csv") or "digit-recognizer/test" in path.lower() else 1
    if names == "{}":
        pixel_names = [f"{row}x{column}" for row in range(1, 29) for column in range(1, 29)]
    else:
        pixel_names = [names.format(index) for index in range(first, first + 784)]
    labels = ["label"] if labelled else []
    all_names = labels + pixel_names if header else [str(index) for index in range(len(labels) + 784)]
    return tuple((name, None, index >= len(labels)) for index, name in enumerate(all_names))


def file_columns(
    located: str,
    node: "cst.CSTNode",
    delimiter: Optional[str],
    header: bool,
    skip_rows: int = 0,
    keep: Optional[Sequence[object]] = None,
    index_column: Optional[object] = None,
) -> Optional[Tuple[Tuple[str, ...], Scale]]:
    """``measured_columns`` of a file already located."""
    columns = measure(located, delimiter, header, skip_rows)
    if columns is None:
        return None
    return _scaled(columns, node, os.path.basename(located), keep, index_column)


def _scaled(
    columns: Columns,
    node: "cst.CSTNode",
    base: str,
    keep: Optional[Sequence[object]],
    index_column: Optional[object],
    absent: bool = False,
) -> Tuple[Tuple[str, ...], Scale]:
    """The names and magnitudes of a table's columns, those read kept."""
    if keep is not None:
        columns = tuple(column for index, column in enumerate(columns) if index in keep or column[0] in keep)
    if index_column is not None:
        columns = tuple(
            column for index, column in enumerate(columns) if index != index_column and column[0] != index_column
        )
    # Pixels are one magnitude, so that images made of them (a reshape to (N, 1, 28, 28)) keep it.
    where = f"of {base} (not in this checkout: the published file's format)" if absent else f"in {base}"
    pixels = Magnitude(PIXEL_SIZE, f"{PIXELS} {where}", node)
    magnitudes = tuple(
        pixels if pixel else Magnitude(size, _describe(name, index, base), node, measured=True) if size is not None else None
        for index, (name, size, pixel) in enumerate(columns)
    )
    return tuple(name for name, _, _ in columns), Scale(columns=magnitudes)


def _describe(name: str, index: int, base: str) -> str:
    """'Glucose' in diabetes.csv; a header-less file's first values are no names."""
    if name == str(index) or number(name) is not None:
        return f"column {index} of {base}"
    return f"'{name}' in {base}"
