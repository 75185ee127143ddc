"""``torch.distributions``. With literal parameters: what ``.sample(shape)``
draws, and how large (``Uniform(0, 1000).sample((n, 1))`` is ~1000), as
numpy's samplers already are. With tensor parameters (a policy's
``Normal(mu, std)``, ``Categorical(logits=...)``): the batch shape its
samples, log-probabilities and entropies have, on the parameters' graph."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

from torchlint.core import draws, shapes
from torchlint.core.api import arrays
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.shapes import Dim, Shape
from torchlint.core.values import Array, Seq, Value


@dataclass(frozen=True)
class Distribution(Value):
    """A distribution of scalar parameters; ``size``: how large its draws typically are."""

    name: str
    size: Optional[float]


@dataclass(frozen=True)
class BatchedDistribution(Value):
    """A distribution of tensor parameters: ``batch``, the shape of one draw
    (the parameters' shape, a categorical's without its last dim), and the
    autograd graph of its parameters."""

    batch: Shape
    graph: Optional[str]
    dtype: str = "float32"  # of its draws: a categorical's are class indices


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
        if all(arrays.number(value) is not None for value in parameters):
            return Distribution(name, _FAMILIES[name](site))
        return _batched(parameters, drop_last=False)

    return make


def _batched(parameters: Tuple[Optional[Value], ...], drop_last: bool, dtype: str = "float32") -> Optional[Value]:
    """A distribution whose parameters are tensors and numbers of known shapes."""
    if not parameters or any(not isinstance(value, Array) and arrays.number(value) is None for value in parameters):
        return None
    tensors = [value for value in parameters if isinstance(value, Array)]
    batch: Optional[Shape] = ()
    for tensor in tensors:
        batch = shapes.maybe_broadcast(batch, tensor.shape)
    if batch is None or (drop_last and not batch):
        return None
    graphs = {tensor.graph for tensor in tensors}
    return BatchedDistribution(tuple(batch[:-1]) if drop_last else tuple(batch), "output" if "output" in graphs else None, dtype)


for _name in _FAMILIES:
    handles(f"torch.distributions.{_name}")(_family(_name))


def _probs_or_logits(site: CallSite) -> Optional[Value]:
    return site.value(0, "probs") if site.given(0, "probs") else site.value(1, "logits")


@handles("torch.distributions.Categorical")
def _categorical(site: CallSite) -> Optional[Value]:
    """``Categorical(probs)`` / ``Categorical(logits=...)``: one draw per row."""
    given = _probs_or_logits(site)
    return _batched((given,), drop_last=True, dtype="int64") if isinstance(given, Array) else None


@handles("torch.distributions.Bernoulli")
def _bernoulli(site: CallSite) -> Optional[Value]:
    given = _probs_or_logits(site)
    return _batched((given,), drop_last=False) if isinstance(given, Array) else None


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


def batched_method(distribution: BatchedDistribution, name: str, site: CallSite) -> Optional[Value]:
    """Draws (no graph: ``sample``; the parameters' graph: ``rsample``) of the
    batch shape after any ``sample_shape``; ``log_prob(x)`` of the batch
    broadcast with x; ``entropy()`` of the batch."""
    if name in ("sample", "rsample"):
        prefix: Optional[Tuple[Dim, ...]] = ()
        if site.given(0, "sample_shape"):
            given = site.value(0, "sample_shape")
            prefix = arrays.size_from_args((given,)) if isinstance(given, Seq) else None
        if prefix is None:
            return None
        drawn = arrays.new(TENSOR, (*prefix, *distribution.batch), site.node, distribution.dtype)
        return dataclasses.replace(drawn, graph=distribution.graph if name == "rsample" else None)
    if name == "log_prob":
        value = site.value(0, "value")
        shape = shapes.maybe_broadcast(distribution.batch, value.shape) if isinstance(value, Array) else None
        return dataclasses.replace(arrays.new(TENSOR, shape, site.node, "float32"), graph=distribution.graph) if shape is not None else None
    if name == "entropy" and not site.args:
        return dataclasses.replace(arrays.new(TENSOR, distribution.batch, site.node, "float32"), graph=distribution.graph)
    return None
