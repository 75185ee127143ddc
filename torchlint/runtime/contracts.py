"""Check 4: shapes the user declares, ``expect(model, input=("N", 2), output=("N", 1))``.

A spec is a tuple of dims: an int must match exactly, a name is bound on each
call by its first use (so ``"N"`` must be the same batch size in the input and
the output), and ``None`` matches anything. For a model of several inputs,
``input`` is a tuple of specs, one per positional argument.
"""

from __future__ import annotations

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
    output: Optional[Spec]
    # Names bound by the calls in progress (a model may call itself).
    bindings: List[Dict[str, int]] = field(default_factory=list)
    handles: List[Any] = field(default_factory=list)


# Models with declared contracts; a model that is garbage collected drops out.
CONTRACTS: "weakref.WeakKeyDictionary[Any, Contract]" = weakref.WeakKeyDictionary()


def as_inputs(spec: Union[Spec, Sequence[Spec], None]) -> Optional[Tuple[Spec, ...]]:
    if spec is None:
        return None
    if spec and all(isinstance(part, (tuple, list)) for part in spec):
        return tuple(tuple(part) for part in spec)  # type: ignore[arg-type]
    return (tuple(spec),)  # type: ignore[arg-type]


def install(session: Session, module: Any, contract: Contract) -> None:
    def before(model: Any, args: Tuple[Any, ...]) -> None:
        session.checked["contract_calls"] += 1
        bindings: Dict[str, int] = {}
        contract.bindings.append(bindings)
        for position, spec in enumerate(contract.inputs or ()):
            value = args[position] if position < len(args) else None
            _check(session, spec, value, bindings, f"{type(model).__name__} input {position}")

    def after(model: Any, args: Tuple[Any, ...], output: Any) -> None:
        bindings = contract.bindings.pop() if contract.bindings else {}
        if contract.output is not None:
            _check(session, contract.output, output, bindings, f"{type(model).__name__} output")

    contract.handles = [module.register_forward_pre_hook(before), module.register_forward_hook(after)]


def remove(contract: Contract) -> None:
    for handle in contract.handles:
        handle.remove()
    contract.handles = []
    contract.bindings.clear()


def _check(session: Session, spec: Spec, value: Any, bindings: Dict[str, int], what: str) -> None:
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
