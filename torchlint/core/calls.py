"""Calls: the part of the Evaluator that evaluates a call, into the library
models of ``api`` or into the file's own functions, lambdas and classes, once
per call site with the arguments it receives."""

from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Tuple

import libcst as cst

from torchlint.core import api, handwritten, syntax
from torchlint.core.api.callsite import CallSite
from torchlint.core.facts import Arg, CallFact, Control, LossCall, MethodCall, OpaqueCall, WeightProduct
from torchlint.core.scope import Frame, MAX_CALL_DEPTH, Scope
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
    Ref,
    Seq,
    Value,
    as_str,
    is_module,
    join,
    join_all,
)


# nn.Module methods that set an attribute named by their first argument.
_REGISTERS = frozenset({"register_parameter", "register_buffer", "add_module", "register_module"})
# nn.Sequential, whose starred list of layers may be known by its last layer alone.
SEQUENTIAL = Ref("torch.nn.Sequential")
# Base classes that make a class a tuple of its annotated fields.
_NAMED_TUPLES = frozenset({"typing.NamedTuple", "typing_extensions.NamedTuple"})


class Calls:
    """Mixed into ``Evaluator``."""

    def _eval_call(self, node: cst.Call, scope: Scope) -> Optional[Value]:
        inherited = self._super_method(node)
        callee = inherited if inherited is not None else self.eval(node.func, scope)
        function = syntax.mapped_lambda(node) if callee == Ref("builtins.map") else None
        if function is not None:
            return self._eval_map(function, node.args[1].value, node, scope)
        written = syntax.slice_call(node) if callee == Ref("builtins.slice") else None
        if written is not None:
            return self.slice_value(written, scope)
        args: List[Arg] = []
        kwargs: List[Tuple[str, Arg]] = []
        complete = True
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                expanded = api.unpack(value, None)
                if expanded is None and len(node.args) == 1 and callee == api.builtin("zip"):
                    columns = api.builtins_.transposed(value)
                    if columns is not None:
                        return columns  # zip(*rows) of rows of unseen count (a collate_fn's batch)
                if expanded is None and isinstance(value, ListOf) and value.last is not None and callee == SEQUENTIAL:
                    # nn.Sequential(*layers), hidden layers appended in a loop of unknown count, then
                    # the output layer: as a Sequential, the loop's layers (whatever their number), then it.
                    expanded = (value.item, value.last)
                if expanded is None:
                    complete = False
                else:
                    args.extend(Arg(item, None) for item in expanded)
            elif arg.star == "**":
                named = api.keywords(value)
                if named is None:
                    complete = False
                else:
                    kwargs.extend((name, Arg(item, None)) for name, item in named)
            elif arg.keyword is not None:
                kwargs.append((arg.keyword.value, Arg(value, arg.value)))
            else:
                args.append(Arg(value, arg.value))
        receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
        if receiver is not None:
            receiver_value = callee.receiver if isinstance(callee, BoundMethod) else getattr(callee, "bound_self", None)
            self.facts.method_calls.append(
                MethodCall(node, node.func.attr.value, receiver_value, tuple(self.controls), len(self.facts.calls))  # type: ignore[union-attr]
            )
            if node.func.attr.value == "backward" and receiver_value is None and isinstance(receiver, cst.Name):  # type: ignore[union-attr]
                # Only a tensor on an autograd graph has backward(): whatever
                # made it (a loss function of the user's own), the name holds a loss.
                self.bind(receiver.value, Array(kind=api.arrays.TENSOR, shape=None, graph="loss"), scope)
            elif node.func.attr.value == "eval" and not node.args and receiver_value is None and syntax.plain_reference(receiver):  # type: ignore[union-attr]
                # Likewise only a torch module has eval() without arguments: the
                # name or attribute holds a model (an evaluate(model, loader) no
                # call reached, a trainer's self.model handed in from elsewhere).
                self.assign(receiver, api.torch_.SOME_MODEL, scope, node)
        mutates = receiver is not None and node.func.attr.value in api.LIST_MUTATORS | api.DICT_MUTATORS  # type: ignore[union-attr]
        if mutates:
            # groups.setdefault(key, []).append(x) changes the entry, as groups[key].append(x) does.
            receiver = syntax.setdefault_subscript(receiver) or receiver
        if mutates and syntax.plain_reference(receiver):
            current = self.eval(receiver, scope)
            if node.func.attr.value == "append" and len(args) == 1:  # type: ignore[union-attr]
                # xs.append(v), self.history.append(v), log["loss"].append(v)
                self._accumulated(node, syntax.root_name(receiver), args[0].value, args[0].node, isinstance(receiver, cst.Name))
            if isinstance(current, (Seq, ListOf, Mapping)) or type(current) is Bunch:
                # lst.append(x), d["xs"].append(x), options.update(more): the list or dict itself changes.
                mutate = api.mutate_list if isinstance(current, (Seq, ListOf)) else api.mutate_dict
                changed = mutate(current, node.func.attr.value, args, kwargs)  # type: ignore[union-attr,arg-type]
                self.replace_everywhere(current, changed)
                if isinstance(receiver, (cst.Name, cst.Attribute)):
                    self.assign_in_place(receiver, changed, scope, node)
                elif isinstance(receiver, cst.Subscript) and isinstance(self.eval(receiver.value, scope), Mapping):
                    # groups[row["id"]].append(x): some list of the mapping grew; all are alike.
                    self.assign(receiver, changed, scope, node)
        if callee is None:
            self.facts.opaque_calls.append(
                OpaqueCall(node, tuple(arg.value for arg in (*args, *(a for _, a in kwargs))), tuple(self.controls))
            )
            if receiver is None:
                return None
            return api.method_of_unknown(node.func.attr.value, node, tuple(arg.value for arg in args))  # type: ignore[union-attr]
        site = CallSite(node, tuple(args), tuple(kwargs), complete, self)
        result = self.call(callee, site)
        changed = api.receiver_after(callee, result, site)
        if isinstance(changed, Array) and changed.filled:
            changed = dataclasses.replace(changed, filled=False)  # labels.fill_(x), t.index_fill_(...): written in place
        if changed is not None:
            # An in-place method (unsqueeze_, df.pop, ...) changes the object itself.
            self.replace_everywhere(callee.receiver, changed)  # type: ignore[union-attr]
            if isinstance(receiver, (cst.Name, cst.Attribute)):
                self.assign(receiver, changed, scope, node)
        if not isinstance(callee, (FunctionValue, ClassValue, Instance)):
            # A function handed to the library (optimizer.step(closure), a hook)
            # is called from there, with the values of this point in the file.
            for arg in (*args, *(arg for _, arg in kwargs)):
                if isinstance(arg.value, FunctionValue):
                    self.call_function(arg.value, None)
        return self._record(site, callee, result)

    def _record(self, site: CallSite, callee: Value, result: Optional[Value]) -> Optional[Value]:
        """Records the call; returns its result, marked as a model's output
        when the call is a model written by hand (``torch.matmul(X, w)``)."""
        result = handwritten.after_library_call(result, callee)
        fact = CallFact(
            node=site.node,
            callee=callee,
            args=site.args,
            kwargs=site.kwargs,
            result=result,
            controls=tuple(self.controls),
            in_forward=self.forward_depth > 0,
            grad_enabled=self.grad_enabled[-1],
        )
        features = handwritten.weight_features(fact)
        if features is not None:
            self._weight_product(site.node, features)
            result = self._model_output(result, site.node)
            fact = dataclasses.replace(fact, result=result)
        self.facts.calls.append(fact)
        loss = api.loss_of(callee)
        if loss is not None:
            functional, display = loss
            self.facts.loss_calls.append(
                LossCall(
                    call=fact,
                    functional=functional,
                    display_name=display,
                    prediction=fact.arg(0, "input"),
                    target=fact.arg(1, "target"),
                )
            )
            return result
        by_hand = handwritten.loss_of(site.node, self.differences, self._written_as)
        if (by_hand is None or handwritten.broadcast_earlier(by_hand[2])) and self.forward_depth == 0 and self.grad_enabled[-1]:
            # A residual of several terms that broadcast before its last difference: where they did.
            by_hand = handwritten.paired_loss(fact) or by_hand
        if by_hand is not None:
            functional, display, prediction, target = by_hand
            self.facts.loss_calls.append(LossCall(fact, functional, display, prediction, target))
        return result

    def _model_output(self, result: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
        """Features times weights made to be trained, with autograd on: a
        model's output, as a module's call gives, its shape set at ``node``
        (not where the features were made: ``x.reshape(-1, 1) * w`` adds no
        axis to a prediction on purpose)."""
        if isinstance(result, Array) and result.graph is None and self.grad_enabled[-1] and self.forward_depth == 0:
            return dataclasses.replace(result, graph="output", origin=node if result.shape is not None else result.origin)
        return result

    def _weight_product(self, node: cst.CSTNode, features: Arg) -> None:
        in_forward = self.forward_depth > 0
        self.facts.weight_products.append(WeightProduct(node, features, tuple(self.controls), self.grad_enabled[-1], in_forward))

    def call(self, callee: Value, site: CallSite) -> Optional[Value]:
        """The result of calling ``callee`` at ``site``."""
        if isinstance(callee, FunctionValue):
            return self.call_function(callee, site)
        if isinstance(callee, LambdaValue):
            return self._call_lambda(callee, site)
        if isinstance(callee, ClassValue):
            return self.instantiate(callee, site)
        if isinstance(callee, Instance):
            return self._call_instance(callee, site)
        if isinstance(callee, ModelChoice):
            return join_all(tuple(self.call(option, site) for option in callee.options))
        if isinstance(callee, BoundMethod) and isinstance(callee.receiver, ModelChoice):
            # model.to(device), model.parameters(): each model's, and what they agree on.
            methods = (self.get_attribute(option, callee.name, site.node) for option in callee.receiver.options)
            return join_all(tuple(self.call(method, site) if method is not None else None for method in methods))
        if isinstance(callee, BoundMethod) and isinstance(callee.receiver, Instance):
            if callee.name in _REGISTERS and as_str(site.value(0)) is not None:
                # self.register_parameter("weights", nn.Parameter(...)): an attribute by another name.
                owner = callee.receiver
                name = as_str(site.value(0))
                owner.attrs[name] = site.value(1) if self._holds_from_here(owner) else None  # type: ignore[index]
            return api.call_module_method(callee.receiver, callee.name, site)
        return api.call(callee, site)

    def _call_lambda(self, fn: LambdaValue, site: CallSite) -> Optional[Value]:
        if len(self.scopes) >= MAX_CALL_DEPTH * 2 or self.budget <= 0:
            return None
        self.budget -= 1
        scope = Scope(fn.scope, "function")
        self._bind(fn.node.params, fn.defaults, None, site, scope)
        self.scopes.append(scope)
        try:
            return self.eval(fn.node.body, scope)
        finally:
            self.scopes.pop()

    def _call_instance(self, instance: Instance, site: CallSite) -> Optional[Value]:
        method = instance.method("forward") or instance.method("__call__")
        return self.call_function(method, site) if method is not None else None

    def call_module(self, module: Value, value: Optional[Value], site: CallSite) -> Optional[Value]:
        """Apply a module to one input, as nn.Sequential does with its layers."""
        if isinstance(module, Instance):
            inner = CallSite(site.node, (Arg(value, None),), (), True, self)
            return self._call_instance(module, inner)
        return api.apply_module(module, value, site)

    def instantiate(self, cls: ClassValue, site: Optional[CallSite]) -> Optional[Value]:
        if site is not None and any(base in _NAMED_TUPLES for base in cls.library_bases()):
            # class Split(NamedTuple): a record of its annotated fields, read by name or unpacked in order.
            return api.builtins_.record(api.builtins_.RecordType(tuple(_field_names(cls))), site)
        instance = Instance(cls)
        init = cls.lookup("__init__")
        if isinstance(init, FunctionValue):
            self.constructing.add(id(instance))
            try:
                self.call_function(dataclasses.replace(init, bound_self=instance), site)
            finally:
                self.constructing.discard(id(instance))
        elif site is not None and site.complete and _declares_fields(cls):
            # A dataclass, attrs or pydantic settings class: its __init__ takes its annotated fields.
            fields = _field_names(cls)
            given = [*zip(fields, site.positional()), *((key, arg.value) for key, arg in site.kwargs if key in fields)]
            instance.attrs.update(given)
        return instance

    def call_function(self, fn: FunctionValue, site: Optional[CallSite]) -> Optional[Value]:
        node = fn.node
        if node in self.active or len(self.active) >= MAX_CALL_DEPTH or self.budget <= 0:
            return None
        self.budget -= 1
        self.analysed.add(node)
        scope = Scope(fn.scope, "function")
        self._bind_parameters(fn, site, scope)
        frame = Frame()
        self.frames.append(frame)
        self.active.append(node)
        self.scopes.append(scope)
        self.controls.append(Control("call", site.node if site is not None else node, (fn,)))
        self.grad_enabled.append(self.grad_enabled[-1] if fn.grad_enabled is None else fn.grad_enabled)
        # A model's forward(), called as model(x), as model.forward(x), or evaluated on its own.
        forward = fn.name == "forward" and is_module(fn.bound_self)
        self.forward_depth += forward
        try:
            falls = self.exec_suite(node.body, scope)
        finally:
            self.forward_depth -= forward
            self.grad_enabled.pop()
            self.controls.pop()
            self.scopes.pop()
            self.active.pop()
            self.frames.pop()
        if self._is_generator(node):
            item: Optional[Value] = None
            for index, value in enumerate(frame.yields):
                item = value if index == 0 else join(item, value)
            return Iterable(item) if frame.yields else None
        results = list(frame.returns)
        if falls:
            results.append(Const(None))
        if not results:
            return None
        result = results[0]
        for value in results[1:]:
            result = join(result, value)
        return result

    def _is_generator(self, node: cst.FunctionDef) -> bool:
        if node not in self._generator_cache:
            self._generator_cache[node] = syntax.contains_yield(node)
        return self._generator_cache[node]

    def _trains_itself(self, body: cst.BaseSuite) -> bool:
        """``_steps_training`` of a loop body, walked once however often the loop is evaluated."""
        if body not in self._training_bodies:
            self._training_bodies[body] = syntax.steps_training(body)
        return self._training_bodies[body]

    def _bind_parameters(self, fn: FunctionValue, site: Optional[CallSite], scope: Scope) -> None:
        self._bind(fn.node.params, fn.defaults, fn.bound_self, site, scope)

    def _bind(
        self,
        params: cst.Parameters,
        given_defaults: Tuple[Tuple[str, Optional[Value]], ...],
        bound_self: Optional[Value],
        site: Optional[CallSite],
        scope: Scope,
    ) -> None:
        positional = [*params.posonly_params, *params.params]
        defaults = dict(given_defaults)
        args: List[Optional[Value]] = []
        if bound_self is not None:
            args.append(bound_self)
        keywords: Dict[str, Optional[Value]] = {}
        complete = site is None or site.complete
        if site is not None:
            args.extend(arg.value for arg in site.args)
            keywords = {name: arg.value for name, arg in site.kwargs}
        for index, param in enumerate(positional):
            name = param.name.value
            if index < len(args):
                value = args[index]
            elif name in keywords:
                value = keywords[name]
            elif name in defaults and complete and site is not None:
                value = defaults[name]
            else:
                value = None
            scope.vars[name] = value
        for param in params.kwonly_params:
            name = param.name.value
            if name in keywords:
                scope.vars[name] = keywords[name]
            elif name in defaults and complete and site is not None:
                scope.vars[name] = defaults[name]
            else:
                scope.vars[name] = None
        if isinstance(params.star_arg, cst.Param):
            # def push(self, *args): the positional arguments past the named ones, when all are seen.
            rest = tuple(args[len(positional):]) if complete and site is not None else None
            scope.vars[params.star_arg.name.value] = Seq(rest, "tuple") if rest is not None else None
        if isinstance(params.star_kwarg, cst.Param):
            scope.vars[params.star_kwarg.name.value] = None


# Decorators and bases that make a class's annotated names the parameters of its __init__.
_FIELD_DECORATORS = frozenset("dataclass define frozen mutable s attrs".split())
_FIELD_BASES = frozenset("BaseModel BaseSettings".split())


def _declares_fields(cls: ClassValue) -> bool:
    if any(base.rsplit(".", 1)[-1] in _FIELD_BASES for base in cls.library_bases()):
        return True
    return any(name in _FIELD_DECORATORS for ancestor in cls.lineage() for name in syntax.decorator_names(ancestor.node))


def _field_names(cls: ClassValue) -> List[str]:
    """The annotated class-level names, a base class's first, as dataclasses orders them."""
    names: List[str] = []
    for ancestor in reversed(list(cls.lineage())):
        for statement in ancestor.node.body.body:
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    written = small.annotation.annotation
                    annotation = syntax.dotted(written.value if isinstance(written, cst.Subscript) else written) or ""
                    if not annotation.endswith("ClassVar") and small.target.value not in names:
                        names.append(small.target.value)
    return names
