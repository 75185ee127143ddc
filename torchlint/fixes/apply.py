"""``torchlint check --fix`` and ``--diff``: lint, apply the fixes that apply,
lint the result again (a fix may make room for another), and write the file
back, or print what would change as a unified diff.

A notebook's fixes go back into the cells they were found in; the rest of
its JSON is written exactly as it was read, and a notebook whose JSON
layout cannot be reproduced byte for byte is not rewritten at all.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, replace
from typing import Callable, Dict, List, Optional, Sequence, TextIO, Tuple

from torchlint.fixes import Fix, applies, apply_fixes
from torchlint.notebooks import cell_text

# A fix can make room for another one (two overlapping fixes, one per
# round); a file that still changes after this many rounds is left as it is.
MAX_ROUNDS = 5


@dataclass
class Outcome:
    fixed: int
    # (label, old text, new text) for each part that changed: the file, or a notebook's cells.
    changes: List[Tuple[str, str, str]]
    new_data: Optional[bytes]


def fix_files(paths: Sequence[str], settings, unsafe: bool, write: bool, diff_to: Optional[TextIO]) -> int:
    """Fixes ``paths``, each with the rules its configuration selects; writes
    them when ``write``, prints a diff to ``diff_to`` when given. Returns how
    many findings were fixed (would be, for a diff)."""
    fixed = 0
    for path in paths:
        outcome = fix_file(path, settings.for_file(path).selection(), unsafe)
        if outcome is None or not outcome.fixed:
            continue
        fixed += outcome.fixed
        if diff_to is not None:
            for label, old, new in outcome.changes:
                diff_to.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), label, label))
        if write and outcome.new_data is not None:
            with open(path, "wb") as handle:
                handle.write(outcome.new_data)
    return fixed


def fix_file(path: str, selection, unsafe: bool) -> Optional[Outcome]:
    """What fixing one file changes; None for a file that cannot be read,
    decoded or analysed (the check that follows reports why)."""
    from torchlint import notebooks
    from torchlint.engine import InternalError

    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.endswith(".ipynb") or notebooks.saved_as_script(data):
            return _fix_notebook(path, data, selection, unsafe)
        return _fix_script(path, data, selection, unsafe)
    except (OSError, InternalError):
        return None


def _fix_script(path: str, data: bytes, selection, unsafe: bool) -> Optional[Outcome]:
    from torchlint.core import source
    from torchlint.engine import lint_text

    decoded = source.decode_with_encoding(data)
    if isinstance(decoded, source.Unreadable):
        return None
    text, encoding = decoded
    if text.encode(encoding) != data:
        return None  # would not be written back as read
    new, fixed = fixed_text(text, lambda current: lint_text(current, path, selection), unsafe)
    return Outcome(fixed, [(path, text, new)], new.encode(encoding))


def fixed_text(text: str, lint: Callable[[str], list], unsafe: bool) -> Tuple[str, int]:
    """The text after the rounds of fixing, and how many fixes were applied."""
    fixed = 0
    for _ in range(MAX_ROUNDS):
        fixes = [d.fix for d in lint(text) if applies(d.fix, unsafe)]
        text, applied = apply_fixes(text, fixes)
        if not applied:
            break
        fixed += applied
    return text, fixed


def _fix_notebook(path: str, data: bytes, selection, unsafe: bool) -> Optional[Outcome]:
    from torchlint import notebooks
    from torchlint.engine import lint_text

    try:
        notebook = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    dump = _json_layout(notebook, data)
    if dump is None or not isinstance(notebooks.script_of(data), notebooks.Script):
        return None
    original = {index: cell_text(cell) for index, cell in enumerate(notebook["cells"]) if isinstance(cell, dict)}
    fixed = fixed_cells(notebook["cells"], lambda text: lint_text(text, path, selection), unsafe)
    changes = [
        (f"{path}:cell {index + 1}", old, cell_text(notebook["cells"][index]))
        for index, old in original.items()
        if cell_text(notebook["cells"][index]) != old
    ]
    return Outcome(fixed, changes, dump(notebook))


def fixed_cells(cells: list, lint: Callable[[str], list], unsafe: bool) -> int:
    """A notebook's cells (Jupyter's dicts) after the rounds of fixing, each
    fix written into the cell it is in; how many fixes were applied. ``lint``
    lints the cells' joined script (torchlint.notebooks)."""
    from torchlint import notebooks

    fixed = 0
    for _ in range(MAX_ROUNDS):
        code = [cell_text(cell) if isinstance(cell, dict) and cell.get("cell_type") == "code" else None for cell in cells]
        script = notebooks.script_of_cells(code)
        fixes = [d.fix for d in lint(script.text) if applies(d.fix, unsafe)]
        applied_now = 0
        for number, cell_fixes in fixes_by_cell(fixes, script, cells).items():
            cell = cells[number - 1]
            text = cell_text(cell)
            new, applied = apply_fixes(text, cell_fixes)
            if not text.endswith(("\n", "\r")) and new.endswith("\n"):
                new = new[:-1]  # a cell's last line has no line end
            cell["source"] = _source_like(cell["source"], new)
            applied_now += applied
        if not applied_now:
            break
        fixed += applied_now
    return fixed


def fixes_by_cell(fixes: List[Fix], script, cells: list) -> Dict[int, List[Fix]]:
    """Each fix moved into the lines of the cell it is in. A fix that spans
    cells, or touches a line the script changed (a magic, a dedented cell),
    is dropped."""
    script_lines = script.text.splitlines()
    by_cell: Dict[int, List[Fix]] = {}
    for fix in fixes:
        first = min(edit.line for edit in fix.edits)
        # An edit that ends at the start of a line ends on the line before.
        last = min(max(edit.end_line - (edit.end_column == 0 and edit.end_line > edit.line) for edit in fix.edits), len(script_lines))
        cell, line_in_cell = script.locate(first)
        if script.locate(last)[0] != cell:
            continue
        shift = line_in_cell - first
        cell_lines = cell_text(cells[cell - 1]).splitlines()
        if any(line + shift > len(cell_lines) or cell_lines[line + shift - 1] != script_lines[line - 1] for line in range(first, last + 1)):
            continue
        moved = tuple(replace(edit, line=edit.line + shift, end_line=edit.end_line + shift) for edit in fix.edits)
        by_cell.setdefault(cell, []).append(replace(fix, edits=moved))
    return by_cell


def _json_layout(notebook: dict, data: bytes) -> Optional[Callable[[dict], bytes]]:
    """How the notebook was written (nbformat writes indent=1, non-ASCII kept,
    a final newline), found by writing it back; None if no layout tried
    gives back its bytes exactly."""
    for indent in (1, 2, 4, None):
        for ascii_only in (False, True):
            for end in ("\n", ""):

                def dump(value: dict, indent=indent, ascii_only=ascii_only, end=end) -> bytes:
                    return (json.dumps(value, indent=indent, ensure_ascii=ascii_only) + end).encode("utf-8")

                if dump(notebook) == data:
                    return dump
    return None


def _source_like(source, text: str):
    """``text`` as the cell held its source: one string, or a list of lines
    (ending in an empty string where the original list did)."""
    if not isinstance(source, list):
        return text
    lines = text.splitlines(keepends=True)
    return lines + [""] if source and source[-1] == "" else lines
