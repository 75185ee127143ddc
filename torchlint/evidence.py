"""Where a finding's evidence is: the lines its message cites ("shape set at
line 12"), as positions with a short label, so that an editor can link to
them (LSP ``relatedInformation``), SARIF can list them (``relatedLocations``)
and the JSON output can give them (``evidence``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, Tuple

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding


@dataclass(frozen=True)
class Evidence:
    line: int  # 1-based; in a notebook, the line of ``cell``
    column: int  # 1-based, as a Diagnostic's
    label: str
    cell: Optional[int] = None

    def as_json(self) -> dict:
        found = {"line": self.line, "column": self.column, "label": self.label}
        if self.cell is not None:
            found["cell"] = self.cell
        return found


def located(facts: FileFacts, finding: Finding, finding_line: int) -> Tuple[Evidence, ...]:
    """The finding's evidence at its lines and columns in the text analysed;
    not what is on the finding's own line (`nn.MSELoss()(model(X), y)` sets
    its prediction's shape where the finding already points)."""
    placed = []
    for node, label in finding.evidence:
        if not facts.in_file(node):
            continue  # in an imported module: the message cites its file and line
        line, column = facts.position(node)
        if line != finding_line:
            placed.append(Evidence(line, column + 1, label))
    return tuple(placed)


def in_cells(evidence: Tuple[Evidence, ...], locate: Callable[[int], Tuple[int, int]]) -> Tuple[Evidence, ...]:
    """Evidence of a notebook's joined script placed in its cells (``locate``:
    a script line to (cell, line in the cell))."""
    placed = []
    for item in evidence:
        cell, line = locate(item.line)
        placed.append(Evidence(line, item.column, item.label, cell))
    return tuple(placed)
