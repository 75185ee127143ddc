"""scikit-learn: bundled datasets, generated datasets, train_test_split and transformers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from torchlint.core import shapes
from torchlint.core.api import arrays
from torchlint.core.api.arrays import FRAME, NDARRAY, SERIES
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Array, Bunch, Const, Seq, Value, as_dim

# Bundled datasets: (rows, feature columns, target columns or None for 1-D, target dtype).
DATASETS = {
    "load_iris": (150, 4, None, "int64"),
    "load_diabetes": (442, 10, None, "float64"),
    "load_wine": (178, 13, None, "int64"),
    "load_breast_cancer": (569, 30, None, "int64"),
    "load_digits": (1797, 64, None, "int64"),
    "load_linnerud": (20, 3, 3, "float64"),
    "fetch_california_housing": (20640, 8, None, "float64"),
    "fetch_covtype": (581012, 54, None, "int64"),
}


@dataclass(frozen=True)
class Transformer(Value):
    """A sklearn transformer or estimator (StandardScaler(), a Pipeline, ...)."""

    qualname: str
    node: Optional[cst.CSTNode] = None


def _dataset(name: str):
    rows, features, targets, target_dtype = DATASETS[name]

    def load(site: CallSite) -> Optional[Value]:
        as_frame = site.value(None, "as_frame") == Const(True)
        data = Array(kind=FRAME if as_frame else NDARRAY, shape=(rows, features), origin=site.node, dtype="float64")
        target_shape: shapes.Shape = (rows,) if targets is None else (rows, targets)
        target_kind = (SERIES if targets is None else FRAME) if as_frame else NDARRAY
        target = Array(kind=target_kind, shape=target_shape, origin=site.node, dtype=target_dtype)
        if site.value(None, "return_X_y") == Const(True):
            return Seq((data, target))
        return Bunch((("data", data), ("target", target)))

    return load


for _name in DATASETS:
    handles(f"sklearn.datasets.{_name}")(_dataset(_name))


def _generated(default_features: Optional[int], fixed_features: Optional[int], target_dtype: str):
    """make_regression and kin: (n_samples, n_features) and a 1-D target."""

    def make(site: CallSite) -> Optional[Value]:
        if not site.complete:
            return None
        samples = as_dim(site.value(0, "n_samples")) if site.given(0, "n_samples") else 100
        if fixed_features is not None:
            features = fixed_features
        else:
            features = as_dim(site.value(1, "n_features")) if site.given(1, "n_features") else default_features
        targets = site.value(None, "n_targets")
        target_shape: shapes.Shape = (samples,)
        if targets is not None and targets != Const(1):
            target_shape = (samples, as_dim(targets))
        data = Array(kind=NDARRAY, shape=(samples, features), origin=site.node, dtype="float64")
        target = Array(kind=NDARRAY, shape=target_shape, origin=site.node, dtype=target_dtype)
        return Seq((data, target))

    return make


handles("sklearn.datasets.make_regression")(_generated(100, None, "float64"))
handles("sklearn.datasets.make_friedman1")(_generated(10, None, "float64"))
handles("sklearn.datasets.make_classification")(_generated(20, None, "int64"))
handles("sklearn.datasets.make_blobs")(_generated(2, None, "int64"))
handles("sklearn.datasets.make_moons", "sklearn.datasets.make_circles")(_generated(None, 2, "int64"))


@handles("sklearn.model_selection.train_test_split")
def _train_test_split(site: CallSite) -> Optional[Value]:
    if not site.complete:
        return None
    parts = []
    for value in site.positional():
        if isinstance(value, Array) and value.shape:
            split = value.with_shape((shapes.ROWS,) + tuple(value.shape[1:]), value.origin)
            split = arrays.converted(split, scale=value.scale, dtype=value.dtype, columns=value.columns)
            parts.extend((split, split))
        else:
            parts.extend((None, None))
    return Seq(tuple(parts), "list")


TRANSFORMERS = frozenset(
    """StandardScaler MinMaxScaler RobustScaler MaxAbsScaler Normalizer QuantileTransformer
    PowerTransformer""".split()
)


def _transformer(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        return Transformer(qualname, site.node)

    return make


for _name in TRANSFORMERS:
    handles(f"sklearn.preprocessing.{_name}")(_transformer(f"sklearn.preprocessing.{_name}"))


def call_method(transformer: Transformer, name: str, site: CallSite) -> Optional[Value]:
    if name == "fit":
        return transformer
    if name in ("fit_transform", "transform", "inverse_transform"):
        data = site.value(0, "X")
        if isinstance(data, Array):
            kind = NDARRAY if data.kind in (FRAME, SERIES) else data.kind
            return arrays.converted(data, kind=kind, columns=None, dtype="float64")
    return None
