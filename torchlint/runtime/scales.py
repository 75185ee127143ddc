"""The feature-scale verdict: per-feature statistics of one batch, and what
is wrong with them.

``statistics`` runs on the batch's device and returns one 1-D tensor (read
back without waiting, see readback.py); ``Scales.of`` unpacks it on the host;
``describe`` says what is wrong, or None. A feature is one channel of a conv
input (dim 1) or one entry of the last dim of a Linear or RNN input, measured
over every other dim of the batch.

Two findings, both on features that are neither constant nor two-valued
(one-hot and other binary columns are scaled as they are meant to be):

- a feature far from unit scale: its typical magnitude (the 98th percentile
  of |x|, so one outlier row of a standardized column does not count) is 50
  or more: 8-bit pixels, ADC counts, timestamps, ``arange`` indices, prices;
- features on scales that differ: the largest median magnitude (median of
  |x|, which outlier rows do not move) is 10 or more and 100 times the
  smallest non-zero one. The smallest may well be a nearly constant column
  (sklearn's digits has many, standardized to a common value near 0); the
  floor keeps that from mattering on scaled data: a standardized column's
  median |x| over the data set is at most sqrt(2) (Chebyshev: at most half
  of it lies beyond sqrt(2) std), a min-max scaled one's at most 1.

Standardized, min-max scaled and ``Normalize``d data stay far below both
(Chebyshev: at most 1 in 2,500 values of a standardized column reaches 50):
benchmarks/runtime_scale_false_alarms.py measures it (docs/runtime-scale.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, List, Optional

# A feature whose typical magnitude reaches this is far from unit scale.
FAR_FROM_UNIT = 50.0
# Features differ when the largest median magnitude is at least this ...
DIFFERING_FLOOR = 10.0
# ... and this many times the smallest non-zero one.
DIFFERING_RATIO = 100.0
# The typical magnitude: this quantile of |x| (and at least the second largest value).
TYPICAL_QUANTILE = 0.98
# Values measured per feature at most (a strided sample of larger batches).
MEASURED_VALUES = 1 << 20
# Statistics per feature, in the order of Scales' fields.
FIELDS = 8
# How many features a message names.
NAMED = 3


def statistics(features: Any, dim: int) -> Any:
    """Per-feature mean, std, min, max, typical and median |x|, mean square
    and whether it takes at most two values: one 1-D tensor on the batch's
    device, one statistic for every feature after the other."""
    import torch

    with torch.no_grad():
        values = features.detach().movedim(dim, 0)
        count = values.shape[0]
        values = values.reshape(count, -1)
        limit = max(256, MEASURED_VALUES // max(count, 1))
        if values.shape[1] > limit:
            values = values[:, :: math.ceil(values.shape[1] / limit)]
        values = values.to(torch.float64 if values.dtype == torch.float64 else torch.float32)
        low, high = values.aminmax(dim=1)
        two_valued = ((values == low[:, None]) | (values == high[:, None])).all(dim=1)
        size = values.shape[1]
        rank = max(1, min(size - 1, math.ceil(size * TYPICAL_QUANTILE)))
        magnitudes = values.abs()
        typical = magnitudes.kthvalue(rank, dim=1).values
        median = magnitudes.kthvalue(math.ceil(size / 2), dim=1).values
        return torch.cat(
            [
                values.mean(dim=1),
                values.std(dim=1, correction=0),
                low,
                high,
                typical,
                median,
                values.square().mean(dim=1),
                two_valued.to(values.dtype),
            ]
        )


@dataclass
class Feature:
    index: int
    mean: float
    std: float
    low: float
    high: float
    typical: float
    median: float

    def __str__(self) -> str:
        return f"{self.low:.3g} to {self.high:.3g} (mean {self.mean:.3g}, std {self.std:.3g})"


@dataclass
class Scales:
    features: List[Feature]  # the informative ones: neither constant nor two-valued
    count: int  # every feature
    mean_square: float  # of all values: the squared norm of an input row, per feature

    @classmethod
    def of(cls, read: List[float]) -> "Scales":
        count = len(read) // FIELDS
        columns = [read[start * count : (start + 1) * count] for start in range(FIELDS)]
        means, stds, lows, highs, typicals, medians, squares, two_valued = columns
        features = [
            Feature(index, means[index], stds[index], lows[index], highs[index], typicals[index], medians[index])
            for index in range(count)
            if not two_valued[index]
        ]
        return cls(features, count, sum(squares) / max(count, 1))

    def far(self) -> List[Feature]:
        """The features far from unit scale, largest first."""
        return sorted((f for f in self.features if f.typical >= FAR_FROM_UNIT), key=lambda f: -f.typical)

    def differing(self) -> Optional[tuple]:
        """(largest, smallest) when their median magnitudes differ too much, else None."""
        sized = [f for f in self.features if f.median > 0]
        if len(sized) < 2:
            return None
        largest = max(sized, key=lambda f: f.median)
        smallest = min(sized, key=lambda f: f.median)
        if largest.median >= DIFFERING_FLOOR and largest.median >= DIFFERING_RATIO * smallest.median:
            return largest, smallest
        return None


def describe(scales: Scales, kind: str) -> Optional[str]:
    """What is wrong with these scales, naming the features as ``kind`` ("column", "channel", ...), or None."""
    far = scales.far()
    differing = scales.differing()
    if not far and differing is None:
        return None
    parts = []
    if far:
        named = "; ".join(f"{kind} {f.index} has values {f}" for f in far[:NAMED])
        more = f" (and {len(far) - NAMED} more {kind}s)" if len(far) > NAMED else ""
        parts.append(f"{named}{more}: far from unit scale")
    if differing is not None:
        largest, smallest = differing
        if largest not in far:
            parts.append(f"{kind} {largest.index} has values {largest}")
        parts.append(
            f"while {kind} {smallest.index} has values {smallest}: median magnitudes "
            f"{largest.median / smallest.median:,.0f} times apart"
        )
    return ", ".join(parts)
