"""Every ``--format``, run as a real process and read back as its consumer
reads it: SARIF validated against the official 2.1.0 schema, GitHub workflow
commands parsed by their syntax, GitLab's Code Quality fields, JSON lines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, List, Tuple
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

from torchlint.output import FORMATS
from torchlint.output.github import escape_data, escape_property
from torchlint.output.notebook_lines import cell_line_map

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

BUGGY = textwrap.dedent(
    """\
    import torch
    import torch.nn as nn
    X = torch.randn(32, 4)
    y = torch.randn(32)
    model = nn.Linear(4, 1)
    loss = nn.MSELoss()(model(X), y)
    """
)


def torchlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "torchlint", "check", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A checkout with a TL001 bug in a file whose name needs escaping, the
    same bug in a notebook's third cell, and a file that does not parse."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train, v2:50%.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "src" / "broken.py").write_text("import torch\ndef (:\n", encoding="utf-8")
    cells = [BUGGY[: BUGGY.index("model")], BUGGY[BUGGY.index("model") :]]
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]}]
        + [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c.splitlines(True)} for c in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    # Indented as Jupyter writes it: each source line on a line of the file.
    (tmp_path / "train.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return tmp_path


def notebook_line(project: Path, line: int) -> str:
    """The cell's source line that line ``line`` of train.ipynb holds."""
    return json.loads((project / "train.ipynb").read_text(encoding="utf-8").splitlines()[line - 1].strip().rstrip(","))


def test_every_format_is_a_choice_of_check() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "torchlint", "check", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in FORMATS:
        assert name in help_text
    assert set(FORMATS) == {"text", "json", "json-lines", "sarif", "github", "gitlab"}


def test_sarif_validates_against_the_official_schema(project: Path) -> None:
    run = torchlint(project, "--format", "sarif", ".")
    assert run.returncode == 1, run.stderr
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    assert sorted(result["ruleId"] for result in sarif_run["results"]) == ["TL000", "TL001", "TL001"]


def test_sarif_results_point_at_files_relative_to_the_working_directory(project: Path) -> None:
    (sarif_run,) = json.loads(torchlint(project, "--format", "sarif", ".").stdout)["runs"]
    base = sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert Path(unquote(urlparse(base).path)) == project.resolve()
    by_rule = {}
    for result in sarif_run["results"]:
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "SRCROOT"
        assert (project / unquote(artifact["uri"])).is_file()
        by_rule.setdefault(result["ruleId"], []).append((unquote(artifact["uri"]), location["physicalLocation"]["region"], result))
    script = next(entry for entry in by_rule["TL001"] if entry[0].endswith(".py"))
    assert script[0] == "src/train, v2:50%.py"
    assert script[1] == {"startLine": 6, "startColumn": 8}
    # The notebook's finding sits on the line of the .ipynb that holds the
    # cell's line; its message names the cell and line.
    notebook = next(entry for entry in by_rule["TL001"] if entry[0] == "train.ipynb")
    assert set(notebook[1]) == {"startLine"}
    assert notebook_line(project, notebook[1]["startLine"]) == "loss = nn.MSELoss()(model(X), y)\n"
    assert notebook[2]["message"]["text"].startswith("cell 3, line 2: MSELoss")
    assert notebook[2]["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 8}
    (broken,) = by_rule["TL000"]
    assert broken[0] == "src/broken.py" and broken[2]["level"] == "warning"


def test_sarif_describes_every_rule_with_its_documentation(project: Path) -> None:
    from torchlint.rules import ALL_RULES

    (sarif_run,) = json.loads(torchlint(project, "--format", "sarif", ".").stdout)["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["TL000", *(rule.code for rule in ALL_RULES), "TL100"]
    for descriptor, rule in zip(rules[1:], ALL_RULES):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"].startswith("Flags")
        assert "## Why is this bad?" in descriptor["help"]["markdown"]
        assert "## Use instead" in descriptor["help"]["text"]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def _fingerprints(sarif_text: str) -> Dict[Tuple[str, str], str]:
    (sarif_run,) = json.loads(sarif_text)["runs"]
    return {
        (result["ruleId"], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]):
            result["partialFingerprints"]["torchlintFingerprint/v1"]
        for result in sarif_run["results"]
    }


def test_fingerprints_survive_code_moving_and_tell_findings_apart(project: Path) -> None:
    before = _fingerprints(torchlint(project, "--format", "sarif", ".").stdout)
    script = project / "src" / "train, v2:50%.py"
    script.write_text("# a header comment\n\n" + BUGGY, encoding="utf-8")
    after = torchlint(project, "--format", "sarif", ".").stdout
    assert _fingerprints(after) == before
    assert len(set(before.values())) == len(before)
    # Two findings alike in one file get two fingerprints.
    script.write_text(BUGGY + "loss = nn.MSELoss()(model(X), y)\n", encoding="utf-8")
    (sarif_run,) = json.loads(torchlint(project, "--format", "sarif", "src").stdout)["runs"]
    prints = [r["partialFingerprints"]["torchlintFingerprint/v1"] for r in sarif_run["results"] if r["ruleId"] == "TL001"]
    assert len(prints) == len(set(prints)) == 2


# The workflow command syntax: ::command key=value,key=value::data
WORKFLOW_COMMAND = re.compile(r"^::(?P<command>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<data>.*)$")


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)


def parse_workflow_commands(output: str) -> List[Tuple[str, Dict[str, str], str]]:
    commands = []
    for line in output.splitlines():
        match = WORKFLOW_COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(pair.split("=", 1) for pair in (match["properties"] or "").split(",") if pair)
        commands.append((match["command"], {k: _unescape(v) for k, v in properties.items()}, _unescape(match["data"])))
    return commands


def test_github_format_is_one_workflow_command_per_finding(project: Path) -> None:
    run = torchlint(project, "--format", "github", ".")
    assert run.returncode == 1
    assert "Found 3 findings in 3 files." in run.stderr
    commands = parse_workflow_commands(run.stdout)
    by_file = {properties["file"]: (command, properties, data) for command, properties, data in commands}
    command, properties, data = by_file["src/train, v2:50%.py"]
    assert command == "error"
    assert (properties["line"], properties["col"], properties["title"]) == ("6", "8", "TL001 loss-target-shape")
    assert data.startswith("MSELoss: prediction")
    command, properties, data = by_file["train.ipynb"]
    assert "col" not in properties and data.startswith("cell 3, line 2: MSELoss")
    assert notebook_line(project, int(properties["line"])) == "loss = nn.MSELoss()(model(X), y)\n"
    command, properties, data = by_file["src/broken.py"]
    assert (command, properties["title"]) == ("warning", "TL000 unreadable-file")


def test_github_escaping_round_trips() -> None:
    text = "50% of a,b: c\r\nnext"
    assert "\n" not in escape_data(text) and "\r" not in escape_data(text)
    assert ":" not in escape_property(text) and "," not in escape_property(text)
    assert _unescape(escape_data(text)) == _unescape(escape_property(text)) == text


def test_gitlab_code_quality_report(project: Path) -> None:
    run = torchlint(project, "--format", "gitlab", ".")
    assert run.returncode == 1
    issues = json.loads(run.stdout)
    assert len(issues) == 3
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= issue.keys()
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert (project / issue["location"]["path"]).is_file()
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == 3
    script = next(issue for issue in issues if issue["location"]["path"].endswith(".py") and issue["check_name"] == "TL001")
    assert script["location"] == {"path": "src/train, v2:50%.py", "lines": {"begin": 6}}
    assert script["description"].startswith("TL001 MSELoss: prediction")
    assert script["severity"] == "major"
    notebook = next(issue for issue in issues if issue["location"]["path"] == "train.ipynb")
    assert notebook["description"].startswith("TL001 cell 3, line 2: MSELoss")
    assert notebook_line(project, notebook["location"]["lines"]["begin"]) == "loss = nn.MSELoss()(model(X), y)\n"


def test_json_lines_hold_the_json_format_one_object_a_line(project: Path) -> None:
    lines = torchlint(project, "--format", "json-lines", ".").stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(torchlint(project, "--format", "json", ".").stdout)
    assert len(lines) == 3


@pytest.mark.parametrize("name", ["sarif", "gitlab", "json"])
def test_document_formats_are_valid_when_nothing_is_found(tmp_path: Path, name: str) -> None:
    (tmp_path / "ok.py").write_text("import torch\n", encoding="utf-8")
    run = torchlint(tmp_path, "--format", name, ".")
    assert run.returncode == 0
    document = json.loads(run.stdout)
    if name == "sarif":
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
        assert document["runs"][0]["results"] == []
    else:
        assert document == []


def test_paths_outside_the_working_directory_are_absolute_uris(project: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    log = json.loads(torchlint(elsewhere, "--format", "sarif", str(project / "src")).stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert uris and all(set(uri) == {"uri"} and uri["uri"].startswith("file:///") for uri in uris)
    assert Path(unquote(urlparse(uris[0]["uri"]).path)).is_file()


def test_cell_lines_are_placed_on_the_lines_of_the_notebook_file() -> None:
    document = {
        "cells": [
            {"cell_type": "markdown", "metadata": {"tags": ["a", {"source": "not this"}]}, "source": ["# T\n", "text"]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import torch\n", "x = 1\n", "y = 2"]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": "a = 1\nb = 2"},
        ],
        "metadata": {},
    }
    text = json.dumps(document, indent=1)
    lines = text.splitlines()
    placed = cell_line_map(text)
    assert [lines[placed[(2, n)] - 1].strip() for n in (1, 2, 3)] == ['"import torch\\n",', '"x = 1\\n",', '"y = 2"']
    # A source kept as one string is one line of the file, which holds all its lines.
    assert placed[(3, 1)] == placed[(3, 2)] and lines[placed[(3, 1)] - 1].strip() == '"source": "a = 1\\nb = 2"'
    assert (2, 4) not in placed
