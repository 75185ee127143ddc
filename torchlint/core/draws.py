"""How large random draws typically are, by distribution family, whichever
library draws them (numpy's samplers, Python's ``random``,
``torch.distributions``, ``torch.normal``). Each function takes the family's
literal parameters and gives None unless every one of them is known."""

from __future__ import annotations

import math
from typing import Optional


def location_spread(location: Optional[float], spread: Optional[float]) -> Optional[float]:
    """normal, laplace, logistic, gumbel: the location, give or take one spread."""
    if location is None or spread is None:
        return None
    return abs(location) + abs(spread)


def bounded(low: Optional[float], high: Optional[float]) -> Optional[float]:
    """uniform, triangular: the larger bound."""
    if low is None or high is None:
        return None
    return max(abs(low), abs(high))


def lognormal(mean: Optional[float], sigma: Optional[float]) -> Optional[float]:
    """The distribution's mean, exp(mean + sigma^2 / 2): lognormal(7, 0.3) is about 1,100."""
    if mean is None or sigma is None or mean + sigma**2 / 2 >= 700:
        return None
    return math.exp(mean + sigma**2 / 2)


def product(first: Optional[float], second: Optional[float]) -> Optional[float]:
    """gamma (shape x scale), binomial (n x p): the mean."""
    if first is None or second is None:
        return None
    return first * second


def reciprocal(rate: Optional[float]) -> Optional[float]:
    """exponential of a rate: the mean, 1 / rate."""
    return 1 / abs(rate) if rate else None


def beta(a: Optional[float], b: Optional[float]) -> Optional[float]:
    """beta(a, b): the mean, a / (a + b); beta(2, 30) is about 0.06, not 1."""
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return a / (a + b)
