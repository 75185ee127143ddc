"""What one feature far from unit scale does to training: the figures behind
TL002's message for a single large feature (a price, a Unix timestamp, a count,
``uniform(-1000, 1000)``), where no second column shows that scales differ.

A small MLP (Linear 1->16, ReLU, Linear 16->1) fits a target that depends on
the feature (``sin(2z) + z/2`` of the standardized feature z, standardized),
fed the raw feature and the standardized one, 500 full-batch steps of 256 rows,
same seed, with each optimizer at two usual learning rates.

``--linear`` measures one ``nn.Linear`` with adaptive optimizers: on two
columns of different scales (rooms 1..7 and areas 20..300, the data of
``fixtures/tl002/bad_inplace_uniform_stack.py``), where TL002 reports it, and
on one centred feature of std 100 (bug report 118's), where it does not.

``--target`` measures a regression target far from unit scale: the same MLP
shape (4 -> 32 -> 32 -> 1, ReLU) on standardized features fits a target of
~1, ~100, ~1,000 and ~100,000 raw, and standardized, 2,000 full-batch steps of
512 rows, with Adam and SGD at usual learning rates; R² after 500 and 2,000 steps.

``--pixels`` measures instead why 8-bit pixels are no finding with adaptive
optimizers: the small CNN of ``runtime_scale_effect.py`` (which measures SGD
and Adam) learns sklearn's digits as raw 0..255 pixels and normalized, with
RMSprop, Adagrad, Adadelta and AdamW, 300 steps of batch 64.

    python benchmarks/static_scale_effect.py
    python benchmarks/static_scale_effect.py --linear
    python benchmarks/static_scale_effect.py --target
    pip install scikit-learn && python benchmarks/static_scale_effect.py --pixels
"""

from __future__ import annotations

import math
import sys
from typing import Tuple

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
        loss = F.cross_entropy(net(train_x[index]), train_y[index])  # noqa: TL002 (raw pixels on purpose)
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


def linear_r2(features: torch.Tensor, target: torch.Tensor, optimizer_name: str, lr: float, steps: int) -> float:
    torch.manual_seed(0)
    model = torch.nn.Linear(features.shape[1], 1)
    optimizer = getattr(torch.optim, optimizer_name)(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.mse_loss(model(features), target)  # noqa: TL002 (raw features on purpose)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return 1 - (F.mse_loss(model(features), target) / target.var()).item()


def linear() -> None:
    generator = torch.Generator().manual_seed(0)
    rooms = torch.randint(1, 8, (500,), generator=generator).float()
    area = torch.rand(500, generator=generator) * 280 + 20
    columns = torch.stack([rooms, area], dim=1)
    spread_target = ((12.0 * area + 50.0 * rooms) / 1000).unsqueeze(1)
    centred = torch.randn(500, 2, generator=generator) * 100
    centred_target = 5 * centred[:, :1] + 3 * centred[:, 1:] + torch.randn(500, 1, generator=generator)
    print("| features | optimizer | lr | steps | raw: R² | standardized: R² |")
    print("|---|---|---:|---:|---:|---:|")
    for name, raw, target in (("rooms and areas", columns, spread_target), ("two centred, std 100", centred, centred_target)):
        standardized = (raw - raw.mean(0)) / raw.std(0)
        for optimizer_name, lr in (("Adam", 0.05), ("Adam", 0.01), ("RMSprop", 0.01)):
            for steps in (300, 2000):
                raw_r2 = linear_r2(raw, target, optimizer_name, lr, steps)
                unit_r2 = linear_r2(standardized, target, optimizer_name, lr, steps)
                print(f"| {name} | {optimizer_name} | {lr} | {steps} | {raw_r2:.3f} | {unit_r2:.3f} |")


def target_r2(features: torch.Tensor, target: torch.Tensor, optimizer_name: str, lr: float) -> Tuple[float, float]:
    """R² of the fit after 500 and after 2,000 steps (nan once it diverged)."""
    torch.manual_seed(0)
    layers = [torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1)]
    model = torch.nn.Sequential(*layers)
    optimizer = getattr(torch.optim, optimizer_name)(model.parameters(), lr=lr)
    scores = []
    for step in range(1, 2001):
        optimizer.zero_grad()
        loss = F.mse_loss(model(features), target)
        loss.backward()
        optimizer.step()
        if step in (500, 2000):
            with torch.no_grad():
                scores.append(1 - (F.mse_loss(model(features), target) / target.var()).item())
    return scores[0], scores[1]


def seed_tanh_sgd() -> None:
    """The seed's data (y = 2 x0 + 3 x1, x0 up to 100, ~200) with standardized
    features, fitted raw and standardized by a Tanh MLP 2-8-1 with SGD at lr 0.01,
    momentum 0.9, 50 full-batch steps (fixtures/tl002/clean_seed_sub_div_methods.py)."""
    generator = torch.Generator().manual_seed(11)
    features = torch.rand(100, 2, generator=generator)
    features[:, 0] *= 100
    raw = (2 * features[:, 0] + 3 * features[:, 1]).reshape(-1, 1)
    features = (features - features.mean(0)) / features.std(0)
    print("| seed's target, Tanh 2-8-1, SGD lr 0.01 momentum 0.9, 50 steps | R² |")
    print("|---|---:|")
    for name, target in (("raw (~200)", raw), ("standardized", (raw - raw.mean()) / raw.std())):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        for _ in range(50):
            optimizer.zero_grad()
            loss = F.mse_loss(model(features), target)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            print(f"| {name} | {1 - (F.mse_loss(model(features), target) / target.var()).item():.3f} |")
    print()


def target_scale() -> None:
    generator = torch.Generator().manual_seed(0)
    features = torch.randn(512, 4, generator=generator)
    base = torch.sin(2 * features[:, :1]) + 0.5 * features[:, 1:2] - 0.3 * features[:, 2:3] * features[:, 3:4]
    base = (base - base.mean()) / base.std()
    targets = {"~1 (standardized)": base, "~100": 100 + 20 * base, "~1,000": 1000 + 200 * base, "~100,000": 1e5 + 2e4 * base}
    seed_tanh_sgd()
    print("| target | optimizer | lr | R² after 500 steps | R² after 2,000 steps |")
    print("|---|---|---:|---:|---:|")
    for optimizer_name, lr in (("Adam", 0.1), ("Adam", 0.01), ("Adam", 0.001), ("SGD", 0.01), ("SGD", 0.001)):
        for name, values in targets.items():
            early, late = target_r2(features, values, optimizer_name, lr)
            print(f"| {name} | {optimizer_name} | {lr} | {early:.3g} | {late:.3g} |")


def main() -> None:
    torch.set_num_threads(1)
    if "--target" in sys.argv[1:]:
        target_scale()
        return
    if "--pixels" in sys.argv[1:]:
        pixels()
        return
    if "--linear" in sys.argv[1:]:
        linear()
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
