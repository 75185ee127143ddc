"""The data-side modelling added for recall: data files found by a path's
tail, lists whose length is unseen, floats of unknown value."""

from __future__ import annotations

import os

from torchlint.core import datafiles
from torchlint.core.values import Array, Const, ListOf, Number, Seq, SymInt, join


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
