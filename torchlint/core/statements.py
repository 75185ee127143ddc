"""Statements: the part of the Evaluator that runs a body in order, with
control flow (branches, loops re-run until their values settle, try, with,
match), definitions of functions and classes, and binding names,
attributes and subscripts."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING, Callable, Dict, Optional, Sequence, Tuple

import libcst as cst

from torchlint.core import api, handwritten, siblings, syntax
from torchlint.core.api.builtins_ import EXIT_NAMES, EXITS
from torchlint.core.facts import Accumulation, AttributeStore, Control, DescentStep, enclosing_call, loops_of
from torchlint.core.scope import MAX_LOOP_PASSES, MAX_UNROLL, Scope, join_vars
from torchlint.core.values import (
    Array,
    Bunch,
    ClassValue,
    Const,
    FunctionValue,
    GradMode,
    Instance,
    Iterable,
    ListOf,
    Ref,
    Seq,
    Value,
    join,
    join_all,
)

if TYPE_CHECKING:
    from torchlint.core.evaluator import Evaluator


def _substitute(value: Value, old: Value, new: Optional[Value], depth: int = 3) -> Optional[Value]:
    """``value`` with ``old`` replaced by ``new`` wherever it sits among its items."""
    if value is old:
        return new
    if depth == 0:
        return value
    if isinstance(value, Seq):
        items = tuple(_substitute(item, old, new, depth - 1) if item is not None else None for item in value.items)
        changed = any(a is not b for a, b in zip(items, value.items))
        return Seq(items, value.kind) if changed else value
    if isinstance(value, Bunch):
        fields = tuple(
            (name, _substitute(item, old, new, depth - 1) if item is not None else None) for name, item in value.fields
        )
        changed = any(a[1] is not b[1] for a, b in zip(fields, value.fields))
        return dataclasses.replace(value, fields=fields) if changed else value
    return value


def _join_history(earlier: Optional[Value], later: Optional[Value]) -> Optional[Value]:
    """Two bindings of one module-level name: a conversion that keeps the
    shape (numpy array to tensor) keeps the later value; anything else joins."""
    if isinstance(earlier, Array) and isinstance(later, Array) and earlier.shape == later.shape:
        return later
    return join(earlier, later)


class Statements:
    """Mixed into ``Evaluator``: every method here may use the others' (``eval``, ``call_function``)."""

    def exec_block(self, body: Sequence[cst.CSTNode], scope: Scope) -> bool:
        """Run statements in order; False once control cannot fall through."""
        for stmt in body:
            if not self.exec_stmt(stmt, scope):
                return False
        return True

    def exec_suite(self, suite: cst.BaseSuite, scope: Scope) -> bool:
        return self.exec_block(suite.body, scope)

    def exec_stmt(self, stmt: cst.CSTNode, scope: Scope) -> bool:
        self.steps += 1
        if isinstance(stmt, cst.SimpleStatementLine):
            return self.exec_block(stmt.body, scope)
        handler = self._STATEMENTS.get(type(stmt))
        if handler is None:
            return True
        return handler(self, stmt, scope)

    def _exec_assign(self, stmt: cst.Assign, scope: Scope) -> bool:
        value = self.eval(stmt.value, scope)
        expression = stmt.value
        if len(stmt.targets) == 1 and isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Add):
            target = stmt.targets[0].target
            if isinstance(target, cst.Name) and isinstance(expression.left, cst.Name) and expression.left.value == target.value:
                # total = total + value
                self._accumulated(stmt, target.value, self._last_operand, expression.right)
                self._accumulating = target.value
        if len(stmt.targets) == 1:
            value = self._descended(stmt, stmt.targets[0].target, expression, False, value, scope)
        try:
            for target in stmt.targets:
                self.assign(target.target, value, scope, stmt.value)
                if isinstance(target.target, cst.Name):
                    # err = (pred - y) ** 2, then err.mean(): the loss written by hand reads through the name.
                    scope.written[target.target.value] = (stmt.value, value)
        finally:
            self._accumulating = None
        return True

    def _descended(
        self,
        stmt: cst.CSTNode,
        target: cst.BaseExpression,
        expression: cst.BaseExpression,
        augmented: bool,
        updated: Optional[Value],
        scope: Scope,
    ) -> Optional[Value]:
        """A gradient-descent step written out (``w = w - lr * grad`` in a
        loop): the loop trains, with plain gradient descent at ``lr``, and
        ``w`` is a weight, as one made with requires_grad=True is."""
        if not isinstance(updated, Array) or updated.integral() or not any(c.kind == "loop" for c in self.controls):
            return updated
        update = handwritten.descent_update(target, expression, augmented)
        if update is None:
            return updated
        rate = self.eval(update[0], scope)
        if not (isinstance(rate, Const) and type(rate.value) in (int, float) and 0 < rate.value <= 10):
            return updated
        if not isinstance(self.eval(update[1], scope), Array) and not self._gradient_of_array(update[1], scope):
            return updated
        self.facts.descent_steps.append(DescentStep(stmt, float(rate.value), tuple(self.controls)))
        return dataclasses.replace(updated, graph="parameter")

    def _gradient_of_array(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """``w.grad`` (or ``w.grad.data``) of an array ``w``: what backward() fills,
        even where the code set it to None after the last step (``w.grad = None``)."""
        if isinstance(node, cst.Attribute) and node.attr.value == "data":
            node = node.value
        return isinstance(node, cst.Attribute) and node.attr.value == "grad" and isinstance(self.eval(node.value, scope), Array)

    def _written_as(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The expression a name was last assigned, in the running function or
        the module, while it still holds what that expression made (not since
        rebound by a loop or an unpacking); else the node itself."""
        if isinstance(node, cst.Name):
            for scope in (self.scopes[-1], self.module_scope):
                expression, value = scope.written.get(node.value, (None, None))
                if expression is not None and value is not None and scope.vars.get(node.value) is value:
                    return expression
        return node

    def _exec_ann_assign(self, stmt: cst.AnnAssign, scope: Scope) -> bool:
        if stmt.value is not None:
            self.assign(stmt.target, self.eval(stmt.value, scope), scope, stmt.value)
        return True

    def _exec_aug_assign(self, stmt: cst.AugAssign, scope: Scope) -> bool:
        operand = self.eval(stmt.value, scope)
        target = stmt.target
        if isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            index = self._eval_index(target, scope)
            current = api.subscript(base, index, target)
            updated = api.binary(stmt.operator, current, operand, stmt, stmt.value)
            self.assign_subscript(target, base, index, updated, stmt, scope)
            return True
        current = self.eval(target, scope)
        updated = api.binary(stmt.operator, current, operand, stmt, stmt.value)
        in_place = isinstance(current, Array) and current.kind in api.IN_PLACE_KINDS
        if updated is None and in_place and (current.shape is not None or handwritten.is_weight(current)):
            # out += kern[i, j] * patch of an array or tensor: written in place, whatever is added,
            # so its shape and dtype stay (numpy and torch raise rather than grow it); its values are not known.
            # So too a weight of a shape not followed (for p in model.parameters(): p -= lr * p.grad).
            updated = dataclasses.replace(current, scale=None, statistic=None, filled=False, graph=None)
        if isinstance(current, Array) and isinstance(updated, Array):
            # In place: the array keeps its shape and kind (and a weight stays one: w -= lr * w.grad).
            graph = current.graph if handwritten.is_weight(current) else updated.graph
            updated = dataclasses.replace(updated, shape=current.shape, origin=current.origin, kind=current.kind, graph=graph)
        if isinstance(stmt.operator, cst.SubtractAssign):
            updated = self._descended(stmt, target, stmt.value, True, updated, scope)
        if isinstance(target, cst.Name) and isinstance(stmt.operator, (cst.AddAssign, cst.SubtractAssign)):
            self._accumulated(stmt, target.value, operand, stmt.value)
            self._accumulating = target.value
        try:
            self.assign(target, updated, scope, stmt)
        finally:
            self._accumulating = None
        return True

    def _accumulated(
        self, node: cst.CSTNode, name: str, value: Optional[Value], operand: Optional[cst.CSTNode], plain_name: bool = True
    ) -> None:
        frame = self.frames[-1]
        own = plain_name and self._bound_by_running_function(name)
        fresh_in = frame.fresh_in(name) + (self._loops_around_call() if own else ())
        self.facts.accumulations.append(
            Accumulation(
                node,
                name,
                value,
                frame.carried(name),
                tuple(self.controls),
                len(self.facts.calls),
                fresh_in,
                self.forward_depth > 0,
                self.grad_enabled[-1],
                operand,
                own,
            )
        )

    def _bound_by_running_function(self, name: str) -> bool:
        """A name the running function binds itself (not a parameter): new at each call."""
        call = enclosing_call(self.controls)
        return call is not None and name in self.scopes[-1].vars and name not in syntax.parameter_names(self.active[-1])

    def _loops_around_call(self) -> Tuple[Control, ...]:
        """The loops around the running function's call: a name it binds
        itself is new in each of their iterations (an episode's values,
        collected by a function the training loop calls)."""
        call = enclosing_call(self.controls)
        return tuple(loops_of(self.controls[: self.controls.index(call)])) if call is not None else ()

    def _exec_expr(self, stmt: cst.Expr, scope: Scope) -> bool:
        self.eval(stmt.value, scope)
        written = syntax.dotted(stmt.value.func) if isinstance(stmt.value, cst.Call) else None
        if written is not None and written.rpartition(".")[2] in EXIT_NAMES:
            # sys.exit(1) in a loader's except: the path ends there, returning nothing.
            callee = self.eval(stmt.value.func, scope)  # type: ignore[attr-defined]
            return not (isinstance(callee, Ref) and callee.qualname in EXITS)
        return True

    def _exec_return(self, stmt: cst.Return, scope: Scope) -> bool:
        value = self.eval(stmt.value, scope) if stmt.value is not None else Const(None)
        self.frames[-1].returns.append(value)
        return False

    def _exec_raise(self, stmt: cst.Raise, scope: Scope) -> bool:
        return False

    def _exec_break(self, stmt: cst.Break, scope: Scope) -> bool:
        frame = self.frames[-1]
        if frame.breaks:
            frame.breaks[-1].append(dict(scope.vars))
        return False

    def _exec_continue(self, stmt: cst.Continue, scope: Scope) -> bool:
        frame = self.frames[-1]
        if frame.continues:
            frame.continues[-1].append(dict(scope.vars))
        return False

    def _exec_del(self, stmt: cst.Del, scope: Scope) -> bool:
        targets = [stmt.target]
        while targets:
            target = targets.pop()
            if isinstance(target, (cst.Tuple, cst.List)):
                targets.extend(element.value for element in target.elements)
            elif isinstance(target, cst.Name):
                self._unbind(target.value, scope)
        return True

    def _exec_global(self, stmt: cst.Global, scope: Scope) -> bool:
        scope.globals_.update(item.name.value for item in stmt.names)
        return True

    def _exec_import(self, stmt: cst.Import, scope: Scope) -> bool:
        for alias in stmt.names:
            full = syntax.dotted(alias.name) or ""
            named = alias.asname is not None and isinstance(alias.asname.name, cst.Name)
            if named or "." not in full:
                # `import utils`, `import src.data as data`: a project module's names, as attributes.
                path = self._project_module(full, 0)
                if path is not None:
                    self.bind(alias.asname.name.value if named else full, siblings.Imported(path, None, self.depth + 1), scope)  # type: ignore[union-attr]
                    continue
            if named:
                self.bind(alias.asname.name.value, Ref(api.canonical(full)), scope)  # type: ignore[union-attr]
            else:
                root = full.split(".")[0]
                self.bind(root, Ref(root), scope)
        return True

    def _exec_import_from(self, stmt: cst.ImportFrom, scope: Scope) -> bool:
        module = syntax.dotted(stmt.module) if stmt.module is not None else None
        level = len(stmt.relative)
        path = self._project_module(module or "", level)
        if isinstance(stmt.names, cst.ImportStar):
            # `from config import *`: every public name the project module defines (read now: which names).
            project = self.modules.scope(path, self.depth + 1, self.facts.data_dirs) if path is not None else None
            for name, value in (project.vars.items() if project is not None else ()):
                if not name.startswith("_"):
                    self.bind(name, value, scope)
            return True
        for alias in stmt.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else syntax.dotted(alias.name)
            local = alias.asname.name.value if alias.asname is not None else name
            if not isinstance(local, str):
                continue
            if path is not None:
                self.bind(local, siblings.Imported(path, name, self.depth + 1), scope)
            elif level or module is None:
                self.bind(local, None, scope)
            else:
                # What module.name stands for: a Ref, or a number (from math import pi).
                self.bind(local, api.attribute(Ref(module), name, alias), scope)
        return True

    def _project_module(self, dotted: str, level: int) -> Optional[str]:
        """The file of a module of the linted file's own project (``siblings``),
        found beside it or above; None for a library's, or past ``MAX_DEPTH``."""
        if self.depth >= siblings.MAX_DEPTH or (not level and not siblings.is_project_name(dotted)):
            return None
        path = siblings.locate(dotted, level, self.facts.path, tuple(self.module_dirs))
        if path is None or os.path.abspath(path) == os.path.abspath(self.facts.path or ""):
            return None
        return path

    def _exec_if(self, stmt: cst.If, scope: Scope) -> bool:
        if syntax.is_main_guard(stmt.test):
            # An imported module's `__main__` block does not run on import.
            return self.exec_suite(stmt.body, scope) if self.depth == 0 else True
        decided = api.truth(self.eval(stmt.test, scope))
        if decided is not None:
            # The test is known: only one branch runs.
            return self._exec_branch(stmt, decided, scope)
        before = scope.vars
        scope.vars = dict(before)
        body_falls = self._exec_branch(stmt, True, scope)
        body_vars = scope.vars
        scope.vars = dict(before)
        else_falls = self._exec_branch(stmt, False, scope)
        else_vars = scope.vars
        if body_falls and else_falls:
            scope.vars = join_vars(body_vars, else_vars)
        elif body_falls:
            scope.vars = body_vars
        elif else_falls:
            scope.vars = else_vars
        return body_falls or else_falls

    def _exec_branch(self, stmt: cst.If, taken: bool, scope: Scope) -> bool:
        """Run the body (taken) or the else part of an ``if``."""
        self.controls.append(Control("if" if taken else "else", stmt))
        try:
            if taken:
                return self.exec_suite(stmt.body, scope)
            if isinstance(stmt.orelse, cst.If):
                return self.exec_stmt(stmt.orelse, scope)
            if isinstance(stmt.orelse, cst.Else):
                return self.exec_suite(stmt.orelse.body, scope)
            return True
        finally:
            self.controls.pop()

    def _exec_for(self, stmt: cst.For, scope: Scope) -> bool:
        iterable = self.eval(stmt.iter, scope)
        if isinstance(iterable, Seq) and 0 < len(iterable.items) <= MAX_UNROLL and stmt.orelse is None:
            if self._unrolled(stmt, iterable.items, scope):
                return True
        if isinstance(iterable, Iterable) and iterable.items and stmt.orelse is None and not self._trains_itself(stmt.body):
            # for i in range(len(sizes) - 1): layers.append(nn.Linear(sizes[i], sizes[i + 1])).
            if self._unrolled(stmt, iterable.items, scope):
                return True
        item = api.iterate(iterable, self)
        if isinstance(iterable, Seq) and item is not None:
            # `for t in (a, b): t.unsqueeze_(1)` changes a and b: the loop
            # variable stands for each of them.
            self.aliases[id(item)] = (item, iterable.items)

        def bind_target() -> None:
            self.assign(stmt.target, item, scope, stmt.iter)

        count = len(iterable.ints) if isinstance(iterable, Iterable) and iterable.ints is not None else None
        return self._loop(stmt, stmt.body, stmt.orelse, scope, bind_target, None, api.nonempty(iterable), count)

    def _exec_while(self, stmt: cst.While, scope: Scope) -> bool:
        return self._loop(stmt, stmt.body, stmt.orelse, scope, None, stmt.test)

    def _unrolled(self, stmt: cst.For, items: Tuple[Optional[Value], ...], scope: Scope) -> bool:
        """Run the body once per item of a short literal sequence, each time
        with that item: ``for width in (64, 32): layers.append(nn.Linear(...))``.
        Gives up (False, nothing recorded) if the body breaks, continues or
        returns."""
        frame = self.frames[-1]
        before = scope.vars
        scope.vars = dict(before)
        mark = self.facts.mark()
        frame.breaks.append([])
        frame.continues.append([])
        control = Control("loop", stmt)
        self.controls.append(control)
        straight = True
        frame.loops.append((control, set(before), set()))
        try:
            for item in items:
                _, entry, assigned = frame.loops[-1]
                frame.loops[-1] = (control, entry | assigned, set())
                self.assign(stmt.target, item, scope, stmt.iter)
                if not self.exec_suite(stmt.body, scope):
                    straight = False
                    break
        finally:
            frame.loops.pop()
            self.controls.pop()
            jumps = frame.breaks.pop() + frame.continues.pop()
        if straight and not jumps:
            return True
        self.facts.rollback(mark)
        scope.vars = before
        return False

    def _loop(
        self,
        stmt: cst.CSTNode,
        body: cst.BaseSuite,
        orelse: Optional[cst.Else],
        scope: Scope,
        bind_target: Optional[Callable[[], None]],
        test: Optional[cst.BaseExpression],
        runs: bool = False,
        count: Optional[int] = None,
    ) -> bool:
        """Run a loop's body to a fixpoint of what its names hold. ``runs``:
        the body is known to run at least once (``for i in range(1000)``), so
        no path leaves the loop with its names as they were before it (an
        array of zeros filled in the loop is never left all zeros). ``count``:
        how many times it runs, where a range of literal bounds says."""
        frame = self.frames[-1]
        entry = scope.vars
        for attempt in range(MAX_LOOP_PASSES + 1 + int(runs)):
            loop_pass = attempt - int(runs)  # a first pass peeled off is none of the fixpoint's
            mark = self.facts.mark()
            bound_so_far = [set(this_iteration) for _, _, this_iteration in frame.loops]
            scope.vars = dict(entry)
            frame.breaks.append([])
            frame.continues.append([])
            control = Control("loop", stmt, count=count)
            frame.loops.append((control, set(entry), set()))
            self.controls.append(control)
            if test is not None:
                self.eval(test, scope)
            if bind_target is not None:
                bind_target()
            falls = self.exec_suite(body, scope)
            self.controls.pop()
            frame.loops.pop()
            breaks = frame.breaks.pop()
            continues = frame.continues.pop()
            ends = ([scope.vars] if falls else []) + continues
            if loop_pass < 0:
                if ends and not breaks:
                    # The first pass always completes: start from where it ends, as if
                    # nothing of it was recorded (nor bound in the loops around).
                    self.facts.rollback(mark)
                    for (_, _, this_iteration), before_pass in zip(frame.loops, bound_so_far):
                        this_iteration.intersection_update(before_pass)
                    entry = ends[0]
                    for vars_ in ends[1:]:
                        entry = join_vars(entry, vars_)
                    continue
            end = entry
            for vars_ in ends:
                end = join_vars(end, vars_)
            changed = [name for name in entry if name in end and end[name] != entry[name]]
            if not changed:
                break
            if loop_pass == MAX_LOOP_PASSES - 1:
                end = dict(end)
                for name in changed:
                    end[name] = None
            if loop_pass < MAX_LOOP_PASSES:
                self.facts.rollback(mark)
                entry = join_vars(entry, end)
        after = end
        for vars_ in breaks:
            after = join_vars(after, vars_)
        scope.vars = after
        if orelse is not None:
            self.exec_suite(orelse.body, scope)
        return True

    def _exec_try(self, stmt: cst.Try, scope: Scope) -> bool:
        before = scope.vars
        scope.vars = dict(before)
        falls = self.exec_suite(stmt.body, scope)
        if falls and stmt.orelse is not None:
            falls = self.exec_suite(stmt.orelse.body, scope)
        outcomes = [scope.vars] if falls else []
        for handler in stmt.handlers:
            scope.vars = join_vars(before, outcomes[0]) if outcomes else dict(before)
            if self.exec_suite(handler.body, scope):
                outcomes.append(scope.vars)
        if outcomes:
            merged = outcomes[0]
            for vars_ in outcomes[1:]:
                merged = join_vars(merged, vars_)
            scope.vars = merged
        else:
            scope.vars = dict(before)
        if stmt.finalbody is not None:
            self.exec_suite(stmt.finalbody.body, scope)
        return bool(outcomes)

    def _exec_with(self, stmt: cst.With, scope: Scope) -> bool:
        managers = []
        for item in stmt.items:
            value = self.eval(item.item, scope)
            managers.append(value)
            if item.asname is not None:
                self.assign(item.asname.name, api.enter_context(value), scope, item.item)
        modes = [manager.enabled for manager in managers if isinstance(manager, GradMode)]
        self.controls.append(Control("with", stmt, tuple(managers)))
        if modes:
            self.grad_enabled.append(modes[-1])
        try:
            return self.exec_suite(stmt.body, scope)
        finally:
            if modes:
                self.grad_enabled.pop()
            self.controls.pop()

    def _exec_match(self, stmt: cst.Match, scope: Scope) -> bool:
        self.eval(stmt.subject, scope)
        before = scope.vars
        outcomes = []
        for case in stmt.cases:
            scope.vars = dict(before)
            if self.exec_suite(case.body, scope):
                outcomes.append(scope.vars)
        merged = dict(before)
        for vars_ in outcomes:
            merged = join_vars(merged, vars_)
        scope.vars = merged
        return True

    def _exec_function_def(self, stmt: cst.FunctionDef, scope: Scope) -> bool:
        self.bind(stmt.name.value, self._make_function(stmt, scope, None), scope)
        return True

    def _defaults(self, params: cst.Parameters, scope: Scope) -> Tuple[Tuple[str, Optional[Value]], ...]:
        """The parameters' default values, evaluated where the function is defined."""
        return tuple(
            (param.name.value, self.eval(param.default, scope))
            for param in (*params.posonly_params, *params.params, *params.kwonly_params)
            if param.default is not None
        )

    def _make_function(self, stmt: cst.FunctionDef, scope: Scope, owner: Optional[ClassValue]) -> FunctionValue:
        defaults = self._defaults(stmt.params, scope)
        grad_enabled = None
        for decorator in stmt.decorators:
            mode = api.grad_mode(self.eval(decorator.decorator, scope))
            if mode is not None:
                grad_enabled = mode
        fn = FunctionValue(stmt, scope, defaults, None, owner, grad_enabled)
        self.functions.append(fn)
        return fn

    def _exec_class_def(self, stmt: cst.ClassDef, scope: Scope) -> bool:
        bases = tuple(self.eval(arg.value, scope) for arg in stmt.bases)
        cls = ClassValue(stmt, bases)
        body_scope = Scope(scope, "class")
        unstable = set()
        for item in stmt.body.body:
            if isinstance(item, cst.FunctionDef):
                method = self._make_function(item, scope, cls)
                cls.methods[item.name.value] = method
                if item.name.value != "__init__":
                    unstable |= syntax.assigned_self_attributes(item)
            else:
                self.exec_stmt(item, body_scope)
        cls.attrs.update(body_scope.vars)
        cls.unstable = frozenset(unstable)
        self.bind(stmt.name.value, cls, scope)
        return True

    _STATEMENTS: Dict[type, Callable[["Evaluator", cst.CSTNode, Scope], bool]] = {
        cst.Assign: _exec_assign,
        cst.AnnAssign: _exec_ann_assign,
        cst.AugAssign: _exec_aug_assign,
        cst.Expr: _exec_expr,
        cst.Return: _exec_return,
        cst.Raise: _exec_raise,
        cst.Break: _exec_break,
        cst.Continue: _exec_continue,
        cst.Del: _exec_del,
        cst.Global: _exec_global,
        cst.Import: _exec_import,
        cst.ImportFrom: _exec_import_from,
        cst.If: _exec_if,
        cst.For: _exec_for,
        cst.While: _exec_while,
        cst.Try: _exec_try,
        cst.TryStar: _exec_try,
        cst.With: _exec_with,
        cst.Match: _exec_match,
        cst.FunctionDef: _exec_function_def,
        cst.ClassDef: _exec_class_def,
    }

    def _target_scope(self, name: str, scope: Scope) -> Scope:
        return scope.module_scope() if name in scope.globals_ else scope

    def bind(self, name: str, value: Optional[Value], scope: Scope) -> None:
        target = self._target_scope(name, scope)
        self._unbind(name, target)
        target.vars[name] = value
        loops = self.frames[-1].loops if self.frames else None
        if loops:
            for control, _, this_iteration in loops:
                this_iteration.add(name)
                if name != self._accumulating:
                    self.facts.rebound.setdefault(control, set()).add(name)
        if target is self.module_scope:
            history = self.module_history
            history[name] = _join_history(history[name], value) if name in history else value

    def replace_everywhere(self, old: Value, new: Optional[Value]) -> None:
        """An object changed in place: every name holding it, directly or inside
        a list, tuple or dict, now holds ``new``."""
        seen: set = set()
        for scope in self.scopes:
            for key, value in scope.vars.items():
                if value is not None:
                    replaced = _substitute(value, old, new)
                    if replaced is not value:
                        scope.vars[key] = replaced
                    self._replace_in_objects(replaced, old, new, seen, 3)
        _, stands_for = self.aliases.pop(id(old), (None, ()))
        for item in stands_for:
            if item is not None:
                # Which one changed is unknown: each is now itself or the new value.
                self.replace_everywhere(item, join(item, new))

    def _replace_in_objects(self, value: Optional[Value], old: Value, new: Optional[Value], seen: set, depth: int) -> None:
        """``replace_everywhere`` within the attributes of the file's own
        objects (``agent.buffer["reward"].append(r)``). Where the change may
        not happen on every path (under a branch, in a loop), a list there
        becomes one of unseen length: the object is not joined when paths meet."""
        if depth == 0 or value is None or id(value) in seen:
            return
        if isinstance(value, Instance):
            seen.add(id(value))
            changed = new if self._holds_from_here(value) or not isinstance(new, Seq) or new.kind != "list" else ListOf(join_all(new.items))
            for name, item in list(value.attrs.items()):
                if item is not None:
                    value.attrs[name] = _substitute(item, old, changed)
                    self._replace_in_objects(value.attrs[name], old, new, seen, depth - 1)
        elif isinstance(value, Seq):
            for item in value.items:
                self._replace_in_objects(item, old, new, seen, depth - 1)
        elif isinstance(value, Bunch):
            for _, item in value.fields:
                self._replace_in_objects(item, old, new, seen, depth - 1)

    def _unbind(self, name: str, scope: Scope) -> None:
        scope.vars.pop(name, None)
        if self.overlays:
            prefix = name + "."
            stale = [key for key in scope.vars if key.startswith(prefix)]
            for key in stale:
                del scope.vars[key]

    def assign(
        self,
        target: cst.BaseExpression,
        value: Optional[Value],
        scope: Scope,
        source: Optional[cst.CSTNode],
    ) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, value, scope)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self._assign_unpacked(target, value, scope, source)
        elif isinstance(target, cst.Attribute):
            self._assign_attribute(target, value, scope)
        elif isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            index = self._eval_index(target, scope)
            self.assign_subscript(target, base, index, value, target, scope)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, None, scope, source)

    def _assign_unpacked(
        self,
        target: cst.BaseExpression,
        value: Optional[Value],
        scope: Scope,
        source: Optional[cst.CSTNode],
    ) -> None:
        elements = target.elements
        stars = [position for position, element in enumerate(elements) if isinstance(element, cst.StarredElement)]
        if len(stars) == 1:
            # *features, target = batch: the starred name takes a list of what the others leave.
            known = api.unpack(value, None)
            if known is not None and len(known) >= len(elements) - 1:
                star, rest = stars[0], len(known) - len(elements) + 1
                items: Optional[Tuple[Optional[Value], ...]] = (
                    *known[:star], Seq(known[star:star + rest], "list"), *known[star + rest:]
                )
            else:
                items = None
        else:
            items = api.unpack(value, len(elements)) if not stars else None
        for position, element in enumerate(elements):
            item = items[position] if items is not None else None
            self.assign(element.value, item, scope, source)

    def _assign_attribute(self, target: cst.Attribute, value: Optional[Value], scope: Scope) -> None:
        owner = self.eval(target.value, scope)
        name = target.attr.value
        self.facts.attribute_stores.append(AttributeStore(target, name, value, tuple(self.controls)))
        if isinstance(owner, Array) and name == "shape":
            # numpy's in-place reshape: ``y.shape = (-1, 1)``.
            self.replace_everywhere(owner, api.set_shape(owner, value, target))
            return
        changed = api.attribute_written(owner, name, value)
        if changed is not None:
            self.replace_everywhere(owner, changed)  # model.fc = nn.Linear(512, 1): the model changed
        if isinstance(owner, Instance):
            if self._holds_from_here(owner):
                owner.attrs[name] = value
            elif self._accumulating is None and self._unconditional_in_method() and not isinstance(value, Const):
                # A literal is what changes from one iteration to the next (a step
                # counter, a done flag): joined below, it is no constant in the loop.
                owner.attrs[name] = value
            elif self._accumulating is None:
                # A later rebinding may be conditional: the attribute is what it
                # was or what is written now (first set here, only that: read
                # before, it would have raised); the path below still says which.
                owner.attrs[name] = join(owner.attrs[name], value) if name in owner.attrs else value
        path = syntax.dotted(target)
        if path is not None:
            root = path.split(".")[0]
            home = self._target_scope(root, scope)
            home.vars[path] = value
            self.overlays = True

    def _unconditional_in_method(self) -> bool:
        """Whether the statement running is in a function called from a loop,
        under no branch or loop of that function's own (``self.cash = ...`` in
        an environment's ``reset()``): once the call ran, the attribute holds
        what it wrote, for the rest of that iteration and into the next."""
        calls = [index for index, control in enumerate(self.controls) if control.kind == "call"]
        straight = bool(calls) and all(control.kind == "with" for control in self.controls[calls[-1] + 1:])
        return straight and not self.frames[-1].returns  # no earlier return skips it

    def _holds_from_here(self, owner: Instance) -> bool:
        """Whether what is assigned to ``owner`` now holds from here on: while
        its ``__init__`` runs, or reached through calls and ``with`` blocks
        only, no branch, loop or earlier ``return`` on the way (``dm.setup()``
        setting ``self.train_ds``), on an instance the script made."""
        return id(owner) in self.constructing or (
            all(control.kind in ("call", "with") for control in self.controls)
            and not any(frame.returns for frame in self.frames)
            and all(owner is not default for default in self._default_instances.values())
        )

    def assign_subscript(
        self,
        target: cst.Subscript,
        base: Optional[Value],
        index: Tuple[Optional[Value], ...],
        value: Optional[Value],
        node: cst.CSTNode,
        scope: Scope,
    ) -> None:
        """``base[index] = value``: the object changes in place, for every name
        that holds it."""
        if isinstance(base, (Seq, ListOf)) and len(index) == 1 and syntax.whole_slice(target):
            # xs[:] = shuffled: the same list, holding the new items.
            updated = api.builtins_.sequence_of(value, "list", node, self)
        else:
            updated = api.setitem(base, index, value, node)
        if isinstance(updated, Array) and updated.filled:
            updated = dataclasses.replace(updated, filled=False)  # target[mask] = 1: no longer one number throughout
        if isinstance(base, Array) and isinstance(updated, Array):
            # The same array, written in place: whatever holds it (an object's
            # attribute in a loop too) holds it as written now.
            if updated is not base:
                self.replace_everywhere(base, updated)
            return
        if isinstance(updated, api.Indexer) and isinstance(base, api.Indexer):
            # df.loc[...] = ...: the frame itself changed.
            self.replace_everywhere(base.owner, updated.owner)
            if isinstance(target.value, cst.Attribute):
                self.assign(target.value.value, updated.owner, scope, node)
            return
        if updated is not base:
            if base is not None:
                self.replace_everywhere(base, updated)
            if isinstance(base, (Seq, ListOf)) and isinstance(target.value, (cst.Name, cst.Attribute)):
                # An item written in place (a replay memory's self.memory[i] = t in a loop stays a list of unseen length).
                self.assign_in_place(target.value, updated, scope, node)
                return
            self.assign(target.value, updated, scope, node)

    def assign_in_place(self, target: cst.BaseExpression, value: Optional[Value], scope: Scope, node: cst.CSTNode) -> None:
        """``target`` holds ``value`` now: the same list or dict, changed in
        place (``xs.append(x)``, ``xs[i] = x``), not a name bound anew."""
        self._accumulating = syntax.root_name(target)
        try:
            self.assign(target, value, scope, node)
        finally:
            self._accumulating = None
