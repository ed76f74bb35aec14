"""The break-glass page in a real Chromium, as an engineer would open it from a USB stick during an
outage: file://, JavaScript off, every network request refused. Every vendor's hotlines must be there
as visible numbers with working tel: links, and the page must not try to fetch anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import sitetools as st
from escdir.check.validate import validate_paths
from escdir.publish.exports import write_all

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def vendors():
    result = validate_paths([REPO / "vendors"], today=TODAY)
    assert result.vendors
    return result.vendors


@pytest.fixture(scope="module")
def page_url(vendors, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("breakglass")
    write_all(vendors, out, today=TODAY, site_name="Test directory")
    return (out / "break-glass.html").resolve().as_uri()


@pytest.fixture(scope="module")
def browser_page(page_url: str):
    pytest.importorskip("playwright.sync_api")
    if not st.CHROMIUM.exists():
        pytest.skip(f"{st.CHROMIUM} not installed")
    with st.chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        blocked: list[str] = []

        def route(r) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(page_url)
        yield page, blocked
        context.close()


def test_every_vendor_hotline_is_visible_and_dialable(browser_page, vendors) -> None:
    page, _blocked = browser_page
    text = page.inner_text("body")
    hrefs = {a.get_attribute("href") for a in page.query_selector_all("a[href^='tel:']")}
    for v in vendors:
        article = page.query_selector(f"article[data-vendor='{v.id}']")
        assert article is not None and article.is_visible(), v.id
        assert v.name in article.inner_text()
        for c in v.hotlines():
            assert f"tel:{c.value}" in hrefs, (v.id, c.value)
            link = article.query_selector(f"a[href='tel:{c.value}']")
            assert link is not None and link.is_visible() and link.inner_text() == c.display
        for c in v.contracts:
            assert c.number in article.inner_text()
    assert f"{len(vendors)} vendors" in text


def test_page_is_a_to_z_and_fetches_nothing(browser_page, vendors) -> None:
    page, blocked = browser_page
    order = [a.get_attribute("data-vendor") for a in page.query_selector_all("article[data-vendor]")]
    assert order == [v.id for v in sorted(vendors, key=lambda v: (v.name.casefold(), v.id))]
    # A–Z navigation works without scripts: in-page anchors only.
    letters = [a.get_attribute("href") for a in page.query_selector_all("nav.az a")]
    assert letters and all(h.startswith("#letter-") and page.query_selector(h) for h in letters)
    assert blocked == []  # no font, stylesheet, image or script was even requested
    assert page.query_selector_all("script, link[rel='stylesheet'], img, iframe") == []


def test_page_prints(browser_page) -> None:
    page, _blocked = browser_page
    page.emulate_media(media="print")
    assert page.query_selector("nav.az").is_hidden()  # the print stylesheet drops the A–Z bar
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
