"""Jupyter notebooks as one script: the code cells in order, IPython magics
blanked out, with a map back from a line of the script to (cell, line).

A cell that is not valid Python on its own (an exercise's blanks, a
half-written cell) is left out, its lines blank, and said as one reason; the
other cells are still linted, as Jupyter would still run them."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import List, Tuple, Union

from torchlint.core.source import Unreadable, check_syntax

# A line IPython handles itself: %magic, !shell, ?help / help?.
_MAGIC = re.compile(r"^\s*(?:[%!?]|.*\?\s*$)")


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


def script_of(data: bytes) -> Union[Script, Unreadable]:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError) as error:
        return Unreadable(1, 0, f"cannot read the notebook: {type(error).__name__}: {error}")
    lines: List[str] = []
    starts: List[int] = []
    numbers: List[int] = []
    skipped: List[Unreadable] = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        cell_lines = text.splitlines() or [""]
        starts.append(len(lines) + 1)
        numbers.append(number)
        if cell_lines[0].lstrip().startswith("%%"):
            lines.extend("" for _ in cell_lines)  # a cell magic: the cell is not Python
            continue
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


def _python(cell: List[str]) -> List[str]:
    """The cell as IPython runs it: common leading indentation removed (its
    leading_indent step), and magic or shell lines, where a statement may
    start, replaced by ``pass`` so the line numbers stay."""
    indent = cell[0][: len(cell[0]) - len(cell[0].lstrip())]
    if indent:
        cell = [line[len(indent):] if line.startswith(indent) else line for line in cell]
    depth = 0
    out = []
    for line in cell:
        if depth == 0 and _MAGIC.match(line):
            line_indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{line_indent}pass  # IPython: {line.strip()}")
            continue
        out.append(line)
        depth = max(depth + _bracket_change(line), 0)
    return out


def _bracket_change(line: str) -> int:
    """Brackets opened minus closed on a line, outside quotes and comments."""
    change = 0
    quote = ""
    for char in line:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            break
        elif char in "([{":
            change += 1
        elif char in ")]}":
            change -= 1
    return change
