"""``--format gitlab``: a GitLab Code Quality report, the JSON array that
``artifacts:reports:codequality`` reads and shows in merge requests."""

from __future__ import annotations

import json
import os

from torchlint.engine import UNREADABLE
from torchlint.output.base import Writer, fingerprints, located_message, relative_path
from torchlint.output.notebook_lines import NotebookLines


class GitlabWriter(Writer):
    def write(self, diagnostics) -> None:
        root = os.getcwd()
        prints = fingerprints(diagnostics, root)
        notebook_lines = NotebookLines()
        issues = [
            {
                "type": "issue",
                "description": f"{d.code} {located_message(d)}",
                "check_name": d.code,
                "categories": ["Bug Risk"],
                "fingerprint": prints[d],
                # major: a bug in the trained model; info: a file left unchecked.
                "severity": "info" if d.code == UNREADABLE else "major",
                "location": {
                    "path": relative_path(d.path, root) or os.path.abspath(d.path),
                    # In a notebook: the line of the .ipynb that holds the cell's line.
                    "lines": {"begin": notebook_lines.line_of(d) or 1},
                },
            }
            for d in diagnostics
        ]
        self.stream.write(json.dumps(issues, indent=2) + "\n")
