"""Calls and constructs that no longer turn a value unknown on its way to a
loss (issue 11, branch tl001-misc): what the core knows of each."""

from __future__ import annotations

import textwrap
from typing import Optional

import libcst as cst
import pytest

from torchlint.core.evaluator import Evaluator
from torchlint.core.facts import FileFacts
from torchlint.core.shapes import format_shape
from torchlint.core.values import Array, Const, Number, SymInt, Value

HEADER = """\
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
        ("out = sum([1 for t in 'a b'.split()])", SymInt(None)),
        ("out = hash('word') % 50", SymInt(None)),
        # not numbers, or a key=: unknown
        ("out = max(['a', 'b'])", None),
        ("out = max([3, 5], key=abs)", None),
        ("out = len(df.columns.drop(['a', 'b']))", SymInt(None)),
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
        # scipy.special's ufuncs keep the shape
        ("out = factorial(torch.arange(1, 5).reshape(1, -1))", "(1, 4)"),
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
