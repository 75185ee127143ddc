"""One run of the checks: what is installed, what was checked, what was found."""

from __future__ import annotations

import json
import sys
import threading
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set

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
    # How many times this check failed at this line (warn mode reports each line once).
    count: int = 1

    def where(self) -> str:
        return f"{self.filename}:{self.line}: " if self.filename else ""


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
            "spawned_processes": 0,
            "other_processes": 0,
        }
    )
    findings: List[RuntimeFinding] = field(default_factory=list)
    # Undo actions of what enable() installed, run in reverse by disable().
    uninstallers: List[Callable[[], None]] = field(default_factory=list)
    # The class losses whose first (N, C) scores were looked at for probabilities.
    looked_for_probabilities: Set[str] = field(default_factory=set)
    # Per-column statistics of the first training batch (for the non-finite report).
    feature_scales: Optional[str] = None
    # Per thread: how deep inside nested allow_broadcast() blocks it is.
    thread: threading.local = field(default_factory=threading.local)
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

    @property
    def allowed_broadcasts(self) -> int:
        return getattr(self.thread, "allowed_broadcasts", 0)

    @allowed_broadcasts.setter
    def allowed_broadcasts(self, depth: int) -> None:
        self.thread.allowed_broadcasts = depth

    def record(self, check: str, message: str, location: Optional[Location], step: Optional[int] = None) -> bool:
        """Keep a finding; False when this check already failed at this line
        (then it is only counted)."""
        filename, line = (location.filename, location.lineno) if location else (None, None)
        for finding in self.findings:
            if finding.check == check and finding.filename == filename and finding.line == line and filename:
                finding.count += 1
                return False
        self.findings.append(RuntimeFinding(check, message, filename, line, step))
        return True

    def fail(self, check: str, message: str, location: Optional[Location], error: type = ShapeMismatchError) -> None:
        """A mismatch: raise it in raise mode, report it in warn mode (once per line)."""
        __tracebackhide__ = True  # pytest ends the traceback at the user's frame
        first = self.record(check, message, location)
        if self.mode == RAISE:
            raise error(f"{location}: {message}" if location else message, location)
        if first:
            self.warn(message, location)

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
        if checked["spawned_processes"]:
            lines.append(
                f"torchlint runtime: {checked['spawned_processes']} process(es) started by torch.multiprocessing.spawn "
                "were checked; each printed its own report above"
            )
        elif not checked["loss_calls"] and not checked["training_steps"]:
            lines.append(
                "torchlint runtime: no elementwise loss call or backward() ran eagerly in this process, so its training "
                "was not checked (a train step compiled whole by torch.compile, or training in processes other than "
                "torch.multiprocessing.spawn's, is not seen)"
            )
        if checked["other_processes"]:
            lines.append(
                f"torchlint runtime: {checked['other_processes']} process(es) started with multiprocessing (not "
                "torch.multiprocessing.spawn) are not in this report: a forked one keeps the checks and, in raise mode, "
                "stops at a mismatch; a spawned one runs unchecked. Start trainers with torch.multiprocessing.spawn "
                "to have each checked and reported"
            )
        if not self.findings:
            in_this = checked["spawned_processes"] or checked["other_processes"]
            lines.append("torchlint runtime: no findings" + (" in this process" if in_this else ""))
        for finding in self.findings:
            times = f" ({finding.count} times)" if finding.count > 1 else ""
            lines.append(f"torchlint runtime: [{finding.check}] {finding.where()}{finding.message}{times}")
        return "\n".join(lines)

    def write_report(self, path: Optional[str]) -> None:
        print(self.summary(), file=sys.stderr)
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self.report(), handle, indent=2)
