"""The run-time companion: checks on the real tensors while the real training runs.

    import torchlint.runtime
    torchlint.runtime.enable()          # or: with torchlint.runtime.enabled(): ...
    ...train...
    torchlint.runtime.disable()

or, unmodified: ``torchlint run train.py --epochs 3``, or ``pytest --torchlint-runtime``.

Checks, each described in its module:
1. an elementwise loss whose target has another shape than the prediction
   (raises ShapeMismatchError naming the user's file:line; ``mode="warn"``
   reports instead);                                            (losses.py)
2. inputs far from unit scale, or on scales that differ, where the first
   training batch meets the first layer with weights;            (features.py)
3. the first NaN or infinite loss, with the step and likely causes;  (finite.py)
4. shapes declared with ``expect(model, input=..., output=...)``;    (contracts.py)
5. gradients not cleared between optimizer steps;                   (gradients.py)
6. probabilities fed to CrossEntropyLoss or NLLLoss (first call);    (losses.py)
7. a float64 input meeting a float32 layer, named at the user's line. (dtypes.py)

Importing this module imports neither torch nor installs anything; with the
checks off there are no hooks at all. Inside ``torch.compile``d regions the
checks step aside (``torch.compiler.is_compiling()``): they run on the calls
made eagerly, which is where a training script's loss and model calls start.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional, Sequence, Union

from torchlint.runtime import contracts
from torchlint.runtime.session import (
    RAISE,
    WARN,
    DtypeMismatchError,
    RuntimeFinding,
    Session,
    ShapeContractError,
    ShapeMismatchError,
    TorchlintRuntimeWarning,
)

__all__ = [
    "RAISE",
    "WARN",
    "DtypeMismatchError",
    "RuntimeFinding",
    "Session",
    "ShapeContractError",
    "ShapeMismatchError",
    "TorchlintRuntimeWarning",
    "allow_broadcast",
    "current",
    "disable",
    "enable",
    "enabled",
    "expect",
]

_session: Optional[Session] = None


def current() -> Optional[Session]:
    """The session of the checks now on, or None."""
    return _session


def enable(mode: str = RAISE, *, nonfinite_every: int = 100) -> Session:
    """Install the checks. ``mode`` is "raise" (a shape mismatch raises) or
    "warn" (it is reported and training goes on). ``nonfinite_every`` is how
    many steps losses on an accelerator are buffered before one read-back."""
    global _session
    if mode not in (RAISE, WARN):
        raise ValueError(f"mode must be {RAISE!r} or {WARN!r}, not {mode!r}")
    if _session is not None:
        _session.mode = mode
        return _session
    from torchlint.runtime import children, dtypes, features, finite, gradients, losses

    session = Session(mode=mode, nonfinite_every=max(1, nonfinite_every))
    losses.install(session)
    features.FeatureWatch(session).install()
    dtypes.DtypeWatch(session).install()
    finite.FiniteWatch(session).install()
    gradients.GradientWatch(session).install()
    children.install(session)
    for model, contract in list(contracts.CONTRACTS.items()):
        contracts.install(session, model, contract)
    _session = session
    return session


def disable() -> Optional[Session]:
    """Remove every hook and patch; return the session with what it checked and found."""
    global _session
    session, _session = _session, None
    if session is None:
        return None
    for contract in list(contracts.CONTRACTS.values()):
        contracts.remove(contract)
    for undo in reversed(session.uninstallers):
        undo()
    session.uninstallers.clear()
    return session


@contextlib.contextmanager
def enabled(mode: str = RAISE, *, nonfinite_every: int = 100) -> Iterator[Session]:
    """The checks on for a block: ``with torchlint.runtime.enabled(): train()``.
    Inside checks that are already on (an outer block, ``enable()``, ``pytest
    --torchlint-runtime``) the block runs in that session, in ``mode``, and
    leaves it on, in its own mode, when it ends."""
    outer = _session
    if outer is not None:
        outer_mode, outer.mode = outer.mode, mode
        try:
            yield outer
        finally:
            outer.mode = outer_mode
        return
    session = enable(mode, nonfinite_every=nonfinite_every)
    try:
        yield session
    finally:
        disable()


@contextlib.contextmanager
def allow_broadcast() -> Iterator[None]:
    """Loss calls in this block may broadcast on purpose (as ``# noqa: TL001`` on their line)."""
    session = _session
    if session is not None:
        session.allowed_broadcasts += 1
    try:
        yield
    finally:
        if session is not None:
            session.allowed_broadcasts -= 1


Spec = Sequence[Union[int, str, None]]


def expect(model: Any, input: Union[Spec, Sequence[Spec], None] = None, output: Union[Spec, Sequence[Spec], None] = None) -> Any:
    """Declare the shapes ``model`` takes and returns, e.g.
    ``expect(model, input=("N", 2), output=("N", 1))``; several inputs (by
    position or keyword) or a tuple output as a tuple of specs:
    ``output=(("N", 10), ("N", 4))``. Names are bound per call; each forward
    is checked while the checks are on. Returns the model."""
    contract = contracts.Contract(contracts.as_specs(input), contracts.as_specs(output))
    previous = contracts.CONTRACTS.get(model)
    if previous is not None:
        contracts.remove(previous)
    contracts.CONTRACTS[model] = contract
    if _session is not None:
        contracts.install(_session, model, contract)
    return model
