"""When an edit cannot change the findings: typing inside a docstring.

The engine lints a whole text (~115 ms CPU for a 500-line training script,
half of it libcst's parse). An edit whose changed characters all lie inside
one plain docstring, and neither add nor remove a line, a quote or a
backslash, leaves every token of code where it was, so the findings (and
the lines they are on) are the same; the server publishes them again
without linting. Finding the edit is a comparison of the old and new texts;
the docstrings of a text are found once (a tokenize, ~12 ms) and shifted
along with the edits that reuse them.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import List, Optional, Tuple

# The interior (offsets into the text, quotes excluded) of each docstring.
Spans = Tuple[Tuple[int, int], ...]

# Only a plain docstring: a bytes or f-string holds code or text that may not
# compile, and a backslash may start an escape that does not compile.
_PLAIN_STRING = re.compile(r"(?i)[ru]?(\"\"\"|'''|\"|')")
_STATEMENT_START = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, None)
_NOT_CODE = (tokenize.NL, tokenize.COMMENT)
# Characters an edit inside a docstring may not add or remove.
_STRUCTURAL = re.compile(r"[\"'\\\r\n]")


def docstring_spans(text: str) -> Optional[Spans]:
    """Each string that is a whole statement by itself (a docstring, or any
    bare string statement), as the offsets of its interior; None when the
    text does not tokenize."""
    line_offsets = [0]
    for line in text.splitlines(keepends=True):
        line_offsets.append(line_offsets[-1] + len(line))
    spans: List[Tuple[int, int]] = []
    previous = None  # the type of the last token of code
    candidate = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if candidate is not None and token.type == tokenize.NEWLINE:
                spans.append(_interior(candidate, line_offsets))
            candidate = None
            if token.type == tokenize.STRING and previous in _STATEMENT_START and _PLAIN_STRING.match(token.string):
                candidate = token
            if token.type not in _NOT_CODE:
                previous = token.type
    except (tokenize.TokenError, SyntaxError):
        return None
    return tuple(spans)


def _interior(token: tokenize.TokenInfo, line_offsets: List[int]) -> Tuple[int, int]:
    quotes = len(_PLAIN_STRING.match(token.string).group(1))  # type: ignore[union-attr]
    prefix = len(token.string) - len(token.string.lstrip("rRuU"))
    start = line_offsets[token.start[0] - 1] + token.start[1] + prefix + quotes
    end = line_offsets[token.end[0] - 1] + token.end[1] - quotes
    return start, end


def _edited(old: str, new: str) -> Optional[Tuple[int, int, int]]:
    """Where ``new`` differs from ``old`` (the start, and the end in each),
    when it adds or removes no line, quote or backslash; else None."""
    start = _common_prefix(old, new)
    if start == len(old) == len(new):
        return start, start, start
    suffix = _common_prefix(old[start:][::-1], new[start:][::-1])
    old_end, new_end = len(old) - suffix, len(new) - suffix
    if _STRUCTURAL.search(old, start, old_end) or _STRUCTURAL.search(new, start, new_end):
        return None
    return start, old_end, new_end


def may_stay_in_a_docstring(old: str, new: str) -> bool:
    """Whether the edit could be one that ``reused_spans`` reuses: checked
    before the docstrings are found, since finding them (a tokenize, ~12 ms
    of a 500-line script) is wasted on most edits of code. Inside a string,
    a quote opens it earlier on the line, or an odd number of triple quotes
    comes before; an edit with neither is in code. (A triple quote in a
    comment may make an edit of a docstring look like code: it is linted,
    which is never wrong, only slower.)"""
    edited = _edited(old, new)
    if edited is None:
        return False
    start = edited[0]
    line_start = old.rfind("\n", 0, start) + 1
    if "'" in old[line_start:start] or '"' in old[line_start:start]:
        return True
    return old.count('"""', 0, start) % 2 == 1 or old.count("'''", 0, start) % 2 == 1


def reused_spans(old: str, new: str, spans: Spans) -> Optional[Spans]:
    """The docstrings of ``new`` when it differs from ``old`` only inside one
    of them, without a line, quote or backslash added or removed; None when
    the edit may change the findings."""
    edited = _edited(old, new)
    if edited is None:
        return None
    start, old_end, new_end = edited
    if start == old_end == new_end == len(old) == len(new):
        return spans
    grown = new_end - old_end
    for index, (low, high) in enumerate(spans):
        if low <= start and old_end <= high:
            shifted = tuple((a + grown, b + grown) for a, b in spans[index + 1 :])
            return spans[:index] + ((low, high + grown),) + shifted
    return None


def _common_prefix(a: str, b: str) -> int:
    """The length of the common prefix, by halving: slices compare in C."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
