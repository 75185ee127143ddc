"""Each rule's own VALID and INVALID examples, and its documentation."""

from __future__ import annotations

import inspect
import textwrap

import pytest

from torchlint.engine import Selection, lint_text
from torchlint.rules import ALL_RULES


def _examples(kind: str):
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
        for rule in ALL_RULES
        for index, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize("rule, example", _examples("INVALID"))
def test_invalid_example_is_reported(rule, example: str) -> None:
    codes = [d.code for d in lint_text(textwrap.dedent(example), "example.py", Selection([rule.code]))]
    assert codes and set(codes) == {rule.code}


@pytest.mark.parametrize("rule, example", _examples("VALID"))
def test_valid_example_is_silent(rule, example: str) -> None:
    assert lint_text(textwrap.dedent(example), "example.py", Selection()) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_is_documented_in_four_parts(rule) -> None:
    doc = inspect.getdoc(rule)
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in doc
    assert rule.INVALID and rule.VALID and rule.triggers
    assert rule.code.startswith("TL") and rule.name and rule.summary


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
