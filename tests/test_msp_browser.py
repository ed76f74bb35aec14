"""A client site in a real browser: branding, the ticket-journey page, and search that knows nothing internal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from escdir.publish.build import build_all_clients
from sitetools import CHROMIUM, chromium, serve
from test_msp import make_canary_project

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def client_sites(tmp_path_factory) -> Path:
    proj = make_canary_project(tmp_path_factory.mktemp("msp-browser"))
    os.environ["ESCDIR_TODAY"] = "2026-11-23"
    try:
        return build_all_clients(proj / "mkdocs.yml", proj / "client-sites")
    finally:
        del os.environ["ESCDIR_TODAY"]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _search(page, term: str) -> list[str]:
    """Type into Material's search and return the result titles (empty list for no match)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=15)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initializing|Type to start/.test(m.textContent); }", timeout=15000)
    page.wait_for_timeout(300)
    return page.locator(".md-search-result__item").all_inner_texts()


def test_client_site_shows_branding_and_journey(client_sites: Path, browser) -> None:
    with serve(client_sites / "alpha-client") as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url)
        logo = page.locator("img.esc-logo")
        assert logo.is_visible()
        assert page.evaluate("() => document.querySelector('img.esc-logo').naturalWidth") > 0
        header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb(18, 52, 86)"  # the client's accent #123456
        assert "Alpha Client" in page.locator("h1").first.inner_text()
        page.get_by_role("link", name="What happens when you submit a ticket").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text() == "What happens when you submit a ticket"
        steps = page.locator("table.esc-journey").first.inner_text()
        assert "Service desk" in steps and "Senior engineer" in steps and "30 minutes" in steps
        page.close()


def test_client_search_finds_nothing_internal(client_sites: Path, browser) -> None:
    with serve(client_sites / "alpha-client") as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url)
        assert _search(page, "Canary Networks")  # search works at all
        for term in ("CANARY-CONTRACT-NUMBER", "CANARY-PERSON-NAME", "CANARY-VENDOR-INTERNAL-NOTES",
                     "CANARY-CLIENT-EXCEPTION-NOTE", "canary-internal-mailbox"):
            page.goto(server.url)
            # Lunr ORs the words, so public pages matching just "canary" may be listed (marked "Missing: …"),
            # but no result may contain the internal value itself.
            hits = _search(page, term)
            assert not [h for h in hits if term.lower() in h.lower()], (term, hits)
            assert all("Missing:" in h for h in hits), (term, hits)
        page.close()
