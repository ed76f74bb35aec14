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
    before = cache.fingerprint()
    real = cache.installed_versions
    monkeypatch.setattr(cache, "installed_versions",
                        lambda names: {n: "999.0" if n == library else v for n, v in real(names).items()})
    cache.fingerprint.cache_clear()
    try:
        assert cache.fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()


def test_installed_versions_are_what_importlib_metadata_finds() -> None:
    from importlib.metadata import PackageNotFoundError, version

    names = (*cache.JUDGES, "Jinja2", "MarkupSafe", "mkdocs-material", "no-such-distribution-x")
    for name, found in cache.installed_versions(names).items():
        try:
            expected: str | None = version(name)
        except PackageNotFoundError:
            expected = None
        assert found == expected, name


def test_installed_versions_read_dist_info_folder_names(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyyaml-7.1.dist-info").mkdir()  # names compare normalised: case, and - _ . alike
    (tmp_path / "holidays-0.1-py3.11.egg-info").mkdir()
    (tmp_path / "fastjsonschema.dist-info").mkdir()  # no version: not taken
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing"), str(tmp_path)])
    assert cache.installed_versions(("PyYAML", "holidays", "fastjsonschema")) == {
        "PyYAML": "7.1", "holidays": "0.1", "fastjsonschema": None}


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
