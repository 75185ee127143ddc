"""Where recall is lost: which calls and constructs turn a value unknown on
its way to a loss or a model call, most frequent first.

    python benchmarks/unknown_ranking.py CORPUS_DIR [CORPUS_DIR ...] [--top 40] [--examples]

Scripts and notebooks (their code cells as one script) are read.

For every argument of a loss call (prediction, target) whose shape the
analysis does not know, and every model input whose scale it does not know,
the argument's expression is followed back: through the names it reads (to
their last assignment above it in the same function, else at module level),
into the receiver and the arguments of calls. The construct reported is the
first one met whose own inputs are known (or cannot be followed further): a
call the analysis does not model, an unknown callee, a loop variable, a
function parameter, a list filled by ``append``, ... Not a test: a map of
where to work.
"""

from __future__ import annotations

import argparse
import collections
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from torchlint import notebooks
from torchlint.core import models
from torchlint.core.evaluator import analyse
from torchlint.core.values import Array, BoundMethod, ClassValue, FunctionValue, Instance, Ref, Value
from torchlint.discovery import python_files


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return f"{_dotted(node.func)}()"
    if isinstance(node, cst.Subscript):
        return f"{_dotted(node.value)}[]"
    return type(node).__name__


def _unknown_shape(value: Optional[Value]) -> bool:
    return value is None or (isinstance(value, Array) and value.shape is None)


def _unknown_scale(value: Optional[Value]) -> bool:
    return value is None or (isinstance(value, Array) and value.scale is None)


class _Bindings(cst.CSTVisitor):
    """Every place a name is bound, with the construct that binds it."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        self.functions: List[cst.FunctionDef] = []
        # name -> [(line, enclosing function or None, kind, bound expression)]
        self.sites: Dict[str, List[Tuple[int, Optional[cst.FunctionDef], str, Optional[cst.CSTNode]]]] = (
            collections.defaultdict(list)
        )
        self.appended: Set[Tuple[Optional[cst.FunctionDef], str]] = set()

    def _add(self, target: cst.CSTNode, kind: str, expression: Optional[cst.CSTNode], node: cst.CSTNode) -> None:
        line = self.get_metadata(PositionProvider, node).start.line
        function = self.functions[-1] if self.functions else None
        if isinstance(target, cst.Name):
            self.sites[target.value].append((line, function, kind, expression))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._add(element.value, kind if kind != "assign" else "unpacked", expression, node)
        elif isinstance(target, cst.StarredElement):
            self._add(target.value, kind, expression, node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for param in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params):
            line = self.get_metadata(PositionProvider, node).start.line
            self.sites[param.name.value].append((line, node, "function parameter", None))
        self.functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._add(target.target, "assign", node.value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._add(node.target, "assign", node.value, node)

    def visit_For(self, node: cst.For) -> None:
        self._add(node.target, "for-loop variable", node.iter, node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._add(node.asname.name, "with-as", node.item, node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._add(node.target, "comprehension variable", node.iter, node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value in ("append", "extend"):
            self.appended.add((self.functions[-1] if self.functions else None, func.value.value))


# Culprits too vague to blame for a call's result: the call itself is named instead.
_WEAK = ("construct", "function parameter", "name bound elsewhere")


class _Tracer:
    def __init__(self, wrapper: MetadataWrapper, facts, unknown) -> None:
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.bindings = _Bindings()
        wrapper.visit(self.bindings)
        self.results = {id(call.node): call for call in facts.calls}
        self.opaque = {id(call.node) for call in facts.opaque_calls}
        self.unknown = unknown

    def _function_of(self, node: cst.CSTNode) -> Optional[cst.FunctionDef]:
        while node is not None:
            node = self.parents.get(node)
            if isinstance(node, cst.FunctionDef):
                return node
        return None

    def culprit(self, node: cst.CSTNode, depth: int = 0) -> Optional[str]:
        """The construct that made ``node``'s value unknown, or None when it is known."""
        if depth > 25:
            return "(followed too far)"
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.Name):
            return self._name(node, depth)
        if isinstance(node, cst.Attribute):
            inner = self.culprit(node.value, depth + 1)
            return inner or f"attribute .{node.attr.value}"
        if isinstance(node, cst.Subscript):
            inner = self.culprit(node.value, depth + 1)
            return inner or "subscript"
        if isinstance(node, cst.BinaryOperation):
            return self.culprit(node.left, depth + 1) or self.culprit(node.right, depth + 1) or (
                f"operator {type(node.operator).__name__}"
            )
        if isinstance(node, cst.UnaryOperation):
            return self.culprit(node.expression, depth + 1) or f"unary {type(node.operator).__name__}"
        return f"construct {type(node).__name__}"

    def _call(self, node: cst.Call, depth: int) -> Optional[str]:
        fact = self.results.get(id(node))
        if fact is not None and not self.unknown(fact.result):
            return None
        if isinstance(node.func, cst.Attribute):
            inner = self.culprit(node.func.value, depth + 1) if fact is None else None
            if inner:
                return inner
        for arg in node.args:
            if arg.keyword is None and isinstance(arg.value, (cst.Name, cst.Call, cst.Attribute, cst.Subscript)):
                inner = self.culprit(arg.value, depth + 1)
                if inner and not inner.startswith(_WEAK):
                    return inner
        if fact is None:
            return f"unknown callee {_dotted(node.func)}()"
        return f"unmodelled result of {_callee(fact.callee, node)}"

    def _name(self, node: cst.Name, depth: int) -> Optional[str]:
        line = self.positions[node].start.line
        function = self._function_of(node)
        sites = self.bindings.sites.get(node.value, [])
        before = [site for site in sites if site[1] is function and site[0] < line]
        if not before and function is not None:
            before = [site for site in sites if site[1] is None]
        if not before:
            return "name bound elsewhere (global, import, attribute)"
        _, owner, kind, expression = max(before, key=lambda site: site[0])
        if kind == "assign" and isinstance(expression, (cst.List, cst.Tuple)) and (owner, node.value) in self.bindings.appended:
            return "list filled by append()"
        if kind == "assign" and expression is not None:
            return self.culprit(expression, depth + 1)
        if kind == "for-loop variable" and isinstance(expression, cst.BaseExpression):
            return f"for-loop variable over {_dotted(expression)}"
        if kind == "unpacked" and isinstance(expression, cst.BaseExpression):
            inner = self.culprit(expression, depth + 1)
            return inner or "tuple unpacking"
        return kind


def _callee(callee: Value, node: cst.Call) -> str:
    if isinstance(callee, Ref):
        return callee.qualname
    if isinstance(callee, BoundMethod):
        return f".{callee.name}() on {type(callee.receiver).__name__}"
    if isinstance(callee, FunctionValue):
        return "a function of the file"
    if isinstance(callee, ClassValue):
        return "a class of the file"
    if isinstance(callee, Instance):
        return "an instance's __call__/forward"
    return f"{type(callee).__name__} {_dotted(node.func)}"


def _script(path: str) -> Optional[str]:
    """A script's text, or a notebook's code cells as one script."""
    if path.endswith(".ipynb"):
        with open(path, "rb") as handle:
            script = notebooks.script_of(handle.read())
        return script.text if isinstance(script, notebooks.Script) else None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def rank(paths: List[str]) -> Dict[str, collections.Counter]:
    counts = {"loss argument shape": collections.Counter(), "model input scale": collections.Counter()}
    examples: Dict[Tuple[str, str], str] = {}
    seen: collections.Counter = collections.Counter()  # every argument of each kind, known or not: the denominators
    for path in python_files(paths):
        try:
            text = _script(path)
            if text is None or "torch" not in text:
                continue
            wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
            facts = analyse(wrapper.module, path)
        except Exception:  # a file the analysis cannot read is not part of the map
            continue
        # The evaluator may see one call several times (a loop body runs
        # twice, a function once per caller): unknown only if unknown every time.
        shape_arguments: Dict[int, Tuple[cst.CSTNode, bool]] = {}
        for loss in facts.loss_calls:
            for arg in (loss.prediction, loss.target):
                if arg.node is not None:
                    _, unknown = shape_arguments.get(id(arg.node), (arg.node, True))
                    shape_arguments[id(arg.node)] = (arg.node, unknown and _unknown_shape(arg.value))
        scale_arguments: Dict[int, Tuple[cst.CSTNode, bool]] = {}
        for call in facts.calls:
            if not call.grad_enabled or facts.training_loop(call.controls) is None:
                continue
            features = models.model_input(call)
            if features is not None and features.node is not None:
                _, unknown = scale_arguments.get(id(features.node), (features.node, True))
                scale_arguments[id(features.node)] = (features.node, unknown and _unknown_scale(features.value))
        for title, arguments, unknown in (
            ("loss argument shape", shape_arguments, _unknown_shape),
            ("model input scale", scale_arguments, _unknown_scale),
        ):
            tracer = _Tracer(wrapper, facts, unknown)
            for node, still_unknown in arguments.values():
                # A loss or model call inside a project module the file imports is that module's to rank.
                seen[title] += node in tracer.positions
                if still_unknown and node in tracer.positions:
                    label = tracer.culprit(node) or "(known on the way, lost at a join)"
                    counts[title][label] += 1
                    examples.setdefault((title, label), f"{path}:{tracer.positions[node].start.line}")
    counts["examples"] = examples  # type: ignore[assignment]
    counts["seen"] = seen
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--examples", action="store_true", help="one file:line for each construct")
    args = parser.parse_args()
    counts = rank(args.corpus)
    examples = counts.pop("examples")
    seen = counts.pop("seen")
    for title, counter in counts.items():
        unknown = sum(counter.values())
        print(f"{title}: {unknown} unknown of {seen[title]} seen ({unknown / max(1, seen[title]):.0%})")
        for label, number in counter.most_common(args.top):
            print(f"  {number:5d}  {label}" + (f"    e.g. {examples[title, label]}" if args.examples else ""))


if __name__ == "__main__":
    main()
