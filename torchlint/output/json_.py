"""``--format json`` (one array) and ``--format json-lines`` (one object a line,
written as each file is checked)."""

from __future__ import annotations

import json

from torchlint.output.base import LineWriter, Writer, as_dict


class JsonWriter(Writer):
    def write(self, diagnostics) -> None:
        self.stream.write(json.dumps([as_dict(d) for d in diagnostics], indent=2) + "\n")


class JsonLinesWriter(LineWriter):
    def line(self, diagnostic) -> str:
        return json.dumps(as_dict(diagnostic))
