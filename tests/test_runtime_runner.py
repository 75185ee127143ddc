"""``torchlint run`` behaves like ``python`` (issue 13): ``__file__``,
``sys.path``, ``-m``, torch imported only when the script imports it, an
install hint without torch, spawned workers checked, and a run that checked
nothing says so."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("torch")


def torchlint_run(cwd: Path, *args: str, env: dict = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchlint", "run", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_file_and_path_are_as_python_sets_them(tmp_path: Path) -> None:
    write(tmp_path / "scripts" / "where.py", """
        import os, sys
        os.chdir(os.path.dirname(__file__))
        print("FILE", __file__)
        print("PATH0", sys.path[0])
        print("TORCH", "torch" in sys.modules)
    """)
    run = torchlint_run(tmp_path, "scripts/where.py")
    assert run.returncode == 0, run.stderr
    assert f"FILE {tmp_path / 'scripts' / 'where.py'}" in run.stdout
    assert f"PATH0 {os.path.realpath(tmp_path / 'scripts')}" in run.stdout
    assert "TORCH False" in run.stdout  # a script without torch does not pay for its import
    assert "never imported torch" in run.stderr


def test_run_a_module_with_dash_m(tmp_path: Path) -> None:
    write(tmp_path / "package" / "__init__.py", "")
    write(tmp_path / "package" / "train.py", """
        import sys
        import torch
        import torch.nn.functional as F
        print("ARGV", sys.argv[1:])
        F.mse_loss(torch.randn(4, 1), torch.randn(4))
    """)
    run = torchlint_run(tmp_path, "-m", "package.train", "--epochs", "3")
    assert "ARGV ['--epochs', '3']" in run.stdout
    assert run.returncode == 1 and "ShapeMismatchError" in run.stderr
    # The traceback ends at the user's line, not in torchlint.
    traceback_text = run.stderr.split("ShapeMismatchError")[0]
    assert "torchlint/runtime" not in traceback_text and "train.py\", line 6" in traceback_text


def test_without_torch_an_install_hint_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "blocker" / "sitecustomize.py", "import sys\nsys.modules['torch'] = None\n")
    write(tmp_path / "train.py", "import torch\n")
    run = torchlint_run(tmp_path, "train.py", env={"PYTHONPATH": str(tmp_path / "blocker")})
    assert run.returncode == 2
    assert "pip install 'torchlint[runtime]'" in run.stderr and "Traceback" not in run.stderr


def test_workers_started_by_spawn_are_checked(tmp_path: Path) -> None:
    write(tmp_path / "spawned.py", """
        import torch
        import torch.multiprocessing as mp
        import torch.nn as nn

        def worker(rank, steps):
            model = nn.Linear(3, 1)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            x, y = torch.randn(16, 3), torch.randn(16)
            for _ in range(steps):
                optimizer.zero_grad()
                loss = nn.MSELoss()(model(x), y)
                loss.backward()
                optimizer.step()

        if __name__ == "__main__":
            mp.spawn(worker, args=(3,), nprocs=2)
    """)
    run = torchlint_run(tmp_path, "spawned.py")
    assert run.returncode == 1
    assert "MSELoss: prediction `model(x)` is (16, 1) but target `y` is (16,)" in run.stderr
    assert "2 process(es) started by torch.multiprocessing.spawn were checked" in run.stderr


def test_a_trainer_started_with_multiprocessing_process_is_said_to_be_outside_the_report(tmp_path: Path) -> None:
    # A Hogwild-style trainer: the model is trained in a multiprocessing.Process
    # (spawned, so a fresh interpreter without the checks); a DataLoader worker
    # in the parent is not counted.
    write(tmp_path / "hogwild.py", """
        import multiprocessing
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        def train(model, steps):
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            x, y = torch.randn(16, 3), torch.randn(16, 1)
            for _ in range(steps):
                optimizer.zero_grad()
                nn.MSELoss()(model(x), y).backward()
                optimizer.step()

        if __name__ == "__main__":
            model = nn.Linear(3, 1)
            process = multiprocessing.get_context("spawn").Process(target=train, args=(model, 3))
            process.start()
            process.join()
            for batch, in DataLoader(TensorDataset(torch.randn(8, 3)), batch_size=4, num_workers=1):
                pass
    """)
    run = torchlint_run(tmp_path, "hogwild.py")
    assert run.returncode == 0, run.stderr
    assert "1 process(es) started with multiprocessing (not torch.multiprocessing.spawn) are not in this report" in run.stderr
    assert "no findings in this process" in run.stderr


def test_a_run_that_checked_no_training_says_so(tmp_path: Path) -> None:
    write(tmp_path / "no_training.py", """
        import torch
        model = torch.nn.Linear(3, 1)
        print(model(torch.randn(2, 3)).shape)
    """)
    run = torchlint_run(tmp_path, "no_training.py")
    assert run.returncode == 0, run.stderr
    assert "no elementwise loss call or backward() ran eagerly" in run.stderr


def test_the_console_script_puts_no_bin_folder_on_the_path(tmp_path: Path) -> None:
    console = Path(sys.executable).parent / "torchlint"
    if not console.exists():
        pytest.skip("no torchlint console script beside this interpreter")
    write(tmp_path / "paths.py", "import sys\nprint('PATHS', sys.path)\n")
    run = subprocess.run([str(console), "run", "paths.py"], cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False)
    assert run.returncode == 0, run.stderr
    paths = ast.literal_eval(run.stdout.split("PATHS ", 1)[1].strip())
    assert paths[0] == os.path.realpath(tmp_path)
    assert str(console.parent) not in paths
