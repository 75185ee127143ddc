"""What the core knows about the scale of data (the facts behind TL002)."""

from __future__ import annotations

import pytest

from tests.test_inference import value_of
from torchlint.core.values import Array

# Two known columns, then one-hot columns of unknown number.
FRAME_WITH_DUMMIES = """
df = pd.DataFrame({"a": np.random.uniform(0, 1000, 50), "b": np.random.rand(50)})
X = pd.concat([df, pd.get_dummies(df["a"])], axis=1).values
"""

RAW = """
X = np.random.rand(100, 2)
X[:, 0] *= 100
"""


def scale_of(source: str, name: str = "out"):
    value = value_of(source, name)
    assert isinstance(value, Array), value
    return value.scale


def column_sizes(source: str, name: str = "out"):
    scale = scale_of(source, name)
    return tuple(column.size if column else None for column in scale.columns) if scale and scale.columns else None


@pytest.mark.parametrize(
    "source, sizes",
    [
        (RAW + "out = X", (100.0, 1.0)),
        (RAW + "out = torch.tensor(X, dtype=torch.float32)", (100.0, 1.0)),
        ("out = np.random.rand(10, 2)\nout[:, 1] = out[:, 1] * 1000", (1.0, 1000.0)),
        (
            "age = np.random.randint(18, 80, 50)\nincome = np.random.normal(50000, 15000, 50)\n"
            "out = np.column_stack([age, income])",
            (80.0, 65000.0),
        ),
        ("out = np.c_[np.random.rand(10), np.random.uniform(0, 500, 10)]", (1.0, 500.0)),
        # Known columns stacked before one-hot ones of unknown number lead; a beta draw is its mean, a / (a + b).
        (FRAME_WITH_DUMMIES + "out = X[:, [0]]", (1000.0,)),
        ("out = np.hstack([np.random.uniform(0, 900, (9, 2)), pd.get_dummies(pd.Series(list('abcabcabc'))).values])", (900.0, 900.0)),
        ("out = np.column_stack([np.random.beta(2, 30, 9), np.random.rand(9)])", (0.0625, 1.0)),
        # A frame made of a list of rows: each column as large as its rows' items.
        ("out = pd.DataFrame([[1.0, 2000.0], [2.0, 3000.0]], columns=['a', 'b'])", (2.0, 3000.0)),
        # A level of 10 or more plus a drift of unknown size is about the level; sorted values keep their size.
        ("n = np.random.randint(150, 280)\nh = (np.arange(1, n + 1) / n) ** 1.5\nout = np.column_stack([1585 + 15 * h, np.sort(np.random.uniform(-3, 3, n))])", (1585.0, 3.0)),
        ("out = torch.stack([torch.rand(10), torch.rand(10) * 50], dim=1)", (1.0, 50.0)),
        ("out = torch.cat([torch.randn(10, 1), torch.randint(0, 1000, (10, 1))], dim=1)", (1.0, 1000.0)),
        ("out = torch.tensor([[1.0, 2000.0], [2.0, 3500.0]])", (2.0, 3500.0)),
        (RAW + "out = X[:20]", (100.0, 1.0)),
        # A sine is between -1 and 1 (0.64 typically); of small angles, as large as the angle.
        ("t = np.arange(500)\nout = np.column_stack([np.sin(t), 1000 + 500 * np.cos(t / 24)])", (0.64, 1320.0)),
        ("a = np.random.rand(50) * 0.01\nout = np.column_stack([np.sin(a), a.cos()])", (0.01, 1.0)),
        # Rows written into a table of zeros in a loop that runs: never left all zeros.
        ("import random\nout = np.zeros((40, 2))\nfor i in range(40):\n    out[i] = [random.uniform(500, 3500), 2.0]", (3500.0, 2.0)),
    ],
)
def test_column_magnitudes(source: str, sizes) -> None:
    assert column_sizes(source) == sizes


@pytest.mark.parametrize(
    "source",
    [
        RAW + "out = (X - X.mean(axis=0)) / X.std(axis=0)",
        RAW + "out = (X - np.mean(X, axis=0)) / np.std(X, axis=0)",
        RAW + "mu, sd = X.mean(0), X.std(0)\nout = (X - mu) / sd",
        RAW + "T = torch.tensor(X)\nout = (T - T.mean(dim=0, keepdim=True)) / T.std(dim=0, keepdim=True)",
        RAW + "out = (X - X.min(0)) / (X.max(0) - X.min(0))",
        RAW + "out = X / X.max(axis=0)",
        RAW + "out = X / (X.std(0) + 1e-8)",
        RAW + "out = X / 255.0",
        RAW + "out = np.log1p(X)",
        RAW + "from sklearn.preprocessing import StandardScaler\nout = StandardScaler().fit_transform(X)",
        RAW + "from sklearn.preprocessing import MinMaxScaler\ns = MinMaxScaler()\ns.fit(X)\nout = s.transform(X)",
        RAW
        + "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import RobustScaler\n"
        + "out = make_pipeline(RobustScaler()).fit_transform(X)",
        RAW + "from sklearn import preprocessing\nout = preprocessing.scale(X)",
        RAW + "import torch.nn.functional as F\nout = F.normalize(torch.tensor(X), dim=0)",
    ],
)
def test_normalization_is_recognized(source: str) -> None:
    scale = scale_of(source)
    assert scale is not None and scale.normalized is not None


@pytest.mark.parametrize(
    "source, raw",
    [
        ("out = np.arange(100).reshape(-1, 1)", "np.arange(100)"),
        (
            "from sklearn.datasets import fetch_california_housing\nout = fetch_california_housing().data",
            "fetch_california_housing",
        ),
        (
            "from sklearn.datasets import load_wine\nfrom sklearn.model_selection import train_test_split\n"
            "X, y = load_wine(return_X_y=True)\nout, X_test, y_train, y_test = train_test_split(X, y)",
            "load_wine",
        ),
    ],
)
def test_raw_sources_are_remembered(source: str, raw: str) -> None:
    scale = scale_of(source)
    assert scale is not None and scale.raw is not None and raw in scale.raw[0]


@pytest.mark.parametrize(
    "source",
    [
        "out = np.random.rand(100, 2)",
        "out = torch.randn(64, 3)",
        "out = np.arange(5).reshape(-1, 1)",
        "from sklearn.datasets import load_diabetes\nout = load_diabetes().data",
        # A running product, exp of large values, a floor above the values, columns far apart mixed: no size.
        "out = np.cumprod(np.random.uniform(0.9, 1.1, 50)) * 100",
        "out = np.exp(np.random.uniform(0, 8, 50)) * 100",
        "out = np.maximum(np.random.rand(50), 1000)",
        # A small level, or a level taken away, beside values of unknown size: no size.
        "n = np.random.randint(150, 280)\nout = 5 + (np.arange(1, n + 1) / n) ** 1.5",
        "n = np.random.randint(150, 280)\nout = (1585 + (np.arange(1, n + 1) / n) ** 1.5) - 1585",
        "out = np.column_stack([np.random.rand(9), np.random.uniform(0, 300, 9)]).ravel()",
    ],
)
def test_no_evidence(source: str) -> None:
    scale = scale_of(source)
    assert scale is None or (scale.raw is None and (scale.columns is None or len(set(scale.columns)) == 1))


HOUSES = "sqft,bedrooms,age,price\n2100,3,15,350000\n1600,2,40,210000\n2900,4,5,520000\n1200,2,60,150000\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    (tmp_path / "houses.csv").write_text(HOUSES, encoding="utf-8")
    (tmp_path / "scaled.csv").write_text("0.1,-0.4,1\n-0.3,0.2,0\n0.5,0.9,1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "source, expected",
    [
        ('df = pd.read_csv("houses.csv")\nout = df.drop(columns=["price"]).values', ("sqft", "bedrooms", "age")),
        ('df = pd.read_csv("houses.csv")\nout = df[["age", "sqft"]].to_numpy()', ("age", "sqft")),
        ('df = pd.read_csv("houses.csv")\nout = df.iloc[:, :-1].values', ("sqft", "bedrooms", "age")),
        ('df = pd.read_csv("houses.csv")\ny = df.pop("price")\nout = df.values', ("sqft", "bedrooms", "age")),
        ("out = np.loadtxt('houses.csv', delimiter=',', skiprows=1)[:, :2]", ("sqft", "bedrooms")),
    ],
)
def test_data_files_are_measured_column_by_column(data_dir, source: str, expected) -> None:
    scale = scale_of(source)
    assert tuple(column.why.split("'")[1] for column in scale.columns) == expected
    assert all("houses.csv" in column.why for column in scale.columns)


def test_a_pre_scaled_file_gives_no_evidence(data_dir) -> None:
    scale = scale_of("out = np.loadtxt('scaled.csv', delimiter=',')[:, :2]")
    assert max(c.size for c in scale.columns) / min(c.size for c in scale.columns) < 10


def test_a_file_that_cannot_be_found_gives_no_evidence(data_dir) -> None:
    value = value_of('df = pd.read_csv("missing.csv")\nout = df.values')
    assert not isinstance(value, Array) or value.scale is None


@pytest.mark.parametrize(
    "source, expected",
    [
        ('out = pd.read_csv("houses.csv", usecols=["sqft", "age"]).values', ("sqft", "age")),
        ('out = pd.read_csv("houses.csv", index_col=0).values', ("bedrooms", "age", "price")),
        ('out = pd.read_csv("houses.txt", sep=r"\\s+").values', ("sqft", "bedrooms", "age", "price")),
        ('out = pd.read_csv("houses.txt", delim_whitespace=True).values', ("sqft", "bedrooms", "age", "price")),
        ('out = pd.read_csv("C:/Users/someone/project/houses.csv").values', ("sqft", "bedrooms", "age", "price")),
    ],
)
def test_reader_options_are_followed(data_dir, source: str, expected) -> None:
    (data_dir / "houses.txt").write_text(HOUSES.replace(",", "  "), encoding="utf-8")
    scale = scale_of(source)
    assert tuple(column.why.split("'")[1] for column in scale.columns) == expected


def test_an_unsupported_separator_is_no_evidence_and_no_crash(data_dir) -> None:
    value = value_of('out = pd.read_csv("houses.csv", sep="[,;]").values')
    assert not isinstance(value, Array) or value.scale is None


def test_indicator_columns_are_on_unit_scale(data_dir) -> None:
    (data_dir / "flags.csv").write_text("a,b\n" + "0,1\n" * 30 + "1,0\n", encoding="utf-8")
    scale = scale_of('out = pd.read_csv("flags.csv").values')
    assert [column.size for column in scale.columns] == [1.0, 1.0]


def test_normalizing_through_loc_is_seen(data_dir) -> None:
    source = (
        'df = pd.read_csv("houses.csv")\n'
        'cols = ["sqft", "bedrooms", "age"]\n'
        "df.loc[:, cols] = (df[cols] - df[cols].mean()) / df[cols].std()\n"
        "out = df[cols].values"
    )
    scale = scale_of(source)
    assert {column.why for column in scale.columns} == {"normalized"}


@pytest.mark.parametrize(
    "source, size",
    [
        # Strokes of 255 drawn into zeros (8-bit images made by hand), in a loop that runs.
        ("out = np.zeros((10, 28, 28), dtype=np.uint8)\nfor d in range(10):\n    out[d, 3:5, 4:6] = 255", 255.0),
        ("out = 230 * (np.random.rand(10, 8) > 0.5)", 230.0),
        ("out = np.random.rand(5, 3).repeat(4, axis=1) * 100", 100.0),
        ("out = np.roll(np.random.uniform(0, 300, (5, 5)), 2, axis=0)", 300.0),
        ("out = np.concatenate([np.random.uniform(1, 5, 50), np.random.uniform(100, 500, 50)])", 500.0),
        ("out = np.random.dirichlet(np.ones(4), size=10)", 0.25),
        # Two draws of like sizes on an if's two branches: the smaller holds on both.
        ("out = np.zeros(9)\nif flag:\n    out[:3] = np.random.uniform(0, 100, 3)\nelse:\n    out[3:] = np.random.uniform(0, 120, 6)", 100.0),
        ("days = pd.date_range('2020-01-01', periods=420)\nout = np.arange(len(days)) * 1.0", 419.0),
        # A running sum of draws is a random walk: steps times sqrt(n) / 2; exp of one near zero about 1.
        ("out = 720 + np.cumsum(np.random.normal(0.4, 8.0, 400))", 804.0),
        ("out = torch.cumsum(torch.randn(100) * 5, dim=0)", 25.0),
        ("out = 2.9e7 * np.exp(np.cumsum(np.random.normal(0, 0.03, 500)))", 2.9e7),
        # The larger or smaller of two like draws; columns of like sizes mixed: the smaller.
        ("out = np.maximum(np.random.uniform(0, 100, 9), np.random.uniform(0, 120, 9))", 100.0),
        ("out = np.column_stack([np.random.uniform(0, 100, 9), np.random.uniform(0, 300, 9)]).ravel()", 100.0),
    ],
)
def test_sizes_through_writes_masks_and_rearrangements(source: str, size: float) -> None:
    scale = scale_of(source)
    assert scale is not None and scale.uniform is not None and scale.uniform.size == size


def test_a_loop_that_may_not_run_leaves_zeros_unknown() -> None:
    scale = scale_of("out = np.zeros((10, 2))\nfor i in range(n):\n    out[i] = [1000.0, 2.0]")
    assert scale is None or (scale.uniform is None and scale.columns is None)


def test_rows_stacked_beside_a_row_of_unknown_size_keep_the_known_one() -> None:
    # The known row's size stands for the table; the unknown one stays unknown (it once raised).
    scale = scale_of("out = np.vstack([np.random.rand(10) * 100, np.exp(np.random.rand(10) * 5)])")
    assert scale is not None and scale.uniform is not None and scale.uniform.size == 100.0
    assert scale.rows is not None and scale.rows[1] is None


def test_the_larger_of_numbers_has_no_size_and_no_crash() -> None:
    # np.maximum(0, 1 - x) of numpy scalars (a cyclical learning rate) once raised.
    source = (
        "def lr(step=-1, size=2000):\n"
        "    x = np.abs(step / float(size) - 2 * np.floor(1 + step / (2.0 * size)) + 1)\n"
        "    return 0.005 * np.maximum(0, (1 - x))\n"
        "out = lr()\n"
    )
    assert scale_of(source) is None


@pytest.mark.parametrize("index", ["X[:, -1]", "X[:, [-1]]", "X[:, -2:]", "X.ravel()"])
def test_columns_counted_from_the_end_of_known_leading_ones_have_no_size(index: str) -> None:
    # Only the first columns are known (one-hot ones of unknown number follow): the last is a dummy's, not "b"'s.
    scale = scale_of(FRAME_WITH_DUMMIES + "out = " + index)
    assert scale is None or (scale.uniform is None and not scale.columns)


def test_labels_dropped_from_a_frame_with_dummies_keep_the_dummies() -> None:
    # df.columns.drop("y") once counted only the named columns: a frame two wide whose last column was "age".
    source = (
        'df = pd.DataFrame({"income": np.random.uniform(0, 9e4, 50), "age": np.random.rand(50), "y": np.random.rand(50)})\n'
        'df = pd.get_dummies(df, columns=["age"])\n'
        'out = df[df.columns.drop("y")].values\n'
    )
    value = value_of(source)
    assert isinstance(value, Array) and value.shape == ("N", None)
    assert value.scale is not None and value.scale.prefix and value.scale.columns[0].size == 9e4


def test_argsort_imported_by_name_gives_indices_not_values() -> None:
    # It was told from np.sort by the call's text, so argsort(x) alone took x's values.
    value = value_of("from numpy import argsort\nout = argsort(np.random.rand(4, 3) * 1000)")
    assert isinstance(value, Array) and value.dtype == "int64" and value.scale is None
