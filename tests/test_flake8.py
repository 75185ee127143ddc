"""The flake8 front end, through a real flake8 process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.test_engine import MODEL_LIBRARY

ROOT = Path(__file__).resolve().parent.parent

SOURCE = textwrap.dedent(
    """\
    import torch
    import torch.nn as nn
    X = torch.randn(32, 4)
    y = torch.randn(32)
    model = nn.Linear(4, 1)
    loss = nn.MSELoss()(model(X), y) + undefined_weight{comment}
    """
)


def flake8(path: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *options, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def write(tmp_path: Path, comment: str = "") -> Path:
    path = tmp_path / "train.py"
    path.write_text(SOURCE.format(comment=comment), encoding="utf-8")
    return path


def test_plugin_is_registered() -> None:
    run = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True, check=True)
    assert "torchlint" in run.stdout


def test_columns_match_pyflakes_on_the_same_line(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = flake8(path, "--select", "TL,F")
    line = SOURCE.splitlines()[5]
    expected = {
        f"{path}:6:{line.index('nn.MSELoss') + 1}: TL001",
        f"{path}:6:{line.index('undefined_weight') + 1}: F821",
    }
    found = {text.split(" ", 1)[0] + " " + text.split(" ")[1] for text in run.stdout.splitlines()}
    assert found == expected, run.stdout


def test_select_tl_reports_only_torchlint(tmp_path: Path) -> None:
    run = flake8(write(tmp_path), "--select", "TL")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and " TL001 MSELoss: " in lines[0]


def test_bare_noqa_silences(tmp_path: Path) -> None:
    run = flake8(write(tmp_path, "  # noqa"), "--select", "TL,F")
    assert (run.returncode, run.stdout) == (0, "")


def test_noqa_with_code_silences_only_that_code(tmp_path: Path) -> None:
    run = flake8(write(tmp_path, "  # noqa: TL001"), "--select", "TL,F")
    assert run.returncode == 1
    assert "TL001" not in run.stdout and "F821" in run.stdout


def test_extend_ignore_turns_the_rule_off(tmp_path: Path) -> None:
    run = flake8(write(tmp_path), "--select", "TL", "--extend-ignore", "TL001")
    assert (run.returncode, run.stdout) == (0, "")


def test_syntax_errors_are_left_to_flake8(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("import torch\nloss = nn.MSELoss()(\n", encoding="utf-8")
    run = flake8(path, "--select", "TL,E999")
    assert "E999" in run.stdout and "TL000" not in run.stdout


def test_an_internal_error_is_one_tl000_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path)
    failing_rule = (
        "import sys\n"
        "from torchlint.rules.tl001_loss_target_shape import LossTargetShape\n"
        "def failing(self, facts):\n"
        "    raise KeyError('injected')\n"
        "LossTargetShape.check = failing\n"
        "from flake8.main.cli import main\n"
        "sys.exit(main())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", failing_rule, "--isolated", "--select", "TL", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1
    assert run.stdout.strip() == f"{path}:1:1: TL000 torchlint could not analyse this file: KeyError('injected') (please report)"
    assert "Traceback" not in run.stderr


def test_a_file_no_rule_needs_is_linted_without_importing_libcst(tmp_path: Path) -> None:
    # libcst takes longer to import than flake8 takes to lint a file: an editor
    # saving a file without torch, or a file of model definitions whose loops
    # only run a model's own layers (the outline says so from flake8's tree),
    # must not pay for it.
    probe = (
        "import ast, sys\n"
        "from torchlint.flake8_plugin import Flake8Plugin\n"
        f"for text in ('import os\\nprint(os.sep)\\n', 'import torch\\nx = torch.ones(3)\\n', {MODEL_LIBRARY!r}):\n"
        "    assert list(Flake8Plugin(ast.parse(text), 'f.py', text.splitlines(True)).run()) == []\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'libcst'))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
