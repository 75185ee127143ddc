"""The linted file's own project modules: ``from models import Net``,
``from src.data import load_windows``, ``from .layers import Block``,
``from config import *``.

A training script often takes its model class, its data preparation or its
settings from a module beside it. Such a module, found as a ``.py`` file
beside the script or in a directory above it (scripts are run from the
project root), is read and its top level evaluated, as Python would on
import (not its ``if __name__ == "__main__":`` block); the names it defines
are then what the script imported, so a model's output shape or a data
function's arrays are known where the script uses them. Its own sibling
imports are followed too, to ``MAX_DEPTH`` modules deep.

Findings stay in the file linted: what a rule sees inside an imported
module is evidence (cited as ``line 8 of models.py``), never a finding's
place; one about the values a call of the linted file passes into a
module's function is reported at that call (``engine._at_entry``). A module that cannot be read or parsed is left unknown, as before.
The lookups are recorded with the data files' (``datafiles``): a cached
result holds only while each import finds the same, unchanged file.
"""

from __future__ import annotations

import os
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from torchlint.core import datafiles
from torchlint.core.values import Bunch, Value

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.scope import Scope

# How many modules deep imports are followed: the script's own, and theirs.
MAX_DEPTH = 2
# A larger module (a vendored library, generated code) is not evaluated.
MAX_BYTES = 64_000
# How a module lookup is told from a data file's in the cache's records.
LOOKUP_PREFIX = "import "


# Modules a project does not define: the standard library and the libraries the api models, whose
# models know more than evaluating a file of the same name would (and a script's own `torch.py` is rare).
_LIBRARIES = frozenset(sys.stdlib_module_names) | frozenset(
    "torch numpy pandas sklearn scipy PIL cv2 matplotlib seaborn pytorch_lightning lightning timm torch_geometric "
    "torchtext torchvision torchaudio tqdm transformers gym gymnasium tensorflow keras jax".split()
)


def is_project_name(dotted: str) -> bool:
    """Whether an absolute import may name a module of the project."""
    root = dotted.split(".")[0]
    return bool(root) and root not in _LIBRARIES


def locate(dotted: str, level: int, source_path: Optional[str], added: Sequence[str] = ()) -> Optional[str]:
    """The file ``from <dotted> import ...`` reads, with ``level`` leading
    dots: a module or a package's ``__init__.py``, beside the script or above
    it (absolute imports), or in the package the dots name (relative).
    ``added``: directories the script put on ``sys.path``, relative to its own."""
    if not source_path:
        return None
    parts = [part for part in dotted.split(".") if part]
    if level:
        directory = os.path.dirname(os.path.abspath(source_path))
        for _ in range(level - 1):
            directory = os.path.dirname(directory)
        directories = [directory]
    else:
        here = os.path.dirname(os.path.abspath(source_path))
        directories = datafiles.script_and_above(source_path) + [os.path.normpath(os.path.join(here, extra)) for extra in added]
    found = None
    for directory in directories:
        base = os.path.join(directory, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if parts and os.path.isfile(candidate):
                found = candidate
                break
        if found is not None:
            break
    datafiles.record_lookup(f"{LOOKUP_PREFIX}{'.' * level}{dotted}", found)
    return found


# `from a.b import c, d` / `from . import c` / `import a.b`, at a line's start.
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w, \t]+)|import[ \t]+([\w.]+))", re.M)


# sys.path.append("lib"), sys.path.insert(0, "../algos"), sys.path.append(os.path.join(os.path.dirname(__file__),
# "..", "algos")): the rest of the line, whose literal parts, joined, name the directory from the script's own.
_SYS_PATH = re.compile(r"sys\.path\.(?:append|insert)\(([^\n]*)")
_LITERAL = re.compile(r"""["']([^"']*)["']""")


def _added_directories(text: str) -> List[str]:
    """The directories a script puts on sys.path with literal parts, relative to its own."""
    return ["/".join(parts) for parts in (_LITERAL.findall(rest) for rest in _SYS_PATH.findall(text)) if parts]


def training_text(text: str, source_path: str, depth: int = MAX_DEPTH) -> str:
    """The text of the project modules ``text`` imports a training step from:
    a module that calls ``backward(`` or defines a Lightning ``training_step``
    (which ``Trainer.fit`` runs), and a name of it the file calls
    (``train_one_epoch(``, ``utils.fit(``, ``Regressor(``), directly or through
    a module that imports one (main.py -> training.py -> models.py), as deep as
    the analysis follows imports. For the engine's pre-scan of an entry
    script, before any parse: a library's modules importing each other's
    layers pass none of this."""
    found = []
    added = _added_directories(text)  # sys.path.append("../algos"): imports are found there too
    for dots, dotted, names, plain in _IMPORT.findall(text):
        module = dotted or plain
        if not (module or dots) or (not dots and not is_project_name(module)):
            continue
        if plain:
            called = [f"{plain.split('.')[-1]}."]
        else:
            called = [f"{name.strip()}(" for name in names.split(",") if name.strip() and " as " not in name]
        if not any(call in text for call in called):
            continue
        path = locate(module, len(dots), source_path, added)
        data = _source(path)
        if data is None:
            continue
        decoded = data.decode("utf-8", errors="replace")
        if b"backward(" in data or b"def training_step(" in data:
            found.append(decoded)
        elif depth > 1:
            deeper = training_text(decoded, path, depth - 1)  # type: ignore[arg-type]
            if deeper:
                found.extend((decoded, deeper))
    return "\n".join(found)


def relocate(literal: str, source_path: str) -> Optional[str]:
    """A recorded module lookup made again (the cache's check)."""
    dotted = literal[len(LOOKUP_PREFIX):]
    level = len(dotted) - len(dotted.lstrip("."))
    return locate(dotted.lstrip("."), level, source_path)


@dataclass(frozen=True)
class Imported(Value):
    """A name bound by an import of a project module, read when the code
    first uses it (``Evaluator._eval_name``): most names a file imports are
    never used by what runs, and reading a module costs a parse. ``name`` is
    None for the module itself (``import utils``)."""

    path: str
    name: Optional[str]
    depth: int


class Modules:
    """The project modules one file's evaluation imported, each evaluated
    once: their module scopes by path (None for one unreadable, or being
    imported: a cycle), and the parsed modules, for citing their lines."""

    def __init__(self) -> None:
        self.scopes: Dict[str, Optional["Scope"]] = {}
        self.parsed: List[tuple] = []  # (path, cst.Module)
        # Whether a module not read yet may be read now: not while the functions no call
        # reached are evaluated with unknown arguments (a library's every method), where
        # reading what they import would cost a parse per module for little to see.
        self.reading = True

    def resolve(self, imported: Imported, data_dirs: tuple) -> Optional[Value]:
        """What an imported name stands for, its module read and run once."""
        if not self.reading and imported.path not in self.scopes:
            return None
        scope = self.scope(imported.path, imported.depth, data_dirs)
        if scope is None:
            return None
        if imported.name is None:
            return Bunch(tuple(scope.vars.items()))
        found = scope.vars.get(imported.name)
        if isinstance(found, Imported):
            # Re-exported (a package's __init__.py: `from .net import Net`): read where it is defined.
            return None if found == imported else self.resolve(found, data_dirs)
        return found

    def scope(self, path: str, depth: int, data_dirs: tuple) -> Optional["Scope"]:
        if path in self.scopes:
            return self.scopes[path]
        self.scopes[path] = None  # a cycle finds nothing
        module = _read(path)
        if module is None:
            return None
        from torchlint.core.evaluator import Evaluator
        from torchlint.core.facts import FileFacts

        imported = Evaluator(FileFacts(module, path, data_dirs), modules=self, depth=depth)
        imported.run_imported()
        self.parsed.append((path, module))
        self.scopes[path] = imported.module_scope
        return imported.module_scope


# Parsed modules kept for the next file of the same run (path -> (identity, module)): the files of a
# project import the same few modules, and a parse costs more than running a module's top level.
_PARSED: "OrderedDict[str, Tuple[Optional[List[object]], Optional[cst.Module]]]" = OrderedDict()
_PARSED_KEPT = 128


def _read(path: str) -> Optional[cst.Module]:
    identity = datafiles.identity(path)
    kept = _PARSED.get(path)
    if kept is not None and kept[0] == identity:
        _PARSED.move_to_end(path)
        return kept[1]
    module = _parse(path)
    _PARSED[path] = (identity, module)
    if len(_PARSED) > _PARSED_KEPT:
        _PARSED.popitem(last=False)
    return module


def _source(path: Optional[str]) -> Optional[bytes]:
    """A module's bytes; None for one not found, unreadable, or over MAX_BYTES."""
    try:
        if path is None or os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _parse(path: str) -> Optional[cst.Module]:
    import libcst as cst  # here, not above: the engine's pre-scan of an entry script needs no parser

    data = _source(path)
    if data is None:
        return None
    try:
        return cst.parse_module(data)
    except Exception:  # a syntax error, the native parser's other failures: left unknown
        return None
