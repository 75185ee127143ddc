"""The YAML and JSON settings files a script reads (core/configfiles.py):
read as PyYAML's safe_load and json.load read them, or not at all."""

from __future__ import annotations

import pytest

from torchlint.core import configfiles

SETTINGS = """\
# training settings
model:
  name: "lstm"          # quoted, with a comment after
  hidden: 64
  layers: [64, 32, 1]
  dropout: 0.1
  bidirectional: no
data:
  path: data/train.csv
  columns:
    - temp
    - 'load # kWh'
  splits:
    - name: train
      share: 0.8
    - name: test
      share: 0.2
optimizer:
  lr: 1e-3
  momentum: .9
  schedule: ~
"""


def test_block_mappings_sequences_and_plain_values_as_safe_load_reads_them():
    assert configfiles.parse_yaml(SETTINGS) == {
        "model": {"name": "lstm", "hidden": 64, "layers": [64, 32, 1], "dropout": 0.1, "bidirectional": False},
        "data": {
            "path": "data/train.csv",
            "columns": ["temp", "load # kWh"],
            "splits": [{"name": "train", "share": 0.8}, {"name": "test", "share": 0.2}],
        },
        # PyYAML reads a float only with a dot: 1e-3 stays text, as the script gets it.
        "optimizer": {"lr": "1e-3", "momentum": 0.9, "schedule": None},
    }


def test_a_sequence_under_a_key_at_the_same_indent_and_a_flow_mapping():
    text = "features:\n- a\n- b\nsizes: {in: 3, out: 1}\n"
    assert configfiles.parse_yaml(text) == {"features": ["a", "b"], "sizes": {"in": 3, "out": 1}}


def test_a_block_scalar_is_not_read_and_the_rest_is():
    parsed = configfiles.parse_yaml("note: |\n  several\n  lines\nepochs: 5\n")
    assert parsed == {"note": configfiles.UNREAD, "epochs": 5}


@pytest.mark.parametrize(
    "text",
    [
        "base: &defaults\n  lr: 0.1\nrun:\n  <<: *defaults\n",  # anchors and aliases
        "path: !!python/object:pathlib.Path x\n",  # tags
        "layers: [64,\n  32]\n",  # a flow collection over several lines
        "key: value\n  deeper: 1\n",  # indentation that is no mapping
    ],
)
def test_yaml_it_does_not_follow_leaves_the_file_unread(tmp_path, text):
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    assert configfiles.read(str(path)) is None


def test_only_the_first_document_is_read(tmp_path):
    path = tmp_path / "two.yml"
    path.write_text("---\nlr: 0.5\n---\nlr: 0.1\n")
    assert configfiles.read(str(path)) == {"lr": 0.5}


def test_json_and_a_file_too_large_to_be_settings(tmp_path):
    small = tmp_path / "settings.json"
    small.write_text('{"hidden": [32, 16], "path": "x.csv"}')
    assert configfiles.read(str(small)) == {"hidden": [32, 16], "path": "x.csv"}
    large = tmp_path / "large.json"
    large.write_text("[" + ",".join(["1"] * 40000) + "]")
    assert configfiles.read(str(large)) is None
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert configfiles.read(str(broken)) is None
