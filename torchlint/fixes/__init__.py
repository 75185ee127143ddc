"""Fixes: the edits that resolve a finding, computed from the finding and the
facts of its file, and applied to the text without touching anything else.

A fix is *safe* when it is right for every program the finding can be
reported on; an *unsafe* fix needs a reader's judgement (the rule's docs say
what judgement) and is applied only with ``--unsafe-fixes``. A rule with no
fixer, or a finding its fixer is unsure of, has no fix: the finding stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding


_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) with
    ``replacement``. Lines are 1-based, columns 0-based, the end exclusive; an
    insertion has start == end."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str

    def as_json(self) -> dict:
        return {
            "range": {
                "start": {"line": self.line, "column": self.column + 1},
                "end": {"line": self.end_line, "column": self.end_column + 1},
            },
            "replacement": self.replacement,
        }

    @classmethod
    def from_json(cls, found: dict) -> "Edit":
        start, end = found["range"]["start"], found["range"]["end"]
        return cls(start["line"], start["column"] - 1, end["line"], end["column"] - 1, found["replacement"])


@dataclass(frozen=True)
class Fix:
    description: str
    edits: Tuple[Edit, ...]
    safe: bool

    def as_json(self) -> dict:
        return {"description": self.description, "safe": self.safe, "edits": [edit.as_json() for edit in self.edits]}

    @classmethod
    def from_json(cls, found: dict) -> "Fix":
        return cls(found["description"], tuple(Edit.from_json(edit) for edit in found["edits"]), found["safe"])


Fixer = Callable[["Finding", "FileFacts"], Optional[Fix]]


def _fixers() -> Dict[str, Fixer]:
    from torchlint.fixes import tl001, tl003, tl004, tl005, tl006, tl007, tl008

    return {"TL001": tl001.fix, "TL003": tl003.fix, "TL004": tl004.fix, "TL005": tl005.fix, "TL006": tl006.fix, "TL007": tl007.fix, "TL008": tl008.fix}


FIXABLE_CODES = ("TL001", "TL003", "TL004", "TL005", "TL006", "TL007", "TL008")


def fix_for(code: str, finding: Finding, facts: FileFacts) -> Optional[Fix]:
    """The finding's fix, or None. A fixer that fails on odd code leaves the
    finding without a fix: fixing is never worth a crash."""
    if code not in FIXABLE_CODES:
        return None
    try:
        return _fixers()[code](finding, facts)
    except Exception:  # noqa: BLE001 - an unexpected shape of code: no fix, the finding stays
        return None


def applies(fix: Optional[Fix], unsafe: bool) -> bool:
    return fix is not None and (fix.safe or unsafe)


def fix_marker(diagnostic, unsafe: bool) -> str:
    """``[*] `` before the message of a finding that --fix would fix."""
    return "[*] " if applies(diagnostic.fix, unsafe) else ""


def fix_summary(diagnostics: Sequence, fixed: Optional[int], unsafe: bool) -> str:
    """After --fix (``fixed`` not None): "N fixed, M remaining"; else how
    many findings --fix would fix, or "" when none has a fix."""
    if fixed is not None:
        return f"{fixed} fixed, {len(diagnostics)} remaining."
    safe = sum(applies(d.fix, unsafe) for d in diagnostics)
    hidden = sum(d.fix is not None and not applies(d.fix, unsafe) for d in diagnostics)
    if not safe and not hidden:
        return ""  # nothing to say about fixes
    return f"[*] {safe} fixable with --fix" + (f" ({hidden} more with --unsafe-fixes)." if hidden else ".")


def apply_fixes(text: str, fixes: Sequence[Fix]) -> Tuple[str, int]:
    """``text`` with the fixes applied, and how many were. A fix whose edits
    overlap one taken before it is left for the next round (the caller lints
    the new text again); identical fixes (one node reported twice) count once."""
    starts = _line_starts(text)
    taken: List[Tuple[int, int, str]] = []
    applied = 0
    seen = set()
    for fix in fixes:
        if fix.edits in seen:
            continue
        spans = [(_offset(starts, e.line, e.column), _offset(starts, e.end_line, e.end_column), e.replacement) for e in fix.edits]
        if any(_overlap(span, other) for span in spans for other in taken):
            continue
        seen.add(fix.edits)
        taken.extend(spans)
        applied += 1
    for start, end, replacement in sorted(taken, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, applied


def _overlap(first: Tuple[int, int, str], second: Tuple[int, int, str]) -> bool:
    # Two insertions at one place would come out in an arbitrary order: they overlap too.
    return (first[0] < second[1] and second[0] < first[1]) or first[0] == second[0]


def _line_starts(text: str) -> List[int]:
    """Where each line starts (index 1 for line 1), lines ended as libcst ends them."""
    return [0, 0] + [match.end() for match in _NEWLINE.finditer(text)]


def _offset(starts: List[int], line: int, column: int) -> int:
    return starts[min(line, len(starts) - 1)] + column
