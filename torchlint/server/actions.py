"""Code actions for a finding. Each provider takes the document (pygls's
TextDocument) and one of torchlint's LSP diagnostics and gives code actions for it:
the finding's fix (``torchlint check --fix``'s, see ``fix_actions.py``), then
its ``# noqa`` comment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, List, Optional, Sequence

from lsprotocol import types

from torchlint.server.fix_actions import apply_fix, wanted
from torchlint.suppression import noqa_codes, noqa_comment

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

Provider = Callable[["TextDocument", types.Diagnostic], Iterable[types.CodeAction]]


def add_noqa(document: TextDocument, diagnostic: types.Diagnostic) -> Iterable[types.CodeAction]:
    """``# noqa: CODE`` at the end of the finding's line, or CODE added to the
    line's ``# noqa: ...`` list."""
    from pygls.workspace.position_codec import ServerTextPosition

    lines = document.lines
    code = str(diagnostic.code)
    line_number = diagnostic.range.start.line
    if line_number >= len(lines):
        return
    line = lines[line_number].rstrip("\r\n")
    existing = noqa_codes(line)
    if existing == () or (existing and code.startswith(existing)):
        return  # already suppressed
    if line.rstrip().endswith("\\"):
        return  # a comment cannot follow a line continuation
    if existing:
        at = noqa_comment(line).end("codes")  # type: ignore[union-attr]
        new_text = f", {code}"
    else:
        at = len(line.rstrip())
        new_text = f"  # noqa: {code}"
    position = document.position_to_client_units(ServerTextPosition(line_number, at))
    edit = types.TextEdit(range=types.Range(position, position), new_text=new_text)
    yield types.CodeAction(
        title=f"Disable {code} for this line (# noqa: {code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={document.uri: [edit]}),
    )


PROVIDERS: List[Provider] = [apply_fix, add_noqa]


def code_actions(
    document: TextDocument, diagnostics: Iterable[types.Diagnostic], only: Optional[Sequence[str]] = None
) -> List[types.CodeAction]:
    """The quick fixes for torchlint's diagnostics, unless the editor asked
    only for other kinds of action."""
    from torchlint.server.diagnostics import SOURCE

    actions: List[types.CodeAction] = []
    if not wanted(types.CodeActionKind.QuickFix.value, only):
        return actions
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not diagnostic.code:
            continue
        for provider in PROVIDERS:
            actions.extend(provider(document, diagnostic))
    return actions
