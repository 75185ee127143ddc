"""The language server's incremental parse (torchlint.core.incremental): a
spliced module must be the module a full parse gives, node for node, with the
same positions and the same findings, over successive edits of one document."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from torchlint.core import source
from torchlint.core.incremental import IncrementalParser
from torchlint.engine import Selection, lint_text

SEED = (Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "example3_target_1d.py").read_text()

DECORATED = '''# -*- coding: utf-8 -*-
"""A module docstring."""
import torch
import torch.nn as nn


def helper(x):
    return x * 2

    # a comment indented under helper: its block's footer
# a comment before the decorator

@torch.no_grad()
def evaluate(model, x):
    return model(x)
x = 1; y = 2
x = 1; y = 2
'''


def _positions(module: cst.Module) -> list:
    ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return [(type(node).__name__, span.start.line, span.start.column, span.end.line, span.end.column) for node, span in ranges.items()]


def _assert_same_as_full_parse(parser: IncrementalParser, text: str):
    """Returns how the parse went: (chunks reused, chunks parsed)."""
    tree = source.python_tree(text)
    assert not isinstance(tree, source.Unreadable)
    spliced = parser(text, tree)
    how = parser.last
    full = source.parse(text, tree)
    assert spliced.code == text
    assert spliced.deep_equals(full)
    assert _positions(spliced) == _positions(full)
    assert lint_text(text, "train.py", Selection(), parse=parser) == lint_text(text, "train.py", Selection())
    return how


def _insert_line(text: str, before: str, line: str) -> str:
    index = text.index(before)
    return text[:index] + line + text[index:]


EDITS = {
    "a literal in a loop": lambda text: text.replace("range(1000)", "range(500)"),
    "a top-level statement added": lambda text: _insert_line(text, "model = ", "extra = torch.zeros(3)\n"),
    "a line indented into the loop": lambda text: text.replace('\nprint("Final', '\n    print("Final'),
    "the loop's last block dedented out of it": lambda text: text.replace("    if (epoch", "if (epoch").replace("        print(f'Epoch", "    print(f'Epoch"),
    "a comment between statements": lambda text: _insert_line(text, "model = ", "# the model\n\n"),
    "a comment indented after a block": lambda text: _insert_line(text, "model = ", "        # still the method's\n"),
    "a line at the end without a newline": lambda text: text + "done = True",
    "the first statement changed": lambda text: text.replace("import torch\n", "import torch as torch\n", 1),
    "a class turned into two": lambda text: _insert_line(text, "    def forward", "class Other(nn.Module):\n    pass\n\n"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_gives_the_module_of_a_full_parse_and_reuses_the_rest(edit):
    parser = IncrementalParser()
    assert _assert_same_as_full_parse(parser, SEED)[0] == 0  # the first version: all parsed
    edited = EDITS[edit](SEED)
    assert edited != SEED
    reused, parsed = _assert_same_as_full_parse(parser, edited)
    assert reused > 0 and 1 <= parsed <= 3
    # And back: the chunks of the first version are parsed again only where it differs.
    _assert_same_as_full_parse(parser, SEED)


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_line_endings_and_a_header_of_comments(newline):
    parser = IncrementalParser()
    text = DECORATED.replace("\n", newline)
    _assert_same_as_full_parse(parser, text)
    assert _assert_same_as_full_parse(parser, text.replace("x * 2", "x * 3"))[1] == 1
    _assert_same_as_full_parse(parser, text.replace("utf-8", "latin-1").replace('"""A module', '"""The module'))


def test_identical_statements_are_distinct_nodes():
    """Two equal chunks must not share nodes: findings are placed by node."""
    parser = IncrementalParser()
    _assert_same_as_full_parse(parser, DECORATED)
    module = parser(DECORATED + "x = 1; y = 2\n", source.python_tree(DECORATED + "x = 1; y = 2\n"))
    statements = module.body[-3:]
    assert len({id(statement) for statement in statements}) == 3


def test_a_tab_indented_file_and_a_change_of_indent():
    parser = IncrementalParser()
    tabbed = SEED.replace("    ", "\t")
    _assert_same_as_full_parse(parser, tabbed)
    _assert_same_as_full_parse(parser, tabbed.replace("range(1000)", "range(10)"))
    # The file's first indented block now uses two spaces: the default indent
    # changes, and what was reused was checked against the old one.
    two = "if True:\n  pass\n" + tabbed
    _assert_same_as_full_parse(parser, two)


def test_a_syntax_error_while_typing_then_fixed():
    parser = IncrementalParser()
    _assert_same_as_full_parse(parser, SEED)
    broken = SEED.replace("optimizer.step()", "optimizer.step(")
    found = lint_text(broken, "train.py", Selection(), parse=parser)
    assert [(d.code, d.line) for d in found] == [(d.code, d.line) for d in lint_text(broken, "train.py", Selection())]
    assert found and found[0].code == "TL000"
    _assert_same_as_full_parse(parser, SEED.replace("lr=0.01", "lr=0.1"))


def test_the_finding_moves_with_the_lines_added_above_it():
    parser = IncrementalParser()
    first = lint_text(SEED, "train.py", Selection(), parse=parser)
    shifted = _insert_line(SEED, "model = ", "a = 1\nb = 2\n")
    second = lint_text(shifted, "train.py", Selection(), parse=parser)
    assert [d.code for d in first] == [d.code for d in second] == ["TL001"]
    assert second[0].line == first[0].line + 2


def test_what_it_cannot_splice_it_parses_in_full():
    """A column-0 comment followed by an indented one between two statements:
    which block owns the second depends on more than indentation."""
    parser = IncrementalParser()
    text = "import torch\nif True:\n    x = 1\n# top\n    # under?\ny = 2\n"
    tree = source.python_tree(text)
    module = parser(text, tree)
    assert parser.last is None
    assert module.deep_equals(source.parse(text, tree))


def test_a_change_after_a_pause_is_linted_at_once_and_a_burst_waits():
    from torchlint.server.pacing import Pacing

    now = [100.0]
    pacing = Pacing(0.05, clock=lambda: now[0])
    uri = "file:///train.py"
    assert pacing.delay(uri) == 0.0  # the first change of a document
    now[0] += 0.02
    assert pacing.delay(uri) == 0.05  # 20 ms after the last change: a burst
    now[0] += 0.03
    pacing.linted(uri)
    now[0] += 0.01
    assert pacing.delay(uri) == 0.05  # handled right after a lint: it came during it
    now[0] += 0.3
    assert pacing.delay(uri) == 0.0  # after a pause
    pacing.forget(uri)
    now[0] += 0.001
    assert pacing.delay(uri) == 0.0  # reopened: nothing before counts


def test_only_the_last_few_documents_keep_a_parser():
    from torchlint.server.parsers import Parsers

    parsers = Parsers(kept=2)
    for name in ("a", "b", "a", "c"):
        parsers.keep(name)
    assert parsers.get("a") is not None and parsers.get("c") is not None
    assert parsers.get("b") is None  # the least recently used of three
    parsers.forget("a")
    assert parsers.get("a") is None


def test_the_server_moves_the_finding_with_each_edit_and_drops_it_when_fixed():
    """The real server, edited a line at a time (each edit parsed
    incrementally): the finding follows its line, and goes with the bug."""
    import asyncio

    from lsprotocol import types

    from tests.test_server import Client, _session

    uri = "file:///tmp/incremental_train.py"

    def change(client, version, line, text):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(types.Position(line, 0), types.Position(line, 0)), text=text)
                ],
            )
        )

    async def steps(client: Client) -> None:
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=SEED))
        )
        [finding] = (await client.next_diagnostics()).diagnostics
        assert finding.range.start.line == 27
        for version in (2, 3, 4):
            change(client, version, 5, f"offset_{version} = {version}\n")
            published = await client.next_diagnostics()
            assert published.version == version
            assert [(d.code, d.range.start.line) for d in published.diagnostics] == [("TL001", 27 + version - 1)]
        fixed = SEED.replace("y = torch.tensor(y, dtype=torch.float32)", "y = torch.tensor(y, dtype=torch.float32).unsqueeze(1)")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=5),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
            )
        )
        published = await client.next_diagnostics()
        assert published.version == 5 and list(published.diagnostics) == []

    assert asyncio.run(_session(steps)) == 0


def test_the_docstrings_are_looked_for_only_when_the_edit_adds_no_line():
    from torchlint.server.reuse import may_stay_in_a_docstring

    assert not may_stay_in_a_docstring(SEED, _insert_line(SEED, "model = ", "a = 1\n"))
    assert not may_stay_in_a_docstring(SEED, SEED.replace("# Simulate", "# 'Simulate'"))
    assert not may_stay_in_a_docstring(SEED, SEED.replace("range(1000)", "range(500)"))  # no quote before it
    assert may_stay_in_a_docstring(SEED, SEED.replace("Final weights", "Last weights"))
    documented = '"""Trains.\n\nMore words.\n"""\nimport torch\n'
    assert may_stay_in_a_docstring(documented, documented.replace("More", "Most"))
    assert not may_stay_in_a_docstring(documented, documented.replace("torch", "torch.nn"))
