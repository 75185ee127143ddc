"""The linting engine that the CLI and the flake8 plugin share.

One file goes through: decode, a text pre-scan (files that cannot trigger any
selected rule are not parsed), CPython's parse and the outline pre-scan on it
(``Rule.may_fire``), the libcst parse, evaluation by the core, the rules, and
noqa filtering. Nothing here raises on user code: a file that cannot be read
or parsed gives one TL000 diagnostic that says why.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, List, Optional, Sequence, Tuple, Type

from torchlint.suppression import UNUSED_NOQA, file_noqa, file_suppresses, suppressed, unused_noqa

if TYPE_CHECKING:
    import ast

    from torchlint.core.outline import Outline
    from torchlint.rules import Rule
    from torchlint.rules.base import Finding

UNREADABLE = "TL000"


class Unreadable:
    """## What it does
    Reports a file, or a notebook cell, that torchlint could not analyse, once,
    at the place and with the reason: a syntax error (as CPython words it),
    bytes that do not decode, a notebook that is not JSON, nesting too deep to
    parse. The other rules say nothing about that file, or that cell (the rest of
    the notebook is still linted).

    ## Why is this bad?
    Code that is not analysed is not checked: a clean result would say more than
    is true. Python itself would refuse the file (or the cell) too.

    ## Example
    ```python
    optimizer = ___(model.parameters())    # an exercise's blank: TL000 syntax error
    ```

    ## Use instead
    Fix the syntax, or leave the file out of the run (`--ignore TL000` hides the
    reports, not the skip). Notebooks of other kernels (R, C++) are skipped
    without a report; `torchlint check -v` lists them.
    """

    # TL000 is no rule: the engine reports it. Documented as the rules are, so
    # `torchlint rule TL000` and the SARIF rule metadata can show it.
    code = UNREADABLE
    name = "unreadable-file"
    summary = "a file that cannot be analysed (syntax error, undecodable bytes), with the reason"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int  # 1-based, as editors and flake8 show it
    code: str
    message: str
    # In a notebook: the cell (1-based, among all cells); ``line`` is then the cell's line.
    cell: Optional[int] = None
    # The edits that resolve it (torchlint.fixes.Fix), in the lines of the
    # text analysed (a notebook's joined cells); None when it has no fix.
    fix: Optional[object] = dataclasses.field(default=None, compare=False)
    # The places its message cites (torchlint.evidence.Evidence), in the
    # lines of ``line`` (a notebook's: with their cells).
    evidence: Tuple[object, ...] = dataclasses.field(default=(), compare=False)


@dataclass(frozen=True)
class FileReport:
    """What linting one file gave: its diagnostics, or why it was not linted."""

    diagnostics: List[Diagnostic]
    skipped: Optional[str] = None


class InternalError(Exception):
    """A bug in torchlint itself, met while analysing ``path``."""

    def __init__(self, path: str, cause: BaseException) -> None:
        super().__init__(f"{path}: internal error: {type(cause).__name__}: {cause}")
        self.path = path
        self.cause = cause


class Selection:
    """Which codes are on: flake8-style prefixes; the longest matching prefix
    wins. By default every rule (TL0xx); the report of unused noqa comments
    (TL100) only when selected."""

    def __init__(self, select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None) -> None:
        chosen = ("TL0",) if select is None else select
        self.select = tuple(code.strip().upper() for code in chosen if code.strip())
        self.ignore = tuple(code.strip().upper() for code in (ignore or ()) if code.strip())

    def enabled(self, code: str) -> bool:
        selected = max((len(prefix) for prefix in self.select if code.startswith(prefix)), default=-1)
        ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
        if code == UNREADABLE:
            # A file that cannot be analysed is always said, unless ignored outright.
            return ignored < 0
        return selected > ignored

    def rules(self) -> Tuple[Type[Rule], ...]:
        from torchlint.rules import ALL_RULES

        return tuple(rule for rule in ALL_RULES if self.enabled(rule.code))


def rules_to_run(text: str, selection: Selection) -> Tuple[Type[Rule], ...]:
    """The text pre-scan: the selected rules that can fire on ``text``. Every
    rule needs torch, and a word of each of its trigger groups, in the text.
    A file without torch costs no import of the rules, nor of libcst: in an
    editor, most saves of a project are such files."""
    if "torch" not in text:
        return ()
    return tuple(
        rule for rule in selection.rules() if all(any(word in text for word in group) for group in rule.triggers)
    )


def lint_text(
    text: str,
    path: str,
    selection: Selection,
    *,
    tree: Optional[ast.Module] = None,
    check_syntax: bool = True,
    honour_noqa: bool = True,
    describe_line: Optional[Callable[[int], str]] = None,
    data_dirs: Sequence[str] = (),
    parse: Optional[Callable[[str, ast.Module], object]] = None,
) -> List[Diagnostic]:
    """Diagnostics for one file's source text, sorted.

    ``tree`` is CPython's parse of the text when the caller has it (flake8
    does). ``check_syntax`` reports a syntax error even in files no rule needs
    to parse, and ``honour_noqa`` drops what noqa comments suppress; the
    flake8 plugin turns both off since flake8 does these itself (a file's
    ``# torchlint: noqa`` is honoured either way: flake8 does not know it).
    ``data_dirs`` are more places to look for the data files a script reads.
    ``parse`` turns the text and its CPython tree into a libcst module or a
    ``source.Unreadable`` (the language server's ``IncrementalParser``
    reuses the last version's nodes); ``source.parse`` by default.
    """
    with _paused_garbage_collection():
        return _lint(text, path, selection, tree, check_syntax, honour_noqa, describe_line, data_dirs, parse)


def _lint(
    text: str,
    path: str,
    selection: Selection,
    tree: Optional[ast.Module],
    check_syntax: bool,
    honour_noqa: bool,
    describe_line: Optional[Callable[[int], str]],
    data_dirs: Sequence[str],
    parse: Optional[Callable[[str, ast.Module], object]],
) -> List[Diagnostic]:
    from torchlint.core import source

    triggered = rules_to_run(text, selection)
    entry = not triggered and _trains_through_imports(text, path, selection)
    if not triggered and not entry:
        failure = source.check_syntax(text) if check_syntax else None
        return _finish(path, text, [_unreadable(path, failure)] if failure else [], selection, honour_noqa)
    if tree is None:
        parsed = source.python_tree(text)
        if isinstance(parsed, source.Unreadable):
            return _finish(path, text, [_unreadable(path, parsed)] if check_syntax else [], selection, honour_noqa)
        tree = parsed
    try:
        outline = _outline(tree, text)
        if not entry and not any(rule.may_fire(outline) for rule in triggered):
            if not _trains_through_imports(text, path, selection):
                return _finish(path, text, [], selection, honour_noqa)
        module = (parse or source.parse)(text, tree)
        if isinstance(module, source.Unreadable):
            return _finish(path, text, [_unreadable(path, module)], selection, honour_noqa)
        diagnostics = _run_rules(module, outline, path, selection.rules(), describe_line, data_dirs)
    except RecursionError:
        reason = source.Unreadable(1, 0, "skipped: the file nests too deeply to analyse")
        diagnostics = [_unreadable(path, reason)]
    except Exception as error:
        raise InternalError(path, error) from error
    return _finish(path, text, diagnostics, selection, honour_noqa)


def _trains_through_imports(text: str, path: str, selection: Selection) -> bool:
    """An entry script whose training step is in a project module it imports
    (main.py calling train.py's ``train_one_epoch(model, loader)``): what the
    values it passes make there is its own to report (``Rule.follows_values``),
    though its text names no loss. True when the imported modules' text
    holds the words of such a rule."""
    if not path or "import" not in text:
        return False
    from torchlint.core import siblings

    imported = siblings.training_text(text, path)  # the entry script may import no torch itself: numpy in, a fit() out
    if "torch" not in imported:
        return False
    both = text + "\n" + imported
    return any(
        rule.follows_values and all(any(word in both for word in group) for group in rule.triggers)
        for rule in selection.rules()
    )


@contextlib.contextmanager
def _paused_garbage_collection() -> Iterator[None]:
    """No cyclic garbage collection while one file is parsed and analysed.

    libcst builds hundreds of thousands of nodes per file, none of them
    garbage until the file is done, and the collector's passes over them, ever
    longer as the tree grows, cost about a fifth of the time. The few cycles
    the analysis leaves (scopes and the functions they hold) are collected
    as usual once the collector is back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _outline(tree: ast.Module, text: str) -> Outline:
    from torchlint.core.outline import Outline

    return Outline(tree, text.splitlines())


def _run_rules(
    module,
    outline: Outline,
    path: str,
    rules: Sequence[Type[Rule]],
    describe_line: Optional[Callable[[int], str]],
    data_dirs: Sequence[str],
) -> List[Diagnostic]:
    from torchlint.core.evaluator import analyse
    from torchlint.evidence import located
    from torchlint.fixes import fix_for

    facts = analyse(module, path, tuple(data_dirs))
    facts.outline = outline
    facts.describe_line = describe_line
    diagnostics = []
    for rule in rules:
        for finding in rule().check(facts):
            if not facts.in_file(finding.node):
                finding = _at_entry(facts, finding) if rule.follows_values else None
                if finding is None:
                    continue  # the project module's own lint reports it
                fix = None  # the code to change is in the other module
            else:
                fix = fix_for(rule.code, finding, facts)
            line, column = facts.position(finding.node)
            evidence = located(facts, finding, line)
            diagnostics.append(Diagnostic(path, line, column + 1, rule.code, finding.message, fix=fix, evidence=evidence))
    return diagnostics


def _at_entry(facts, finding: Finding) -> Optional[Finding]:
    """A finding in a function of an imported project module, reached by a
    call in the linted file with that file's values (a train.py's
    ``train_one_epoch(model, loader)`` called from main.py): reported at that
    call, where the values it is about come from; the module linted alone
    does not see them."""
    from torchlint.rules.base import Finding

    entry = facts.entry_call(finding.node)
    if entry is None:
        return None
    call, function = entry
    name = getattr(function, "name", None)
    called = ""
    if name:
        from torchlint.core.source import walk

        # The line is in the function called here, or in one it calls (a training_step run by Trainer.fit).
        inside = any(node is finding.node for node in walk(function.node))  # type: ignore[attr-defined]
        called = f" in `{name}()`" if inside else f", reached through `{name}()`"
    return Finding(call, f"at {facts.where(finding.node)}{called}, called here: {finding.message}", finding.evidence)


def _unreadable(path: str, failure) -> Diagnostic:
    return Diagnostic(path, failure.line, failure.column + 1, UNREADABLE, failure.reason)


def _finish(
    path: str, text: str, diagnostics: List[Diagnostic], selection: Selection, honour_noqa: bool
) -> List[Diagnostic]:
    lines = text.splitlines() if honour_noqa else []
    unique = {}
    for diagnostic in diagnostics:
        key = (diagnostic.line, diagnostic.column, diagnostic.code)
        unique.setdefault(key, diagnostic)
    enabled = [diagnostic for diagnostic in unique.values() if selection.enabled(diagnostic.code)]
    whole_file = file_noqa(text)
    kept = [d for d in enabled if not file_suppresses(whole_file, d) and not suppressed(lines, d)]
    if honour_noqa and selection.enabled(UNUSED_NOQA):
        from torchlint.config import known_codes

        kept += unused_noqa(path, text, enabled, selection.enabled, known_codes())
    return sorted(kept)


def lint_bytes(data: bytes, path: str, selection: Selection, data_dirs: Sequence[str] = ()) -> List[Diagnostic]:
    from torchlint.core import source

    text = source.decode(data)
    if isinstance(text, source.Unreadable):
        return _finish(path, "", [_unreadable(path, text)], selection, honour_noqa=True)
    return lint_text(text, path, selection, data_dirs=data_dirs)


def lint_notebook(data: bytes, path: str, selection: Selection, data_dirs: Sequence[str] = ()) -> FileReport:
    """A Jupyter notebook: its code cells linted as one script, each
    diagnostic placed back in its cell; a notebook of another kernel is skipped."""
    from torchlint import notebooks

    script = notebooks.script_of(data)
    if isinstance(script, notebooks.OtherKernel):
        return FileReport([], skipped=script.reason)
    if not isinstance(script, notebooks.Script):
        return FileReport(_finish(path, "", [_unreadable(path, script)], selection, honour_noqa=True))
    return FileReport(lint_script(script, path, selection, data_dirs))


def lint_script(script, path: str, selection: Selection, data_dirs: Sequence[str] = ()) -> List[Diagnostic]:
    """A notebook's cells joined (torchlint.notebooks.Script) linted as one
    script, each diagnostic, and its evidence, placed back in its cell."""
    from torchlint.evidence import in_cells

    diagnostics = lint_text(script.text, path, selection, describe_line=script.describe, data_dirs=data_dirs)
    diagnostics += _finish(path, "", [_unreadable(path, failure) for failure in script.skipped], selection, honour_noqa=True)
    placed = []
    for diagnostic in diagnostics:
        cell, line = script.locate(diagnostic.line)
        evidence = in_cells(diagnostic.evidence, script.locate)  # type: ignore[arg-type]
        placed.append(dataclasses.replace(diagnostic, line=line, cell=cell, evidence=evidence))
    return sorted(placed, key=lambda d: (d.path, d.cell or 0, d.line, d.column, d.code))


def lint_file(path: str, selection: Selection, data_dirs: Sequence[str] = ()) -> FileReport:
    with open(path, "rb") as handle:
        data = handle.read()
    return lint_data(data, path, selection, data_dirs)


def lint_data(data: bytes, path: str, selection: Selection, data_dirs: Sequence[str] = ()) -> FileReport:
    """A file's bytes (read from disk, or from stdin under a given name)."""
    from torchlint import notebooks

    if path.endswith(".ipynb") or notebooks.saved_as_script(data):
        return lint_notebook(data, path, selection, data_dirs)
    return FileReport(lint_bytes(data, path, selection, data_dirs))
