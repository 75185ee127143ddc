"""Check 4: shapes the user declares, ``expect(model, input=("N", 2), output=("N", 1))``.

A spec is a tuple of dims: an int must match exactly, a name is bound on each
call by its first use (so ``"N"`` must be the same batch size in the input and
the output), and ``None`` matches anything. For a model of several inputs,
``input`` is a tuple of specs, one per argument of ``forward`` in order (given
by position or by keyword); for a model that returns a tuple, ``output`` is a
tuple of specs, one per element. Names are bound per call and per thread, so
one model may run in several threads with different batch sizes.
"""

from __future__ import annotations

import inspect
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from torchlint.core.shapes import format_shape
from torchlint.runtime.frames import user_location
from torchlint.runtime.session import Session, ShapeContractError

Dim = Union[int, str, None]
Spec = Tuple[Dim, ...]


@dataclass
class Contract:
    inputs: Optional[Tuple[Spec, ...]]
    outputs: Optional[Tuple[Spec, ...]]
    # Per thread, the names bound by the calls in progress (a model may call itself).
    calls: threading.local = field(default_factory=threading.local)
    handles: List[Any] = field(default_factory=list)

    def bindings(self) -> List[Dict[str, int]]:
        stack = getattr(self.calls, "bindings", None)
        if stack is None:
            stack = self.calls.bindings = []
        return stack


# Models with declared contracts; a model that is garbage collected drops out.
CONTRACTS: "weakref.WeakKeyDictionary[Any, Contract]" = weakref.WeakKeyDictionary()


def as_specs(spec: Union[Spec, Sequence[Spec], None]) -> Optional[Tuple[Spec, ...]]:
    if spec is None:
        return None
    if spec and all(isinstance(part, (tuple, list)) for part in spec):
        return tuple(tuple(part) for part in spec)  # type: ignore[arg-type]
    return (tuple(spec),)  # type: ignore[arg-type]


def install(session: Session, module: Any, contract: Contract) -> None:
    parameters = _argument_names(module)

    def before(model: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        session.checked["contract_calls"] += 1
        bindings: Dict[str, int] = {}
        contract.bindings().append(bindings)
        for position, spec in enumerate(contract.inputs or ()):
            if position < len(args):
                value = args[position]
            elif position < len(parameters) and parameters[position] in kwargs:
                value = kwargs[parameters[position]]
            else:
                value = None
            _check(session, spec, value, bindings, f"{type(model).__name__} input {position}")

    def after(model: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], output: Any) -> None:
        stack = contract.bindings()
        bindings = stack.pop() if stack else {}
        if contract.outputs is None:
            return
        if len(contract.outputs) == 1 and not isinstance(output, (tuple, list)):
            _check(session, contract.outputs[0], output, bindings, f"{type(model).__name__} output")
            return
        if not isinstance(output, (tuple, list)) or len(output) != len(contract.outputs):
            count = len(output) if isinstance(output, (tuple, list)) else 1
            message = f"{type(model).__name__} returned {count} value(s), expected {len(contract.outputs)}"
            session.fail("shape-contract", message, user_location(), ShapeContractError)
            return
        for position, (spec, value) in enumerate(zip(contract.outputs, output)):
            _check(session, spec, value, bindings, f"{type(model).__name__} output {position}")

    contract.handles = [
        module.register_forward_pre_hook(before, with_kwargs=True),
        module.register_forward_hook(after, with_kwargs=True),
    ]


def _argument_names(module: Any) -> List[str]:
    """The names of ``forward``'s arguments, in order, for inputs given by keyword."""
    try:
        signature = inspect.signature(module.forward)
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [name for name, parameter in signature.parameters.items() if parameter.kind in kinds]


def remove(contract: Contract) -> None:
    for handle in contract.handles:
        handle.remove()
    contract.handles = []
    contract.bindings().clear()


def _check(session: Session, spec: Spec, value: Any, bindings: Dict[str, int], what: str) -> None:
    __tracebackhide__ = True  # pytest ends the traceback at the user's frame
    shape = getattr(value, "shape", None)
    if shape is None:
        session.fail("shape-contract", f"{what}: expected a tensor of shape {_spec_text(spec)}, got {type(value).__name__}", user_location(), ShapeContractError)
        return
    problem = _mismatch(spec, tuple(shape), bindings)
    if problem is not None:
        message = f"{what} is {format_shape(tuple(shape))}, expected {_spec_text(spec)}: {problem}"
        session.fail("shape-contract", message, user_location(), ShapeContractError)


def _mismatch(spec: Spec, shape: Tuple[int, ...], bindings: Dict[str, int]) -> Optional[str]:
    if len(spec) != len(shape):
        return f"{len(shape)} dims instead of {len(spec)}"
    for position, (want, have) in enumerate(zip(spec, shape)):
        if want is None:
            continue
        if isinstance(want, int):
            if want != have:
                return f"dim {position} is {have}, not {want}"
        elif want in bindings:
            if bindings[want] != have:
                return f"dim {position} is {have}, but {want} is {bindings[want]} in this call"
        else:
            bindings[want] = have
    return None


def _spec_text(spec: Spec) -> str:
    return format_shape(tuple("?" if dim is None else dim for dim in spec))
