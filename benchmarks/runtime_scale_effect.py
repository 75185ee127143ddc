"""What un-normalized inputs do to training: the figures behind the run-time
feature-scale message (docs/runtime-scale.md).

A small CNN (Conv2d 1->8, Conv2d 8->16, Linear 16*2*2 -> 10) learns sklearn's
8x8 digits shown as 8-bit pixels (0..255), as pixels / 255, and after
Normalize (mean/std of the training images), with SGD (momentum 0.9) and Adam
at their usual learning rates, 300 steps of batch 64, same seed and batches.

    pip install scikit-learn
    python benchmarks/runtime_scale_effect.py
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits


def model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 2 * 2, 10),
    )


def train(images, labels, test, test_labels, optimizer_name: str, lr: float):
    """(last loss, test accuracy, first step with a non-finite loss or None)."""
    torch.manual_seed(0)
    net = model()
    if optimizer_name == "SGD":
        optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    else:
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(1)
    first_nan = None
    for step in range(1, 301):
        index = torch.randint(len(images), (64,), generator=generator)
        loss = F.cross_entropy(net(images[index]), labels[index])  # noqa: TL002 (raw pixels on purpose)
        if first_nan is None and not math.isfinite(loss.item()):
            first_nan = step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        accuracy = (net(test).argmax(1) == test_labels).float().mean().item()
    return loss.item(), accuracy, first_nan


def main() -> None:
    digits = load_digits()
    pixels = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) * (255 / 16)
    labels = torch.tensor(digits.target)
    train_pixels, test_pixels = pixels[:1400], pixels[1400:]
    train_labels, test_labels = labels[:1400], labels[1400:]
    scaled = train_pixels / 255
    mean, std = scaled.mean().item(), scaled.std().item()
    inputs = {
        "raw 0..255": (train_pixels, test_pixels),
        "/ 255": (train_pixels / 255, test_pixels / 255),
        "Normalize": ((train_pixels / 255 - mean) / std, (test_pixels / 255 - mean) / std),
    }
    print("| input | optimizer | lr | last loss | test accuracy | first NaN loss at step |")
    print("|---|---|---:|---:|---:|---:|")
    for optimizer_name, rates in (("SGD", (0.01, 0.001, 0.0001)), ("Adam", (0.001,))):
        for lr in rates:
            for name, (train_x, test_x) in inputs.items():
                loss, accuracy, first_nan = train(train_x, train_labels, test_x, test_labels, optimizer_name, lr)
                print(f"| {name} | {optimizer_name} | {lr:g} | {loss:.3g} | {accuracy:.1%} | {first_nan or '-'} |")


if __name__ == "__main__":
    main()
