"""Correct training code the run-time checks must let through (issue 13),
and the real mismatches they must still stop."""

from __future__ import annotations

import sys
import threading
import warnings

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.checkpoint import checkpoint  # noqa: E402

import torchlint.runtime as runtime  # noqa: E402


@pytest.fixture(autouse=True)
def checks_off_after_each_test():
    yield
    runtime.disable()
    runtime.contracts.CONTRACTS.clear()


# ------------------------------------------------------------- loss shapes


def test_scalar_and_size_one_targets_pass() -> None:
    prediction = torch.randn(16, 1)
    expected = [F.mse_loss(prediction, torch.tensor(1.0)), F.mse_loss(prediction, torch.ones(1))]
    runtime.enable()
    assert [F.mse_loss(prediction, torch.tensor(1.0)), F.mse_loss(prediction, torch.ones(1))] == expected
    F.l1_loss(torch.randn(16, 4), torch.zeros(4))  # one target row for every prediction row


def test_rows_against_rows_still_raise() -> None:
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError, match=r"broadcast to \(16, 16\)"):
        F.mse_loss(torch.randn(16, 1), torch.randn(16))


def test_allow_broadcast_in_one_thread_does_not_silence_another() -> None:
    runtime.enable()
    inside, done = threading.Event(), threading.Event()

    def allowed() -> None:
        with runtime.allow_broadcast():
            inside.set()
            done.wait(10)

    thread = threading.Thread(target=allowed)
    thread.start()
    inside.wait(10)
    try:
        with pytest.raises(runtime.ShapeMismatchError):
            F.mse_loss(torch.randn(8, 1), torch.randn(8))
    finally:
        done.set()
        thread.join()


# ------------------------------------------------------------------ dtypes


class ConvertsItsInput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(3, 1)

    def forward(self, observation: torch.Tensor) -> torch.Tensor:
        return self.layer(observation.float())


def test_float64_input_that_the_model_converts_passes() -> None:
    model = ConvertsItsInput()
    runtime.enable()
    loss = model(torch.randn(5, 3, dtype=torch.float64)).sum()
    loss.backward()
    assert runtime.current().findings == []


def test_float64_reaching_a_float32_layer_inside_a_model_raises_at_the_users_line() -> None:
    model = nn.Sequential(nn.Identity(), nn.Linear(3, 1))
    runtime.enable()
    with pytest.raises(runtime.DtypeMismatchError, match=r"Linear got a float64 input.*\.float\(\)") as raised:
        line = sys._getframe().f_lineno + 1
        model(torch.randn(5, 3, dtype=torch.float64))
    assert raised.value.location.lineno == line


# --------------------------------------------------------------- contracts


class TwoHeads(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scores = nn.Linear(3, 10)
        self.boxes = nn.Linear(3, 4)

    def forward(self, x: torch.Tensor) -> tuple:
        return self.scores(x), self.boxes(x)


def test_contract_input_given_by_keyword() -> None:
    model = runtime.expect(nn.Linear(3, 1), input=("N", 3), output=("N", 1))
    runtime.enable()
    model(input=torch.randn(4, 3))
    with pytest.raises(runtime.ShapeContractError, match="input 0"):
        model(input=torch.randn(4, 5))


def test_contract_of_a_tuple_output() -> None:
    model = runtime.expect(TwoHeads(), input=("N", 3), output=(("N", 10), ("N", 4)))
    runtime.enable()
    model(torch.randn(6, 3))
    runtime.expect(model, input=("N", 3), output=(("N", 10), ("N", 5)))
    with pytest.raises(runtime.ShapeContractError, match=r"output 1 is \(6, 4\), expected \(N, 5\)"):
        model(torch.randn(6, 3))


def test_one_model_in_two_threads_with_different_batch_sizes() -> None:
    model = runtime.expect(nn.Linear(3, 1), input=("N", 3), output=("N", 1))
    runtime.enable()
    errors = []

    def calls(batch: int) -> None:
        try:
            for _ in range(300):
                model(torch.randn(batch, 3))
        except Exception as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=calls, args=(batch,)) for batch in (3, 5, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert runtime.current().checked["contract_calls"] == 900


# --------------------------------------------------------------- gradients


def train_with_zero_grad_kept(model: nn.Module, forward, steps: int = 8) -> list:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for step in range(steps):
            optimizer.zero_grad(set_to_none=False)
            forward(model, step).sum().backward()
            optimizer.step()
    return [str(w.message) for w in caught if w.category is runtime.TorchlintRuntimeWarning]


class TwoBranches(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.first = nn.Linear(3, 1)  # the optimizer's first parameter; used on even steps only
        self.second = nn.Linear(3, 1)


def test_first_parameter_unused_on_a_step_is_no_alarm() -> None:
    torch.manual_seed(0)
    runtime.enable()

    def forward(model: TwoBranches, step: int) -> torch.Tensor:
        x = torch.randn(4, 3)
        return model.first(x) + model.second(x) if step % 2 == 0 else model.second(x)

    assert train_with_zero_grad_kept(TwoBranches(), forward) == []


def test_reentrant_checkpoint_is_no_alarm_and_one_step() -> None:
    torch.manual_seed(0)
    runtime.enable()

    def forward(model: nn.Module, step: int) -> torch.Tensor:
        x = torch.randn(4, 3, requires_grad=True)
        return checkpoint(model, x, use_reentrant=True)

    assert train_with_zero_grad_kept(nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1)), forward) == []
    assert runtime.current().checked["training_steps"] == 8


def test_gradients_never_cleared_are_still_reported() -> None:
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    runtime.enable(mode="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            model(torch.randn(4, 3)).sum().backward()
            optimizer.step()  # noqa: TL003 (the bug the check must report)
    assert any("gradients were not cleared" in str(w.message) for w in caught)


# --------------------------------------------------------------- sessions


def test_inner_block_leaves_the_outer_session_on() -> None:
    with runtime.enabled() as outer:
        with runtime.enabled(mode="warn") as inner:
            assert inner is outer and outer.mode == "warn"
        assert runtime.current() is outer and outer.mode == "raise"
        with pytest.raises(runtime.ShapeMismatchError):
            F.mse_loss(torch.randn(4, 1), torch.randn(4))
    assert runtime.current() is None


def test_context_manager_under_the_pytest_option_leaves_the_checks_on(tmp_path) -> None:
    import subprocess

    (tmp_path / "test_user.py").write_text(
        "import torch, torch.nn.functional as F, torchlint.runtime\n"
        "def test_uses_the_block():\n"
        "    with torchlint.runtime.enabled():\n"
        "        F.mse_loss(torch.randn(4, 1), torch.randn(4, 1))\n"
        "def test_seed_bug():\n"
        "    F.mse_loss(torch.randn(4, 1), torch.randn(4))\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--torchlint-runtime", "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert "1 failed, 1 passed" in run.stdout, run.stdout
    assert "ShapeMismatchError" in run.stdout
