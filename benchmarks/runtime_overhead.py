"""Step time of training with torchlint's run-time checks on, against off.

    python benchmarks/runtime_overhead.py [--rounds 40] [--steps 250]

Three loops: the seed's tiny linear regression (Linear(2, 1), 100 rows, SGD),
an MLP (three Linear layers of width 512, batch 256, SGD) and a small conv
classifier (two conv layers on 28x28 images, batch 128, cross-entropy, Adam;
on the GPU only: on the CPU its 60 ms step is all convolution, and the
checks' cost per step is the MLP's). For each, it
alternates blocks of steps with the checks off and on, in one process, and
prints the median of the per-round ratios of step time (on / off). It runs on the CPU,
and on CUDA too when a GPU is present; there it also trains a block of
steps under ``torch.cuda.set_sync_debug_mode("error")``, which raises on
any device synchronization, to show that the checks add none (the first
batch, whose statistics are measured, included). Not a test:
timings vary with the machine, the ratios are what to read.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, Dict, List, Tuple

import torch
import torch.nn as nn

import torchlint.runtime as runtime


def seed_loop(device: str) -> Callable[[], None]:
    torch.manual_seed(0)
    X = torch.rand(100, 2, device=device)
    y = (X @ torch.tensor([[2.0], [3.0]], device=device)) + 0.1 * torch.randn(100, 1, device=device)
    return _sgd_step(nn.Linear(2, 1).to(device), X, y, lr=0.01)


def mlp_loop(device: str) -> Callable[[], None]:
    torch.manual_seed(0)
    X = torch.randn(256, 512, device=device)
    y = torch.randn(256, 1, device=device)
    model = nn.Sequential(nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 1)).to(device)
    return _sgd_step(model, X, y, lr=0.001)


def cnn_loop(device: str) -> Callable[[], None]:
    torch.manual_seed(0)
    images = torch.randn(128, 1, 28, 28, device=device)
    labels = torch.randint(0, 10, (128,), device=device)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10),
    ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step() -> None:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()

    return step


def _sgd_step(model: nn.Module, X: torch.Tensor, y: torch.Tensor, lr: float) -> Callable[[], None]:
    """One training step of ``model`` on the whole of (X, y), plain SGD and MSELoss."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    criterion = nn.MSELoss()

    def step() -> None:
        optimizer.zero_grad()
        loss = criterion(model(X), y)
        loss.backward()
        optimizer.step()

    return step


def _block(step: Callable[[], None], steps: int, device: str) -> float:
    """Seconds per step over one block (synchronizing only at its ends)."""
    if device == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in range(steps):
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - started) / steps


def _checked_block(step: Callable[[], None], steps: int, device: str) -> float:
    with runtime.enabled(mode="warn"):
        step()  # the one-time first-batch look, outside the timed block
        return _block(step, steps, device)


def measure(
    make: Callable[[str], Callable[[], None]], device: str, rounds: int, steps: int
) -> Tuple[float, float, float]:
    """Median step time off and on, and the median of the per-round ratios.
    Each round times one block of each, in alternating order, so that drift
    in the machine's speed falls on both alike."""
    step = make(device)
    for _ in range(steps):  # warm up the allocator, kernels, caches
        step()
    off: List[float] = []
    on: List[float] = []
    for index in range(rounds):
        if index % 2:
            on.append(_checked_block(step, steps, device))
            off.append(_block(step, steps, device))
        else:
            off.append(_block(step, steps, device))
            on.append(_checked_block(step, steps, device))
    ratios = [checked / plain for plain, checked in zip(off, on)]
    return statistics.median(off), statistics.median(on), statistics.median(ratios)


def no_syncs(make: Callable[[str], Callable[[], None]], steps: int) -> str:
    """Train ``steps`` steps with the checks on under sync debug mode "error",
    from the first batch (whose statistics come back asynchronously) on."""
    step = make("cuda")
    torch.cuda.synchronize()
    with runtime.enabled(mode="warn") as session:
        torch.cuda.set_sync_debug_mode("error")
        try:
            for _ in range(steps):
                step()
        finally:
            torch.cuda.set_sync_debug_mode(0)
    return f"{session.checked['training_steps']} steps, no synchronization"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--steps", type=int, default=250)
    args = parser.parse_args()
    cases: Dict[str, Callable[[str], Callable[[], None]]] = {
        "seed tiny loop": seed_loop,
        "MLP 3x512, batch 256": mlp_loop,
        "CNN 2 conv, batch 128": cnn_loop,
    }
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    if torch.cuda.is_available():
        print(f"GPU: {torch.cuda.get_device_name()}")
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {args.rounds} rounds x {args.steps} steps, interleaved")
    print(f"{'case':24} {'device':6} {'off us/step':>12} {'on us/step':>12} {'on/off':>8}")
    for device in devices:
        for name, make in cases.items():
            if make is cnn_loop and device == "cpu":
                continue
            off, on, ratio = measure(make, device, args.rounds, args.steps)
            print(f"{name:24} {device:6} {off * 1e6:12.1f} {on * 1e6:12.1f} {ratio:8.3f}")
    if "cuda" in devices:
        for name, make in cases.items():
            print(f"sync debug mode 'error', {name}: {no_syncs(make, 3 * runtime.Session().nonfinite_every)}")


if __name__ == "__main__":
    main()
