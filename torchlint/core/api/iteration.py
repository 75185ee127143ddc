"""What a ``for`` loop gets from each kind of iterable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

from torchlint.core.api import pandas_, textfiles, torch_
from torchlint.core.api.arrays import FRAME, NDARRAY, TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.facts import Arg
from torchlint.core.values import (
    Array,
    ColumnName,
    Const,
    FunctionValue,
    ImageDataset,
    Instance,
    Iterable,
    LambdaValue,
    ListOf,
    Loader,
    Parameters,
    Seq,
    SymInt,
    TensorData,
    Value,
    join,
)

if TYPE_CHECKING:
    from torchlint.core.evaluator import Evaluator


# A range this short keeps its ints one by one (a loop that builds a model or
# data over it can run once per int; the evaluator decides), and an array this
# short becomes a list or tuple of its rows one by one.
SHORT_RANGE = 8


def known_items(value: Optional[Value]) -> Optional[Tuple[Optional[Value], ...]]:
    """The items an iteration over ``value`` binds, one by one, where each is
    known: a literal list or tuple, ``range(3)``'s ints, a frame's column
    labels by name (``for c in df.columns``), the rows of a short array
    (``[xs[i] for i in idx]``, idx of a batch size of 1: one item, not N)."""
    if isinstance(value, Iterable) and value.items:
        return value.items
    if isinstance(value, Seq):
        return value.items
    if isinstance(value, Array) and value.kind in (TENSOR, NDARRAY) and value.shape and isinstance(value.shape[0], int):
        if 0 < value.shape[0] <= SHORT_RANGE:
            return (_row(value),) * value.shape[0]
    if isinstance(value, pandas_.ColumnLabels) and value.names is not None and value.count == len(value.names):
        return tuple(Const(name) for name in value.names)  # all of them: no one-hot columns of unknown number follow
    return None


def leading_labels(value: Optional[Value]) -> Optional[Tuple[str, ...]]:
    """The names of a frame's first columns, where more of unknown number
    follow them (one-hot columns of get_dummies)."""
    if isinstance(value, pandas_.ColumnLabels) and value.names is not None and value.count is None:
        return value.names
    return None


def labels_followed_by_more(names: Tuple[str, ...]) -> Value:
    """Column labels: these first, more of unknown number after them."""
    return pandas_.ColumnLabels(names, None)


def _row(array: Array) -> Array:
    """What iterating over an array binds: one row, the other dims."""
    return array.with_shape(tuple(array.shape[1:]), array.origin)  # type: ignore[index]


def iterate(value: Optional[Value], evaluator: "Evaluator") -> Optional[Value]:
    """The item each iteration over ``value`` binds."""
    if isinstance(value, (Iterable, ListOf)):
        return value.item
    if isinstance(value, textfiles.TextFile):
        return textfiles.lines(value)  # for line in f
    if isinstance(value, Parameters):
        # for p in model.parameters(): p -= lr * p.grad, a weight of the model, of a shape not followed.
        return Array(kind=TENSOR, shape=None, graph="parameter")
    if isinstance(value, pandas_.ColumnLabels):
        return ColumnName()  # for c in df.columns
    if isinstance(value, Seq):
        if not value.items:
            return None
        item = value.items[0]
        for other in value.items[1:]:
            item = join(item, other)
        return item
    if isinstance(value, Array):
        if value.kind in (TENSOR, NDARRAY) and value.shape:
            return _row(value)
        return ColumnName() if value.kind == FRAME else None  # for c in df
    if isinstance(value, Loader) and isinstance(value.collate_fn, (FunctionValue, LambdaValue)):
        # The file's own collate_fn, called as the DataLoader calls it: on a list of items, even
        # items not known (a dataset of another module), whose batch it may still make known
        # (torch.tensor of a float per item is (B,)).
        sample = _sample(value.dataset, evaluator)
        items = CallSite(value.node, (Arg(ListOf(sample), None),), (), True, evaluator)
        return evaluator.call(value.collate_fn, items)
    if isinstance(value, Loader):
        return torch_.batched(_sample(value.dataset, evaluator), value.node, value.single)
    if isinstance(value, TensorData):
        return _sample(value, evaluator)
    if isinstance(value, Instance):
        method = value.method("__iter__")
        iterator = evaluator.call_function(method, None) if method is not None else value
        step = iterator.method("__next__") if isinstance(iterator, Instance) else None
        if step is not None:
            # An iterator class of the file's own (a hand-written loader whose
            # __iter__ returns self): what its __next__ returns.
            return evaluator.call_function(step, None)
        if method is not None:
            return iterate(iterator, evaluator)
        return _sample(value, evaluator)
    return None


def _sample(dataset: Optional[Value], evaluator: "Evaluator") -> Optional[Value]:
    """One item of a dataset, ``dataset[i]``."""
    rows = torch_.dataset_rows(dataset) if dataset is not None else None
    if rows is not None:
        return Seq(rows)
    if isinstance(dataset, ImageDataset):
        return dataset.sample
    if isinstance(dataset, ListOf) or (isinstance(dataset, Seq) and dataset.kind == "list"):
        return iterate(dataset, evaluator)  # a list of items, list(zip(X, y)): any one of them
    if isinstance(dataset, Array) and dataset.kind in (TENSOR, NDARRAY) and dataset.shape:
        return iterate(dataset, evaluator)  # DataLoader(tensor): its rows, batched
    if isinstance(dataset, Instance):
        method = dataset.method("__getitem__")
        if method is not None:
            site = CallSite(method.node, (Arg(SymInt(None), None),), (), True, evaluator)
            return evaluator.call_function(method, site)
        if dataset.method("__iter__") is not None:
            return iterate(dataset, evaluator)  # an IterableDataset: what its __iter__ yields
    return None
