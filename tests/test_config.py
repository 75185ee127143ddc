"""Configuration files: found as ruff finds its own, every key applied, and a
bad file an error (exit 2) that names the file, the key and the choices."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from tests import cli_run
from tests.cli_run import BUGGY, reported_paths, write
from torchlint.config import ConfigError, Overrides, RuleChoice, Settings, load

ROOT = Path(__file__).resolve().parent.parent


def torchlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return cli_run.torchlint(*args, "--no-cache", cwd=cwd)


def codes(run: subprocess.CompletedProcess) -> list:
    return [line.split(": ")[1].split()[0] for line in run.stdout.splitlines()]


def test_tool_torchlint_in_pyproject_ignores_a_code(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.torchlint]\nignore = ["TL001"]\n')
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "")


def test_without_config_the_finding_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert run.returncode == 1 and codes(run) == ["TL001"]


def test_pyproject_without_a_torchlint_table_does_not_stop_the_search(tmp_path: Path) -> None:
    write(tmp_path, "torchlint.toml", 'ignore = ["TL001"]\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path, "sub/bug.py", BUGGY)
    assert torchlint("check", "sub", cwd=tmp_path).returncode == 0


def test_the_closest_config_above_each_file_applies(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nignore = ["TL001"]\n')
    write(tmp_path, "a/bug.py", BUGGY)
    write(tmp_path, "b/.torchlint.toml", "select = [\"TL001\"]\n")
    write(tmp_path, "b/bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert [line.split(": ")[0] for line in run.stdout.splitlines()] == ["b/bug.py:6:8"]


def test_dot_torchlint_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nignore = ["TL001"]\n')
    write(tmp_path, ".torchlint.toml", "ignore = []\n")
    write(tmp_path, "bug.py", BUGGY)
    assert codes(torchlint("check", "bug.py", cwd=tmp_path)) == ["TL001"]


def test_config_option_and_isolated(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nignore = ["TL001"]\n')
    write(tmp_path, "other.toml", "ignore = []\n")
    write(tmp_path, "bug.py", BUGGY)
    assert torchlint("check", "bug.py", cwd=tmp_path).returncode == 0
    assert codes(torchlint("check", "--config", "other.toml", "bug.py", cwd=tmp_path)) == ["TL001"]
    assert codes(torchlint("check", "--isolated", "bug.py", cwd=tmp_path)) == ["TL001"]


def test_command_line_select_replaces_the_configs_and_extend_select_adds(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nselect = ["TL002"]\n')
    write(tmp_path, "bug.py", BUGGY)
    assert torchlint("check", "bug.py", cwd=tmp_path).returncode == 0
    assert codes(torchlint("check", "--select", "TL001", "bug.py", cwd=tmp_path)) == ["TL001"]
    assert codes(torchlint("check", "--extend-select", "TL001", "bug.py", cwd=tmp_path)) == ["TL001"]


def test_extend_select_and_extend_ignore_in_the_file(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nselect = ["TL002"]\nextend-select = ["TL001"]\n')
    write(tmp_path, "bug.py", BUGGY)
    assert codes(torchlint("check", "bug.py", cwd=tmp_path)) == ["TL001"]
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nextend-ignore = ["TL0"]\n')
    assert torchlint("check", "bug.py", cwd=tmp_path).returncode == 0


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint.per-file-ignores]\n"tests/*" = ["TL001"]\n"*_demo.py" = ["TL"]\n')
    write(tmp_path, "tests/test_bug.py", BUGGY)
    write(tmp_path, "bug_demo.py", BUGGY)
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert reported_paths(run) == ["bug.py"]


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(tmp_path: Path) -> None:
    write(tmp_path, "generated/bug.py", BUGGY)
    write(tmp_path, "build/bug.py", BUGGY)
    write(tmp_path, "bug.py", BUGGY)

    assert reported_paths(torchlint("check", ".", cwd=tmp_path)) == ["bug.py", "generated/bug.py"]  # build/ by default
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nextend-exclude = ["generated"]\n')
    assert reported_paths(torchlint("check", ".", cwd=tmp_path)) == ["bug.py"]
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nexclude = ["generated"]\n')
    assert reported_paths(torchlint("check", ".", cwd=tmp_path)) == ["bug.py", "build/bug.py"]


def test_a_file_named_on_the_command_line_is_checked_even_if_excluded(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nextend-exclude = ["bug.py"]\n')
    write(tmp_path, "bug.py", BUGGY)
    assert torchlint("check", ".", cwd=tmp_path).returncode == 0
    assert codes(torchlint("check", "bug.py", cwd=tmp_path)) == ["TL001"]


WIDE_COLUMNS = textwrap.dedent(
    """\
    import pandas as pd
    import torch
    import torch.nn as nn
    frame = pd.read_csv("houses.csv")
    X = torch.tensor(frame[["area", "rooms"]].values, dtype=torch.float32)
    y = torch.tensor(frame["price"].values, dtype=torch.float32).reshape(-1, 1)
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(10):
        optimizer.zero_grad()
        loss = nn.MSELoss()(model(X), y)
        loss.backward()
        optimizer.step()
    """
)
HOUSES = "area,rooms,price\n" + "".join(f"{1500 + 37 * i},{1 + i % 4},{0.5 + i % 3}\n" for i in range(40))


def test_data_dirs_lets_tl002_measure_a_data_file_kept_elsewhere(tmp_path: Path) -> None:
    write(tmp_path, "train/script.py", WIDE_COLUMNS)
    write(tmp_path, "datasets/houses.csv", HOUSES)
    assert torchlint("check", "train", cwd=tmp_path).returncode == 0  # the CSV is not found
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\ndata-dirs = ["datasets"]\n')
    run = torchlint("check", "train", cwd=tmp_path)
    assert codes(run) == ["TL002"]
    assert "'area' in houses.csv" in run.stdout


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("[tool.torchlint\nselect = 1\n", ["pyproject.toml", "not valid TOML"]),
        ('[tool.torchlint]\nselct = ["TL001"]\n', ["pyproject.toml", "unknown key `selct`", "valid keys: select, ignore"]),
        ('[tool.torchlint]\nselect = ["E501"]\n', ["`select`", "unknown code 'E501'", "TL000, TL001"]),
        ('[tool.torchlint]\nignore = ["TL999"]\n', ["`ignore`", "unknown code 'TL999'"]),
        ('[tool.torchlint]\nselect = "TL001"\n', ["`select` must be a list of strings"]),
        ('[tool.torchlint.per-file-ignores]\n"x.py" = ["TL9"]\n', ["per-file-ignores.x.py", "unknown code 'TL9'"]),
        ('[tool.torchlint]\nper-file-ignores = ["x.py"]\n', ["`per-file-ignores` must be a table"]),
    ],
)
def test_a_bad_config_is_an_error_naming_file_key_and_choices(tmp_path: Path, text: str, fragments: list) -> None:
    write(tmp_path, "pyproject.toml", text)
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    for fragment in fragments:
        assert fragment in run.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
def test_an_unknown_code_on_the_command_line_is_an_error(tmp_path: Path, option: str) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", option, "TL999", "bug.py", cwd=tmp_path)
    assert run.returncode == 2
    assert f"{option}: unknown code 'TL999'" in run.stderr and "TL008" in run.stderr


def test_config_option_naming_a_missing_or_tableless_file(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    run = torchlint("check", "--config", "nowhere.toml", "bug.py", cwd=tmp_path)
    assert run.returncode == 2 and "nowhere.toml: cannot read" in run.stderr
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    run = torchlint("check", "--config", "pyproject.toml", "bug.py", cwd=tmp_path)
    assert run.returncode == 2 and "has no [tool.torchlint] table" in run.stderr


def test_layers_resolve_as_ruffs(tmp_path: Path) -> None:
    """The file selects TL00 but ignores TL001; the command line then adds TL001 back."""
    config = write(tmp_path, "torchlint.toml", 'select = ["TL00"]\nignore = ["TL001"]\n')
    assert load(str(config)).rules == RuleChoice(select=("TL00",), ignore=("TL001",))
    file_only = Settings().for_file(str(tmp_path / "x.py")).enabled
    assert "TL001" not in file_only and "TL002" in file_only and "TL100" not in file_only
    overridden = Settings(Overrides(rules=RuleChoice(extend_select=("TL001",)))).for_file(str(tmp_path / "x.py")).enabled
    assert "TL001" in overridden


def test_tl000_stays_on_unless_ignored_outright(tmp_path: Path) -> None:
    write(tmp_path, "torchlint.toml", 'select = ["TL001"]\n')
    assert Settings().for_file(str(tmp_path / "x.py")).enabled == {"TL000", "TL001"}
    write(tmp_path, "torchlint.toml", 'select = ["TL001"]\nignore = ["TL000"]\n')
    assert Settings().for_file(str(tmp_path / "x.py")).enabled == {"TL001"}


def test_load_raises_config_error_for_broken_toml(tmp_path: Path) -> None:
    broken = write(tmp_path, "torchlint.toml", "select = [\n")
    with pytest.raises(ConfigError, match="torchlint.toml: not valid TOML"):
        load(str(broken))


def test_the_full_example_in_the_docs_loads(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = docs.split("## A full example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    config = load(str(write(tmp_path, "pyproject.toml", example)))
    assert config.rules == RuleChoice(select=("TL0",), extend_select=("TL100",), ignore=("TL006",))
    assert config.data_dirs == (str(tmp_path / "data"), str(tmp_path / "datasets" / "raw"))
    assert dict(config.per_file_ignores) == {"tests/*": ("TL003",), "*_demo.py": ("TL",)}
    assert "generated" in config.exclude and ".venv" in config.exclude


def test_a_bad_config_met_deeper_in_the_walk_is_an_error_too(tmp_path: Path) -> None:
    write(tmp_path, "bug.py", BUGGY)
    write(tmp_path, "sub/pyproject.toml", '[tool.torchlint]\nselect = ["E501"]\n')
    write(tmp_path, "sub/other.py", BUGGY)
    run = torchlint("check", ".", cwd=tmp_path)
    assert run.returncode == 2
    assert f"{tmp_path / 'sub' / 'pyproject.toml'}: [tool.torchlint]: `select`: unknown code 'E501'" in run.stderr
