"""The flake8 front end: ``flake8 --select TL`` runs torchlint's rules.

flake8 already parses each file with ``ast`` and reports syntax errors as
E999, so this plugin takes the file's lines and leaves syntax to flake8.
Nothing heavy is imported until a file passes the engine's text pre-scan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Tuple

from torchlint import __version__

if TYPE_CHECKING:
    import ast

Result = Tuple[int, int, str, type]

# flake8 cannot rewrite files; torchlint's own CLI can. Ends the message of a
# finding with a safe fix.
FIXABLE_HINT = " [*] `torchlint check --fix` fixes this"


class Flake8Plugin:
    name = "torchlint"
    version = __version__

    def __init__(self, tree: ast.Module, filename: str, lines: List[str]) -> None:
        # flake8 has parsed the file with CPython already: the engine's
        # outline pre-scan reads that tree instead of parsing again.
        self.tree = tree
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[Result]:
        from torchlint.engine import InternalError, Selection, lint_text

        text = "".join(self.lines)
        try:
            diagnostics = lint_text(text, self.filename, Selection(), tree=self.tree, check_syntax=False, honour_noqa=False)
        except InternalError as error:
            yield 1, 0, f"TL000 torchlint could not analyse this file: {error.cause!r} (please report)", type(self)
            return
        for diagnostic in diagnostics:
            fixable = FIXABLE_HINT if diagnostic.fix is not None and diagnostic.fix.safe else ""
            # flake8 wants 0-based columns from plugins; it adds 1 when printing.
            yield diagnostic.line, diagnostic.column - 1, f"{diagnostic.code} {diagnostic.message}{fixable}", type(self)
