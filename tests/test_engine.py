"""The engine's pre-scans and its care for the process it runs in."""

from __future__ import annotations

import gc
import sys

import pytest

from torchlint.core import source
from torchlint.engine import InternalError, Selection, lint_text, rules_to_run

# What TL006 and TL008 look for is all here in words, none of it in code that
# runs or keeps values per iteration: a file of model definitions, as timm's.
MODEL_LIBRARY = """
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Conv2d(3, 3, 1) for _ in range(4)])
        self.drop = nn.Dropout(0.1)

    def forward_intermediates(self, x):
        intermediates = []
        for block in self.blocks:
            x = self.drop(block(x))
            intermediates.append(x)
        return intermediates

@torch.no_grad()
def init_weights(module):
    for block in module.blocks:
        nn.init.zeros_(block.bias)
"""

EVALUATION = MODEL_LIBRARY + """
model = Net()
outputs = []
for xb in loader:
    outputs.append(model(xb))
"""


def test_the_outline_spares_libcst_a_file_of_model_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = []
    real_parse = source.parse
    monkeypatch.setattr(source, "parse", lambda text, tree: parsed.append(text) or real_parse(text, tree))
    # TL002's text triggers let in no_grad (for gradient descent written out); its outline check does not.
    assert {rule.code for rule in rules_to_run(MODEL_LIBRARY, Selection())} == {"TL002", "TL006", "TL008"}
    assert lint_text(MODEL_LIBRARY, "models.py", Selection()) == []
    assert parsed == []
    # A script's loop that keeps values is parsed, and the rules run.
    lint_text(EVALUATION, "evaluate.py", Selection())
    assert parsed == [EVALUATION]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        lint_text(EVALUATION, "evaluate.py", Selection())
        assert gc.isenabled() is enabled
        monkeypatch.setattr("torchlint.engine._run_rules", lambda *args: 1 / 0)
        with pytest.raises(InternalError):
            lint_text(EVALUATION, "evaluate.py", Selection())
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


NEWER_GRAMMAR = """import torch
name = "hidden layers"
figure = f"{name.replace(" ", "_")}.jpg"
"""


def test_syntax_of_a_newer_python_is_no_syntax_error() -> None:
    """PEP 701 f-strings (valid from Python 3.12) on an older interpreter: a
    skip that says why, not a syntax error; on 3.12 and later, no finding."""
    findings = lint_text(NEWER_GRAMMAR, "figures.py", Selection())
    if sys.version_info >= (3, 12):
        assert findings == []
    else:
        (finding,) = findings
        assert finding.code == "TL000"
        assert finding.message.startswith("skipped: Python 3.12 syntax")
        assert "syntax error" not in finding.message
