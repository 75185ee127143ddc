"""``torchlint server``'s fixes and configuration end to end: the real server
as a subprocess, spoken to over stdio by pygls's LSP client. The quick fix
of a finding and ``source.fixAll.torchlint`` clear it once their edits are
applied; ``[tool.torchlint]`` beside a file governs it and is re-read when it
changes; a broken configuration is an error message, not a crash."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402

from tests.test_server import SEED, TIMEOUT, Client, _session  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NEVER_CLEARED = FIXTURES / "tl003" / "bad_script_never_cleared.py"  # a safe fix: zero_grad() at the loop's top
SOFTMAX_INTO_CE = FIXTURES / "tl004" / "bad_validation_softmax_ce.py"  # an unsafe fix: drop the softmax
FIX_ALL = "source.fixAll.torchlint"


class MessagesClient(Client):
    """Also keeps the server's window/showMessage notifications and its
    registrations."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: asyncio.Queue = asyncio.Queue()
        self.registrations: list = []

        @self.feature(types.WINDOW_SHOW_MESSAGE)
        def show(client: MessagesClient, params: types.ShowMessageParams) -> None:
            client.messages.put_nowait(params)

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(client: MessagesClient, params: types.RegistrationParams) -> None:
            client.registrations.extend(params.registrations)


def _apply(text: str, edits) -> str:
    """The LSP text edits applied to an ASCII text (characters are UTF-16 units there)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return starts[min(position.line, len(lines))] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def _open(client: Client, uri: str, text: str) -> types.PublishDiagnosticsParams:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    return await client.next_diagnostics()


async def _change(client: Client, uri: str, version: int, text: str) -> types.PublishDiagnosticsParams:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    published = await client.next_diagnostics()
    assert published.version == version
    return published


async def _actions(client: Client, uri: str, diagnostics, only=None) -> list:
    whole_line = diagnostics[0].range if diagnostics else types.Range(types.Position(0, 0), types.Position(0, 0))
    found = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=whole_line,
                context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
            )
        ),
        TIMEOUT,
    )
    return list(found or [])


async def _seed_quick_fix(client: Client) -> None:
    """The seed script's TL001 has a quick fix (the target unsqueezed at the
    loss call); applied, the diagnostic goes."""
    uri, text = SEED.as_uri(), SEED.read_text()
    [finding] = (await _open(client, uri, text)).diagnostics
    assert finding.code == "TL001"
    actions = await _actions(client, uri, [finding])
    [fix] = [action for action in actions if action.kind == types.CodeActionKind.QuickFix and action.is_preferred]
    assert fix.title == "Fix TL001: call `.unsqueeze(-1)` on the target at the loss call"
    assert [action.title for action in actions if action is not fix] == [
        "Disable TL001 for this line (# noqa: TL001)",
        "Fix all torchlint findings (1 fix)",
    ]
    fixed = _apply(text, fix.edit.changes[uri])
    assert fixed.splitlines()[27].startswith("    loss = loss_function(outputs, y.unsqueeze(-1))")
    assert list((await _change(client, uri, 2, fixed)).diagnostics) == []
    assert await _actions(client, uri, [], only=[types.CodeActionKind.Source]) == [], "nothing left to fix"


async def _fix_all_clears_tl003(client: Client) -> None:
    """source.fixAll.torchlint applies the safe fixes: a TL003 bug is cleared."""
    uri, text = NEVER_CLEARED.as_uri(), NEVER_CLEARED.read_text()
    [finding] = (await _open(client, uri, text)).diagnostics
    assert finding.code == "TL003"
    [action] = await _actions(client, uri, [finding], only=[types.CodeActionKind.SourceFixAll])
    assert action.kind == FIX_ALL
    [edit] = action.edit.changes[uri]
    assert (edit.range.start.line, edit.range.end.line) == (12, 12) and edit.new_text == "    optimizer.zero_grad()\n"
    fixed = _apply(text, [edit])
    assert "for epoch in range(20):\n    optimizer.zero_grad()\n    prediction = model(X)\n" in fixed
    assert list((await _change(client, uri, 2, fixed)).diagnostics) == []


async def _unsafe_fix_only_when_allowed(client: Client) -> None:
    """An unsafe fix (a softmax dropped before CrossEntropyLoss) is offered
    only once the unsafeFixes setting is on, and says it is unsafe."""
    uri = SOFTMAX_INTO_CE.as_uri()
    [finding] = (await _open(client, uri, SOFTMAX_INTO_CE.read_text())).diagnostics
    assert finding.code == "TL004" and finding.data is None
    titles = [action.title for action in await _actions(client, uri, [finding])]
    assert titles == ["Disable TL004 for this line (# noqa: TL004)"]
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"torchlint": {"debounce": 0.01, "unsafeFixes": True}})
    )
    published = {}
    for _ in range(3):  # every open document is linted again
        params = await client.next_diagnostics()
        published[params.uri] = params.diagnostics
    [finding] = published[uri]
    [fix] = [action for action in await _actions(client, uri, [finding]) if action.title.startswith("Fix TL004")]
    assert fix.title == "Fix TL004: drop the softmax: the loss applies its own (unsafe)" and not fix.is_preferred


async def _no_fix_for_a_text_not_yet_linted(client: Client) -> None:
    """Between an edit and its lint (the debounce), the diagnostics the editor
    holds are of the text before: their fix would edit the wrong place, so it
    is not offered until the new text is linted."""
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"debounce": 5}))
    for _ in range(3):
        await client.next_diagnostics()
    uri, text = SEED.as_uri(), SEED.read_text()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n" + text)],
        )
    )
    [before] = (await _open(client, "file:///tmp/other.py", text)).diagnostics  # the edit above is handled
    assert before.range.start.line == 27  # the line it was on before the edit: now the line above the bug
    titles = [action.title for action in await _actions(client, uri, [before], only=[types.CodeActionKind.QuickFix])]
    assert titles == ["Disable TL001 for this line (# noqa: TL001)"]
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
    [after] = (await client.next_diagnostics()).diagnostics
    assert after.range.start.line == 28
    titles = [action.title for action in await _actions(client, uri, [after], only=[types.CodeActionKind.QuickFix])]
    assert titles[0].startswith("Fix TL001")


def test_quick_fixes_and_fix_all_clear_the_findings():
    async def steps(client: Client) -> None:
        assert FIX_ALL in client.server_capabilities.code_action_provider.code_action_kinds
        await _seed_quick_fix(client)
        await _fix_all_clears_tl003(client)
        await _unsafe_fix_only_when_allowed(client)
        await _no_fix_for_a_text_not_yet_linted(client)

    assert asyncio.run(_session(steps, MessagesClient())) == 0


def test_the_configuration_beside_a_file_governs_it_and_is_reread(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(SEED.read_text())
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.torchlint]\nignore = ["TL001"]\n')

    async def config_changed(client: MessagesClient) -> list:
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed)])
        )
        return list((await client.next_diagnostics()).diagnostics)

    async def steps(client: MessagesClient) -> None:
        uri = script.as_uri()
        assert list((await _open(client, uri, script.read_text())).diagnostics) == [], "TL001 is ignored"
        [registration] = client.registrations  # asked for at `initialized`, answered before the open
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        assert [watcher["globPattern"] for watcher in registration.register_options["watchers"]] == [
            "**/.torchlint.toml",
            "**/torchlint.toml",
            "**/pyproject.toml",
        ]
        pyproject.write_text('[tool.torchlint]\nselect = ["TL001", "TL003"]\n')
        assert [found.code for found in await config_changed(client)] == ["TL001"]

        pyproject.write_text('[tool.torchlint]\nignore = ["TL001"\n')  # not TOML
        found = await config_changed(client)
        message = await asyncio.wait_for(client.messages.get(), TIMEOUT)
        assert message.type == types.MessageType.Error
        assert str(pyproject) in message.message and "not valid TOML" in message.message
        assert [finding.code for finding in found] == ["TL001"], "linted with the editor's settings alone"

        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
        assert [finding.code for finding in (await client.next_diagnostics()).diagnostics] == ["TL001"]
        assert client.messages.empty(), "the same error is said once"

        pyproject.write_text('[tool.torchlint]\nignore = ["TL001", "TL9"]\n')  # an unknown code
        assert [finding.code for finding in await config_changed(client)] == ["TL001"]
        message = await asyncio.wait_for(client.messages.get(), TIMEOUT)
        assert "unknown code 'TL9'" in message.message

        pyproject.write_text('[tool.torchlint]\nignore = ["TL001"]\n')
        assert await config_changed(client) == []

        # Without the editor's word, the next lint sees that the file changed.
        pyproject.write_text('[tool.torchlint]\nextend-select = ["TL001"]\n')
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
        assert [finding.code for finding in (await client.next_diagnostics()).diagnostics] == ["TL001"]

    watching = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        )
    )
    assert asyncio.run(_session(steps, MessagesClient(), watching)) == 0


def test_the_editor_options_lie_over_the_configuration(tmp_path):
    """As --select on the command line: the editor's select wins over the file's ignore."""
    from torchlint.config import RuleChoice
    from torchlint.server.configuration import Configurations

    (tmp_path / "torchlint.toml").write_text('ignore = ["TL001"]\n')
    script = str(tmp_path / "train.py")
    assert "TL001" not in Configurations(RuleChoice()).for_path(script)[0].enabled
    settings, error = Configurations(RuleChoice(select=("TL001",))).for_path(script)
    assert error is None and settings.enabled == {"TL000", "TL001"}  # a syntax error is said unless ignored


def test_settings_take_unsafe_fixes_and_drop_unknown_codes():
    from torchlint.server.settings import settings_for

    settings = settings_for({"unsafeFixes": True, "select": ["tl001", "TL999"], "ignore": "TL0"})
    assert settings.unsafe_fixes and settings.rules.select == ("TL001",) and settings.rules.ignore == ("TL0",)
    assert not settings_for({"unsafeFixes": "yes"}).unsafe_fixes


def test_a_fix_edit_after_non_ascii_text_is_in_utf16_units():
    from pygls.workspace import TextDocument

    from torchlint.fixes import Edit, Fix
    from torchlint.server.fix_actions import fix_data

    document = TextDocument("file:///t.py", "s = '𝔼'; loss = f(a, y)\n")
    fix = Fix("unsqueeze", (Edit(1, 22, 1, 23, "y.unsqueeze(-1)"),), True)  # columns in code points
    [edit] = fix_data(fix, document.lines, document.position_codec)["fix"]["edits"]
    assert (edit["range"]["start"]["character"], edit["range"]["end"]["character"]) == (23, 24)


@pytest.mark.parametrize(
    "old, new",
    [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("a\nb", "a\nb2"),  # no final line end
        ("a\nb\n", "a\nx\nb\n"),  # a line inserted
        ("a\nb\n", "a\n"),  # a line removed at the end
    ],
)
def test_the_fix_all_edit_replaces_the_changed_lines(old, new):
    from pygls.workspace import TextDocument

    from torchlint.server.fix_actions import _changed_lines

    edit = _changed_lines(TextDocument("file:///t.py", old), new)
    assert _apply(old, [edit]) == new
