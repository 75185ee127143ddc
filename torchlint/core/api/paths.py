"""Paths to data files built by ``os.path.join`` and ``pathlib``: where the
script reads its data, as a literal path the data-file lookup can follow
(``pd.read_csv(os.path.join(DATA_DIR, "train.csv"))``, ``DATA / "train.csv"``)."""

from __future__ import annotations

import posixpath
from typing import Optional, Tuple

from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import Const, PathValue, Value, as_str

# Methods of a Path that give the same path back, as far as finding the file goes.
_SAME_PATH = frozenset("resolve absolute expanduser".split())


def _parts(site: CallSite) -> Optional[Tuple[str, ...]]:
    """The call's positional arguments, when every one is a literal path part."""
    if not site.only_positional():
        return None
    parts = tuple(as_str(value) for value in site.positional())
    return parts if parts and None not in parts else None  # type: ignore[return-value]


@handles("os.path.join", "posixpath.join")
def _join(site: CallSite) -> Optional[Value]:
    parts = _parts(site)
    return Const(posixpath.join(*parts)) if parts is not None else None


@handles("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath")
def _path(site: CallSite) -> Optional[Value]:
    parts = _parts(site)
    return PathValue(posixpath.join(*parts)) if parts is not None else None


@handles("builtins.str", "os.fspath", "os.path.expanduser", "os.path.abspath", "os.path.normpath")
def _same(site: CallSite) -> Optional[Value]:
    path = as_str(site.value(0, "path"))
    return Const(path) if path is not None else None


@handles("os.path.dirname", "posixpath.dirname")
def _dirname(site: CallSite) -> Optional[Value]:
    """``os.path.dirname(os.path.abspath(__file__))``: the script's directory."""
    path = as_str(site.value(0, "p"))
    return Const(posixpath.dirname(path) or ".") if path is not None else None


@handles("os.getcwd")
def _working_directory(site: CallSite) -> Optional[Value]:
    """The working directory, as a relative path: a file joined to it is looked up where relative paths are."""
    return Const(".")


@handles("pathlib.Path.cwd")
def _working_directory_path(site: CallSite) -> Optional[Value]:
    return PathValue(".")


def _module_directory(position: int):
    def add(site: CallSite) -> Optional[Value]:
        """``sys.path.append("../datasets")``: the script's imports are looked up there too."""
        directory = as_str(site.value(position))
        if directory is not None:
            site.evaluator.module_dirs.append(directory)
        return None

    return add


handles("sys.path.append")(_module_directory(0))
handles("sys.path.insert")(_module_directory(1))


def joined(left: Value, right: Optional[Value]) -> Optional[Value]:
    """``path / "part"``."""
    part = as_str(right)
    return PathValue(posixpath.join(left.path, part)) if isinstance(left, PathValue) and part is not None else None


def call_method(path: PathValue, name: str, site: CallSite) -> Optional[Value]:
    if name in _SAME_PATH and not site.args:
        return path
    if name == "joinpath":
        parts = _parts(site)
        return PathValue(posixpath.join(path.path, *parts)) if parts is not None else None
    return None


def attribute(path: PathValue, name: str) -> Optional[Value]:
    if name == "parent":
        return PathValue(posixpath.dirname(path.path) or ".")
    if name == "name":
        return Const(posixpath.basename(path.path))
    return None
