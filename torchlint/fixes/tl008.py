"""TL008's fix: the loop that keeps the model's outputs, under
``with torch.no_grad():`` (the loop's lines indented one level more).

Fixed only where the file imports ``torch`` under that name, the loop
starts its own line and holds no multi-line string or line continuation
(indenting those would change them). Unsafe: the rule has seen no backward()
that uses these outputs, but a loss computed on them later (a rollout whose
outputs are trained on) would no longer reach the model; a reader confirms
that the loop only evaluates. No fix where the loop itself calls
``backward`` or asks for gradients (``grad``, ``requires_grad``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

import libcst as cst

from torchlint.core.facts import loops_of
from torchlint.fixes import Edit, Fix
from torchlint.fixes.nodes import lines_of, records_of

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding

_NEEDS_GRADIENTS = re.compile(r"\bbackward\b|\bgrad\b|requires_grad|autograd|\\\n|'''|\"\"\"")


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    accumulations = records_of(facts.accumulations, finding.node, key=lambda accumulation: accumulation.node)
    loop = next(loops_of(accumulations[0].controls), None) if accumulations else None
    if loop is None or not isinstance(loop.node, (cst.For, cst.While)) or not _imports_torch(facts.module):
        return None
    extent = facts.extent(loop.node)
    if extent is None:
        return None
    line, column, end_line, end_column = extent
    lines = lines_of(facts)
    if end_column == 0:
        end_line -= 1  # the block ends where the next line starts
    indent = lines[line - 1][:column]
    loop_lines = lines[line - 1 : end_line]
    if indent.strip() or _NEEDS_GRADIENTS.search("".join(loop_lines)):
        return None
    unit = facts.module.default_indent
    indented = "".join(unit + text if text.strip() else text for text in loop_lines)
    if not indented.endswith(("\n", "\r")):
        indented += facts.module.default_newline
    replacement = f"{indent}with torch.no_grad():{facts.module.default_newline}{indented}"
    edit = Edit(line, 0, end_line + 1, 0, replacement)
    return Fix("run the loop under `with torch.no_grad():`", (edit,), safe=False)


def _imports_torch(module: cst.Module) -> bool:
    """``import torch`` at the top level of the file."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                    isinstance(alias.name, cst.Name) and alias.name.value == "torch" and alias.asname is None for alias in small.names
                ):
                    return True
    return False
