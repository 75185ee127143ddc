"""Every fixture, through the CLI, gives exactly the findings its `# expect:`
comments announce (see fixtures/README.md); a sixth of them, the seed's
scripts among them, through flake8 too, which runs the same engine (its own
tests, tests/test_flake8.py, cover what the plugin adds)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tokenize
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, NamedTuple, Tuple

import pytest

from torchlint.flake8_plugin import FIXABLE_HINT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))
FLAKE8_SAMPLE = sorted({*FIXTURE_FILES[::6], *(FIXTURES / "seed").glob("*.py")})
_EXPECT = re.compile(r'expect:\s*(TL\d{3})(?:\s+"([^"]*)")?')


class Expected(NamedTuple):
    line: int
    code: str
    fragment: str


class Reported(NamedTuple):
    line: int
    column: int
    code: str
    message: str


def expectations(path: Path) -> List[Expected]:
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            for match in _EXPECT.finditer(token.string):
                found.append(Expected(token.start[0], match.group(1), match.group(2) or ""))
    return found


def _by_path(rows: List[Tuple[str, Reported]]) -> Dict[Path, List[Reported]]:
    grouped: Dict[Path, List[Reported]] = defaultdict(list)
    for path, reported in rows:
        grouped[Path(path).resolve()].append(reported)
    return grouped


@pytest.fixture(scope="module")
def cli_findings() -> Dict[Path, List[Reported]]:
    run = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--format", "json", "-j", "2", str(FIXTURES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    rows = json.loads(run.stdout)
    return _by_path([(r["path"], Reported(r["line"], r["column"], r["code"], r["message"])) for r in rows])


@pytest.fixture(scope="module")
def flake8_findings() -> Dict[Path, List[Reported]]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "flake8",
            "--isolated",
            "--select",
            "TL",
            "--format",
            "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s",
            *map(str, FLAKE8_SAMPLE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    rows = []
    for line in run.stdout.splitlines():
        path, row, col, code, text = line.split("\t", 4)
        # The hint that torchlint's CLI can fix it is flake8's alone.
        rows.append((path, Reported(int(row), int(col), code, text.removesuffix(FIXABLE_HINT))))
    return _by_path(rows)


def _check(path: Path, reported: List[Reported]) -> None:
    expected = expectations(path)
    assert sorted((r.line, r.code) for r in reported) == sorted((e.line, e.code) for e in expected), "\n".join(
        f"{r.line}:{r.column} {r.code} {r.message}" for r in reported
    )
    for expectation in expected:
        messages = [r.message for r in reported if (r.line, r.code) == (expectation.line, expectation.code)]
        assert any(expectation.fragment in message for message in messages), (expectation, messages)


def _fixture_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=_fixture_id)
def test_fixture_through_cli(path: Path, cli_findings: Dict[Path, List[Reported]]) -> None:
    _check(path, cli_findings.get(path, []))


@pytest.mark.parametrize("path", FLAKE8_SAMPLE, ids=_fixture_id)
def test_fixture_through_flake8(path: Path, flake8_findings: Dict[Path, List[Reported]]) -> None:
    _check(path, flake8_findings.get(path, []))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=_fixture_id)
def test_fixture_name_says_what_it_holds(path: Path) -> None:
    if path.name.startswith("bad_"):
        assert expectations(path), "a bad_ fixture must announce at least one finding"
    elif path.name.startswith("clean_"):
        assert not expectations(path), "a clean_ fixture must announce none"
    else:
        # seed/: the seed's scripts; modules/: project modules that cases import.
        assert path.parent.name in ("seed", "modules"), "name fixtures bad_*.py or clean_*.py"


def test_cli_and_flake8_agree_on_positions(cli_findings, flake8_findings) -> None:
    assert cli_findings, "the fixtures produced no findings at all"
    for path in FLAKE8_SAMPLE:
        assert sorted(cli_findings.get(path, [])) == sorted(flake8_findings.get(path, [])), path


@pytest.mark.parametrize("folder, at_least", [("tl001", 30), ("tl002", 25)])
def test_fixture_counts_meet_the_bar(folder: str, at_least: int) -> None:
    """The issues ask for this many bugs and as many clean look-alikes per rule."""
    names = [path.name for path in (FIXTURES / folder).glob("*.py")]
    assert len([name for name in names if name.startswith("bad_")]) >= at_least
    assert len([name for name in names if name.startswith("clean_")]) >= at_least
