"""scikit-learn: bundled datasets, generated datasets, train_test_split, cross-validation splitters and transformers."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import List, Optional

import libcst as cst

from torchlint.core import shapes
from torchlint.core.api import arrays
from torchlint.core.api.arrays import FRAME, NDARRAY, SERIES
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import Magnitude, Scale
from torchlint.core.values import Array, Bunch, Const, Iterable, Ref, Seq, Value, as_dim, as_int

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
    "load_boston": (506, 13, None, "float64"),
}
# Datasets whose feature columns come in their raw units, orders of magnitude
# apart (load_diabetes is pre-scaled; iris and digits share one scale).
UNSCALED = frozenset(
    {"load_wine", "load_breast_cancer", "load_linnerud", "fetch_california_housing", "fetch_covtype", "load_boston"}
)
# Datasets that are images as well as rows: the shape of ``.images``, and how large their pixels get.
IMAGES = {"load_digits": ((8, 8), 16.0)}


@dataclass(frozen=True)
class Transformer(Value):
    """A sklearn transformer (StandardScaler(), a Pipeline, ...)."""

    qualname: str
    node: Optional[cst.CSTNode] = None
    # Whether its output is normalized: a scaler, or a pipeline with one.
    normalizes: bool = False
    # Whether its output is its input with the gaps filled (an imputer): each column keeps its size.
    fills_gaps: bool = False


@dataclass(frozen=True)
class Polynomial(Transformer):
    """``PolynomialFeatures(degree)``: products of the input columns up to ``degree``."""

    degree: Optional[int] = None
    bias: bool = True
    interactions_only: bool = False


@handles("sklearn.preprocessing.PolynomialFeatures")
def _polynomial(site: CallSite) -> Optional[Value]:
    degree = site.value(0, "degree") if site.given(0, "degree") else Const(2)
    bias = site.value(None, "include_bias") != Const(False)
    interactions = site.value(None, "interaction_only") == Const(True)
    number = degree.value if isinstance(degree, Const) and isinstance(degree.value, int) else None
    return Polynomial("sklearn.preprocessing.PolynomialFeatures", site.node, degree=number, bias=bias, interactions_only=interactions)


def _polynomial_features(transformer: Polynomial, data: Array, node: cst.CSTNode) -> Optional[Array]:
    """The columns PolynomialFeatures makes, in its order (bias, then each
    degree's combinations), each as large as the product of its factors."""
    if transformer.degree is None or data.shape is None or len(data.shape) != 2 or not isinstance(data.shape[1], int):
        return None
    width = data.shape[1]
    choose = itertools.combinations if transformer.interactions_only else itertools.combinations_with_replacement
    terms = [()] if transformer.bias else []
    for degree in range(1, transformer.degree + 1):
        terms.extend(choose(range(width), degree))
    if len(terms) > 256:
        return None
    columns = data.scale.as_columns(width) if data.scale is not None else None
    magnitudes: list = []
    for term in terms:
        factors = [columns[index] if columns is not None else None for index in term]
        if not term:
            magnitudes.append(Magnitude(1.0, "PolynomialFeatures' bias column", node))
        elif None in factors:
            magnitudes.append(None)
        else:
            size = math.prod(factor.size for factor in factors)  # type: ignore[union-attr]
            magnitudes.append(Magnitude(size, f"{_term_name(term)} from PolynomialFeatures", node))
    measured = any(magnitude is not None for term, magnitude in zip(terms, magnitudes) if term)
    scale = Scale(columns=tuple(magnitudes)) if measured else None
    return arrays.new(NDARRAY, (data.shape[0], len(terms)), node, "float64", scale)


def _term_name(term: tuple) -> str:
    """sklearn's name for a product of input columns: x0^3, x0 x1."""
    return " ".join(f"x{index}" + (f"^{term.count(index)}" if term.count(index) > 1 else "") for index in sorted(set(term)))


def _dataset(name: str):
    rows, features, targets, target_dtype = DATASETS[name]

    raw = f"the unscaled features of sklearn's {name}, whose columns differ by orders of magnitude" if name in UNSCALED else None

    def load(site: CallSite) -> Optional[Value]:
        as_frame = site.value(None, "as_frame") == Const(True)
        scale = Scale(raw=(raw, site.node)) if raw else None
        image_shape, pixel_size = IMAGES.get(name, (None, None))
        if pixel_size is not None:
            scale = arrays.magnitude(pixel_size, f"sklearn's {name} pixels, 0..{pixel_size:g}", site.node)
        data = Array(kind=FRAME if as_frame else NDARRAY, shape=(rows, features), origin=site.node, dtype="float64", scale=scale)
        target_shape: shapes.Shape = (rows,) if targets is None else (rows, targets)
        target_kind = (SERIES if targets is None else FRAME) if as_frame else NDARRAY
        target = Array(kind=target_kind, shape=target_shape, origin=site.node, dtype=target_dtype)
        if site.value(None, "return_X_y") == Const(True):
            return Seq((data, target))
        if image_shape is not None:
            images = Array(kind=NDARRAY, shape=(rows, *image_shape), origin=site.node, dtype="float64", scale=scale)
            return Bunch((("data", data), ("target", target), ("images", images)))
        return Bunch((("data", data), ("target", target)))

    return load


for _name in DATASETS:
    handles(f"sklearn.datasets.{_name}")(_dataset(_name))


def _generated(default_features: Optional[int], fixed_features: Optional[int], target_dtype: str, size: float = 1.0, centers: bool = False):
    """make_regression and kin: (n_samples, n_features) and a 1-D target;
    make_blobs (``centers``) as large as the centres given, else as its
    default box of centres, -10..10."""

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
        scale = arrays.magnitude(size, "generated", site.node)
        given = site.value(None, "centers") if centers and site.given(None, "centers") else None
        if given is not None and not (isinstance(given, Const) and isinstance(given.value, int)):
            # centers=[(-2, -2), (0, 0)]: values about as large as the centres, or their spread.
            centre_scale = arrays.literal_scale(given, "the centres given", site.node)
            largest = centre_scale.overall() if centre_scale is not None else None
            spread = arrays.number(site.value(None, "cluster_std")) if site.given(None, "cluster_std") else 1.0
            if largest is None or spread is None:
                scale = None
            else:
                scale = arrays.magnitude(max(largest.size, abs(spread)), "generated around the centres given", site.node)
        data = Array(kind=NDARRAY, shape=(samples, features), origin=site.node, dtype="float64", scale=scale)
        target = Array(kind=NDARRAY, shape=target_shape, origin=site.node, dtype=target_dtype)
        return Seq((data, target))

    return make


handles("sklearn.datasets.make_regression")(_generated(100, None, "float64"))
handles("sklearn.datasets.make_friedman1")(_generated(10, None, "float64"))
handles("sklearn.datasets.make_classification")(_generated(20, None, "int64"))
handles("sklearn.datasets.make_blobs")(_generated(2, None, "int64", size=10.0, centers=True))
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


SCALERS = frozenset(
    """StandardScaler MinMaxScaler RobustScaler MaxAbsScaler Normalizer QuantileTransformer
    PowerTransformer""".split()
)
# Functions of sklearn.preprocessing that scale the array they are given.
SCALING_FUNCTIONS = frozenset("scale minmax_scale robust_scale maxabs_scale normalize quantile_transform power_transform".split())


def _scaler(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        return Transformer(qualname, site.node, normalizes=True)

    return make


for _name in SCALERS:
    handles(f"sklearn.preprocessing.{_name}")(_scaler(f"sklearn.preprocessing.{_name}"))


# Imputers fill missing entries with a column's mean, median, neighbours' values or a model's:
# the columns keep their values, and so their scales.
IMPUTERS = frozenset("SimpleImputer KNNImputer IterativeImputer".split())
for _name in IMPUTERS:
    handles(f"sklearn.impute.{_name}")(
        lambda site, qualname=f"sklearn.impute.{_name}": Transformer(qualname, site.node, fills_gaps=True)
    )


def _contains_scaler(value: Optional[Value]) -> bool:
    """A scaler among a pipeline's steps: bare, or in (name, step[, columns]) tuples."""
    if isinstance(value, Transformer):
        return value.normalizes
    if isinstance(value, Seq):
        return any(_contains_scaler(item) for item in value.items)
    return False


def _pipeline(site: CallSite, steps: Optional[Value]) -> Transformer:
    """A pipeline, a column transformer: normalizing if any step is a scaler;
    filling gaps if ``steps`` (a chain run in order) are all imputers."""
    given = (*site.positional(), *(arg.value for _, arg in site.kwargs))
    normalizes = any(_contains_scaler(value) for value in given)
    chained = _chain(steps)
    fills_gaps = not normalizes and chained is not None and all(step.fills_gaps for step in chained)
    return Transformer("sklearn.pipeline.Pipeline", site.node, normalizes=normalizes, fills_gaps=fills_gaps)


@handles("sklearn.pipeline.Pipeline")
def _named_pipeline(site: CallSite) -> Optional[Value]:
    return _pipeline(site, site.value(0, "steps"))


@handles("sklearn.pipeline.make_pipeline")
def _made_pipeline(site: CallSite) -> Optional[Value]:
    return _pipeline(site, Seq(tuple(site.positional())))


@handles("sklearn.compose.ColumnTransformer", "sklearn.compose.make_column_transformer")
def _column_transformer(site: CallSite) -> Optional[Value]:
    return _pipeline(site, None)  # it picks and reorders columns: no column keeps its place for certain


def _chain(steps: Optional[Value]) -> Optional[List[Transformer]]:
    """A pipeline's steps as transformers: a list of steps or (name, step) pairs; None if any is not known."""
    if not isinstance(steps, Seq) or not steps.items:
        return None
    chained = []
    for step in steps.items:
        if isinstance(step, Seq) and len(step.items) == 2:
            step = step.items[1]
        if not isinstance(step, Transformer):
            return None
        chained.append(step)
    return chained


def _scaling_function(name: str):
    def apply(site: CallSite) -> Optional[Value]:
        data = site.value(0, "X")
        return arrays.normalized(data, f"sklearn.preprocessing.{name}", site.node) if isinstance(data, Array) else None

    return apply


for _name in SCALING_FUNCTIONS:
    handles(f"sklearn.preprocessing.{_name}")(_scaling_function(_name))


# Text vectorizers: a sparse matrix of one row per document and one column
# per term (a vocabulary of unseen size; a hashing vectorizer's n_features).
VECTORIZERS = frozenset("CountVectorizer TfidfVectorizer HashingVectorizer".split())


@dataclass(frozen=True)
class Vectorizer(Transformer):
    """``CountVectorizer(max_features=1000)`` and kin."""

    features: Optional[int] = None


def _vectorizer(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        features = as_int(site.value(None, "n_features")) if qualname.endswith("HashingVectorizer") else None
        if qualname.endswith("HashingVectorizer") and not site.given(None, "n_features"):
            features = 2**20
        return Vectorizer(qualname, site.node, features=features)

    return make


for _name in VECTORIZERS:
    handles(f"sklearn.feature_extraction.text.{_name}")(_vectorizer(f"sklearn.feature_extraction.text.{_name}"))


def _vectorized(vectorizer: Vectorizer, documents: Optional[Value], node: cst.CSTNode) -> Array:
    rows = documents.shape[0] if isinstance(documents, Array) and documents.shape and len(documents.shape) == 1 else None
    if isinstance(documents, Seq):
        rows = len(documents.items)
    return Array(kind=NDARRAY, shape=(rows, vectorizer.features), origin=node, dtype="float64")


def call_method(transformer: Transformer, name: str, site: CallSite) -> Optional[Value]:
    if name == "fit":
        return transformer
    if isinstance(transformer, Vectorizer) and name in ("fit_transform", "transform"):
        return _vectorized(transformer, site.value(0, "raw_documents"), site.node)
    if name in ("fit_transform", "transform"):
        data = site.value(0, "X")
        if isinstance(transformer, Polynomial):
            return _polynomial_features(transformer, data, site.node) if isinstance(data, Array) else None
        if isinstance(data, Array) and transformer.normalizes:
            kind = NDARRAY if data.kind in (FRAME, SERIES) else data.kind
            how = transformer.qualname.rsplit(".", 1)[-1]
            return arrays.normalized(arrays.converted(data, kind=kind, columns=None, dtype=_transformed_dtype(data)), how, site.node)
        if isinstance(data, Array) and transformer.fills_gaps:
            kind = NDARRAY if data.kind in (FRAME, SERIES) else data.kind
            return arrays.converted(data, kind=kind, columns=None, dtype=_transformed_dtype(data))
    return None


def _transformed_dtype(data: Array) -> Optional[str]:
    """What a scaler or imputer gives: float32 kept as float32 (scikit-learn
    checks its input against float64 and float32), other numbers as float64;
    unknown for an array of unknown dtype (it may be float32), float64 for a
    pandas table's numbers."""
    if data.dtype == "float32":
        return "float32"
    if data.dtype is None and data.kind not in (FRAME, SERIES):
        return None
    return "float64"


# Cross-validation splitters: ``for train_idx, test_idx in kf.split(X)`` binds
# two 1-D integer arrays of row positions.
SPLITTERS = frozenset(
    """KFold StratifiedKFold GroupKFold RepeatedKFold RepeatedStratifiedKFold ShuffleSplit
    StratifiedShuffleSplit GroupShuffleSplit TimeSeriesSplit LeaveOneOut""".split()
)
_SPLITTER = "sklearn.model_selection.Splitter"


def _splitter(site: CallSite) -> Optional[Value]:
    # Its split() resolves through this reference.
    return Ref(_SPLITTER)


for _name in SPLITTERS:
    handles(f"sklearn.model_selection.{_name}")(_splitter)


@handles(f"{_SPLITTER}.split")
def _split(site: CallSite) -> Optional[Value]:
    positions = Array(kind=NDARRAY, shape=(shapes.ROWS,), origin=site.node, dtype="int64")
    return Iterable(Seq((positions, positions)))
