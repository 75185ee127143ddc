"""``--format text``: ``path:line:col: CODE message``, as flake8 and ruff print."""

from __future__ import annotations

from torchlint.output.base import LineWriter


class TextWriter(LineWriter):
    prints_summary = True

    def line(self, diagnostic) -> str:
        cell = f"cell {diagnostic.cell}:" if diagnostic.cell is not None else ""
        return f"{diagnostic.path}:{cell}{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}"
