"""Accessibility as a browser test: axe-core's WCAG 2 A/AA and 2.2 AA rules over every kind of page, on a phone
(390 x 844) and a desktop, light and dark; and with JavaScript off (where the site must work too) on both.

axe-core is vendored under tests/vendor/axe-core/ (pinned, with its licence) and injected into each page. One
browser context per combination visits every page (a context per page would double the run time).
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
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


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


# Every kind of page: the home page, an A–Z letter page, a vendor page with every section and one with few, the
# translator, a guide, the error-code reference (a long Markdown table), 404 and break-glass; the client site's
# home, vendor page, ticket journey and break-glass.
PAGES = [("internal", ""), ("internal", "vendors/northwind-networks/"), ("internal", "vendors/meridian-fibre/"),
         ("internal", "severity-translator/"), ("internal", "guides/skip-l1/"), ("internal", "reference/error-codes/"),
         ("internal", "az/n/"), ("internal", "404.html"), ("internal", "break-glass.html"), ("client", ""),
         ("client", "vendors/northwind-networks/"), ("client", "ticket-journey/"), ("client", "break-glass.html")]
COMBOS = [(PHONE, "light", True), (PHONE, "dark", True), (DESKTOP, "light", True), (DESKTOP, "dark", True),
          (PHONE, "dark", False), (DESKTOP, "light", False)]


@pytest.mark.parametrize(("viewport", "scheme", "js"), COMBOS,
                         ids=[f"{'phone' if v is PHONE else 'desktop'}-{s}{'' if js else '-nojs'}" for v, s, js in COMBOS])
def test_no_wcag_violations_on_any_page(browser, servers, viewport: dict[str, int], scheme: str, js: bool) -> None:
    # bypass_csp: axe is injected by the test as an inline script; the pages themselves keep their CSP.
    # "JavaScript off" = the site's scripts are not loaded (axe itself still has to run in the page).
    context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    found: list[str] = []
    try:
        page = context.new_page()
        if not js:
            page.route("**/*.js", lambda route: route.abort())
        for site, path in PAGES:
            page.goto(servers[site].url + path)
            page.wait_for_load_state("load")
            if not path.endswith(("break-glass.html", "404.html")):  # break-glass: one palette by design
                want = "slate" if scheme == "dark" and js else "default"
                assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == want, path
            found += [f"{site}:{path or 'home'}: {v}" for v in violations(page)]
    finally:
        context.close()
    assert found == [], "\n".join(found)
