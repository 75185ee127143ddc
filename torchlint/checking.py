"""Checking many files: each with its own settings, from the cache when it
can be, the rest in worker processes; results in the order of the paths."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, List, Optional, Sequence, Tuple

from torchlint.engine import Diagnostic

if TYPE_CHECKING:
    from torchlint.cache import Cache
    from torchlint.config import FileSettings, Settings

# Below this many files to analyse, one process is quicker than starting more.
FILES_PER_PROCESS = 16


@dataclass
class FileResult:
    path: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    # Why the file could not be checked (an unreadable file, a bug in torchlint).
    error: Optional[str] = None
    # Why it was deliberately left alone (a notebook of another kernel).
    skipped: Optional[str] = None


@dataclass
class _Outcome:
    """What a worker sends back: the result, and what the cache needs (None
    when the file could not be checked)."""

    result: FileResult
    digest: Optional[str] = None
    # The data files the findings depend on (TL002 measures their columns).
    lookups: list = field(default_factory=list)


def check_files(
    paths: Sequence[str], settings: Settings, cache: Optional[Cache], processes: int = 0
) -> Iterator[FileResult]:
    """Each file's result, in the order of ``paths``. ``processes`` 0: one per
    CPU when there are many files to analyse."""
    from torchlint.cache import content_hash

    pending: List[Tuple[int, str, FileSettings]] = []
    results: List[Optional[FileResult]] = []
    for index, path in enumerate(paths):
        file_settings = settings.for_file(path)
        cached = None
        if cache is not None:
            try:
                with open(path, "rb") as handle:
                    cached = cache.get(path, content_hash(handle.read()), file_settings.fingerprint(), file_settings.data_dirs)
            except OSError:
                pass  # the worker reports it
        results.append(FileResult(path, cached) if cached is not None else None)
        if cached is None:
            pending.append((index, path, file_settings))
    jobs = [(path, file_settings.selection(), file_settings.data_dirs) for _, path, file_settings in pending]
    outcomes = iter(_lint_all(jobs, processes or min(os.cpu_count() or 1, len(jobs) // FILES_PER_PROCESS) or 1))
    waiting = iter(pending)
    for index, result in enumerate(results):
        if result is None:
            _, path, file_settings = next(waiting)
            outcome = next(outcomes)
            if cache is not None and outcome.digest is not None:
                cache.put(path, outcome.digest, file_settings.fingerprint(), outcome.result.diagnostics, outcome.lookups)
            result = outcome.result
        yield result
    if cache is not None:
        cache.save()


def check_data(path: str, data: bytes, settings: Settings) -> FileResult:
    """A buffer that is not read from disk (``torchlint check -``): checked
    under the name ``path`` (``--stdin-filename``), with the settings found
    for that name, and never cached."""
    file_settings = settings.for_file(path)
    return _lint(path, data, file_settings.selection(), file_settings.data_dirs).result


def _lint_all(jobs: list, processes: int) -> Iterator[_Outcome]:
    if processes == 1 or len(jobs) <= 1:
        yield from map(_lint_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes) as pool:
        yield from pool.map(_lint_one, jobs, chunksize=4)


def _lint_one(job: tuple) -> _Outcome:
    path, selection, data_dirs = job
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _Outcome(FileResult(path, error=f"torchlint: error: cannot read {path}: {error.strerror}"))
    return _lint(path, data, selection, data_dirs)


def _lint(path: str, data: bytes, selection, data_dirs: Sequence[str]) -> _Outcome:
    from torchlint.cache import content_hash
    from torchlint.core import datafiles
    from torchlint.engine import InternalError, lint_data

    try:
        with datafiles.consulted_files() as consulted:
            report = lint_data(data, path, selection, data_dirs)
    except InternalError as error:
        return _Outcome(FileResult(path, error=f"torchlint: {error} (please report this bug)"))
    if report.skipped is not None:  # not cached: the reason is for -v, and skipping is quick
        return _Outcome(FileResult(path, skipped=report.skipped))
    return _Outcome(FileResult(path, report.diagnostics), content_hash(data), consulted)
