"""Python's ``random`` module, ``time.time()`` and ``.timestamp()``: single numbers whose size
the call says, so that rows built from them in a loop
(``rows.append([random.uniform(500, 3500), random.randint(1, 5)])``) keep
each column's magnitude when they become data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

from torchlint.core import draws
from torchlint.core.api import arrays
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import Const, ListOf, Number, RangeInt, Seq, SymInt, Value, join_all

if TYPE_CHECKING:
    import libcst as cst

# What a Unix timestamp in seconds is about now (2026: 1.8e9); its size, not its value, is used.
UNIX_SECONDS = 1.7e9


def _two(site: CallSite, first: str, second: str) -> Tuple[Optional[float], Optional[float]]:
    return arrays.number(site.value(0, first)), arrays.number(site.value(1, second))


def _typical_size(name: str, site: CallSite) -> Optional[float]:
    """How large one draw of ``random.<name>`` typically is, from its literal parameters."""
    if name == "random":
        return 1.0
    if name == "betavariate":
        return draws.beta(*_two(site, "alpha", "beta"))
    if name in ("uniform", "triangular"):
        return draws.bounded(*_two(site, "a", "b") if name == "uniform" else _two(site, "low", "high"))
    if name in ("gauss", "normalvariate"):
        return draws.location_spread(*_two(site, "mu", "sigma"))
    if name == "expovariate":
        return draws.reciprocal(arrays.number(site.value(0, "lambd")))
    if name == "lognormvariate":
        return draws.lognormal(*_two(site, "mu", "sigma"))
    if name == "gammavariate":
        return draws.product(*_two(site, "alpha", "beta"))
    return None


def _draw(name: str):
    def make(site: CallSite) -> Optional[Value]:
        return Number(arrays.magnitude(_typical_size(name, site), f"random.{name}", site.node))

    return make


for _name in "random uniform triangular gauss normalvariate expovariate lognormvariate gammavariate betavariate".split():
    handles(f"random.{_name}", f"random.Random.{_name}")(_draw(_name))


def _integer(name: str):
    """``randint(a, b)``, ``randrange(stop)``, ``randrange(start, stop)``: an int as large as its bounds."""

    def make(site: CallSite) -> Optional[Value]:
        bounds = [arrays.number(value) for value in site.positional()[:2]]
        if not site.only_positional() or not bounds or None in bounds:
            return SymInt(None)
        largest = max(abs(bound) for bound in bounds)  # type: ignore[arg-type]
        return RangeInt(None, Scale(uniform=Magnitude(largest, f"random.{name}", site.node)))

    return make


for _name in ("randint", "randrange"):
    handles(f"random.{_name}", f"random.Random.{_name}")(_integer(_name))


@handles("random.choice", "random.Random.choice")
def _choice(site: CallSite) -> Optional[Value]:
    """One item of a sequence: what every item is; for literal numbers, as large as the largest."""
    choices = site.value(0, "seq")
    if isinstance(choices, ListOf):
        return choices.item
    if not isinstance(choices, Seq) or not choices.items:
        return None
    numbers = [arrays.number(item) for item in choices.items]
    if None in numbers:
        return join_all(choices.items)
    largest = max(abs(number) for number in numbers)  # type: ignore[arg-type]
    scale = Scale(uniform=Magnitude(largest, "random.choice", site.node))
    integral = all(isinstance(item, Const) and isinstance(item.value, int) for item in choices.items)
    return RangeInt(None, scale) if integral else Number(scale)


@handles("random.sample", "random.Random.sample", "random.choices", "random.Random.choices")
def _sample(site: CallSite) -> Optional[Value]:
    """``random.sample(memory, 64)``: a list of items like the population's (a replay buffer's transitions)."""
    population = site.value(0, "population")
    if isinstance(population, ListOf):
        return population
    if isinstance(population, Seq) and population.items:
        return ListOf(join_all(population.items))
    return None


@handles("time.time")
def _now(site: CallSite) -> Optional[Value]:
    """Seconds since 1970: about 1.7e9, far from unit scale as a feature."""
    return unix_seconds("time.time()", site.node)


def unix_seconds(how: str, node: "cst.CSTNode") -> Number:
    """A Unix timestamp made by ``how`` at ``node``."""
    return Number(Scale(uniform=Magnitude(UNIX_SECONDS, f"a Unix timestamp, {how}", node)))
