"""Suppression comments: ``# noqa`` on a line, ``# torchlint: noqa`` for a whole
file, and the report of ``# noqa: TLxxx`` comments that suppress nothing
(TL100, on with ``--report-unused-noqa``, as ruff's RUF100)."""

from __future__ import annotations

import io
import re
import tokenize
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from torchlint.engine import Diagnostic

UNUSED_NOQA = "TL100"

# flake8's inline suppression: a bare noqa comment, or noqa followed by ": CODE[, CODE...]".
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
# A whole file: a comment line of its own, "# torchlint: noqa" or "# torchlint: noqa: TL002, TL005".
_FILE_NOQA = re.compile(
    r"^[ \t]*#[ \t]*torchlint:[ \t]*noqa(?::[ \t]*(?P<codes>TL[0-9]*(?:[ \t]*,[ \t]*TL[0-9]*)*))?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def noqa_comment(line: str) -> Optional[re.Match]:
    """The noqa comment of a line (its group "codes" holds the codes, if any)."""
    return _NOQA.search(line)


def noqa_codes(line: str) -> Optional[Tuple[str, ...]]:
    """() for a bare noqa, the codes for "noqa: A1, B2", None without noqa."""
    match = noqa_comment(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return ()
    return tuple(code.upper() for code in re.split(r"[,\s]+", codes) if code)


def suppressed(lines: Sequence[str], diagnostic: Diagnostic) -> bool:
    if not 1 <= diagnostic.line <= len(lines):
        return False
    codes = noqa_codes(lines[diagnostic.line - 1])
    if codes is None:
        return False
    return not codes or diagnostic.code.startswith(codes)


def file_noqa(text: str) -> Optional[Tuple[str, ...]]:
    """() when ``# torchlint: noqa`` silences the whole file, the codes when
    ``# torchlint: noqa: TL002`` silences some, None otherwise."""
    if "torchlint" not in text.lower():
        return None
    codes: List[str] = []
    for match in _FILE_NOQA.finditer(text):
        if not match.group("codes"):
            return ()
        codes.extend(code.strip().upper() for code in match.group("codes").split(","))
    return tuple(codes) if codes else None


def file_suppresses(codes: Optional[Tuple[str, ...]], diagnostic: Diagnostic) -> bool:
    return codes is not None and (not codes or diagnostic.code.startswith(codes))


def unused_noqa(
    path: str, text: str, reported: Sequence[Diagnostic], enabled: Callable[[str], bool], known: Sequence[str]
) -> List[Diagnostic]:
    """TL100 for each ``# noqa: TLxxx`` comment whose TL codes suppress no
    finding of its line. ``reported`` are the line's findings before noqa;
    a code whose rules are all off in this run is not judged (it may be
    needed when they are on), nor a bare ``# noqa`` (it may be another tool's)."""
    from torchlint.engine import Diagnostic

    found_on: Dict[int, List[str]] = {}
    for diagnostic in reported:
        found_on.setdefault(diagnostic.line, []).append(diagnostic.code)
    unused = []
    for line, column, codes in _noqa_comments(text):
        ours = [code for code in codes if code.startswith("TL")]
        unknown = [code for code in ours if not any(k.startswith(code) for k in known)]
        idle = [
            code
            for code in ours
            if code not in unknown
            and any(enabled(k) for k in known if k.startswith(code))
            and not any(found.startswith(code) for found in found_on.get(line, ()))
        ]
        if unknown or idle:
            parts = []
            if idle:
                parts.append(f"{', '.join(idle)} found nothing on this line")
            if unknown:
                parts.append(f"{', '.join(unknown)} is no torchlint code")
            message = f"unused noqa: {'; '.join(parts)}; remove {'them' if len(idle) + len(unknown) > 1 else 'it'} from the comment"
            unused.append(Diagnostic(path, line, column + 1, UNUSED_NOQA, message))
    return unused


def _noqa_comments(text: str) -> List[Tuple[int, int, Tuple[str, ...]]]:
    """(line, column, codes) of each comment ``# noqa: CODES``; comments only,
    not text in strings. A file that does not tokenize has none."""
    if "noqa" not in text.lower():
        return []
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                match = noqa_comment(token.string)
                codes = noqa_codes(token.string)
                if match is not None and codes:
                    comments.append((token.start[0], token.start[1] + match.start(), codes))
    except (tokenize.TokenError, SyntaxError):
        return []
    return comments


class UnusedNoqa:
    """## What it does
    Reports a ``# noqa: TLxxx`` comment whose codes suppress no finding on its
    line, and a ``# noqa`` code that is no torchlint code (``TL999``). Off
    unless asked for: ``torchlint check --report-unused-noqa``, or ``TL100``
    in ``select`` / ``extend-select``.

    ## Why is this bad?
    A comment that suppresses nothing is left over from code that changed
    since; it would silence the same rule if the bug came back on that line.
    A bare ``# noqa`` is never reported (it may be another tool's), nor a code
    whose rule is off in this run.

    ## Example
    ```python
    loss = criterion(model(x), y)  # noqa: TL001   (y is (N, 1) now)
    ```

    ## Use instead
    ```python
    loss = criterion(model(x), y)
    ```

    Fix safety: removing the code from the comment changes nothing the
    linter reports today.
    """

    code = UNUSED_NOQA
    name = "unused-noqa"
    summary = "a noqa comment names a torchlint code that finds nothing on its line"
