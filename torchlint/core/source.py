"""Turning a file's bytes into a libcst module, or into a reason why not."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass
from typing import Optional, Union

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
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError) as error:
        return Unreadable(1, 0, f"cannot decode the file: {error}")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Unreadable(line, 0, f"cannot decode the file as {error.encoding}: byte {data[error.start]:#04x} at offset {error.start}")


def check_syntax(text: str) -> Optional[Unreadable]:
    """A cheap syntax check for files the rules need not parse."""
    try:
        compile(text, "<file>", "exec", flags=_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        return Unreadable(error.lineno or 1, max((error.offset or 1) - 1, 0), f"syntax error: {error.msg}")
    except (ValueError, MemoryError, RecursionError) as error:
        return Unreadable(1, 0, f"cannot parse: {error}")
    return None


def parse(text: str) -> Union[cst.Module, Unreadable]:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Unreadable(error.raw_line or 1, error.raw_column, f"syntax error: {error.message}")
    except RecursionError:
        return Unreadable(1, 0, "skipped: the file nests too deeply to analyse")
    except Exception as error:  # the native parser's other failures (null bytes, ...)
        return Unreadable(1, 0, f"cannot parse: {type(error).__name__}: {error}")
