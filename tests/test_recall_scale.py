"""TL002's scale evidence in a single feature: values far from unit scale by
their size alone, and 8-bit pixels made float; what the message says depends
on the optimizer that trains on them (benchmarks/static_scale_effect.py and
docs/runtime-scale.md hold the measurements). And frames that pd.get_dummies
or pd.concat rebuilt, whose named columns keep their measured magnitudes."""

from __future__ import annotations

from typing import List

from torchlint.core.api import pandas_
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import Array, Const
from torchlint.engine import Selection, lint_text
from torchlint.rules.tl002_unnormalized_features import FAR_FROM_UNIT, _approx

TRAINING = """
import numpy as np
import torch
import torch.nn as nn

{data}
model = nn.Sequential(nn.Linear({width}, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.{optimizer}(model.parameters(), lr=0.01)
target = torch.randn(200, 1)
for epoch in range(100):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), target)
    loss.backward()
    optimizer.step()
"""


def tl002(data: str, optimizer: str = "SGD", width: int = 1) -> List[str]:
    text = TRAINING.format(data=data, optimizer=optimizer, width=width)
    return [d.message for d in lint_text(text, "train.py", Selection()) if d.code == "TL002"]


def test_one_feature_from_uniform_thousand_is_reported_with_sgd_effect():
    (message,) = tl002("x = torch.tensor(np.random.uniform(-1000, 1000, (200, 1)), dtype=torch.float32)")
    assert "their values are ~1000 (np.random.uniform at line 6)" in message
    assert "~1e+06 times as much as for a unit-scale feature" in message
    assert "plain SGD" in message and "Adam" not in message


def test_adaptive_optimizer_gets_its_own_measured_effect():
    (message,) = tl002("x = torch.linspace(1.7e9, 1.73e9, 200).unsqueeze(1)", optimizer="RMSprop")
    assert "~1.7e+09" in message
    assert "RMSprop sizes each weight's step itself" in message
    assert "plain SGD" not in message


def test_values_below_the_bound_are_no_evidence():
    assert FAR_FROM_UNIT == 50.0
    assert tl002("x = torch.tensor(np.random.uniform(0, 40, (200, 1)), dtype=torch.float32)") == []


def test_large_values_standardized_on_the_way_are_silent():
    data = "raw = torch.rand(200, 1) * 5000\nx = (raw - raw.mean(0)) / raw.std(0)"
    assert tl002(data) == []


def test_integer_range_made_float_keeps_its_integer_range_message():
    (message,) = tl002("x = torch.arange(200).float().unsqueeze(1)")
    assert "integer range" in message


def test_uint8_pixels_made_float_with_sgd_cite_the_cnn_measurement():
    data = (
        "images = np.random.randint(0, 256, size=(200, 4), dtype=np.uint8)\n"
        "x = torch.from_numpy(images).float()"
    )
    (message,) = tl002(data, width=4)
    assert "uint8 pixel values 0..255 from np.random.randint, made float (line 6)" in message
    assert "45% accuracy" in message and "divide the pixels by 255" in message


def test_uint8_pixels_made_float_with_adam_are_silent():
    data = (
        "images = np.random.randint(0, 256, size=(200, 4), dtype=np.uint8)\n"
        "x = torch.from_numpy(images).float()"
    )
    assert tl002(data, optimizer="Adam", width=4) == []


def test_uint8_pixels_divided_in_place_are_silent():
    data = (
        "images = torch.randint(0, 256, (200, 4), dtype=torch.uint8)\n"
        "x = images.float()\n"
        "x.div_(255)"
    )
    assert tl002(data, width=4) == []


def test_sizes_print_readably():
    assert _approx(1.73e9) == "1.7e+09"
    assert _approx(1000.0) == "1000"
    assert _approx(0.48) == "0.48"


def test_get_dummies_keeps_the_named_columns_first_and_leaves_the_width_unknown():
    source = Array(
        kind="frame",
        shape=("N", 3),
        columns=("mpg", "weight", "origin"),
        scale=Scale(columns=(Magnitude(23.0, "mpg", None), Magnitude(3109.0, "weight", None), Magnitude(2.0, "origin", None))),
    )
    encoded = pandas_.leading_columns(["mpg", "weight"], source.scale.columns[:2], None, (source,))
    assert encoded.columns == ("mpg", "weight")
    assert encoded.shape == ("N", None)  # the one-hot columns after them: how many is not known
    remaining = pandas_.without(encoded, ("mpg",), None)
    assert remaining.columns == ("weight",) and remaining.shape == ("N", None)
    written = pandas_.written(encoded, (Const("new"),), None, None)
    assert written.columns == ("mpg", "weight")  # a new column goes after the unknown ones: not named here


MNIST_LOADER = """
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from torchvision.transforms import v2

transform = {transform}
loader = DataLoader(datasets.MNIST("data", train=True, transform=transform), batch_size=64)
model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for images, labels in loader:
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(images.float()), labels)
    loss.backward()
    optimizer.step()
"""


def mnist_findings(transform: str) -> List[str]:
    text = MNIST_LOADER.format(transform=transform)
    return [d.message for d in lint_text(text, "train.py", Selection()) if d.code == "TL002"]


def test_transforms_that_leave_pixels_at_0_to_255_are_reported():
    made_float = "uint8 pixel values 0..255 from MNIST images, made float (line 9)"
    for transform, evidence in (
        ("transforms.PILToTensor()", made_float),
        ("transforms.Compose([transforms.Resize(32), transforms.PILToTensor()])", made_float),
        ("v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32)])", made_float),
        # Normalize's constants made for [0, 1]: 0..255 made -1..509.
        (
            "v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32), v2.Normalize((0.5,), (0.5,))])",
            "~257 (Normalize for values in [0, 1] applied to uint8 pixel values 0..255, never divided by 255 at line 9)",
        ),
    ):
        (message,) = mnist_findings(transform)
        assert evidence in message, transform
        assert "divide the pixels by 255" in message, transform


def test_transforms_that_scale_or_normalize_pixels_are_silent():
    for transform in (
        "transforms.ToTensor()",
        "v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])",
        "transforms.Compose([transforms.PILToTensor(), transforms.ConvertImageDtype(torch.float)])",
        # Normalize with the data's own constants (MNIST's mean and std of 0..255 pixels) normalizes them.
        "v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32), v2.Normalize((33.3,), (78.6,))])",
        "transforms.Compose([transforms.PILToTensor(), transforms.Lambda(lambda x: x / 255)])",
        "None",
    ):
        assert mnist_findings(transform) == [], transform
