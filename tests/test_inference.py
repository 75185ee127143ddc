"""What the core knows about values: one case per construct it follows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Optional

import libcst as cst
import pytest

from torchlint.core.evaluator import Evaluator
from torchlint.core.facts import FileFacts
from torchlint.core.shapes import format_shape
from torchlint.core.values import Array, LossModule, Ref, Value

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
X = np.random.rand(100, 2)
y = np.random.randn(100)
T = torch.randn(100, 2)
t = torch.randn(100)
df = pd.read_csv("data.csv")
"""


def evaluate(source: str) -> Evaluator:
    module = cst.parse_module(HEADER + textwrap.dedent(source))
    evaluator = Evaluator(FileFacts(module))
    evaluator.run()
    return evaluator


def value_of(source: str, name: str = "out") -> Optional[Value]:
    return evaluate(source).module_scope.vars.get(name)


def shape_of(source: str, name: str = "out") -> str:
    value = value_of(source, name)
    return format_shape(value.shape) if isinstance(value, Array) else "not an array"


@pytest.mark.parametrize(
    "source, expected",
    [
        # numpy constructors
        ("out = np.random.rand(3, 4)", "(3, 4)"),
        ("out = np.random.randn(5)", "(5,)"),
        ("out = np.zeros((3, 4))", "(3, 4)"),
        ("out = np.ones(7)", "(7,)"),
        ("out = np.array([[1, 2], [3, 4], [5, 6]])", "(3, 2)"),
        ("out = np.linspace(0, 1, 50)", "(50,)"),
        ("out = np.linspace(0, 1)", "(50,)"),
        ("out = np.arange(10)", "(10,)"),
        ("out = np.arange(2, 10, 2)", "(4,)"),
        ("out = np.random.normal(0, 1, size=(20, 3))", "(20, 3)"),
        ("rng = np.random.default_rng(0)\nout = rng.normal(0, 1, (8, 2))", "(8, 2)"),
        ("out = np.random.dirichlet([1.0, 2.0, 3.0], size=10)", "(10, 3)"),
        ("out = np.repeat(np.random.rand(5, 3), 4, axis=0)", "(20, 3)"),
        ("out = np.random.rand(5, 3).repeat(2)", "(30,)"),
        ("out = torch.rand(5, 3).repeat_interleave(2, dim=1)", "(5, 6)"),
        ("out = np.where(np.random.rand(9) > 0.5)[0]", "(?,)"),
        ("out = sum(m * 2 for m in [np.ones((4, 4)), np.zeros((4, 4))])", "(4, 4)"),
        ("out = pd.date_range('2020-01-01', periods=30)", "(30,)"),
        # torch constructors and conversions of known values
        ("out = torch.randn(3, 4)", "(3, 4)"),
        ("out = torch.rand((2,))", "(2,)"),
        ("out = torch.zeros(5, 1)", "(5, 1)"),
        ("out = torch.ones([2, 3])", "(2, 3)"),
        ("out = torch.tensor([1.0, 2.0, 3.0])", "(3,)"),
        ("out = torch.arange(6)", "(6,)"),
        ("out = torch.linspace(0, 1, steps=11)", "(11,)"),
        ("out = torch.tensor(X, dtype=torch.float32)", "(100, 2)"),
        ("out = torch.from_numpy(y)", "(100,)"),
        ("out = torch.as_tensor(X)", "(100, 2)"),
        ("out = torch.Tensor(X)", "(100, 2)"),
        ("out = torch.FloatTensor(y)", "(100,)"),
        ("out = torch.Tensor(3, 4)", "(3, 4)"),
        ("out = torch.zeros_like(T)", "(100, 2)"),
        # pandas
        ('out = df["price"]', "(N,)"),
        ("out = df.price", "(N,)"),
        ("out = df.iloc[:, -1]", "(N,)"),
        ('out = df[["a", "b"]]', "(N, 2)"),
        ('out = df.drop(columns=["price"])', "(N, ?)"),
        ('out = df.drop("price", axis=1)', "(N, ?)"),
        ("out = df.iloc[:, :-1]", "(N, ?)"),
        ('out = df["price"].values', "(N,)"),
        ('out = df[["a", "b"]].to_numpy()', "(N, 2)"),
        ('out = df.loc[:, "price"]', "(N,)"),
        # indexing
        ("out = X[:, 0]", "(100,)"),
        ("out = X[:, 0:1]", "(100, 1)"),
        ("out = X[:, [0]]", "(100, 1)"),
        ("out = X[:, None]", "(100, 1, 2)"),
        ("out = y[:, np.newaxis]", "(100, 1)"),
        ("out = X[..., 0]", "(100,)"),
        ("out = X[:10]", "(10, 2)"),
        ("out = X[0]", "(2,)"),
        ("out = y[y > 0]", "(?,)"),
        # reshaping
        ("out = y.reshape(-1, 1)", "(100, 1)"),
        ("out = t.view(-1, 1)", "(100, 1)"),
        ("out = t.view_as(T[:, :1])", "(100, 1)"),
        ("out = t.unsqueeze(1)", "(100, 1)"),
        ("out = t.unsqueeze(-1)", "(100, 1)"),
        ("out = t.reshape(-1, 1).squeeze()", "(100,)"),
        ("out = t.reshape(-1, 1).squeeze(1)", "(100,)"),
        ("out = T.flatten()", "(200,)"),
        ("out = X.ravel()", "(200,)"),
        ("out = X.T", "(2, 100)"),
        ("out = np.expand_dims(y, 1)", "(100, 1)"),
        ("out = y.reshape(len(y), 1)", "(100, 1)"),
        ("out = t.reshape(t.shape[0], 1)", "(100, 1)"),
        ("out = torch.unsqueeze(t, 1)", "(100, 1)"),
        # elementwise arithmetic and broadcasting
        ("out = X * 2 + 1", "(100, 2)"),
        ("out = 2 * X[:, 0] + 3 * X[:, 1] + np.random.randn(100) * 10", "(100,)"),
        ("out = t.reshape(-1, 1) - t", "(100, 100)"),
        ("out = (X - X.mean(axis=0)) / X.std(axis=0)", "(100, 2)"),
        ("out = T @ torch.randn(2, 5)", "(100, 5)"),
        # in-place operations keep the shape or change it as the method says
        ("out = torch.randn(10)\nout.unsqueeze_(1)", "(10, 1)"),
        ("out = np.random.rand(10, 2)\nout[:, 0] *= 100", "(10, 2)"),
        ("out = torch.randn(4)\nout += 1", "(4,)"),
        # shape-preserving conversions
        ("out = T.float()", "(100, 2)"),
        ("out = T.double().to('cpu').cuda().detach()", "(100, 2)"),
        ("out = X.astype(np.float32)", "(100, 2)"),
        # stack and cat
        ("out = torch.stack([t, t], dim=1)", "(100, 2)"),
        ("out = torch.cat([T, torch.randn(100, 3)], dim=1)", "(100, 5)"),
        ("out = np.column_stack([y, y, y])", "(100, 3)"),
        ("out = np.c_[y, y]", "(100, 2)"),
        # models
        ("out = nn.Linear(2, 1)(T)", "(100, 1)"),
        ("out = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())(T)", "(100, 1)"),
        (
            """
            class Net(nn.Module):
                def __init__(self, inputs, outputs=3):
                    super().__init__()
                    self.hidden = nn.Linear(inputs, 16)
                    self.head = nn.Linear(16, outputs)
                def forward(self, x):
                    return self.head(torch.relu(self.hidden(x)))
            out = Net(2)(T)
            """,
            "(100, 3)",
        ),
        (
            """
            class Net(nn.Module):
                def __init__(self):
                    super(Net, self).__init__()
                    self.fc = nn.Linear(2, 1)
                def forward(self, x):
                    return self.fc(x).squeeze(-1)
            model = Net()
            out = model(T)
            """,
            "(100,)",
        ),
        # batches
        (
            """
            loader = DataLoader(TensorDataset(T, t), batch_size=10, shuffle=True)
            for xb, out in loader:
                pass
            """,
            "(B,)",
        ),
        (
            """
            loader = DataLoader(TensorDataset(T, t), batch_size=10)
            for step, (out, yb) in enumerate(loader):
                pass
            """,
            "(B, 2)",
        ),
        # a loop over a short literal range runs once per int
        (
            """
            out = torch.randn(10)
            for _ in range(3):
                out = out.unsqueeze(0)
            """,
            "(1, 1, 1, 10)",
        ),
        # values passed into the file's own functions
        (
            """
            def prepare(features):
                return torch.tensor(features, dtype=torch.float32).unsqueeze(1)
            out = prepare(y)
            """,
            "(100, 1)",
        ),
        # an index array of two dims in one place; numpy's transpose by axes; written in place, whatever is added
        ("x = torch.randn(32, 3)\ni = torch.zeros(32, 1, dtype=torch.long)\nout = x[:, i]", "(32, 32, 1)"),
        ("out = np.zeros((4, 16, 16, 3)).transpose(0, 3, 1, 2)", "(4, 3, 16, 16)"),
        ("out = np.zeros((16, 16))\nfor i in range(3):\n    out += k[i] * p[i:i + 16]", "(16, 16)"),
        ("from sklearn.datasets import load_digits\nout = load_digits().images", "(1797, 8, 8)"),
        # windows cut in a dataset's item are the span's rows, not a mini-batch's B; patches by unfold
        (
            """
            class Windows:
                def __init__(self):
                    self.s, self.seq_len = np.random.rand(500), 60
                def __getitem__(self, i):
                    return self.s[i:i + self.seq_len]
            out = Windows()[3]
            """,
            "(60,)",
        ),
        ("out = torch.randn(8, 60).unfold(1, 12, 12)", "(8, 5, 12)"),
        # window bounds offset from one index both ways; a value inserted or appended
        ("prices = np.random.rand(500)\nwindow = 10\nout = np.stack([prices[t - window + 1:t + 1] for t in range(window, 400)])", "(N, 10)"),
        ("out = np.stack([np.random.rand(500)[t - 9:t + 1] for t in range(9, 400)])", "(N, 10)"),
        ("out = np.insert(np.diff(np.random.rand(50)), 0, 0)", "(50,)"),
        # imported by name, the function is still the one it names (argsort's indices, append's values)
        ("from numpy import append\nout = append(np.zeros(4), 1.0)", "(5,)"),
        # a replay batch's columns: map(np.array, zip(*batch)); a grid cell's row and column by divmod
        (
            """
            import random
            memory = []
            for _ in range(100):
                s = random.randrange(24)
                r, c = divmod(s, 5)
                memory.append((s, 1.0, (r, c) == (4, 4)))
            states, rewards, dones = map(np.array, zip(*random.sample(memory, 64)))
            out = np.zeros((len(states), 25))
            """,
            "(N, 25)",
        ),
        # a column per item of a list of unseen length; an unknown size against a known one broadcasts to it
        ("phases = np.random.uniform(0, 6, 12)\nt = np.arange(500)\nout = np.stack([np.sin(t + p) for p in phases], 1)", "(500, ?)"),
        ("out = torch.randn(4, 3) + torch.randn(len(sys.argv), 3)", "(4, 3)"),
        # np.vstack / np.hstack of one array: its items along the first axis stacked
        ("out = np.vstack(np.concatenate([np.random.rand(40) for _ in range(30)]))", "(?, 1)"),
        ("out = np.vstack(np.random.rand(40))", "(40, 1)"),
        ("out = np.vstack(np.random.rand(5, 4, 3))", "(20, 3)"),
        ("out = np.hstack(np.random.rand(5, 4))", "(20,)"),
        # a diagonal matrix of a vector and back; coordinate grids, numpy's "xy" swapping the first two sizes
        ("out = np.diag(np.random.rand(7))", "(7, 7)"),
        ("out = torch.diag(torch.randn(3, 5))", "(3,)"),
        ("out, _ = np.meshgrid(np.arange(3), np.arange(4))", "(4, 3)"),
        ("_, out = torch.meshgrid(torch.arange(3), torch.arange(4), indexing='ij')", "(3, 4)"),
        # one gradient per input, in that input's shape; draws per parameter of an array of them
        ("t = torch.rand(9, requires_grad=True)\nout = torch.autograd.grad(t.sum(), [t])[0]", "(9,)"),
        ("out = np.random.poisson(np.full((4, 6), 20.0))", "(4, 6)"),
        # every window of 64 samples; a sum of harmonics whose weights are a float's powers (0.7 ** h)
        ("from numpy.lib.stride_tricks import sliding_window_view\nout = sliding_window_view(np.random.rand(1000), 64)[::32]", "(30, 64)"),
        ("from numpy.lib.stride_tricks import sliding_window_view\nout = sliding_window_view(np.zeros((50, 3)), 8, axis=0)", "(43, 3, 8)"),
        ("t = np.arange(2000) / 8000\nout = sum(0.7 ** h * np.sin(2 * np.pi * 440 * h * t) for h in range(1, 6))", "(2000,)"),
        ("out = np.atleast_2d(np.random.rand(5))", "(1, 5)"),
        # models picked by a condition not followed that agree on the output's shape
        ("if flag:\n    m = nn.Linear(2, 1)\nelse:\n    m = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))\nout = m.to('cpu')(T)", "(100, 1)"),
        # data scaled by bounds of unknown value (a file not read): the data's shape
        ("out = (X - unknown_low) / (unknown_high - unknown_low)", "(100, 2)"),
        ("out = np.average(np.random.rand(6, 3), axis=0, weights=np.ones(6))", "(3,)"),
        ("out = torch.triu(torch.randn(4, 4))", "(4, 4)"),
        # channels folded into space and back; dims squeezed last first, over reversed(range(...))
        ("out = nn.PixelShuffle(2)(torch.randn(4, 8, 5, 5))", "(4, 2, 10, 10)"),
        ("out = torch.nn.functional.pixel_unshuffle(torch.randn(4, 2, 10, 10), 2)", "(4, 8, 5, 5)"),
        (
            """
            out = torch.randn(8, 1, 3, 1)
            for i in reversed(range(1, len(out.size()))):
                out = torch.squeeze(out, i)
            """,
            "(8, 3)",
        ),
    ],
)
def test_shape(source: str, expected: str) -> None:
    assert shape_of(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "out = load_data()",
        "out = t.reshape(shape)",
        "out = torch.randn(*dims)",
        "out = np.loadtxt('data.txt')",
        "out = nn.Conv2d(3, 8, 3)(T)",
        # models picked by a condition not followed that disagree on the output's width
        "if flag:\n    m = nn.Linear(2, 1)\nelse:\n    m = nn.Linear(2, 3)\nout = m(T)",
        # a column, or a statistic, against a value of unknown shape: that one may stretch it
        "out = X[:, :1] * unknown_factor",
        "out = X.mean(0) - unknown_data",
        "out = t.squeeze(unknown_dim)",
        "out = y[index]",
        "out = torch.randn(10)\nif flag:\n    out = out.reshape(-1, 1)",
        "out = torch.randn(10)\nfor _ in range(n):\n    out = out.unsqueeze(0)",
        "out = torch.randn(10)\nfor _ in range(30):\n    out = out.unsqueeze(0)",
    ],
)
def test_unknown_stays_unknown(source: str) -> None:
    value = value_of(source)
    assert not isinstance(value, Array) or value.shape is None or None in value.shape


@pytest.mark.parametrize(
    "imports, expression, qualname",
    [
        ("import torch.nn as nn", "nn.MSELoss", "torch.nn.MSELoss"),
        ("from torch import nn", "nn.MSELoss", "torch.nn.MSELoss"),
        ("import torch", "torch.nn.MSELoss", "torch.nn.MSELoss"),
        ("from torch.nn import MSELoss", "MSELoss", "torch.nn.MSELoss"),
        ("from torch.nn import MSELoss as Loss", "Loss", "torch.nn.MSELoss"),
        ("import torch.nn.functional as F", "F.mse_loss", "torch.nn.functional.mse_loss"),
        ("from torch.nn import functional as F", "F.mse_loss", "torch.nn.functional.mse_loss"),
        ("from torch.nn.functional import mse_loss as mse", "mse", "torch.nn.functional.mse_loss"),
        ("from torch.nn.modules.loss import MSELoss", "MSELoss", "torch.nn.MSELoss"),
        ("import numpy as np", "np.random.rand", "numpy.random.rand"),
        ("import pandas as pd", "pd.read_csv", "pandas.read_csv"),
        ("from torch.utils.data.dataloader import DataLoader", "DataLoader", "torch.utils.data.DataLoader"),
        ("from torch.optim.sgd import SGD", "SGD", "torch.optim.SGD"),
    ],
)
def test_names_resolve_to_qualified_names(imports: str, expression: str, qualname: str) -> None:
    assert value_of(f"{imports}\nout = {expression}") == Ref(qualname)


def test_a_rebound_name_no_longer_means_the_import() -> None:
    assert value_of("import torch.nn.functional as F\nF = object()\nout = F.mse_loss") is None


def test_loss_module_instances_are_known_under_any_name() -> None:
    evaluator = evaluate(
        """
        class Trainer:
            def __init__(self):
                self.loss_fn = nn.SmoothL1Loss()
        out = Trainer().loss_fn
        """
    )
    assert evaluator.module_scope.vars["out"] == LossModule("torch.nn.SmoothL1Loss", evaluator.module_scope.vars["out"].node)


def test_loss_calls_are_recorded_with_prediction_and_target() -> None:
    evaluator = evaluate(
        """
        import torch.nn.functional as F
        model = nn.Linear(2, 1)
        def train(net, features, target):
            for _ in range(10):
                loss = F.huber_loss(net(features), target)
        train(model, T, t)
        """
    )
    (call,) = evaluator.facts.loss_calls
    assert call.functional == "huber_loss"
    assert format_shape(call.prediction.value.shape) == "(100, 1)"
    assert format_shape(call.target.value.shape) == "(100,)"


def test_the_core_does_not_import_torch() -> None:
    code = (
        "import sys, torchlint.engine as e;"
        "e.lint_text(open('fixtures/seed/example3_target_1d.py').read(), 'x.py', e.Selection());"
        "print('torch' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.strip() == "False"
