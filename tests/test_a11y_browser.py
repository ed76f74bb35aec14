"""Accessibility as a browser test: axe-core's WCAG 2 A/AA rules over the pages an engineer uses, light and dark.

axe-core is vendored under tests/vendor/axe-core/ (pinned, with its licence) and injected into each page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sitetools as st

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)"),
]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def sites(msp_sites: dict[str, Path]) -> dict[str, Path]:
    return msp_sites


@pytest.fixture(scope="module")
def servers(msp_servers: dict[str, st.Server]) -> dict[str, st.Server]:
    return msp_servers


@pytest.fixture(scope="module")
def browser(chromium: object) -> object:
    return chromium  # the session's one Playwright (a second cannot start while it runs)


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
            else str(n["target"][0]) for n in v["nodes"][:4]) for v in result["violations"]]


PAGES = [("internal", ""), ("internal", "vendors/northwind-networks/"), ("internal", "vendors/meridian-fibre/"),
         ("internal", "severity-translator/"), ("internal", "break-glass.html"), ("client", ""),
         ("client", "vendors/northwind-networks/")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("site", "path"), PAGES, ids=[f"{s}:{p or 'home'}" for s, p in PAGES])
def test_no_wcag_a_or_aa_violations(browser, servers, site: str, path: str, scheme: str) -> None:
    # bypass_csp: axe is injected by the test as an inline script; the pages themselves keep their CSP
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(servers[site].url + path)
        page.wait_for_load_state("load")
        if path.endswith("break-glass.html"):
            pass  # one palette by design (color-scheme: light); checked in both to be sure it stays readable
        else:
            want = "slate" if scheme == "dark" else "default"
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == want
        found = violations(page)
        assert found == [], "\n".join(found)
    finally:
        context.close()
