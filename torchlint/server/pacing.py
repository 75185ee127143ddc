"""When to lint after a change: at once after a pause, debounced in a burst.

A fixed debounce makes every edit wait for it, though most edits come after
a pause (people type a few characters a second, and a lint of a 500-line
script takes ~60 ms with the incremental parse): the wait is all latency.
What it is for is a burst, changes coming faster than lints (key repeat, a
paste the editor sends in pieces, an edit made while a lint was running):
linting each of those would put the server further and further behind. So
a change is linted at once when the document has been quiet for the
debounce interval (no change handled and no lint finished), and otherwise
the lint waits until the changes stop for that long, as before.
"""

from __future__ import annotations

import time
from typing import Callable, Dict


class Pacing:
    def __init__(self, debounce: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.debounce = debounce
        self._clock = clock
        self._last_activity: Dict[str, float] = {}  # per document: its last change handled or lint finished

    def delay(self, uri: str) -> float:
        """Seconds to wait before linting the change just handled."""
        now = self._clock()
        last = self._last_activity.get(uri)
        self._last_activity[uri] = now
        return 0.0 if last is None or now - last >= self.debounce else self.debounce

    def linted(self, uri: str) -> None:
        self._last_activity[uri] = self._clock()

    def forget(self, uri: str) -> None:
        self._last_activity.pop(uri, None)
