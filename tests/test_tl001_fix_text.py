"""TL001's fix is the loss call as it should read: a method appended at the
line where the target was made would land on its last operand
(`noise * 0.1.reshape(-1, 1)`)."""

from __future__ import annotations

from pathlib import Path

from torchlint.engine import Selection, lint_text

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "example3_target_1d.py"


def test_seed_example_3_fix_is_the_corrected_loss_call() -> None:
    [finding] = lint_text(SEED.read_text(encoding="utf-8"), str(SEED), Selection(["TL001"]))
    fix = finding.message.split("Fix: ", 1)[1]
    assert fix == "`loss_function(outputs, y.reshape(-1, 1))`, or `loss_function(outputs.squeeze(-1), y)`"


def test_a_compound_target_is_parenthesized_in_the_fix() -> None:
    source = (
        "import torch\n"
        "X = torch.rand(50, 2)\n"
        "y = 2 * X[:, 0] + 3 * X[:, 1] + torch.randn(50) * 0.1\n"
        "model = torch.nn.Linear(2, 1)\n"
        "loss = torch.nn.MSELoss()(model(X), y - y.mean())\n"
    )
    [finding] = lint_text(source, "regression.py", Selection(["TL001"]))
    assert finding.message.endswith(
        "Fix: `torch.nn.MSELoss()(model(X), (y - y.mean()).reshape(-1, 1))`, or `torch.nn.MSELoss()(model(X).squeeze(-1), y - y.mean())`"
    ), finding.message
