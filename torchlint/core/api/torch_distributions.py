"""``torch.distributions`` with literal parameters: what ``.sample(shape)``
draws, and how large (``Uniform(0, 1000).sample((n, 1))`` is ~1000), as
numpy's samplers already are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

from torchlint.core import draws
from torchlint.core.api import arrays
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.shapes import Dim
from torchlint.core.values import Seq, Value


@dataclass(frozen=True)
class Distribution(Value):
    """A distribution of scalar parameters; ``size``: how large its draws typically are."""

    name: str
    size: Optional[float]


def _two(site: CallSite, first: str, second: str) -> Tuple[Optional[float], Optional[float]]:
    return arrays.number(site.value(0, first)), arrays.number(site.value(1, second))


# Each family's typical draw, from its literal parameters.
_FAMILIES: Dict[str, Callable[[CallSite], Optional[float]]] = {
    "Normal": lambda site: draws.location_spread(*_two(site, "loc", "scale")),
    "Uniform": lambda site: draws.bounded(*_two(site, "low", "high")),
    "LogNormal": lambda site: draws.lognormal(*_two(site, "loc", "scale")),
    "Exponential": lambda site: draws.reciprocal(arrays.number(site.value(0, "rate"))),
    "Poisson": lambda site: arrays.number(site.value(0, "rate")),
    # concentration / rate: the mean.
    "Gamma": lambda site: draws.product(arrays.number(site.value(0, "concentration")), draws.reciprocal(arrays.number(site.value(1, "rate")))),
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
    shape: Optional[Tuple[Dim, ...]] = ()
    if site.given(0, "sample_shape"):
        given = site.value(0, "sample_shape")  # a tuple or torch.Size: (n, 1)
        shape = arrays.size_from_args((given,)) if isinstance(given, Seq) else None
    if shape is None:
        return None
    scale = arrays.magnitude(distribution.size, f"torch.distributions.{distribution.name}", site.node)
    return arrays.new(TENSOR, shape, site.node, "float32", scale)
