"""TL004's fix: drop the softmax before a cross-entropy loss, the sigmoid
before BCEWithLogitsLoss, where the activation is a call the loss argument
is, or a name the loss gets that the same block set from such a call
(``probs = torch.softmax(model(X), dim=1)`` ... ``criterion(probs, y)``).

Safe when nothing else reads the probabilities: the loss then gets the
logits it applies its own activation to. Unsafe when the name is read
elsewhere (accuracy, a threshold, a print): those would get logits too.
No fix for an activation inside the model's forward() or a layer (the
model's output changes for every caller), nor for the other mismatches
(BCELoss on logits, softmax into NLLLoss), whose fix is another loss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Sequence, Set

import libcst as cst

from torchlint.core.source import walk
from torchlint.fixes import Fix
from torchlint.fixes.nodes import bound_names, replace, source

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts
    from torchlint.rules.base import Finding

# The losses that apply an activation themselves, and that activation.
_OWN_ACTIVATION = {"cross_entropy": "softmax", "binary_cross_entropy_with_logits": "sigmoid"}


def fix(finding: Finding, facts: FileFacts) -> Optional[Fix]:
    losses = [loss for loss in facts.loss_calls if loss.call.node is finding.node]
    activations = {_OWN_ACTIVATION.get(loss.functional) for loss in losses}
    if len(activations) != 1 or any(loss.prediction.value.activation not in activations for loss in losses):  # type: ignore[union-attr]
        return None
    activation = activations.pop()
    prediction = losses[0].prediction.node
    imported = _imported_names(facts.module)
    inner = _activation_input(prediction, activation, imported)  # type: ignore[arg-type]
    if inner is not None:
        return _drop(facts, prediction, inner, activation, safe=True)  # type: ignore[arg-type]
    if not isinstance(prediction, cst.Name):
        return None
    ancestors = _ancestors(facts.module, finding.node)
    made = _assignment_before(ancestors, prediction.value)
    if made is None:
        return None
    inner = _activation_input(made.value, activation, imported)
    if inner is None or _dotted(inner) == prediction.value:
        return None  # `probs = F.softmax(probs, 1)`: the fix deletes a line whose comments would then mislead
    scope = next((node for node in reversed(ancestors) if isinstance(node, cst.FunctionDef)), facts.module)
    reads = sum(1 for node in walk(scope) if isinstance(node, cst.Name) and node.value == prediction.value)
    # Read once by the loss, written once (``probs = ...``): no one else sees the probabilities.
    return _drop(facts, made.value, inner, activation, safe=reads == 2)


def _drop(facts: FileFacts, call: cst.CSTNode, inner: cst.BaseExpression, activation: str, safe: bool) -> Optional[Fix]:
    text = source(facts, inner)
    edit = replace(facts, call, text if not isinstance(inner, cst.BinaryOperation) or inner.lpar else f"({text})")
    return Fix(f"drop the {activation}: the loss applies its own", (edit,), safe) if edit is not None else None


def _activation_input(node: cst.BaseExpression, activation: str, imported: Set[str]) -> Optional[cst.BaseExpression]:
    """``x`` of ``torch.softmax(x, dim=1)``, ``F.softmax(x, 1)``, ``x.softmax(1)``,
    ``torch.sigmoid(x)``, ``x.sigmoid()``; None for anything else (a
    function of a module imported under another name among them)."""
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute) or node.func.attr.value != activation:
        return None
    owner = node.func.value
    if _dotted(owner) in ("torch", "F", "torch.nn.functional", "nn.functional"):
        return node.args[0].value if node.args and node.args[0].keyword is None and not node.args[0].star else None
    if _dotted(owner).split(".")[0] in imported or (activation == "sigmoid" and node.args):
        return None
    return owner


def _imported_names(module: cst.Module) -> Set[str]:
    """The names the file's imports bind."""
    names: Set[str] = set()
    for node in walk(module):
        if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                names.add(_dotted(bound).split(".")[0])  # type: ignore[arg-type]
    return names


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _ancestors(module: cst.Module, target: cst.CSTNode) -> List[cst.CSTNode]:
    """The nodes from the module down to ``target``'s parent."""
    stack = [(module, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        stack.extend((child, path + [node]) for child in node.children)
    return []


def _assignment_before(ancestors: Sequence[cst.CSTNode], name: str) -> Optional[cst.Assign]:
    """``name = value``, the statement before the loss's own in the same
    block, with nothing in between binding ``name`` again."""
    for index in range(len(ancestors) - 1, 0, -1):
        block = ancestors[index - 1]
        if isinstance(block, (cst.IndentedBlock, cst.Module)):
            statements = list(block.body)
            position = statements.index(ancestors[index])
            for statement in reversed(statements[:position]):
                if name in bound_names(statement):
                    assign = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
                    if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and _dotted(assign.targets[0].target) == name:
                        return assign
                    return None
            return None
    return None
