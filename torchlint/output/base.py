"""What every output format shares: a writer fed each file's diagnostics as
the files are checked, paths relative to the working directory, and
fingerprints that stay the same while the code around a finding moves."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Dict, Iterable, List, Optional, Sequence, TextIO, Tuple

from torchlint.engine import Diagnostic

# "line 9", "lines 8 and 9", "lines 3, 4 and 7" in a message: where a value
# was made, which moves whenever code above it is edited.
_LINE_REFERENCES = re.compile(r"\b(lines?) \d+(?:(?:, | and )\d+)*")


class Writer:
    """Receives each file's diagnostics in the order the files are checked and
    writes the format to ``stream``. This base collects them all and writes
    them at ``finish()``, as a document format (one JSON value) must."""

    # Whether the CLI adds its "Found N findings in M files." line on stderr:
    # for a terminal or a CI log, not beside a document a machine reads.
    prints_summary = False

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.diagnostics: List[Diagnostic] = []

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def finish(self) -> None:
        self.write(self.diagnostics)

    def write(self, diagnostics: Sequence[Diagnostic]) -> None:
        raise NotImplementedError


class LineWriter(Writer):
    """A format of one line per diagnostic, written as soon as its file is
    checked, so that a long run shows its findings as it goes."""

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.stream.write(self.line(diagnostic) + "\n")

    def finish(self) -> None:
        pass

    def line(self, diagnostic: Diagnostic) -> str:
        raise NotImplementedError


def as_dict(diagnostic: Diagnostic) -> dict:
    """A diagnostic as the json and json-lines formats give it."""
    found = {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }
    if diagnostic.cell is not None:
        found["cell"] = diagnostic.cell
    if diagnostic.fix is not None:
        found["fix"] = diagnostic.fix.as_json()
    if diagnostic.evidence:
        found["evidence"] = [item.as_json() for item in diagnostic.evidence]  # type: ignore[attr-defined]
    return found


def relative_path(path: str, root: str) -> Optional[str]:
    """``path`` relative to ``root`` with forward slashes, or None when it lies
    outside ``root`` (a CI system resolves paths from the checkout's root)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive, on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def located_message(diagnostic: Diagnostic) -> str:
    """The message, led by the notebook cell and line where there is one: the
    formats that CI systems read show a line of the .ipynb file, which is JSON."""
    if diagnostic.cell is None:
        return diagnostic.message
    return f"cell {diagnostic.cell}, line {diagnostic.line}: {diagnostic.message}"


def fingerprints(diagnostics: Iterable[Diagnostic], root: str) -> Dict[Diagnostic, str]:
    """A fingerprint per diagnostic from its file, code and message with its
    line references blanked, so an alert survives edits that move the code;
    the n-th of several alike in a file is told apart by n."""
    seen: Dict[Tuple[str, str, str], int] = {}
    found: Dict[Diagnostic, str] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: (d.path, d.cell or 0, d.line, d.column, d.code)):
        path = relative_path(diagnostic.path, root) or os.path.abspath(diagnostic.path)
        key = (path, diagnostic.code, _LINE_REFERENCES.sub(r"\1 _", diagnostic.message))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        text = "\0".join((*key, str(occurrence)))
        found[diagnostic] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


def rule_names() -> Dict[str, str]:
    """Each code's rule name (``TL001`` -> ``loss-target-shape``), TL000 and TL100 included."""
    from torchlint.rules import documented_codes

    return {rule.code: rule.name for rule in documented_codes()}
