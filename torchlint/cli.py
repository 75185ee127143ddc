"""The command line: ``torchlint check``, ``torchlint run``, ``torchlint rule``.

Exit codes: 0 nothing reported, 1 something reported, 2 a usage error or an
internal error (the other files are still checked and reported).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterator, List, Optional, Sequence, Tuple

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _codes(text: str) -> List[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _jobs(text: str) -> int:
    jobs = int(text)
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="torchlint", description="A linter for PyTorch training code."
    )
    from torchlint import __version__

    parser.add_argument("--version", action="version", version=f"torchlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="lint files and folders (recursing into *.py)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--select", type=_codes, default=None, metavar="CODES", help="comma-separated codes or prefixes to report (default: all)")
    check.add_argument("--ignore", type=_codes, default=None, metavar="CODES", help="comma-separated codes or prefixes not to report")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument(
        "-j", "--jobs", type=_jobs, default=0, metavar="N",
        help="processes to lint with (default: one per CPU when there are many files)",
    )

    run = commands.add_parser(
        "run",
        help="run a training script with the run-time checks on",
        description="Run SCRIPT as `python SCRIPT ARGS...` would, with torchlint's run-time checks on.",
    )
    run.add_argument("--warn", action="store_true", help="report shape mismatches instead of raising")
    run.add_argument("--report", metavar="FILE.json", help="also write the end-of-run report as JSON")
    run.add_argument(
        "-m", dest="as_module", action="store_true",
        help="SCRIPT names a module to run as `python -m MODULE ARGS...` would",
    )
    run.add_argument("script", help="the Python script to run (with -m: the module)")
    run.add_argument("arguments", nargs=argparse.REMAINDER, help="the script's own arguments")

    rule = commands.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="a rule code such as TL001")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code not in (0, None) else EXIT_CLEAN
    if args.command == "run":
        return _run(args)
    try:
        return _check(args) if args.command == "check" else _rule(args.code)
    except BrokenPipeError:
        # The reader went away (`torchlint check | head`): stop quietly, as
        # grep does, with what the output so far meant.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS if args.command == "check" else EXIT_CLEAN


def _run(args: argparse.Namespace) -> int:
    from torchlint.runtime.runner import run, torch_missing

    missing = torch_missing()
    if missing:  # torch is an optional extra
        print(f"torchlint: error: `torchlint run` needs torch ({missing}); pip install 'torchlint[runtime]'", file=sys.stderr)
        return EXIT_ERROR
    return run(args.script, args.arguments, "warn" if args.warn else "raise", args.report, as_module=args.as_module)


# Below this many files one process is quicker than starting more.
FILES_PER_PROCESS = 16


def _check(args: argparse.Namespace) -> int:
    from torchlint.engine import Selection, python_files

    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:
        for path in missing:
            print(f"torchlint: error: no such file or directory: {path}", file=sys.stderr)
        return EXIT_ERROR
    selection = Selection(args.select, args.ignore)
    paths = list(python_files(args.paths))
    processes = args.jobs or min(os.cpu_count() or 1, len(paths) // FILES_PER_PROCESS) or 1
    diagnostics = []
    errors = 0
    for found, error in _lint_all(paths, selection, processes):
        if error is not None:
            errors += 1
            print(error, file=sys.stderr)
        diagnostics.extend(found)
        if args.format == "text":
            for d in found:
                cell = f"cell {d.cell}:" if d.cell is not None else ""
                print(f"{d.path}:{cell}{d.line}:{d.column}: {d.code} {d.message}")
    if args.format == "json":
        print(json.dumps([_as_json(d) for d in diagnostics], indent=2))
    else:
        noun = "finding" if len(diagnostics) == 1 else "findings"
        print(f"Found {len(diagnostics)} {noun} in {len(paths)} file{'s' if len(paths) != 1 else ''}.", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if diagnostics else EXIT_CLEAN


def _lint_all(paths: List[str], selection, processes: int) -> Iterator[Tuple[list, Optional[str]]]:
    """Each file's diagnostics, or the error that stopped it, in the order of ``paths``."""
    jobs = [(path, selection) for path in paths]
    if processes == 1:
        yield from map(_lint_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes) as pool:
        yield from pool.map(_lint_one, jobs, chunksize=4)


def _lint_one(job: Tuple[str, object]) -> Tuple[list, Optional[str]]:
    from torchlint.engine import InternalError, lint_file

    path, selection = job
    try:
        return lint_file(path, selection), None  # type: ignore[arg-type]
    except InternalError as error:
        return [], f"torchlint: {error} (please report this bug)"
    except OSError as error:
        return [], f"torchlint: error: cannot read {path}: {error.strerror}"


def _as_json(diagnostic) -> dict:
    found = {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }
    if diagnostic.cell is not None:
        found["cell"] = diagnostic.cell
    return found


def _rule(code: Optional[str]) -> int:
    import inspect

    from torchlint.rules import ALL_RULES, RULES_BY_CODE

    if code is None:
        for rule in ALL_RULES:
            print(f"{rule.code}  {rule.name:28} {rule.summary}")
        return EXIT_CLEAN
    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        print(f"torchlint: error: no rule {code}; `torchlint rule` lists them", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {rule.code} {rule.name}\n\n{rule.summary}\n\n{inspect.getdoc(rule)}")
    return EXIT_CLEAN
