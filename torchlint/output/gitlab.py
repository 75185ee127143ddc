"""``--format gitlab``: a GitLab Code Quality report, the JSON array that
``artifacts:reports:codequality`` reads and shows in merge requests."""

from __future__ import annotations

import json
import os

from torchlint.output.base import UNREADABLE, Writer, fingerprints, located_message, relative_path


class GitlabWriter(Writer):
    def write(self, diagnostics) -> None:
        root = os.getcwd()
        prints = fingerprints(diagnostics, root)
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
                    # A notebook cell's line is not a line of the .ipynb: its
                    # first line, and the description names the cell and line.
                    "lines": {"begin": d.line if d.cell is None else 1},
                },
            }
            for d in diagnostics
        ]
        self.stream.write(json.dumps(issues, indent=2) + "\n")
