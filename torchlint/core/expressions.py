"""Expressions: the part of the Evaluator that gives each expression its value
(names, attributes, literals, operators, comprehensions, subscripts); calls
are in ``calls``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Tuple

import libcst as cst

from torchlint.core import api, handwritten, siblings, syntax
from torchlint.core.api.callsite import CallSite
from torchlint.core.calls import Calls
from torchlint.core.facts import Arg, Control, enclosing_call
from torchlint.core.scope import MAX_FIELDS, MAX_UNROLL, Scope, UNKNOWN_NAME
from torchlint.core.values import (
    Array,
    BoundMethod,
    Bunch,
    ClassValue,
    Const,
    FunctionValue,
    Instance,
    Iterable,
    LambdaValue,
    ListOf,
    Mapping,
    ModelChoice,
    Seq,
    Value,
    as_str,
    is_module,
    join,
)

if TYPE_CHECKING:
    from torchlint.core.evaluator import Evaluator


def _unroll_limit(items: Tuple[Optional[Value], ...]) -> int:
    """How many items a comprehension or map over ``items`` is evaluated for
    one by one: a parsed line's fields or a frame's column labels, one per
    column of a data file, as many as a wide table has (each element is
    cheap: ``float(v)``, ``c != "frame"``)."""
    columns = all(isinstance(item, api.textfiles.Field) or as_str(item) is not None for item in items)
    return MAX_FIELDS if columns else MAX_UNROLL


class Expressions:
    """Mixed into ``Evaluator``."""

    def eval(self, node: Optional[cst.BaseExpression], scope: Scope) -> Optional[Value]:
        if node is None:
            return None
        handler = self._EXPRESSIONS.get(type(node))
        if handler is None:
            self._eval_children(node, scope)
            return None
        return handler(self, node, scope)

    def _eval_children(self, node: cst.CSTNode, scope: Scope) -> None:
        """Evaluate sub-expressions of a construct the analysis does not model,
        so that the calls inside it are still recorded."""
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self.eval(child, scope)
            elif not isinstance(child, (cst.BaseSuite, cst.BaseStatement)):
                self._eval_children(child, scope)

    def _eval_name(self, node: cst.Name, scope: Scope) -> Optional[Value]:
        found = scope.lookup(node.value)
        if isinstance(found, siblings.Imported):
            return self.modules.resolve(found, self.facts.data_dirs)
        if found is not UNKNOWN_NAME:
            return found  # type: ignore[return-value]
        return api.builtin(node.value)

    def _eval_attribute(self, node: cst.Attribute, scope: Scope) -> Optional[Value]:
        if self.overlays:
            path = syntax.dotted(node)
            if path is not None:
                found = scope.lookup(path)
                if found is not UNKNOWN_NAME:
                    return found  # type: ignore[return-value]
        owner = self.eval(node.value, scope)
        return self.get_attribute(owner, node.attr.value, node)

    def get_attribute(self, owner: Optional[Value], name: str, node: cst.CSTNode) -> Optional[Value]:
        if isinstance(owner, Instance):
            return self._instance_attribute(owner, name, node)
        if isinstance(owner, ModelChoice):
            return BoundMethod(owner, name)
        if isinstance(owner, ClassValue):
            found = owner.lookup(name)
            if isinstance(found, FunctionValue) and self._is_classmethod(found):
                return dataclasses.replace(found, bound_self=owner)  # QNet.train_model(net, ...): cls is QNet
            return found
        return api.attribute(owner, name, node)

    def _instance_attribute(self, owner: Instance, name: str, node: cst.CSTNode) -> Optional[Value]:
        if name in owner.attrs:
            return owner.attrs[name]
        found = owner.cls.lookup(name)
        if found is None and name == "start" and _runs_apart(owner.cls):
            found = owner.cls.lookup("run")  # worker.start() runs the worker's own run() in its process
        if isinstance(found, FunctionValue):
            if self._is_property(found):
                return self.call_function(dataclasses.replace(found, bound_self=owner), None)
            if self._is_static(found):
                return found
            return dataclasses.replace(found, bound_self=owner.cls if self._is_classmethod(found) else owner)
        if name in owner.cls.unstable:
            return None
        if found is not None:
            return found
        if is_module(owner) or owner.cls.derives_from_module():
            return BoundMethod(owner, name)
        return None

    def _is_property(self, fn: FunctionValue) -> bool:
        return any(name in ("property", "cached_property") for name in syntax.decorator_names(fn.node))

    def _is_static(self, fn: FunctionValue) -> bool:
        return "staticmethod" in syntax.decorator_names(fn.node)

    def _is_classmethod(self, fn: FunctionValue) -> bool:
        return "classmethod" in syntax.decorator_names(fn.node)

    def _eval_integer(self, node: cst.Integer, scope: Scope) -> Optional[Value]:
        try:
            return Const(int(node.value, 0))  # base 0 reads 0x.., 0o.., 0b.. and underscores
        except ValueError:  # 0777-style or more digits than Python converts: unknown
            return None

    def _eval_float(self, node: cst.Float, scope: Scope) -> Optional[Value]:
        try:
            return Const(float(node.value.replace("_", "")))
        except ValueError:
            return None

    def _eval_string(self, node: cst.SimpleString, scope: Scope) -> Optional[Value]:
        text = node.value
        quote = text[-1]
        if text[0] == quote and "\\" not in text:
            # A plain literal without prefix or escapes: no need for libcst's
            # evaluated_value, which compiles each literal with ast.
            width = 3 if text.startswith(quote * 3) and len(text) >= 6 else 1
            return Const(text[width:-width])
        try:
            return Const(node.evaluated_value)
        except Exception:  # a literal libcst cannot evaluate: unknown
            return None

    def _eval_formatted(self, node: cst.FormattedString, scope: Scope) -> Optional[Value]:
        """``f"I{j}"`` of known ints and texts without a format spec: the text
        (column names made in a comprehension, ``[f"I{j}" for j in range(1, 14)]``)."""
        pieces: List[str] = []
        known = True
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                pieces.append(part.value)
                continue
            value = self.eval(part.expression, scope)  # type: ignore[attr-defined]
            literal = value.value if isinstance(value, Const) else None
            known = known and not part.format_spec and not part.conversion and type(literal) in (int, str)  # type: ignore[attr-defined]
            pieces.append(str(literal))
        text = "".join(pieces)
        # Escaped braces and backslashes are left to Python: their text is not the source's.
        return Const(text) if known and not any(part in text for part in "{\\") else None

    def _eval_concatenated(self, node: cst.ConcatenatedString, scope: Scope) -> Optional[Value]:
        self._eval_children(node, scope)
        value = node.evaluated_value if not self._has_format(node) else None
        return Const(value) if isinstance(value, str) else None

    @staticmethod
    def _has_format(node: cst.ConcatenatedString) -> bool:
        parts = [node.left, node.right]
        while parts:
            part = parts.pop()
            if isinstance(part, cst.FormattedString):
                return True
            if isinstance(part, cst.ConcatenatedString):
                parts.extend((part.left, part.right))
        return False

    def _eval_ellipsis(self, node: cst.Ellipsis, scope: Scope) -> Optional[Value]:
        return Const(...)

    def _eval_sequence(self, node: cst.BaseExpression, scope: Scope) -> Optional[Value]:
        items: List[Optional[Value]] = []
        for element in node.elements:  # type: ignore[attr-defined]
            value = self.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                expanded = api.unpack(value, None)
                if expanded is None:
                    return None
                items.extend(expanded)
            else:
                items.append(value)
        return Seq(tuple(items), "list" if isinstance(node, cst.List) else "tuple")

    def _eval_dict(self, node: cst.Dict, scope: Scope) -> Optional[Value]:
        """A dict literal with string keys, as a bag of named values."""
        fields = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                self.eval(element.value, scope)
                return None
            key = self.eval(element.key, scope)
            value = self.eval(element.value, scope)
            if not (isinstance(key, Const) and isinstance(key.value, str)):
                self._eval_children(node, scope)
                return None
            fields.append((key.value, value))
        return Bunch(tuple(fields))

    def _eval_binary(self, node: cst.BinaryOperation, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        self._last_operand = right
        if isinstance(node.operator, cst.Subtract) and isinstance(left, Array) and isinstance(right, Array):
            self.differences[node] = (Arg(left, node.left), Arg(right, node.right))
        features: Optional[Arg] = None  # of a model written by hand: features times weights
        if isinstance(node.operator, cst.MatrixMultiply) and isinstance(left, Array) and handwritten.is_weight(right):
            features = Arg(left, node.left)
        elif isinstance(node.operator, cst.MatrixMultiply) and isinstance(right, Array) and handwritten.is_weight(left):
            # w.T @ X: one example per column, so X's columns are no features; its magnitude still is.
            if not handwritten.is_weight(right):
                scale = right.scale.without_columns() if right.scale is not None else None
                features = Arg(dataclasses.replace(right, scale=scale), node.right)
        elif isinstance(node.operator, cst.Multiply) and isinstance(left, Array) and isinstance(right, Array):
            # w * x + b: a one-feature model written by hand, the weight on either side.
            if handwritten.is_weight(left) != handwritten.is_weight(right):
                features = Arg(right, node.right) if handwritten.is_weight(left) else Arg(left, node.left)
        result = handwritten.after_operation(api.binary(node.operator, left, right, node, node.right), node.operator, left, right)
        if features is not None:
            self._weight_product(node, features)
            result = self._model_output(result, node)
        if isinstance(node.operator, (cst.Multiply, cst.Subtract, cst.Add)):
            linear = not isinstance(node.operator, cst.Multiply)
            return handwritten.with_pairing(result, node, Arg(left, node.left), Arg(right, node.right), self.in_training_step(), linear)
        return result

    def in_training_step(self) -> bool:
        """Outside any forward() and with gradients on: where a loss is computed to train."""
        return self.forward_depth == 0 and self.grad_enabled[-1]

    def _eval_unary(self, node: cst.UnaryOperation, scope: Scope) -> Optional[Value]:
        return api.unary(node.operator, self.eval(node.expression, scope), node)

    def _eval_comparison(self, node: cst.Comparison, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        rights = [self.eval(target.comparator, scope) for target in node.comparisons]
        if len(rights) == 1:
            return api.compare(node.comparisons[0].operator, left, rights[0], node)
        return None

    def _eval_boolean(self, node: cst.BooleanOperation, scope: Scope) -> Optional[Value]:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        if isinstance(left, Const) and isinstance(right, Const):
            if isinstance(node.operator, cst.And):
                return right if left.value else left
            return left if left.value else right
        return None

    def _eval_if_exp(self, node: cst.IfExp, scope: Scope) -> Optional[Value]:
        decided = api.truth(self.eval(node.test, scope))
        if decided is not None:
            return self.eval(node.body if decided else node.orelse, scope)
        return join(self.eval(node.body, scope), self.eval(node.orelse, scope))

    def _eval_named(self, node: cst.NamedExpr, scope: Scope) -> Optional[Value]:
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope, node.value)
        return value

    def _eval_yield(self, node: cst.Yield, scope: Scope) -> Optional[Value]:
        value = node.value
        if isinstance(value, cst.From):
            item = api.iterate(self.eval(value.item, scope), self)
        else:
            item = self.eval(value, scope) if value is not None else Const(None)
        if self.frames:
            self.frames[-1].yields.append(item)
        return None

    def _eval_await(self, node: cst.Await, scope: Scope) -> Optional[Value]:
        self.eval(node.expression, scope)
        return None

    def _eval_lambda(self, node: cst.Lambda, scope: Scope) -> Optional[Value]:
        return LambdaValue(node, scope, self._defaults(node.params, scope))

    def _eval_comprehension(self, node: cst.BaseExpression, scope: Scope) -> Optional[Value]:
        """Evaluate the element once per ``for`` clause, in a scope of its own."""
        inner = Scope(scope, "comprehension")
        control = Control("comprehension", node)
        self.controls.append(control)
        clause = node.for_in  # type: ignore[attr-defined]
        first = True
        while clause is not None:
            # The first iterable is evaluated in the enclosing scope (Python's rule).
            iterable = self.eval(clause.iter, scope if first else inner)
            if first and isinstance(node, cst.DictComp) and not clause.ifs and clause.inner_for_in is None:
                # {k: torch.as_tensor(v[idxs]) for k, v in buffers.items()}: one entry per known item.
                entries = self._dict_entries(clause, node, iterable, inner)
                if entries is not None:
                    self.controls.pop()
                    return entries
            if first and isinstance(node, cst.ListComp):
                mark = self.facts.mark()
                produce = self._clause_elements(clause, node.elt, inner)
                elements = self._each_item(clause.target, iterable, produce, inner, clause.iter)
                if elements is not None:
                    self.controls.pop()
                    return Seq(tuple(elements), "list")
                self.facts.rollback(mark)  # not known item by item: evaluated once more below, for any item
                labels = self._filtered_labels(clause, node, iterable, inner)
                if labels is not None:
                    self.controls.pop()
                    return labels
            first = False
            self.assign(clause.target, api.iterate(iterable, self), inner, clause.iter)
            for condition in clause.ifs:
                self.eval(condition.test, inner)
            clause = clause.inner_for_in
        if isinstance(node, cst.DictComp):
            self.eval(node.key, inner)
            element = self.eval(node.value, inner)
        else:
            element = self.eval(node.elt, inner)  # type: ignore[attr-defined]
        self.controls.pop()
        if isinstance(node, cst.DictComp):
            return Mapping(element)
        if isinstance(node, cst.GeneratorExp):
            return Iterable(element)
        if isinstance(node, cst.ListComp):
            return ListOf(element)
        return None

    def _eval_map(self, function: cst.Lambda, items: cst.BaseExpression, node: cst.Call, scope: Scope) -> Optional[Value]:
        """``map(lambda t: t.to(device), (X, y))``: the lambda's body for each
        item, as the comprehension ``[t.to(device) for t in (X, y)]`` makes it."""
        iterable = self.eval(items, scope)
        inner = Scope(scope, "comprehension")
        parameter = function.params.params[0].name
        self.controls.append(Control("comprehension", node))
        try:
            results = self._each_item(parameter, iterable, lambda: [self.eval(function.body, inner)], inner, items)
            if results is not None:
                return Seq(tuple(results), "list")
            self.assign(parameter, api.iterate(iterable, self), inner, items)
            return Iterable(self.eval(function.body, inner))
        finally:
            self.controls.pop()

    def _filtered_labels(self, clause: cst.CompFor, node: cst.ListComp, iterable: Optional[Value], inner: Scope) -> Optional[Value]:
        """``[c for c in df.columns if c != "y"]`` over labels known only in
        part (one-hot columns of unknown number follow): the known ones its
        ifs keep, then some of the others."""
        names = api.leading_labels(iterable)
        element, target = node.elt, clause.target
        if names is None or clause.inner_for_in is not None or not isinstance(element, cst.Name):
            return None
        if not isinstance(target, cst.Name) or target.value != element.value:
            return None
        known = Seq(tuple(Const(name) for name in names), "list")
        kept = self._each_item(target, known, self._clause_elements(clause, element, inner), inner, clause.iter)
        if kept is None:
            return None
        return api.labels_followed_by_more(tuple(as_str(label) for label in kept))  # type: ignore[misc]

    def _each_item(
        self,
        target: cst.BaseExpression,
        iterable: Optional[Value],
        produce: Callable[[], Optional[List[Optional[Value]]]],
        inner: Scope,
        source: cst.CSTNode,
    ) -> Optional[List[Optional[Value]]]:
        """``[make(m) for m in (a, b)]``, ``map(lambda m: make(m), (a, b))``:
        what ``produce`` makes for each item in turn, each known; None for an
        iterable not known item by item."""
        items = api.known_items(iterable)
        if items is None and isinstance(iterable, Iterable) and iterable.ints is not None and len(iterable.ints) <= MAX_FIELDS:
            items = tuple(Const(value) for value in iterable.ints)  # evaluated one by one below if they make labels
        if items is None or not 0 < len(items) <= MAX_FIELDS:
            return None
        limit = _unroll_limit(items)
        elements: List[Optional[Value]] = []
        for count, item in enumerate(items):
            self.assign(target, item, inner, source)
            produced = produce()
            if produced is None:
                return None
            elements.extend(produced)
            if count == 0 and len(items) > limit and not all(as_str(element) is not None for element in produced):
                return None  # more items than are evaluated one by one, unless they make labels (f"s{i}" for i in range(1, 22))
        return elements

    def _dict_entries(self, clause: cst.CompFor, node: cst.DictComp, iterable: Optional[Value], inner: Scope) -> Optional[Bunch]:
        """A dict comprehension over items known one by one, each key a literal string."""
        pairs = self._each_item(
            clause.target, iterable, lambda: [Seq((self.eval(node.key, inner), self.eval(node.value, inner)))], inner, clause.iter
        )
        if pairs is None or not all(isinstance(pair, Seq) and isinstance(as_str(pair.items[0]), str) for pair in pairs):
            return None
        return Bunch(tuple((as_str(pair.items[0]), pair.items[1]) for pair in pairs))  # type: ignore[union-attr,misc]

    def _clause_elements(
        self, clause: cst.CompFor, element: cst.BaseExpression, inner: Scope
    ) -> Callable[[], Optional[List[Optional[Value]]]]:
        """What one item of ``clause`` adds to a list comprehension: its
        element, or each element its inner ``for`` makes for it."""
        nested = clause.inner_for_in

        def produce() -> Optional[List[Optional[Value]]]:
            # Its ``if``s, each known true or false for the item ([c for c in df.columns if c != "frame"]).
            tests = [self.eval(condition.test, inner) for condition in clause.ifs]
            if not all(isinstance(test, Const) and isinstance(test.value, (bool, int, str)) for test in tests):
                return None
            if not all(test.value for test in tests):  # type: ignore[union-attr]
                return []
            if nested is None:
                return [self.eval(element, inner)]
            return self._each_item(nested.target, self.eval(nested.iter, inner), self._clause_elements(nested, element, inner), inner, nested.iter)

        return produce

    def _eval_subscript(self, node: cst.Subscript, scope: Scope) -> Optional[Value]:
        base = self.eval(node.value, scope)
        index = self._eval_index(node, scope)
        getitem = base.method("__getitem__") if isinstance(base, Instance) and len(index) == 1 else None
        if getitem is not None:
            # dataset[0] of the file's own Dataset: its __getitem__, as a loader calls it.
            position = node.slice[0].slice
            argument = Arg(index[0], position.value if isinstance(position, cst.Index) else position)
            return self.call_function(getitem, CallSite(node, (argument,), (), True, self))
        return api.subscript(base, index, node)

    def _super_method(self, node: cst.Call) -> Optional[FunctionValue]:
        """``super().__init__(...)``, ``super(Net, self).forward(x)`` in a method:
        the method of the file's own base class, bound to the same instance
        (a library base's, nn.Module's, is not followed)."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)):
            return None
        if not (isinstance(func.value.func, cst.Name) and func.value.func.value == "super"):
            return None
        call = enclosing_call(self.controls)
        running = call.function if call is not None else None
        if not isinstance(running, FunctionValue) or running.owner is None or running.bound_self is None:
            return None
        for base in running.owner.bases:
            found = base.lookup(func.attr.value) if isinstance(base, ClassValue) else None
            if isinstance(found, FunctionValue):
                return dataclasses.replace(found, bound_self=running.bound_self)
        return None

    def _rows_of(self, part: cst.Slice, scope: Scope, windows: bool) -> Optional[int]:
        """How many rows ``a:a + k`` takes for certain: one for ``k`` = 1; ``k``
        where ``windows`` are cut (a comprehension, a loop that trains nothing,
        a dataset's ``__getitem__``: ``self.s[i:i + self.seq_len]``)."""
        span = syntax.span(part)
        rows = api.as_int(self.eval(span, scope)) if isinstance(span, (cst.Integer, cst.Name, cst.Attribute)) else None
        if rows is None or rows < 1:
            return None
        return rows if rows == 1 or windows else None

    def _cutting_windows(self) -> bool:
        """Whether a slice of rows here is a window, not a mini-batch: in a
        dataset's item, a comprehension, a loop that trains nothing, or no loop."""
        for control in reversed(self.controls):
            function = control.function
            if isinstance(function, FunctionValue) and function.name == "__getitem__":
                return True
            if control.kind == "comprehension":
                return True
            if control.kind == "loop":
                body = getattr(control.node, "body", None)  # a library's training loop stands at its call: no body
                return body is not None and not self._trains_itself(body)
        return True

    def slice_value(self, part: cst.Slice, scope: Scope) -> api.SliceValue:
        """``lower:upper:step``, written in a subscript or as ``slice(lower, upper)``."""
        windows = self._cutting_windows()
        return api.SliceValue(
            self.eval(part.lower, scope),
            self.eval(part.upper, scope),
            self.eval(part.step, scope),
            self._rows_of(part, scope, windows),
            batch=not windows,
        )

    def _eval_index(self, node: cst.Subscript, scope: Scope) -> Tuple[Optional[Value], ...]:
        """The subscript's elements: values for plain indices, ``api.SliceValue`` for slices."""
        items: List[Optional[Value]] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                value = self.eval(part.value, scope)
                if part.star is not None:
                    return (None,)
                items.append(value)
            else:
                items.append(self.slice_value(part, scope))
        if len(items) == 1 and len(node.slice) == 1 and node.slice[0].comma is cst.MaybeSentinel.DEFAULT:
            # x[(a, b)] and x[a, b] are the same; a lone tuple value stands for its items.
            only = items[0]
            if isinstance(only, Seq) and only.kind == "tuple" and isinstance(node.slice[0].slice, cst.Index):
                inner = node.slice[0].slice.value
                if isinstance(inner, cst.Tuple):
                    return only.items
        return tuple(items)

    _EXPRESSIONS: Dict[type, Callable[["Evaluator", cst.CSTNode, Scope], Optional[Value]]] = {
        cst.Name: _eval_name,
        cst.Attribute: _eval_attribute,
        cst.Call: Calls._eval_call,
        cst.Subscript: _eval_subscript,
        cst.Integer: _eval_integer,
        cst.Float: _eval_float,
        cst.SimpleString: _eval_string,
        cst.ConcatenatedString: _eval_concatenated,
        cst.FormattedString: _eval_formatted,
        cst.Ellipsis: _eval_ellipsis,
        cst.Dict: _eval_dict,
        cst.Tuple: _eval_sequence,
        cst.List: _eval_sequence,
        cst.BinaryOperation: _eval_binary,
        cst.UnaryOperation: _eval_unary,
        cst.Comparison: _eval_comparison,
        cst.BooleanOperation: _eval_boolean,
        cst.IfExp: _eval_if_exp,
        cst.NamedExpr: _eval_named,
        cst.Yield: _eval_yield,
        cst.Await: _eval_await,
        cst.Lambda: _eval_lambda,
        cst.ListComp: _eval_comprehension,
        cst.SetComp: _eval_comprehension,
        cst.DictComp: _eval_comprehension,
        cst.GeneratorExp: _eval_comprehension,
    }


# Library classes whose start() runs the subclass's own run(): processes and threads.
_STARTED_BY_RUN = frozenset(("Process", "Thread"))


def _runs_apart(cls: ClassValue) -> bool:
    """A subclass of multiprocessing's (or torch's) Process, or threading's Thread, with a run() of its own."""
    if not isinstance(cls.lookup("run"), FunctionValue):
        return False
    return any(base.rsplit(".", 1)[-1] in _STARTED_BY_RUN for base in cls.library_bases())
