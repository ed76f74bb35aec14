"""The build is a test: samples build, every page exists, links resolve, builds are reproducible and atomic."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from escdir.check.validate import validate_paths
from escdir.cli import cli
from escdir.publish.build import BuildError, build_site

ROOT = Path(__file__).resolve().parents[1]


def _tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_project(tmp: Path, vendors: list[Path]) -> Path:
    """A throwaway project: the repo's mkdocs.yml and site_src with a chosen set of vendor files."""
    proj = tmp / "proj"
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    (proj / "vendors").mkdir()
    for v in vendors:
        shutil.copy(v, proj / "vendors" / v.name)
    return proj


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    import os

    os.environ["ESCDIR_TODAY"] = "2026-11-23"
    try:
        return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("s") / "site")
    finally:
        del os.environ["ESCDIR_TODAY"]


def test_every_generated_page_is_present(sample_site: Path) -> None:
    result = validate_paths([ROOT / "vendors"])
    assert len(result.vendors) >= 6
    for v in result.vendors:
        page = sample_site / "vendors" / v.id / "index.html"
        assert page.is_file(), v.id
        html = page.read_text()
        assert v.name in html
        hot = v.primary_hotline
        if hot is not None:
            assert f'href="tel:{hot.value}"' in html
    for page in ("index.html", "severity-translator/index.html", "guides/escalate/index.html",
                 "guides/skip-l1/index.html", "guides/sla-clock/index.html", "guides/rma/index.html"):
        assert (sample_site / page).is_file(), page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        if d.get("id"):
            self.ids.add(d["id"])
        for key in ("href", "src"):
            if d.get(key):
                self.links.append(d[key])


def test_internal_links_resolve(sample_site: Path) -> None:
    """Every relative href/src in every page points at a file of the site (and anchors exist)."""
    parsed: dict[Path, _Links] = {}
    for page in sample_site.rglob("*.html"):
        if page.name == "404.html":  # served from any depth, so MkDocs writes root-absolute links there
            continue
        p = _Links()
        p.feed(page.read_text())
        parsed[page] = p
    broken = []
    for page, p in parsed.items():
        for link in p.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//")) or not parts.path:
                if (link.startswith("#") and len(link) > 1 and unquote(link[1:]) not in p.ids
                        and not link.startswith("#__")):
                    broken.append((page, link))
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
                broken.append((page, link))
    assert not broken, broken[:10]


def test_only_safe_url_schemes_in_pages(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        for scheme in re.findall(r'href="([a-zA-Z][a-zA-Z0-9+.-]*):', page.read_text()):
            assert scheme in ("https", "mailto", "tel", "http") , (page, scheme)


def test_mkdocs_strict_build_passes(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s")],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s" / "vendors" / "northwind-networks" / "index.html").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    a = build_site(ROOT / "mkdocs.yml", tmp_path / "a")
    b = build_site(ROOT / "mkdocs.yml", tmp_path / "b")
    ha, hb = _tree_hashes(a), _tree_hashes(b)
    assert ha.keys() == hb.keys()
    assert [k for k in ha if ha[k] != hb[k]] == []


def test_failed_build_leaves_previous_site(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = make_project(tmp_path, sorted((ROOT / "vendors").glob("*.yaml")))
    site = build_site(proj / "mkdocs.yml", proj / "site")
    before = _tree_hashes(site)
    bad = proj / "vendors" / "northwind-networks.yaml"
    bad.write_text(bad.read_text().replace("name: Northwind Networks", "name: [unclosed"))
    monkeypatch.chdir(proj)
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "northwind-networks.yaml:" in result.output and "ESC004" in result.output
    assert "previous site" in result.output and "untouched" in result.output
    assert _tree_hashes(site) == before
    leftovers = [p.name for p in proj.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []
    with pytest.raises(BuildError):
        build_site(proj / "mkdocs.yml", proj / "site")


def test_strict_build_fails_on_warnings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = make_project(tmp_path, sorted((ROOT / "vendors").glob("*.yaml")))
    monkeypatch.chdir(proj)
    result = CliRunner().invoke(cli, ["build", "--strict"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "ESC301" in result.output  # the deliberately stale sample
    ok = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert ok.exit_code == 0, ok.output


def test_vendor_pages_stay_out_of_the_nav(sample_site: Path) -> None:
    """The nav is independent of N: no vendor page is linked from the guide pages' sidebar."""
    html = (sample_site / "guides" / "escalate" / "index.html").read_text()
    nav = html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "vendors/" not in nav


def test_search_indexes_are_lean_and_have_join_keys(sample_site: Path) -> None:
    index = json.loads((sample_site / "search" / "search_index.json").read_text())
    docs = index["docs"]
    # Vendors are found through escdir's sharded index (search_index.py); Material's keeps the guides only.
    assert not [d for d in docs if d["location"].startswith("vendors/")]
    assert not any("<svg" in d["text"] or "Escalation ladder for" in d["text"] for d in docs)
    records = json.loads((sample_site / "search" / "escdir" / "r0.json").read_text())
    nw = next(r for r in records if r[1] == "vendors/northwind-networks/")
    assert "NWN" in nw[2] and "NWN7" in nw[3]


def test_hostile_vendor_renders_as_text(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    hostile = ROOT / "tests" / "data" / "hostile" / "hostile-vendor.yaml"
    if not hostile.exists():
        pytest.skip("hostile fixture not present")
    proj = make_project(tmp_path, [hostile, ROOT / "vendors" / "northwind-networks.yaml"])
    site = build_site(proj / "mkdocs.yml", proj / "site")
    for page in [site / "vendors" / "hostile-vendor" / "index.html", site / "index.html",
                 site / "severity-translator" / "index.html"]:
        html = page.read_text()
        article = html.split('<div class="md-content"', 1)[1]
        assert "<script>alert" not in article
        assert "onerror=" not in article.replace("onerror=alert", "").lower() or "<img" not in article
        assert not re.search(r"<img[^>]*onerror", article, re.IGNORECASE)
        assert not re.search(r"<svg[^>]*onload", article, re.IGNORECASE)
        assert 'href="javascript:' not in article.lower()
        assert "&lt;script&gt;" in article
    title = (site / "vendors" / "hostile-vendor" / "index.html").read_text().split("<title>", 1)[1].split("</title>")[0]
    assert "<" not in title
    # Titles and texts of the search index are HTML (Material renders them as such): they must be escaped.
    # Tags are plain data rendered as text nodes, so they keep the literal characters.
    for doc in json.loads((site / "search" / "search_index.json").read_text())["docs"]:
        for field in ("title", "text"):
            assert "<script" not in doc[field] and "<img" not in doc[field] and "<svg" not in doc[field], doc[field]


def test_plain_mkdocs_with_missing_vendors_dir_fails_cleanly(tmp_path: Path) -> None:
    import os

    proj = make_project(tmp_path, [])
    (proj / "vendors").rmdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=proj, capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert proc.returncode == 1
    assert "vendors: no such file or directory" in proc.stderr and "Traceback" not in proc.stderr


def test_contract_ids_are_searchable_in_the_internal_build(sample_site: Path) -> None:
    records = json.loads((sample_site / "search" / "escdir" / "r0.json").read_text())
    terms = {t for r in records if r[1] == "vendors/northwind-networks/" for t in r[2]}
    assert {"NWN-CSA-40817", "NWN7", "NW-7200 core switch"} <= terms


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 5) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read().decode()
    except OSError:
        return ""


def _until(ok, seconds: float, message: str, proc=None) -> str:
    """Poll ``ok() -> str | None`` until it returns a string; fail with ``message`` after ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while (found := ok()) is None:
        assert time.monotonic() < deadline and (proc is None or proc.poll() is None), message
        time.sleep(0.3)
    return found


def test_serve_rebuilds_when_a_vendor_file_changes(tmp_path: Path) -> None:
    """`escdir serve` picks up an edited vendor file and serves the new value (live reload)."""
    import os

    proj = make_project(tmp_path, sorted((ROOT / "vendors").glob("*.yaml")))
    port = _free_port()
    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "escdir.cli", "serve", "-a", f"127.0.0.1:{port}"], cwd=proj,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/vendors/northwind-networks/"
    try:
        _until(lambda: "" if "Northwind Networks" in _fetch(url) else None, 90, "serve did not come up", proc)
        f = proj / "vendors" / "northwind-networks.yaml"
        f.write_text(f.read_text().replace("name: Northwind Networks\n", "name: Northwind Networks Renamed\n", 1))
        _until(lambda: "" if "Northwind Networks Renamed" in _fetch(url) else None, 60, "the edit was not picked up")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_keeps_the_last_good_site_while_an_edit_is_broken(tmp_path: Path) -> None:
    """A broken YAML edit: pages keep answering (last good data) with a banner naming file:line, and the terminal
    says it too; fixing the file removes the banner. `serve` prints its URL and explains the dirty build once."""
    import os

    proj = make_project(tmp_path, sorted((ROOT / "vendors").glob("*.yaml")))
    port = _free_port()
    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "escdir.cli", "serve", "-a", f"127.0.0.1:{port}"], cwd=proj,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/vendors/northwind-networks/"
    try:
        _until(lambda: "" if "Northwind Networks" in _fetch(url) else None, 90, "serve did not come up", proc)
        f = proj / "vendors" / "northwind-networks.yaml"
        good = f.read_text()
        f.write_text(good.replace("name: Northwind Networks\n", "name: [Northwind Networks\n", 1))
        html = _until(lambda: h if "escdir-serve-error" in (h := _fetch(url)) else None, 60,
                      "no error banner (or the server hangs)")
        assert "northwind-networks.yaml:" in html and "ESC004" in html and "Northwind Networks" in html
        f.write_text(good)
        _until(lambda: "" if "escdir-serve-error" not in (h := _fetch(url)) and "Northwind Networks" in h else None,
               60, "the banner stayed after the fix")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    text = log.read_text()
    assert f"Serving on http://127.0.0.1:{port}/" in text
    assert "northwind-networks.yaml:" in text and "still serving the last good data" in text
    assert "A 'dirty' build" not in text and text.count("MkDocs calls this a 'dirty' build") <= 1
    assert "Traceback" not in text
