"""Check 2: the scales of the features in the first training batch.

Global module hooks watch for the first call of a top-level model (one no
other module is running) while training: autograd on and the module in
training mode. Its input, if a 2-D float tensor, is measured once, per
column; then the hooks remove themselves, so training runs without them.
The statistics come back from a GPU without waiting for it (readback.py):
there the report comes a few steps later.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from torchlint.runtime.frames import user_location
from torchlint.runtime.session import Session
from torchlint.runtime.transforms import data_readable

# Columns are reported when the largest std is this many times the smallest,
# or when a column's |mean| is this many times its std.
SCALE_RATIO = 10.0


class FeatureWatch:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.depth = 0
        self.handles: List[Any] = []

    def install(self) -> None:
        import torch
        from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook

        self._is_compiling = torch.compiler.is_compiling
        self.handles = [
            register_module_forward_pre_hook(self._before),
            register_module_forward_hook(self._after, always_call=True),
        ]
        self.session.uninstallers.append(self.remove)

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()
        self.handles = []

    def _before(self, module: Any, args: Tuple[Any, ...]) -> None:
        if self._is_compiling():
            return
        self.depth += 1
        if self.depth != 1:
            return
        import torch

        features = args[0] if args else None
        if not module.training or not torch.is_grad_enabled():
            return
        if isinstance(features, torch.Tensor) and not data_readable(features):
            return  # a transform's wrapper (vmap, grad): look at the next batch instead
        # The first training batch: look at it, then stop looking.
        self.remove()
        if isinstance(features, torch.Tensor) and features.dim() == 2 and features.is_floating_point() and features.shape[0] > 1:
            self._measure(features)

    def _after(self, module: Any, args: Tuple[Any, ...], output: Any) -> None:
        if not self._is_compiling():
            self.depth -= 1

    def _measure(self, features: Any) -> None:
        import torch

        with torch.no_grad():
            values = features.detach().float()
            statistics = torch.cat([values.std(0), values.mean(0)])
        self.session.checked["feature_batches"] += 1
        rows, columns = features.shape
        location = user_location()

        def report(read: List[float]) -> None:
            stds, means = read[:columns], read[columns:]
            self.session.feature_scales = summary(stds)
            problem = describe(stds, means)
            if problem is not None:
                message = (
                    f"the first training batch ({rows} rows, {columns} feature columns) is not normalized: {problem}. "
                    "Standardize the features with the training set's mean and std before training, "
                    "and reuse them at inference"
                )
                self.session.record("feature-scale", message, location)
                self.session.warn(message, location)

        # On the CPU this reports at once; on a GPU once the statistics arrive.
        self.session.readbacks.submit(statistics, report)


def describe(stds: List[float], means: List[float]) -> Optional[str]:
    """What is wrong with these per-column statistics, or None."""
    problems = []
    spread = [(std, index) for index, std in enumerate(stds) if std > 0]
    if len(spread) >= 2:
        (largest, big), (smallest, small) = max(spread), min(spread)
        if largest >= SCALE_RATIO * smallest:
            problems.append(
                f"column {big} has std {largest:.3g} (mean {means[big]:.3g}) while column {small} has std "
                f"{smallest:.3g} (mean {means[small]:.3g}), a ratio of {largest / smallest:.0f}"
            )
    offset = [(abs(means[index]) / std, index) for std, index in spread if abs(means[index]) >= SCALE_RATIO * std]
    if offset:
        ratio, index = max(offset)
        problems.append(f"column {index} has mean {means[index]:.3g} against std {stds[index]:.3g} (|mean|/std {ratio:.0f})")
    return "; ".join(problems) if problems else None


def summary(stds: List[float]) -> str:
    spread = [std for std in stds if std > 0]
    if not spread:
        return "all feature columns were constant"
    return f"feature stds in the first batch ranged from {min(spread):.3g} to {max(spread):.3g}"
