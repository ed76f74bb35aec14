"""One cache: one directory, one fingerprint (sources, schemas, judging libraries), one atomic writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from escdir.check.validate import check_problems
from escdir.load import cache

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_caches_in_the_one_directory(run_cli, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "cache"
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(home))
    assert run_cli("validate", ROOT / "vendors").exit_code in (0, 1)
    assert run_cli("show", "northwind", "--dir", ROOT / "vendors").exit_code in (0, 1)
    files = [p for p in home.rglob("*") if p.is_file()]
    assert files and all(p.suffix == ".json" for p in files)
    assert {p.name.split("-")[0] for p in files if p.parent == home} >= {"validate", "index"}
    assert not list(home.rglob("*.tmp"))  # the atomic writer leaves no temp files


@pytest.mark.parametrize("library", cache.JUDGES)
def test_a_library_upgrade_changes_the_fingerprint(library: str, monkeypatch) -> None:
    from importlib import metadata

    before = cache.fingerprint()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda d: "999.0" if d == library else real(d))
    cache.fingerprint.cache_clear()
    try:
        assert cache.fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()


def test_validate_answers_from_the_cache_only_for_the_same_file_name(tmp_path: Path, monkeypatch) -> None:
    """The answer depends on the file's name (ESC201), so a copy under another name is checked afresh."""
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(tmp_path / "cache"))
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    shutil.copy(ROOT / "vendors" / "northwind-networks.yaml", vendors)
    assert not [p for p in check_problems([vendors], today=TODAY).problems if p.code == "ESC201"]
    shutil.copy(ROOT / "vendors" / "northwind-networks.yaml", vendors / "copy.yaml")
    assert [p for p in check_problems([vendors], today=TODAY).problems if p.code == "ESC201"]


def test_write_json_is_atomic_and_never_raises(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.json"
    cache.write_json(target, {"x": 1})
    assert cache.read_json(target) == {"x": 1}
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache.write_json(blocker / "c.json", {"x": 1})  # parent is a file: ignored, only costs speed
    assert cache.read_json(blocker / "c.json") is None
