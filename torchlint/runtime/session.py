"""One run of the checks: what is installed, what was checked, what was found."""

from __future__ import annotations

import json
import sys
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Dict, List, Optional

from torchlint.runtime.frames import Location
from torchlint.runtime.readback import Readbacks

RAISE = "raise"
WARN = "warn"


class TorchlintRuntimeWarning(UserWarning):
    """A finding of the run-time checks in warn mode (and every scale or
    non-finite report), shown at the user's own line."""


class ShapeMismatchError(ValueError):
    """An elementwise loss whose prediction and target shapes differ, or a
    declared shape contract that does not hold.

    It is a ValueError, as PyTorch's own BCE size error is, so code that
    catches that keeps working."""

    def __init__(self, message: str, location: Optional[Location]) -> None:
        super().__init__(message)
        self.location = location


class ShapeContractError(ShapeMismatchError):
    """A shape declared with ``torchlint.runtime.expect`` did not hold."""


class DtypeMismatchError(RuntimeError):
    """float64 input to a float32 model: what PyTorch raises too, but naming
    the user's line and the fix (a RuntimeError, as PyTorch's own)."""

    def __init__(self, message: str, location: Optional[Location]) -> None:
        super().__init__(message)
        self.location = location


# Shown as torchlint.runtime.ShapeMismatchError in tracebacks: where users import them from.
for _public in (TorchlintRuntimeWarning, ShapeMismatchError, ShapeContractError, DtypeMismatchError):
    _public.__module__ = "torchlint.runtime"


@dataclass
class RuntimeFinding:
    check: str  # "loss-shape", "feature-scale", "non-finite-loss", "shape-contract"
    message: str
    filename: Optional[str]
    line: Optional[int]
    step: Optional[int] = None


@dataclass
class Session:
    mode: str = RAISE
    # Losses are read back from an accelerator once every this many training steps.
    nonfinite_every: int = 100
    checked: Dict[str, int] = field(
        default_factory=lambda: {
            "loss_calls": 0,
            "training_steps": 0,
            "feature_batches": 0,
            "contract_calls": 0,
        }
    )
    findings: List[RuntimeFinding] = field(default_factory=list)
    # Undo actions of what enable() installed, run in reverse by disable().
    uninstallers: List[Callable[[], None]] = field(default_factory=list)
    # Per-column statistics of the first training batch (for the non-finite report).
    feature_scales: Optional[str] = None
    # How deep inside nested allow_broadcast() blocks the code is.
    allowed_broadcasts: int = 0
    # Values on their way back from the device.
    readbacks: Readbacks = field(default_factory=Readbacks)
    # A sampling check asleep until this training step (see wake_at).
    wake_step: int = -1
    waking: Optional[Callable[[], None]] = None

    def wake_at(self, step: int, callback: Callable[[], None]) -> None:
        """Call ``callback`` when training reaches ``step`` (counted in backward() calls)."""
        self.wake_step, self.waking = step, callback

    def wake(self) -> None:
        callback, self.wake_step, self.waking = self.waking, -1, None
        if callback is not None:
            callback()

    def record(self, check: str, message: str, location: Optional[Location], step: Optional[int] = None) -> None:
        self.findings.append(
            RuntimeFinding(check, message, location.filename if location else None, location.lineno if location else None, step)
        )

    def fail(self, check: str, message: str, location: Optional[Location], error: type = ShapeMismatchError) -> None:
        """A mismatch: raise it in raise mode, report it in warn mode."""
        text = f"{location}: {message}" if location else message
        self.record(check, text, location)
        if self.mode == RAISE:
            raise error(text, location)
        self.warn(text, location)

    def warn(self, message: str, location: Optional[Location]) -> None:
        if location is not None:
            warnings.warn_explicit(message, TorchlintRuntimeWarning, location.filename, location.lineno)
        else:
            warnings.warn(message, TorchlintRuntimeWarning, stacklevel=3)

    def report(self) -> Dict[str, Any]:
        return {"checked": dict(self.checked), "findings": [asdict(finding) for finding in self.findings]}

    def summary(self) -> str:
        checked = self.checked
        lines = [
            "torchlint runtime: checked "
            f"{checked['loss_calls']} elementwise loss calls for shapes, "
            f"{checked['training_steps']} training steps for non-finite losses, "
            f"{checked['feature_batches']} first training batch for feature scales, "
            f"{checked['contract_calls']} model calls against shape contracts"
        ]
        if not self.findings:
            lines.append("torchlint runtime: no findings")
        for finding in self.findings:
            lines.append(f"torchlint runtime: [{finding.check}] {finding.message}")
        return "\n".join(lines)

    def write_report(self, path: Optional[str]) -> None:
        print(self.summary(), file=sys.stderr)
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self.report(), handle, indent=2)
