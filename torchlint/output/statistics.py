"""``--statistics``: the count of findings per code, most frequent first,
instead of the findings themselves."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from torchlint.output.base import Writer, rule_names


class StatisticsWriter(Writer):
    prints_summary = True

    def write(self, diagnostics: Sequence) -> None:
        names = rule_names()
        counts = Counter(d.code for d in diagnostics)
        width = max((len(str(count)) for count in counts.values()), default=1)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            self.stream.write(f"{count:>{width}}  {code}  {names.get(code, '')}".rstrip() + "\n")
