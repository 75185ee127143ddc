"""Reinforcement-learning environments of gym and gymnasium: what a DQN or
policy-gradient script builds its training batch from.

``env.step(action)`` gives the reward as a Python float, so
``torch.tensor([reward])`` is (1,) and a batch of them (B,), against Q-values
gathered as (B, 1). It is (observation, reward, terminated, truncated, info)
in gymnasium and gym from 0.26 on, (observation, reward, done, info) before:
the unpacking's count says which. For the classic environments made by id
(``gym.make("CartPole-v1")``), the spaces are known: a discrete action space's
``sample()`` is an int and its ``n`` the number of actions, and the
observation's shape is known; environments of other ids keep them unknown.
gym's ``reset()`` gives the observation alone before 0.26 and (observation,
info) from then on: a file that unpacks ``step()`` into four names was
written for the first, into five for the second.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import libcst as cst

from torchlint.core.api.arrays import NDARRAY
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.syntax import small_statements
from torchlint.core.values import Array, Const, Number, Seq, SymInt, Value, as_str

# Environment id (without its version) -> (number of discrete actions, or None
# for a continuous action space; the observation's shape).
CLASSIC: Dict[str, Tuple[Optional[int], Tuple[int, ...]]] = {
    "CartPole": (2, (4,)),
    "MountainCar": (3, (2,)),
    "MountainCarContinuous": (None, (2,)),
    "Acrobot": (3, (6,)),
    "Pendulum": (None, (3,)),
    "LunarLander": (4, (8,)),
    "LunarLanderContinuous": (None, (8,)),
    "BipedalWalker": (None, (24,)),
}


@dataclass(frozen=True)
class Environment(Value):
    """``gym.make(id)``; ``library``: "gym" or "gymnasium"."""

    library: str
    env_id: Optional[str] = None

    def spaces(self) -> Optional[Tuple[Optional[int], Tuple[int, ...]]]:
        return CLASSIC.get(self.env_id.split("-v")[0]) if self.env_id else None


@dataclass(frozen=True)
class Space(Value):
    """``env.action_space`` or ``env.observation_space``."""

    env: Environment
    name: str


@dataclass(frozen=True)
class StepResult(Value):
    """What ``env.step(action)`` returns: four or five items, by version."""

    observation: Optional[Array]


def _maker(library: str):
    def make(site: CallSite) -> Optional[Value]:
        return Environment(library, as_str(site.value(0, "id")))

    return make


for _library in ("gym", "gymnasium"):
    handles(f"{_library}.make")(_maker(_library))


def attribute(env: Environment, name: str) -> Optional[Value]:
    if name in ("action_space", "observation_space"):
        return Space(env, name)
    if name in ("unwrapped", "env"):
        return env
    return None


def space_attribute(space: Space, name: str) -> Optional[Value]:
    spaces = space.env.spaces()
    if spaces is None:
        return None
    actions, observation = spaces
    if space.name == "action_space" and name == "n" and actions is not None:
        return Const(actions)
    if space.name == "observation_space" and name == "shape":
        return Seq(tuple(Const(size) for size in observation), "tuple")
    return None


def call_method(receiver: Value, name: str, site: CallSite) -> Optional[Value]:
    if isinstance(receiver, Environment):
        if name == "step":
            return StepResult(_observation(receiver, site))
        if name == "reset" and receiver.library == "gymnasium":
            return Seq((_observation(receiver, site), None), "tuple")  # (observation, info)
        if name == "reset":
            # gym before 0.26 gives the observation alone, from 0.26 on (observation, info): the
            # file's unpacking of step() into four names or five says which API it was written for.
            api = _step_arity(site.evaluator.facts.module)
            if api == 4:
                return _observation(receiver, site)
            if api == 5:
                return Seq((_observation(receiver, site), None), "tuple")
        return None
    if isinstance(receiver, Space) and name == "sample":
        spaces = receiver.env.spaces()
        if spaces is None:
            return None
        if receiver.name == "action_space" and spaces[0] is not None:
            return SymInt(None)  # an action's index
        return None
    return None


@functools.lru_cache(maxsize=8)
def _step_arity(module: cst.Module) -> Optional[int]:
    """How many names the file unpacks a ``.step(...)`` call into, when every
    such unpacking agrees on four or on five."""
    counts = set()
    for node in small_statements(module.body, definitions=True):
        value = getattr(node, "value", None)
        if isinstance(node, cst.Assign) and isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "step":
            for target in node.targets:
                if isinstance(target.target, (cst.Tuple, cst.List)):
                    counts.add(len(target.target.elements))
    return counts.pop() if len(counts) == 1 and counts <= {4, 5} else None


def _observation(env: Environment, site: CallSite) -> Optional[Value]:
    spaces = env.spaces()
    if spaces is None:
        return None
    return Array(kind=NDARRAY, shape=spaces[1], origin=site.node, dtype="float32")


def step_items(result: StepResult, count: Optional[int]) -> Optional[Tuple[Optional[Value], ...]]:
    """``obs, reward, terminated, truncated, info = env.step(a)`` (or the four of older gym)."""
    if count not in (4, 5):
        return None
    return (result.observation, Number()) + (None,) * (count - 2)
