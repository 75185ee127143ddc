"""What one feature far from unit scale does to training: the figures behind
TL002's message for a single large feature (a price, a Unix timestamp, a count,
``uniform(-1000, 1000)``), where no second column shows that scales differ.

A small MLP (Linear 1->16, ReLU, Linear 16->1) fits a target that depends on
the feature (``sin(2z) + z/2`` of the standardized feature z, standardized),
fed the raw feature and the standardized one, 500 full-batch steps of 256 rows,
same seed, with each optimizer at two usual learning rates.

``--pixels`` measures instead why 8-bit pixels are no finding with adaptive
optimizers: the small CNN of ``runtime_scale_effect.py`` (which measures SGD
and Adam) learns sklearn's digits as raw 0..255 pixels and normalized, with
RMSprop, Adagrad, Adadelta and AdamW, 300 steps of batch 64.

    python benchmarks/static_scale_effect.py
    pip install scikit-learn && python benchmarks/static_scale_effect.py --pixels
"""

from __future__ import annotations

import math
import sys

import torch
import torch.nn.functional as F

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
        # Raw features on purpose: this measures what TL002 warns about.
        loss = torch.nn.functional.mse_loss(model(features), target)  # noqa: TL002
        loss.backward()
        optimizer.step()
        if first_nan is None and not math.isfinite(loss.item()):
            first_nan = step
    return loss.item(), first_nan


def pixel_accuracy(train_x, train_y, test_x, test_y, optimizer_name: str, lr: float) -> float:
    from runtime_scale_effect import model  # the benchmark beside this one

    torch.manual_seed(0)
    net = model()
    optimizer = getattr(torch.optim, optimizer_name)(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(1)
    for _ in range(300):
        index = torch.randint(len(train_x), (64,), generator=generator)
        loss = F.cross_entropy(net(train_x[index]), train_y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return (net(test_x).argmax(1) == test_y).float().mean().item()


def pixels() -> None:
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) * (255 / 16)
    labels = torch.tensor(digits.target)
    train_x, test_x, train_y, test_y = images[:1400], images[1400:], labels[:1400], labels[1400:]
    mean, std = (train_x / 255).mean().item(), (train_x / 255).std().item()
    print("| optimizer | lr | raw 0..255: test accuracy | Normalize: test accuracy |")
    print("|---|---:|---:|---:|")
    for optimizer_name, lr in (("RMSprop", 0.01), ("RMSprop", 0.001), ("Adagrad", 0.01), ("Adadelta", 1.0), ("AdamW", 0.001)):
        raw = pixel_accuracy(train_x, train_y, test_x, test_y, optimizer_name, lr)
        unit = pixel_accuracy((train_x / 255 - mean) / std, train_y, (test_x / 255 - mean) / std, test_y, optimizer_name, lr)
        print(f"| {optimizer_name} | {lr} | {raw:.1%} | {unit:.1%} |")


def main() -> None:
    torch.set_num_threads(1)
    if "--pixels" in sys.argv[1:]:
        pixels()
        return
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
