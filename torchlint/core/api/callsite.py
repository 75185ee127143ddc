"""The arguments of one call, as the library handlers see them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

import libcst as cst

from torchlint.core.facts import Arg
from torchlint.core.values import Value

if TYPE_CHECKING:
    from torchlint.core.evaluator import Evaluator


class CallSite:
    __slots__ = ("node", "args", "kwargs", "complete", "evaluator")

    def __init__(
        self,
        node: cst.CSTNode,
        args: Tuple[Arg, ...],
        kwargs: Tuple[Tuple[str, Arg], ...],
        complete: bool,
        evaluator: "Evaluator",
    ) -> None:
        self.node = node
        self.args = args
        self.kwargs = kwargs
        # False when *args or **kwargs hide some of the arguments.
        self.complete = complete
        self.evaluator = evaluator

    def keyword(self, name: str) -> Optional[Arg]:
        for key, arg in self.kwargs:
            if key == name:
                return arg
        return None

    def given(self, index: Optional[int], name: Optional[str] = None) -> bool:
        """Whether the argument was passed (by position ``index`` or keyword ``name``)."""
        if name is not None and self.keyword(name) is not None:
            return True
        return index is not None and index < len(self.args)

    def value(self, index: Optional[int], name: Optional[str] = None) -> Optional[Value]:
        if name is not None:
            arg = self.keyword(name)
            if arg is not None:
                return arg.value
        if index is not None and index < len(self.args):
            return self.args[index].value
        return None

    def positional(self) -> Tuple[Optional[Value], ...]:
        return tuple(arg.value for arg in self.args)

    def only_positional(self) -> bool:
        return self.complete and not self.kwargs
