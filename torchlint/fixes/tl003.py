"""TL003's fix for gradients never cleared: ``optimizer.zero_grad()`` as the
first statement of the loop that steps.

Fixed only where the step is the loop's own (not in a helper it calls, whose
optimizer may have another name) and the optimizer is a name or an attribute
the loop does not rebind. Unsafe where gradient accumulation may be meant:
the step runs under a condition in the loop (``if i % k == 0``), or the loop
steps more than one optimizer (a GAN's generator is then cleared before the
discriminator's backward, which may reach it). The finding that zero_grad()
runs between backward() and step() has no fix: where the clearing belongs
depends on what the loop means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional


from torchlint.core import models
from torchlint.core.values import Optimizer
from torchlint.fixes import Fix
from torchlint.fixes.nodes import at_block_start, bound_names, records_of, root_name, source

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    recorded = records_of(facts.method_calls, finding.node, key=lambda call: call.node)
    steps = [step for step in recorded if models.is_optimizer_step(step)]
    loops = [facts.training_loop(step.controls) for step in steps]
    if not steps or loops[0] is None or any(loop is None or loop.node is not loops[0].node for loop in loops):
        return None
    step, loop = steps[0], loops[0]
    inside = step.controls[step.controls.index(loop) + 1:]
    if any(control.kind == "call" for control in inside):
        return None  # stepped in a helper: its optimizer's name is not the loop's
    # `scaler.step(optimizer)` steps the optimizer it is given.
    scaled = not isinstance(step.receiver, Optimizer) and bool(step.node.args)
    optimizer = step.node.args[0].value if scaled else step.node.func.value  # type: ignore[attr-defined]
    root = root_name(optimizer)
    if root is None or root in bound_names(loop.node.body):  # type: ignore[attr-defined]
        return None
    edit = at_block_start(facts, loop.node, f"{source(facts, optimizer)}.zero_grad()")
    if edit is None:
        return None
    stepped = {models.receiver_name(call) for call in facts.within(loop, facts.method_calls) if models.is_optimizer_step(call)}
    conditional = any(control.kind in ("if", "else") for control in inside)
    return Fix("clear the gradients at the start of each iteration", (edit,), safe=not conditional and len(stepped) == 1)

