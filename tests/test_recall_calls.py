"""Calls and constructs that no longer turn a value unknown on its way to a
loss (issue 11, branch tl001-misc): what the core knows of each."""

from __future__ import annotations

import math
import textwrap
from typing import Optional

import libcst as cst
import pytest

from torchlint.core.evaluator import Evaluator
from torchlint.core.facts import FileFacts
from torchlint.core.shapes import format_shape
from torchlint.core.values import Array, Const, Number, SymInt, Value

HEADER = """\
import numpy as np
import pandas as pd
import torch
from scipy.special import factorial
from torch.utils.data import Subset, TensorDataset, random_split
X = torch.randn(100, 3)
y = torch.randn(100)
df = pd.read_csv("https://example.org/unreadable.csv")
"""


def value_of(source: str, name: str = "out") -> Optional[Value]:
    evaluator = Evaluator(FileFacts(cst.parse_module(HEADER + textwrap.dedent(source))))
    evaluator.run()
    return evaluator.module_scope.vars.get(name)


def shape_of(source: str) -> str:
    value = value_of(source)
    return format_shape(value.shape) if isinstance(value, Array) else "not an array"


@pytest.mark.parametrize(
    "source, expected",
    [
        # max/min/sum of Python numbers
        ("out = max([3, 5, 4])", Const(5)),
        ("out = min(2, 7)", Const(2)),
        ("out = sum([1, 2, 3])", Const(6)),
        ("rows = [float(t) for t in 'a b'.split()]\nout = max(rows)", Number()),
        ("out = max([int(t) for t in '1 2'.split()])", SymInt(None)),
        # a list of unknown length whose items are all 1 sums to an unknown int
        ("out = sum([1 for t in input().split()])", SymInt(None)),
        ("out = hash('word') % 50", SymInt(None)),
        # not numbers, or a key=: unknown
        ("out = max(['a', 'b'])", None),
        ("out = max([3, 5], key=abs)", None),
        ("out = len(df.columns.drop(['a', 'b']))", SymInt(None)),
        # the numbers libraries name
        ("out = np.pi", Const(math.pi)),
        ("from math import tau\nout = tau", Const(math.tau)),
        ("out = torch.e", Const(math.e)),
    ],
)
def test_scalar(source: str, expected: Optional[Value]) -> None:
    assert value_of(source) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        # a frame's columns, less some: a frame of unknown width, (N, ?) as an array
        ("out = df[df.columns.drop(['a', 'b'])].values", "(N, ?)"),
        ("cols = df.columns.drop('y').tolist()\nout = df[cols]", "(N, ?)"),
        ("out = df.loc[:, df.columns.drop('y')]", "(N, ?)"),
        # known columns: counted
        ("f = pd.DataFrame({'a': [1], 'b': [2], 'y': [3]})\nout = f[f.columns.drop('y')]", "(N, 2)"),
        # a TensorDataset sliced, or its tensors
        ("out = TensorDataset(X, y)[:][1]", "(100,)"),
        ("out = TensorDataset(X, y)[:10][0]", "(10, 3)"),
        ("out = TensorDataset(X, y).tensors[1]", "(100,)"),
        # a part of one holds fewer rows: its length is not the whole's
        ("part, _ = random_split(TensorDataset(X, y), [80, 20])\nout = part[:][1]", "(?,)"),
        ("out = Subset(TensorDataset(X, y), range(10))[:][0]", "(?, 3)"),
        # a text file not at hand is a column or a table: two indices show a table
        ("out = np.loadtxt('absent.txt', delimiter=',')[:, -1]", "(N,)"),
        ("out = np.loadtxt('absent.txt', delimiter=',')[:, :2]", "(N, ?)"),
        ("out = np.loadtxt('absent.txt').astype(np.float32)[:, 0]", "(N,)"),
        ("out = torch.tensor(np.genfromtxt('absent.txt', delimiter=','))[:, 3]", "(N,)"),
        # one index, or a reshape first: still unknown
        ("out = np.loadtxt('absent.txt')[1:]", "(unknown)"),
        ("out = np.loadtxt('absent.txt').reshape(4, -1)[:, 0]", "(4,)"),
        ("d = np.loadtxt('absent.txt')\nd = d.T\nout = d[:, 0]", "not an array"),
        # argmax as a function, numpy's operators as functions, permutations
        ("out = np.argmax(X.numpy(), axis=1)", "(100,)"),
        ("out = torch.argmax(X, dim=1, keepdim=True)", "(100, 1)"),
        ("out = np.power(y.numpy(), 2)", "(100,)"),
        ("out = np.add(X.numpy(), np.ones(3))", "(100, 3)"),
        ("out = np.random.permutation(len(y))", "(100,)"),
        ("out = np.random.permutation(X.numpy())", "(100, 3)"),
        # expand, repeat and new_* of tensors
        ("out = y.unsqueeze(1).expand(-1, 4)", "(100, 4)"),
        ("out = y.expand(3, 100)", "(3, 100)"),
        ("out = X.repeat(2, 1)", "(200, 3)"),
        ("out = y.repeat(3, 1)", "(3, 100)"),
        ("out = X.numpy().repeat(2)", "not an array"),  # numpy's repeat flattens
        ("out = X.new_ones(X.size(0))", "(100,)"),
        ("out = X.new_zeros(5, 1)", "(5, 1)"),
        ("out = X.new_full((5, 1), 0.9)", "(5, 1)"),
        ("out = np.linspace(-np.pi, np.pi, 200)", "(200,)"),
        ("out = torch.bernoulli(torch.rand(10, 1))", "(10, 1)"),
        # scipy.special's ufuncs keep the shape
        ("out = factorial(torch.arange(1, 5).reshape(1, -1))", "(1, 4)"),
        # rows of one concatenated: one per part; a deque filled from the left
        ("parts = [torch.randn(1, 3) for _ in y.tolist()]\nout = torch.cat(parts)", "(N, 3)"),
        ("parts = [torch.randn(2, 3) for _ in y.tolist()]\nout = torch.cat(parts)", "(?, 3)"),
        ("from collections import deque\nq = deque()\nq.appendleft(X)\nout = q[0]", "(100, 3)"),
        # an unknown size against a named one takes the name
        ("parts = [torch.randn(1) for _ in y.tolist()]\nout = torch.cat(parts) * torch.ones(int(y.sum().item()))", "(N,)"),
        # slices written as slice objects, sampled indices, arange of a length, np.split
        ("out = X[slice(2, 2 + 10)]", "(10, 3)"),
        ("out = torch.multinomial(torch.rand(8, 5), 1)", "(8, 1)"),
        ("out = torch.arange(len(y.tolist()))", "(N,)"),
        ("a, b = np.split(X.numpy(), [80])\nout = b", "(?, 3)"),
    ],
)
def test_shape(source: str, expected: str) -> None:
    assert shape_of(source) == expected


def test_dropping_an_absent_label_is_unknown() -> None:
    # pandas raises a KeyError: no frame comes out of it
    source = "f = pd.DataFrame({'a': [1], 'y': [3]})\nout = f.columns.drop('z')"
    assert value_of(source) is None


def test_factorial_gives_floats_in_an_ndarray() -> None:
    value = value_of("out = factorial(torch.arange(1, 5))")
    assert isinstance(value, Array) and value.kind == "ndarray" and value.dtype == "float64"
