"""The runtime checks under torch.func transforms: shapes only, never the data."""

from __future__ import annotations

import copy

import pytest

torch = pytest.importorskip("torch")

from torch.func import functional_call, grad, stack_module_state, vmap  # noqa: E402

import torchlint.runtime  # noqa: E402
from torchlint.runtime.transforms import data_readable  # noqa: E402


def test_plain_tensor_is_readable() -> None:
    assert data_readable(torch.ones(3))
    assert data_readable(torch.nn.Parameter(torch.ones(3)))


def test_meta_and_fake_tensors_are_not_readable() -> None:
    from torch._subclasses.fake_tensor import FakeTensorMode

    assert not data_readable(torch.ones(3, device="meta"))
    with FakeTensorMode():
        fake = torch.ones(3)
    assert not data_readable(fake)


def test_tensors_inside_vmap_and_grad_are_not_readable() -> None:
    seen = []

    def probe(x: torch.Tensor) -> torch.Tensor:
        seen.append(data_readable(x))
        return x.sum()

    vmap(probe)(torch.ones(4, 3))
    grad(probe)(torch.ones(3))
    assert seen == [False, False]


class Net(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = torch.nn.Linear(8, 16)
        self.fc2 = torch.nn.Linear(16, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))


def test_per_sample_gradients_recipe_runs_under_the_checks() -> None:
    # PyTorch's per-sample-gradients tutorial: vmap(grad(loss of functional_call)).
    torch.manual_seed(0)
    model = Net()
    data, targets = torch.randn(16, 8), torch.randint(0, 4, (16,))
    params = {name: p.detach() for name, p in model.named_parameters()}

    def loss_of(params: dict, sample: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        prediction = functional_call(model, params, (sample.unsqueeze(0),))
        return torch.nn.functional.cross_entropy(prediction, target.unsqueeze(0))

    plain = vmap(grad(loss_of), in_dims=(None, 0, 0))(params, data, targets)
    with torchlint.runtime.enabled() as session:
        checked = vmap(grad(loss_of), in_dims=(None, 0, 0))(params, data, targets)
    assert all(torch.equal(plain[name], checked[name]) for name in plain)
    assert session.findings == []


def test_model_ensembling_recipe_runs_under_the_checks() -> None:
    # PyTorch's model-ensembling tutorial: vmap over stacked parameters.
    torch.manual_seed(0)
    models = [Net() for _ in range(3)]
    params, buffers = stack_module_state(models)
    base = copy.deepcopy(models[0]).to("meta")
    batch = torch.randn(16, 8)

    def run_one(params: dict, buffers: dict, x: torch.Tensor) -> torch.Tensor:
        return functional_call(base, (params, buffers), (x,))

    plain = vmap(run_one, in_dims=(0, 0, None))(params, buffers, batch)
    with torchlint.runtime.enabled() as session:
        checked = vmap(run_one, in_dims=(0, 0, None))(params, buffers, batch)
        loss = torch.nn.functional.mse_loss(checked, torch.zeros_like(checked))
        loss.backward()
    assert torch.equal(plain, checked)
    assert session.findings == []
