"""Legacy torchtext (``torchtext.data`` before 0.9, ``torchtext.legacy.data``
up to 0.11): Fields, the datasets that name them, and the iterators whose
batches carry one tensor per field (``batch.text``, ``batch.label``).

A Field decides the shape of its tensor in every batch: a sequential field
(the default) pads its examples into ``(len, B)``, or ``(B, len)`` with
``batch_first=True``, and with ``include_lengths=True`` gives the pair
``(tensor, lengths)``; a non-sequential field (``LabelField``, or
``Field(sequential=False)``) gives one value per example, ``(B,)``, of the
Field's ``dtype`` (int64 unless given). A Field whose batches this module
cannot predict (an argument it does not know, ``postprocessing``) is unknown.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Tuple

from torchlint.core import shapes
from torchlint.core.api import arrays
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Array, Bunch, Const, Iterable, LibraryObject, Seq, Value

# The packages legacy torchtext was published under.
_PACKAGES = ("torchtext.data", "torchtext.legacy.data")
_DATASET_PACKAGES = ("torchtext.datasets", "torchtext.legacy.datasets")

# Field arguments that leave the shape and dtype of its batches as modelled here.
_SHAPE_NEUTRAL = frozenset(
    "use_vocab init_token eos_token preprocessing lower tokenize tokenizer_language pad_token unk_token"
    " pad_first truncate_first stop_words is_target".split()
)
# Field's first parameters, in order: the ones a call may pass by position.
_FIELD_PARAMETERS = ("sequential", "use_vocab", "init_token", "eos_token", "fix_length", "dtype")


@dataclasses.dataclass(frozen=True)
class TextField(LibraryObject):
    """A Field, and the value one batch holds for it (None when unknown)."""

    batched: Optional[Value] = None


@dataclasses.dataclass(frozen=True)
class TextDataset(LibraryObject):
    """A dataset of examples: the name each Field's column has on a batch."""

    fields: Tuple[Tuple[str, Optional[Value]], ...] = ()


def _flag(site: CallSite, index: Optional[int], name: str, default: bool) -> Optional[bool]:
    if not site.given(index, name):
        return default
    given = site.value(index, name)
    return given.value if isinstance(given, Const) and isinstance(given.value, bool) else None


def _field(sequential_default: bool):
    def make(site: CallSite) -> Optional[Value]:
        qualname = "torchtext.data.Field"
        known = {"sequential", "dtype", "batch_first", "include_lengths", "fix_length", *_SHAPE_NEUTRAL}
        if not site.complete or len(site.args) > len(_FIELD_PARAMETERS) or any(name not in known for name, _ in site.kwargs):
            return TextField(qualname)
        dtype = arrays.dtype_of(site.value(5, "dtype"), "torch") if site.given(5, "dtype") else "int64"
        sequential = _flag(site, 0, "sequential", sequential_default)
        batch_first = _flag(site, None, "batch_first", False)
        include_lengths = _flag(site, None, "include_lengths", False)
        if dtype is None or sequential is None or batch_first is None or include_lengths is None:
            return TextField(qualname)
        if not sequential:
            return TextField(qualname, Array(kind=TENSOR, shape=(shapes.BATCH,), origin=site.node, dtype=dtype))
        fixed = site.value(4, "fix_length")
        length = fixed.value if isinstance(fixed, Const) and isinstance(fixed.value, int) else None
        shape = (shapes.BATCH, length) if batch_first else (length, shapes.BATCH)
        tokens = Array(kind=TENSOR, shape=shape, origin=site.node, dtype=dtype)
        if include_lengths:
            return TextField(qualname, Seq((tokens, Array(kind=TENSOR, shape=(shapes.BATCH,), origin=site.node, dtype="int64"))))
        return TextField(qualname, tokens)

    return make


for _package in _PACKAGES:
    handles(f"{_package}.Field", f"{_package}.field.Field", f"{_package}.ReversibleField")(_field(True))
    handles(f"{_package}.LabelField", f"{_package}.field.LabelField")(_field(False))


def _named_fields(given: Optional[Value]) -> Optional[Tuple[Tuple[str, Optional[Value]], ...]]:
    """The ``fields=`` of a Dataset or TabularDataset: ``[("text", TEXT), ("label", LABEL)]``
    (a None field skips a column), or for JSON ``{"key": ("text", TEXT)}``."""
    if isinstance(given, Bunch):
        pairs = [value for _, value in given.fields]
    elif isinstance(given, Seq):
        pairs = list(given.items)
    else:
        return None
    named = []
    for pair in pairs:
        if not (isinstance(pair, Seq) and len(pair.items) == 2 and isinstance(pair.items[0], Const)):
            return None
        name, field = pair.items
        if isinstance(name.value, str):  # type: ignore[union-attr]
            named.append((name.value, field))  # type: ignore[union-attr]
    return tuple(named)


def _dataset_with(fields: Optional[Tuple[Tuple[str, Optional[Value]], ...]]) -> Optional[Value]:
    return TextDataset("torchtext.data.Dataset", fields) if fields is not None else None


@handles(*(f"{package}.{name}" for package in _PACKAGES for name in ("Dataset", "dataset.Dataset")))
def _dataset(site: CallSite) -> Optional[Value]:
    return _dataset_with(_named_fields(site.value(1, "fields")))


@handles(*(f"{package}.TabularDataset" for package in _PACKAGES))
def _tabular_dataset(site: CallSite) -> Optional[Value]:
    return _dataset_with(_named_fields(site.value(2, "fields")))


@handles(*(f"{package}.TabularDataset.splits" for package in _PACKAGES))
def _tabular_splits(site: CallSite) -> Optional[Value]:
    """One dataset for each of ``train=``, ``validation=``, ``test=`` given."""
    if len(site.args) > 2 or not site.complete:
        return None
    dataset = _dataset_with(_named_fields(site.value(None, "fields")))
    parts = [site.value(None, name) for name in ("train", "validation", "test") if site.given(None, name)]
    if dataset is None or not parts or any(not isinstance(part, Const) for part in parts):
        return None
    return Seq(tuple(dataset for part in parts if part != Const(None)))


# The built-in text classification datasets: their two columns, and how many
# datasets their splits() returns.
_CLASSIFICATION_SPLITS = {"IMDB": 2, "SST": 3, "TREC": 2}


def _classification_dataset(site: CallSite, first: int) -> Optional[Value]:
    if not site.complete:
        return None
    return _dataset_with((("text", site.value(first, "text_field")), ("label", site.value(first + 1, "label_field"))))


def _classification_dataset_at_path(site: CallSite) -> Optional[Value]:
    """``IMDB(path, text_field, label_field)``."""
    return _classification_dataset(site, 1)


def _classification_splits(count: int):
    def make(site: CallSite) -> Optional[Value]:
        if any(site.given(None, name) for name in ("train", "validation", "test")):
            return None  # a split left out changes how many come back
        dataset = _classification_dataset(site, 0)
        return Seq((dataset,) * count) if dataset is not None else None

    return make


for _package in _DATASET_PACKAGES:
    for _name, _count in _CLASSIFICATION_SPLITS.items():
        handles(f"{_package}.{_name}")(_classification_dataset_at_path)
        handles(f"{_package}.{_name}.splits")(_classification_splits(_count))


def call_method(dataset: TextDataset, name: str, site: CallSite) -> Optional[Value]:
    """``train_data.split(...)``: two datasets with the same fields, or one per
    ratio of a ``split_ratio`` list."""
    if name != "split" or not site.complete:
        return None
    ratio = site.value(0, "split_ratio")
    if not site.given(0, "split_ratio") or isinstance(ratio, Const):
        return Seq((dataset, dataset))
    if isinstance(ratio, Seq) and len(ratio.items) in (2, 3):
        return Seq((dataset,) * len(ratio.items))
    return None


def _batches(dataset: Optional[Value]) -> Optional[Value]:
    """An iterator over ``dataset``: each batch has one attribute per field."""
    if not isinstance(dataset, TextDataset):
        return None
    return Iterable(Bunch(tuple((name, field.batched if isinstance(field, TextField) else None) for name, field in dataset.fields)))


@handles(*(f"{package}.{name}" for package in _PACKAGES for name in ("Iterator", "BucketIterator")))
def _iterator(site: CallSite) -> Optional[Value]:
    return _batches(site.value(0, "dataset"))


@handles(*(f"{package}.{name}.splits" for package in _PACKAGES for name in ("Iterator", "BucketIterator")))
def _iterator_splits(site: CallSite) -> Optional[Value]:
    datasets = site.value(0, "datasets")
    if not isinstance(datasets, Seq):
        return None
    return Seq(tuple(_batches(dataset) for dataset in datasets.items))
