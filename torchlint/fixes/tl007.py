"""TL007's fix: ``.detach()`` on the loss where it is accumulated
(``total += loss.detach()``, ``losses.append(loss.detach())``).

``.detach()`` rather than ``.item()``: the accumulated value stays a tensor
of the same dtype and device, so what the code does with it afterwards
(``total.item()``, ``torch.stack(losses)``, ``total / n``) works as before,
and no device sync is added to each step. Only the graph is let go. Safe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from torchlint.fixes import Fix
from torchlint.fixes.nodes import records_of, replace, with_method

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    accumulations = records_of(facts.accumulations, finding.node, key=lambda accumulation: accumulation.node)
    operand = accumulations[0].operand if accumulations else None
    if operand is None:
        return None
    edit = replace(facts, operand, with_method(facts, operand, "detach()"))  # type: ignore[arg-type]
    return Fix("accumulate the loss detached from its graph (`.detach()`)", (edit,), safe=True) if edit is not None else None
