"""Lint throughput of torchlint against its peers, in one run, on one core.

    pip install -e '.[bench]'
    python benchmarks/lint_speed.py CORPUS_DIR [CORPUS_DIR ...] [--editor-file FILE ...]

Every tool reads the same sources, already in memory, in this one process:

- torchlint: the whole engine, every rule (``engine.lint_text``);
- TorchFix: its flake8 checker class, which parses with libcst and runs all
  of its visitors (``torchfix.torchfix.TorchChecker``);
- pyflakes: ``pyflakes.api.check`` (what flake8's F codes run);
- a bare ``libcst.parse_module`` of every file, for scale;
- flake8 itself, one process (``-j 1``) on the same files, read from disk:
  with pyflakes as its only checker, and as installed by default (pyflakes,
  pycodestyle, mccabe). The start of its process (flake8 on an empty file,
  median of five) is subtracted from each run.

The machine this project runs on is shared, and its speed drifts by 20% or
more over the minutes a run takes. So the tools take turns: the corpus is
cut into chunks (every CHUNKS-th file), and each chunk is linted by every
tool in turn, in a rotating order, before the next; each tool's time is the
sum over the chunks. A drift then slows all tools alike.

It prints lines per second and the ratios of torchlint to the others. With
each ``--editor-file`` it also times that file linted through flake8 the way an
editor does on save (a fresh ``flake8`` process): flake8 with pyflakes alone
against flake8 with pyflakes and torchlint, interleaved, and prints the ratio
of the medians. Not a test: read the ratios.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Tuple

from torchlint.discovery import python_files
from torchlint.engine import Selection, lint_text

Source = Tuple[str, str]


def load(paths: List[str]) -> List[Source]:
    sources = []
    for path in python_files(paths):
        if path.endswith(".py"):
            with open(path, "rb") as handle:
                sources.append((path, handle.read().decode("utf-8", errors="replace")))
    return sources


def timed(run: Callable[[Source], object], sources: List[Source]) -> float:
    started = time.perf_counter()
    for source in sources:
        run(source)
    return time.perf_counter() - started


def torchlint_run(source: Source) -> None:
    lint_text(source[1], source[0], Selection())


def torchfix_run(source: Source) -> None:
    from torchfix.torchfix import TorchChecker

    try:
        list(TorchChecker(None, source[1].splitlines(keepends=True)).run())
    except Exception:  # a file TorchFix's parser rejects: counted, as for the others
        pass


def pyflakes_run(source: Source) -> None:
    from pyflakes.api import check
    from pyflakes.reporter import Reporter

    sink = io.StringIO()
    check(source[1], source[0], Reporter(sink, sink))


def libcst_run(source: Source) -> None:
    import libcst

    try:
        libcst.parse_module(source[1])
    except Exception:
        pass


# Runs flake8 with only the named plugin packages installed, as in an
# environment without the others (flake8 runs every installed plugin whatever
# --select says, so selecting codes alone would not take torchlint out).
FLAKE8_WITH = """
import sys
from flake8.plugins import finder
keep = set(sys.argv.pop(1).split(","))
find = finder.find_plugins
finder.find_plugins = lambda *args: [p for p in find(*args) if p.package in keep]
from flake8.main.cli import main
sys.exit(main())
"""
FLAKE8_PYFLAKES = "flake8,pyflakes"
FLAKE8_ITSELF = FLAKE8_PYFLAKES + ",pycodestyle,mccabe"


def flake8_seconds(paths: List[str], plugins: str) -> float:
    """flake8 with only ``plugins`` installed, in one process (``-j 1``),
    reading the same files."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLAKE8_WITH, plugins, "--isolated", "-j", "1", *paths], capture_output=True, check=False)
    return time.perf_counter() - started


def flake8_start(plugins: str, empty: str) -> float:
    return statistics.median(flake8_seconds([empty], plugins) for _ in range(5))


def flake8_tool(plugins: str, empty: str) -> Callable[[List[Source]], float]:
    start = flake8_start(plugins, empty)
    return lambda chunk: flake8_seconds([path for path, _ in chunk], plugins) - start


def in_process(run: Callable[[Source], object]) -> Callable[[List[Source]], float]:
    return lambda chunk: timed(run, chunk)


def take_turns(tools: Dict[str, Callable[[List[Source]], float]], sources: List[Source], chunks: int) -> Dict[str, float]:
    """Each tool's seconds over all ``sources``, the tools taking turns on each chunk."""
    seconds = dict.fromkeys(tools, 0.0)
    names = list(tools)
    for index in range(chunks):
        chunk = sources[index::chunks]
        turn = names[index % len(names) :] + names[: index % len(names)]
        for name in turn:
            seconds[name] += tools[name](chunk)
    return seconds


def editor(path: str, rounds: int) -> Tuple[float, float]:
    """Median wall time of a fresh flake8 with pyflakes on one file, without
    and with torchlint installed, interleaved."""
    alone: List[float] = []
    with_torchlint: List[float] = []
    for index in range(rounds):
        settings = ((FLAKE8_PYFLAKES, alone), (FLAKE8_PYFLAKES + ",torchlint", with_torchlint))
        for plugins, times in settings[:: 1 if index % 2 else -1]:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", FLAKE8_WITH, plugins, "--isolated", path], capture_output=True, check=False)
            times.append(time.perf_counter() - started)
    return statistics.median(alone), statistics.median(with_torchlint)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="folders of real PyTorch code")
    parser.add_argument(
        "--editor-file", action="append", default=[], help="a file to lint through flake8 as an editor does (repeatable)"
    )
    parser.add_argument("--rounds", type=int, default=15, help="flake8 runs per setting for --editor-file")
    parser.add_argument("--chunks", type=int, default=10, help="chunks of the corpus the tools take turns on")
    args = parser.parse_args()

    from importlib.metadata import version

    sources = load(args.corpus)
    lines = sum(text.count("\n") + 1 for _, text in sources)
    versions = ", ".join(f"{name} {version(name)}" for name in ("libcst", "torchfix", "pyflakes", "flake8"))
    print(f"corpus: {len(sources)} files, {lines} lines; {versions}; one process each, {args.chunks} turns")
    for warm_up in (torchlint_run, torchfix_run, pyflakes_run, libcst_run):
        warm_up(sources[0])  # imports are not throughput
    with tempfile.NamedTemporaryFile("w", suffix=".py") as empty:
        tools = {
            "torchlint": in_process(torchlint_run),
            "TorchFix": in_process(torchfix_run),
            "pyflakes": in_process(pyflakes_run),
            "libcst parse": in_process(libcst_run),
            "flake8 + pyflakes": flake8_tool(FLAKE8_PYFLAKES, empty.name),
            "flake8 default": flake8_tool(FLAKE8_ITSELF, empty.name),
        }
        seconds = take_turns(tools, sources, args.chunks)
    for name, spent in seconds.items():
        print(f"{name:18} {spent:8.2f} s {lines / spent:10.0f} lines/s")
    for peer in ("TorchFix", "pyflakes", "flake8 + pyflakes", "flake8 default"):
        print(f"torchlint vs {peer}: {seconds[peer] / seconds['torchlint']:.2f}x the throughput")

    for path in args.editor_file:
        with open(path, encoding="utf-8") as handle:
            size = handle.read().count("\n")
        alone, together = editor(path, args.rounds)
        print(
            f"editor, {path} ({size} lines) through flake8: flake8 with pyflakes {alone * 1000:.0f} ms, "
            f"with torchlint {together * 1000:.0f} ms, ratio {together / alone:.2f}"
        )


if __name__ == "__main__":
    main()
