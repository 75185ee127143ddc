"""False alarms and recall of the run-time feature-scale check (check 2).

Random first batches of properly scaled data must not be reported; batches of
un-normalized data must be. Each case draws random first batches of 16, 32,
64, 128 and 256 rows (without replacement; all rows when a dataset is
smaller), runs one training step of a small model on each with the checks on
(warn mode, the real hooks), and counts the batches reported.

Properly scaled: sklearn's bundled datasets (iris, wine, breast cancer,
digits, diabetes, linnerud) after StandardScaler and after MinMaxScaler;
digits / 16; MNIST-shaped images (digits upsampled to 28x28) after
Normalize, as [0, 1] pixels (ToTensor alone), into a conv net and flattened
into an MLP; standardized columns beside one-hot columns; a BatchNorm1d first
layer on raw columns (TabNet-style). Un-normalized: raw 8-bit pixels, raw
12-bit ADC signals into Conv1d, a unix-timestamp column, pressure (~1e5 Pa)
beside temperature (~20 C) into an LSTM, an ``arange`` row-index column, raw
wine and breast cancer (columns in the hundreds beside columns below 1).

    pip install scikit-learn    # the datasets; torchlint itself does not need it
    python benchmarks/runtime_scale_false_alarms.py [--draws 100]
"""

from __future__ import annotations

import argparse
import warnings
from typing import Callable, Dict, List, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import torchlint.runtime as runtime

BATCH_SIZES = (16, 32, 64, 128, 256)
Case = Tuple[np.ndarray, Callable[[int], nn.Module]]


def mlp(features: int) -> nn.Module:
    return nn.Sequential(nn.Linear(features, 32), nn.ReLU(), nn.Linear(32, 1))


def tabnet_style(features: int) -> nn.Module:
    return nn.Sequential(nn.BatchNorm1d(features), nn.Linear(features, 32), nn.ReLU(), nn.Linear(32, 1))


def cnn(channels: int) -> nn.Module:
    return nn.Sequential(nn.Conv2d(channels, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 1))


def conv1d(channels: int) -> nn.Module:
    return nn.Sequential(nn.Conv1d(channels, 8, 5), nn.ReLU(), nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(8, 1))


class Recurrent(nn.Module):
    def __init__(self, features: int) -> None:
        super().__init__()
        self.lstm = nn.LSTM(features, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.lstm(x)[0][:, -1])


def tabular(data: np.ndarray) -> Case:
    return data.astype(np.float32), lambda _: mlp(data.shape[1])


def standardized(data: np.ndarray) -> np.ndarray:
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(data)


def min_max(data: np.ndarray) -> np.ndarray:
    from sklearn.preprocessing import MinMaxScaler

    return MinMaxScaler().fit_transform(data)


def mnist_shaped(pixels_0_to_1: np.ndarray) -> np.ndarray:
    """sklearn's 8x8 digits upsampled to MNIST's (N, 1, 28, 28)."""
    images = torch.tensor(pixels_0_to_1, dtype=torch.float32).reshape(-1, 1, 8, 8)
    return F.interpolate(images, size=(28, 28), mode="bilinear", align_corners=False).clamp(0, 1).numpy()


def one_hot_mix(numeric: np.ndarray, random: np.random.RandomState) -> np.ndarray:
    levels = (2, 3, 5, 10)
    codes = [np.eye(count)[random.randint(count, size=len(numeric))] for count in levels]
    return np.concatenate([standardized(numeric)] + codes, axis=1)


def cases() -> Tuple[Dict[str, Case], Dict[str, Case]]:
    from sklearn import datasets

    random = np.random.RandomState(0)
    loaded = {
        "iris": datasets.load_iris().data,
        "wine": datasets.load_wine().data,
        "breast cancer": datasets.load_breast_cancer().data,
        "digits": datasets.load_digits().data,
        "diabetes": datasets.load_diabetes().data,
        "linnerud": datasets.load_linnerud().data,
    }
    scaled: Dict[str, Case] = {}
    for name, data in loaded.items():
        scaled[f"{name}, StandardScaler"] = tabular(standardized(data))
        scaled[f"{name}, MinMaxScaler"] = tabular(min_max(data))
    digits = loaded["digits"]
    scaled["digits / 16"] = tabular(digits / 16)
    scaled["diabetes as shipped (already scaled)"] = tabular(loaded["diabetes"])
    scaled["iris raw (0.1 to 7.9 cm)"] = tabular(loaded["iris"])
    images = mnist_shaped(digits / 16)
    mean, std = images.mean(), images.std()
    scaled["MNIST-shaped, Normalize, CNN"] = ((images - mean) / std, cnn)
    scaled["MNIST-shaped, ToTensor [0, 1], CNN"] = (images, cnn)
    scaled["MNIST-shaped, Normalize, flattened MLP"] = tabular(((images - mean) / std).reshape(len(images), -1))
    scaled["MNIST-shaped, ToTensor [0, 1], flattened MLP"] = tabular(images.reshape(len(images), -1))
    scaled["breast cancer standardized + one-hot"] = tabular(one_hot_mix(loaded["breast cancer"], random))
    scaled["wine standardized + one-hot"] = tabular(one_hot_mix(loaded["wine"], random))
    scaled["BatchNorm1d first, raw wine"] = (loaded["wine"].astype(np.float32), lambda _: tabnet_style(13))
    scaled["BatchNorm1d first, raw breast cancer"] = (loaded["breast cancer"].astype(np.float32), lambda _: tabnet_style(30))

    bugs: Dict[str, Case] = {}
    bugs["raw 8-bit pixels, CNN"] = (images * 255, cnn)
    bugs["raw 8-bit pixels, flattened MLP"] = tabular((images * 255).reshape(len(images), -1))
    color = random.randint(0, 256, size=(1000, 3, 16, 16)).astype(np.float32)
    bugs["raw 8-bit RGB noise images, CNN"] = (color, cnn)
    signals = 2048 + 300 * np.sin(np.linspace(0, 20, 128))[None, None, :] + random.randn(1000, 2, 128) * 50
    bugs["raw 12-bit ADC signals, Conv1d"] = (signals.astype(np.float32), conv1d)
    numeric = standardized(loaded["breast cancer"])
    timestamps = 1.7e9 + random.randint(0, 3e7, size=(len(numeric), 1))
    bugs["standardized + unix timestamp"] = tabular(np.concatenate([numeric, timestamps], axis=1))
    steps = np.arange(1000)[:, None].astype(np.float64)
    bugs["arange(1000) index + standardized"] = tabular(np.concatenate([steps, random.randn(1000, 3)], axis=1))
    pressure = 101325 + random.randn(1000, 24, 1) * 800
    temperature = 20 + random.randn(1000, 24, 1) * 5
    weather = np.concatenate([pressure, temperature], axis=2).astype(np.float32)
    bugs["pressure beside temperature, LSTM"] = (weather, lambda _: Recurrent(2))
    bugs["raw wine"] = tabular(loaded["wine"])
    bugs["raw breast cancer"] = tabular(loaded["breast cancer"])
    return scaled, bugs


def reported(data: np.ndarray, make: Callable[[int], nn.Module], rows: int, random: np.random.RandomState) -> Tuple[bool, bool]:
    """One training step on a random first batch: (reported, measured)."""
    batch = torch.tensor(data[random.choice(len(data), size=min(rows, len(data)), replace=False)])
    model = make(data.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with runtime.enabled(mode="warn") as session:
            model(batch).float().pow(2).mean().backward()
    return bool(session.findings), session.checked["feature_batches"] == 1


def rates(named: Dict[str, Case], draws: int, random: np.random.RandomState) -> List[Tuple[str, List[float], int]]:
    """Per case: the share of batches reported at each batch size, and how many batches were not measured."""
    table = []
    for name, (data, make) in named.items():
        shares, unmeasured = [], 0
        for rows in BATCH_SIZES:
            results = [reported(data, make, rows, random) for _ in range(draws)]
            shares.append(sum(found for found, _ in results) / draws)
            unmeasured += sum(not measured for _, measured in results)
        table.append((name, shares, unmeasured))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100, help="random first batches per case and batch size")
    draws = parser.parse_args().draws
    torch.manual_seed(0)
    random = np.random.RandomState(1)
    scaled, bugs = cases()
    header = "| case | " + " | ".join(f"batch {rows}" for rows in BATCH_SIZES) + " |"
    rule = "|---|" + "---:|" * len(BATCH_SIZES)
    titles = ("Properly scaled: share of first batches reported (false alarms)", "Un-normalized: share reported (recall)")
    for title, named in zip(titles, (scaled, bugs)):
        table = rates(named, draws, random)
        print(f"\n{title}, {draws} random first batches per cell\n\n{header}\n{rule}")
        for name, shares, unmeasured in table:
            # Not measured: the first weight layer is behind a BatchNorm (which is the point there).
            note = f" ({unmeasured} not measured)" if unmeasured else ""
            print(f"| {name}{note} | " + " | ".join(f"{share:.0%}" for share in shares) + " |")
        overall = sum(sum(shares) for _, shares, _ in table) / (len(table) * len(BATCH_SIZES))
        print(f"\noverall: {overall:.2%} of {len(table) * len(BATCH_SIZES) * draws} batches")


if __name__ == "__main__":
    main()
