"""What every rule is: a code, a message, its documentation and examples, and a
check that reads the facts the core collected about one file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional, Tuple

from torchlint.core.facts import FileFacts

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class Finding:
    """A rule's report: where (a node of the file) and what."""

    node: cst.CSTNode
    message: str


class Rule:
    """Base class. A rule's docstring is its documentation, written in four
    parts, as the README shows it: what it does, why it is bad, example, use
    instead.

    VALID and INVALID are source snippets: each INVALID one must produce at
    least one finding of this rule and each VALID one none; the test suite
    checks both, so they double as tests.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    # A file can only trigger the rule if its text contains, for every group
    # here, at least one of the group's words; a file no rule can trigger is
    # not parsed at all.
    triggers: ClassVar[Tuple[Tuple[str, ...], ...]]
    # A finer pre-scan, for a rule whose words are common: the name of a fact
    # of core.outline.Outline (CPython's quick parse) that must be true for the
    # rule to fire. None: the triggers are all the pre-scan asks.
    outline_precondition: ClassVar[Optional[str]] = None
    VALID: ClassVar[Tuple[str, ...]] = ()
    INVALID: ClassVar[Tuple[str, ...]] = ()

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        raise NotImplementedError


def quoted(facts: FileFacts, node: Optional[cst.CSTNode], limit: int = 40) -> str:
    """An expression's source, in backticks, shortened for a one-line message."""
    if node is None:
        return "it"
    text = facts.code(node)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"`{text}`"
