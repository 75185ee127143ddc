"""Parsing the next version of a document by reusing the last one's nodes.

libcst's parse is about half of a lint (~60 ms of a 500-line script), and an
edit in an editor changes one top-level statement. CPython's parse (which the
engine makes first anyway, ~5 ms) says where every top-level statement starts
and ends; the text is cut there into chunks, each chunk that was in the last
version keeps its libcst nodes (they are immutable), only the others are
parsed, and the chunks' statements are spliced into one module equal to the
one a full parse gives: same nodes, same comments owned by the same nodes.

A chunk parsed alone is the text libcst would have parsed, as long as:

- it starts where libcst's full parse starts a statement's leading lines:
  right after the previous statement, except that comment and whitespace
  lines indented under a compound statement stay with it (libcst gives them
  to its block's footer);
- it renders back to its own text under the whole file's newline and indent
  (a chunk that sees no line ending or indented block of its own guesses
  them; that guess is checked, by rendering it, when it differs).

Anything else (a chunk whose parse leaves lines in a module footer, a form
feed, a lone carriage return, a column-0 comment followed by an indented one
between statements) is parsed in full, as before. Used by the language
server, which keeps one parser per edited document; the CLI parses each file
once and has nothing to reuse.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple, Union

import libcst as cst

from torchlint.core import source

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FIRST_NEWLINE = re.compile(r"\r\n|\r|\n")
# Text whose line numbering or blank lines CPython and libcst may count
# differently: a lone carriage return, a form feed, a null byte.
_UNUSUAL = re.compile(r"\r(?!\n)|[\x0c\x00]")
_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ()) + ((ast.Match,) if hasattr(ast, "Match") else ())


class _Chunk:
    """One chunk's parse: its statements, the lines before the first (which
    libcst, parsing the chunk alone, makes a module header), and what it
    guessed for newline and indent."""

    __slots__ = ("statements", "header", "footer", "newline", "indent", "encoding", "trailing_newline")

    def __init__(self, module: cst.Module) -> None:
        self.statements = module.body
        self.header = module.header
        self.footer = module.footer
        self.newline = module.default_newline
        self.indent = module.default_indent
        self.encoding = module.encoding
        self.trailing_newline = module.has_trailing_newline

    def leading(self) -> List[cst.BaseStatement]:
        """The statements as a full parse owns them: lines before the first
        one are its leading lines, not a module header."""
        if not self.header:
            return list(self.statements)
        first = self.statements[0]
        moved = first.with_changes(leading_lines=[*self.header, *first.leading_lines])
        return [moved, *self.statements[1:]]


class IncrementalParser:
    """Parses successive versions of one document; holds the chunks of the
    last version only, so its memory does not grow with the edits."""

    def __init__(self) -> None:
        # Each chunk text's parses (more than one when the text has equal chunks).
        self._chunks: Dict[str, List[_Chunk]] = {}
        self._settings: Optional[Tuple[str, str]] = None
        # How the last parse went: chunks reused and parsed, or None for a full parse.
        self.last: Optional[Tuple[int, int]] = None

    def __call__(self, text: str, tree: ast.Module) -> Union[cst.Module, source.Unreadable]:
        """The libcst module of ``text`` (read by CPython into ``tree``), or
        why it cannot be analysed, as ``source.parse`` gives them."""
        refused = source.refusal(text, tree)
        if refused is not None:
            self._forget()
            return refused
        spliced = self._splice(text, tree)
        if spliced is not None:
            return spliced
        self._forget()
        return source.parse(text, tree)

    def _forget(self) -> None:
        self._chunks = {}
        self._settings = None
        self.last = None

    def _splice(self, text: str, tree: ast.Module) -> Optional[cst.Module]:
        pieces = _chunk_texts(text, tree)
        if pieces is None:
            return None
        # A chunk's nodes appear once in a module (positions are found by
        # node): each parse of the last version is reused at most once.
        unused = {piece: list(reusable) for piece, reusable in self._chunks.items()}
        chunks: List[_Chunk] = []
        parsed: List[bool] = []
        for piece in pieces:
            reusable = unused.get(piece)
            if reusable:
                chunks.append(reusable.pop())
                parsed.append(False)
                continue
            chunk = _parse_chunk(piece)
            if chunk is None:
                return None
            chunks.append(chunk)
            parsed.append(True)
        settings = _settings(text, chunks)
        if settings != self._settings and not all(parsed):
            # The file's newline or indent changed: the reused chunks were
            # checked against the old ones.
            return None
        for piece, chunk, new in zip(pieces, chunks, parsed):
            if new and not _renders(piece, chunk, settings):
                return None
        if any(chunk.footer for chunk in chunks[:-1]):
            return None  # lines a full parse gives to the next statement
        body: List[cst.BaseStatement] = list(chunks[0].statements)
        for chunk in chunks[1:]:
            body.extend(chunk.leading())
        self._chunks = {}
        for piece, chunk in zip(pieces, chunks):
            self._chunks.setdefault(piece, []).append(chunk)
        self._settings = settings
        self.last = (parsed.count(False), parsed.count(True))
        return cst.Module(
            body=body,
            header=chunks[0].header,
            footer=chunks[-1].footer,
            encoding=chunks[0].encoding,
            default_indent=settings[1],
            default_newline=settings[0],
            has_trailing_newline=chunks[-1].trailing_newline,
        )


def _settings(text: str, chunks: List[_Chunk]) -> Tuple[str, str]:
    """The newline and indent a full parse finds: the text's first line
    ending, and the indent of its first indented block (which is in the
    first chunk with a compound statement, unless that one is all on one
    line; then the rendering check of the chunks that differ fails)."""
    first_newline = _FIRST_NEWLINE.search(text)
    newline = first_newline.group() if first_newline else "\n"
    for chunk in chunks:
        if any(isinstance(statement, cst.BaseCompoundStatement) for statement in chunk.statements):
            return newline, chunk.indent
    return newline, chunks[0].indent


def _parse_chunk(piece: str) -> Optional[_Chunk]:
    try:
        module = cst.parse_module(piece)
    except Exception:  # any failure: the whole text is parsed instead, and that says why
        return None
    return _Chunk(module) if module.body else None


def _renders(piece: str, chunk: _Chunk, settings: Tuple[str, str]) -> bool:
    """Whether the chunk's nodes, under the file's newline and indent, are
    its text again (libcst guarantees it under the chunk's own guesses)."""
    if (chunk.newline, chunk.indent) == settings:
        return True
    module = cst.Module(
        body=chunk.statements,
        header=chunk.header,
        footer=chunk.footer,
        default_newline=settings[0],
        default_indent=settings[1],
        has_trailing_newline=chunk.trailing_newline,
    )
    return module.code == piece


def _chunk_texts(text: str, tree: ast.Module) -> Optional[List[str]]:
    """The text cut between top-level statements where a full parse starts
    the next statement's leading lines; None when that is not certain."""
    if not tree.body or _UNUSUAL.search(text):
        return None
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    cuts = [0]
    for before, after in zip(tree.body, tree.body[1:]):
        start = min([after.lineno] + [decorator.lineno for decorator in getattr(after, "decorator_list", ())])
        end = before.end_lineno or before.lineno
        if start <= end:
            continue  # two statements on one line: one chunk
        cut = _cut(lines, end, start, isinstance(before, _COMPOUND))
        if cut is None:
            return None
        cuts.append(cut)
    cuts.append(len(lines))
    return ["".join(lines[low:high]) for low, high in zip(cuts, cuts[1:]) if high > low]


def _cut(lines: List[str], end: int, start: int, compound: bool) -> Optional[int]:
    """The index of the first line of the next chunk, given the 1-based last
    line of one statement and first line of the next: after the lines
    indented under a compound statement (its block's footer), if any."""
    cut = end  # 0-based index of the line after the statement
    if not compound:
        return cut
    seen_column_zero_comment = False
    for index in range(end, start - 1):
        line = lines[index]
        if line[:1] in (" ", "\t"):
            if seen_column_zero_comment:
                return None  # who owns it depends on more than indentation
            cut = index + 1
        elif line.startswith("#"):
            seen_column_zero_comment = True
    return cut
