"""On a 390 px phone: nothing wider than the screen outside a scroll box, the flowchart scrolls with a cue,
the contract id and "skip L1" one tap from the quick card, the client home's portal and mailbox unclipped,
and a quick-card highlight that means something."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import sitetools as st

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)"),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SAMPLE_IDS = sorted(p.stem for p in (st.REPO / "vendors").glob("*.yaml"))

# Elements wider than the viewport that are not inside a box scrolling sideways on its own.
TOO_WIDE = """() => {
  const W = document.documentElement.clientWidth, out = [];
  const scroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) return p;
    }
    return null;
  };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.md-sidebar, .md-search, .md-header, .md-dialog, svg')) continue;  // off-canvas theme parts
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const box = scroller(el);
    if (box) { const b = box.getBoundingClientRect(); if (b.right <= W + 1 && b.left >= -1) continue; }
    if (r.right > W + 1 || r.left < -1) out.push(`${el.tagName}.${el.className}: ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {W, scrollW: document.scrollingElement.scrollWidth, out};
}"""


@pytest.fixture(scope="module")
def sites(msp_sites: dict[str, Path]) -> dict[str, Path]:
    return msp_sites


@pytest.fixture(scope="module")
def servers(msp_servers: dict[str, st.Server]) -> dict[str, st.Server]:
    return msp_servers


@pytest.fixture(scope="module")
def browser(chromium: object) -> object:
    return chromium  # the session's one Playwright (a second cannot start while it runs)


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


PAGES = [("internal", ""), ("internal", "severity-translator/"), ("internal", "break-glass.html"),
         ("internal", "guides/escalate/"), ("client", ""), ("client", "ticket-journey/"), ("client", "break-glass.html")]
PAGES += [("internal", f"vendors/{v}/") for v in SAMPLE_IDS]


@pytest.mark.parametrize(("site", "path"), PAGES, ids=[f"{s}:{p or 'home'}" for s, p in PAGES])
def test_nothing_is_wider_than_the_phone_outside_a_scroll_box(phone, servers, site: str, path: str) -> None:
    phone.goto(servers[site].url + path)
    r = phone.evaluate(TOO_WIDE)
    assert r["out"] == [], r["out"][:8]
    assert r["scrollW"] <= r["W"], "the page itself scrolls sideways"


def test_flowchart_scrolls_inside_its_box_with_a_visible_cue(phone, servers) -> None:
    phone.goto(servers["internal"].url + "vendors/northwind-networks/")
    fig = phone.locator("figure.esc-figure").first
    fig.scroll_into_view_if_needed()
    box = fig.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    wide = fig.evaluate("f => f.scrollWidth > f.clientWidth")
    cue = fig.locator(".esc-scroll-cue")
    if wide:
        assert cue.is_visible(), "the chart scrolls but nothing says so"
        assert fig.get_attribute("tabindex") == "0"  # keyboard users can scroll it too
    else:
        assert not cue.is_visible()


def test_flowchart_cue_is_hidden_when_the_chart_fits(browser, servers) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(servers["internal"].url + "vendors/northwind-networks/")
        assert page.locator("figure.esc-figure").count() > 0
        assert not page.locator("figure.esc-figure .esc-scroll-cue").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("vid", SAMPLE_IDS)
def test_contract_id_and_skip_l1_within_one_screen_or_one_tap(phone, servers, vid: str) -> None:
    from escdir.check.validate import validate_paths

    vendor = {v.id: v for v in validate_paths([st.REPO / "vendors"]).vendors}[vid]
    phone.goto(servers["internal"].url + f"vendors/{vid}/")
    height = phone.viewport_size["height"]
    quick = phone.locator("section.esc-quick")
    if vendor.contracts:
        number = vendor.contracts[0].number
        shown = quick.get_by_text(number, exact=True).first
        assert shown.is_visible() and shown.bounding_box()["y"] + shown.bounding_box()["height"] <= height, number
    link = quick.locator('a[href="#esc-skip"]')
    assert link.is_visible() and link.bounding_box()["y"] < height
    link.tap()
    skip = phone.locator("#esc-skip")
    phone.wait_for_function("() => { const r = document.getElementById('esc-skip').getBoundingClientRect();"
                            " return r.top >= 0 && r.top < window.innerHeight; }")
    assert "Skip L1" in skip.inner_text()


def test_client_home_shows_portal_and_mailbox_unclipped_and_not_open(phone, servers) -> None:
    phone.goto(servers["client"].url)
    addrs = phone.locator("section.esc-quick a.esc-addr")
    assert addrs.count() >= 2, "portal and mailbox are on the client home"
    hrefs = [addrs.nth(i).get_attribute("href") for i in range(addrs.count())]
    assert any(h.startswith("mailto:") for h in hrefs) and any(h.startswith("https:") for h in hrefs)
    for i in range(addrs.count()):
        a = addrs.nth(i)
        box = a.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, a.inner_text()
        assert a.evaluate("e => e.scrollWidth <= e.clientWidth + 1 || getComputedStyle(e).display === 'inline'")
        row = a.locator("xpath=ancestor::tr[1]")
        assert "open now" not in row.inner_text() and "esc-open-now" not in (row.get_attribute("class") or "")


def test_all_day_lines_are_not_all_painted_open(browser, servers, sites) -> None:
    """When every phone line of a quick card is 24x7, no line is highlighted as "open now"."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
        found = 0
        for vid in SAMPLE_IDS + ["__client__"]:
            page.goto(servers["client"].url if vid == "__client__" else servers["internal"].url + f"vendors/{vid}/")
            tables = page.evaluate("""() => [...document.querySelectorAll('table.esc-hotlines')].map(t =>
                [...t.querySelectorAll('tr.esc-line[data-coverage]')].filter(r => r.querySelector('a[href^="tel:"]'))
                  .map(r => ({always: JSON.parse(r.dataset.coverage).always === true,
                              open: r.classList.contains('esc-open-now')})))""")
            for rows in tables:
                if rows and all(r["always"] for r in rows):
                    found += 1
                    assert not any(r["open"] for r in rows), vid
                elif any(not r["always"] for r in rows):
                    assert any(r["open"] for r in rows if r["always"]), vid  # mixed: 24x7 lines are still marked
        assert found, "no quick card with only 24x7 lines among the samples and the client home"
    finally:
        context.close()
