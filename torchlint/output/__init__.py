"""Output formats, one writer per format, all fed the same diagnostics.

``FORMATS`` lists the names ``--format`` accepts; ``writer_for(name, stream)``
makes the writer. A new format is a new module registered here."""

from __future__ import annotations

from typing import Dict, TextIO, Type

from torchlint.output.base import Writer
from torchlint.output.github import GithubWriter
from torchlint.output.gitlab import GitlabWriter
from torchlint.output.json_ import JsonLinesWriter, JsonWriter
from torchlint.output.sarif import SarifWriter
from torchlint.output.statistics import StatisticsWriter
from torchlint.output.text import TextWriter

WRITERS: Dict[str, Type[Writer]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "json-lines": JsonLinesWriter,
    "sarif": SarifWriter,
    "github": GithubWriter,
    "gitlab": GitlabWriter,
}
FORMATS = tuple(WRITERS)


def writer_for(name: str, stream: TextIO) -> Writer:
    return WRITERS[name](stream)


__all__ = ["FORMATS", "WRITERS", "StatisticsWriter", "TextWriter", "Writer", "writer_for"]
