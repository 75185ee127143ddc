"""The run-time checks on a real GPU: they add no device synchronization,
find what they find on the CPU, and leave training bit-identical.

Skipped where no CUDA device is present (CI has none); run on a GPU machine
with ``pytest tests/test_runtime_cuda.py``. Every training step here runs
under ``torch.cuda.set_sync_debug_mode("error")``, which raises on any call
that makes the host wait for the device (``.item()``, a blocking copy, ...).
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from typing import Iterator, List, Tuple

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import torchlint.runtime as runtime  # noqa: E402

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

STEPS = 250  # more than nonfinite_every (100): the loss buffer is read back twice


@pytest.fixture(autouse=True)
def checks_off_after_each_test() -> Iterator[None]:
    yield
    torch.cuda.set_sync_debug_mode(0)
    runtime.disable()


@contextlib.contextmanager
def no_device_sync() -> Iterator[None]:
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        yield
    finally:
        torch.cuda.set_sync_debug_mode(0)


def raw_pixel_classifier() -> Tuple[nn.Module, torch.Tensor, torch.Tensor]:
    """A small conv net and a batch of 8-bit-range images never scaled."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 14 * 14, 10)
    ).cuda()
    images = torch.randint(0, 256, (64, 1, 28, 28), device="cuda").float()
    labels = torch.randint(0, 10, (64,), device="cuda")
    return model, images, labels


def test_every_check_runs_without_a_device_sync() -> None:
    model, images, labels = raw_pixel_classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with no_device_sync():
            for _ in range(STEPS):
                optimizer.zero_grad()
                # softmax into cross_entropy: the probability check's first call
                loss = F.cross_entropy(torch.softmax(model(images), dim=1), labels)
                loss.backward()
                optimizer.step()
                F.mse_loss(model(images)[:, :1], labels[:, None].float())  # the shape check, shapes equal
    checks = sorted({finding.check for finding in session.findings})
    assert checks == ["feature-scale", "loss-activation"]
    assert session.checked["training_steps"] == STEPS
    (scale,) = [finding for finding in session.findings if finding.check == "feature-scale"]
    assert "Conv2d" in scale.message and "0 to 255" in scale.message


def test_nan_on_the_gpu_is_reported_with_its_exact_step() -> None:
    torch.manual_seed(0)
    model = nn.Linear(4, 1).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(32, 4, device="cuda"), torch.randn(32, 1, device="cuda")
    poison = torch.tensor(float("nan"), device="cuda")
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with no_device_sync():
            for step in range(1, STEPS + 1):
                optimizer.zero_grad()
                loss = F.mse_loss(model(x), y)
                if step == 137:
                    loss = loss * poison
                loss.backward()
                optimizer.step()
    (finding,) = [finding for finding in session.findings if finding.check == "non-finite-loss"]
    assert finding.step == 137 and "nan" in finding.message


def test_broadcast_target_raises_at_the_users_line_without_a_sync() -> None:
    model = nn.Linear(3, 1).cuda()
    x, y = torch.randn(16, 3, device="cuda"), torch.randn(16, device="cuda")
    runtime.enable()
    with no_device_sync(), pytest.raises(runtime.ShapeMismatchError) as raised:
        line = sys._getframe().f_lineno + 1
        F.mse_loss(model(x), y)
    assert raised.value.location.lineno == line
    assert "(16, 1)" in str(raised.value) and "(16,)" in str(raised.value)


def train_mlp() -> Tuple[List[torch.Tensor], dict]:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1)).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)  # small enough for the 300x column: no NaN
    x = torch.randn(128, 8, device="cuda") * torch.tensor([1.0] * 7 + [300.0], device="cuda")
    y = torch.randn(128, 1, device="cuda")
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    return losses, {key: value.clone() for key, value in model.state_dict().items()}


def test_training_on_the_gpu_is_bit_identical_with_checks_on() -> None:
    plain_losses, plain_state = train_mlp()
    again_losses, _ = train_mlp()
    assert torch.stack(plain_losses).isfinite().all()
    assert all(torch.equal(a, b) for a, b in zip(plain_losses, again_losses)), "plain GPU training is not repeatable"
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        checked_losses, checked_state = train_mlp()
    assert [finding.check for finding in session.findings] == ["feature-scale"]  # the 300x column
    assert all(torch.equal(a, b) for a, b in zip(plain_losses, checked_losses))
    assert all(torch.equal(plain_state[key], checked_state[key]) for key in plain_state)
