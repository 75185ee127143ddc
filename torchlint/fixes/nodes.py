"""What fixers share: the text of a node, an edit that replaces one, and a
method called on an expression with the parentheses its precedence needs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, List, Optional, Set, TypeVar

import libcst as cst

from torchlint.core.source import walk
from torchlint.fixes import Edit

if TYPE_CHECKING:
    from torchlint.core.facts import FileFacts

# Expressions that ``.method()`` binds to as a whole, without parentheses.
_POSTFIX_SAFE = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

Record = TypeVar("Record")


def replace(facts: FileFacts, node: cst.CSTNode, replacement: str) -> Optional[Edit]:
    extent = facts.extent(node)
    if extent is None:
        return None
    return Edit(*extent, replacement)


def insert(line: int, column: int, text: str) -> Edit:
    return Edit(line, column, line, column, text)


def at_block_start(facts: FileFacts, compound: cst.CSTNode, text: str) -> Optional[Edit]:
    """``text`` (a statement, without indent or line end) inserted as the first
    statement of ``compound``'s block, before the comments above that statement;
    None for a body on the ``for ...:`` line itself."""
    body = compound.body  # type: ignore[attr-defined]
    if not isinstance(body, cst.IndentedBlock):
        return None
    first = body.body[0]
    line, column = facts.position(first)
    indent = lines_of(facts)[line - 1][:column]
    if indent.strip():
        return None
    return insert(line - len(first.leading_lines), 0, f"{indent}{text}{facts.module.default_newline}")


def lines_of(facts: FileFacts) -> List[str]:
    """The file's lines, with their line ends, split where libcst counts lines
    (``str.splitlines`` also splits at form feeds and other separators)."""
    return _LINE.findall(facts.module.code)


def source(facts: FileFacts, node: cst.CSTNode) -> str:
    """The node's own text, as written (comments and line breaks inside it kept)."""
    return facts.module.code_for_node(node)


def with_method(facts: FileFacts, node: cst.BaseExpression, method: str) -> str:
    """``node.method``, ``method`` a call such as ``float()``, parenthesised unless the expression is a name, an
    attribute, a call or a subscript (``(a + b).float()``)."""
    text = source(facts, node)
    if not (isinstance(node, _POSTFIX_SAFE) or node.lpar):
        text = f"({text})"
    return f"{text}.{method}"


def records_of(records: Iterable[Record], node: cst.CSTNode, key: Callable[[Record], cst.CSTNode]) -> List[Record]:
    """The records made at ``node``: more than one when a function called
    twice was evaluated twice, and a fix must then be right for each."""
    return [record for record in records if key(record) is node]


def bound_names(body: cst.CSTNode) -> Set[str]:
    """Names assigned in ``body`` (``=``, ``+=``, ``:=``, ``for``, ``as``)."""
    bound: Set[str] = set()
    for node in walk(body):
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.NamedExpr, cst.For)):
            bound.update(_names(node.target))
        elif isinstance(node, cst.AsName):
            bound.update(_names(node.name))
    return bound


def root_name(node: cst.CSTNode) -> Optional[str]:
    """``optimizer`` of ``optimizer`` or ``self.optimizer``; None for anything else."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def ancestors(root: cst.CSTNode, node: cst.CSTNode) -> List[cst.CSTNode]:
    """The nodes from ``root`` down to ``node``'s parent, outermost first;
    empty when ``node`` is not below ``root``."""
    stack = [(root, [root])]
    while stack:
        current, path = stack.pop()
        for child in current.children:
            if child is node:
                return path
            stack.append((child, path + [child]))
    return []




def _names(target: cst.CSTNode) -> Set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return {name for element in target.elements for name in _names(element.value)}
    return set()
