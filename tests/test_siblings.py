"""A script's own project modules (``from models import Net``) are read and
their top level evaluated (torchlint/core/siblings.py): what they define is
known where the script uses it, their findings stay theirs, and nothing they
hold can break the lint."""

from __future__ import annotations

from pathlib import Path

from tests.cli_run import torchlint, write
from torchlint import engine
from torchlint.engine import Selection, lint_text

MODELS = """\
import torch.nn as nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 1)

    def forward(self, x):
        return self.fc(x)
"""

TRAIN = """\
import torch
from models import Regressor

x, y = torch.randn(64, 3), torch.randn(64)
model = Regressor()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for step in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
"""


def lint(path: Path) -> list:
    return lint_text(path.read_text(encoding="utf-8"), str(path), Selection())


def test_a_model_class_from_a_module_beside_the_script(tmp_path: Path) -> None:
    write(tmp_path, "models.py", MODELS)
    write(tmp_path, "train.py", TRAIN)
    (finding,) = lint(tmp_path / "train.py")
    assert finding.code == "TL001" and finding.line == 9 and "(64, 1)" in finding.message


def test_a_module_found_above_the_script_and_relative_imports(tmp_path: Path) -> None:
    write(tmp_path, "project/models.py", MODELS)
    write(tmp_path, "project/scripts/train.py", TRAIN)  # run from the project root
    assert [d.code for d in lint(tmp_path / "project/scripts/train.py")] == ["TL001"]
    write(tmp_path, "package/__init__.py", "")
    write(tmp_path, "package/models.py", MODELS)
    write(tmp_path, "package/train.py", TRAIN.replace("from models import", "from .models import"))
    assert [d.code for d in lint(tmp_path / "package/train.py")] == ["TL001"]


def test_a_name_a_package_re_exports_is_read_where_it_is_defined(tmp_path: Path) -> None:
    write(tmp_path, "models/__init__.py", "from .regressor import Regressor\n")
    write(tmp_path, "models/regressor.py", MODELS)
    write(tmp_path, "train.py", TRAIN)
    assert [d.code for d in lint(tmp_path / "train.py")] == ["TL001"]


def test_a_bug_seen_in_an_imported_function_is_reported_at_the_call(tmp_path: Path) -> None:
    fit = """\
import torch


def fit(model, x, y):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(100):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
"""
    write(tmp_path, "fitting.py", fit)
    write(tmp_path, "train.py", "import torch\nfrom fitting import fit\n\nfit(torch.nn.Linear(3, 1), torch.randn(64, 3), torch.randn(64))\n")
    # train.py names no loss: the module it imports fit() from trains, so it is analysed all the same.
    (finding,) = lint(tmp_path / "train.py")
    assert finding.code == "TL001" and finding.line == 4
    assert finding.message.startswith("at line 8 of fitting.py in `fit()`, called here: mse_loss: prediction")
    assert lint(tmp_path / "fitting.py") == []  # linted alone, its parameters are unknown


def test_only_a_call_into_a_module_that_trains_makes_an_entry_script(tmp_path: Path) -> None:
    write(tmp_path, "layers.py", "import torch.nn as nn\n\n\ndef block(n):\n    return nn.Linear(n, n)\n")
    write(tmp_path, "steps.py", "import torch\n\n\ndef step(model, x, y, loss_fn):\n    loss_fn(model(x), y).backward()\n")
    library = write(tmp_path, "net.py", "import torch\nfrom layers import block\n\nnet = block(4)\n")
    imported_only = write(tmp_path, "main.py", "import torch\nfrom steps import step\n\nprint(torch.__version__)\n")
    entry = write(tmp_path, "run.py", "import torch\nfrom steps import step\n\nstep(None, None, None, None)\n")
    for path, expected in ((library, False), (imported_only, False), (entry, True)):
        assert engine._trains_through_imports(path.read_text(), str(path), Selection()) is expected, path.name


def test_cycles_syntax_errors_and_main_blocks_are_harmless(tmp_path: Path) -> None:
    write(tmp_path, "a.py", "from b import helper\nVALUE = 1\n")
    write(tmp_path, "b.py", "from a import VALUE\n\ndef helper():\n    return VALUE\n")
    write(tmp_path, "broken.py", "def oops(:\n")
    write(tmp_path, "models.py", MODELS + '\nif __name__ == "__main__":\n    Regressor = None\n')
    write(tmp_path, "train.py", "from a import helper\nfrom broken import oops\n" + TRAIN)
    (finding,) = lint(tmp_path / "train.py")
    assert finding.code == "TL001"


def test_the_cache_holds_only_while_the_imported_module_is_unchanged(tmp_path: Path) -> None:
    write(tmp_path, "models.py", MODELS)
    write(tmp_path, "train.py", TRAIN)
    assert torchlint("check", ".", cwd=tmp_path).returncode == 1
    write(tmp_path, "models.py", MODELS.replace("return self.fc(x)", "return self.fc(x).squeeze(-1)"))
    assert torchlint("check", ".", cwd=tmp_path).returncode == 0  # the model changed, not train.py: analysed again


def test_a_directory_the_script_puts_on_sys_path_is_searched(tmp_path: Path) -> None:
    write(tmp_path, "shared/models.py", MODELS)
    script = "import os\nimport sys\n\nsys.path.append(os.path.abspath('../shared'))\n" + TRAIN
    write(tmp_path, "experiments/train.py", script)
    (finding,) = lint(tmp_path / "experiments/train.py")
    assert finding.code == "TL001" and "(64, 1)" in finding.message
    write(tmp_path, "elsewhere/train.py", TRAIN)  # no sys.path entry: the module is not found, nothing is known
    assert lint(tmp_path / "elsewhere/train.py") == []


def test_an_entry_script_without_torch_calling_an_imported_fit_method(tmp_path: Path) -> None:
    regressor = MODELS + """

class Wrapper:
    def __init__(self, model):
        self.model = model

    def fit(self, X, y):
        X, y = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
        optimizer = torch.optim.Adam(self.model.parameters(), lr=0.01)
        for _ in range(100):
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(self.model(X), y).backward()
            optimizer.step()
"""
    write(tmp_path, "models.py", "import torch\n" + regressor)
    script = "import numpy as np\nfrom models import Regressor, Wrapper\n\nWrapper(Regressor()).fit(np.random.randn(200, 3), np.random.randn(200))\n"
    write(tmp_path, "main.py", script)
    (finding,) = lint(tmp_path / "main.py")
    assert finding.code == "TL001" and finding.line == 4 and "in `fit()`, called here" in finding.message
