"""Check 1: an elementwise loss called with a target of another shape.

The functionals in ``torch.nn.functional`` are replaced by checked wrappers;
the loss modules (``nn.MSELoss`` and kin) call them, so both spellings are
covered, and so is ``from torch.nn.functional import mse_loss`` run after the
checks were installed. The check compares two ``torch.Size`` tuples: host-side
metadata, no device work.
"""

from __future__ import annotations

import ast
import functools
import math
import sys
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple

from torchlint.core import shapes
from torchlint.core.losses import ELEMENTWISE_LOSSES, RAISING_LOSSES
from torchlint.suppression import noqa_codes
from torchlint.runtime.frames import Location, user_location
from torchlint.runtime.session import Session, ShapeMismatchError
from torchlint.runtime.transforms import data_readable

# Class losses whose first call is checked for probabilities where they want
# logits (cross_entropy) or log-probabilities (nll_loss).
CLASS_LOSSES = ("cross_entropy", "nll_loss")


# The session the wrappers report to while the checks are on; None once off.
# The wrappers themselves are made once per process and functional, and put
# back in place by every later session: torch.compile remembers the function
# it first found as F.mse_loss and calls it from a captured graph (so the
# check runs there), while a new wrapper each session it would trace into,
# where checks step aside, and a second session's checks in compiled code
# would silently not run.
_ACTIVE: List[Optional[Session]] = [None]
_WRAPPERS: Dict[Tuple[str, int], Callable[..., Any]] = {}


def install(session: Session) -> None:
    import torch.nn.functional as F

    _ACTIVE[0] = session
    session.uninstallers.append(functools.partial(_ACTIVE.__setitem__, 0, None))
    for name in ELEMENTWISE_LOSSES:
        _replace(session, F, name, _checked)
    for name in CLASS_LOSSES:
        _replace(session, F, name, _first_call_checked)


def _replace(session: Session, owner: Any, name: str, make: Callable[[str, Callable[..., Any]], Callable[..., Any]]) -> None:
    original = getattr(owner, name)
    key = (name, id(original))
    if key not in _WRAPPERS:
        _WRAPPERS[key] = make(name, original)
    setattr(owner, name, _WRAPPERS[key])
    session.uninstallers.append(functools.partial(setattr, owner, name, original))


def _first_call_checked(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """On a session's first call with (N, C) scores: are they probabilities
    (rows non-negative, summing to 1)? Computed on the device, read back
    without waiting; later calls only pass through."""
    import torch

    is_compiling = torch.compiler.is_compiling

    @functools.wraps(original)
    def checked(*args: Any, **kwargs: Any) -> Any:
        session = _ACTIVE[0]
        if session is not None and name not in session.looked_for_probabilities and not is_compiling():
            scores = args[0] if args else kwargs.get("input")
            if (
                isinstance(scores, torch.Tensor)
                and scores.is_floating_point()
                and scores.dim() == 2
                and scores.shape[1] > 1
                and data_readable(scores)
            ):
                session.looked_for_probabilities.add(name)
                _check_probabilities(session, name, scores)
        return original(*args, **kwargs)

    return checked


def _check_probabilities(session: Session, name: str, scores: Any) -> None:
    import torch

    with torch.no_grad():
        values = scores.detach().float()
        flags = torch.stack([(values >= 0).all(), ((values.sum(1) - 1).abs() <= 1e-3).all()]).float()
    location = user_location()
    loss = _loss_name(name)

    def report(read: List[float]) -> None:
        if read[0] and read[1]:
            wants = "logits: it applies log_softmax itself, so drop the softmax" if name == "cross_entropy" else (
                "log-probabilities: use log_softmax instead of softmax"
            )
            message = f"{loss} got probabilities (every row non-negative, summing to 1) but expects {wants}"
            session.record("loss-activation", message, location)
            session.warn(message, location)

    session.readbacks.submit(flags, report)


def _checked(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    import torch

    is_compiling = torch.compiler.is_compiling
    tensor = torch.Tensor

    # Every elementwise functional takes (input, target, ...) first.
    @functools.wraps(original)
    def checked(input: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True  # pytest shows the user's frame last
        session = _ACTIVE[0]
        if session is not None and not is_compiling():
            session.checked["loss_calls"] += 1
            if isinstance(input, tensor) and isinstance(target, tensor) and input.shape != target.shape:
                try:
                    _mismatch(session, name, tuple(input.shape), tuple(target.shape))
                except ShapeMismatchError as error:
                    # Raised from here, so the traceback ends one frame below the user's line.
                    raise error.with_traceback(None) from None
                with warnings.catch_warnings():
                    # Reported (or allowed) above, at the user's line; PyTorch's
                    # own warning would now point into this wrapper.
                    warnings.filterwarnings("ignore", message="Using a target size")
                    return original(input, target, *args, **kwargs)
        return original(input, target, *args, **kwargs)

    return checked


def _mismatch(session: Session, name: str, prediction: shapes.Shape, target: shapes.Shape) -> None:
    __tracebackhide__ = True
    effect = shapes.broadcast_effect(prediction, target)
    if name in RAISING_LOSSES:
        effect = "PyTorch raises a ValueError for BCE losses whose sizes differ"
    # Where PyTorch raises anyway, this only says why, at the user's line: no allowing it.
    raises_anyway = name in RAISING_LOSSES or "PyTorch raises" in effect
    if not raises_anyway and (session.allowed_broadcasts or not pairs_rows_with_rows(prediction, target)):
        return
    location = user_location()
    if location is not None and _silenced(location):
        return
    # Inside a compiled function the line is the one that called it: its words are not the loss call's.
    names = argument_names(location.source if location and not location.compiled else "")
    message = (
        f"{_loss_name(name)}: prediction{_quoted(names[0])} is {shapes.format_shape(prediction)} but target"
        f"{_quoted(names[1])} is {shapes.format_shape(target)}; {effect}. {fix(prediction, target, names)}"
    )
    if not raises_anyway:
        message += (
            "; if the broadcast is intended, wrap the call in `torchlint.runtime.allow_broadcast()` "
            "or add `# noqa: TL001` to the line"
        )
    session.fail("loss-shape", message, location)


def pairs_rows_with_rows(prediction: shapes.Shape, target: shapes.Shape) -> bool:
    """Whether broadcasting makes more pairs than either side has elements:
    (16, 1) against (16,) compares every row with every row (256 pairs).
    A scalar or size-1 target (one value for every prediction), or leading
    ones, keep each prediction to its own target, and PyTorch computes the
    intended value."""
    result = shapes.broadcast(prediction, target)
    pairs = math.prod(result)
    return pairs > math.prod(prediction) and pairs > math.prod(target)


def argument_names(source: str) -> Tuple[str, str]:
    """The user's own expressions for the prediction and the target, read
    from the first call on the line with two positional arguments."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return ("", "")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):
            return (ast.unparse(node.args[0]), ast.unparse(node.args[1]))
    return ("", "")


def _quoted(expression: str) -> str:
    return f" `{expression}`" if expression else ""


def fix(prediction: shapes.Shape, target: shapes.Shape, names: Tuple[str, str]) -> str:
    """A change that gives both sides one shape, for these shapes."""
    pred, tgt = (name or default for name, default in zip(names, ("pred", "target")))
    if len(prediction) == 2 and prediction[1] == 1 and target == prediction[:1]:
        return f"Give the target the prediction's shape: `{tgt}.view(-1, 1)` (or `{pred}.squeeze(1)`)"
    if len(target) == 2 and target[1] == 1 and prediction == target[:1]:
        return f"Give the target the prediction's shape: `{tgt}.view(-1)` (or `{pred}.unsqueeze(1)`)"
    if math.prod(prediction) == math.prod(target):
        return f"Give the target the prediction's shape: `{tgt}.view_as({pred})`"
    return "Make the model return one value per target value (or the target one per prediction)"


def _silenced(location: Location) -> bool:
    """``# noqa`` / ``# noqa: TL001`` on the user's line allows the broadcast, as it silences the static rule."""
    codes = noqa_codes(location.source)
    return codes is not None and (not codes or "TL001".startswith(codes))


def _loss_name(functional: str) -> str:
    """``MSELoss`` when a loss module made the call, else the functional's name."""
    frame: Optional[Any] = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "forward" and frame.f_code.co_filename.endswith("loss.py"):
            module = frame.f_locals.get("self")
            if module is not None:
                return type(module).__name__
        frame = frame.f_back
    return functional
