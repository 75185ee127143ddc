"""Positions computed per top-level statement agree with libcst's own."""

from __future__ import annotations

import glob

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from torchlint.core.positions import Positions, _descendants

ODD_LAYOUTS = [
    "#!/usr/bin/env python\r\n# header\r\n\r\nimport torch\r\nx = 1\r\n\r\n\r\n# comment\r\ny = (1 +\r\n  2)\r\n",
    "x = 1\ry = 2\r",
    "\ufeffx = 1\n",
    "@decorator\n\n# between\ndef f(a,\n      b): return a; b\nif x:\n    pass\n# footer\n",
    "x = '''\nmulti\nline''' ; y = \\\n  3\nclass A:\n  z = [\n    1,\n  ]\n",
]


def statement_nodes(module: cst.Module) -> list:
    """Every node but the module and its header and footer lines, which no rule reports."""
    return [node for statement in module.body for node in _descendants(statement)[0]]


# Every fourth fixture: their layouts repeat, and all of them (a thousand, and one more per new case)
# cost the suite's time budget more than their layouts add.
SAMPLED_FIXTURES = sorted(glob.glob("fixtures/**/*.py", recursive=True))[::4]


@pytest.mark.parametrize("source", ODD_LAYOUTS + SAMPLED_FIXTURES)
def test_positions_match_libcsts_position_provider(source: str) -> None:
    if source.endswith(".py"):
        with open(source, "rb") as handle:
            source = handle.read()
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module)
    # Last statement first: the index is built in one go, then served from it.
    nodes = statement_nodes(module)[::-1]
    assert nodes
    assert [positions.get(node) for node in nodes] == [
        (expected[node].start.line, expected[node].start.column) for node in nodes
    ]


def test_a_node_from_elsewhere_has_no_position() -> None:
    module = cst.parse_module("x = 1\n")
    assert Positions(module).get(cst.Name("x")) is None
