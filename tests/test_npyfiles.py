"""numpy's own files read without numpy: the shapes, dtypes and sizes of what
numpy wrote, and nothing (never an exception) from what it did not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from torchlint.core import npyfiles


def test_a_table_is_sized_per_column(tmp_path: Path) -> None:
    path = tmp_path / "X.npy"
    np.save(path, np.column_stack([np.full(50, 3.0), np.full(50, -2000.0)]).astype(np.float32))
    stored = npyfiles.read(str(path))
    assert stored is not None
    assert (stored.shape, stored.dtype) == ((50, 2), "float32")
    assert stored.columns == (3.0, 2000.0)
    assert stored.largest == 2000.0


@pytest.mark.parametrize("order", ["<", ">"])
def test_either_byte_order_reads_the_same_values(tmp_path: Path, order: str) -> None:
    path = tmp_path / "v.npy"
    np.save(path, np.arange(1, 11, dtype=f"{order}i4"))
    stored = npyfiles.read(str(path))
    assert stored is not None and stored.dtype == "int32" and stored.largest == 10.0


def test_an_archive_gives_its_arrays_by_name(tmp_path: Path) -> None:
    path = tmp_path / "d.npz"
    np.savez_compressed(path, images=np.full((4, 8, 8), 255, dtype=np.uint8), labels=np.zeros(4, dtype=np.int64))
    members = dict(npyfiles.read_archive(str(path)) or ())
    assert members["images"] is not None and members["images"].shape == (4, 8, 8)
    assert members["images"].dtype == "uint8" and members["images"].size == 255.0
    assert members["labels"] is not None and members["labels"].shape == (4,)


def test_fortran_order_and_empty_arrays_give_their_shape_only(tmp_path: Path) -> None:
    np.save(tmp_path / "f.npy", np.asfortranarray(np.ones((3, 2))))
    np.save(tmp_path / "e.npy", np.ones((0, 5)))
    for name, shape in (("f.npy", (3, 2)), ("e.npy", (0, 5))):
        stored = npyfiles.read(str(tmp_path / name))
        assert stored is not None and stored.shape == shape and stored.size is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x93NUMPY\x01\x00",
        b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f8',",
        b"\x93NUMPY\x01\x00\x20\x00__import__('os').system('x')    \n",
        b"not numpy at all",
    ],
)
def test_what_numpy_did_not_write_plainly_gives_nothing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.npy"
    path.write_bytes(content)
    assert npyfiles.read(str(path)) is None
    (tmp_path / "bad.npz").write_bytes(content)
    assert npyfiles.read_archive(str(tmp_path / "bad.npz")) is None


def test_object_arrays_are_never_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "o.npy"
    np.save(path, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    assert npyfiles.read(str(path)) is None


def test_a_truncated_file_is_sized_from_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "t.npy"
    np.save(path, np.full((100, 3), 7.0))
    path.write_bytes(path.read_bytes()[:-2000])
    stored = npyfiles.read(str(path))
    assert stored is not None and stored.shape == (100, 3) and stored.columns == (7.0, 7.0, 7.0)
