"""The fixes of ``torchlint check --fix`` as code actions, as ruff's server
offers its own: a ``quickfix`` for each finding that has a fix (an unsafe fix
only with the ``unsafeFixes`` setting), and ``source.fixAll.torchlint``, which
applies them all (``fixed_text``'s rounds of lint and fix, as ``--fix``).

A finding's fix travels in its LSP diagnostic's ``data``, its edits already in
the editor's units (UTF-16 unless it chose otherwise) for the text that was
linted: the code action needs no second lint and no state in the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from lsprotocol import types

from torchlint.fixes import Fix
from torchlint.fixes.apply import fixed_text

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.torchlint"


def fix_data(fix: Fix, lines: Sequence[str], codec) -> dict:
    """The fix as JSON for ``Diagnostic.data``: its description and its edits
    as LSP text edits (the engine's lines are 1-based, its columns code
    points)."""
    from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

    edits = []
    for edit in fix.edits:
        server_range = ServerTextRange(
            ServerTextPosition(edit.line - 1, edit.column), ServerTextPosition(edit.end_line - 1, edit.end_column)
        )
        client = codec.range_to_client_units(lines, server_range)
        edits.append(
            {
                "range": {
                    "start": {"line": client.start.line, "character": client.start.character},
                    "end": {"line": client.end.line, "character": client.end.character},
                },
                "newText": edit.replacement,
            }
        )
    return {"fix": {"description": fix.description, "safe": fix.safe, "edits": edits}}


def apply_fix(document: TextDocument, diagnostic: types.Diagnostic) -> Iterable[types.CodeAction]:
    """The finding's fix, when the server attached one it may offer."""
    data = diagnostic.data
    fix = data.get("fix") if isinstance(data, dict) else None
    if not isinstance(fix, dict):
        return
    edits = [
        types.TextEdit(
            range=types.Range(
                types.Position(edit["range"]["start"]["line"], edit["range"]["start"]["character"]),
                types.Position(edit["range"]["end"]["line"], edit["range"]["end"]["character"]),
            ),
            new_text=edit["newText"],
        )
        for edit in fix["edits"]
    ]
    unsafe = "" if fix["safe"] else " (unsafe)"
    yield types.CodeAction(
        title=f"Fix {diagnostic.code}: {fix['description']}{unsafe}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=bool(fix["safe"]),
        edit=types.WorkspaceEdit(changes={document.uri: edits}),
    )


def fix_all(document: TextDocument, lint: Callable[[str], list], unsafe: bool) -> Optional[types.CodeAction]:
    """Every fix that applies, as one edit over the lines that change; None
    when nothing changes."""
    text = document.source
    new, fixed = fixed_text(text, lint, unsafe)
    if not fixed or new == text:
        return None
    return types.CodeAction(
        title=f"Fix all torchlint findings ({fixed} fix{'es' if fixed != 1 else ''})",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={document.uri: [_changed_lines(document, new)]}),
    )


def _changed_lines(document: TextDocument, new: str) -> types.TextEdit:
    """One edit from the first line that differs to the last: whole lines,
    so that its columns are 0 in every encoding, but at the end of a text
    without a final line end."""
    old_lines = document.lines
    new_lines = new.splitlines(keepends=True)
    same = min(len(old_lines), len(new_lines))
    prefix = next((i for i in range(same) if old_lines[i] != new_lines[i]), same)
    suffix = 0
    while suffix < same - prefix and old_lines[-1 - suffix] == new_lines[-1 - suffix]:
        suffix += 1
    end_line = len(old_lines) - suffix
    if suffix == 0 and old_lines and not old_lines[-1].endswith(("\n", "\r")):
        last = old_lines[-1]
        end = types.Position(len(old_lines) - 1, document.position_codec.client_num_units(last))
    else:
        end = types.Position(end_line, 0)
    return types.TextEdit(
        range=types.Range(types.Position(prefix, 0), end),
        new_text="".join(new_lines[prefix : len(new_lines) - suffix]),
    )


def wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    """Whether the editor asked for actions of ``kind`` (``only`` holds kinds or
    their parents: ``source`` asks for ``source.fixAll.torchlint``)."""
    if only is None:
        return True
    asked_kinds = [str(getattr(asked, "value", asked)) for asked in only]  # a CodeActionKind or a string
    return any(kind == asked or kind.startswith(f"{asked}.") for asked in asked_kinds)
