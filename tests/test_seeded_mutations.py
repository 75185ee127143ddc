"""benchmarks/seeded_recall.py's TL002 mutation: each planted file must still
compile, or the harness drops it without counting it."""

from __future__ import annotations

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SPEC = importlib.util.spec_from_file_location("seeded_recall", os.path.join(ROOT, "benchmarks", "seeded_recall.py"))
seeded = importlib.util.module_from_spec(_SPEC)  # type: ignore[arg-type]
_SPEC.loader.exec_module(seeded)  # type: ignore[union-attr]

SCRIPT = """import torch
x = data.float() / 255.
y = data.float() / 255.0 + 1
z = (data / 255) * 2
w = data / 2550
model = torch.nn.Linear(4, 1)
model(x).sum().backward()
"""


def test_division_by_255_removed_in_every_spelling():
    mutants = seeded.without_scaling(SCRIPT)
    assert len(mutants) == 1
    compile(mutants[0], "<mutant>", "exec")
    assert mutants[0].splitlines()[1:5] == ["x = data.float()", "y = data.float() + 1", "z = (data) * 2", "w = data / 2550"]


ATTRIBUTE_SCALER = """import torch
from sklearn.preprocessing import StandardScaler


class Windows:
    def __init__(self, table):
        self.X_scaler = StandardScaler()
        self.features = self.X_scaler.fit_transform(table)


model = torch.nn.Linear(4, 1)
model(torch.tensor(Windows(data).features)).sum().backward()
"""


def test_a_scaler_kept_as_an_attribute_is_removed_with_its_owner():
    [mutant] = seeded.without_scaling(ATTRIBUTE_SCALER)
    compile(mutant, "<mutant>", "exec")
    assert "        self.features = (table)" in mutant.splitlines()
