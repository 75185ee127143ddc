"""``--format sarif``: SARIF 2.1.0, the format GitHub code scanning uploads
(``github/codeql-action/upload-sarif``), with every rule's documentation as
its help so that each alert explains itself."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import re
from pathlib import Path
from typing import Dict, List

from torchlint.engine import UNREADABLE
from torchlint.output.base import Writer, fingerprints, located_message, relative_path
from torchlint.output.notebook_lines import NotebookLines

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# The base the results' relative paths are resolved against: the directory
# torchlint ran in (on CI, the checkout).
ROOT_BASE = "SRCROOT"
# The partialFingerprints key; a new version if the recipe ever changes.
FINGERPRINT_KEY = "torchlintFingerprint/v1"


def _section(doc: str, title: str) -> str:
    """The text of one ``## title`` section of a rule's docstring."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return " ".join(match.group(1).split("\n\n")[0].split()) if match else ""


def rule_descriptors() -> List[dict]:
    """A SARIF reportingDescriptor per code: TL000, every rule and TL100, in code order."""
    from torchlint.rules import documented_codes

    descriptors = []
    for rule in documented_codes():
        doc = inspect.getdoc(rule) or ""
        descriptors.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": _section(doc, "What it does") or rule.summary},
                "help": {"text": doc, "markdown": f"# {rule.code} {rule.name}\n\n{doc}"},
                # A file left unchecked is a warning; a rule's finding is a bug.
                "defaultConfiguration": {"level": "warning" if rule.code == UNREADABLE else "error"},
            }
        )
    return descriptors


class SarifWriter(Writer):
    def write(self, diagnostics) -> None:
        from torchlint import __version__

        root = os.getcwd()
        rules = rule_descriptors()
        index: Dict[str, int] = {rule["id"]: position for position, rule in enumerate(rules)}
        prints = fingerprints(diagnostics, root)
        notebook_lines = NotebookLines()
        results = []
        for d in diagnostics:
            relative = relative_path(d.path, root)
            artifact = (
                {"uri": _uri(relative), "uriBaseId": ROOT_BASE}
                if relative is not None
                else {"uri": Path(os.path.abspath(d.path)).as_uri()}
            )
            # In a notebook: the line of the .ipynb that holds the cell's line
            # (a column there would count the JSON quoting); the message and
            # properties name the cell and its line.
            region = (
                {"startLine": d.line, "startColumn": d.column}
                if d.cell is None
                else {"startLine": notebook_lines.line_of(d) or 1}
            )
            result = {
                "ruleId": d.code,
                "level": "warning" if d.code == UNREADABLE else "error",
                "message": {"text": located_message(d)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
                "partialFingerprints": {FINGERPRINT_KEY: prints[d]},
            }
            if d.evidence:
                result["relatedLocations"] = _related_locations(d, artifact, notebook_lines)
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            if d.cell is not None:
                result["properties"] = {"cell": d.cell, "cellLine": d.line, "cellColumn": d.column}
            results.append(result)
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "torchlint", "version": __version__, "semanticVersion": __version__, "rules": rules}},
                    "originalUriBaseIds": {ROOT_BASE: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        self.stream.write(json.dumps(log, indent=2) + "\n")


def _related_locations(diagnostic, artifact: dict, notebook_lines: NotebookLines) -> List[dict]:
    """The finding's evidence (where a shape was set, where features were
    made), each with its label; in a notebook, at the .ipynb line of its cell's line."""
    related = []
    for number, item in enumerate(diagnostic.evidence):
        if item.cell is None:
            region = {"startLine": item.line, "startColumn": item.column}
            text = item.label
        else:
            in_cell = dataclasses.replace(diagnostic, line=item.line, cell=item.cell)
            region = {"startLine": notebook_lines.line_of(in_cell) or 1}
            text = f"cell {item.cell}, line {item.line}: {item.label}"
        related.append(
            {"id": number, "physicalLocation": {"artifactLocation": artifact, "region": region}, "message": {"text": text}}
        )
    return related


def _uri(relative: str) -> str:
    """A relative path as a URI reference: spaces, ``#`` and ``%`` escaped."""
    from urllib.parse import quote

    return quote(relative, safe="/+")
