"""A finding's evidence in the editor: each place its message cites (where
the target got its shape, where the features were made) as the LSP
diagnostic's ``relatedInformation``, which editors show as links under the
message; and, for an editor without that support, a hover on the
diagnostic's range that shows the message and the evidence lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, List, Optional, Sequence

from lsprotocol import types

from torchlint.server.diagnostics import line_range

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

    from torchlint.engine import Diagnostic
    from torchlint.evidence import Evidence


def related_information(
    found: Diagnostic, document_of: Callable[[Evidence], Optional[TextDocument]]
) -> Optional[List[types.DiagnosticRelatedInformation]]:
    """The evidence as related information; ``document_of`` gives the
    document an item is in (a notebook's evidence may be in another cell)."""
    related = []
    for item in found.evidence:
        document = document_of(item)  # type: ignore[arg-type]
        if document is None:
            continue
        where = types.Location(document.uri, line_range(item.line, item.column, document.lines, document.position_codec))
        related.append(types.DiagnosticRelatedInformation(location=where, message=item.label))
    return related or None


def supports_related_information(capabilities: types.ClientCapabilities) -> bool:
    text_document = capabilities.text_document
    publish = text_document.publish_diagnostics if text_document else None
    return bool(publish and publish.related_information)


def hover(
    diagnostics: Sequence[types.Diagnostic], position: types.Position, where: Callable[[types.Location], str]
) -> Optional[types.Hover]:
    """The message and evidence of the diagnostics whose range holds
    ``position`` (``where`` names an evidence location: "line 9", "cell 2, line 3")."""
    parts = []
    for diagnostic in diagnostics:
        start, end = diagnostic.range.start, diagnostic.range.end
        if not ((start.line, start.character) <= (position.line, position.character) <= (end.line, end.character)):
            continue
        text = f"**{diagnostic.code}** {diagnostic.message}"
        for item in diagnostic.related_information or ():
            text += f"\n- {where(item.location)}: {item.message}"
        parts.append(text)
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)))
