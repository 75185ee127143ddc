"""Each document's settings: the ``[tool.torchlint]`` configuration closest
above it (as ``torchlint check`` finds it), with the editor's ``select`` /
``ignore`` layered on top as the CLI's ``--select`` / ``--ignore`` are.

The configuration files are re-read when one above a document appears,
changes or goes: before each lint the server compares their modification
times (a few ``stat`` calls, well under a millisecond) with those it read.
A broken configuration is said once (until the files change again) and the
document is linted with the editor's settings alone, never a crash.
"""

from __future__ import annotations

import os
from typing import Dict, Optional, Set, Tuple

from torchlint.config import CONFIG_FILE_NAMES, ConfigError, FileSettings, Overrides, RuleChoice, Settings

# (path, modification time in ns, size) of each configuration file that
# exists from a directory up to the root.
Stamp = Tuple[Tuple[str, int, int], ...]


class Configurations:
    def __init__(self, editor_rules: RuleChoice) -> None:
        self._overrides = Overrides(rules=editor_rules)
        self._settings = Settings(self._overrides)
        self._stamps: Dict[str, Stamp] = {}  # directory -> what its configuration files were when read
        self._said: Set[str] = set()  # errors already shown since the files last changed

    def for_path(self, path: Optional[str]) -> Tuple[FileSettings, Optional[str]]:
        """The settings of the file at ``path`` (None: a document that is no
        file, linted with the editor's settings alone), and the error of a
        broken configuration when it was not said before."""
        if path is None:
            return self._editor_only(), None
        directory = os.path.dirname(os.path.abspath(path))
        stamp = _stamp(directory)
        if self._stamps.get(directory, stamp) != stamp:
            self._settings = Settings(self._overrides)  # forget every file read
            self._stamps.clear()
            self._said.clear()
        self._stamps[directory] = stamp
        try:
            return self._settings.for_file(path), None
        except ConfigError as error:
            message = str(error)
            new = message not in self._said
            self._said.add(message)
            return self._editor_only(), message if new else None

    def _editor_only(self) -> FileSettings:
        return Settings(self._overrides, isolated=True).for_file("<editor>")


def _stamp(directory: str) -> Stamp:
    found = []
    while True:
        for name in CONFIG_FILE_NAMES:
            candidate = os.path.join(directory, name)
            try:
                status = os.stat(candidate)
            except OSError:
                continue
            found.append((candidate, status.st_mtime_ns, status.st_size))
        parent = os.path.dirname(directory)
        if parent == directory:
            return tuple(found)
        directory = parent
