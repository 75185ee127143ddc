"""Jupyter notebooks as one script: the code cells in order, IPython's own
syntax blanked out, with a map back from a line of the script to (cell, line).

IPython's syntax, where a statement may start: ``%magic`` and ``!shell``
lines (with their ``\\`` continuation lines), line magics without their ``%``
(``pip install x``: automagic), ``files = !ls`` and ``x =
%magic`` (the name is then bound to ``...``), help (``?obj``, ``obj?``: a
``?`` at the end of the code, not in a comment or a string), and cell magics:
those whose body is Python (``%%time``, ``%%timeit``, ``%%capture``,
``%%prun``) have the body linted, any other (``%%bash``, ``%%writefile``)
blanks the cell.

A cell that is not valid Python on its own (an exercise's blanks, a
half-written cell) is left out, its lines blank, and said as one reason; the
other cells are still linted, as Jupyter would still run them. A notebook of
another kernel (R, C++, JavaScript: ``metadata.kernelspec.language``) is not
read at all."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

from torchlint.core.source import Unreadable, check_syntax

# A line IPython runs itself: %magic, !shell, ?help.
_ESCAPED = re.compile(r"^\s*[%!?]")
# ``names = !shell`` or ``names = %magic``: the result of the command bound to names.
_ASSIGNED_COMMAND = re.compile(r"^(?P<targets>\s*[\w.\[\], ]*?\w[\w.\[\]]*)\s*=\s*[!%]")
# A line magic written without its %, which IPython's automagic (on by
# default) runs: ``pip install torchviz``, ``cd data``. Only where the line is
# not Python: ``time.sleep(1)``, ``cd = 3`` or ``ls -la`` (``ls - la``) stay code.
_AUTOMAGIC = re.compile(
    r"^\s*(pip|conda|mamba|cd|ls|ll|mkdir|rmdir|rm|cp|mv|cat|env|load_ext|reload_ext|matplotlib|pylab|run"
    r"|time|timeit|prun|who|whos|reset|history|autoreload|aimport|config|store|tensorboard|pushd|popd"
    r"|bookmark|alias|unalias|rehash|xdel|precision|pdb|debug|sx|system)"
    # ... followed by words, not by an operator or keyword that makes the name Python
    # (``run = train(`` opening a statement over several lines).
    r"\s+(?![=(\[.,:+*/%<>!&|^@~]|(?:in|is|if|else|and|or|not|for)\b)\S"
)
# Cell magics that run their body as Python.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})


@dataclass(frozen=True)
class OtherKernel:
    """A notebook whose code is not Python: skipped, for this reason."""

    reason: str


@dataclass(frozen=True)
class Script:
    text: str
    # The script line each code cell starts at, and that cell's number (the
    # 1-based position of the cell in the notebook, markdown cells included).
    starts: Tuple[int, ...]
    cells: Tuple[int, ...]
    # The cells left out, each as why and where (a line of the script).
    skipped: Tuple[Unreadable, ...] = ()

    def locate(self, line: int) -> Tuple[int, int]:
        """(cell number, line in that cell) of a 1-based script line."""
        index = max(bisect.bisect_right(self.starts, line) - 1, 0)
        return self.cells[index], line - self.starts[index] + 1

    def describe(self, line: int) -> str:
        cell, line_in_cell = self.locate(line)
        return f"cell {cell}, line {line_in_cell}"


def cell_text(cell: dict) -> str:
    """A cell's source as one string (Jupyter stores it as a list of lines, or one string)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def script_of(data: bytes) -> Union[Script, Unreadable, OtherKernel]:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError) as error:
        return Unreadable(1, 0, f"cannot read the notebook: {type(error).__name__}: {error}")
    other = other_kernel(notebook.get("metadata") if isinstance(notebook, dict) else None)
    if other is not None:
        return other
    code = [
        cell_text(cell) if isinstance(cell, dict) and cell.get("cell_type") == "code" else None
        for cell in (cells if isinstance(cells, list) else [])
    ]
    return script_of_cells(code)


def saved_as_script(data: bytes) -> bool:
    """A notebook's JSON under another name (``model.py`` saved from Jupyter's
    download menu as the wrong kind): Python reads it as one dict literal, so
    linted as Python it would say nothing of the code in its cells."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or b'"nbformat"' not in data:
        return False
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(document, dict) and isinstance(document.get("cells"), list) and "nbformat" in document


def other_kernel(metadata: object) -> Optional[OtherKernel]:
    """Why a notebook with this metadata is not read (another kernel's), or None."""
    language = _language(metadata)
    if language is not None and not language.lower().startswith(("python", "ipython")):
        return OtherKernel(f"a notebook of another kernel (its language is {language})")
    return None


def script_of_cells(cells: Sequence[Optional[str]]) -> Script:
    """The script of a notebook's cells in order: each code cell's text, or
    None for a cell that is not code (counted in the cell numbers). An editor
    sends a notebook's cells this way (LSP notebook documents)."""
    lines: List[str] = []
    starts: List[int] = []
    numbers: List[int] = []
    skipped: List[Unreadable] = []
    for number, source in enumerate(cells, 1):
        if source is None:
            continue
        cell_lines = source.splitlines() or [""]
        starts.append(len(lines) + 1)
        numbers.append(number)
        first = cell_lines[0].lstrip()
        if first.startswith("%%"):
            magic = first[2:].split(maxsplit=1)
            if not magic or magic[0] not in PYTHON_CELL_MAGICS:
                lines.extend("" for _ in cell_lines)  # a cell magic whose body is not Python
                continue
            python = [""] + _python(cell_lines[1:])
        else:
            python = _python(cell_lines)
        failure = check_syntax("\n".join(python) + "\n")
        if failure is not None:
            start = starts[-1]
            skipped.append(Unreadable(start + failure.line - 1, failure.column, f"{failure.reason} (this cell is skipped)"))
            python = ["" for _ in python]
        lines.extend(python)
    if not starts:
        return Script("", (1,), (1,))
    return Script("\n".join(lines) + "\n", tuple(starts), tuple(numbers), tuple(skipped))


def _language(metadata: object) -> Optional[str]:
    """The language of the notebook's kernel, as its metadata says (None: not said)."""
    if not isinstance(metadata, dict):
        return None
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str) and section[field]:
            return section[field]
    return None


def _python(cell: List[str]) -> List[str]:
    """The cell as IPython runs it: common leading indentation removed (its
    leading_indent step), and IPython's own syntax, where a statement may
    start, replaced by Python of the same lines: ``pass`` for a command or a
    help request, and nothing for the continuation lines of a command."""
    if not cell:
        return []
    indent = cell[0][: len(cell[0]) - len(cell[0].lstrip())]
    if indent:
        cell = [line[len(indent):] if line.startswith(indent) else line for line in cell]
    depth = 0
    string = ""  # the triple quote of a string still open at the end of the previous line
    continued = False  # the previous line ends in a backslash: this one carries on its statement
    command = False  # ... and that line was an IPython command
    out = []
    for line in cell:
        if command:
            out.append("")
            command = line.rstrip().endswith("\\")
            continue
        if depth == 0 and not string and not continued:
            replaced = _ipython_line(line)
            if replaced is not None:
                out.append(replaced)
                command = line.rstrip().endswith("\\")
                continue
        out.append(line)
        change, string, code = _scan(line, string)
        depth = max(depth + change, 0)
        continued = not string and code.rstrip().endswith("\\")
    return out


# ``%run [-i] path/to/script.py``: the script runs and its names are the notebook's.
_RUN_SCRIPT = re.compile(r"^(?P<indent>\s*)%run\s+(?:-[a-z]+\s+)*(?P<path>[\w./]+)\.py\s*$")


def _ipython_line(line: str) -> Optional[str]:
    """The Python that stands for a line of IPython's own syntax (None: a line of Python)."""
    line_indent = line[: len(line) - len(line.lstrip())]
    script = _RUN_SCRIPT.match(line)
    dotted = script.group("path").removeprefix("./").replace("/", ".") if script is not None else ""
    if script is not None and all(part.isidentifier() for part in dotted.split(".")):
        # Its names, as a star import binds a module's: what the notebook's later cells read (data
        # loaders made there). The script runs on its own, without the notebook's names (-i gives it them).
        return f"{script.group('indent')}from {dotted} import *  # IPython: {line.strip()}"
    assigned = _ASSIGNED_COMMAND.match(line)
    if assigned is not None:
        return f"{assigned.group('targets')} = ...  # IPython: {line.strip()}"
    _, _, code = _scan(line, "")
    if _ESCAPED.match(line) or code.rstrip().endswith("?") or (_AUTOMAGIC.match(line) and not _python_line(line)):
        return f"{line_indent}pass  # IPython: {line.strip()}"
    return None


def _python_line(line: str) -> bool:
    """Whether a line is Python by itself (``time.sleep(1)``, ``run = 3``)."""
    try:
        compile(line.strip(), "<line>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _scan(line: str, string: str) -> Tuple[int, str, str]:
    """(brackets opened minus closed, the triple quote still open at the end,
    the code before any comment) of a line that starts inside ``string`` (a
    triple quote, or "" outside strings)."""
    change = 0
    index = 0
    code_end = len(line)
    while index < len(line):
        char = line[index]
        if string:
            if line.startswith(string, index):
                index += len(string)
                string = ""
            else:
                index += 2 if char == "\\" else 1
            continue
        if char == "#":
            code_end = index
            break
        if char in "'\"":
            string = char * 3 if line.startswith(char * 3, index) else char
            index += len(string)
            continue
        if char in "([{":
            change += 1
        elif char in ")]}":
            change -= 1
        index += 1
    # A one-quote string ends with its line (or the line is not Python, which the parse says).
    return change, string if len(string) == 3 else "", line[:code_end]
