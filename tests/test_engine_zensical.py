"""`escdir build --engine zensical` against the MkDocs build of the same project, and a plain `zensical build`.

Parity: the same vendor pages exist, each quick card is the same HTML, the site's own search finds a vendor by name,
no request leaves the local server and every page carries the Content-Security-Policy with no violation reported.
Refusals: a plain `zensical build` of an escdir project stops before writing anything and says what to run; what
Zensical cannot do (here: a plugin it would skip) is refused with a reason, and no site is published.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import sitetools as st
from escdir.publish.build import BuildError, build_site

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p.stem for p in (ROOT / "vendors").glob("*.yaml"))
SECTION = re.compile(r"<section\b|</section>")
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                reason="zensical is not installed (extra: zensical)")


def _project(dest: Path) -> Path:
    """A copy of the sample project (zensical and escdir write nothing into the repository)."""
    for name in ("vendors", "clients", "site_src"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "msp.yaml"):
        shutil.copy(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    proj = _project(tmp_path_factory.mktemp("zensical") / "proj")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESCDIR_TODAY", st.TODAY)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return {"mkdocs": build_site(proj / "mkdocs.yml", proj.parent / "mkdocs-site"),
                "zensical": build_site(proj / "mkdocs.yml", proj.parent / "zensical-site", engine="zensical")}


def _quick_card(html: str) -> str:
    """The quick card's element (sections may nest inside it); '' when the page has none."""
    start = html.find('<section class="esc-quick"')
    if start < 0:
        return ""
    depth = 0
    for m in SECTION.finditer(html, start):
        depth += 1 if m.group() != "</section>" else -1
        if depth == 0:
            return html[start:m.end()]
    return ""


def _vendor_pages(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "vendors").glob("*/index.html"))


def test_the_same_vendor_pages_exist(sites: dict[str, Path]) -> None:
    assert _vendor_pages(sites["zensical"]) == _vendor_pages(sites["mkdocs"]) == SAMPLES


@pytest.mark.parametrize("vendor", SAMPLES)
def test_the_quick_card_is_the_same(sites: dict[str, Path], vendor: str) -> None:
    cards = {engine: _quick_card((site / "vendors" / vendor / "index.html").read_text(encoding="utf-8"))
             for engine, site in sites.items()}
    assert "tel:" in cards["mkdocs"] or "esc-quick" in cards["mkdocs"], "no quick card found in the MkDocs page"
    assert cards["zensical"] == cards["mkdocs"]


def test_every_page_carries_the_security_policy(sites: dict[str, Path]) -> None:
    pages = sorted(sites["zensical"].rglob("*.html"))
    assert len(pages) > len(SAMPLES)
    for page in pages:
        if page.name == "break-glass.html":
            continue  # its own standalone policy (escdir.publish.csp.STANDALONE)
        policy = CSP.findall(page.read_text(encoding="utf-8"))
        assert len(policy) == 1, page
        assert "'unsafe-inline'" not in policy[0] and "default-src 'self'" in policy[0], page


def test_the_exports_and_the_site_marker_are_written(sites: dict[str, Path]) -> None:
    for rel in ("break-glass.html", "renewals.ics", "api/v1/vendors.json", ".escdir-site"):
        assert (sites["zensical"] / rel).is_file(), rel
        if rel != ".escdir-site":
            assert (sites["zensical"] / rel).read_bytes() == (sites["mkdocs"] / rel).read_bytes(), rel


@pytest.fixture(scope="module")
def server(sites: dict[str, Path]) -> Iterator[st.Server]:
    with st.serve(sites["zensical"]) as srv:
        yield srv


@pytest.mark.browser
@pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)")
def test_search_finds_a_vendor_with_no_outside_request_and_no_policy_violation(chromium, server: st.Server) -> None:
    context = chromium.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        page.goto(server.url + "guides/escalate/")
        page.click(".md-search__button")
        page.keyboard.type("Quillon", delay=20)
        # Zensical's search dialog lives in a shadow root under <body>: wait for a result linking the vendor page.
        page.wait_for_function(
            "() => [...document.querySelectorAll('body > div')].some(d => d.shadowRoot &&"
            " [...d.shadowRoot.querySelectorAll('a')].some(a => a.href.includes('/vendors/quillon-erp/')))",
            timeout=15_000)
        violations = page.evaluate("() => window.__csp")
        page.goto(server.url + "vendors/northwind-networks/")
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("() => window.__csp")
    finally:
        context.close()
    assert violations == []
    outside = [u for u in requests if not u.startswith(server.url)]
    assert outside == [], f"requests to other hosts: {outside}"
    assert any(u.endswith("search.json") for u in requests), "Zensical's search index was not loaded"


def test_plain_zensical_build_stops_before_writing_and_says_what_to_run(tmp_path: Path) -> None:
    proj = _project(tmp_path / "proj")
    proc = subprocess.run([sys.executable, "-m", "zensical", "build"], cwd=proj, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode != 0
    assert "escdir build --engine zensical" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (proj / "site").exists()


def test_what_zensical_cannot_do_is_refused_and_nothing_is_published(tmp_path: Path, run_cli) -> None:
    proj = _project(tmp_path / "proj")
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", "  - search\n  - redirects\n"),
                      encoding="utf-8")
    result = run_cli("build", "--engine", "zensical", "--config", config, "--site-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert re.search(r"plugin 'redirects'.*skip it", result.output)
    assert "build failed: the previous site" in result.output
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["proj"]  # no temporary directory left behind


def test_python_tags_other_than_the_guard_are_refused_with_their_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    proj = _project(tmp_path / "proj")
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.emoji:"
                                                      "\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    assert "pymdownx.emoji" in text
    config.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index("!!python/name:material")) + 1
    with pytest.raises(BuildError, match=rf"line {line}: !!python/name:material.extensions.emoji.twemoji"):
        build_site(config, tmp_path / "out", engine="zensical")


def test_invalid_data_fails_the_zensical_build_as_it_fails_mkdocs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    proj = _project(tmp_path / "proj")
    bad = proj / "vendors" / "northwind-networks.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("severities:", "severities_typo:"), encoding="utf-8")
    with pytest.raises(BuildError, match="northwind-networks.yaml") as zensical:
        build_site(proj / "mkdocs.yml", tmp_path / "out", engine="zensical")
    with pytest.raises(BuildError) as mkdocs:
        build_site(proj / "mkdocs.yml", tmp_path / "out")
    assert str(zensical.value) == str(mkdocs.value)
    assert not (tmp_path / "out").exists()


def test_the_guard_lets_mkdocs_read_the_config_in_a_process_that_has_zensical_loaded() -> None:
    code = ("import zensical, yaml\nfrom mkdocs.utils.yaml import get_yaml_loader\n"
            f"print(yaml.load(open({str(ROOT / 'mkdocs.yml')!r}).read(), Loader=get_yaml_loader())['extra'])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "'escdir_engine': 'escdir'" in proc.stdout


def test_a_client_site_built_with_zensical_matches_the_mkdocs_one(tmp_path: Path, monkeypatch) -> None:
    """A client site: only generated pages (no internal guides), the client's logo and accent, its name as title."""
    monkeypatch.setenv("ESCDIR_TODAY", st.TODAY)
    proj = _project(tmp_path / "proj")
    built = {engine: build_site(proj / "mkdocs.yml", tmp_path / engine, client="brightwater-clinics", engine=engine)
             for engine in ("mkdocs", "zensical")}
    pages = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
             for engine, site in built.items()}
    assert pages["zensical"] == pages["mkdocs"]
    assert "vendors/northwind-networks/index.html" in pages["zensical"]
    assert not any(p.startswith("guides/") for p in pages["zensical"])  # the internal guides are not published
    home = (built["zensical"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>(Home - )?Brightwater Clinics support</title>", home) and "stylesheets/client.css" in home
    logos = sorted(p.name for p in (built["mkdocs"] / "assets").glob("client-logo.*"))
    assert logos and all((built["zensical"] / "assets" / n).read_bytes() == (built["mkdocs"] / "assets" / n).read_bytes()
                         for n in logos)
    for vendor in ("northwind-networks", "cirrus-ledger"):
        cards = [_quick_card((site / "vendors" / vendor / "index.html").read_text(encoding="utf-8"))
                 for site in built.values()]
        assert cards[0] and cards[0] == cards[1], vendor
