"""The results cache: a file whose content, settings and torchlint are all
unchanged since it was last checked is not analysed again.

One JSON file per torchlint build in the cache directory (by default
``.torchlint_cache`` in the project root, with a ``.gitignore`` of ``*``
inside, as ruff does). The build is torchlint's version and a hash of its own
source files, so editing a checkout of torchlint invalidates the cache. Each
entry is keyed by the file's absolute path and holds its content hash, the
fingerprint of the settings it was checked with, its diagnostics, and the
data files it looked up (TL002 measures their columns): the entry holds only
while each lookup finds the same file, unchanged (path, modification time and
size), or still finds none. Files that stopped with an error are not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Dict, List, Optional, Sequence

from torchlint import __version__
from torchlint.core import datafiles
from torchlint.engine import Diagnostic

DEFAULT_DIRECTORY = ".torchlint_cache"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def build_id() -> str:
    """torchlint's version and a hash of its source: a dev checkout that
    changes any module changes the id."""
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(digest_size=8)
    for root, directories, files in os.walk(package):
        directories[:] = sorted(d for d in directories if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, package).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return f"{__version__}-{digest.hexdigest()}"


class Cache:
    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.path = os.path.join(directory, f"{build_id()}.json")
        self.entries: Dict[str, dict] = self._load()
        self.changed = False

    def _load(self) -> Dict[str, dict]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                entries = json.load(handle)
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: start afresh
        return entries if isinstance(entries, dict) else {}

    def get(self, path: str, digest: str, fingerprint: str, data_dirs: Sequence[str] = ()) -> Optional[List[Diagnostic]]:
        """The cached diagnostics of ``path`` (named as this run names it)."""
        entry = self.entries.get(os.path.abspath(path))
        if entry is None or entry.get("hash") != digest or entry.get("settings") != fingerprint:
            return None
        if not datafiles.same_lookups([tuple(lookup) for lookup in entry["data"]], path, data_dirs):
            return None
        from torchlint.evidence import Evidence
        from torchlint.fixes import Fix

        return [
            Diagnostic(
                path,
                line,
                column,
                code,
                message,
                cell,
                Fix.from_json(fix) if fix is not None else None,
                tuple(Evidence(**item) for item in evidence),
            )
            for line, column, code, message, cell, fix, evidence in entry["diagnostics"]
        ]

    def put(
        self, path: str, digest: str, fingerprint: str, diagnostics: List[Diagnostic], lookups: Sequence[datafiles.Lookup] = ()
    ) -> None:
        self.entries[os.path.abspath(path)] = {
            "hash": digest,
            "settings": fingerprint,
            "diagnostics": [
                [
                    d.line,
                    d.column,
                    d.code,
                    d.message,
                    d.cell,
                    d.fix.as_json() if d.fix is not None else None,
                    [item.as_json() for item in d.evidence],  # type: ignore[attr-defined]
                ]
                for d in diagnostics
            ],
            "data": [list(lookup) for lookup in lookups],
        }
        self.changed = True

    def save(self) -> None:
        """Writes the entries (atomically: a concurrent run reads the old file
        or the new one), and removes the files of other builds."""
        if not self.changed:
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore_file = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore_file):
                with open(ignore_file, "w", encoding="utf-8") as handle:
                    handle.write("# Automatically created by torchlint.\n*\n")
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, separators=(",", ":"))
            os.replace(temporary, self.path)
            for name in os.listdir(self.directory):
                if name.endswith(".json") and os.path.join(self.directory, name) != self.path:
                    os.remove(os.path.join(self.directory, name))
        except OSError:
            pass  # a read-only checkout: no cache, same findings
