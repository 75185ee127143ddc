"""What a loss kept across iterations really keeps in memory (TL007's words).

    python benchmarks/loss_accumulation_memory.py [--steps 200]

Trains an MLP (Linear 256 -> 1024 -> 1024 -> 1, ReLU, batch 64, SGD) on the
CPU and keeps its loss in each of the ways TL007 meets in real code. Two
numbers per pattern, after the loop:

- activations alive: the bytes of the tensors autograd saved for backward
  that are still reachable (counted through ``torch.autograd.graph``'s
  saved-tensor hooks: each saved tensor is packed into a holder whose
  life is watched with a weak reference);
- graph nodes alive: how many autograd nodes (``grad_fn`` objects) are
  still reachable from what the loop kept, walked through
  ``next_functions``.

Then, for the nodes, the process's resident memory grown over many steps
of a tiny model (its activations are negligible), divided by the nodes
kept: what one kept node costs. Linux only (/proc/self/statm). Not a test:
read the numbers.
"""

from __future__ import annotations

import argparse
import gc
import resource
import weakref
from typing import Callable, Dict, List, Tuple

import torch
import torch.nn as nn


class SavedTensorWatch:
    """Counts the saved-for-backward tensors that are still reachable."""

    def __init__(self) -> None:
        self.holders: List[Tuple[weakref.ref, int]] = []

    def pack(self, tensor: torch.Tensor) -> object:
        holder = _Holder(tensor)
        self.holders.append((weakref.ref(holder), tensor.numel() * tensor.element_size()))
        return holder

    @staticmethod
    def unpack(holder: "_Holder") -> torch.Tensor:
        return holder.tensor

    def alive_bytes(self) -> int:
        gc.collect()
        return sum(size for ref, size in self.holders if ref() is not None)


class _Holder:
    def __init__(self, tensor: torch.Tensor) -> None:
        self.tensor = tensor


def count_nodes(roots: List[object]) -> int:
    seen = set()
    stack = [root for root in roots if root is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return len(seen)


def graph_roots(kept: object) -> List[object]:
    items = kept if isinstance(kept, list) else [kept]
    return [item.grad_fn for item in items if isinstance(item, torch.Tensor)]


# Each pattern trains (or evaluates) ``steps`` batches and returns what it kept.
def sum_after_backward(step: Callable, steps: int) -> object:
    total = 0.0
    for _ in range(steps):
        loss = step(train=True)  # runs backward()
        # Deliberate: this keeps every step's graph nodes, which is what is measured.
        total += loss  # noqa: TL007
    return total


def sum_before_backward(step: Callable, steps: int) -> object:
    total = 0.0
    for _ in range(steps):
        loss = step(train=False)
        total += loss
        loss.backward()
    return total


def sum_without_backward(step: Callable, steps: int) -> object:
    total = 0.0
    for _ in range(steps):
        total += step(train=False)  # an evaluation loop without torch.no_grad()
    return total


def list_after_backward(step: Callable, steps: int) -> object:
    losses = []
    for _ in range(steps):
        losses.append(step(train=True))
    return losses


def sum_reset_every_4_steps(step: Callable, steps: int) -> object:
    # torchtune: summed over the micro-batches of one optimizer step, reset after it.
    total = 0.0
    for index in range(steps):
        total += step(train=True)
        if (index + 1) % 4 == 0:
            total = 0.0
    return total


PATTERNS: Dict[str, Callable] = {
    "total += loss after backward()": sum_after_backward,
    "total += loss before backward()": sum_before_backward,
    "total += loss, no backward()": sum_without_backward,
    "losses.append(loss) after backward()": list_after_backward,
    "total += loss, reset every 4 steps": sum_reset_every_4_steps,
}


def make_step(model: nn.Module, batch: int, features: int) -> Callable:
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)

    def step(train: bool) -> torch.Tensor:
        optimizer.zero_grad()
        x, y = torch.randn(batch, features), torch.randn(batch, 1)
        loss = nn.functional.mse_loss(model(x), y)
        if train:
            loss.backward()
            optimizer.step()
        return loss

    return step


def activations_and_nodes(steps: int) -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(256, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 1))
    step = make_step(model, batch=64, features=256)
    print(f"MLP 256-1024-1024-1, batch 64, {steps} steps")
    print(f"{'pattern':40s} {'activations alive':>18s} {'per step':>10s} {'graph nodes':>12s}")
    for name, pattern in PATTERNS.items():
        watch = SavedTensorWatch()
        with torch.autograd.graph.saved_tensors_hooks(watch.pack, watch.unpack):
            kept = pattern(step, steps)
        alive = watch.alive_bytes()
        nodes = count_nodes(graph_roots(kept))
        print(f"{name:40s} {alive / 2**20:15.1f} MiB {alive / steps / 2**10:7.0f} KiB {nodes:12d}")
        del kept


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize()


def bytes_per_node(steps: int) -> None:
    """Resident memory per kept node: a tiny model (its activations are a
    few bytes), its loss summed after backward() for ``steps`` steps."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
    step = make_step(model, batch=1, features=2)
    sum_after_backward(step, 1000)  # warm the allocator
    gc.collect()
    before = rss_bytes()
    kept = sum_after_backward(step, steps)
    gc.collect()
    grown = rss_bytes() - before
    nodes = count_nodes(graph_roots(kept))
    print(
        f"tiny model, loss summed after backward(), {steps} steps: RSS +{grown / 2**20:.1f} MiB, "
        f"{nodes} graph nodes kept, {grown / nodes:.0f} bytes per node"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--node-steps", type=int, default=30_000)
    args = parser.parse_args()
    print(f"torch {torch.__version__}")
    activations_and_nodes(args.steps)
    bytes_per_node(args.node_steps)


if __name__ == "__main__":
    main()
