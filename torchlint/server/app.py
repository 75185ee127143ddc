"""The language server: lints a Python document when it is opened, saved or
changed (at once after a pause, debounced in a burst: ``pacing.py``), and
publishes the findings."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import attrs
from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from torchlint import __version__
from torchlint.config import CONFIG_FILE_NAMES, FileSettings
from torchlint.engine import Diagnostic, InternalError, lint_text, rules_to_run
from torchlint.fixes import applies
from torchlint.server.actions import code_actions
from torchlint.server.configuration import Configurations
from torchlint.server.diagnostics import internal_error, rule_doc_links, to_lsp
from torchlint.server.evidence import hover, related_information, supports_related_information
from torchlint.server.fix_actions import FIX_ALL, fix_all, fix_data, wanted
from torchlint.server.notebook_documents import NOTEBOOK_SYNC, Notebooks
from torchlint.server.pacing import Pacing
from torchlint.server.parsers import Parsers
from torchlint.server.reuse import Spans, docstring_spans, may_stay_in_a_docstring, reused_spans
from torchlint.server.settings import ServerSettings, settings_for

log = logging.getLogger(__name__)

# Linted once at initialize so that the first real document pays no import of
# libcst, the core or the rules (~1.5 s together on a loaded machine).
_WARM_UP = """import torch
import torch.nn as nn
model = nn.Linear(2, 1)
loss = nn.MSELoss()(model(torch.zeros(4, 2)), torch.zeros(4))
"""


@dataclass
class Linted:
    """The last text linted of a document, the settings it was linted with,
    what it gave, and its docstrings (found at the first edit after the lint)."""

    text: str
    settings: FileSettings
    diagnostics: List[types.Diagnostic]
    spans: Optional[Spans] = None


class TorchlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "torchlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
        )
        self.settings: ServerSettings = settings_for(None)
        self.configurations = Configurations(self.settings.rules)
        self.doc_links: Dict[str, str] = {}
        self.pending: Dict[str, asyncio.TimerHandle] = {}
        # Per document: a save right after the debounced lint of the same
        # text, or typing in a docstring, costs no lint.
        self.linted: Dict[str, Linted] = {}
        self.notebooks = Notebooks()
        self.pacing = Pacing(self.settings.debounce)
        self.parsers = Parsers()

    def configure(self, options) -> None:
        self.settings = settings_for(options)
        self.pacing.debounce = self.settings.debounce
        self.configurations = Configurations(self.settings.rules)
        self.doc_links = rule_doc_links(self.settings.rule_docs_url)
        self.linted.clear()

    def lint_later(self, uri: str) -> None:
        """Linted at once after a pause, debounced in a burst of changes
        (``pacing.py``). A text no rule can fire on (the engine's pre-scan)
        costs a syntax check only, and an edit inside a docstring keeps the
        last findings: both are published at once."""
        self.cancel(uri)
        delay = self.pacing.delay(uri)
        text = self.workspace.get_text_document(uri).source
        settings = self.document_settings(uri)
        if not rules_to_run(text, settings.selection()) or self.reuse(uri, text, settings):
            self.lint_now(uri)
            return
        self.parsers.keep(uri)
        loop = asyncio.get_running_loop()
        # Even at once, after this handler: a change already read is handled first.
        self.pending[uri] = loop.call_later(delay, self.lint_now, uri)

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def reuse(self, uri: str, text: str, settings: FileSettings) -> bool:
        """Whether the findings of the last lint hold for ``text`` (an edit
        inside a docstring, the settings unchanged); then they are kept for it."""
        linted = self.linted.get(uri)
        if linted is None or linted.settings != settings or not may_stay_in_a_docstring(linted.text, text):
            return False
        if linted.spans is None:
            linted.spans = docstring_spans(linted.text)
        spans = reused_spans(linted.text, text, linted.spans) if linted.spans is not None else None
        if spans is None:
            return False
        self.linted[uri] = Linted(text, settings, linted.diagnostics, spans)
        return True

    def lint_now(self, uri: str) -> None:
        self.cancel(uri)
        document = self.workspace.get_text_document(uri)
        if not _is_python(document):
            return
        text = document.source
        settings = self.document_settings(uri)
        linted = self.linted.get(uri)
        if linted is not None and linted.text == text and linted.settings == settings:
            diagnostics = linted.diagnostics
        else:
            diagnostics = [self.to_lsp(found, document) for found in self.findings(text, uri, settings)]
            self.linted[uri] = Linted(text, settings, diagnostics)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )
        self.pacing.linted(uri)

    def to_lsp(self, found: Diagnostic, document) -> types.Diagnostic:
        """The finding for the editor, with its fix as ``data`` when the
        settings let the server offer it."""
        diagnostic = to_lsp(found, document.lines, document.position_codec, self.doc_links)
        diagnostic.related_information = related_information(found, lambda item: document)
        if applies(found.fix, self.settings.unsafe_fixes):
            diagnostic.data = fix_data(found.fix, document.lines, document.position_codec)
        return diagnostic

    def document_settings(self, uri: str) -> FileSettings:
        """The document's settings from the closest configuration above it;
        a broken configuration is shown to the user once, by its error."""
        settings, error = self.configurations.for_path(uris.to_fs_path(uri))
        if error is not None:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"torchlint: {error}"))
        return settings

    def findings(self, text: str, uri: str, settings: FileSettings) -> List[Diagnostic]:
        path = uris.to_fs_path(uri) or uri
        try:
            return lint_text(text, path, settings.selection(), data_dirs=settings.data_dirs, parse=self.parsers.get(uri))
        except InternalError as error:
            return [internal_error(path, error)]

    def forget(self, uri: str) -> None:
        self.cancel(uri)
        self.linted.pop(uri, None)
        self.pacing.forget(uri)
        self.parsers.forget(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def fix_all(self, uri: str) -> Optional[types.CodeAction]:
        """``source.fixAll.torchlint``, when the last lint found a fix to offer
        (so that the editor's frequent requests cost no lint otherwise)."""
        if self.workspace.get_notebook_document(cell_uri=uri) is not None:
            return self.notebooks.fix_all(self, uri)
        linted = self.linted.get(uri)
        if linted is None or not any(diagnostic.data for diagnostic in linted.diagnostics):
            return None
        document = self.workspace.get_text_document(uri)
        path = uris.to_fs_path(uri) or uri
        settings = self.document_settings(uri)
        try:
            return fix_all(
                document,
                lambda text: lint_text(text, path, settings.selection(), data_dirs=settings.data_dirs),
                self.settings.unsafe_fixes,
            )
        except InternalError:
            log.exception("internal error while fixing")
            return None

    def relint_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            if self.workspace.get_notebook_document(cell_uri=uri) is None:  # a cell is linted with its notebook
                self.lint_now(uri)
        for uri in list(self.workspace.notebook_documents):
            self.notebooks.lint(self, uri)

    def lint_notebook_later(self, uri: str) -> None:
        """Paced as a .py document's edits are: at once after a pause,
        debounced in a burst (``pacing.py``)."""
        self.cancel(uri)
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(self.pacing.delay(uri), self.lint_notebook_now, uri)

    def lint_notebook_now(self, uri: str) -> None:
        self.notebooks.lint(self, uri)
        self.pacing.linted(uri)

    def last_lint(self, uri: str) -> Optional[Tuple[str, List[types.Diagnostic]]]:
        """The text of a document, or of a notebook's cell, when it was last
        linted, and the diagnostics published for it; None before a lint."""
        linted = self.linted.get(uri)
        if linted is not None:
            return linted.text, linted.diagnostics
        cell = self.notebooks.cell(uri)
        return (cell.text, cell.diagnostics) if cell is not None else None

    def evidence_place(self, uri: str, location: types.Location) -> str:
        """An evidence location as a hover names it: its line, with its cell
        when it is in another cell of the notebook."""
        line = f"line {location.range.start.line + 1}"
        if location.uri == uri:
            return line
        notebook = self.workspace.get_notebook_document(cell_uri=location.uri)
        cells = [cell.document for cell in notebook.cells] if notebook is not None else []
        return f"cell {cells.index(location.uri) + 1}, {line}" if location.uri in cells else line


def _is_python(document) -> bool:
    if document.language_id:
        return document.language_id == "python"
    return document.uri.endswith((".py", ".pyi"))


def build() -> TorchlintServer:
    server = TorchlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: TorchlintServer, params: types.InitializeParams) -> None:
        ls.configure(params.initialization_options)
        lint_text(_WARM_UP, "<warm-up>", ls.settings.selection)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration_changed(ls: TorchlintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("torchlint"), dict):
            settings = settings["torchlint"]
        ls.configure(settings)
        ls.relint_all()

    @server.feature(types.INITIALIZED)
    def initialized(ls: TorchlintServer, params: types.InitializedParams) -> None:
        """Asks to hear of changes to configuration files, when the editor can
        tell (each lint also re-reads a configuration whose file changed)."""
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is None or not watched.dynamic_registration:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILE_NAMES]
        ls.client_register_capability(
            types.RegistrationParams(
                [
                    types.Registration(
                        id="torchlint-configuration",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def configuration_file_changed(ls: TorchlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def opened_or_saved(ls: TorchlintServer, params) -> None:
        ls.parsers.keep(params.text_document.uri)
        ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def changed(ls: TorchlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def closed(ls: TorchlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def actions(ls: TorchlintServer, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
        uri = params.text_document.uri
        only = params.context.only
        document = ls.workspace.get_text_document(uri)
        diagnostics = params.context.diagnostics
        last = ls.last_lint(uri)
        if last is None or last[0] != document.source:
            # Typed since the last lint (its debounce not yet over): the fixes'
            # edits are for the text before, so none is offered.
            diagnostics = [attrs.evolve(diagnostic, data=None) for diagnostic in diagnostics]
        found = code_actions(document, diagnostics, only)
        if wanted(FIX_ALL, only):
            every_fix = ls.fix_all(uri)
            if every_fix is not None:
                found.append(every_fix)
        return found or None

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_opened_or_saved(ls: TorchlintServer, params) -> None:
        ls.notebooks.lint(ls, params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_changed(ls: TorchlintServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.lint_notebook_later(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_closed(ls: TorchlintServer, params: types.DidCloseNotebookDocumentParams) -> None:
        ls.notebooks.forget(ls, params.notebook_document.uri)
        ls.pacing.forget(params.notebook_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hovered(ls: TorchlintServer, params: types.HoverParams) -> Optional[types.Hover]:
        """The message and evidence lines of a finding, for an editor that
        does not show relatedInformation (others show them under the message)."""
        if supports_related_information(ls.client_capabilities):
            return None
        uri = params.text_document.uri
        last = ls.last_lint(uri)
        if last is None:
            return None
        return hover(last[1], params.position, lambda location: ls.evidence_place(uri, location))

    return server


def serve() -> None:
    build().start_io()
