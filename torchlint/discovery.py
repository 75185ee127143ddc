"""Which files a check covers: the files named, and every *.py and *.ipynb
below the directories named, less what ``exclude`` and ``.gitignore`` leave out.

A file named on the command line is always checked, as ruff does: exclusion
applies to what the walk finds. ``.gitignore`` is read by git itself
(``git check-ignore``), which knows every rule of its format, the global
excludes file and ``.git/info/exclude``; outside a git work tree, or without
git, nothing is ignored that way.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Iterable, Iterator, List, Optional, Set

if TYPE_CHECKING:
    from torchlint.config import Settings

SUFFIXES = (".py", ".ipynb")


def python_files(
    paths: Iterable[str], settings: Optional[Settings] = None, respect_gitignore: bool = False
) -> Iterator[str]:
    """The files to check under ``paths``, each directory's entries in name order."""
    if settings is None:
        from torchlint.config import Settings

        settings = Settings(isolated=True)
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        git = _GitIgnored.of(path) if respect_gitignore else None
        yield from _walk(path, settings, git)


def _walk(top: str, settings: Settings, git: Optional[_GitIgnored]) -> Iterator[str]:
    """Breadth first, so that git is asked once per level of the tree."""
    level = [top]
    while level:
        files: List[str] = []
        directories: List[str] = []
        for directory in level:
            try:
                entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                path = os.path.join(directory, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    if not settings.excluded(path):
                        directories.append(path)
                elif entry.name.endswith(SUFFIXES) and not settings.excluded(path):
                    files.append(path)
        ignored = git.ignored(files + directories) if git is not None else set()
        yield from (path for path in files if path not in ignored)
        level = [path for path in directories if path not in ignored]


class _GitIgnored:
    """Asks git which paths of one work tree its ignore files exclude."""

    def __init__(self, work_tree: str) -> None:
        self.work_tree = work_tree

    @classmethod
    def of(cls, directory: str) -> Optional[_GitIgnored]:
        try:
            found = subprocess.run(
                ["git", "-C", directory, "rev-parse", "--show-toplevel"],
                capture_output=True, text=True, check=False,
            )
        except OSError:  # no git installed
            return None
        return cls(found.stdout.strip()) if found.returncode == 0 else None

    def ignored(self, paths: List[str]) -> Set[str]:
        if not paths:
            return set()
        absolute = {os.path.abspath(path): path for path in paths}
        try:
            answer = subprocess.run(
                ["git", "-C", self.work_tree, "check-ignore", "--stdin", "-z"],
                input="\0".join(absolute) + "\0", capture_output=True, text=True, check=False,
            )
        except OSError:
            return set()
        # 0: some ignored, 1: none; anything else (a path outside this work
        # tree, in a nested repository) says nothing, and nothing is left out.
        if answer.returncode != 0:
            return set()
        return {absolute[name] for name in answer.stdout.split("\0") if name in absolute}
