"""Configuration: ``[tool.torchlint]`` in ``pyproject.toml``, or a
``torchlint.toml`` / ``.torchlint.toml`` (the same keys, at top level).

Found as ruff finds its own: each checked file uses the closest configuration
file in its directory or above (a ``pyproject.toml`` without a
``[tool.torchlint]`` table does not count), unless ``--config PATH`` names
one for all files or ``--isolated`` ignores them all. Relative paths and
globs in a file are relative to the directory that holds it.

A broken file, an unknown key or an unknown code is a ``ConfigError`` that
names the file, the key and the valid choices: a typo must not quietly turn
the linter off.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from torchlint.engine import UNREADABLE, Selection
from torchlint.suppression import UNUSED_NOQA

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# In the order ruff prefers them when one directory holds several.
CONFIG_FILE_NAMES = (".torchlint.toml", "torchlint.toml", "pyproject.toml")

# Directories never worth linting when walking a tree (as ruff's defaults);
# ``exclude`` replaces them, ``extend-exclude`` adds to them.
DEFAULT_EXCLUDE = tuple(
    """.bzr .direnv .eggs .git .hg .mypy_cache .nox .pants.d .pytest_cache .ruff_cache .svn
    .tox .venv .ipynb_checkpoints __pycache__ __pypackages__ _build buck-out build dist node_modules site-packages
    venv *.egg-info .torchlint_cache""".split()
)

KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "data-dirs",
)



class ConfigError(Exception):
    """A configuration (file or command line) that cannot be used: exit 2."""


def known_codes() -> Tuple[str, ...]:
    from torchlint.rules import ALL_RULES

    return (UNREADABLE, *(rule.code for rule in ALL_RULES), UNUSED_NOQA)


def default_codes() -> FrozenSet[str]:
    """On unless configured otherwise: every rule. The report of unused noqa
    comments (TL100) is opt-in, as ruff's RUF100."""
    return frozenset(known_codes()) - {UNUSED_NOQA}


def check_codes(codes: Iterable[str], where: str) -> Tuple[str, ...]:
    """The codes or prefixes, upper-cased; a ConfigError for one that selects no
    known code (``TL999``, ``E501``)."""
    known = known_codes()
    checked = []
    for code in codes:
        if not isinstance(code, str):
            raise ConfigError(f"{where}: expected a code such as \"TL001\", got {code!r}")
        prefix = code.strip().upper()
        if len(prefix) < 2 or not any(known_code.startswith(prefix) for known_code in known):
            raise ConfigError(f"{where}: unknown code {code!r}; valid codes (or their prefixes): {', '.join(known)}")
        checked.append(prefix)
    return tuple(checked)


@dataclass(frozen=True)
class RuleChoice:
    """One layer of rule selection, as ruff layers them: the configuration file,
    then the command line. ``select`` (when given) starts the layer from
    nothing; the most specific prefix decides, and ``ignore`` wins a tie."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    def apply(self, enabled: FrozenSet[str]) -> FrozenSet[str]:
        on = set() if self.select is not None else set(enabled)
        chosen = (self.select or ()) + self.extend_select
        for code in known_codes():
            selected = max((len(prefix) for prefix in chosen if code.startswith(prefix)), default=-1)
            ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
            if selected > ignored:
                on.add(code)
            elif ignored >= 0:
                on.discard(code)
            elif code == UNREADABLE and code in enabled:
                on.add(code)  # a file that cannot be analysed is said unless ignored outright
        return frozenset(on)


@dataclass(frozen=True)
class Config:
    """What one configuration file (or none) says; paths are absolute."""

    path: Optional[str]
    root: str
    rules: RuleChoice = RuleChoice()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    data_dirs: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Overrides:
    """The command line's settings, layered over each file's configuration."""

    rules: RuleChoice = RuleChoice()
    exclude: Optional[Tuple[str, ...]] = None
    extend_exclude: Tuple[str, ...] = ()


def _table(path: str) -> Optional[dict]:
    """The torchlint settings in a file; None for a pyproject.toml without them."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from error
    if os.path.basename(path) != "pyproject.toml":
        return document
    table = document.get("tool", {}).get("torchlint") if isinstance(document.get("tool"), dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.torchlint] must be a table")
    return table


def _strings(table: dict, key: str, where: str) -> Tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return tuple(value)


def load(path: str) -> Optional[Config]:
    """The configuration in ``path``; None for a pyproject.toml that has no
    ``[tool.torchlint]`` table."""
    path = os.path.abspath(path)
    table = _table(path)
    if table is None:
        return None
    where = f"{path}: [tool.torchlint]" if os.path.basename(path) == "pyproject.toml" else path
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}`; valid keys: {', '.join(KEYS)}")
    root = os.path.dirname(path)

    def codes(key: str) -> Tuple[str, ...]:
        return check_codes(_strings(table, key, where), f"{where}: `{key}`")

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes], got {per_file!r}")
    per_file_ignores = tuple(
        (pattern, check_codes(_strings(per_file, pattern, f"{where}: `per-file-ignores`"), f"{where}: `per-file-ignores.{pattern}`"))
        for pattern in per_file
    )
    exclude = _strings(table, "exclude", where) if "exclude" in table else DEFAULT_EXCLUDE
    return Config(
        path=path,
        root=root,
        rules=RuleChoice(
            select=codes("select") if "select" in table else None,
            extend_select=codes("extend-select"),
            ignore=codes("ignore") + codes("extend-ignore"),
        ),
        per_file_ignores=per_file_ignores,
        exclude=exclude + _strings(table, "extend-exclude", where),
        data_dirs=tuple(os.path.normpath(os.path.join(root, d)) for d in _strings(table, "data-dirs", where)),
    )


@dataclass(frozen=True)
class FileSettings:
    """What applies to one checked file: the codes on, and where its data files may be."""

    enabled: FrozenSet[str]
    data_dirs: Tuple[str, ...]

    def selection(self) -> Selection:
        # Exact codes: the prefixes were resolved against the known codes.
        ignore = () if UNREADABLE in self.enabled else (UNREADABLE,)
        return Selection(sorted(self.enabled - {UNREADABLE}), ignore)

    def fingerprint(self) -> str:
        """The settings as text, for the cache key."""
        return ",".join(sorted(self.enabled)) + "|" + os.pathsep.join(self.data_dirs)


@dataclass
class Settings:
    """Finds and applies the configuration for each path checked."""

    overrides: Overrides = Overrides()
    config_path: Optional[str] = None  # --config: one file for all paths
    isolated: bool = False
    _by_directory: Dict[str, Config] = field(default_factory=dict)
    _forced: Optional[Config] = None

    def __post_init__(self) -> None:
        if self.isolated:
            self._forced = Config(path=None, root=os.getcwd())
        elif self.config_path is not None:
            forced = load(self.config_path)
            if forced is None:
                raise ConfigError(f"{os.path.abspath(self.config_path)}: has no [tool.torchlint] table")
            self._forced = forced

    def config_for(self, path: str) -> Config:
        """The configuration that governs ``path`` (a file or a directory)."""
        if self._forced is not None:
            return self._forced
        return self._closest(os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path) or "."))

    def project_root(self) -> str:
        """Where the cache goes: the directory of the configuration that
        governs the working directory, else the working directory."""
        return self.config_for(os.getcwd()).root

    def _closest(self, directory: str) -> Config:
        found = self._by_directory.get(directory)
        if found is not None:
            return found
        config = None
        for name in CONFIG_FILE_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                config = load(candidate)
                if config is not None:
                    break
        if config is None:
            parent = os.path.dirname(directory)
            config = self._closest(parent) if parent != directory else Config(path=None, root=os.getcwd())
        self._by_directory[directory] = config
        return config

    def for_file(self, path: str) -> FileSettings:
        config = self.config_for(path)
        enabled = self.overrides.rules.apply(config.rules.apply(default_codes()))
        for pattern, codes in config.per_file_ignores:
            if matches(path, pattern, config.root):
                enabled = frozenset(code for code in enabled if not code.startswith(codes))
        return FileSettings(enabled, config.data_dirs)

    def excluded(self, path: str) -> bool:
        """Whether a file or directory met while walking a tree is left out."""
        config = self.config_for(os.path.dirname(os.path.abspath(path)))
        patterns = self.overrides.exclude if self.overrides.exclude is not None else config.exclude
        return any(matches(path, pattern, config.root) for pattern in patterns + self.overrides.extend_exclude)


def matches(path: str, pattern: str, root: str) -> bool:
    """A glob matches a path by its name (``build``, ``*_pb2.py``), or by its
    whole path relative to ``root`` or absolute (``tests/*``, ``scripts/**``)."""
    absolute = os.path.abspath(path)
    return fnmatch.fnmatchcase(os.path.basename(absolute), pattern) or fnmatch.fnmatchcase(
        absolute, os.path.normpath(os.path.join(root, pattern))
    )


def split_codes(values: Optional[Sequence[Sequence[str]]], option: str) -> Optional[Tuple[str, ...]]:
    """Repeated ``--select A --select B``: the codes of all of them, checked."""
    if values is None:
        return None
    flat: List[str] = [code for value in values for code in value]
    return check_codes(flat, option)
