"""The engine's diagnostics as LSP diagnostics: ranges in the client's
units (UTF-16 unless the client chose otherwise), the rule code linked to
its documentation. The message is the engine's whole message, the fix
included."""

from __future__ import annotations

import inspect
import logging
import os
from pathlib import Path
from typing import Dict, Optional, Sequence

from lsprotocol import types

from torchlint import __version__
from torchlint.engine import UNREADABLE, Diagnostic

SOURCE = "torchlint"

log = logging.getLogger(__name__)


def internal_error(path: str, error: Exception, cell: Optional[int] = None) -> Diagnostic:
    """A bug of torchlint's, called from the ``except`` that caught it: said
    in the editor as the CLI says it, never as a server error, and logged."""
    log.exception("internal error")
    return Diagnostic(path, 1, 1, UNREADABLE, f"{error} (please report this bug)", cell=cell)


def to_lsp(diagnostic: Diagnostic, lines: Sequence[str], codec, doc_links: Dict[str, str]) -> types.Diagnostic:
    """From the finding's column to the end of its line's code: the engine
    gives where a finding starts, not where its expression ends."""
    link = doc_links.get(diagnostic.code)
    return types.Diagnostic(
        range=line_range(diagnostic.line, diagnostic.column, lines, codec),
        message=diagnostic.message,
        severity=types.DiagnosticSeverity.Error if diagnostic.code == UNREADABLE else types.DiagnosticSeverity.Warning,
        code=diagnostic.code,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
    )


def line_range(line_number: int, column: int, lines: Sequence[str], codec) -> types.Range:
    """The range from a 1-based line and column to the end of that line's
    code, in the client's units."""
    line = max(line_number - 1, 0)
    text = lines[line].rstrip("\r\n") if line < len(lines) else ""
    start = min(max(column - 1, 0), len(text))
    end = len(text.rstrip())
    if end <= start:
        end = len(text)
    if line >= len(lines):
        return _range(line, start, end)
    return codec.range_to_client_units(lines, _server_range(line, start, end))


def _server_range(line: int, start: int, end: int):
    from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

    return ServerTextRange(ServerTextPosition(line, start), ServerTextPosition(line, end))


def _range(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


def rule_doc_links(url_template: Optional[str]) -> Dict[str, str]:
    """Each rule code's documentation link: the configured URL, or else the
    rule's documentation (as `torchlint rule CODE` prints it) written once as
    a Markdown file in the user's cache, which every editor can open offline.
    No link where that file cannot be written."""
    from torchlint.rules import ALL_RULES

    if url_template:
        return {rule.code: url_template.format(code=rule.code) for rule in ALL_RULES}
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(cache, "torchlint", __version__, "rules")
    links = {}
    try:
        os.makedirs(folder, exist_ok=True)
        for rule in ALL_RULES:
            path = os.path.join(folder, f"{rule.code}.md")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(f"# {rule.code} {rule.name}\n\n{rule.summary}\n\n{inspect.getdoc(rule)}\n")
            links[rule.code] = Path(os.path.abspath(path)).as_uri()
    except OSError:
        return {}
    return links
