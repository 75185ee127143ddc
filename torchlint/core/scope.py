"""The interpreter's state: scopes of names, frames of function bodies, and
the limits that keep one file's interpretation linear in its size."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from torchlint.core.facts import Control
from torchlint.core.values import Value, join


# How deep calls into the file's own functions are followed, and how many such


# evaluations one file may cost in all: both keep the time linear in file size.
MAX_CALL_DEPTH = 6
CALL_BUDGET = 400


# Loop bodies are evaluated again until loop-carried values settle; after this


# many passes the values still changing are forgotten.
MAX_LOOP_PASSES = 3


# A loop over a literal tuple or list this short runs once per item instead.
MAX_UNROLL = 8


# ... and a comprehension over a parsed line's fields, one per column of a data file, this many.
MAX_FIELDS = 256

# What Scope.lookup gives for a name bound nowhere (None is a name bound to an unknown value).
UNKNOWN_NAME = object()


class Scope:
    """Variables of one module, function or class body.

    Keys are names, or dotted paths ("self.fc", "model.head") for attributes
    assigned through a name, which shadow what the object itself says.
    """

    __slots__ = ("vars", "parent", "kind", "globals_", "written")

    def __init__(self, parent: Optional["Scope"], kind: str) -> None:
        self.vars: Dict[str, Optional[Value]] = {}
        self.parent = parent
        self.kind = kind
        self.globals_: set = set()
        # name -> (the expression last assigned to it, the value that made): a
        # loss written by hand in steps reads through the name.
        self.written: Dict[str, Tuple[cst.BaseExpression, Optional[Value]]] = {}

    def lookup(self, name: str) -> object:
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
            while scope is not None and scope.kind == "class":
                scope = scope.parent
        return UNKNOWN_NAME

    def module_scope(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class Frame:
    """One evaluation of a function body."""

    __slots__ = ("returns", "yields", "breaks", "continues", "loops")

    def __init__(self) -> None:
        self.returns: List[Optional[Value]] = []
        self.yields: List[Optional[Value]] = []
        # Per enclosing loop, the variables at each break / continue.
        self.breaks: List[List[Dict[str, Optional[Value]]]] = []
        self.continues: List[List[Dict[str, Optional[Value]]]] = []
        # Per enclosing loop: (its control, names bound before it, names bound so far in this iteration).
        self.loops: List[Tuple[Control, set, set]] = []

    def carried(self, name: str) -> bool:
        """Whether ``name`` holds a value from an earlier iteration of the innermost loop."""
        if not self.loops:
            return False
        _, before, this_iteration = self.loops[-1]
        return name in before and name not in this_iteration

    def fresh_in(self, name: str) -> Tuple[Control, ...]:
        """The outer loops in whose current iteration ``name`` was bound anew."""
        return tuple(control for control, _, this_iteration in self.loops[:-1] if name in this_iteration)


def join_vars(
    a: Dict[str, Optional[Value]], b: Dict[str, Optional[Value]]
) -> Dict[str, Optional[Value]]:
    """Variables after two paths meet. A name bound on one path only keeps that
    binding: reading it on the other path would raise NameError anyway."""
    merged = dict(a)
    for name, value in b.items():
        merged[name] = join(a[name], value) if name in a else value
    return merged
