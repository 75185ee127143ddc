"""What one feature far from unit scale does to training: the figures behind
TL002's message for a single large feature (a price, a Unix timestamp, a count,
``uniform(-1000, 1000)``), where no second column shows that scales differ.

A small MLP (Linear 1->16, ReLU, Linear 16->1) fits a target that depends on
the feature (``sin(2z) + z/2`` of the standardized feature z, standardized),
fed the raw feature and the standardized one, 500 full-batch steps of 256 rows,
same seed, with each optimizer at two usual learning rates. Raw 8-bit pixels
into a CNN are measured by ``runtime_scale_effect.py``.

    python benchmarks/static_scale_effect.py
"""

from __future__ import annotations

import math

import torch

STEPS = 500
ROWS = 256


def train(features: torch.Tensor, target: torch.Tensor, optimizer_name: str, lr: float):
    """(last loss, first step with a non-finite loss or None)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(features.shape[1], 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    optimizer = getattr(torch.optim, optimizer_name)(model.parameters(), lr=lr)
    first_nan = None
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(features), target)
        loss.backward()
        optimizer.step()
        if first_nan is None and not math.isfinite(loss.item()):
            first_nan = step
    return loss.item(), first_nan


def main() -> None:
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(0)
    features = {
        "uniform(-1000, 1000)": torch.rand(ROWS, 1, generator=generator) * 2000 - 1000,
        "prices uniform(100, 1000)": torch.rand(ROWS, 1, generator=generator) * 900 + 100,
        "Unix timestamps 1.7e9 + up to a year": 1.7e9 + torch.rand(ROWS, 1, generator=generator) * 3e7,
        "counts poisson(500)": torch.poisson(torch.full((ROWS, 1), 500.0), generator=generator),
    }
    print("| feature | optimizer | lr | raw: last loss | standardized: last loss |")
    print("|---|---|---:|---:|---:|")
    for name, raw in features.items():
        standardized = (raw - raw.mean(0)) / raw.std(0)
        target = torch.sin(2 * standardized) + 0.5 * standardized
        target = (target - target.mean()) / target.std()
        for optimizer_name, lr in (("SGD", 0.01), ("SGD", 0.001), ("Adam", 0.01), ("Adam", 0.001),
                                   ("RMSprop", 0.01), ("Adagrad", 0.01)):
            raw_loss, first_nan = train(raw, target, optimizer_name, lr)
            unit_loss, _ = train(standardized, target, optimizer_name, lr)
            shown = f"nan from step {first_nan}" if first_nan is not None else f"{raw_loss:.3g}"
            print(f"| {name} | {optimizer_name} | {lr} | {shown} | {unit_loss:.3g} |")


if __name__ == "__main__":
    main()
