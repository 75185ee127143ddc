"""The results cache, measured: ``torchlint check`` over a corpus with an
empty cache, then again over the unchanged corpus, then after one file is
edited (a copy of the corpus, so the original is not touched).

    python benchmarks/cache_speed.py /work/corpus [--jobs 2] [--json-out FILE]

Prints each run's wall time, the speed-up of the warm run, whether the warm
run's output is identical, and how many files the edited run analysed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import List, Tuple


def _check(corpus: str, cache_dir: str, jobs: int) -> Tuple[float, str, str]:
    command = [sys.executable, "-m", "torchlint", "check", "--format", "json", "-j", str(jobs), "--cache-dir", cache_dir, corpus]
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(f"torchlint failed ({run.returncode}): {run.stderr[-2000:]}")
    return elapsed, run.stdout, run.stderr


def _python_files(corpus: str) -> List[str]:
    from torchlint.discovery import python_files

    return sorted(python_files([corpus]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json-out", help="also write the figures as JSON")
    parser.add_argument("--findings-out", help="also write the first run's findings (JSON, paths as in CORPUS)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = os.path.join(scratch, "corpus")
        shutil.copytree(args.corpus, corpus, symlinks=True)
        cache_dir = os.path.join(scratch, "cache")
        files = _python_files(corpus)
        cold, cold_output, _ = _check(corpus, cache_dir, args.jobs)
        warm, warm_output, _ = _check(corpus, cache_dir, args.jobs)
        # Edit one file (a comment at its end): only it is analysed again.
        edited = files[len(files) // 2]
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write("\n# edited\n")
        with open(os.path.join(cache_dir, sorted(n for n in os.listdir(cache_dir) if n.endswith(".json"))[0])) as handle:
            entries_before = json.load(handle)
        after_edit, edit_output, _ = _check(corpus, cache_dir, args.jobs)
        with open(os.path.join(cache_dir, sorted(n for n in os.listdir(cache_dir) if n.endswith(".json"))[0])) as handle:
            entries_after = json.load(handle)
        reanalysed = [path for path, entry in entries_after.items() if entries_before.get(path) != entry]
    figures = {
        "files": len(files),
        "findings": len(json.loads(cold_output)),
        "cold_s": round(cold, 2),
        "warm_s": round(warm, 2),
        "speedup": round(cold / warm, 1),
        "warm_output_identical": warm_output == cold_output,
        "after_one_edit_s": round(after_edit, 2),
        "entries_rewritten_after_one_edit": len(reanalysed),
        "edit_output_identical": edit_output == cold_output,
        "cached_entries": len(entries_after),
    }
    print(json.dumps(figures, indent=2))
    if args.findings_out:
        with open(args.findings_out, "w", encoding="utf-8") as handle:
            handle.write(cold_output.replace(corpus, args.corpus.rstrip("/")))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
