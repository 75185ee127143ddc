"""What CPython's own parse of a file tells before libcst parses it.

CPython's parser is about ten times faster than libcst's, and the file has
been through it anyway (the syntax check; flake8 hands its tree over). A rule
that can tell from this outline that it cannot fire spares the file the libcst
parse: in a library of model definitions that is most files and most lines.
"""

from __future__ import annotations

import ast
import re
from functools import cached_property
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set

from torchlint.core.values import MODULE_BASES, TORCH_NN_CLASS

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
# Methods of an nn.Module whose values are the model's own working: forward()
# runs one pass, __init__ builds the layers.
_MODEL_SETUP_AND_PASS = frozenset({"forward", "__init__"})


class Outline:
    """Facts about one file from its ``ast`` tree, each found when a rule
    first asks for it."""

    def __init__(self, tree: ast.Module, lines: Sequence[str]) -> None:
        self._tree = tree
        self._lines = lines

    @cached_property
    def _loops(self) -> _Loops:
        return _Loops(self._tree, self._lines)

    @property
    def keeps_values_in_loops(self) -> bool:
        """Whether a statement that grows a value (``xs.append(v)``, ``total +=
        v``, ``total = total + v``) runs in a loop of its own function, or of
        the module, other than a model's own working."""
        return self._loops.keeps_values_in_loops

    @property
    def model_part_loops(self) -> FrozenSet[int]:
        """The lines of the loops of an nn.Module's methods over the module's
        own layers (see ``_Method.iterates_own_parts``)."""
        return self._loops.model_part_loops

    @cached_property
    def trains_or_descends(self) -> bool:
        """Whether the text calls ``backward`` or a ``step(``, or a statement
        subtracts from a name or attribute what may be a step (``w -= lr *
        grad``, ``w = w - lr * grad``, ``self.w = self.w - ...``): gradient
        descent written out, with no backward() or optimizer."""
        if any("backward" in line or "step(" in line for line in self._lines):
            return True
        for node in ast.walk(self._tree):
            if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub) and _gradient_step(node.value):
                return True
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.value, ast.BinOp)
                and isinstance(node.value.op, ast.Sub)
                and _same_reference(node.targets[0], node.value.left)
                and _gradient_step(node.value.right)
            ):
                return True
        return False

    @cached_property
    def running_text(self) -> str:
        """The source of what runs when the module runs, as far as names tell:
        its top-level statements, what runs where a def or class statement is
        (decorators, defaults, bases, class bodies), and every function and
        class of the file that this code names, transitively. A function that
        nothing names runs only as the analysis evaluates it on its own."""
        definitions: Dict[str, List[ast.stmt]] = {}
        pending: List[ast.AST] = []
        for statement in self._tree.body:
            if isinstance(statement, (ast.ClassDef, *_FUNCTIONS)):
                definitions.setdefault(statement.name, []).append(statement)
                if any(_names(decorator) & definitions.keys() for decorator in statement.decorator_list):
                    pending.append(statement)  # a decorator of the file's own may run it
                pending.extend(_run_at_definition(statement))
            else:
                pending.append(statement)
        spans: List[str] = []
        named: Set[str] = set()
        while pending:
            node = pending.pop()
            if isinstance(node, ast.stmt):
                spans.append("\n".join(self._lines[node.lineno - 1 : node.end_lineno]))
            for name in _names(node) & definitions.keys() - named:
                named.add(name)
                pending.extend(definitions[name])
        return "\n".join(spans)


# What a gradient is called where gradient descent is written out: grad, grads, grad_w, dloss_dw, w.grad;
# dw, dW, db, d_theta, dparams. Names alone: a step `x = x - dt * v` of a simulation is no descent.
GRADIENT_NAME = re.compile(r"grad|^d_?(w|b|theta|params?|weights?|bias)$", re.IGNORECASE)


def _gradient_step(node: ast.AST) -> bool:
    """``lr * grad``, ``grad_w * lr``, ``lr * w.grad``: a product with an operand named as a gradient."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return False
    for operand in (node.left, node.right):
        if isinstance(operand, ast.Subscript):
            operand = operand.value
        name = operand.id if isinstance(operand, ast.Name) else operand.attr if isinstance(operand, ast.Attribute) else None
        if name is not None and GRADIENT_NAME.search(name):
            return True
    return False


def _same_reference(left: ast.AST, right: ast.AST) -> bool:
    """``w`` and ``w``, ``self.w`` and ``self.w``."""
    if isinstance(left, ast.Name) and isinstance(right, ast.Name):
        return left.id == right.id
    if isinstance(left, ast.Attribute) and isinstance(right, ast.Attribute):
        return left.attr == right.attr and _same_reference(left.value, right.value)
    return False


class _Loops:
    """The loops of a file and what they keep, found in one walk over its
    statements (expressions are looked into only where a fact needs them)."""

    def __init__(self, tree: ast.Module, lines: Sequence[str]) -> None:
        self._lines = lines
        self._aliases: Dict[str, str] = {}
        self._model_classes: Set[str] = set()
        self._part_loops: Set[int] = set()
        self.keeps_values_in_loops = False
        for statement in _top_level(tree.body):
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                self._import(statement)
        self._visit(tree.body, context=None, in_loop=False)
        self.model_part_loops: FrozenSet[int] = frozenset(self._part_loops)

    # ---------------------------------------------------------------- imports

    def _import(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    self._aliases[alias.asname] = alias.name
                else:
                    head = alias.name.partition(".")[0]
                    self._aliases[head] = head
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            for alias in statement.names:
                self._aliases[alias.asname or alias.name] = f"{statement.module}.{alias.name}"

    def _qualname(self, expression: ast.expr) -> Optional[str]:
        parts: List[str] = []
        while isinstance(expression, ast.Attribute):
            parts.append(expression.attr)
            expression = expression.value
        if not isinstance(expression, ast.Name) or expression.id not in self._aliases:
            return None
        return ".".join([self._aliases[expression.id], *reversed(parts)])

    def _is_model_class(self, node: ast.ClassDef) -> bool:
        """Derives from an nn.Module, by names the evaluator resolves the same
        way: a torch.nn class, a LightningModule, or a model class of this file."""
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in self._model_classes:
                return True
            qualname = self._qualname(base)
            if qualname is not None and (qualname in MODULE_BASES or TORCH_NN_CLASS.match(qualname)):
                return True
        return False

    # -------------------------------------------------------------- the walk

    def _visit(self, body: Sequence[ast.stmt], context: Optional[_Method], in_loop: bool) -> None:
        """``context``: the nn.Module method being walked (None elsewhere)."""
        for statement in body:
            if isinstance(statement, ast.ClassDef):
                model = self._is_model_class(statement)
                if model:
                    self._model_classes.add(statement.name)
                for member in statement.body:
                    if isinstance(member, _FUNCTIONS):
                        method = _Method(member) if model else None
                        if method is None or member.name not in _MODEL_SETUP_AND_PASS:
                            self._visit(member.body, method, in_loop=False)
                    elif isinstance(member, ast.ClassDef):
                        self._visit([member], None, in_loop=False)
            elif isinstance(statement, _FUNCTIONS):
                # A value a function keeps outside its own loops is new at each
                # call, whoever loops around it; a nested function is no method.
                self._visit(statement.body, None, in_loop=False)
            elif isinstance(statement, _LOOPS):
                if context is not None and context.iterates_own_parts(statement):
                    self._part_loops.add(statement.lineno)
                    self._visit_nested_definitions(statement)
                else:
                    self._visit(statement.body, context, in_loop=True)
                self._visit(statement.orelse, context, in_loop)
            else:
                if context is not None:
                    context.bind(statement)
                if in_loop and not self.keeps_values_in_loops and self._grows_a_value(statement):
                    self.keeps_values_in_loops = True
                for block in _blocks(statement):
                    self._visit(block, context, in_loop)

    def _visit_nested_definitions(self, loop: ast.stmt) -> None:
        """A function or class defined in a loop over a model's parts is still
        code of its own."""
        for node in ast.walk(loop):
            if isinstance(node, (ast.ClassDef, *_FUNCTIONS)):
                self._visit([node], None, in_loop=False)

    def _grows_a_value(self, statement: ast.stmt) -> bool:
        """What the evaluator records as an accumulation: ``name += v`` (or
        ``-=``), ``name = name + v``, and an ``.append(v)`` anywhere in the
        statement (of a compound statement, in its header)."""
        if isinstance(statement, ast.AugAssign):
            return isinstance(statement.target, ast.Name) and isinstance(statement.op, (ast.Add, ast.Sub)) or self._appends(statement)
        if isinstance(statement, ast.Assign):
            value, targets = statement.value, statement.targets
            if (
                len(targets) == 1
                and isinstance(targets[0], ast.Name)
                and isinstance(value, ast.BinOp)
                and isinstance(value.op, ast.Add)
                and isinstance(value.left, ast.Name)
                and value.left.id == targets[0].id
            ):
                return True
        headers = [getattr(statement, name, None) for name in ("test", "subject")]
        headers += [item.context_expr for item in getattr(statement, "items", ())]
        if any(isinstance(header, ast.AST) for header in headers):
            return any(self._appends(header) for header in headers if isinstance(header, ast.AST))
        if any(True for _ in _blocks(statement)):
            return False  # try/else/finally: nothing of its own
        return self._appends(statement)

    def _appends(self, node: ast.AST) -> bool:
        """An ``x.append(v)`` call in ``node``; its lines are searched first, as
        text, so most statements are never walked."""
        first, last = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        if not any("append" in line for line in self._lines[first - 1 : last]):
            return False
        return any(
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr == "append"
            and len(child.args) == 1
            for child in ast.walk(node)
        )


class _Method:
    """A method of an nn.Module of the file, and the names in it bound from
    the module's own attributes."""

    def __init__(self, node: ast.FunctionDef) -> None:
        arguments = node.args.posonlyargs + node.args.args
        static = any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod") for d in node.decorator_list)
        self.receiver = arguments[0].arg if arguments and not static else None
        self.own: Set[str] = {self.receiver} if self.receiver else set()

    def bind(self, statement: ast.stmt) -> None:
        """``blocks = self.blocks[:n]`` makes ``blocks`` one of the module's own."""
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets = [statement.target]
        else:
            return
        if self._mentions_own(statement.value):  # type: ignore[arg-type]
            for target in targets:
                self.own.update(node.id for node in ast.walk(target) if isinstance(node, ast.Name))

    def iterates_own_parts(self, loop: ast.stmt) -> bool:
        """A for loop over the module's own attributes (``for blk in
        self.blocks``, ``zip(self.norms, feats)``) that never calls the module
        itself: the layers of one forward pass, not a pass per iteration."""
        if self.receiver is None or not isinstance(loop, (ast.For, ast.AsyncFor)) or not self._mentions_own(loop.iter):
            return False
        return not any(self._calls_model(node) for node in ast.walk(loop))

    def _mentions_own(self, expression: ast.expr) -> bool:
        return any(isinstance(node, ast.Name) and node.id in self.own for node in ast.walk(expression))

    def _calls_model(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr == "forward":
            function = function.value
        return isinstance(function, ast.Name) and function.id == self.receiver


def _names(node: ast.AST) -> Set[str]:
    return {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}


def _run_at_definition(node: ast.stmt) -> Iterator[ast.AST]:
    """What runs where a def or class statement is: decorators, defaults,
    bases and keywords, the statements of a class body."""
    yield from node.decorator_list  # type: ignore[attr-defined]
    if isinstance(node, ast.ClassDef):
        yield from node.bases
        yield from (keyword.value for keyword in node.keywords)
        for member in node.body:
            if isinstance(member, (ast.ClassDef, *_FUNCTIONS)):
                yield from _run_at_definition(member)
            else:
                yield member
    else:
        yield from node.args.defaults  # type: ignore[attr-defined]
        yield from (default for default in node.args.kw_defaults if default is not None)  # type: ignore[attr-defined]


def _top_level(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, including those under ``if`` and ``try``
    (``try: import x except ImportError: ...``)."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try)):
            for block in _blocks(statement):
                yield from _top_level(block)


def _blocks(statement: ast.stmt) -> Iterator[Sequence[ast.stmt]]:
    """The statement lists nested in a compound statement (not a def or class)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(statement, name, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body
