"""``torchlint server`` end to end: the real server as a subprocess, spoken
to over stdio by pygls's LSP client."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import List

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "example3_target_1d.py"
TIMEOUT = 30


class Client(LanguageClient):
    """Keeps each publishDiagnostics, and lets a test wait for the next one."""

    def __init__(self) -> None:
        super().__init__("torchlint-test", "0")
        self.published: asyncio.Queue = asyncio.Queue()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
            client.published.put_nowait(params)

    async def next_diagnostics(self) -> types.PublishDiagnosticsParams:
        return await asyncio.wait_for(self.published.get(), TIMEOUT)


def _apply(text: str, edits) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line, "the noqa edit stays on one line"
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "".join(lines)


async def _actions(client: Client, uri: str, diagnostic: types.Diagnostic) -> List[types.CodeAction]:
    return await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        ),
        TIMEOUT,
    )


async def _session(steps, client=None, capabilities=None) -> int:
    """Starts the server, initializes it for ``client`` (a new Client by
    default) with ``capabilities``, runs ``steps``, and returns the server's
    exit status after shutdown and exit."""
    client = client or Client()
    await client.start_io(sys.executable, "-m", "torchlint", "server")
    try:
        initialized = await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=capabilities or types.ClientCapabilities(),
                    initialization_options={"debounce": 0.01},
                )
            ),
            TIMEOUT,
        )
        assert initialized.capabilities.text_document_sync.save, "the server asks for didSave"
        client.server_capabilities = initialized.capabilities
        client.initialized(types.InitializedParams())
        await steps(client)
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        return await asyncio.wait_for(client._server.wait(), TIMEOUT)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        await client.stop()


async def _seed_finding_then_noqa(client: Client) -> None:
    """Diagnostics arrive for a seed script and go once the noqa action's edit is applied."""
    uri = SEED.as_uri()
    text = SEED.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    published = await client.next_diagnostics()
    assert published.uri == uri
    [finding] = published.diagnostics
    assert finding.code == "TL001"
    assert finding.range.start.line == 27  # line 28, 0-based
    assert "broadcast to (100, 100)" in finding.message and "Fix:" in finding.message
    assert finding.code_description is not None and finding.code_description.href.endswith("TL001.md")

    actions = await _actions(client, uri, finding)
    [action] = [action for action in actions if action.title.startswith("Disable TL001")]
    edited = _apply(text, action.edit.changes[uri])
    assert edited.splitlines()[27].endswith("# expect: TL001 \"broadcast to (100, 100)\"  # noqa: TL001")

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    published = await client.next_diagnostics()
    assert published.version == 2
    assert list(published.diagnostics) == []

    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
    assert list((await client.next_diagnostics()).diagnostics) == []


async def _syntax_error_while_typing(client: Client) -> None:
    """A syntax error while typing is a TL000 diagnostic, and the server goes on."""
    uri = "file:///tmp/typing.py"
    half_written = "import torch\nloss = torch.nn.MSELoss(\n"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=half_written))
    )
    [error] = (await client.next_diagnostics()).diagnostics
    assert error.code == "TL000" and error.severity == types.DiagnosticSeverity.Error
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(1, 24), types.Position(1, 24)), text=")"
                )
            ],
        )
    )
    assert list((await client.next_diagnostics()).diagnostics) == []


def test_the_server_end_to_end():
    async def steps(client: Client) -> None:
        await _seed_finding_then_noqa(client)
        await _syntax_error_while_typing(client)

    # One server for both: its start (imports, warm-up) is most of the time.
    assert asyncio.run(_session(steps)) == 0


def test_the_noqa_action_extends_an_existing_noqa_list():
    from pygls.workspace import TextDocument

    from torchlint.server.actions import add_noqa

    document = TextDocument("file:///t.py", "x = f(a, b)  # noqa: E501\n")
    finding = types.Diagnostic(
        range=types.Range(types.Position(0, 4), types.Position(0, 11)), message="m", code="TL001", source="torchlint"
    )
    [action] = add_noqa(document, finding)
    assert _apply(document.source, action.edit.changes["file:///t.py"]) == "x = f(a, b)  # noqa: E501, TL001\n"
    already = TextDocument("file:///t.py", "x = f(a, b)  # noqa: E501, TL001\n")
    assert list(add_noqa(already, finding)) == []


def test_a_range_after_non_ascii_text_is_in_utf16_units():
    from pygls.workspace import TextDocument

    from torchlint.engine import Diagnostic
    from torchlint.server.diagnostics import to_lsp

    document = TextDocument("file:///t.py", "s = '𝔼'; loss = f(a, b)\n")
    found = Diagnostic("t.py", 1, 10, "TL001", "m")  # column 10: the `l` of loss, in code points
    lsp = to_lsp(found, document.lines, document.position_codec, {})
    assert (lsp.range.start.character, lsp.range.end.character) == (10, 24)  # 𝔼 is two UTF-16 units


def test_settings_come_from_the_editor_options_and_bad_values_keep_defaults():
    from torchlint.server.settings import DEFAULT_DEBOUNCE_SECONDS, settings_for

    settings = settings_for({"select": ["TL002"], "debounce": 0.2, "ruleDocsUrl": "https://example.org/{code}"})
    assert settings.selection.enabled("TL002") and not settings.selection.enabled("TL001")
    assert settings.debounce == 0.2 and settings.rule_docs_url == "https://example.org/{code}"
    odd = settings_for({"select": 3, "debounce": "soon", "ruleDocsUrl": "https://example.org"})
    assert odd.selection.enabled("TL001") and odd.debounce == DEFAULT_DEBOUNCE_SECONDS and odd.rule_docs_url is None


DOCUMENTED = '"""Module doc."""\nimport torch\n\n\ndef f(x):\n    r"""Doc\n    more."""\n    return x  # note\n'


def test_typing_in_a_docstring_reuses_the_findings_and_the_spans_follow_the_edits():
    from torchlint.server.reuse import docstring_spans, reused_spans

    spans = docstring_spans(DOCUMENTED)
    assert [DOCUMENTED[a:b] for a, b in spans] == ["Module doc.", "Doc\n    more."]
    typed = DOCUMENTED.replace("Doc\n", "Docs here\n")
    spans = reused_spans(DOCUMENTED, typed, spans)
    shortened = typed.replace("Module doc.", "Module.")
    spans = reused_spans(typed, shortened, spans)
    assert spans == docstring_spans(shortened)


@pytest.mark.parametrize(
    "edited",
    [
        DOCUMENTED.replace("return x", "return  x"),  # code
        DOCUMENTED.replace("# note", "# noqa: TL001"),  # a comment: noqa
        DOCUMENTED.replace("Doc\n", "Doc\n\n"),  # a new line moves the lines below
        DOCUMENTED.replace("Doc", "D\\N{BULLET}oc"),  # an escape, which may not compile
        DOCUMENTED.replace("Doc", 'D"oc'),  # a quote
        DOCUMENTED.replace('"""Module doc."""', 'b"""Module doc."""'),  # now bytes
    ],
)
def test_an_edit_that_may_change_the_findings_is_linted(edited):
    from torchlint.server.reuse import docstring_spans, reused_spans

    assert reused_spans(DOCUMENTED, edited, docstring_spans(DOCUMENTED)) is None
