"""What the run-time checks say: the user's own expressions, a fix right for
the shapes, each location once, one report per line in warn mode, and
tracebacks that end at the user's line (issue 13)."""

from __future__ import annotations

import sys
import traceback
import warnings

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import torchlint.runtime as runtime  # noqa: E402


@pytest.fixture(autouse=True)
def checks_off_after_each_test():
    yield
    runtime.disable()


def mismatch_message(prediction: torch.Tensor, target: torch.Tensor) -> str:
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError) as raised:
        F.mse_loss(prediction, target)
    return str(raised.value)


def test_1d_prediction_against_a_column_target_gets_the_right_fix() -> None:
    pred, y = torch.randn(32), torch.randn(32, 1)
    message = mismatch_message(pred, y)
    assert "prediction `prediction` is (32,) but target `target` is (32, 1)" in message
    assert "`target.view(-1)`" in message and "`prediction.unsqueeze(1)`" in message
    assert "view(-1, 1)" not in message and "squeeze(-1)" not in message


def test_column_prediction_against_a_1d_target_names_the_users_expressions() -> None:
    output, labels = torch.randn(8, 1), torch.randn(8)
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError) as raised:
        nn.MSELoss()(output, labels)
    assert "MSELoss: prediction `output` is (8, 1) but target `labels` is (8,)" in str(raised.value)
    assert "`labels.view(-1, 1)` (or `output.squeeze(1)`)" in str(raised.value)


def test_bce_is_not_told_to_allow_the_broadcast() -> None:
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError) as raised:
        nn.BCELoss()(torch.rand(6, 1), torch.ones(6))
    assert "PyTorch raises a ValueError" in str(raised.value)
    assert "allow_broadcast" not in str(raised.value) and "noqa" not in str(raised.value)


def test_warn_mode_reports_a_line_once_with_a_count_and_its_location_once() -> None:
    session = runtime.enable(mode="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(1000):
            F.mse_loss(torch.randn(4, 1), torch.randn(4))
    ours = [w for w in caught if w.category is runtime.TorchlintRuntimeWarning]
    assert len(ours) == 1
    assert __file__ not in str(ours[0].message) and ours[0].filename == __file__
    assert len(session.findings) == 1 and session.findings[0].count == 1000
    summary = session.summary()
    assert "(1000 times)" in summary and summary.count(__file__) == 1


def test_raised_mismatch_traceback_ends_at_most_one_frame_below_the_users_line() -> None:
    runtime.enable()
    try:
        F.mse_loss(torch.randn(4, 1), torch.randn(4))
    except runtime.ShapeMismatchError as error:
        frames = traceback.extract_tb(error.__traceback__)
    assert frames[0].filename == __file__
    assert len(frames) == 2 and frames[1].name == "checked"


def compiled_training_step():
    """A loss call in a torch.compile'd function, after a graph break: backend
    "eager" runs the captured graph through the checked functional."""
    torch._dynamo.reset()
    model = nn.Linear(3, 1)

    @torch.compile(backend="eager")
    def step(inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        torch._dynamo.graph_break()
        return F.mse_loss(model(inputs), targets)

    return step


def test_a_mismatch_inside_a_compiled_function_is_named_at_the_line_that_called_it() -> None:
    # The graph's generated code is no user line, nor are the caller's words the loss's.
    step = compiled_training_step()
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError) as raised:
        line = sys._getframe().f_lineno + 1
        step(torch.randn(8, 3), torch.randn(8))
    assert raised.value.location.lineno == line and raised.value.location.compiled
    assert "inside the torch.compile'd function called there" in str(raised.value)
    assert "`inputs`" not in str(raised.value) and "`torch.randn" not in str(raised.value)


def test_a_second_session_still_checks_inside_compiled_functions() -> None:
    # torch.compile keeps the F.mse_loss it first met: an earlier session's
    # wrapper. A session made later must be reached through that same wrapper.
    runtime.enable()

    @torch.compile(backend="eager")
    def first(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(prediction, target)

    first(torch.randn(3), torch.randn(3))
    runtime.disable()
    step = compiled_training_step()
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError):
        step(torch.randn(8, 3), torch.randn(8))
