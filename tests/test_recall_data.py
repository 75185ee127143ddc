"""The data-side modelling added for recall: data files found by a path's
tail, lists whose length is unseen, floats of unknown value."""

from __future__ import annotations

import os

from torchlint.core import datafiles
from torchlint.core.values import Array, ColumnName, Const, ListOf, Number, Seq, SymInt, join


def test_colab_path_finds_the_file_under_its_tail(tmp_path):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "diabetes.csv").write_text("a,b\n1,2000\n")
    script = tmp_path / "notebooks" / "train.py"
    script.parent.mkdir()
    script.write_text("")
    found = datafiles.locate("/content/drive/MyDrive/course/datasets/diabetes.csv", str(script))
    assert found == os.path.join(str(tmp_path), "datasets", "diabetes.csv")


def test_a_tail_that_names_no_file_finds_nothing(tmp_path):
    script = tmp_path / "train.py"
    script.write_text("")
    assert datafiles.locate("/content/drive/MyDrive/course/datasets/missing.csv", str(script)) is None


def test_uci_data_suffix_is_a_text_table(tmp_path):
    (tmp_path / "german.data-numeric").write_text("   6  1169  4  67  1\n  48  5951  2  22  2\n")
    script = tmp_path / "train.py"
    script.write_text("")
    located = datafiles.locate("german.data-numeric", str(script))
    assert located is not None
    columns = datafiles.measure(located, None, header=False)
    assert columns is not None and len(columns) == 5
    assert columns[1][1] > 1000  # the credit amounts


def test_lists_of_different_lengths_join_to_a_list_of_the_joined_item():
    row = Array(kind="ndarray", shape=(3,))
    joined = join(Seq((), "list"), Seq((row,), "list"))
    assert joined == ListOf(row)
    assert join(joined, Seq((row, row), "list")) == ListOf(row)


def test_tuples_of_different_lengths_stay_unknown():
    assert join(Seq((), "tuple"), Seq((Const(1),), "tuple")) is None


def test_a_list_whose_items_differ_in_kind_has_an_unknown_item():
    joined = join(Seq((Seq((Number(),), "list"),), "list"), Seq((Number(), Number()), "list"))
    assert joined == ListOf(None)


def test_floats_join_to_a_float_and_ints_stay_ints():
    assert join(Const(1.5), Const(2.5)) == Number()
    assert join(Number(), Const(0.5)) == Number()
    assert isinstance(join(Const(1), Const(2)), SymInt)
    # An int on one path, a float on the other (a random action or a policy's .item()): a number.
    assert join(Const(1.5), Const(2)) == Number()
    assert join(SymInt(None), Number()) == Number()


def test_column_labels_written_out_join_labels_of_unknown_text():
    from tests.test_inference import value_of

    source = 'df = pd.read_csv(path)\nout = ["promo", "month"] + [c for c in df if c.startswith("dow_")]'
    assert value_of(source) == ListOf(ColumnName())
    assert join(Const("a"), Const("b")) is None  # two texts alone say nothing of a label


def test_comprehensions_with_known_filters_and_f_strings_are_evaluated_item_by_item():
    from tests.test_inference import value_of

    assert value_of('out = [f"I{j}" for j in range(1, 4)]') == Seq((Const("I1"), Const("I2"), Const("I3")), "list")
    assert value_of('df = pd.DataFrame({"a": [1.0], "frame": [2.0]})\nout = [c for c in df.columns if c != "frame"]') == Seq(
        (Const("a"),), "list"
    )
    assert value_of("out = [i for i in range(6) if i % 2]") == Seq((Const(1), Const(3), Const(5)), "list")
    # A format spec, a conversion, escaped braces: not the source's text; an unknown filter: no items.
    for source in ('out = f"a{x:.2f}"', 'out = f"a{y!r}"', 'out = f"a{{x}}"'):
        assert value_of(source) is None
    assert isinstance(value_of("out = [i for i in range(6) if f(i)]"), ListOf)


def test_a_pandas_statistic_of_one_number_leaves_an_ndarray_an_ndarray():
    from tests.test_inference import value_of

    value = value_of('df = pd.read_csv(path)\nm = df["s"].mean()\nout = (df["s"].values - m) / df["s"].std()')
    assert isinstance(value, Array) and value.kind == "ndarray"
