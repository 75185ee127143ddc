"""The run-time companion on real (small, CPU) PyTorch training."""

from __future__ import annotations

import gc
import json
import os
import runpy
import shutil
import subprocess
import sys
import textwrap
import time
import warnings
import weakref
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import torchlint.runtime as runtime  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"
ORIGINAL_MSE = F.mse_loss
ORIGINAL_BACKWARD = torch.autograd.backward


@pytest.fixture(autouse=True)
def checks_off_after_each_test():
    yield
    runtime.disable()
    runtime.contracts.CONTRACTS.clear()


def torchlint_run(*args: str, cwd: Path = SEED, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [sys.executable, "-m", "torchlint", "run", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# ---------------------------------------------------------------- switching it on


def test_importing_installs_nothing() -> None:
    code = (
        "import torch, torch.nn.functional as F; import torchlint, torchlint.runtime;"
        "from torch.nn.modules import module;"
        "print(F.mse_loss.__module__, len(module._global_forward_pre_hooks),"
        " torch.autograd.backward.__module__)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["torch.nn.functional", "0", "torch.autograd"]


def test_disable_removes_every_hook() -> None:
    from torch.nn.modules import module

    runtime.enable()
    assert F.mse_loss is not ORIGINAL_MSE
    assert module._global_forward_pre_hooks
    runtime.disable()
    assert F.mse_loss is ORIGINAL_MSE
    assert torch.autograd.backward is ORIGINAL_BACKWARD
    assert not module._global_forward_pre_hooks and not module._global_forward_hooks


def test_context_manager_and_module_losses() -> None:
    model = nn.Linear(3, 1)
    x, y = torch.randn(8, 3), torch.randn(8)
    with runtime.enabled():
        with pytest.raises(runtime.ShapeMismatchError) as raised:
            nn.L1Loss()(model(x), y)
    assert "L1Loss" in str(raised.value) and "(8, 1)" in str(raised.value)
    assert raised.value.location.filename == __file__
    assert F.mse_loss is ORIGINAL_MSE


def test_functional_imported_after_enable_is_checked() -> None:
    runtime.enable()
    from torch.nn.functional import smooth_l1_loss as criterion

    with pytest.raises(runtime.ShapeMismatchError):
        criterion(torch.randn(4, 1), torch.randn(4))


def test_error_names_the_users_line() -> None:
    runtime.enable()
    line = None
    try:
        line = sys._getframe().f_lineno + 1
        F.mse_loss(torch.randn(5, 1), torch.randn(5))
    except runtime.ShapeMismatchError as error:
        assert error.location.lineno == line
        assert f"{Path(__file__).name}:{line}" in str(error)
        assert "torch/nn" not in str(error)
    else:
        pytest.fail("no ShapeMismatchError")


def test_bce_mismatch_raises_ours_first() -> None:
    runtime.enable()
    with pytest.raises(runtime.ShapeMismatchError, match="BCELoss"):
        nn.BCELoss()(torch.rand(6, 1), torch.ones(6))


def test_equal_shapes_and_leading_ones_pass() -> None:
    runtime.enable()
    F.mse_loss(torch.randn(5, 1), torch.randn(5, 1))
    F.mse_loss(torch.randn(1, 128), torch.randn(128))  # broadcasting only adds a 1
    assert runtime.current().findings == []
    assert runtime.current().checked["loss_calls"] == 2


def test_warn_mode_reports_and_training_goes_on() -> None:
    runtime.enable(mode="warn")
    with pytest.warns(runtime.TorchlintRuntimeWarning, match=r"broadcast to \(5, 5\)"):
        loss = F.mse_loss(torch.randn(5, 1), torch.randn(5))
    assert loss.shape == ()
    (finding,) = runtime.current().findings
    assert finding.check == "loss-shape" and finding.filename == __file__


def test_allow_broadcast_marks_one_call_site() -> None:
    runtime.enable()
    with runtime.allow_broadcast():
        F.mse_loss(torch.randn(5, 1), torch.randn(5))
    with pytest.raises(runtime.ShapeMismatchError):
        F.mse_loss(torch.randn(5, 1), torch.randn(5))


def test_noqa_on_the_line_allows_the_broadcast() -> None:
    runtime.enable()
    F.mse_loss(torch.randn(5, 1), torch.randn(5))  # noqa: TL001
    assert runtime.current().findings == []


# ------------------------------------------------------------- the seed examples


def test_example3_exits_with_shape_mismatch_at_its_loss_line() -> None:
    run = torchlint_run("example3_target_1d.py")
    assert run.returncode == 1
    # __file__ is absolute, as under python, so the location is the script's full path.
    assert f"torchlint.runtime.ShapeMismatchError: {SEED / 'example3_target_1d.py'}:28: MSELoss" in run.stderr
    assert "broadcast to (100, 100)" in run.stderr


def _first_nonfinite_step(script: Path) -> int:
    """The step at which the seed's loss first stops being finite, found by
    running the script with a plain recorder (no torchlint)."""
    losses = []

    def recording(tensors, *args, **kwargs):
        losses.append(tensors.item())
        return ORIGINAL_BACKWARD(tensors, *args, **kwargs)

    torch.autograd.backward = recording
    try:
        torch.manual_seed(0)
        with open(os.devnull, "w") as sink, redirect(sink):
            runpy.run_path(str(script))
    finally:
        torch.autograd.backward = ORIGINAL_BACKWARD
    return next(step for step, loss in enumerate(losses, 1) if not torch.isfinite(torch.tensor(loss)))


def redirect(sink):
    import contextlib

    return contextlib.redirect_stdout(sink)


def test_example1_reports_the_scales_first_and_the_nan_at_its_step(tmp_path: Path) -> None:
    script = tmp_path / "example1.py"
    script.write_text("import torch\ntorch.manual_seed(0)\n" + (SEED / "example1_unnormalized.py").read_text(), encoding="utf-8")
    expected_step = _first_nonfinite_step(script)
    run = subprocess.run(
        [sys.executable, "-m", "torchlint", "run", "--report", str(tmp_path / "report.json"), str(script)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    scale = run.stderr.index("column 0 has values")
    nan = run.stderr.index(f"at training step {expected_step} ")
    assert scale < nan
    assert "learning rate SGD lr=0.01" in run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    checks = [finding["check"] for finding in report["findings"]]
    assert checks == ["feature-scale", "non-finite-loss"]
    assert report["findings"][1]["step"] == expected_step
    assert report["checked"]["training_steps"] == 1000


def test_example2_runs_clean() -> None:
    run = torchlint_run("example2_normalized.py")
    assert run.returncode == 0, run.stderr
    assert "torchlint runtime: no findings" in run.stderr
    assert "TorchlintRuntimeWarning" not in run.stderr


def test_example2_is_bit_identical_with_checks_on() -> None:
    def train() -> tuple:
        losses = []

        def recording(tensors, *args, **kwargs):
            losses.append(tensors.detach().clone())
            return runtime_backward(tensors, *args, **kwargs)

        torch.manual_seed(0)
        runtime_backward = torch.autograd.backward
        torch.autograd.backward = recording
        try:
            with open(os.devnull, "w") as sink, redirect(sink):
                scope = runpy.run_path(str(SEED / "example2_normalized.py"))
        finally:
            torch.autograd.backward = runtime_backward
        return torch.stack(losses), scope["model"].state_dict()

    plain_losses, plain_state = train()
    with runtime.enabled(mode="warn") as session:
        checked_losses, checked_state = train()
    assert session.findings == []
    assert session.checked["training_steps"] == 1000
    assert torch.equal(plain_losses, checked_losses)
    assert all(torch.equal(plain_state[key], checked_state[key]) for key in plain_state)


# ---------------------------------------------------------------------- checks


def test_first_batch_scales_are_measured_once_then_hooks_go() -> None:
    from torch.nn.modules import module

    x = torch.rand(64, 3) * torch.tensor([1.0, 500.0, 1.0])
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    runtime.enable(mode="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            model(x).sum().backward()
    messages = [str(w.message) for w in caught if w.category is runtime.TorchlintRuntimeWarning]
    assert len(messages) == 1 and "column 1 has values" in messages[0]
    assert runtime.current().checked["feature_batches"] == 1
    assert not module._global_forward_pre_hooks


def test_normalized_features_and_inference_are_not_reported() -> None:
    model = nn.Linear(3, 1)
    runtime.enable(mode="warn")
    with torch.no_grad():
        model(torch.rand(16, 3) * 1000)  # inference: not a training batch
    model(torch.randn(16, 3)).sum().backward()
    assert runtime.current().findings == []


def test_nonfinite_buffer_reports_the_exact_step_when_read_back() -> None:
    session = runtime.enable(mode="warn", nonfinite_every=4)
    from torchlint.runtime.finite import FiniteWatch

    watch = FiniteWatch(session)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for step, value in enumerate([1.0, 2.0, 3.0, 4.0, 5.0, float("nan"), 7.0], 1):
            session.checked["training_steps"] = step
            watch.buffer(torch.tensor(value))
        assert session.findings == []  # steps 5..7 not read back yet
        watch.flush()
    (finding,) = session.findings
    assert finding.step == 6 and "nan" in finding.message


def test_shape_contracts_bind_names_per_call() -> None:
    model = nn.Linear(2, 1)
    runtime.expect(model, input=("N", 2), output=("N", 1))
    runtime.enable()
    model(torch.randn(5, 2))
    model(torch.randn(7, 2))
    with pytest.raises(runtime.ShapeContractError, match=r"input 0 is \(5, 3\), expected \(N, 2\)"):
        model(torch.randn(5, 3))
    wrong = nn.Linear(2, 3)
    runtime.expect(wrong, input=("N", 2), output=("N", 1))
    with pytest.raises(runtime.ShapeContractError, match="dim 1 is 3, not 1"):
        wrong(torch.randn(4, 2))
    assert runtime.current().checked["contract_calls"] == 4


def test_contracts_are_inactive_while_checks_are_off() -> None:
    model = runtime.expect(nn.Linear(2, 1), input=("N", 3))
    model(torch.randn(5, 2))  # no checks, no hooks
    assert not model._forward_pre_hooks


def _train(model, optimizer, steps, clear, every=1):
    for step in range(steps):
        if clear == "before":
            optimizer.zero_grad()
        (model(torch.randn(4, 3)).pow(2).mean() / every).backward()
        if (step + 1) % every == 0:
            optimizer.step()
            if clear == "after-step":
                optimizer.zero_grad(set_to_none=False)


@pytest.mark.parametrize(
    "clear, every, reported",
    [("never", 1, True), ("before", 1, False), ("after-step", 4, False), ("never", 4, True)],
)
def test_gradients_not_cleared_between_steps(clear: str, every: int, reported: bool) -> None:
    model = nn.Linear(3, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _train(model, optimizer, 12, clear, every)
    found = [f for f in session.findings if f.check == "gradients-not-cleared"]
    assert len(found) == (1 if reported else 0)
    if reported:
        assert found[0].filename == __file__


def test_gradients_not_cleared_later_in_training_are_caught_by_a_later_sample() -> None:
    from torchlint.runtime.gradients import SAMPLE_PERIOD

    model = nn.Linear(3, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _train(model, optimizer, 3 * SAMPLE_PERIOD, "before")
        assert not session.findings
        _train(model, optimizer, 2 * SAMPLE_PERIOD, "never")
    found = [f for f in session.findings if f.check == "gradients-not-cleared"]
    assert len(found) == 1 and found[0].step > 3 * SAMPLE_PERIOD


def test_probabilities_into_class_losses_on_the_first_call() -> None:
    logits = nn.Linear(4, 3)(torch.randn(8, 4))
    labels = torch.randint(0, 3, (8,))
    with runtime.enabled(mode="warn") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), labels)
        nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), labels)  # only the first call is looked at
        F.nll_loss(torch.log_softmax(logits, dim=1), labels)  # right: log-probabilities
    (finding,) = session.findings
    assert finding.check == "loss-activation" and "CrossEntropyLoss got probabilities" in finding.message


def test_float64_input_to_a_float32_model_names_the_line() -> None:
    model = nn.Linear(3, 1)
    runtime.enable()
    with pytest.raises(runtime.DtypeMismatchError) as raised:
        line = sys._getframe().f_lineno + 1
        model(torch.randn(5, 3, dtype=torch.float64))
    assert raised.value.location.lineno == line
    assert ".float()" in str(raised.value)


# --------------------------------------------------------- requirements on the run


def test_no_tensor_is_kept_after_a_check() -> None:
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    kept = []
    with runtime.enabled(mode="warn"):
        for step in range(2000):
            x, y = torch.randn(16, 4), torch.randn(16, 1)
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            if step % 500 == 0:
                kept.extend(weakref.ref(tensor) for tensor in (x, y, loss))
        del x, y, loss
        gc.collect()
        assert all(ref() is None for ref in kept)


def test_works_under_torch_compile() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    compiled = torch.compile(model, backend="aot_eager")

    @torch.compile(backend="aot_eager")
    def step(x, y):
        return F.mse_loss(compiled(x), y)

    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    with runtime.enabled(mode="warn") as session:
        for _ in range(3):
            optimizer.zero_grad()
            loss = step(torch.randn(8, 3) * torch.tensor([1.0, 100.0, 1.0]), torch.randn(8, 1))
            loss.backward()
            optimizer.step()
        # Eager calls into the compiled model are still checked.
        with pytest.warns(runtime.TorchlintRuntimeWarning, match="MSELoss|mse_loss"):
            F.mse_loss(compiled(torch.randn(8, 3)), torch.randn(8))
    assert session.checked["training_steps"] == 3
    assert session.checked["feature_batches"] == 1
    assert torch.isfinite(loss)


def test_pytest_plugin_option(tmp_path: Path) -> None:
    test_file = tmp_path / "test_model.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import torch
            import torch.nn as nn

            def test_training_step():
                model = nn.Linear(3, 1)
                loss = nn.MSELoss()(model(torch.randn(4, 3)), torch.randn(4))
                loss.backward()
            """
        ),
        encoding="utf-8",
    )
    plain = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert plain.returncode == 0, plain.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--torchlint-runtime", str(test_file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert checked.returncode == 1
    assert "ShapeMismatchError" in checked.stdout and "test_model.py:7" in checked.stdout
    assert "torchlint runtime" in checked.stdout


def test_run_behaves_like_python(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\nprint(__name__, sys.argv[1:])\nimport helper\nsys.exit(int(sys.argv[1]))\n", encoding="utf-8"
    )
    (tmp_path / "helper.py").write_text("", encoding="utf-8")
    run = torchlint_run(str(script), "3", "--flag", cwd=tmp_path)
    assert run.returncode == 3
    assert run.stdout.strip() == "__main__ ['3', '--flag']"
    assert torchlint_run(str(tmp_path / "missing.py"), cwd=tmp_path).returncode == 2


DDP_SCRIPT = """
import os, sys
import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel

dist.init_process_group("gloo")
rank = dist.get_rank()
torch.manual_seed(0)
model = DistributedDataParallel(nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(32, 4)
broken = sys.argv[1] == "broken" and rank == 1
y = torch.randn(32) if broken else torch.randn(32, 1)
for step in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
# Both ranks done before the group goes: without it, torch 2.13's gloo teardown
# aborts one rank now and then ("terminate called without an active
# exception"), with or without torchlint (4 in 40 runs here, 0 in 50 with it).
dist.barrier()
dist.destroy_process_group()
print("rank", rank, "done")
"""


@pytest.mark.skipif(shutil.which("torchrun") is None and not (Path(sys.executable).parent / "torchrun").exists(), reason="needs torchrun")
@pytest.mark.parametrize("variant", ["clean", "broken"])
def test_ddp_under_torchrun(tmp_path: Path, variant: str) -> None:
    script = tmp_path / "ddp_train.py"
    script.write_text(DDP_SCRIPT, encoding="utf-8")
    torchrun = str(Path(sys.executable).parent / "torchrun")
    started = time.monotonic()
    for attempt in range(2):
        run = subprocess.run(
            [torchrun, "--standalone", "--nproc_per_node", "2", "-m", "torchlint", "run", str(script), variant],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"},
            timeout=240,
            check=False,
        )
        # torch 2.13's gloo teardown still aborts a rank now and then on a loaded machine, after
        # training and torchlint's report are done (2 of 5 whole-suite runs on 2026-12-05): once more.
        if "terminate called without an active exception" not in run.stderr:
            break
    elapsed = time.monotonic() - started
    if variant == "clean":
        assert run.returncode == 0, run.stderr[-3000:]
        assert run.stdout.count("done") == 2
    else:
        # Rank 1 stops at its own loss line; the other rank must not hang.
        assert run.returncode != 0
        assert "ShapeMismatchError" in run.stderr and "ddp_train.py:18" in run.stderr
        assert elapsed < 180


def test_learning_rates_are_found_beside_dead_weak_proxies() -> None:
    from torchlint.runtime.finite import learning_rates

    class Thing:
        pass

    thing = Thing()
    proxies = [weakref.proxy(thing)]
    del thing
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
    assert "SGD lr=0.5" in learning_rates()
    assert proxies and optimizer
