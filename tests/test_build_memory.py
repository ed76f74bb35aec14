"""A build holds one vendor page's HTML at a time, and writes each export as it is made.

At 10,000 vendors the pages' HTML is about 1 GB and the exports about 0.5 GB: a build that held them all at once
went past the 2 GB the bench allows (bench/README.md). These tests pin the mechanism; the bench measures the peak.
"""

from __future__ import annotations

import os
import shutil
import weakref
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.present import pages as pages_mod
from escdir.present.pages import Page
from escdir.publish.build import build_site
from escdir.publish.exports import render_all, write_all
from escdir.publish.site import DEFERRED_HTML, Site, SiteBuild, SiteFailure, SiteOptions
from escdir.publish.siteplan import SitePlan

ROOT = Path(__file__).resolve().parents[1]


class _Html(str):
    """A str that can be watched with a weak reference."""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copytree(ROOT / "vendors", proj / "vendors")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


def test_a_build_renders_each_vendor_page_once_and_keeps_none(project: Path, monkeypatch) -> None:
    real = pages_mod.render
    alive: list[weakref.ref[_Html]] = []
    held_at_render: list[int] = []

    def watched(template: str, **context):
        html = real(template, **context)
        if template != "vendor.html":
            return html
        held_at_render.append(sum(1 for r in alive if r() is not None))
        out = _Html(html)
        alive.append(weakref.ref(out))
        return out

    monkeypatch.setattr(pages_mod, "render", watched)
    site = build_site(project / "mkdocs.yml", project.parent / "site")
    vendors = validate_paths([project / "vendors"]).vendors
    assert len(held_at_render) == len(vendors) >= 6  # each vendor page rendered exactly once
    # When a page is rendered, no earlier vendor page's HTML is still held (the old build held all of them).
    assert max(held_at_render) <= 1, held_at_render
    for v in vendors:
        html = (site / "vendors" / v.id / "index.html").read_text(encoding="utf-8")
        assert html.count("<h1") == 1, v.id  # the page's own heading; the theme added none
        assert "ESCDIR-BODY" not in html
        assert v.name in html


def test_a_live_server_renders_once_and_keeps_the_html(project: Path) -> None:
    serving = Site(project, SiteOptions(), serving=True).prepare()
    once = Site(project, SiteOptions()).prepare()
    vendor_uris = [u for u in once.pages if u.startswith("vendors/")]
    assert vendor_uris
    for uri in vendor_uris:
        assert callable(once.pages[uri].body)  # a build renders it when the page is written
        assert isinstance(serving.pages[uri].body, str)  # a server keeps it for the next (dirty) rebuild
        assert serving.pages[uri].html == once.pages[uri].html


def _build_with(page: Page) -> SiteBuild:
    return SiteBuild(SitePlan(pages=[page], exported=[]), {page.src_uri: page}, frozenset(), "", "t")


def test_splice_puts_the_html_where_the_marker_was() -> None:
    page = Page("vendors/x.md", "X & Co", lambda: "<h1>X &amp; Co</h1><p>body</p>", lean_search=True)
    build = _build_with(page)
    body = Site.body(build, "vendors/x.md", "<p>ESCDIR-BODY-7f3a</p>")
    assert body == DEFERRED_HTML
    out = Site.splice(build, "vendors/x.md", f"<main>{body}</main>")
    assert out == "<main><h1>X &amp; Co</h1><p>body</p></main>"
    # A page without a heading gets its title as one, as the theme would have added.
    bare = _build_with(Page("vendors/x.md", "X & Co", lambda: "<p>body</p>", lean_search=True))
    assert Site.splice(bare, "vendors/x.md", DEFERRED_HTML) == "<h1>X &amp; Co</h1>\n<p>body</p>"
    # A page the theme's search indexes gets its HTML at once (the index reads it).
    eager = _build_with(Page("index.md", "Home", "<p>home</p>"))
    assert Site.body(eager, "index.md", "<p>ESCDIR-BODY-7f3a</p>") == "<p>home</p>"
    assert Site.splice(eager, "index.md", "<p>home</p>") == "<p>home</p>"


def test_a_theme_that_drops_the_content_is_one_line_not_an_empty_page() -> None:
    build = _build_with(Page("vendors/x.md", "X", lambda: "<h1>X</h1>", lean_search=True))
    with pytest.raises(SiteFailure, match=r"did not write the content of vendors/x\.md"):
        Site.splice(build, "vendors/x.md", "<main></main>")


def test_streamed_exports_are_the_same_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    from escdir import today

    vendors = validate_paths([ROOT / "vendors"]).vendors
    expected = render_all(vendors, today=today())
    written = write_all(vendors, tmp_path, today=today())
    assert written == sorted(tmp_path / rel for rel in expected)
    for rel, data in expected.items():
        assert (tmp_path / rel).read_bytes() == data, rel
    # A stale per-vendor file from an earlier run is still removed.
    (tmp_path / "vcards" / "gone.vcf").write_text("x", encoding="utf-8")
    write_all(vendors, tmp_path, today=today())
    assert not (tmp_path / "vcards" / "gone.vcf").exists()
    assert os.listdir(tmp_path)
