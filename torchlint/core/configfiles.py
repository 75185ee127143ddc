"""Configuration files a script reads its settings from: JSON, and the part of
YAML that configurations are written in.

A training script often takes its data path, layer sizes and learning rate
from ``config.yaml`` (``yaml.safe_load(open(path))``, ``OmegaConf.load``) or
``config.json``. When that file is in the checkout, its values are what the
script runs with. YAML is read here without PyYAML (the linter depends on
nothing it does not need): block mappings and sequences, flow ``[...]`` and
``{...}`` of plain values, quoted and plain scalars resolved as PyYAML's
``safe_load`` resolves them. A value written as a block scalar (``|``, ``>``)
is not read; a file with anchors, aliases or tags is not read at all.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import List, Optional, Tuple

# What a configuration file is named.
CONFIG_SUFFIXES = (".yaml", ".yml", ".json")
# A larger file is not a hand-written configuration.
_MOST_BYTES = 64 * 1024
# A value this reader does not read (a block scalar): unknown to the evaluator.
UNREAD = object()

# PyYAML's resolvers (yaml/resolver.py) for plain scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_TRUE = frozenset("yes Yes YES true True TRUE on On ON".split())


class _Unsupported(Exception):
    """YAML this reader does not follow."""


def read(path: str) -> object:
    """The settings in the file at ``path``: dicts, lists and plain values
    (``UNREAD`` for one not read); None when the file is not read."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    # Keyed by the file's state too: the editor server reads it again once it changed.
    return _read(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=64)
def _read(path: str, modified: int, size: int) -> object:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MOST_BYTES + 1)
        if len(data) > _MOST_BYTES:
            return None
        text = data.decode("utf-8-sig")
        if path.lower().endswith(".json"):
            return json.loads(text)
        return parse_yaml(text)
    except (OSError, UnicodeDecodeError, ValueError, _Unsupported, RecursionError):
        return None


def parse_yaml(text: str) -> object:
    """One YAML document: a mapping, a sequence or a scalar."""
    lines = _lines(text)
    if not lines:
        return None
    value, end = _block(lines, 0, lines[0][0])
    if end != len(lines):
        raise _Unsupported("text after the document")
    return value


def _lines(text: str) -> List[Tuple[int, str]]:
    """(indent, content) of each line that holds something, comments removed."""
    kept: List[Tuple[int, str]] = []
    for raw in text.splitlines():
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise _Unsupported("tab indentation")
        content = _without_comment(raw).rstrip()
        stripped = content.strip()
        if not stripped or stripped.startswith("%"):
            continue
        if stripped in ("---", "..."):
            if kept:
                break  # the first document only
            continue
        kept.append((len(content) - len(content.lstrip(" ")), stripped))
    return kept


def _without_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"" and (index == 0 or line[index - 1] in " :[{,-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _block(lines: List[Tuple[int, str]], start: int, indent: int) -> Tuple[object, int]:
    """The mapping or sequence whose lines start at ``start``, indented ``indent``."""
    if _is_item(lines[start][1]):
        return _sequence(lines, start, indent)
    if _key(lines[start][1]) is None:
        if start + 1 < len(lines) and lines[start + 1][0] >= indent:
            raise _Unsupported("a scalar over several lines")
        return _scalar(lines[start][1]), start + 1
    return _mapping(lines, start, indent)


def _key(content: str) -> Optional[Tuple[str, str]]:
    """(key, rest) of a ``key: value`` line; None for anything else."""
    if content[:1] in "[{&*!|>":
        return None
    if content[:1] in "'\"":
        close = content.find(content[0], 1)
        if close < 0 or not content[close + 1 :].startswith(":"):
            return None
        key, rest = content[1:close], content[close + 2 :]
    else:
        match = re.match(r"^([^:]+?):(?:\s+(.*)|$)", content)
        if match is None:
            return None
        key, rest = match.group(1), match.group(2) or ""
    return key.strip(), rest.strip()


def _mapping(lines: List[Tuple[int, str]], start: int, indent: int) -> Tuple[dict, int]:
    mapping: dict = {}
    index = start
    while index < len(lines) and lines[index][0] == indent and not _is_item(lines[index][1]):
        parsed = _key(lines[index][1])
        if parsed is None:
            raise _Unsupported(lines[index][1])
        key, rest = parsed
        index += 1
        if rest[:1] in ("|", ">"):
            mapping[key] = UNREAD
            while index < len(lines) and lines[index][0] > indent:
                index += 1
        elif rest:
            mapping[key] = _scalar(rest)
        elif index < len(lines) and (lines[index][0] > indent or (lines[index][0] == indent and _is_item(lines[index][1]))):
            mapping[key], index = _block(lines, index, lines[index][0])
        else:
            mapping[key] = None
    if index < len(lines) and lines[index][0] > indent:
        raise _Unsupported("a line indented deeper than its mapping")
    return mapping, index


def _sequence(lines: List[Tuple[int, str]], start: int, indent: int) -> Tuple[list, int]:
    items: list = []
    index = start
    while index < len(lines) and lines[index][0] == indent and _is_item(lines[index][1]):
        rest = lines[index][1][1:].lstrip(" ")
        if not rest:
            index += 1
            if index < len(lines) and lines[index][0] > indent:
                item, index = _block(lines, index, lines[index][0])
            else:
                item = None
        elif _key(rest) is not None:
            # "- name: x" opens a mapping whose keys line up with "name".
            inner = indent + len(lines[index][1]) - len(rest)
            lines[index] = (inner, rest)
            item, index = _mapping(lines, index, inner)
        else:
            item, index = _scalar(rest), index + 1
        items.append(item)
    return items, index


def _scalar(text: str) -> object:
    if text[:1] in "&*!":
        raise _Unsupported("anchors, aliases and tags")
    if text[:1] == '"':
        if not text.endswith('"') or len(text) < 2:
            raise _Unsupported("a quoted scalar over several lines")
        return json.loads(text)
    if text[:1] == "'":
        if not text.endswith("'") or len(text) < 2:
            raise _Unsupported("a quoted scalar over several lines")
        return text[1:-1].replace("''", "'")
    if text[:1] == "[":
        return [_scalar(part) for part in _flow_parts(text, "]")]
    if text[:1] == "{":
        entries = {}
        for part in _flow_parts(text, "}"):
            parsed = _key(part)
            if parsed is None:
                raise _Unsupported(part)
            entries[parsed[0]] = _scalar(parsed[1])
        return entries
    return _plain(text)


def _flow_parts(text: str, close: str) -> List[str]:
    """The comma-separated parts of a flow collection of plain values."""
    if not text.endswith(close):
        raise _Unsupported("a flow collection over several lines")
    inner = text[1:-1].strip()
    if any(mark in inner for mark in "[]{}"):
        raise _Unsupported("nested flow collections")
    return [part.strip() for part in inner.split(",") if part.strip()] if inner else []


def _plain(text: str) -> object:
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text in _TRUE
    if _INT.match(text):
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        body = digits.lstrip("+-")
        if body.startswith(("0b", "0x")):
            return sign * int(body, 0)
        if len(body) > 1 and body.startswith("0"):
            return sign * int(body, 8)
        return sign * int(body)
    if _FLOAT.match(text):
        lowered = text.replace("_", "").lower()
        if lowered.endswith("inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered.endswith("nan"):
            return float("nan")
        return float(lowered)
    return text
