"""Where the server's settings come from: one function, so that the
``[tool.torchlint]`` configuration can be read here once it exists.

Today the settings are the editor's ``initializationOptions`` (and later
``workspace/didChangeConfiguration``): ``select`` and ``ignore`` (lists of codes
or prefixes, as ``torchlint check --select/--ignore``), ``debounce`` (seconds
to wait after the last change before linting, default 0.05) and
``ruleDocsUrl`` (a link for a rule's code, with ``{code}`` in it; without it
the code links to the rule's documentation written as a local Markdown file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from torchlint.engine import Selection

DEFAULT_DEBOUNCE_SECONDS = 0.05


@dataclass(frozen=True)
class ServerSettings:
    selection: Selection
    debounce: float = DEFAULT_DEBOUNCE_SECONDS
    rule_docs_url: Optional[str] = None


def settings_for(options: Optional[Mapping[str, Any]]) -> ServerSettings:
    """The settings from the editor's options (anything malformed is left at
    its default rather than refused: an editor shows no error for it)."""
    options = options if isinstance(options, Mapping) else {}
    select = _codes(options.get("select"))
    ignore = _codes(options.get("ignore"))
    debounce = options.get("debounce")
    url = options.get("ruleDocsUrl")
    return ServerSettings(
        Selection(select, ignore),
        float(debounce) if isinstance(debounce, (int, float)) and 0 <= debounce <= 5 else DEFAULT_DEBOUNCE_SECONDS,
        url if isinstance(url, str) and "{code}" in url else None,
    )


def _codes(value: Any) -> Optional[list]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        return None
    return [code for code in value if isinstance(code, str)] or None
