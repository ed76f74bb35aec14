"""One Project for every entry point: one size-limited read, one problem store, one in-memory cache; one Site that
every engine applies, and a plugin that only applies it."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from escdir.check import validate
from escdir.derive import project
from escdir.derive.project import Project
from escdir.load import loader
from escdir.publish import site

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "generator" / "escdir"


@pytest.fixture
def vendors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "vendors", tmp_path / "vendors")
    return tmp_path / "vendors"


def _no_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the validator ran although the problem store knew the file")

    def refuse_work(batch: list[object], today: object) -> list[object]:
        if batch:
            refuse()
        return []

    monkeypatch.setattr(validate, "check_bytes", refuse)
    monkeypatch.setattr(validate, "_work", refuse_work)


def test_too_large_is_said_in_one_place() -> None:
    writers = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                     if '"ESC003"' in p.read_text(encoding="utf-8"))
    assert writers == ["errors.py", "load/loader.py"]  # the registry, and loader.too_large


def test_the_one_read_refuses_a_file_that_grows_past_the_limit(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 50)
    monkeypatch.setattr(loader, "MAX_BYTES", 10)
    raw, problem = loader.read_capped(path, "big.yaml", max_bytes=10)
    assert raw is None and problem is not None and problem.code == "ESC003"
    raw, problem = loader.read_capped(path, "big.yaml", max_bytes=100)
    assert raw == b"x" * 50 and problem is None


def test_show_answers_from_what_validate_stored(run_cli, vendors: Path, monkeypatch) -> None:
    assert run_cli("validate", vendors).exit_code in (0, 1)
    _no_validator(monkeypatch)
    shown = run_cli("show", "northwind", "--dir", vendors)
    assert shown.exit_code == 0 and "Northwind" in shown.output


def test_validate_answers_from_what_the_site_build_stored(vendors: Path, monkeypatch) -> None:
    built = Project.of_vendors(vendors).vendors(today=TODAY)
    assert built.vendors and not built.errors
    _no_validator(monkeypatch)
    again = Project.of_vendors(vendors).validate([vendors], today=TODAY)
    assert [(Path(p.file).name, p.code, p.line, p.col, p.message) for p in again.problems] == \
        [(Path(p.file).name, p.code, p.line, p.col, p.message) for p in built.problems]


def test_the_project_rereads_only_changed_files(vendors: Path, monkeypatch) -> None:
    proj = Project.of_vendors(vendors)
    first = proj.vendors(today=TODAY)
    reads: list[str] = []
    real = project.read_capped

    def counting(path: Path, file: str, **kw: int):  # type: ignore[no-untyped-def]
        reads.append(path.name)
        return real(path, file, **kw)

    monkeypatch.setattr(project, "read_capped", counting)
    assert [v.id for v in proj.vendors(today=TODAY).vendors] == [v.id for v in first.vendors]
    assert reads == []
    edited = vendors / "cirrus-ledger.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    proj.vendors(today=TODAY)
    assert reads == ["cirrus-ledger.yaml"]


def test_a_broken_edit_while_serving_keeps_the_last_good_data_with_a_banner(vendors: Path) -> None:
    s = site.Site(vendors.parent, serving=True)
    good = s.prepare(today=TODAY)
    assert good.banner == "" and "vendors/cirrus-ledger.md" in good.pages
    again = s.prepare(today=TODAY)
    assert again.unchanged == frozenset(again.pages)  # nothing changed: a live server re-renders nothing
    bad = vendors / "cirrus-ledger.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("severities:", "severities_typo:"), encoding="utf-8")
    broken = s.prepare(today=TODAY)
    assert "cirrus-ledger.yaml" in broken.banner and "vendors/cirrus-ledger.md" in broken.pages
    assert broken.unchanged == frozenset()  # every page gets the banner
    assert "cirrus-ledger.yaml" in site.Site.body(broken, "guides/index.md", "<p>guide</p>")
    with pytest.raises(site.SiteFailure, match="cirrus-ledger.yaml"):
        site.Site(vendors.parent).prepare(today=TODAY)  # not serving: the build fails


def test_a_hand_written_page_may_replace_only_the_home_page(vendors: Path) -> None:
    s = site.Site(vendors.parent)
    assert "index.md" not in s.prepare(today=TODAY, hand_written=["index.md"]).pages
    with pytest.raises(site.SiteFailure, match="severity-translator.md exists in docs_dir"):
        s.prepare(today=TODAY, hand_written=["severity-translator.md"])


def _attribute_writes(tree: ast.AST) -> list[str]:
    return [ast.unparse(t) for node in ast.walk(tree) if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Attribute) and ".config" in ast.unparse(t)]


def test_build_neither_changes_plugin_config_nor_reads_plugin_attributes() -> None:
    text = (SRC / "publish" / "build.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert _attribute_writes(tree) == []
    assert ".failure" not in text
    getattrs = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "getattr"]
    assert not [g for g in getattrs if "plugin" in g], getattrs
    assert [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Call)
            and ast.unparse(n.func).endswith("plugins.get")] == ["cfg.plugins.get('escdir')"]  # only: is it listed?


def test_the_plugin_only_applies_the_site() -> None:
    text = (SRC / "plugin.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 165  # events only (160 before a vendor page's HTML went in at on_post_page)
    for computed_elsewhere in ("validate", "load_msp_project", "plan_site", "hash(", "add_csp", "write_all", "render("):
        assert computed_elsewhere not in text, computed_elsewhere


def test_zensical_missing_is_said_and_nothing_is_published(vendors: Path, monkeypatch, tmp_path: Path) -> None:
    from escdir.publish import zensical_engine
    from escdir.publish.build import BuildError, build_site

    monkeypatch.setenv("ESCDIR_TODAY", TODAY.isoformat())
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, vendors.parent / name)
    shutil.copytree(ROOT / "site_src", vendors.parent / "site_src")
    monkeypatch.setattr(zensical_engine, "available", lambda: False)
    with pytest.raises(BuildError, match=r"Zensical is not installed: pip install 'escdir\[zensical\]'"):
        build_site(vendors.parent / "mkdocs.yml", tmp_path / "out", engine="zensical")
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]  # no temporary directory left


@pytest.mark.parametrize(("option", "value", "message"), [
    ("strict", "'yes'", "option 'strict' must be a bool"),
    ("audience", "everyone", "option 'audience' must be one of internal, client, public"),
    ("vendor_dir", "vendors", "unknown escdir plugin option"),
])
def test_plugin_options_are_checked_before_any_engine_runs(tmp_path: Path, option: str, value: str,
                                                           message: str) -> None:
    from escdir.errors import EscdirError
    from escdir.publish.build import site_options

    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("      vendors_dir: vendors\n", f"      vendors_dir: vendors\n      {option}: {value}\n"),
                      encoding="utf-8")
    with pytest.raises(EscdirError, match=message):
        site_options(config)
