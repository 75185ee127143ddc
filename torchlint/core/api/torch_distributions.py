"""``torch.distributions`` with literal parameters: what ``.sample(shape)``
draws, and how large (``Uniform(0, 1000).sample((n, 1))`` is ~1000), as
numpy's samplers already are."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

from torchlint.core.api import arrays
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Seq, Value


@dataclass(frozen=True)
class Distribution(Value):
    """A distribution of scalar parameters; ``size``: how large its draws typically are."""

    name: str
    size: Optional[float]


def _two(site: CallSite, first: str, second: str) -> Tuple[Optional[float], Optional[float]]:
    return arrays.number(site.value(0, first)), arrays.number(site.value(1, second))


def _normal(site: CallSite) -> Optional[float]:
    loc, scale = _two(site, "loc", "scale")
    return abs(loc) + abs(scale) if loc is not None and scale is not None else None


def _uniform(site: CallSite) -> Optional[float]:
    low, high = _two(site, "low", "high")
    return max(abs(low), abs(high)) if low is not None and high is not None else None


def _log_normal(site: CallSite) -> Optional[float]:
    loc, scale = _two(site, "loc", "scale")
    if loc is None or scale is None or loc + scale**2 / 2 >= 700:
        return None
    return math.exp(loc + scale**2 / 2)


def _exponential(site: CallSite) -> Optional[float]:
    rate = arrays.number(site.value(0, "rate"))
    return 1 / abs(rate) if rate else None


def _poisson(site: CallSite) -> Optional[float]:
    return arrays.number(site.value(0, "rate"))


def _gamma(site: CallSite) -> Optional[float]:
    concentration, rate = _two(site, "concentration", "rate")
    return concentration / rate if concentration is not None and rate else None


# Each family's typical draw, from its literal parameters.
_FAMILIES: Dict[str, Callable[[CallSite], Optional[float]]] = {
    "Normal": _normal,
    "Uniform": _uniform,
    "LogNormal": _log_normal,
    "Exponential": _exponential,
    "Poisson": _poisson,
    "Gamma": _gamma,
}


def _family(name: str):
    def make(site: CallSite) -> Optional[Value]:
        parameters = (*site.positional(), *(arg.value for _, arg in site.kwargs))
        if not all(arrays.number(value) is not None for value in parameters):
            return None  # tensor parameters: draws of their batch shape, not followed
        return Distribution(name, _FAMILIES[name](site))

    return make


for _name in _FAMILIES:
    handles(f"torch.distributions.{_name}")(_family(_name))


def call_method(distribution: Distribution, name: str, site: CallSite) -> Optional[Value]:
    """``d.sample(shape)`` / ``d.rsample(shape)``: a tensor of that shape."""
    if name not in ("sample", "rsample"):
        return None
    shape = arrays.size_from_args((site.value(0, "sample_shape"),)) if site.given(0, "sample_shape") else ()
    if shape is None or (site.given(0, "sample_shape") and not isinstance(site.value(0, "sample_shape"), Seq)):
        return None
    scale = arrays.magnitude(distribution.size, f"torch.distributions.{distribution.name}", site.node)
    return arrays.new(TENSOR, shape, site.node, "float32", scale)
