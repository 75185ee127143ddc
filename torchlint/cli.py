"""The command line: ``torchlint check``, ``torchlint run``, ``torchlint rule``.

Exit codes: 0 nothing reported, 1 something reported, 2 a usage error or an
internal error (the other files are still checked and reported).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _codes(text: str) -> List[str]:
    """A comma-separated list (codes, globs)."""
    return [code.strip() for code in text.split(",") if code.strip()]


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value for -j: {text!r} (a number of processes)") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"invalid value for -j: {text!r} (at least 1)")
    return jobs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="torchlint", description="A linter for PyTorch training code."
    )
    from torchlint import __version__

    parser.add_argument("--version", action="version", version=f"torchlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    from torchlint.output import FORMATS

    check = commands.add_parser("check", help="lint files and folders (recursing into *.py and *.ipynb)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders; - reads stdin")
    _add_selection_options(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("-v", "--verbose", action="store_true", help="also list the files skipped, with the reason, on stderr")
    check.add_argument(
        "-j", "--jobs", type=_jobs, default=0, metavar="N",
        help="processes to lint with (default: one per 16 files, up to one per CPU)",
    )
    _add_file_options(check)
    _add_output_options(check)
    _add_fix_options(check)

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

    commands.add_parser(
        "server",
        help="run the Language Server over stdio, for editors (needs torchlint[server])",
        description="Run torchlint's Language Server (LSP) over stdin and stdout; docs/editors.md shows each editor's setup.",
    )

    rule = commands.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="a rule code such as TL001")
    return parser


def _add_selection_options(check: argparse.ArgumentParser) -> None:
    """Which codes: each option may be repeated, and its codes add up (as ruff's)."""
    codes = {"type": _codes, "action": "append", "metavar": "CODES"}
    check.add_argument("--select", **codes, help="codes or prefixes to report, replacing the configuration's (default: all rules)")
    check.add_argument("--extend-select", **codes, help="codes or prefixes to report besides those selected")
    check.add_argument("--ignore", **codes, help="codes or prefixes not to report")
    check.add_argument("--extend-ignore", **codes, help="codes or prefixes not to report, besides those ignored")
    check.add_argument("--report-unused-noqa", action="store_true", help="report `# noqa: TLxxx` comments that suppress nothing (TL100)")


def _add_file_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--config", metavar="PATH", help="the configuration file for all paths (default: the closest above each)")
    check.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    check.add_argument("--exclude", type=_codes, action="append", metavar="GLOBS", help="globs to leave out, replacing the configuration's and the defaults")
    check.add_argument("--extend-exclude", type=_codes, action="append", metavar="GLOBS", help="globs to leave out besides the excluded ones")
    check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", help="also lint files .gitignore excludes")
    check.add_argument("--stdin-filename", metavar="PATH", help="the name of the file read from stdin, for messages and configuration")
    check.add_argument("--no-cache", dest="cache", action="store_false", help="analyse every file, and leave the cache as it is")
    check.add_argument("--cache-dir", metavar="DIR", help="where to cache results (default: .torchlint_cache in the project root)")


def _add_output_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is reported")
    check.add_argument("--statistics", action="store_true", help="count the findings per code instead of listing them")
    check.add_argument("--show-source", action="store_true", help="show each finding's source line, with a caret under it")
    check.add_argument("--output-file", metavar="FILE", help="write the findings to FILE instead of stdout")
    check.add_argument("-q", "--quiet", action="store_true", help="print the findings only, not the summary")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (default: auto, on a terminal)")


def _add_fix_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--fix", action="store_true", help="apply the safe fixes in place, then report what remains")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff, write nothing (exit 1 when there is one)")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply the fixes that need a reader's judgement")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code not in (0, None) else EXIT_CLEAN
    if args.command == "run":
        return _run(args)
    if args.command == "server":
        from torchlint.server import main as serve

        return serve()
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


def _check(args: argparse.Namespace) -> int:
    from torchlint.config import ConfigError

    try:
        return _check_paths(args)
    except ConfigError as error:  # a configuration file met on the way
        print(f"torchlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _check_paths(args: argparse.Namespace) -> int:
    from itertools import chain

    from torchlint.checking import check_data, check_files
    from torchlint.discovery import python_files

    settings = _settings(args)
    missing = [path for path in args.paths if path != "-" and not os.path.exists(path)]
    for path in missing:
        print(f"torchlint: error: no such file or directory: {path}", file=sys.stderr)
    paths = [path for path in args.paths if path != "-" and path not in missing]
    # Named once however they were reached (`src` and `./src/a.py`), in path order.
    files = sorted({os.path.normpath(path) for path in python_files(paths, settings, args.respect_gitignore)})
    fixed: Optional[int] = None  # findings fixed by --fix
    if args.fix or args.diff:
        from torchlint.fixes import apply

        # --diff shows what --fix would write, and writes nothing even beside --fix.
        fixed = apply.fix_files(files, settings, args.unsafe_fixes, write=not args.diff, diff_to=sys.stdout if args.diff else None)
        if args.diff:
            print(f"{fixed} fix{'es' if fixed != 1 else ''} would be applied.", file=sys.stderr)
            return EXIT_ERROR if missing else EXIT_FINDINGS if fixed else EXIT_CLEAN
    stdin_path = args.stdin_filename or "-"
    stdin = sys.stdin.buffer.read() if "-" in args.paths else None
    cache = None
    if args.cache and files:
        from torchlint.cache import DEFAULT_DIRECTORY, Cache

        cache = Cache(args.cache_dir or os.path.join(settings.project_root(), DEFAULT_DIRECTORY))
    results = check_files(files, settings, cache, args.jobs)
    if stdin is not None:
        results = chain([check_data(stdin_path, stdin, settings)], results)
    try:
        output = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    except OSError as error:
        print(f"torchlint: error: cannot write {args.output_file}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR

    def source_lines(path: str) -> List[str]:
        if stdin is not None and path == stdin_path:
            return stdin.decode("utf-8", errors="replace").splitlines()
        return _lines(path)

    try:
        return _report(args, results, len(files) + (stdin is not None), output, source_lines, bool(missing), fixed)
    finally:
        if output is not sys.stdout:
            output.close()


def _report(args: argparse.Namespace, results, file_count: int, output, source_lines, failed: bool, fixed: Optional[int]) -> int:
    from torchlint import reporting
    from torchlint.fixes import fix_summary
    from torchlint.output import StatisticsWriter, TextWriter, writer_for

    if args.statistics:  # replaces the listing, whatever the format
        writer = StatisticsWriter(output)
    elif args.format == "text":
        writer = TextWriter(output, reporting.use_colour(args.color, output), args.show_source, source_lines, args.unsafe_fixes)
    else:
        writer = writer_for(args.format, output)
    diagnostics = []
    for result in results:
        if result.error is not None:
            failed = True
            print(result.error, file=sys.stderr)
        if result.skipped is not None and args.verbose:
            print(f"torchlint: skipped {result.path}: {result.skipped}", file=sys.stderr)
        diagnostics.extend(result.diagnostics)
        writer.add(result.diagnostics)
    writer.finish()
    if writer.prints_summary and not args.quiet:
        print(reporting.summary(len(diagnostics), file_count), file=sys.stderr)
        fixes = fix_summary(diagnostics, fixed, args.unsafe_fixes)
        if fixes:
            print(fixes, file=sys.stderr)
    if failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if diagnostics and not args.exit_zero else EXIT_CLEAN


def _settings(args: argparse.Namespace):
    """The configuration files' settings under the command line's."""
    from torchlint.config import Overrides, RuleChoice, Settings, split_codes

    extend_select = split_codes(args.extend_select, "--extend-select") or ()
    if args.report_unused_noqa:
        extend_select += ("TL100",)
    overrides = Overrides(
        rules=RuleChoice(
            select=split_codes(args.select, "--select"),
            extend_select=extend_select,
            ignore=(split_codes(args.ignore, "--ignore") or ()) + (split_codes(args.extend_ignore, "--extend-ignore") or ()),
        ),
        exclude=tuple(glob for globs in args.exclude for glob in globs) if args.exclude else None,
        extend_exclude=tuple(glob for globs in args.extend_exclude or () for glob in globs),
    )
    return Settings(overrides, config_path=args.config, isolated=args.isolated)


def _lines(path: str) -> List[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def _rule(code: Optional[str]) -> int:
    import inspect

    from torchlint.rules import documented_codes

    if code is None:
        for rule in documented_codes():
            print(f"{rule.code}  {rule.name:28} {rule.summary}")
        return EXIT_CLEAN
    rule = {rule.code: rule for rule in documented_codes()}.get(code.upper())
    if rule is None:
        print(f"torchlint: error: no rule {code}; `torchlint rule` lists them", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {rule.code} {rule.name}\n\n{rule.summary}\n\n{inspect.getdoc(rule)}")
    return EXIT_CLEAN
