"""Where a notebook cell's line is in the .ipynb file itself.

A finding in a notebook names a cell and a line of that cell; CI systems
place annotations on lines of the file, which is JSON. Jupyter writes each
line of a cell's source as one string of the cell's ``"source"`` list, on a
line of its own, so the file line of that string is where the finding is
shown. This module scans the JSON text, keeping the line of each source
string, and answers None where it cannot say (a file unreadable, or changed
since it was linted)."""

from __future__ import annotations

import bisect
import json
import re
from typing import Dict, List, Optional, Tuple

# The tokens of a JSON text: a string (no raw newline can be inside one), a
# literal or number, or one punctuation character.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[-+.\w]+|[{}\[\]:,]|\s+', re.DOTALL)


def _source_strings(text: str) -> Dict[int, List[Tuple[int, str]]]:
    """For each cell (0-based index in ``cells``), the file line and decoded
    text of each string of its ``source`` list."""
    found: Dict[int, List[Tuple[int, str]]] = {}
    # One entry per open container: [is_object, current key or index, awaiting a key].
    stack: List[list] = []
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.isspace():
            line += token.count("\n")
            continue
        if token in "{[":
            stack.append([token == "{", None if token == "{" else 0, token == "{"])
        elif token in "}]":
            if stack:
                stack.pop()
        elif token == ",":
            if stack and stack[-1][0]:
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
        elif token == ":":
            continue
        elif stack and stack[-1][0] and stack[-1][2]:
            stack[-1][1] = json.loads(token) if token.startswith('"') else token
            stack[-1][2] = False
        elif token.startswith('"') and len(stack) in (3, 4):
            # A source string: an item of the list (four levels deep), or the
            # whole source as one string (three), whose lines then share one line of the file.
            path = [entry[1] for entry in stack[:3]]
            if path[0] == "cells" and isinstance(path[1], int) and path[2] == "source":
                found.setdefault(path[1], []).append((line, json.loads(token)))
    return found


def cell_line_map(text: str) -> Dict[Tuple[int, int], int]:
    """(cell number, 1-based, markdown cells counted; line in the cell) -> line of the file."""
    placed: Dict[Tuple[int, int], int] = {}
    for index, strings in _source_strings(text).items():
        starts, offset = [], 0
        for _, piece in strings:
            starts.append(offset)
            offset += len(piece)
        joined = "".join(piece for _, piece in strings)
        line_starts = [0] + [position + 1 for position, char in enumerate(joined) if char == "\n"]
        for cell_line, start in enumerate(line_starts, 1):
            piece = bisect.bisect_right(starts, start) - 1
            placed[(index + 1, cell_line)] = strings[max(piece, 0)][0]
    return placed


class NotebookLines:
    """File lines of notebook diagnostics, each notebook read once."""

    def __init__(self) -> None:
        self._maps: Dict[str, Dict[Tuple[int, int], int]] = {}

    def line_of(self, diagnostic) -> Optional[int]:
        if diagnostic.cell is None:
            return diagnostic.line
        if diagnostic.path not in self._maps:
            try:
                with open(diagnostic.path, encoding="utf-8-sig") as handle:
                    self._maps[diagnostic.path] = cell_line_map(handle.read())
            except (OSError, UnicodeDecodeError, ValueError):
                self._maps[diagnostic.path] = {}
        return self._maps[diagnostic.path].get((diagnostic.cell, diagnostic.line))
