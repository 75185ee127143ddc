"""The outline: what CPython's parse tells the pre-scan before libcst parses."""

from __future__ import annotations

import ast
import textwrap

import pytest

from torchlint.core.outline import Outline

MODEL = """
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, depth):
        super().__init__()
        blocks = []
        for _ in range(depth):
            blocks.append(nn.Linear(8, 8))
        self.blocks = nn.ModuleList(blocks)

    def forward(self, x):
        outs = []
        for blk in self.blocks:
            x = blk(x)
            outs.append(x)
        return outs

    def forward_intermediates(self, x, n):
        intermediates = []
        blocks = self.blocks[:n]
        for blk in blocks:
            x = blk(x)
            intermediates.append(x)
        return intermediates
"""


def outline(source: str) -> Outline:
    text = textwrap.dedent(source)
    return Outline(ast.parse(text), text.splitlines())


def test_a_models_own_working_keeps_nothing_in_loops() -> None:
    found = outline(MODEL)
    assert not found.keeps_values_in_loops
    # The loop of forward_intermediates over the model's blocks (bound through a local name).
    assert found.model_part_loops == {MODEL.splitlines().index("        for blk in blocks:") + 1}


@pytest.mark.parametrize(
    "source",
    [
        # A script's loop.
        "preds = []\nfor xb in loader:\n    preds.append(model(xb))\n",
        # A function's own loop, with each way of growing a value.
        "def run(loader):\n    total = 0\n    for xb in loader:\n        total += model(xb).sum()\n",
        "def run(loader):\n    total = 0\n    while loader:\n        total = total + model(loader.pop())\n",
        "def run(loader):\n    for xb in loader:\n        print(log.append(xb))\n",
        # A method of a class that is no nn.Module (a trainer).
        "class Trainer:\n    def evaluate(self, loader):\n        for xb in loader:\n            self.preds.append(self.model(xb))\n",
        # A model's method whose loop runs the model itself, or iterates over data.
        "import torch\nclass M(torch.nn.Module):\n    def predict(self, x):\n        for i in range(0, len(x), 8):\n"
        "            self.out.append(self(x[i:i + 8]))\n",
        "import torch\nclass M(torch.nn.Module):\n    def predict(self, loader):\n        for xb in loader:\n"
        "            self.out.append(self.net(xb))\n",
        # A base class the outline cannot resolve is not taken for an nn.Module.
        "from somewhere import Base\nclass M(Base):\n    def forward(self, x):\n        for blk in self.blocks:\n"
        "            self.out.append(blk(x))\n",
        # A function defined in a loop over a model's parts is code of its own.
        "from torch import nn\nclass M(nn.Module):\n    def hooks(self):\n        for blk in self.blocks:\n"
        "            def hook(m, i, o):\n                for item in o:\n                    kept.append(item)\n"
        "            blk.register_forward_hook(hook)\n",
    ],
)
def test_values_kept_in_loops(source: str) -> None:
    assert outline(source).keeps_values_in_loops


@pytest.mark.parametrize(
    "source",
    [
        # Kept outside any loop of its own function: new at each call.
        "def collect(x):\n    kept = []\n    kept.append(model(x))\n    return kept\n",
        # Module level, outside a loop.
        "preds = []\npreds.append(model(x))\n",
        # Each way of naming nn.Module, and a subclass of a model of the file.
        "from torch.nn import Module\nclass M(Module):\n    def parts(self, x):\n        for blk in self.blocks:\n"
        "            self.out.append(blk(x))\n",
        "import torch.nn as tnn\nclass M(tnn.Sequential):\n    def parts(self, x):\n        for i, blk in enumerate(self):\n"
        "            self.out.append(blk(x))\n",
        "import torch\nclass A(torch.nn.Module):\n    pass\nclass B(A):\n    def parts(self, x):\n"
        "        for blk in zip(self.blocks, self.norms):\n            self.out.append(blk)\n",
    ],
)
def test_nothing_kept_in_loops(source: str) -> None:
    assert not outline(source).keeps_values_in_loops


RUNNING = '''
import torch

def unused():
    return "never named: unused_body"

@torch.no_grad()
def init_weights(module):
    return "decorated, never named: init_body"

def helper():
    return "named by main: helper_body"

def main(size=default_size()):
    helper()

def default_size():
    return "a default: default_body"

class Base:
    def method(self):
        return "a base of a named class: base_body"

class Model(Base):
    label = "class level: class_body"

    def forward(self, x):
        return "method of a named class: forward_body"

def decorate(function):
    return function

@decorate
def registered():
    return "decorated by the file's own decorator: registered_body"

if __name__ == "__main__":
    main()
    Model()
'''


def test_running_text_follows_names_from_what_the_module_runs() -> None:
    text = outline(RUNNING).running_text
    for runs in ("helper_body", "default_body", "base_body", "class_body", "forward_body", "registered_body", "main()"):
        assert runs in text, runs
    for never in ("unused_body", "init_body", "no_grad"):
        assert never not in text, never
