"""What every rule is: a code, a message, its documentation and examples, and a
check that reads the facts the core collected about one file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional, Tuple

from torchlint.core.facts import FileFacts

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.outline import Outline


# Trigger words of a model: a torch.nn module needs the name nn bound from
# torch (`torch.nn`, `from torch import nn`, `optim, nn`), and a class of the
# file is a model when it has a forward().
MODEL_WORDS = ("forward", ".nn", " nn", "(nn", ",nn", "\tnn")


@dataclass(frozen=True)
class Finding:
    """A rule's report: where (a node of the file) and what; ``evidence``, the
    nodes its message cites (where a shape was set, where features were
    made), each with a short label, for editors and SARIF to point at."""

    node: cst.CSTNode
    message: str
    evidence: Tuple[Tuple[cst.CSTNode, str], ...] = ()


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
    VALID: ClassVar[Tuple[str, ...]] = ()
    INVALID: ClassVar[Tuple[str, ...]] = ()
    # Whether what the rule finds depends on the values a function is given
    # (shapes, scales, dtypes): then a finding in a function of an imported
    # project module, seen with the values a call in the linted file passes,
    # is reported at that call; the module linted alone cannot see it. A
    # rule about a loop's structure leaves it to the module's own lint.
    follows_values: ClassVar[bool] = False

    @classmethod
    def may_fire(cls, outline: Outline) -> bool:
        """The finer pre-scan, asked of a file whose text passed the triggers:
        False when the outline (CPython's quick parse) shows the rule cannot
        fire. A rule whose words are common says what it needs here."""
        return True

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        raise NotImplementedError


def cited(*pairs: Tuple[Optional[cst.CSTNode], str]) -> Tuple[Tuple[cst.CSTNode, str], ...]:
    """A finding's evidence: the (node, label) pairs whose node is known."""
    return tuple((node, label) for node, label in pairs if node is not None)


def quoted(facts: FileFacts, node: Optional[cst.CSTNode], limit: int = 40) -> str:
    """An expression's source, in backticks, shortened for a one-line message."""
    if node is None:
        return "it"
    text = facts.code(node)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"`{text}`"
