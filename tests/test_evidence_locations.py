"""Findings name their evidence as locations (line, column, label), not only
in the message text: in the JSON output (``evidence``), in SARIF
(``relatedLocations``, validated against the official schema), through the
results cache, and placed in their cells in a notebook."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema

from torchlint.engine import Selection, lint_file, lint_text
from torchlint.evidence import Evidence

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SEED = ROOT / "fixtures" / "seed"

# TL001: a (32,) target, made on line 4, against the (32, 1) output of the
# model made on line 6 and called on line 8.
TRAINING = textwrap.dedent(
    """\
    import torch
    import torch.nn as nn
    X = torch.randn(32, 4)
    y = torch.randn(32)
    model = nn.Linear(4, 1)
    prediction = model(X)
    for step in range(10):
        loss = nn.MSELoss()(prediction, y)
    """
)


def _only(diagnostics, code):
    [found] = [d for d in diagnostics if d.code == code]
    return found


def test_tl001_names_where_the_target_and_the_prediction_got_their_shapes():
    found = _only(lint_text(TRAINING, "t.py", Selection()), "TL001")
    assert "shape set at line 4" in found.message
    assert found.evidence == (
        Evidence(4, 5, "target `y`: its shape is set here"),
        Evidence(6, 14, "prediction `prediction`: its shape is set here"),
    )


def test_evidence_on_the_line_of_the_finding_itself_is_left_out():
    text = TRAINING.replace("prediction = model(X)\n", "").replace("(prediction, y)", "(model(X), y)")
    found = _only(lint_text(text, "t.py", Selection()), "TL001")
    # model(X) sets the prediction's shape on the finding's own line: no second pointer there.
    assert [item.line for item in found.evidence] == [4]


def test_tl002_names_the_lines_of_both_columns():
    found = _only(lint_file(str(SEED / "example1_unnormalized.py"), Selection()).diagnostics, "TL002")
    assert "column 0 is ~100 (scaled by 100 at line 9) while column 1 is ~1 (np.random.rand at line 8)" in found.message
    assert [(item.line, item.label) for item in found.evidence] == [
        (9, "column 0: ~100 (scaled by 100)"),
        (8, "column 1: ~1 (np.random.rand)"),
    ]


def test_tl004_and_tl005_name_where_their_values_were_made():
    softmax = _only(
        lint_file(str(ROOT / "fixtures" / "tl004" / "bad_forward_functional_softmax_names_softmax_line.py"), Selection()).diagnostics,
        "TL004",
    )
    assert "made at line 15" in softmax.message
    assert [(item.line, item.label) for item in softmax.evidence] == [(15, "softmax output made here")]
    float64 = _only(lint_file(str(ROOT / "fixtures" / "tl005" / "bad_as_tensor_helper.py"), Selection()).diagnostics, "TL005")
    assert "data made at line 11" in float64.message
    assert [(item.line, item.label) for item in float64.evidence] == [(11, "float64 data made here")]


def _notebook(directory: Path) -> Path:
    """TRAINING split in two code cells after a markdown cell."""
    split = TRAINING.index("model =")
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]}] + [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": part.splitlines(True)}
        for part in (TRAINING[:split], TRAINING[split:])
    ]
    path = directory / "train.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1), encoding="utf-8")
    return path


def test_in_a_notebook_the_evidence_is_placed_in_its_cells(tmp_path: Path):
    found = _only(lint_file(str(_notebook(tmp_path)), Selection()).diagnostics, "TL001")
    assert (found.cell, found.line) == (3, 4)
    assert "shape set at cell 2, line 4" in found.message
    assert [(item.cell, item.line) for item in found.evidence] == [(2, 4), (3, 2)]


def _check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "torchlint", "check", *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_the_json_output_lists_the_evidence_and_the_cache_keeps_it(tmp_path: Path):
    (tmp_path / "train.py").write_text(TRAINING, encoding="utf-8")
    first = _check(tmp_path, "--format", "json", "--cache-dir", str(tmp_path / "cache"), "train.py")
    again = _check(tmp_path, "--format", "json", "--cache-dir", str(tmp_path / "cache"), "train.py")
    assert first.returncode == again.returncode == 1, first.stderr
    assert list((tmp_path / "cache").glob("*.json")), "the second run read the cache"
    for run in (first, again):
        [finding] = json.loads(run.stdout)
        assert finding["evidence"] == [
            {"line": 4, "column": 5, "label": "target `y`: its shape is set here"},
            {"line": 6, "column": 14, "label": "prediction `prediction`: its shape is set here"},
        ]


def test_sarif_related_locations_validate_and_point_into_the_notebook(tmp_path: Path):
    (tmp_path / "train.py").write_text(TRAINING, encoding="utf-8")
    notebook = _notebook(tmp_path)
    run = _check(tmp_path, "--format", "sarif", "--no-cache", ".")
    assert run.returncode == 1, run.stderr
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result for result in log["runs"][0]["results"]}
    script = results["train.py"]["relatedLocations"]
    assert [(r["id"], r["physicalLocation"]["region"], r["message"]["text"]) for r in script] == [
        (0, {"startLine": 4, "startColumn": 5}, "target `y`: its shape is set here"),
        (1, {"startLine": 6, "startColumn": 14}, "prediction `prediction`: its shape is set here"),
    ]
    target, _ = results["train.ipynb"]["relatedLocations"]
    assert target["message"]["text"] == "cell 2, line 4: target `y`: its shape is set here"
    # The line of the .ipynb file that holds that line of the cell.
    file_line = notebook.read_text(encoding="utf-8").splitlines()[target["physicalLocation"]["region"]["startLine"] - 1]
    assert json.loads(file_line.strip().rstrip(",")) == "y = torch.randn(32)\n"
