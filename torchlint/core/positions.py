"""Where nodes are in the source, computed one top-level statement at a time.

libcst's PositionProvider writes out and walks the whole module, which costs
about as much as the analysis itself. A finding needs the positions of a few
nodes, and every node lies in one top-level statement: that statement alone
is resolved, and its first line is counted from the line breaks of the
statements before it, counted in the same walk that finds which statement
holds the node (writing those statements out to count them cost ~15 ms for
a finding at the end of a 500-line script).
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_NEWLINE = re.compile(r"\r\n|\r|\n")
_SEQUENCES = (list, tuple)


def _descendants(node: cst.CSTNode) -> Tuple[List[cst.CSTNode], int]:
    """``node`` and every node below it, and how many line breaks its code
    has. Reads the dataclass fields directly, several times faster than a
    libcst visitor; every node is a dataclass, and no other field value is.
    A line break is in a ``Newline`` (``None``: the module's default, one
    break) or in a text field (a string literal, a backslash continuation)."""
    found = []
    breaks = 0
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        if type(current) is cst.Newline and current.value is None:
            breaks += 1
        for name in current.__dataclass_fields__:
            child = getattr(current, name)
            if type(child) in _SEQUENCES:
                stack.extend(item for item in child if hasattr(item, "__dataclass_fields__"))
            elif hasattr(child, "__dataclass_fields__"):
                stack.append(child)
            elif type(child) is str and ("\n" in child or "\r" in child):
                breaks += len(_NEWLINE.findall(child))
    return found, breaks


class Positions:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._statement_of: Dict[int, int] = {}  # id(node) -> index of its top-level statement
        self._indexed = 0  # top-level statements whose nodes are in _statement_of
        # The line each indexed statement's text starts on, and the next one's.
        self._first_lines: List[int] = []
        self._resolved: Dict[int, Dict[cst.CSTNode, Tuple[int, int, int, int]]] = {}

    def get(self, node: cst.CSTNode) -> Optional[Tuple[int, int]]:
        """(1-based line, 0-based column) of ``node``; None for a node not in the module."""
        extent = self.extent(node)
        return extent[:2] if extent is not None else None

    def extent(self, node: cst.CSTNode) -> Optional[Tuple[int, int, int, int]]:
        """(line, column) where ``node`` starts and where it ends (the column
        after its last character), as ``get`` counts them; None for a node not
        in the module."""
        index = self._statement_index(node)
        if index is None:
            return None
        if index not in self._resolved:
            self._resolved[index] = self._resolve(index)
        return self._resolved[index].get(node)

    def _statement_index(self, node: cst.CSTNode) -> Optional[int]:
        # Statements are indexed in order, up to the one holding the node:
        # a finding near the top of a long file costs little.
        body = self.module.body
        while id(node) not in self._statement_of and self._indexed < len(body):
            if not self._first_lines:
                header = "".join(self.module.code_for_node(line) for line in self.module.header)
                self._first_lines.append(1 + len(_NEWLINE.findall(header)))
            descendants, breaks = _descendants(body[self._indexed])
            for descendant in descendants:
                self._statement_of[id(descendant)] = self._indexed
            self._first_lines.append(self._first_lines[-1] + breaks)
            self._indexed += 1
        return self._statement_of.get(id(node))

    def _resolve(self, index: int) -> Dict[cst.CSTNode, Tuple[int, int, int, int]]:
        # A top-level statement starts at column 0, so only lines shift.
        alone = self.module.with_changes(body=[self.module.body[index]], header=[], footer=[])
        ranges = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
        shift = self._first_lines[index] - 1
        return {
            node: (span.start.line + shift, span.start.column, span.end.line + shift, span.end.column)
            for node, span in ranges.items()
        }
