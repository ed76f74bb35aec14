"""Only escdir's own scripts run: an inline <script> written into a hand-written page under site_src/ is refused by
Chromium and the violation is reported; an author opts a page in explicitly (``allow_inline_scripts``)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import sitetools as st

pytestmark = pytest.mark.skipif(not st.CHROMIUM.exists(), reason="needs Debian's chromium")

ROOT = Path(__file__).resolve().parents[1]
INJECTED = "<p>Notes.</p>\n\n<script>window.__injected = 'ran';</script>\n"
OPTED = "<p>Demo.</p>\n\n<script>window.__opted = 'ran';</script>\n"
LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def _project(work: Path, *, allow: list[str]) -> Path:
    proj = work / "proj"
    proj.mkdir(parents=True)
    for name in ("vendors", "site_src"):
        shutil.copytree(ROOT / name, proj / name)
    (proj / "site_src" / "guides" / "injected.md").write_text("# Injected\n\n" + INJECTED, encoding="utf-8")
    (proj / "site_src" / "guides" / "opted.md").write_text("# Opted in\n\n" + OPTED, encoding="utf-8")
    cfg = st.mkdocs_config()
    cfg["plugins"] = ["search", {"escdir": {"vendors_dir": "vendors", "allow_inline_scripts": allow}}]
    (proj / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return proj


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[st.Server]:
    import os

    from escdir.publish.build import build_site

    proj = _project(tmp_path_factory.mktemp("csp"), allow=["guides/opted.md"])
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = st.TODAY
    try:
        out = build_site(proj / "mkdocs.yml", proj / "site")
    finally:
        if old is None:
            os.environ.pop("ESCDIR_TODAY", None)
        else:
            os.environ["ESCDIR_TODAY"] = old
    with st.serve(out) as server:
        yield server


@contextlib.contextmanager
def _page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(LISTENER)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    try:
        yield page, console
    finally:
        context.close()


def test_an_injected_script_in_a_hand_written_page_does_not_run_and_is_reported(chromium, site) -> None:
    with _page(chromium) as (page, console):
        page.goto(site.url + "guides/injected/", wait_until="load")
        page.wait_for_function("() => window.__csp.length > 0", timeout=5_000)
        assert page.evaluate("window.__injected") is None  # it did not run
        assert page.evaluate("window.__csp") == ["script-src-elem inline"]
        assert any("Content Security Policy" in m and "inline script" in m for m in console), console
        # Material's own code (now files of the site) still runs: its header and search are wired up.
        assert page.evaluate("typeof __md_get") == "function"
        assert page.locator("[data-md-component=search-query]").count() == 1


def test_a_page_the_author_opted_in_runs_its_own_script_only(chromium, site) -> None:
    with _page(chromium) as (page, _console):
        page.goto(site.url + "guides/opted/", wait_until="load")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__opted") == "ran"
        assert page.evaluate("window.__csp") == []
        # The opt-in is for that page's own scripts: one added later is refused there too.
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__late = 1';"
                      " document.body.appendChild(s); }")
        page.wait_for_function("() => window.__csp.length > 0", timeout=5_000)
        assert page.evaluate("window.__late") is None


def test_no_page_of_a_build_carries_an_inline_script_of_its_own(tmp_path: Path, monkeypatch) -> None:
    from escdir.publish.build import build_site
    from escdir.publish.csp import inline_scripts

    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    out = build_site(_project(tmp_path, allow=[]) / "mkdocs.yml", tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    found = {str(p.relative_to(out)): inline_scripts(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in found.items() if v} == {"guides/injected/index.html": ["window.__injected = 'ran';"],
                                                     "guides/opted/index.html": ["window.__opted = 'ran';"]}
    for page in pages:
        assert "script-src 'self';" in page.read_text(encoding="utf-8") or page.name == "break-glass.html", page


def test_a_generated_page_cannot_be_opted_in(tmp_path: Path, monkeypatch) -> None:
    from escdir.publish.build import BuildError, build_site

    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    with pytest.raises(BuildError, match="generated page"):
        build_site(_project(tmp_path, allow=["vendors/northwind-networks.md"]) / "mkdocs.yml", tmp_path / "site")


def test_escdir_s_theme_files_are_material_s_inline_snippets_and_cover_all_of_them() -> None:
    """Every inline-script partial of the installed Material is overridden, and each file escdir serves holds the
    same code (values read from data- attributes): a Material upgrade that changes a snippet fails here."""
    import re

    import material

    from escdir.publish.csp import THEME_DIR

    theirs = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    ours = THEME_DIR / "partials" / "javascripts"
    assert sorted(p.name for p in theirs.glob("*.html")) == sorted(p.name for p in ours.glob("*.html"))
    swaps = {'"{{ config.extra.scope | d(base_url) }}"': 'document.currentScript.getAttribute("data-md-scope")',
             '"{{ base_url }}"': 'document.currentScript.getAttribute("data-md-base")'}
    served = {p.name: p.read_text(encoding="utf-8").split("\n", 1)[1].strip()
              for p in (THEME_DIR / "assets" / "escdir" / "material").glob("*.js")}
    for partial in theirs.glob("*.html"):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.S):
            for old, new in swaps.items():
                body = body.replace(old, new)
            assert body.strip() in served.values(), partial.name
        assert "<script>" not in (ours / partial.name).read_text(encoding="utf-8")


def test_an_opt_in_for_a_page_that_does_not_exist_is_a_warning(tmp_path: Path, monkeypatch, caplog) -> None:
    from escdir.publish.build import build_site

    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    proj = _project(tmp_path, allow=["guides/typo.md"])
    with caplog.at_level("WARNING", logger="mkdocs"):
        build_site(proj / "mkdocs.yml", tmp_path / "site")
    assert any("guides/typo.md" in r.getMessage() and "not a page" in r.getMessage() for r in caplog.records)
