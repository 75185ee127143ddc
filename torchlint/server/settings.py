"""The editor's settings: its ``initializationOptions`` (and later
``workspace/didChangeConfiguration``): ``select`` and ``ignore`` (lists of codes
or prefixes, as ``torchlint check --select/--ignore``, layered over each
document's ``[tool.torchlint]`` configuration: see ``configuration.py``),
``unsafeFixes`` (offer the fixes that need a reader's judgement, as
``--unsafe-fixes``; default false), ``debounce`` (seconds of quiet after
which a change is linted at once, and the wait after the last change of a
burst; default 0.05) and ``ruleDocsUrl`` (a link for a
rule's code, with ``{code}`` in it; without it the code links to the rule's
documentation written as a local Markdown file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from torchlint.config import ConfigError, RuleChoice, check_codes
from torchlint.engine import Selection

DEFAULT_DEBOUNCE_SECONDS = 0.05


@dataclass(frozen=True)
class ServerSettings:
    selection: Selection  # the editor's select/ignore alone (for the warm-up lint)
    rules: RuleChoice = RuleChoice()  # the same, as a layer over the configuration files
    debounce: float = DEFAULT_DEBOUNCE_SECONDS
    rule_docs_url: Optional[str] = None
    unsafe_fixes: bool = False


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
        RuleChoice(select=tuple(select) if select else None, ignore=tuple(ignore or ())),
        float(debounce) if isinstance(debounce, (int, float)) and 0 <= debounce <= 5 else DEFAULT_DEBOUNCE_SECONDS,
        url if isinstance(url, str) and "{code}" in url else None,
        options.get("unsafeFixes") is True,
    )


def _codes(value: Any) -> Optional[list]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        return None
    checked: list = []
    for code in value:
        try:
            checked.extend(check_codes([code], "editor settings"))  # upper-cased, as the CLI's
        except ConfigError:
            continue  # an unknown code is left out, as any malformed value
    return checked or None
