"""Jupyter notebooks through the CLI: code cells linted as one script,
findings placed back in their cells, IPython magics and broken cells skipped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List

from torchlint import notebooks

ROOT = Path(__file__).resolve().parent.parent


def notebook(directory: Path, cells: List[str], name: str = "train.ipynb", language: str = "python") -> Path:
    """A notebook of code cells, with a markdown cell first (cells count from 1, markdown included)."""
    document = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]}]
        + [
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source.splitlines(True)}
            for source in cells
        ],
        "metadata": {"kernelspec": {"name": language, "language": language, "display_name": language}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = directory / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--format", "json", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


DATA = "import torch\nimport torch.nn as nn\nX = torch.rand(100, 2)\ny = X @ torch.tensor([2.0, 3.0])\n"
MODEL = "%matplotlib inline\nmodel = nn.Linear(2, 1)\ncriterion = nn.MSELoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n"
TRAIN = (
    "for epoch in range(100):\n"
    "    optimizer.zero_grad()\n"
    "    loss = criterion(model(X), y)\n"
    "    loss.backward()\n"
    "    optimizer.step()\n"
)


def test_a_finding_is_placed_in_its_cell_with_evidence_named_by_cell(tmp_path: Path) -> None:
    path = notebook(tmp_path, [DATA, MODEL, "!pip install torch\n" + TRAIN])
    run = check(str(path))
    assert run.returncode == 1, run.stderr
    [finding] = json.loads(run.stdout)
    assert (finding["code"], finding["cell"], finding["line"]) == ("TL001", 4, 4)
    assert "shape set at cell 2, line 4" in finding["message"]


def test_a_notebook_saved_under_a_py_name_is_read_as_a_notebook_and_fixed_in_its_cell(tmp_path: Path) -> None:
    # Python reads the JSON as one dict literal: linted as Python it would say nothing.
    path = notebook(tmp_path, [DATA, MODEL, TRAIN], name="train.py")
    run = check(str(path))
    assert run.returncode == 1, run.stderr
    [finding] = json.loads(run.stdout)
    assert (finding["code"], finding["cell"], finding["line"]) == ("TL001", 4, 3)
    fixed = check("--fix", str(path))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "criterion(model(X), y.unsqueeze(-1))" in "".join(document["cells"][3]["source"])
    # A Python file that is a dict literal, no notebook, stays Python.
    literal = tmp_path / "settings.py"
    literal.write_text('{"cells": 3, "lr": 0.1}\n', encoding="utf-8")
    assert notebooks.saved_as_script(literal.read_bytes()) is False
    assert check(str(literal)).returncode == 0


def test_a_cell_that_does_not_parse_is_skipped_and_the_rest_is_linted(tmp_path: Path) -> None:
    exercise = "## TODO: define the optimizer\noptimizer = ___(\n"
    path = notebook(tmp_path, [DATA, MODEL, exercise, TRAIN])
    findings = json.loads(check(str(path)).stdout)
    assert [(f["code"], f["cell"]) for f in findings] == [("TL000", 4), ("TL001", 5)]
    assert "this cell is skipped" in findings[0]["message"]


def test_cell_magics_and_indented_cells_keep_their_lines(tmp_path: Path) -> None:
    timed = "%%bash\nls -la | head\n"
    indented = "".join("  " + line + "\n" for line in TRAIN.splitlines())
    path = notebook(tmp_path, [DATA, MODEL, timed, indented])
    findings = json.loads(check(str(path)).stdout)
    assert [(f["code"], f["cell"], f["line"]) for f in findings] == [("TL001", 5, 3)]


def test_a_notebook_that_is_not_json_is_one_tl000(tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    run = check(str(path))
    assert run.returncode == 1
    [finding] = json.loads(run.stdout)
    assert finding["code"] == "TL000" and "cannot read the notebook" in finding["message"]


def test_folders_are_walked_for_notebooks_and_text_output_names_the_cell(tmp_path: Path) -> None:
    notebook(tmp_path, [DATA, MODEL, TRAIN])
    run = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.stdout.startswith(f"{tmp_path / 'train.ipynb'}:cell 4:3:"), run.stdout
    assert " TL001 " in run.stdout


CLEAN_DATA = DATA.replace("y = X @ torch.tensor([2.0, 3.0])", "y = (X @ torch.tensor([2.0, 3.0])).reshape(-1, 1)")


def test_a_comment_ending_in_a_question_mark_is_code_not_help(tmp_path: Path) -> None:
    questions = TRAIN.replace("optimizer.zero_grad()", "optimizer.zero_grad()  # why do we need this?")
    help_lines = "model?\noptimizer.step??\n?torch.nn.MSELoss\nnote = 'what is y?'\n"
    path = notebook(tmp_path, [CLEAN_DATA, MODEL, help_lines, questions])
    run = check(str(path))
    assert (run.returncode, json.loads(run.stdout)) == (0, []), run.stdout


def test_python_cell_magics_have_their_body_linted(tmp_path: Path) -> None:
    path = notebook(tmp_path, [DATA, MODEL, "%%time\n" + TRAIN, "%%capture output\n" + TRAIN, "%%bash\nls -la | head\n"])
    findings = json.loads(check(str(path)).stdout)
    assert [(f["code"], f["cell"], f["line"]) for f in findings] == [("TL001", 4, 4), ("TL001", 5, 4)]


def test_shell_assignments_and_continued_commands_are_ipython_not_errors(tmp_path: Path) -> None:
    shell = "files = !ls data/\n!pip install torch \\\n    torchvision \\\n    tqdm\nfree, used = %sx free -m\n"
    path = notebook(tmp_path, [shell, DATA, MODEL, TRAIN])
    findings = json.loads(check(str(path)).stdout)
    assert [(f["code"], f["cell"]) for f in findings] == [("TL001", 5)]


def test_line_magics_without_their_percent_are_ipython_and_python_by_those_names_stays_code(tmp_path: Path) -> None:
    automagic = "pip install torchviz\ncd data\nload_ext autoreload\n"
    names_as_code = (
        "import time\ntime.sleep(0)\nrun = (\n    1\n)\ncd = [run,\n      2]\nls = 3\nla = 1\nls -la\n"
    )
    path = notebook(tmp_path, [automagic, names_as_code, DATA, MODEL, TRAIN])
    findings = json.loads(check(str(path)).stdout)
    assert [(f["code"], f["cell"]) for f in findings] == [("TL001", 6)]
    script = notebooks.script_of_cells([automagic, names_as_code])
    assert script.skipped == ()
    assert script.text.splitlines()[:3] == [
        "pass  # IPython: pip install torchviz", "pass  # IPython: cd data", "pass  # IPython: load_ext autoreload"
    ]
    assert script.text.splitlines()[3:] == names_as_code.splitlines()


def test_a_notebook_of_another_kernel_is_skipped_and_said_so_in_verbose_output(tmp_path: Path) -> None:
    path = notebook(tmp_path, ["library(torch)\nx <- torch_randn(10, 2)\n", "model <- nn_linear(2, 1)\n"], language="R")
    quiet = check(str(path))
    assert (quiet.returncode, json.loads(quiet.stdout)) == (0, [])
    assert "skipped" not in quiet.stderr
    verbose = check("-v", str(path))
    assert verbose.returncode == 0
    assert f"torchlint: skipped {path}: a notebook of another kernel (its language is R)" in verbose.stderr


def test_a_script_run_with_percent_run_binds_its_names(tmp_path: Path) -> None:
    """``%run -i prepare.py`` makes the script's names the notebook's, as a star import binds a module's."""
    (tmp_path / "prepare.py").write_text(DATA, encoding="utf-8")
    path = notebook(tmp_path, ["%run -i prepare.py\n", "import torch\nimport torch.nn as nn\n" + MODEL, TRAIN])
    run = check(str(path))
    assert run.returncode == 1, run.stderr
    [finding] = json.loads(run.stdout)
    assert (finding["code"], finding["cell"], finding["line"]) == ("TL001", 4, 3)
    assert "line 4 of prepare.py" in finding["message"]
    script = notebooks.script_of_cells(["%run -i prepare.py\n%run ../elsewhere/setup.py\n"])
    assert script.text.splitlines()[:2] == ["from prepare import *  # IPython: %run -i prepare.py", "pass  # IPython: %run ../elsewhere/setup.py"]
