"""Notebook documents (LSP 3.17 ``notebookDocument/*``, as ruff's server
handles them): a notebook's code cells are linted joined, as ``torchlint
check`` lints an .ipynb (``torchlint.notebooks``: magics, ``!cmd`` and
``?`` the same), and each finding is published on its cell's URI with a
range in that cell.

Each code cell gets its own ``publishDiagnostics``, an empty one once it has
no finding left (and a cell removed from the notebook gets an empty one).
A finding's quick fix travels as in a .py document (``fix_actions.py``),
its edits moved into the cell's lines; a fix that spans cells or touches a
line the script changed (a magic) is not offered, as ``torchlint check
--fix`` leaves it. The noqa action works on a cell as on a file. "Fix
all" on a cell fixes the whole notebook, as ``torchlint check --fix`` does
an .ipynb, with an edit for each cell that changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Set
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris

from torchlint.engine import Diagnostic, InternalError, lint_script, lint_text
from torchlint.fixes import applies
from torchlint.fixes.apply import fixed_cells, fixes_by_cell
from torchlint.notebooks import Script, other_kernel, script_of_cells
from torchlint.server.diagnostics import internal_error, to_lsp
from torchlint.server.evidence import related_information
from torchlint.server.fix_actions import FIX_ALL, _changed_lines, fix_data

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

    from torchlint.server.app import TorchlintServer

log = logging.getLogger(__name__)

NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(
            notebook="jupyter-notebook", cells=[types.NotebookCellLanguage(language="python")]
        )
    ],
    save=True,
)


@dataclass
class LintedCell:
    """What a code cell's last publish held, for its code actions: the
    cell's text then and its diagnostics (fixes in ``data``)."""

    text: str
    diagnostics: List[types.Diagnostic]


class Notebooks:
    """The open notebooks' cells that findings were published on."""

    def __init__(self) -> None:
        self.published: Dict[str, Set[str]] = {}  # notebook URI -> cell URIs published on
        self.cells: Dict[str, LintedCell] = {}  # cell URI -> its last publish

    def forget(self, server: TorchlintServer, notebook_uri: str) -> None:
        server.cancel(notebook_uri)
        for cell_uri in self.published.pop(notebook_uri, set()):
            self.cells.pop(cell_uri, None)
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))

    def lint(self, server: TorchlintServer, notebook_uri: str) -> None:
        """Lints the notebook and publishes each code cell's findings."""
        server.cancel(notebook_uri)
        notebook = server.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if notebook is None:
            return
        # A cell the editor sent no text of (one its selector leaves out, as a
        # markdown cell may be) is None: pygls's get_text_document would read
        # a file at the cell URI's path, the notebook's JSON.
        documents = [server.workspace.text_documents.get(unquote(cell.document)) for cell in notebook.cells]
        code = [
            document.source if document is not None and cell.kind == types.NotebookCellKind.Code and _python(document) else None
            for cell, document in zip(notebook.cells, documents)
        ]
        per_cell: Dict[str, List[types.Diagnostic]] = {
            cell.document: [] for cell, source in zip(notebook.cells, code) if source is not None
        }
        by_uri = {document.uri: document for document in documents if document is not None}
        if other_kernel(notebook.metadata) is None and per_cell:
            script = script_of_cells(code)
            for found in self._findings(server, notebook.uri, script, code):
                cell_uri = notebook.cells[(found.cell or 1) - 1].document  # a code cell: its text was sent
                diagnostic = self._to_lsp(server, found, by_uri[cell_uri], documents, script)
                per_cell.setdefault(cell_uri, []).append(diagnostic)
        for cell_uri in self.published.get(notebook_uri, set()) - set(per_cell):
            self.cells.pop(cell_uri, None)  # a cell removed, or no longer code
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        self.published[notebook_uri] = set(per_cell)
        for cell_uri, diagnostics in per_cell.items():
            document = by_uri[cell_uri]
            self.cells[cell_uri] = LintedCell(document.source, diagnostics)
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=diagnostics, version=document.version)
            )

    def _findings(
        self, server: TorchlintServer, notebook_uri: str, script: Script, code: List[Optional[str]]
    ) -> List[Diagnostic]:
        path = uris.to_fs_path(notebook_uri) or notebook_uri
        settings = server.document_settings(notebook_uri)
        try:
            return lint_script(script, path, settings.selection(), settings.data_dirs)
        except InternalError as error:
            first_code = next(number for number, source in enumerate(code, 1) if source is not None)
            return [internal_error(path, error, cell=first_code)]

    def _to_lsp(
        self,
        server: TorchlintServer,
        found: Diagnostic,
        document: TextDocument,
        documents: List[Optional[TextDocument]],
        script: Script,
    ) -> types.Diagnostic:
        """The finding on its cell, its evidence in the cells it is in, and
        its fix moved into the cell's lines when it lies within the cell."""
        diagnostic = to_lsp(found, document.lines, document.position_codec, server.doc_links)
        diagnostic.related_information = related_information(
            found, lambda item: documents[item.cell - 1] if item.cell and item.cell <= len(documents) else None
        )
        if applies(found.fix, server.settings.unsafe_fixes):
            cells = [{"source": cell.source if cell is not None else ""} for cell in documents]
            for cell_fixes in fixes_by_cell([found.fix], script, cells).values():  # type: ignore[list-item]
                diagnostic.data = fix_data(cell_fixes[0], document.lines, document.position_codec)
        return diagnostic

    def cell(self, cell_uri: str) -> Optional[LintedCell]:
        return self.cells.get(cell_uri)

    def fix_all(self, server: TorchlintServer, cell_uri: str) -> Optional[types.CodeAction]:
        """``source.fixAll.torchlint`` on a cell: every fix of the notebook
        that applies (``torchlint check --fix``'s rounds over its cells), as
        one edit per cell that changes; offered when the last lint found a
        fix in any of its cells."""
        notebook = server.workspace.get_notebook_document(cell_uri=cell_uri)
        if notebook is None or not any(
            diagnostic.data for uri in self.published.get(notebook.uri, ()) for diagnostic in self.cells[uri].diagnostics
        ):
            return None
        documents = [server.workspace.text_documents.get(unquote(cell.document)) for cell in notebook.cells]
        cells = [
            {"cell_type": "code" if cell.kind == types.NotebookCellKind.Code and _python(document) else "markdown", "source": document.source}
            if document is not None
            else {"cell_type": "markdown", "source": ""}
            for cell, document in zip(notebook.cells, documents)
        ]
        path = uris.to_fs_path(notebook.uri) or notebook.uri
        settings = server.document_settings(notebook.uri)
        try:
            fixed = fixed_cells(
                cells, lambda text: lint_text(text, path, settings.selection(), data_dirs=settings.data_dirs), server.settings.unsafe_fixes
            )
        except InternalError:
            log.exception("internal error while fixing a notebook")
            return None
        changes = {
            document.uri: [_changed_lines(document, cell["source"])]
            for cell, document in zip(cells, documents)
            if document is not None and cell["source"] != document.source
        }
        if not fixed or not changes:
            return None
        return types.CodeAction(
            title=f"Fix all torchlint findings ({fixed} fix{'es' if fixed != 1 else ''})",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes=changes),
        )


def _python(document: TextDocument) -> bool:
    return document.language_id in (None, "", "python")
