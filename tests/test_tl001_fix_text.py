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


def test_a_target_holding_the_batch_twice_is_told_to_keep_its_dim() -> None:
    # A DQN's TD target: rewards (32, 1) plus the next states' max over actions, (32,): (32, 32).
    source = (
        "import torch\n"
        "net = torch.nn.Linear(4, 2)\n"
        "s, a, r = torch.randn(32, 4), torch.randint(0, 2, (32, 1)), torch.randn(32, 1)\n"
        "q_eval = net(s).gather(1, a)\n"
        "q_target = r + 0.9 * net(s).detach().max(1)[0]\n"
        "loss = torch.nn.MSELoss()(q_eval, q_target)\n"
    )
    [finding] = lint_text(source, "dqn.py", Selection(["TL001"]))
    fix = finding.message.split("Fix: ", 1)[1]
    assert fix.startswith("the target holds the batch 32 twice") and fix.endswith("so the target is (32, 1)"), fix


def test_actions_used_as_an_index_array_are_told_to_gather() -> None:
    source = (
        "import torch\n"
        "net = torch.nn.Linear(4, 3)\n"
        "s, a, target = torch.randn(32, 4), torch.randint(0, 3, (32, 1)), torch.randn(32, 1)\n"
        "q_sa = net(s)[:, a]\n"
        "loss = ((q_sa - target) ** 2).mean()\n"
        "loss.backward()\n"
    )
    [finding] = lint_text(source, "dqn.py", Selection(["TL001"]))
    assert "`x.gather(1, idx)`" in finding.message, finding.message
