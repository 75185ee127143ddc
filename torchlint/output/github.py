"""``--format github``: GitHub Actions workflow commands, which the runner turns
into annotations on the pull request's diff (``::error file=F,line=L,col=C,title=T::message``)."""

from __future__ import annotations

import os

from torchlint.engine import UNREADABLE
from torchlint.output.base import LineWriter, located_message, relative_path, rule_names
from torchlint.output.notebook_lines import NotebookLines


def escape_data(text: str) -> str:
    """The message part, escaped as the Actions toolkit does (a newline would end the command)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also ``:`` and ``,``, which end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(LineWriter):
    prints_summary = True

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.root = os.getcwd()
        self.names = rule_names()
        self.notebook_lines = NotebookLines()

    def line(self, diagnostic) -> str:
        command = "warning" if diagnostic.code == UNREADABLE else "error"
        path = relative_path(diagnostic.path, self.root) or diagnostic.path
        properties = [f"file={escape_property(path)}"]
        line = self.notebook_lines.line_of(diagnostic)
        if diagnostic.cell is None:
            properties += [f"line={line}", f"col={diagnostic.column}"]
        elif line is not None:
            # In a notebook: the line of the .ipynb that holds the cell's
            # line (a column there would count the JSON quoting).
            properties.append(f"line={line}")
        title = f"{diagnostic.code} {self.names.get(diagnostic.code, '')}".rstrip()
        properties.append(f"title={escape_property(title)}")
        return f"::{command} {','.join(properties)}::{escape_data(located_message(diagnostic))}"
