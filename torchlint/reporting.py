"""How the text format shows diagnostics: one line each, optionally in colour
and with the source line and a caret under the column; the count per code
(``--statistics``); the summary line."""

from __future__ import annotations

import os
from collections import Counter
from typing import Callable, Dict, List, Sequence, TextIO

from torchlint.engine import Diagnostic

_BOLD = "\033[1m"
_RED = "\033[31m"
_CYAN = "\033[36m"
_BLUE = "\033[34m"
_RESET = "\033[0m"


def use_colour(choice: str, stream: TextIO) -> bool:
    """``auto``: on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice == "auto":
        return stream.isatty() and not os.environ.get("NO_COLOR")
    return choice == "always"


class TextReport:
    """Writes each file's diagnostics as they come."""

    def __init__(self, stream: TextIO, colour: bool, show_source: bool, source_of: Callable[[str], Sequence[str]]) -> None:
        self.stream = stream
        self.colour = colour
        self.show_source = show_source
        # The lines of a checked file (read again only for --show-source).
        self.source_of = source_of

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.colour else text

    def write(self, diagnostics: Sequence[Diagnostic]) -> None:
        for d in diagnostics:
            cell = f"cell {d.cell}:" if d.cell is not None else ""
            where = self._paint(d.path, _BOLD) + f":{cell}{d.line}:{d.column}:"
            self.stream.write(f"{where} {self._paint(d.code, _RED + _BOLD)} {d.message}\n")
            if self.show_source and d.cell is None:
                self._write_source(d)

    def _write_source(self, d: Diagnostic) -> None:
        lines = self.source_of(d.path)
        if not 1 <= d.line <= len(lines):
            return
        line = lines[d.line - 1].rstrip("\r\n").expandtabs(1)
        gutter = f"{d.line} | "
        self.stream.write(self._paint(gutter, _BLUE) + line + "\n")
        caret = " " * (len(gutter) - 2) + "| " + " " * (d.column - 1) + "^"
        self.stream.write(self._paint(caret, _CYAN) + "\n")


def statistics(diagnostics: List[Diagnostic], names: Dict[str, str]) -> str:
    """One line per code, most frequent first: count, code, rule name."""
    counts = Counter(d.code for d in diagnostics)
    width = max((len(str(count)) for count in counts.values()), default=1)
    return "".join(
        f"{count:>{width}}  {code}  {names.get(code, '')}".rstrip() + "\n"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def summary(findings: int, files: int) -> str:
    noun = "finding" if findings == 1 else "findings"
    return f"Found {findings} {noun} in {files} file{'s' if files != 1 else ''}."
