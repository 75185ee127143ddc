"""What is known about the scale of data: how large each feature column's
values typically are, whether they come from a raw source, and whether they
were normalized on the way. TL002 reads these facts; the array operations in
``torchlint.core.api`` keep them up to date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

if TYPE_CHECKING:
    import libcst as cst


# How raw evidence names 8-bit pixels: their fix is a division by 255.
PIXELS = "uint8 pixel values 0..255"
# How raw evidence names an integer range used as data (np.arange(100), range(1, 4000)).
INTEGER_RANGE = "the integer range"
# How a frame's column of datetimes (read_csv's parse_dates) names its size,
# that of the int64 nanoseconds since 1970 they are made of; no number as such.
DATETIMES = "datetimes"
# How a column of one number throughout (np.ones(n), a bias column) names its size.
CONSTANT = "constant"
# A feature this large is far from unit scale by itself (a price, a Unix
# timestamp, a count): by Chebyshev at most 1 in 2,500 values of a
# standardized column reaches 50 (the run-time check's bound, docs/runtime-scale.md).
FAR_FROM_UNIT = 50.0
# The typical size of 8-bit pixel values (their mean is near 128 in natural images).
PIXEL_SIZE = 128.0
# The largest value an 8-bit pixel takes.
PIXEL_RANGE = 255.0


@dataclass(frozen=True)
class Magnitude:
    """The typical absolute size of some values, and where that came from."""

    size: float
    why: str  # "np.random.rand", "scaled by 100", "np.random.normal(50000, 15000)"
    node: "cst.CSTNode"
    # Measured from the values themselves (a data file's larger of |mean| and
    # std): their mean square is at least size². Otherwise size may be their
    # largest (a literal list's, a range's end), and values spread from 0 up
    # to it have a mean square near size² / 3.
    measured: bool = False

    def times(self, factor: float, node: "cst.CSTNode", why: Optional[str] = None) -> "Magnitude":
        return Magnitude(self.size * abs(factor), why or f"scaled by {factor:g}", node, self.measured)

    def mean_square(self) -> float:
        """A lower estimate of the values' mean square."""
        return self.size**2 if self.measured else self.size**2 / 3

    def plus(self, offset: float, node: "cst.CSTNode") -> Optional["Magnitude"]:
        """Values shifted by ``offset``; None when a shift down by as much as a
        tenth of their size may bring them near zero (``year - 2021``), but
        not when it is ten times their size or more: then the values are
        about the offset (``-73.677 + 0.006 * np.sin(s)``, a longitude)."""
        why = f"shifted by {offset:g}"
        if offset >= 0 or -offset < self.size / 10:
            return Magnitude(self.size + abs(offset), why, node)
        if -offset >= 10 * self.size:
            return Magnitude(-offset - self.size, why, node)
        return None


@dataclass(frozen=True)
class Scale:
    """Scale facts about an array. The feature columns are along its last dim."""

    # One magnitude per column, when the columns are known to differ or the
    # width is known; otherwise ``uniform`` holds the magnitude of every value.
    columns: Optional[Tuple[Optional[Magnitude], ...]] = None
    uniform: Optional[Magnitude] = None
    # A source whose values are un-normalized by nature, evidence by itself:
    # (what, where), e.g. ("pd.read_csv", node), ("the integer range np.arange(100)", node).
    raw: Optional[Tuple[str, "cst.CSTNode"]] = None
    # Normalized on the way: (how, where).
    normalized: Optional[Tuple[str, "cst.CSTNode"]] = None
    # For a 2-D array whose rows are features stacked (np.vstack([a, b]),
    # np.array([a, b])): each row's magnitude, the columns once transposed.
    rows: Optional[Tuple[Optional[Magnitude], ...]] = None
    # ``columns`` are the first columns only, more of unknown number and size
    # follow (numeric columns, then one-hot ones of get_dummies): a position
    # counted from the end, or all values together, is never claimed.
    prefix: bool = False
    # ``columns`` lie along dim 1, not the last: windows (N, T, C) made
    # channels-first for a convolution (``x.permute(0, 2, 1)``, (N, C, T)).
    # A convolution reads them as its input channels; nothing picks columns
    # out of the last dim (time steps now), and a new shape drops them.
    channels_first: bool = False

    def _holds(self, index: int, count: int) -> bool:
        """Whether ``index`` names one of ``count`` known columns: from the end
        only when they are all of them, not a prefix."""
        return (0 if self.prefix else -count) <= index < count

    def column(self, index: int) -> Optional[Magnitude]:
        if self.columns is not None:
            return self.columns[index] if self._holds(index, len(self.columns)) else None
        return self.uniform

    def overall(self) -> Optional[Magnitude]:
        """One magnitude for all values, if the columns agree."""
        if self.prefix:
            return None
        if self.columns is None:
            return self.uniform
        sizes = {column.size if column else None for column in self.columns}
        return self.columns[0] if len(sizes) == 1 and None not in sizes else None

    def without_columns(self) -> "Scale":
        """After a reshape that mixes columns: only what holds for all values
        stays; columns within a few times of each other in size mix into
        values as large as the smallest (open and high prices windowed together)."""
        uniform = self.overall()
        known = [column for column in self.columns or () if column is not None]
        if uniform is None and self.columns and len(known) == len(self.columns) and not self.prefix:
            uniform = _smaller_within_ratio(min(known, key=_size), max(known, key=_size))
        return replace(self, columns=None, uniform=uniform, prefix=False, channels_first=False)

    def select(self, indices: Sequence[int]) -> "Scale":
        """The columns at ``indices`` (a column slice or list)."""
        if self.channels_first:
            return self.without_columns()
        if self.columns is None:
            return self
        picked = []
        for index in indices:
            if not self._holds(index, len(self.columns)):
                return self.without_columns()
            picked.append(self.columns[index])
        return replace(self, columns=tuple(picked), prefix=False)

    def single(self, index: int) -> "Scale":
        """One column taken alone (``X[:, 0]``)."""
        if self.channels_first:
            return self.without_columns()
        return replace(self, columns=None, uniform=self.column(index), prefix=False)

    def with_column(self, index: int, width: Optional[int], magnitude: Optional[Magnitude]) -> "Scale":
        """Column ``index`` now holds values of ``magnitude`` (``X[:, 0] *= 100``)."""
        if self.channels_first:
            return replace(self.without_columns(), uniform=None)
        if self.columns is not None:
            columns = list(self.columns)
        elif isinstance(width, int):
            columns = [self.uniform] * width
        else:
            return replace(self, uniform=None)
        if not self._holds(index, len(columns)):
            return replace(self, columns=None, uniform=None, prefix=False)
        columns[index] = magnitude
        return replace(self, columns=tuple(columns), uniform=None)

    def as_columns(self, width: Optional[int]) -> Optional[Tuple[Optional[Magnitude], ...]]:
        if self.prefix or self.channels_first:
            return None
        if self.columns is not None:
            return self.columns
        if isinstance(width, int):
            return (self.uniform,) * width
        return None

    def magnitudes(self) -> List[Magnitude]:
        """The known magnitudes: each column's, and the one of all values."""
        return [m for m in (*(self.columns or ()), self.uniform) if m is not None]

    def largest(self) -> float:
        """The largest typical size known among them (0 when none is)."""
        return max((m.size for m in self.magnitudes()), default=0.0)

    def spread(self) -> Optional[Tuple[Magnitude, Magnitude]]:
        """The largest and the smallest column, where both are known and non-zero."""
        known = [column for column in self.columns or () if column is not None and column.size > 0]
        if len(known) < 2:
            return None
        return max(known, key=_size), min(known, key=_size)


def eight_bit_pixels(why: str, node: "cst.CSTNode") -> Scale:
    """The values of an 8-bit image (0..255) read or made at ``node``."""
    return Scale(uniform=Magnitude(PIXEL_SIZE, why, node))


def largest(parts: Sequence[Optional[Scale]]) -> Optional[Scale]:
    """Values each of which is one of ``parts`` (the items of a list): as
    large as the largest known part (a part of unknown size can only be
    larger); None when no part's size is known."""
    if parts and all(part == parts[0] for part in parts):
        return parts[0]
    sizes = [part.overall() for part in parts if part is not None]
    known = [size for size in sizes if size is not None]
    if not known:
        return None
    raw = next((part.raw for part in parts if part is not None and part.raw), None)
    return Scale(uniform=max(known, key=_size), raw=raw)


# How the size of values divided by a constant on purpose names itself (prices / 1000: in thousands).
DIVIDED = "divided by"


def scaled(scale: Optional[Scale], factor: float, node: "cst.CSTNode", why: Optional[str] = None) -> Optional[Scale]:
    if scale is None:
        return None
    if scale.normalized and scale.uniform is None and not scale.columns and abs(factor) >= FAR_FROM_UNIT:
        # Normalized, then stretched far from unit scale again: pixels / 255
        # mapped onto [-1024, 1024] (an X-ray pipeline's Hounsfield-like range).
        how, _ = scale.normalized
        return Scale(uniform=Magnitude(abs(factor), f"{how}, then scaled by {factor:g}", node))
    return replace(
        scale,
        columns=tuple(c.times(factor, node, why) if c else None for c in scale.columns) if scale.columns else None,
        uniform=scale.uniform.times(factor, node, why) if scale.uniform else None,
        # Rescaled values are no longer what the raw source made ("pixels
        # 0..255" after * (1 / 255)); their magnitude, kept above, still says how large they are.
        # Pixels only centred, (x - 0.5) / 0.5 without the / 255, still are.
        raw=scale.raw if abs(factor) == 1 or (scale.raw and PIXELS in scale.raw[0] and 0.25 <= abs(factor) <= 4) else None,
    )


def powered(scale: Optional[Scale], exponent: float, node: "cst.CSTNode") -> Optional[Scale]:
    """Values raised to a constant power (``x ** 3``, polynomial features):
    each size to that power; a raw source's values no longer as it made them."""
    if scale is None or exponent <= 0:
        return None

    def raised(magnitude: Optional[Magnitude]) -> Optional[Magnitude]:
        if magnitude is None:
            return None
        return Magnitude(magnitude.size ** exponent, f"{magnitude.why}, to the power {exponent:g}", node)

    return replace(
        scale,
        columns=tuple(raised(c) for c in scale.columns) if scale.columns else None,
        uniform=raised(scale.uniform),
        raw=scale.raw if exponent == 1 else None,
        rows=None,
    )


def clipped(scale: Optional[Scale], low: Optional[float], high: Optional[float], node: "cst.CSTNode") -> Optional[Scale]:
    """Values clipped into ``[low, high]`` (``np.clip(x, 0, 1)``): no size
    above the larger bound's. With a bound missing (``clamp(min=0)``) they
    may be as large as before."""
    if scale is None or low is None or high is None:
        return scale
    bound = max(abs(low), abs(high))

    def capped(magnitude: Optional[Magnitude]) -> Optional[Magnitude]:
        if magnitude is None or magnitude.size <= bound:
            return magnitude
        return Magnitude(bound, f"{magnitude.why}, clipped to {low:g}..{high:g}", node)

    return replace(
        scale,
        columns=tuple(capped(c) for c in scale.columns) if scale.columns else None,
        uniform=capped(scale.uniform),
        rows=tuple(capped(r) for r in scale.rows) if scale.rows else None,
    )


# The typical size of a sine or cosine of phases that span whole turns: the
# mean of |sin| over a period, 2 / pi.
SINE_SIZE = 0.64


def periodic(argument: Optional[Scale], function: str, node: "cst.CSTNode") -> Scale:
    """The values of ``sin`` or ``cos`` of ``argument``: between -1 and 1,
    about 0.64 typically; of small angles (known below 0.5), a sine is as
    large as the angle and a cosine about 1."""
    angle = argument.overall() if argument is not None else None
    if angle is not None and angle.size < 0.5:
        size = angle.size if function == "sin" else 1.0
        return Scale(uniform=Magnitude(size, f"{function} of angles of about {angle.size:g}", node))
    return Scale(uniform=Magnitude(SINE_SIZE, f"{function}, between -1 and 1", node))


# A running sum of ``n`` values of size ``m`` that partly cancel, as draws do
# (``np.cumsum(rng.normal(0.4, 8, n))``, a random walk), is typically
# m * sqrt(2k / pi) at step k: about m * sqrt(n) / 2 over the walk. Values of
# one sign grow faster (n * m / 2), so this is the smaller guess.
RANDOM_WALK_FACTOR = 0.5


def running_sum(scale: Optional[Scale], length: Optional[int], node: "cst.CSTNode") -> Optional[Scale]:
    """The values of ``cumsum`` over ``length`` items of ``scale``: as large
    as a random walk of such steps; not known when the steps were normalized
    (a walk of standardized returns is data made anew, not raw) or their
    number is unknown."""
    step = scale.overall() if scale is not None and scale.normalized is None else None
    if step is None or not isinstance(length, int) or length < 1:
        return None
    size = step.size * max(1.0, RANDOM_WALK_FACTOR * math.sqrt(length))
    return Scale(uniform=Magnitude(size, f"a running sum of {length} values of about {step.size:g}", node))


def exponential(scale: Optional[Scale], node: "cst.CSTNode") -> Optional[Scale]:
    """The values of ``exp`` of values of ``scale``: about 1 (within a factor
    of e) when those are within about 1 of zero (``np.exp(np.cumsum(returns))``,
    a price path relative to its start); not known for larger exponents."""
    power = scale.overall() if scale is not None else None
    if power is None or power.size > 1:
        return None
    return Scale(uniform=Magnitude(1.0, f"exp of values of about {power.size:g}", node))


# A positive constant this large added to values of unknown size (1585 + 15 * h + noise,
# a sensor's level plus its drift) is taken as their size: less only if they cancel it,
# which data made by adding parts rarely does; more if they are larger, then the size said is low.
OFFSET_DOMINATES = 10.0


def shifted(scale: Optional[Scale], offset: float, node: "cst.CSTNode") -> Optional[Scale]:
    if scale is None:
        if offset >= OFFSET_DOMINATES:
            return Scale(uniform=Magnitude(offset, f"shifted by {offset:g}", node))
        return None
    return replace(
        scale,
        columns=tuple(c.plus(offset, node) if c else None for c in scale.columns) if scale.columns else None,
        uniform=scale.uniform.plus(offset, node) if scale.uniform else None,
    )


def merged(parts: Sequence[Optional[Scale]], widths: Sequence[Optional[int]]) -> Optional[Scale]:
    """Columns placed side by side (column_stack, hstack, cat along the last dim)."""
    if all(part is None for part in parts):
        return None
    columns: List[Optional[Magnitude]] = []
    prefix = False
    for part, width in zip(parts, widths):
        part_columns = part.as_columns(width) if part is not None else (None,) * width if isinstance(width, int) else None
        if part_columns is None:
            # A part of unknown width (one-hot columns): the columns before it, and its own first ones, lead.
            leading = part.columns if part is not None and part.prefix else ()
            columns.extend(leading or ())
            prefix = True
            break
        columns.extend(part_columns)
    raw = next((part.raw for part in parts if part is not None and part.raw), None)
    normalized = parts[0].normalized if all(p is not None and p.normalized for p in parts) else None  # type: ignore[union-attr]
    if prefix and not any(columns):
        return Scale(raw=raw, normalized=normalized)
    return Scale(columns=tuple(columns), raw=raw, normalized=normalized, prefix=prefix)


def combined(left: Optional[Scale], right: Optional[Scale]) -> Optional[Scale]:
    """Two data operands of elementwise math: what survives of each. Next
    to an operand of unknown size, a size says nothing of the result
    (``np.sin(t) + noise`` is not as small as the noise)."""
    if left is None or right is None:
        known = left or right
        if known is None or not (known.raw or known.normalized):
            return None
        return Scale(raw=known.raw, normalized=known.normalized)
    raw = left.raw or right.raw
    normalized = left.normalized or right.normalized
    return Scale(raw=raw, normalized=normalized)


# How far apart two sizes may be for a value that is either to count as the smaller.
EITHER_RATIO = 4.0


def either(a: Optional[Scale], b: Optional[Scale]) -> Optional[Scale]:
    """A number that is one of two draws (``randrange(0, t)`` on one path,
    ``randrange(t, 2 * t)`` on another): as large as the smaller, when the
    two are within a few times of each other, so that what is said of its
    size holds either way; unknown otherwise."""
    if a == b:
        return a
    if a is None or b is None or a.uniform is None or b.uniform is None or a.columns or b.columns:
        return None
    small = _smaller_within_ratio(a.uniform, b.uniform)
    return Scale(uniform=small, raw=a.raw if a.raw == b.raw else None) if small is not None else None


def _size(magnitude: Magnitude) -> float:
    return magnitude.size


def _smaller_within_ratio(a: Magnitude, b: Magnitude) -> Optional[Magnitude]:
    """The smaller of two sizes within EITHER_RATIO of each other, else None."""
    small, large = sorted((a, b), key=_size)
    if small.size <= 0 or large.size / small.size > EITHER_RATIO:
        return None
    return small


def _either_size(a: Optional[Magnitude], b: Optional[Magnitude]) -> Optional[Magnitude]:
    """A size that holds on both paths: the smaller of two within a few times
    of each other (two draws of one range on an if's two branches)."""
    if a == b or a is None or b is None:
        return a if a == b else None
    for zeros, written in ((a, b), (b, a)):
        if zeros.why == CONSTANT and zeros.size == 0:
            return written  # a buffer of zeros on the path that wrote nothing into it yet
    return _smaller_within_ratio(a, b)


def join(a: Optional[Scale], b: Optional[Scale]) -> Optional[Scale]:
    """What holds on two paths: normalization on either keeps the rule quiet,
    evidence must hold on both."""
    if a == b:
        return a
    if a is None or b is None:
        return None
    columns = None
    if a.columns is not None and b.columns is not None and len(a.columns) == len(b.columns):
        columns = tuple(_either_size(x, y) for x, y in zip(a.columns, b.columns))
    return Scale(
        columns=columns,
        uniform=_either_size(a.uniform, b.uniform),
        raw=a.raw if a.raw == b.raw else None,
        normalized=a.normalized or b.normalized,
        rows=a.rows if a.rows == b.rows else None,
        prefix=columns is not None and (a.prefix or b.prefix),
    )


def partly_overwritten(old: Optional[Scale], written: Optional[Scale], node: "cst.CSTNode") -> Optional[Scale]:
    """Some of the values replaced by written ones (``img[r:r + 2, c:c + 2] = 255``
    into zeros, ``X[i] = row``): each column as large as the larger of what
    it held and what was written; raw when either was."""
    if old is None or written is None:
        return None
    width = len(old.columns or written.columns or ())
    if not width:
        if old.uniform is None or written.uniform is None:
            return None
        return Scale(uniform=_larger(old.uniform, written.uniform, node), raw=old.raw or written.raw)
    held, new = old.as_columns(width), written.as_columns(width)
    if held is None or new is None or len(held) != len(new):
        return None
    columns = tuple(_larger(a, b, node) if a is not None and b is not None else None for a, b in zip(held, new))
    return Scale(columns=columns, raw=old.raw or written.raw)


def _larger(held: Magnitude, written: Magnitude, node: "cst.CSTNode") -> Magnitude:
    if written.size >= held.size:
        return written
    # A column of one number with other values written in is no longer one number.
    return Magnitude(held.size, "partly overwritten", node) if held.why == CONSTANT else held


def stacked_rows(parts: Sequence[Optional[Scale]]) -> Optional[Scale]:
    """1-D features stacked as the rows of a table: as large as the largest,
    and each row's own size kept for a transposition to make them columns."""
    overall = largest(parts)
    if overall is None:
        return None
    return replace(overall, rows=tuple(part.overall() if part is not None else None for part in parts))


def transposed(scale: Optional[Scale]) -> Optional[Scale]:
    """A table transposed: rows of features become its columns."""
    if scale is None or scale.rows is None:
        return scale.without_columns() if scale is not None else None
    return Scale(columns=scale.rows, raw=scale.raw, normalized=scale.normalized)
