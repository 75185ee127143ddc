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
RMSprop, Adagrad, Adadelta and AdamW, 300 steps of batch 64. ``--mlp-pixels``
measures the same digits, raw and / 255, in an MLP (a Linear layer first) with
Adam, RMSprop and AdamW, 5 seeds: where raw pixels are a finding with them.

``--long`` measures one feature of ~90 and of ~1,000 in a Tanh MLP with Adam at
lr 1e-3 after 500, 5,000 and 20,000 steps: when a long training at a fine lr
has rescaled the first layer itself (TL002's LONG_TRAINING). ``--long-target``
measures the ``--target`` MLP on targets of ~100 and ~1,000 with Adam at lr 1e-3
after 2,000, 20,000 and 50,000 steps, 2 seeds: when a long training reaches a raw
target's size by itself.

    python benchmarks/static_scale_effect.py
    python benchmarks/static_scale_effect.py --linear
    python benchmarks/static_scale_effect.py --target
    pip install scikit-learn && python benchmarks/static_scale_effect.py --pixels
    pip install scikit-learn && python benchmarks/static_scale_effect.py --mlp-pixels
    python benchmarks/static_scale_effect.py --long
    python benchmarks/static_scale_effect.py --long-target
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


def digit_accuracy(net, train_x, train_y, test_x, test_y, optimizer_name: str, lr: float, seed: int) -> float:
    """Test accuracy of ``net`` trained 300 steps of batch 64 on the digits given."""
    optimizer = getattr(torch.optim, optimizer_name)(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed + 1)
    for _ in range(300):
        index = torch.randint(len(train_x), (64,), generator=generator)
        loss = F.cross_entropy(net(train_x[index]), train_y[index])  # noqa: TL002 (raw pixels on purpose)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return (net(test_x).argmax(1) == test_y).float().mean().item()


def pixel_accuracy(train_x, train_y, test_x, test_y, optimizer_name: str, lr: float) -> float:
    from runtime_scale_effect import model  # the benchmark beside this one

    torch.manual_seed(0)
    return digit_accuracy(model(), train_x, train_y, test_x, test_y, optimizer_name, lr, 0)


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


def mlp_pixel_accuracy(train_x, train_y, test_x, test_y, optimizer_name: str, lr: float, seed: int) -> float:
    """An MLP (flattened pixels -> 128, ReLU -> 10) trained 300 steps of batch 64."""
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(train_x[0].numel(), 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return digit_accuracy(net, train_x, train_y, test_x, test_y, optimizer_name, lr, seed)


def mlp_pixels() -> None:
    """Raw pixels into an MLP with adaptive optimizers: sklearn's digits at
    8 x 8 (64 inputs) and enlarged 3 x to 24 x 24 (576 inputs, an MNIST-sized
    first layer), raw 0..255 against / 255, 5 seeds each (mean, and the worst)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    small = torch.tensor(digits.images, dtype=torch.float32) * (255 / 16)
    large = small.repeat_interleave(3, dim=1).repeat_interleave(3, dim=2)
    labels = torch.tensor(digits.target)
    print("| images | optimizer | lr | raw 0..255: test accuracy, mean (worst) | / 255: mean (worst) |")
    print("|---|---|---:|---:|---:|")
    for name, images in (("8 x 8", small), ("24 x 24", large)):
        train_x, test_x, train_y, test_y = images[:1400], images[1400:], labels[:1400], labels[1400:]
        for optimizer_name, lr in (("Adam", 0.001), ("Adam", 0.01), ("RMSprop", 0.001), ("AdamW", 0.001)):
            raw = [mlp_pixel_accuracy(train_x, train_y, test_x, test_y, optimizer_name, lr, seed) for seed in range(5)]
            unit = [mlp_pixel_accuracy(train_x / 255, train_y, test_x / 255, test_y, optimizer_name, lr, seed) for seed in range(5)]
            print(
                f"| {name} | {optimizer_name} | {lr} | {sum(raw) / 5:.1%} ({min(raw):.1%}) | {sum(unit) / 5:.1%} ({min(unit):.1%}) |"
            )


def long_training_loss(features: torch.Tensor, target: torch.Tensor, steps: int, seed: int) -> float:
    """A Tanh MLP (1-32-32-1, a PINN's shape) fitted with Adam at lr 1e-3, full batch."""
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(1, 32), torch.nn.Tanh(), torch.nn.Linear(32, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1)
    )
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.mse_loss(net(features), target)  # noqa: TL002 (a raw feature on purpose)
        loss.backward()
        optimizer.step()
    return loss.item()


def long_training() -> None:
    """One feature of ~90 (lr x size 0.09) and of ~1,000 (lr x size 1), raw
    against standardized, after 500, 5,000 and 20,000 Adam steps: the worse of
    2 seeds' losses on a standardized curved target (R² = 1 - loss)."""
    print("| feature | steps | raw: R² (worse of 2 seeds) | standardized: R² |")
    print("|---|---:|---:|---:|")
    for top in (90.0, 1000.0):
        raw = torch.linspace(0, top, ROWS).view(-1, 1)
        standardized = (raw - raw.mean()) / raw.std()
        target = torch.exp(-1.5 * (standardized + 1.7)) + 0.3 * torch.sin(3 * standardized)
        target = (target - target.mean()) / target.std()
        for steps in (500, 5000, 20000):
            raw_loss = max(long_training_loss(raw, target, steps, seed) for seed in range(2))
            unit_loss = max(long_training_loss(standardized, target, steps, seed) for seed in range(2))
            print(f"| linspace(0, {top:g}) | {steps:,} | {1 - raw_loss:.3f} | {1 - unit_loss:.4f} |")


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


def target_r2(
    features: torch.Tensor, target: torch.Tensor, optimizer_name: str, lr: float, checkpoints: Tuple[int, ...] = (500, 2000), seed: int = 0
) -> Tuple[float, ...]:
    """R² of the fit after each of ``checkpoints`` steps (nan once it diverged)."""
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1)]
    model = torch.nn.Sequential(*layers)
    optimizer = getattr(torch.optim, optimizer_name)(model.parameters(), lr=lr)
    scores = []
    for step in range(1, max(checkpoints) + 1):
        optimizer.zero_grad()
        loss = F.mse_loss(model(features), target)
        loss.backward()
        optimizer.step()
        if step in checkpoints:
            with torch.no_grad():
                scores.append(1 - (F.mse_loss(model(features), target) / target.var()).item())
    return tuple(scores)


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


def _target_data() -> Tuple[torch.Tensor, torch.Tensor]:
    """512 rows of 4 standardized features, and a standardized target curved in them."""
    generator = torch.Generator().manual_seed(0)
    features = torch.randn(512, 4, generator=generator)
    base = torch.sin(2 * features[:, :1]) + 0.5 * features[:, 1:2] - 0.3 * features[:, 2:3] * features[:, 3:4]
    return features, (base - base.mean()) / base.std()


def long_target() -> None:
    """Targets of ~100 and ~1,000 fitted with Adam at lr 1e-3 for up to 50,000
    steps, against the same target standardized: the worse R² of 2 seeds after
    2,000, 20,000 and 50,000 steps (when a long training at a fine lr reaches a
    raw target's size by itself)."""
    features, base = _target_data()
    checkpoints = (2000, 20000, 50000)
    print("| target | " + " | ".join(f"R² after {steps:,} steps (worse of 2 seeds)" for steps in checkpoints) + " |")
    print("|---|" + "---:|" * len(checkpoints))
    for name, values in (("~1 (standardized)", base), ("~100", 100 + 20 * base), ("~1,000", 1000 + 200 * base)):
        runs = [target_r2(features, values, "Adam", 1e-3, checkpoints, seed) for seed in range(2)]
        print(f"| {name} | " + " | ".join(f"{min(scores):.3f}" for scores in zip(*runs)) + " |")


def target_scale() -> None:
    features, base = _target_data()
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
    if "--long-target" in sys.argv[1:]:
        long_target()
        return
    if "--long" in sys.argv[1:]:
        long_training()
        return
    if "--mlp-pixels" in sys.argv[1:]:
        mlp_pixels()
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
