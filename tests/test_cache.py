"""The results cache: a hit gives the cached diagnostics without analysis, and
anything that could change them (content, settings, torchlint's source, a
data file) is a miss."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_run import BUGGY, torchlint, write
from torchlint import cache as cache_module
from torchlint.cache import Cache, build_id


def cache_file(directory: Path) -> Path:
    (found,) = directory.glob("*.json")
    return found


def tamper(directory: Path, name: str) -> None:
    """Rewrites the cached message of ``name``: seeing it printed proves the
    file was not analysed again."""
    path = cache_file(directory)
    entries = json.loads(path.read_text(encoding="utf-8"))
    (key,) = [key for key in entries if key.endswith(name)]
    for diagnostic in entries[key]["diagnostics"]:
        diagnostic[3] = "FROM THE CACHE"
    path.write_text(json.dumps(entries), encoding="utf-8")


def test_second_run_is_identical_and_the_cache_ignores_itself(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    write(tmp_path, "b.py", "x = 1\n")
    first = torchlint("check", ".", cwd=tmp_path)
    second = torchlint("check", ".", cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert first.returncode == 1
    assert (tmp_path / ".torchlint_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert cache_file(tmp_path / ".torchlint_cache").name == f"{build_id()}.json"


def test_a_hit_is_not_analysed_and_an_edit_reanalyses_only_that_file(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    write(tmp_path, "b.py", BUGGY)
    torchlint("check", ".", cwd=tmp_path)
    tamper(tmp_path / ".torchlint_cache", "a.py")
    tamper(tmp_path / ".torchlint_cache", "b.py")
    write(tmp_path, "b.py", BUGGY + "# edited\n")
    lines = torchlint("check", ".", cwd=tmp_path).stdout.splitlines()
    assert lines[0] == "a.py:6:8: TL001 [*] FROM THE CACHE"
    assert lines[1].startswith("b.py:6:8: TL001 [*] MSELoss")


def test_other_settings_are_a_miss(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    torchlint("check", ".", cwd=tmp_path)
    tamper(tmp_path / ".torchlint_cache", "a.py")
    assert "FROM THE CACHE" not in torchlint("check", "--extend-select", "TL100", ".", cwd=tmp_path).stdout
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\ndata-dirs = ["data"]\n')
    assert "FROM THE CACHE" not in torchlint("check", ".", cwd=tmp_path).stdout


def test_another_build_of_torchlint_does_not_reuse_entries(tmp_path: Path, monkeypatch) -> None:
    first = Cache(str(tmp_path))
    first.put(str(tmp_path / "a.py"), "digest", "settings", [])
    first.save()
    assert Cache(str(tmp_path)).get(str(tmp_path / "a.py"), "digest", "settings") == []
    monkeypatch.setattr(cache_module, "__version__", "9.9.9")
    assert Cache(str(tmp_path)).get(str(tmp_path / "a.py"), "digest", "settings") is None


def test_build_id_hashes_torchlints_source() -> None:
    version, digest = build_id().split("-")
    assert version == cache_module.__version__ and len(digest) == 16


def test_no_cache_and_cache_dir(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    torchlint("check", "--no-cache", ".", cwd=tmp_path)
    assert not (tmp_path / ".torchlint_cache").exists()
    torchlint("check", "--cache-dir", "elsewhere", ".", cwd=tmp_path)
    assert cache_file(tmp_path / "elsewhere").exists() and not (tmp_path / ".torchlint_cache").exists()


def test_default_cache_goes_to_the_project_root(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.torchlint]\nignore = ["TL005"]\n')
    write(tmp_path, "pkg/a.py", BUGGY)
    torchlint("check", ".", cwd=tmp_path / "pkg")
    assert (tmp_path / ".torchlint_cache").is_dir() and not (tmp_path / "pkg" / ".torchlint_cache").exists()


def test_an_entry_holds_while_the_data_files_it_read_are_unchanged(tmp_path: Path) -> None:
    from tests.test_config import HOUSES, WIDE_COLUMNS

    write(tmp_path, "train.py", WIDE_COLUMNS)
    assert torchlint("check", ".", cwd=tmp_path).returncode == 0  # houses.csv is not there
    write(tmp_path, "houses.csv", HOUSES)
    run = torchlint("check", ".", cwd=tmp_path)  # the file appeared: analysed again
    assert "'area' in houses.csv" in run.stdout
    tamper(tmp_path / ".torchlint_cache", "train.py")
    assert "FROM THE CACHE" in torchlint("check", ".", cwd=tmp_path).stdout
    scaled = "area,rooms,price\n" + "".join(f"{0.1 * (i % 7) - 0.3:.1f},{0.2 * (i % 4) - 0.3:.1f},{i % 3}\n" for i in range(40))
    write(tmp_path, "houses.csv", scaled)  # same code, new data: analysed again
    assert torchlint("check", ".", cwd=tmp_path).returncode == 0


def test_an_unwritable_cache_directory_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BUGGY)
    write(tmp_path, "blocked", "a file where the cache directory would be\n")
    run = torchlint("check", "--cache-dir", "blocked", "a.py", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout.startswith("a.py:6:8: TL001")
