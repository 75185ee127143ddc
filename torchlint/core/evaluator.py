"""An abstract interpreter over a libcst module.

It runs the file's statements in order, keeping for every name what is known
of its value (see ``values``), and records the calls it sees in ``FileFacts``.
Library knowledge (what ``torch.randn`` or ``df.iloc`` return) lives in
``torchlint.core.api``; this module knows Python: scopes, assignment, control
flow, and calls into the file's own functions and classes. ``Evaluator`` is
assembled from three parts along the interpreter's seams: ``statements`` (control
flow and binding), ``expressions`` (the value of each expression) and ``calls``
(into the library models or the file's own code); ``scope`` holds the state they
share and ``syntax`` the questions answered from the text alone.

Precision over recall: where two paths disagree the value becomes unknown,
loops are re-run until their loop-carried values settle, and a function is
evaluated once per call site with the arguments it actually receives.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Dict, List, Optional, Tuple

import libcst as cst

from torchlint.core import handwritten, siblings
from torchlint.core.calls import Calls
from torchlint.core.expressions import Expressions
from torchlint.core.facts import Control, FileFacts
from torchlint.core.scope import CALL_BUDGET, Frame, Scope
from torchlint.core.statements import Statements
from torchlint.core.values import ClassValue, Const, FunctionValue, Instance, Value


class Evaluator(Statements, Expressions, Calls):
    def __init__(self, facts: FileFacts, modules: Optional[siblings.Modules] = None, depth: int = 0) -> None:
        self.facts = facts
        # The project modules imported (``from models import Net``), shared by every module of one lint;
        # ``depth``: 0 for the file linted, 1 for a module it imports, ...
        self.modules = modules if modules is not None else siblings.Modules()
        self.depth = depth
        facts.imported = self.modules.parsed
        self.controls: List[Control] = []
        self.frames: List[Frame] = []
        self.active: List[cst.FunctionDef] = []
        self.budget = CALL_BUDGET
        self.functions: List[FunctionValue] = []
        self.analysed: set = set()
        self.constructing: set = set()
        self.forward_depth = 0
        # Statements executed: the work done, which must grow with the file, not faster.
        self.steps = 0
        self._default_instances: Dict[int, Instance] = {}
        self.module_scope = Scope(None, "module")
        if facts.path and facts.path.endswith(".py"):
            # A data path built from the script's own place (os.path.dirname(os.path.abspath(__file__))).
            self.module_scope.vars["__file__"] = Const(os.path.abspath(facts.path))
        # The scopes of the calls being evaluated, outermost first: an in-place
        # change to an array is seen through every name that holds it.
        self.scopes: List[Scope] = [self.module_scope]
        # Every value each module-level name was bound to, joined: what a
        # function that no call reached may see of that name.
        self.module_history: Dict[str, Optional[Value]] = {}
        # Whether autograd records, innermost block or function last.
        self.grad_enabled: List[bool] = [True]
        self._last_operand: Optional[Value] = None
        # The operands of each difference of arrays: a loss written by hand reads them.
        self.differences: handwritten.Differences = {}
        # Data the script itself saved, by literal path (``df.to_csv("houses.csv",
        # index=False)``): what reading that path back gives, file or no file.
        self.files_written: Dict[str, Value] = {}
        # Directories the script puts on sys.path (sys.path.append("../datasets")): its imports are found there too.
        self.module_dirs: List[str] = []
        # The name ``total += x`` (or ``xs.append(x)``) is binding: that binding
        # adds, it resets nothing.
        self._accumulating: Optional[str] = None
        # Whether any attribute was assigned through a name ("self.fc = ..."):
        # until then, attribute reads need not look for such bindings.
        self.overlays = False
        # A loop variable over a tuple of values, by id: (the variable's value, the values it stands for).
        self.aliases: Dict[int, Tuple[Value, Tuple[Optional[Value], ...]]] = {}
        self._generator_cache: Dict[cst.FunctionDef, bool] = {}
        self._training_bodies: Dict[cst.BaseSuite, bool] = {}

    def run(self) -> None:
        scope = self.module_scope
        self.frames.append(Frame())
        self.exec_block(self.facts.module.body, scope)
        self.frames.pop()
        self._analyse_uncalled()

    def run_imported(self) -> None:
        """The top level of a module the linted file imports, as an import runs it: no
        ``__main__`` block (``_exec_if``), and no calls of its uncalled functions, whose
        findings would belong to that module."""
        self.frames.append(Frame())
        self.exec_block(self.facts.module.body, self.module_scope)
        self.frames.pop()

    def _analyse_uncalled(self) -> None:
        """Evaluate each function no call reached, with its arguments unknown.

        Such a function may run at any point of the module, so a module-level
        name it reads holds what is certain of every value bound to that name.
        """
        final = self.module_scope.vars
        self.module_scope.vars = {
            name: self.module_history.get(name, value) for name, value in final.items()
        }
        self.modules.reading = False
        try:
            self._analyse_each_uncalled()
        finally:
            self.module_scope.vars = final
            self.modules.reading = True

    def _analyse_each_uncalled(self) -> None:
        index = 0
        while index < len(self.functions):
            fn = self.functions[index]
            index += 1
            if fn.node in self.analysed:
                continue
            if fn.owner is not None and fn.bound_self is None and not self._is_static(fn):
                fn = dataclasses.replace(fn, bound_self=self.default_instance(fn.owner))
            self.budget = max(self.budget, 1)
            self.call_function(fn, None)

    def default_instance(self, cls: ClassValue) -> Instance:
        """An instance built by running __init__ with unknown arguments."""
        key = id(cls)
        if key not in self._default_instances:
            self._default_instances[key] = Instance(cls)
            self._default_instances[key] = self.instantiate(cls, None)
        return self._default_instances[key]


def analyse(module: cst.Module, path: Optional[str] = None, data_dirs: Tuple[str, ...] = ()) -> FileFacts:
    facts = FileFacts(module, path, data_dirs)
    Evaluator(facts).run()
    return facts
