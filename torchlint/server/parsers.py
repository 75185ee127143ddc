"""The incremental parsers of the documents being edited.

Each keeps the libcst nodes of its document's last version (a few MiB for a
500-line script), so only the few documents most recently opened or edited
have one: memory stays flat however many files are opened.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Optional

from torchlint.core.incremental import IncrementalParser

EDITED_DOCUMENTS_KEPT = 4


class Parsers:
    def __init__(self, kept: int = EDITED_DOCUMENTS_KEPT) -> None:
        self._kept = kept
        self._by_uri: "OrderedDict[str, IncrementalParser]" = OrderedDict()

    def keep(self, uri: str) -> None:
        """The document was opened or changed: it gets a parser (the least
        recently used beyond the few kept loses its own)."""
        if uri in self._by_uri:
            self._by_uri.move_to_end(uri)
            return
        self._by_uri[uri] = IncrementalParser()
        while len(self._by_uri) > self._kept:
            self._by_uri.popitem(last=False)

    def get(self, uri: str) -> Optional[IncrementalParser]:
        return self._by_uri.get(uri)

    def forget(self, uri: str) -> None:
        self._by_uri.pop(uri, None)
