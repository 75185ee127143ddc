"""``torchlint server`` with LSP notebook documents, end to end: the real
server as a subprocess, a notebook opened, edited and closed by pygls's LSP
client over stdio."""

from __future__ import annotations

import asyncio
from typing import Dict, List

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402

from tests.test_server import TIMEOUT, Client, _actions, _apply, _session  # noqa: E402

MARKDOWN = "# Regression on two features"
DATA = "%matplotlib inline\nimport torch\nimport torch.nn as nn\nX = torch.randn(100, 2)\ny = torch.randn(100)"
TRAIN = "model = nn.Linear(2, 1)\n!nvidia-smi\nloss = nn.MSELoss()(model(X), y)"


def _cell_uri(number: int) -> str:
    return f"vscode-notebook-cell:/work/regression.ipynb#C{number}"


NOTEBOOK_URI = "file:///work/regression.ipynb"
CELLS = [(types.NotebookCellKind.Markup, "markdown", MARKDOWN), (types.NotebookCellKind.Code, "python", DATA),
         (types.NotebookCellKind.Code, "python", TRAIN)]  # fmt: skip


def _open(client: Client) -> None:
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=NOTEBOOK_URI,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=kind, document=_cell_uri(n)) for n, (kind, _, _) in enumerate(CELLS, 1)],
            ),
            # The markdown cell's text is not sent (a selector of Python cells leaves it out).
            cell_text_documents=[
                types.TextDocumentItem(uri=_cell_uri(n), language_id=language, version=1, text=text)
                for n, (_, language, text) in enumerate(CELLS, 1)
                if language == "python"
            ],
        )
    )


def _edit_cell(client: Client, number: int, text: str, version: int) -> None:
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(version=version, uri=NOTEBOOK_URI),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=_cell_uri(number), version=version),
                            changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                        )
                    ]
                )
            ),
        )
    )


async def _published(client: Client, count: int) -> Dict[str, List[types.Diagnostic]]:
    """The next ``count`` publishDiagnostics, by URI."""
    found = {}
    for _ in range(count):
        params = await client.next_diagnostics()
        found[params.uri] = list(params.diagnostics)
    return found


async def _notebook_diagnostics_per_cell_then_quick_fix(client: Client) -> None:
    [selector] = client.server_capabilities.notebook_document_sync.notebook_selector
    assert selector.notebook == "jupyter-notebook" and [cell.language for cell in selector.cells] == ["python"]
    _open(client)
    published = await _published(client, 2)
    # Each code cell gets its diagnostics; the markdown cell none.
    assert set(published) == {_cell_uri(2), _cell_uri(3)}
    assert published[_cell_uri(2)] == []
    [finding] = published[_cell_uri(3)]
    assert finding.code == "TL001" and "broadcast to (100, 100)" in finding.message
    # Line 3 of the cell (0-based 2), after the `!nvidia-smi` line.
    assert finding.range.start.line == 2 and finding.range.start.character == 7
    assert "shape set at cell 2, line 5" in finding.message
    # The evidence: where the target got its shape, in the other cell.
    [target] = finding.related_information
    assert target.location.uri == _cell_uri(2)
    assert target.location.range.start.line == 4 and target.location.range.start.character == 4
    assert target.message == "target `y`: its shape is set here"

    actions = await _actions(client, _cell_uri(3), finding)
    titles = [action.title for action in actions]
    assert titles == [
        "Fix TL001: call `.unsqueeze(-1)` on the target at the loss call",
        "Disable TL001 for this line (# noqa: TL001)",
        "Fix all torchlint findings (1 fix)",
    ]
    fixed = _apply(TRAIN, actions[0].edit.changes[_cell_uri(3)])
    assert fixed.splitlines()[2] == "loss = nn.MSELoss()(model(X), y.unsqueeze(-1))"
    # Fix all: the notebook's fixes, an edit for each cell that changes (here cell 3 alone).
    [whole_cell] = actions[2].edit.changes[_cell_uri(3)]
    assert list(actions[2].edit.changes) == [_cell_uri(3)]
    assert whole_cell.range.start.line == 2 and whole_cell.new_text == fixed.splitlines()[2]

    _edit_cell(client, 3, fixed, version=2)
    assert await _published(client, 2) == {_cell_uri(2): [], _cell_uri(3): []}

    # Breaking another cell brings the finding back on cell 3: the cells are linted together.
    _edit_cell(client, 3, TRAIN, version=3)
    published = await _published(client, 2)
    assert [d.code for d in published[_cell_uri(3)]] == ["TL001"]

    # A syntax error in one cell is said on that cell; the other cells are still linted.
    _edit_cell(client, 2, DATA + "\nz = (", version=4)
    published = await _published(client, 2)
    [error] = published[_cell_uri(2)]
    assert error.code == "TL000" and error.range.start.line == 5
    assert published[_cell_uri(3)] == []  # X and y are now unknown: nothing to say

    client.notebook_document_did_close(
        types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(NOTEBOOK_URI),
            cell_text_documents=[types.TextDocumentIdentifier(_cell_uri(n)) for n in range(1, 4)],
        )
    )
    assert await _published(client, 2) == {_cell_uri(2): [], _cell_uri(3): []}


async def _removed_cell_is_cleared(client: Client) -> None:
    """A cell deleted from the notebook gets an empty publish."""
    _open(client)
    await _published(client, 2)
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(version=2, uri=NOTEBOOK_URI),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(start=2, delete_count=1),
                        did_close=[types.TextDocumentIdentifier(_cell_uri(3))],
                    )
                )
            ),
        )
    )
    assert await _published(client, 2) == {_cell_uri(3): [], _cell_uri(2): []}


def test_a_notebook_is_linted_per_cell_and_its_quick_fix_applies():
    async def steps(client: Client) -> None:
        await _notebook_diagnostics_per_cell_then_quick_fix(client)
        await _removed_cell_is_cleared(client)

    # As VS Code says it: the server advertises notebook sync only to a client that has it.
    notebooks = types.ClientCapabilities(
        notebook_document=types.NotebookDocumentClientCapabilities(
            synchronization=types.NotebookDocumentSyncClientCapabilities()
        )
    )
    assert asyncio.run(_session(steps, capabilities=notebooks)) == 0


async def _hover_shows_the_evidence(client: Client) -> None:
    uri = "file:///work/seed.py"
    text = "import torch\nimport torch.nn as nn\nX = torch.randn(100, 2)\ny = torch.randn(100)\nmodel = nn.Linear(2, 1)\nloss = nn.MSELoss()(model(X), y)\n"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    [finding] = (await client.next_diagnostics()).diagnostics
    [target] = finding.related_information
    assert target.location.uri == uri and target.location.range.start.line == 3
    hover = await asyncio.wait_for(
        client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), finding.range.start)),
        TIMEOUT,
    )
    assert hover.contents.value.startswith("**TL001** MSELoss: prediction `model(X)` is (100, 1)")
    assert hover.contents.value.endswith("\n- line 4: target `y`: its shape is set here")
    outside = await asyncio.wait_for(
        client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))),
        TIMEOUT,
    )
    assert outside is None


def test_a_hover_shows_message_and_evidence_to_a_client_without_related_information():
    assert asyncio.run(_session(_hover_shows_the_evidence)) == 0
