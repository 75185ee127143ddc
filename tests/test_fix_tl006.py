"""TL006's fix: model.eval() before the evaluation and model.train() back where
training resumes; proven on the fixtures and by training a model with dropout."""

from __future__ import annotations

import ast
import difflib
import json
from pathlib import Path
from typing import List

import pytest
import torch

from torchlint.cli import main
from torchlint.engine import Diagnostic, Selection, lint_text
from torchlint.fixes.apply import fixed_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tl006"


def lint(text: str, path: Path) -> List[Diagnostic]:
    return [d for d in lint_text(text, str(path), Selection()) if d.code == "TL006"]


FIXED = [path for path in sorted(FIXTURES.glob("bad_*.py")) if any(d.fix is not None for d in lint(path.read_text(), path))]


def test_most_tl006_fixtures_have_a_fix() -> None:
    assert len(FIXED) >= 16, [path.name for path in FIXED]


@pytest.mark.parametrize("path", FIXED, ids=lambda path: path.name)
def test_fix_adds_only_mode_switches_and_silences_tl006(path: Path) -> None:
    text = path.read_text()
    assert all(not d.fix.safe for d in lint(text, path) if d.fix is not None)
    fixed, applied = fixed_text(text, lambda current: lint(current, path), unsafe=True)
    assert applied >= 1
    ast.parse(fixed)
    assert lint(fixed, path) == []
    assert fixed_text(fixed, lambda current: lint(current, path), unsafe=True) == (fixed, 0)
    added = [line for line in difflib.ndiff(text.splitlines(), fixed.splitlines()) if line.startswith(("+ ", "- "))]
    assert added and all(line.startswith("+ ") and line.strip().endswith((".eval()", ".train()")) for line in added), added


def test_safe_fixes_leave_tl006_alone() -> None:
    path = FIXTURES / "bad_no_grad_after_training.py"
    text = path.read_text()
    assert fixed_text(text, lambda current: lint(current, path), unsafe=False) == (text, 0)


EPOCH_LOOP = '''\
import torch
import torch.nn as nn

torch.manual_seed(0)
X, y = torch.randn(32, 4), torch.randn(32, 1)
X_val = torch.randn(8, 4)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
training_modes, evaluations = [], []

for epoch in range(3):
    for start in range(0, 32, 8):
        optimizer.zero_grad()
        training_modes.append(model.training)
        nn.functional.mse_loss(model(X[start:start + 8]), y[start:start + 8]).backward()
        optimizer.step()
    # validate
    with torch.no_grad():
        evaluations.append((model(X_val), model(X_val)))
    print(epoch)
'''


def test_fixed_epoch_loop_evaluates_deterministically_and_trains_with_dropout() -> None:
    path = Path("epoch_loop.py")
    findings = lint(EPOCH_LOOP, path)
    assert len(findings) == 2 and all(d.fix == findings[0].fix for d in findings)  # two calls, one fix
    fixed, applied = fixed_text(EPOCH_LOOP, lambda current: lint(current, path), unsafe=True)
    assert applied == 1 and lint(fixed, path) == []
    assert "    model.eval()\n    # validate\n    with torch.no_grad():" in fixed
    assert "        evaluations.append((model(X_val), model(X_val)))\n    model.train()\n    print(epoch)" in fixed

    def run(text: str) -> dict:
        namespace: dict = {"print": lambda *args: None}
        exec(compile(text, "epoch_loop.py", "exec"), namespace)  # noqa: S102 - the test's own script
        return namespace

    before, after = run(EPOCH_LOOP), run(fixed)
    assert not any(torch.equal(first, second) for first, second in before["evaluations"])
    assert all(torch.equal(first, second) for first, second in after["evaluations"])
    assert all(after["training_modes"]) and len(after["training_modes"]) == 12


EPOCH_LOOP_START = '''\
import torch
import torch.nn as nn

X, y, X_val = torch.randn(32, 4), torch.randn(32, 1), torch.randn(8, 4)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(3):
'''

VALIDATE_FIRST = EPOCH_LOOP_START + '''\
    model.eval()
    with torch.no_grad():
        print(model(X_val).mean())
    optimizer.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    optimizer.step()
'''

SKIPPED_BY_CONTINUE = EPOCH_LOOP_START + '''\
    optimizer.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    optimizer.step()
    with torch.no_grad():
        if model(X_val).mean() > 0:
            continue
    print(epoch)
'''


@pytest.mark.parametrize("text", [VALIDATE_FIRST, SKIPPED_BY_CONTINUE], ids=["eval-before-training", "continue-in-evaluation"])
def test_no_fix_where_train_would_not_come_back_before_training(text: str) -> None:
    """train() at the loop's start would come before the eval() and the training
    after it; train() after an evaluation block that can `continue` is skipped."""
    findings = lint(text, Path("loop.py"))
    assert findings and all(d.fix is None for d in findings)


def test_notebook_fix_goes_into_the_evaluation_cell(tmp_path: Path) -> None:
    lines = (FIXTURES / "bad_no_grad_after_training.py").read_text().splitlines(keepends=True)
    training, evaluation = lines[:18], lines[18:]
    assert evaluation[0] == "with torch.no_grad():\n"

    def notebook_of(cells: List[List[str]]) -> str:
        code = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": cell} for cell in cells]
        return json.dumps({"cells": code, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"

    notebook = tmp_path / "train.ipynb"
    notebook.write_text(notebook_of([training, evaluation]))
    assert main(["check", "--fix", "--select", "TL006", str(notebook)]) == 1  # unsafe: not applied
    assert main(["check", "--fix", "--unsafe-fixes", "--select", "TL006", str(notebook)]) == 0
    assert notebook.read_text() == notebook_of([training, ["model.eval()\n"] + evaluation])
