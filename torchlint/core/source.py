"""Turning a file's bytes into a libcst module, or into a reason why not;
walking that module."""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional, Tuple, Union

if TYPE_CHECKING:
    import ast

    import libcst as cst

# ast.PyCF_ONLY_AST, without importing ast: parse, do not generate bytecode.
_ONLY_AST = 0x400


@dataclass(frozen=True)
class Unreadable:
    """Why a file could not be analysed, and where (1-based line, 0-based column)."""

    line: int
    column: int
    reason: str


def decode(data: bytes) -> Union[str, Unreadable]:
    """Source text per PEP 263 (a coding cookie or a BOM; UTF-8 otherwise)."""
    decoded = decode_with_encoding(data)
    return decoded if isinstance(decoded, Unreadable) else decoded[0]


def decode_with_encoding(data: bytes) -> Union[Tuple[str, str], Unreadable]:
    """The source text and the encoding it was read in (to write it back the same)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, LookupError) as error:
        return Unreadable(1, 0, f"cannot decode the file: {error}")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Unreadable(line, 0, f"cannot decode the file as {error.encoding}: byte {data[error.start]:#04x} at offset {error.start}")


def python_tree(text: str) -> Union[ast.Module, Unreadable]:
    """CPython's own parse: fast, and its syntax errors are the ones users know."""
    try:
        return compile(text, "<file>", "exec", flags=_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        line, column = error.lineno or 1, max((error.offset or 1) - 1, 0)
        if _newer_syntax(text, error):
            running = f"{sys.version_info.major}.{sys.version_info.minor}"
            return Unreadable(
                line, column, f"skipped: Python {NEWEST_GRAMMAR} syntax, which Python {running} (running torchlint) cannot read; "
                f"run torchlint with Python {NEWEST_GRAMMAR} or newer to check this file"
            )
        return Unreadable(line, column, f"syntax error: {error.msg}")
    except (ValueError, MemoryError, RecursionError) as error:
        return Unreadable(1, 0, f"cannot parse: {error}")


# The newest grammar libcst reads: code valid there but not on the Python
# running torchlint (f-strings that reuse their quotes, PEP 701) is no syntax error.
NEWEST_GRAMMAR = "3.12"


# What Python 3.12 added to the grammar: f-strings quoting freely (PEP 701),
# type parameters and aliases (PEP 695).
_NEWER_CONSTRUCT = re.compile(r"^\s*(?:(?:async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[|type\s+\w+)")


def _newer_syntax(text: str, error: SyntaxError) -> bool:
    """Whether ``text``, which this Python cannot read, is valid in a newer
    grammar, failing here at one of the constructs that grammar added."""
    if sys.version_info >= (3, 12) or len(_BOOLEAN_WORD.findall(text)) >= LONGEST_BOOLEAN_CHAIN:
        return False  # nothing newer to try; or nesting that may crash libcst's native parser
    if not (error.msg or "").startswith("f-string") and not _NEWER_CONSTRUCT.match(error.text or ""):
        return False
    import libcst as cst

    try:
        cst.parse_module(text, config=cst.PartialParserConfig(python_version=NEWEST_GRAMMAR))
    except Exception:  # its syntax error, or another failure: CPython's error stands
        return False
    return True


def check_syntax(text: str) -> Optional[Unreadable]:
    """A cheap syntax check for files the rules need not parse."""
    tree = python_tree(text)
    return tree if isinstance(tree, Unreadable) else None


# libcst's native parser nests ``a and b and c ...`` one level per operand
# and overflows its stack (killing the process) somewhere past 3,000 of
# them, though CPython accepts such a chain; a file with one is skipped.
LONGEST_BOOLEAN_CHAIN = 2000
_BOOLEAN_WORD = re.compile(r"\b(?:and|or)\b")


def _longest_boolean_chain(text: str, tree: ast.Module) -> int:
    """The most operands of one ``and`` / ``or`` chain. A word count first:
    only a file with that many of the words is walked as a tree."""
    if len(_BOOLEAN_WORD.findall(text)) < LONGEST_BOOLEAN_CHAIN:
        return 0
    import ast

    return max((len(node.values) for node in ast.walk(tree) if isinstance(node, ast.BoolOp)), default=0)


def refusal(text: str, tree: ast.Module) -> Optional[Unreadable]:
    """Why libcst must not be given ``text``: it would crash on its nesting."""
    if _longest_boolean_chain(text, tree) > LONGEST_BOOLEAN_CHAIN:
        return Unreadable(1, 0, f"skipped: a boolean expression of more than {LONGEST_BOOLEAN_CHAIN} operands is too deep to parse")
    return None


def parse(text: str, tree: ast.Module) -> Union[cst.Module, Unreadable]:
    """The libcst module of ``text``, which CPython's own parser has read
    into ``tree`` first (``python_tree``): it rejects the deep nesting that
    would crash libcst's, and its syntax errors are the ones users know."""
    # Imported here, not above: a file no rule needs is never parsed, and
    # libcst takes longer to import (~150 ms) than flake8 takes to lint a file.
    import libcst as cst

    try:
        refused = refusal(text, tree)
        if refused is not None:
            return refused
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Unreadable(error.raw_line or 1, error.raw_column, f"syntax error: {error.message}")
    except RecursionError:
        return Unreadable(1, 0, "skipped: the file nests too deeply to analyse")
    except Exception as error:  # the native parser's other failures (null bytes, ...)
        return Unreadable(1, 0, f"cannot parse: {type(error).__name__}: {error}")


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)
