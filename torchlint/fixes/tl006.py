"""TL006's fix: ``model.eval()`` before the evaluation, and ``model.train()``
back where training resumes.

A model evaluated in training mode gets ``<model>.eval()`` on its own line
before the statement that starts the evaluation: the outermost loop or
``with`` block around the model call after the training loop it is in (or in
the function, or the file), else the statement itself. When that evaluation
sits inside a training loop (an epoch loop that trains, then validates),
``<model>.train()`` follows right after the evaluation block, unless the loop
already calls it. A training loop that calls ``model.eval()`` and never
``model.train()`` gets ``<model>.train()`` as the first statement of its
body, when the eval() comes after the loop's training in the body.

No fix where the model is not a name or an attribute chain, is bound anew in
the evaluation block, the call is inside a lambda, the eval() and the loop
are in different functions (unless both are methods of one ``self`` and the
model is its attribute: a trainer's ``self.validate()``), or the evaluation block holds ``continue`` (the
train() after it would be skipped). Unsafe: where training resumes, and
whether code after the evaluation trains again, is a judgement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Sequence

import libcst as cst

from torchlint.core import models
from torchlint.core.facts import enclosing_call
from torchlint.core.source import walk
from torchlint.core.values import FunctionValue
from torchlint.fixes import Fix
from torchlint.fixes.nodes import ancestors, at_block_start, bound_names, insert, lines_of, records_of, root_name, source
from torchlint.rules.tl006_eval_mode import EVAL, TRAIN, mode_switch, switches_back

if TYPE_CHECKING:
    from torchlint.core.facts import CallFact, Control, FileFacts
    from torchlint.rules.base import Finding

_SCOPES = (cst.FunctionDef, cst.ClassDef)
_BLOCKS = (cst.For, cst.While, cst.With)


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    recorded = records_of(facts.calls, finding.node, key=lambda call: call.node)
    switches = [call for call in recorded if _switched_to(call) == EVAL]
    if switches:
        return _train_each_iteration(finding.node, switches, facts)
    return _eval_before_evaluating(finding.node, recorded, facts)


def _switched_to(call: CallFact) -> Optional[str]:
    switched = mode_switch(call)
    return switched[1] if switched is not None else None


def _train_each_iteration(node: cst.Call, switches: List[CallFact], facts: FileFacts) -> Optional[Fix]:
    loops = [facts.training_loop(call.controls) for call in switches]
    loop = loops[0]
    if loop is None or any(other is not loop for other in loops):
        return None
    model = node.func.value  # type: ignore[attr-defined]
    root = root_name(model)
    if not all(_same_name_in_loop(call, loop, root) for call in switches):
        return None  # eval() in a helper: its name for the model may not be the loop's
    if root is None or root in bound_names(loop.node.body) or not all(_trains_before(facts, loop, call) for call in switches):  # type: ignore[attr-defined]
        return None
    edit = at_block_start(facts, loop.node, f"{source(facts, model)}.train()")
    if edit is None:
        return None
    return Fix("switch the model back to training mode at the start of each iteration", (edit,), safe=False)


def _same_name_in_loop(call: CallFact, loop: Control, root: Optional[str]) -> bool:
    """The eval() call names its model as the loop's code would: it is in the
    loop's own function, or in methods of the loop's own ``self`` (a trainer's
    ``self.validate()`` called from ``self.fit()``) and the model is an attribute of it."""
    helpers = [control.function for control in call.controls[call.controls.index(loop) + 1:] if control.kind == "call"]
    if not helpers:
        return True
    caller = enclosing_call(call.controls[: call.controls.index(loop)])
    methods = helpers + [caller.function if caller is not None else None]
    receivers = {id(method.bound_self) if isinstance(method, FunctionValue) and method.bound_self is not None else None for method in methods}
    return None not in receivers and len(receivers) == 1 and all(_first_parameter(method) == root for method in methods)


def _first_parameter(method: FunctionValue) -> Optional[str]:
    parameters = method.node.params.params
    return parameters[0].name.value if parameters else None


def _trains_before(facts: FileFacts, loop: Control, switch: CallFact) -> bool:
    """Every backward() and step() of the loop comes before the eval() in its
    body (a call in a helper counts where the loop calls the helper)."""
    line = _line_in_loop(facts, loop, switch.node, switch.controls)
    return all(
        _line_in_loop(facts, loop, call.node, call.controls) < line
        for call in facts.within(loop, facts.method_calls)
        if call.name == "backward" or models.is_optimizer_step(call)
    )


def _line_in_loop(facts: FileFacts, loop: Control, node: cst.CSTNode, controls: Sequence[Control]) -> int:
    inside = controls[list(controls).index(loop) + 1:]
    return facts.line(inside[0].node if inside else node)


def _eval_before_evaluating(node: cst.Call, recorded: Sequence[CallFact], facts: FileFacts) -> Optional[Fix]:
    direct = any(models.model_input(call) is not None for call in recorded)
    model = _model_called(node, direct)
    path = ancestors(facts.module, node)
    if model is None or any(isinstance(step, cst.Lambda) for step in path):
        return None
    scope = [step for step in path[_last_scope(path) + 1:] if isinstance(step, cst.BaseStatement)]
    trained = _training_loop_nodes(facts)
    training = [index for index, statement in enumerate(scope) if id(statement) in trained]
    loop = scope[training[-1]] if training else None
    region = scope[training[-1] + 1:] if training else scope
    if not region:
        return None
    anchor = next((statement for statement in region if isinstance(statement, _BLOCKS)), region[-1])
    root = root_name(model)
    if root is None or root in bound_names(anchor):
        return None
    if loop is None and not all(_switches_back_after(facts, call) for call in recorded):
        return None  # evaluated in a training loop of a caller that never trains again: eval() would leave it in eval mode
    name = source(facts, model)
    line, column = facts.position(anchor)
    lines = lines_of(facts)
    indent = lines[line - 1][:column]
    if indent.strip():
        return None
    newline = facts.module.default_newline
    edits = [insert(line - _comments_above(anchor), 0, f"{indent}{name}.eval(){newline}")]
    if loop is not None and not _calls_train(loop, name, facts):
        if any(isinstance(step, cst.Continue) for step in walk(anchor)):
            return None
        after = _line_after(facts, anchor, lines)
        if after is None:
            return None
        edits.append(insert(after, 0, f"{indent}{name}.train(){newline}"))
    return Fix("switch the model to eval mode before evaluating it" + (" and back to training after" if len(edits) > 1 else ""), tuple(edits), safe=False)


def _comments_above(statement: cst.CSTNode) -> int:
    """How many comment lines directly above ``statement`` (below any blank
    line): eval() goes above them, the blank lines stay where they are."""
    count = 0
    for leading in reversed(statement.leading_lines):  # type: ignore[attr-defined]
        if leading.comment is None:
            break
        count += 1
    return count


def _model_called(node: cst.Call, direct: bool) -> Optional[cst.BaseExpression]:
    """The model of ``model(x)`` or ``model.forward(x)``; of a method of a module
    (``model.generate(z)``) when the call is not the model's own."""
    func = node.func
    if direct and not (isinstance(func, cst.Attribute) and func.attr.value == "forward"):
        return func
    return func.value if isinstance(func, cst.Attribute) else None


def _last_scope(path: List[cst.CSTNode]) -> int:
    """Index of the innermost function or class in ``path`` (-1 at module level)."""
    return max((index for index, step in enumerate(path) if isinstance(step, _SCOPES)), default=-1)


def _training_loop_nodes(facts: FileFacts) -> set:
    return {id(control.node) for call in facts.method_calls for control in call.controls if control.kind == "loop" and facts.trains(control)}


def _switches_back_after(facts: FileFacts, call: CallFact) -> bool:
    """Evaluated outside any training loop, or in one (of a caller) that
    switches the model back to training."""
    loop = facts.training_loop(call.controls)
    return loop is None or switches_back(facts, models.model_of(call), loop)


def _calls_train(loop: cst.CSTNode, name: str, facts: FileFacts) -> bool:
    """``<name>.train()`` written in the loop."""
    return any(
        isinstance(step, cst.Call)
        and isinstance(step.func, cst.Attribute)
        and step.func.attr.value == TRAIN
        and not step.args
        and source(facts, step.func.value) == name
        for step in walk(loop)
    )


def _line_after(facts: FileFacts, statement: cst.CSTNode, lines: List[str]) -> Optional[int]:
    """The line that starts after ``statement`` (its block included); None past the file's last line."""
    extent = facts.extent(statement)
    if extent is None:
        return None
    _, _, end_line, end_column = extent
    after = end_line if end_column == 0 else end_line + 1
    return after if after <= len(lines) or lines[-1].endswith(("\n", "\r")) else None
