"""``--format text``: ``path:line:col: CODE message``, as flake8 and ruff print;
in colour on a terminal, and with the source line and a caret under the
column for ``--show-source``."""

from __future__ import annotations

from typing import Callable, Optional, Sequence, TextIO

from torchlint.engine import Diagnostic
from torchlint.fixes import fix_marker
from torchlint.output.base import LineWriter

_BOLD = "\033[1m"
_RED = "\033[31m"
_CYAN = "\033[36m"
_BLUE = "\033[34m"
_RESET = "\033[0m"


class TextWriter(LineWriter):
    prints_summary = True

    def __init__(
        self,
        stream: TextIO,
        colour: bool = False,
        show_source: bool = False,
        source_of: Optional[Callable[[str], Sequence[str]]] = None,
        unsafe_fixes: bool = False,
    ) -> None:
        super().__init__(stream)
        self.colour = colour
        # Whether `[*]` marks the fixes --unsafe-fixes applies too.
        self.unsafe_fixes = unsafe_fixes
        # The lines of a checked file (read again only for --show-source).
        self.source_of = source_of if show_source else None

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.colour else text

    def line(self, diagnostic: Diagnostic) -> str:
        cell = f"cell {diagnostic.cell}:" if diagnostic.cell is not None else ""
        where = self._paint(diagnostic.path, _BOLD) + f":{cell}{diagnostic.line}:{diagnostic.column}:"
        marker = fix_marker(diagnostic, self.unsafe_fixes)
        text = f"{where} {self._paint(diagnostic.code, _RED + _BOLD)} {marker}{diagnostic.message}"
        if self.source_of is not None and diagnostic.cell is None:
            text += self._source(diagnostic)
        return text

    def _source(self, diagnostic: Diagnostic) -> str:
        lines = self.source_of(diagnostic.path)
        if not 1 <= diagnostic.line <= len(lines):
            return ""
        line = lines[diagnostic.line - 1].rstrip("\r\n").expandtabs(1)
        gutter = f"{diagnostic.line} | "
        caret = " " * (len(gutter) - 2) + "| " + " " * (diagnostic.column - 1) + "^"
        return "\n" + self._paint(gutter, _BLUE) + line + "\n" + self._paint(caret, _CYAN)
