"""The run-time feature-scale check (check 2) on real small CPU training:
every kind of input measured where it meets the first weight layer, and no
report on data that is scaled as it should be."""

from __future__ import annotations

import warnings
from typing import List, Tuple

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import torchlint.runtime as runtime  # noqa: E402
from torchlint.runtime.features import FeatureWatch  # noqa: E402
from torchlint.runtime.scales import Scales, describe, statistics  # noqa: E402


@pytest.fixture(autouse=True)
def checks_off_after_each_test():
    yield
    runtime.disable()


def first_batch(model: nn.Module, batch: torch.Tensor) -> Tuple[List[str], runtime.Session]:
    """One training step of ``model`` on ``batch`` with the checks on (warn mode): the scale messages and the session."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with runtime.enabled(mode="warn") as session:
            model(batch).float().pow(2).mean().backward()
    return [str(w.message) for w in caught if w.category is runtime.TorchlintRuntimeWarning], session


def mlp(features: int) -> nn.Module:
    return nn.Sequential(nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, 1))


def cnn(channels: int = 1) -> nn.Module:
    return nn.Sequential(nn.Conv2d(channels, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 1))


class Recurrent(nn.Module):
    def __init__(self, features: int) -> None:
        super().__init__()
        self.lstm = nn.LSTM(features, 8, batch_first=True)
        self.head = nn.Linear(8, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.lstm(x)[0][:, -1])


def standardize(values: torch.Tensor) -> torch.Tensor:
    return (values - values.mean(0)) / values.std(0)


def digit_like_pixels(rows: int, generator: torch.Generator) -> torch.Tensor:
    """Like sklearn's digits: 64 pixel columns in 0..16, the border ones almost always 0."""
    ink = torch.rand(1, 64, generator=generator) ** 3  # how often each pixel is inked: many near never
    inked = torch.rand(rows, 64, generator=generator) < ink
    return inked * torch.randint(1, 17, (rows, 64), generator=generator).float()


# ------------------------------------------------------------------ misses of the old 2-D check


def test_raw_pixels_into_a_conv_net_are_reported_per_channel_with_the_pixel_fix() -> None:
    pixels = torch.randint(0, 256, (32, 3, 12, 12)).float()
    messages, session = first_batch(cnn(3), pixels)
    (message,) = messages
    assert "Conv2d `0`, the model's first layer with weights" in message
    assert "input (32, 3, 12, 12)" in message
    assert "channel 0 has values 0 to 255" in message
    assert "divide 8-bit pixels by 255" in message and "transforms.Normalize" in message
    mean_square = pixels.square().mean().item()
    assert f"{float(f'{mean_square:.3g}'):,.0f} times as far" in message
    assert session.findings[0].check == "feature-scale"


@pytest.mark.parametrize("centre", [2048.0, 128.0])  # 12-bit ADC counts; 8-bit audio, in 0..255 as pixels are
def test_raw_signal_counts_into_conv1d_get_a_per_channel_fix_not_the_pixel_one(centre: float) -> None:
    signals = (centre + centre / 5 * torch.randn(16, 2, 100)).clamp(0, 2 * centre - 1)
    model = nn.Sequential(nn.Conv1d(2, 4, 5), nn.ReLU(), nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(4, 1))
    (message,), _ = first_batch(model, signals)
    assert "Conv1d `0`" in message and "channel 0 has values" in message and "channel 1 has values" in message
    assert "Standardize each channel" in message and "255" not in message


def test_pressure_beside_temperature_in_a_sequence_is_reported_per_last_dim_feature() -> None:
    sequence = torch.stack([101325 + 800 * torch.randn(16, 24), 20 + 5 * torch.randn(16, 24)], dim=2)
    (message,), _ = first_batch(Recurrent(2), sequence)
    assert "LSTM `lstm`" in message and "features in its last dim" in message
    assert "feature 0 has values" in message and "far from unit scale" in message
    assert "while feature 1 has values" in message
    assert "StandardScaler fitted on the training split only" in message


def test_attention_first_is_measured_on_its_query_not_on_what_comes_out() -> None:
    class Attending(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = nn.MultiheadAttention(2, 1, batch_first=True)
            self.head = nn.Linear(2, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.attention(x, x, x)[0])

    sequence = torch.stack([torch.randn(8, 6), torch.randn(8, 6)], dim=2)
    messages, session = first_batch(Attending(), sequence)
    assert messages == [] and session.checked["feature_batches"] == 1
    sequence[..., 0] += 101325
    (message,), _ = first_batch(Attending(), sequence)
    assert message.startswith("MultiheadAttention `attention`") and "feature 0 has values" in message


def test_a_packed_sequence_is_measured_on_its_data() -> None:
    sequence = torch.stack([101325 + 800 * torch.randn(8, 5), torch.randn(8, 5)], dim=2)
    lstm = nn.LSTM(2, 3, batch_first=True)

    class Packed(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = lstm

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            packed = nn.utils.rnn.pack_padded_sequence(x, [5] * 8, batch_first=True)
            return self.lstm(packed)[1][0]

    (message,), _ = first_batch(Packed(), sequence)
    assert "LSTM `lstm`" in message and "input (40, 2)" in message and "column 0 has values" in message


@pytest.mark.parametrize(
    "column, name",
    [
        (1.7e9 + torch.randint(0, 30_000_000, (64,)).double(), "a unix timestamp"),
        (torch.randperm(1000)[:64].float(), "an arange(1000) index"),
    ],
)
def test_a_single_column_far_from_unit_scale_is_reported(column: torch.Tensor, name: str) -> None:
    batch = torch.cat([torch.randn(64, 3), column.float()[:, None]], dim=1)
    (message,), _ = first_batch(mlp(4), batch)
    far = message.split(": far from unit scale")[0]
    assert "column 3 has values" in far, name
    assert "column 0" not in far and "column 1" not in far and "column 2" not in far


def test_columns_on_scales_a_hundred_times_apart_are_reported_below_the_far_threshold() -> None:
    batch = torch.stack([20 + 5 * torch.randn(64), 0.05 * torch.rand(64)], dim=1)
    (message,), _ = first_batch(mlp(2), batch)
    assert "column 0 has values" in message and "while column 1 has values" in message
    assert "median magnitudes" in message and "far from unit scale" not in message


def test_the_seed_example_column_scaled_by_100_is_still_reported() -> None:
    generator = torch.Generator().manual_seed(42)
    batch = torch.rand(100, 2, generator=generator) * torch.tensor([100.0, 1.0])
    (message,), _ = first_batch(nn.Linear(2, 1), batch)
    assert message.startswith("Linear, the model's first layer with weights")
    assert "column 0 has values" in message and "column 1" in message


# ------------------------------------------------------------------ false alarms of the old check


@pytest.mark.parametrize("seed", range(5))
def test_standardized_near_constant_columns_are_not_reported(seed: int) -> None:
    generator = torch.Generator().manual_seed(seed)
    pixels = digit_like_pixels(1800, generator)
    informative = pixels[:, pixels.std(0) > 0]
    rows = torch.randperm(1800, generator=generator)[:128]
    messages, session = first_batch(mlp(informative.shape[1]), standardize(informative)[rows])
    assert messages == [] and session.checked["feature_batches"] == 1


def test_pixels_divided_by_16_are_not_reported() -> None:
    pixels = digit_like_pixels(256, torch.Generator().manual_seed(0))
    messages, session = first_batch(mlp(64), pixels / 16)
    assert messages == [] and session.checked["feature_batches"] == 1


def test_standardized_columns_beside_one_hot_columns_are_not_reported() -> None:
    numeric = standardize(torch.randn(128, 5) * torch.tensor([1.0, 10.0, 100.0, 0.1, 3.0]))
    # A rare level: its column holds a single 1 (std 0.09 in this batch, beside stds of 1).
    levels = torch.tensor([0] * 100 + [1] * 20 + [2] * 5 + [3] * 2 + [4])[torch.randperm(128)]
    one_hot = F.one_hot(levels, 6).float()
    binary = torch.randint(0, 2, (128, 1)).float()
    messages, session = first_batch(mlp(12), torch.cat([numeric, one_hot, binary], dim=1))
    assert messages == [] and session.checked["feature_batches"] == 1


def test_one_outlier_row_of_a_standardized_column_is_not_reported() -> None:
    batch = torch.randn(16, 4)
    batch[3, 2] = 120.0  # sklearn's California housing has a standardized AveOccup of 119
    messages, _ = first_batch(mlp(4), batch)
    assert messages == []


def test_normalized_images_are_not_reported() -> None:
    pixels = torch.randint(0, 256, (32, 3, 12, 12)).float() / 255
    mean, std = pixels.mean(dim=(0, 2, 3), keepdim=True), pixels.std(dim=(0, 2, 3), keepdim=True)
    assert first_batch(cnn(3), (pixels - mean) / std)[0] == []
    assert first_batch(cnn(3), pixels)[0] == []  # ToTensor's [0, 1] without Normalize is fine too


@pytest.mark.parametrize("norm", [nn.BatchNorm1d, nn.LayerNorm])
def test_a_normalization_first_layer_counts_as_normalization(norm: type) -> None:
    raw = torch.rand(64, 3) * torch.tensor([1.0, 1000.0, 1e5])
    model = nn.Sequential(norm(3), nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    messages, session = first_batch(model, raw)
    assert messages == [] and session.checked["feature_batches"] == 0


def test_scaling_inside_forward_is_what_gets_measured() -> None:
    class Scaled(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(1, 4, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.conv(x / 255).mean(dim=(1, 2, 3))

    messages, session = first_batch(Scaled(), torch.randint(0, 256, (8, 1, 10, 10)).float())
    assert messages == [] and session.checked["feature_batches"] == 1


def test_an_embedding_first_model_is_not_measured_and_its_hooks_go() -> None:
    from torch.nn.modules import module

    model = nn.Sequential(nn.Embedding(100, 8), nn.Linear(8, 1))
    messages, session = first_batch(model, torch.randint(0, 100, (16, 5)))
    assert messages == [] and session.checked["feature_batches"] == 0
    runtime.enable(mode="warn")
    model(torch.randint(0, 100, (16, 5))).sum().backward()
    # The feature watch is gone (the dtype watch stays until the next layer call after a step).
    assert not any(isinstance(getattr(hook, "__self__", None), FeatureWatch) for hook in module._global_forward_pre_hooks.values())


# ------------------------------------------------------------------ the measurement itself


def test_the_measurement_changes_nothing_in_training() -> None:
    pixels = torch.randint(0, 256, (16, 1, 8, 8)).float()
    targets = torch.randn(16, 1)

    def train() -> List[torch.Tensor]:
        torch.manual_seed(0)
        model = cnn(1)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-5)
        for _ in range(5):
            optimizer.zero_grad()
            F.mse_loss(model(pixels), targets).backward()
            optimizer.step()
        return [parameter.detach().clone() for parameter in model.parameters()]

    plain = train()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with runtime.enabled(mode="warn") as session:
            checked = train()
    assert [finding.check for finding in session.findings] == ["feature-scale"]
    assert all(torch.equal(a, b) for a, b in zip(plain, checked))


def test_vmap_batches_are_not_read_and_the_next_plain_batch_is_measured() -> None:
    from torch.func import functional_call, grad, vmap

    model = mlp(2)
    parameters = {name: value.detach() for name, value in model.named_parameters()}
    batch = torch.stack([torch.arange(16.0) * 100, torch.randn(16)], dim=1)

    def loss(params: dict, row: torch.Tensor) -> torch.Tensor:
        return functional_call(model, params, (row.unsqueeze(0),)).pow(2).mean()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with runtime.enabled(mode="warn") as session:
            per_sample = vmap(grad(loss), in_dims=(None, 0))(parameters, batch)
            assert session.checked["feature_batches"] == 0
            model(batch).sum().backward()
    assert per_sample["0.weight"].shape == (16, 16, 2)
    assert session.checked["feature_batches"] == 1
    assert [str(w.message) for w in caught if "column 0 has values" in str(w.message)]


def test_an_empty_first_batch_is_skipped_and_the_next_one_measured() -> None:
    model = mlp(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with runtime.enabled(mode="warn") as session:
            model(torch.empty(0, 2)).sum().backward()
            assert session.checked["feature_batches"] == 0
            model(torch.rand(8, 2) * 1000).sum().backward()
    assert session.checked["feature_batches"] == 1
    assert any("column 0 has values" in str(w.message) for w in caught)


def test_the_nonfinite_report_names_the_scale_problem_as_a_cause() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with runtime.enabled(mode="warn") as session:
            nn.Linear(2, 1)(torch.tensor([[1e30, 1.0], [3e30, 2.0], [2e30, 0.5]])).pow(2).sum().backward()
    assert session.feature_scales is not None and session.feature_scales.startswith("un-normalized input to Linear")


def test_statistics_skip_constant_and_two_valued_features() -> None:
    batch = torch.stack([torch.full((32,), 500.0), torch.randint(0, 2, (32,)).float() * 1000, torch.randn(32)], dim=1)
    scales = Scales.of(statistics(batch, 1).tolist())
    assert [feature.index for feature in scales.features] == [2]
    assert describe(scales, "column") is None


def test_a_compiled_model_is_measured_only_when_its_first_layer_is_known() -> None:
    class Custom(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear = nn.Linear(2, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.linear(x)

    raw = torch.stack([torch.arange(16.0) * 100, torch.randn(16)], dim=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's note on global hooks and torch.compile
        sequential = first_batch(torch.compile(nn.Sequential(nn.Linear(2, 4), nn.ReLU()), backend="eager"), raw)
        custom = first_batch(torch.compile(Custom(), backend="eager"), raw)
    (message,), session = sequential
    assert message.startswith("Linear `0`") and session.checked["feature_batches"] == 1
    assert custom[0] == [] and custom[1].checked["feature_batches"] == 0
