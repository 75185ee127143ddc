"""The realistic scripts of benchmarks/bug_reports/, each rebuilt from a public
bug report: the linter finds every planted bug but the known misses the
benchmark lists, and stays silent on every fixed twin and look-alike but the
known false positives it lists."""

from __future__ import annotations

import concurrent.futures
import importlib.util
import os
import re
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SPEC = importlib.util.spec_from_file_location("bug_report_recall", os.path.join(ROOT, "benchmarks", "bug_report_recall.py"))
recall = importlib.util.module_from_spec(_SPEC)  # type: ignore[arg-type]
_SPEC.loader.exec_module(recall)  # type: ignore[union-attr]


def _codes(run: tuple) -> set:
    name, data_present = run
    with tempfile.TemporaryDirectory() as nowhere:
        return {finding.split()[0] for finding in recall.findings(name, data_present, nowhere)}


def _codes_of(runs: list) -> list:
    """The codes found on each (script, data present) run, two processes at a time (CI has two cores)."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_codes, runs, chunksize=8))


def test_every_planted_bug_but_the_known_misses_is_found():
    bugs = recall.buggy_scripts()
    assert len(bugs) >= 20
    found = _codes_of([(name, True) for name, _ in bugs])
    missed = sorted(name for (name, code), codes in zip(bugs, found) if code not in codes)
    assert missed == sorted(recall.KNOWN_MISSES)


def _reads_data(name: str, data_files: list) -> bool:
    """Whether the script names one of the data files beside it: linted without
    them as well, since a CI checkout may lack them (the others lint the same)."""
    with open(os.path.join(recall.BUG_REPORTS, name), encoding="utf-8") as handle:
        text = handle.read()
    return any(data in text for data in data_files)


def test_fixed_twins_and_look_alikes_stay_silent():
    clean = recall.clean_scripts()
    assert {recall.twin(name) for name, _ in recall.buggy_scripts()} < set(clean)  # twins, and look-alikes besides
    data_files = [name for name in os.listdir(recall.BUG_REPORTS) if not name.endswith(".py")]
    runs = [(name, present) for name in clean for present in (True, False) if present or _reads_data(name, data_files)]
    noisy = [run for run, codes in zip(runs, _codes_of(runs)) if codes]
    assert noisy == [run for run in runs if run[0] in recall.KNOWN_FALSE_POSITIVES]


def test_each_buggy_script_names_its_report_and_has_a_fixed_twin():
    for name, _ in recall.buggy_scripts():
        with open(os.path.join(recall.BUG_REPORTS, name), encoding="utf-8") as handle:
            header = handle.read(600)
        assert re.search(r"^# Rebuilt from: https?://\S+", header, re.MULTILINE), name
        assert os.path.exists(os.path.join(recall.BUG_REPORTS, recall.twin(name))), name
