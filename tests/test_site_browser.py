"""The built site in a real browser (Chromium via Playwright): what an engineer in an outage needs.

Each site is built once per session into a temporary directory (the sample vendors, and the samples plus
the hostile fixture vendor) and served from 127.0.0.1 on a free port. Screenshots go to a temporary
directory; set ``ESCDIR_SCREENSHOT_DIR=docs/screenshots`` to refresh the README's copies.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, date
from pathlib import Path

import pytest

import sitetools as st
from escdir.present.flowchart import reach_verb

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)"),
]

TODAY = date.fromisoformat(st.TODAY)
HOSTILE = st.REPO / "tests" / "data" / "hostile" / "hostile-vendor.yaml"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DANGEROUS_TAGS = ("script, iframe, object, embed, base, meta, link, style, img, input, textarea, details, "
                  "math, form")


# ---------------------------------------------------------------------------------------------
# Session fixtures: two sites, two servers, one browser, the vendor model
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return st.build(tmp_path_factory.mktemp("samples"), st.REPO / "vendors")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HOSTILE.is_file():
        pytest.fail(f"hostile fixture missing: {HOSTILE}")
    work = tmp_path_factory.mktemp("hostile")
    return st.build(work, st.vendors_copy(work / "vendors", HOSTILE))


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[st.Server]:
    with st.serve(sample_site) as srv:
        yield srv


@pytest.fixture(scope="session")
def hostile_server(hostile_site: Path) -> Iterator[st.Server]:
    with st.serve(hostile_site) as srv:
        yield srv


def first_line(v):  # type: ignore[no-untyped-def]
    """The line every output leads with for this build's reader (no msp.yaml here: no region is set, so a number
    callable from abroad, never a toll-free one; escdir.derive.view)."""
    from escdir.derive.reader import Reader
    from escdir.derive.view import vendor_view

    return vendor_view(v, Reader()).first.contact


@pytest.fixture(scope="session")
def vendors():
    """The sample vendors as the generator sees them (validated model), by id."""
    from escdir.check.validate import validate_paths

    result = validate_paths([st.REPO / "vendors"], today=TODAY)
    assert not result.errors, [p.format() for p in result.errors]
    return {v.id: v for v in result.vendors}


@pytest.fixture(scope="session")
def hostile_vendor():
    from escdir.check.validate import validate_paths

    result = validate_paths([HOSTILE], today=TODAY)
    assert not result.errors, [p.format() for p in result.errors]
    (vendor,) = result.vendors
    return vendor


class Tab:
    """A page in a fresh browser context that records dialogs, page errors and every request."""

    def __init__(self, context, base: str) -> None:
        self.context = context
        self.base = base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))
        self.page = context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        with contextlib.suppress(Exception):  # another handler may have closed it already
            dialog.dismiss()

    def goto(self, path: str = "") -> None:
        self.page.goto(self.base + path, wait_until="load")


@contextlib.contextmanager
def tab(browser, server: st.Server, **options) -> Iterator[Tab]:
    media = options.pop("media", None)
    context = browser.new_context(**options)
    try:
        t = Tab(context, server.url)
        if media:
            t.page.emulate_media(media=media)
        yield t
        assert not t.errors, f"JavaScript errors: {t.errors}"
    finally:
        context.close()


class Interactions:
    """Counts what the user does (fill a box, click, press a key); navigation to the start page is free."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def fill(self, selector: str, text: str) -> None:
        self.count += 1
        self.page.fill(selector, text)

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def press(self, selector: str, key: str) -> None:
        self.count += 1
        self.page.press(selector, key)


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    vp = page.viewport_size
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and \
        box["x"] + box["width"] <= vp["width"] and box["y"] + box["height"] <= vp["height"]


def norm(text: str) -> str:
    return " ".join(text.split())


def answered(page, query: str) -> None:
    """Wait until the home filter shows its answer to ``query`` (it comes from escdir's search index)."""
    page.wait_for_function("(q) => (document.querySelector('table.esc-az').getAttribute('data-query') || '') === q",
                           arg=query.strip(), timeout=10_000)


def search(page, query: str) -> None:
    """Type into Material's header search (see sitetools.material_search) and wait for some result."""
    st.material_search(page, query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)


FIRST_RESULT_JS = ("() => { const a = document.querySelector('.md-search-result__item a');"
                   " return a && a.href; }")


# ---------------------------------------------------------------------------------------------
# Outage path: home page → hotline in at most two interactions
# ---------------------------------------------------------------------------------------------

def test_hotline_reached_in_at_most_two_interactions(chromium, server, vendors) -> None:
    with tab(chromium, server, **DESKTOP) as t:
        page = t.page
        for vid, v in vendors.items():
            line = first_line(v)
            alias = v.aliases[0] if v.aliases else v.name

            # Path A: type an alias into the home filter (1 interaction); the hotline is on the row.
            t.goto()
            ui = Interactions(page)
            ui.fill("#esc-filter", alias)
            answered(page, alias)
            tel = page.locator(f"tr#row-{vid} a.esc-tel")
            assert tel.is_visible(), f"{vid}: hotline not visible after typing {alias!r}"
            assert tel.get_attribute("href") == line.href and norm(tel.inner_text()) == line.display
            assert in_viewport(page, tel), f"{vid}: hotline is off-screen after filtering"
            assert ui.count == 1

            # Path B: click the vendor's name (1 interaction); the quick card shows the hotline on screen.
            t.goto()
            ui = Interactions(page)
            ui.click(page.locator(f"tr#row-{vid} a.esc-vendor-link"))
            page.wait_for_url(f"**/vendors/{vid}/")
            quick_tel = page.locator("section.esc-quick a.esc-tel").first
            assert quick_tel.is_visible() and quick_tel.get_attribute("href") == line.href
            assert in_viewport(page, quick_tel), f"{vid}: quick-card hotline needs scrolling at 1280×900"
            assert ui.count == 1

            # Path C: alias + Enter (2 interactions) opens the vendor page with the quick card.
            t.goto()
            ui = Interactions(page)
            ui.fill("#esc-filter", alias)
            ui.press("#esc-filter", "Enter")
            page.wait_for_url(f"**/vendors/{vid}/")
            assert page.locator("section.esc-quick a.esc-tel").first.is_visible()
            assert ui.count <= 2
        assert not t.dialogs


# ---------------------------------------------------------------------------------------------
# Search by alias: the home filter and Material's header search put the vendor first
# ---------------------------------------------------------------------------------------------

def test_home_filter_puts_alias_match_first(chromium, server, vendors) -> None:
    with tab(chromium, server, **DESKTOP) as t:
        t.goto()
        page = t.page
        misses = []
        for vid, v in vendors.items():
            for alias in (v.name, *v.aliases):
                page.fill("#esc-filter", alias)
                answered(page, alias)
                first = page.evaluate(
                    "() => { const rows = [...document.querySelectorAll('table.esc-az tbody tr')];"
                    " const r = rows.find(r => !r.hidden); return r ? r.id : null; }")
                if first != f"row-{vid}":
                    misses.append((alias, vid, first))
        assert not misses, f"filter shows another vendor first: {misses}"
        page.fill("#esc-filter", "")
        answered(page, "")
        assert page.locator("table.esc-az tbody tr:visible").count() == len(vendors)


def test_material_search_puts_alias_match_first(chromium, server, vendors) -> None:
    with tab(chromium, server, **DESKTOP) as t:
        t.goto()
        page = t.page
        misses = []
        for vid, v in vendors.items():
            for alias in v.aliases:
                search(page, alias)
                want = f"/vendors/{vid}/"
                try:
                    page.wait_for_function(f"() => ({FIRST_RESULT_JS})()?.includes({want!r})", timeout=3_000)
                except Exception:  # noqa: BLE001 - report every miss at once
                    misses.append((alias, vid, page.evaluate(FIRST_RESULT_JS)))
        assert not misses, f"Material search ranks another page first: {misses}"
        # Following the first result lands on the vendor page with its quick card.
        search(page, vendors["northwind-networks"].aliases[0])
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url(re.compile(r".*/vendors/northwind-networks/.*"))
        assert page.locator("section.esc-quick a.esc-tel").first.is_visible()


# ---------------------------------------------------------------------------------------------
# Phone, no JavaScript, no third-party requests
# ---------------------------------------------------------------------------------------------

def test_phone_shows_quick_card_without_sideways_scrolling(chromium, server, vendors) -> None:
    width = PHONE["viewport"]["width"]
    with tab(chromium, server, **PHONE) as t:
        page = t.page
        for path in ["", "severity-translator/", *(f"vendors/{vid}/" for vid in vendors)]:
            t.goto(path)
            scroll_w, inner_w = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            # A mobile browser widens innerWidth when content overflows, so compare with the device too.
            assert scroll_w <= inner_w and scroll_w <= width, f"/{path}: page scrolls sideways ({scroll_w}px)"
            if path == "":
                # The filter still hides non-matching rows when the rows are restyled as cards.
                page.fill("#esc-filter", "Meridian")
                answered(page, "Meridian")
                visible = page.locator("table.esc-az tbody tr:visible")
                assert visible.count() == 1 and visible.first.get_attribute("id") == "row-meridian-fibre"
                assert visible.first.locator("a.esc-tel").is_visible()
            if not path.startswith("vendors/"):
                continue
            card = page.locator("section.esc-quick")
            assert card.is_visible(), f"/{path}: no quick card"
            box = card.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"/{path}: quick card too wide"
            tels = page.locator("section.esc-quick a.esc-tel")
            assert tels.count() >= 1
            for i in range(tels.count()):
                link = tels.nth(i)
                assert link.get_attribute("href").startswith("tel:+"), link.get_attribute("href")
                lb = link.bounding_box()
                assert lb["x"] >= 0 and lb["x"] + lb["width"] <= width, f"/{path}: {link.inner_text()} cut"
                assert lb["height"] >= 20, f"/{path}: hotline tap target only {lb['height']}px high"
            first = tels.first
            assert first.get_attribute("href") == first_line(vendors[path.split("/")[1]]).href
            first_box = first.bounding_box()
            assert first_box["y"] + first_box["height"] <= PHONE["viewport"]["height"] * 1.5, \
                f"/{path}: the first hotline is more than half a screen below the fold"


def test_hotline_and_ladder_work_without_javascript(chromium, server, vendors) -> None:
    with tab(chromium, server, java_script_enabled=False, **DESKTOP) as t:
        page = t.page
        for vid, v in vendors.items():
            t.goto(f"vendors/{vid}/")
            tel = page.locator("section.esc-quick a.esc-tel").first
            assert tel.is_visible() and tel.get_attribute("href") == first_line(v).href
            if v.escalation.ladders:
                assert page.locator("table.esc-ladder").count() == len(v.escalation.ladders)
                assert page.locator("table.esc-ladder").first.is_visible()
                # Two drawings per ladder (desktop and phone); the desktop one shows here, with JavaScript off.
                assert page.locator("svg.escdir-flow.esc-flow-wide").count() == len(v.escalation.ladders)
                assert page.locator("svg.escdir-flow.esc-flow-narrow").count() == len(v.escalation.ladders)
                assert page.locator("svg.escdir-flow.esc-flow-wide").first.is_visible()
                assert not page.locator("svg.escdir-flow.esc-flow-narrow").first.is_visible()
                assert page.locator("svg.escdir-flow.esc-flow-wide g.esc-step").first.is_visible()
        t.goto()
        rows = page.locator("table.esc-az tbody tr")
        assert rows.count() == len(vendors)
        for i in range(rows.count()):
            assert rows.nth(i).locator("a.esc-tel").is_visible()


def test_no_request_leaves_the_local_server(chromium, server, vendors) -> None:
    with tab(chromium, server, **DESKTOP) as t:
        page = t.page
        t.goto()
        t.goto("vendors/northwind-networks/")
        t.goto("severity-translator/")
        t.goto("guides/")
        search(page, "Meridian")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url("**/vendors/meridian-fibre/**")
        page.wait_for_load_state("networkidle")
        allowed = (server.url, "data:", "blob:")
        outside = [u for u in t.requests if not u.startswith(allowed)]
        assert not outside, f"requests to other hosts: {outside}"
        assert any(u.endswith("search/search_index.json") for u in t.requests), "search index not loaded"
        assert len(t.requests) > 5


# ---------------------------------------------------------------------------------------------
# Hostile data: shown as text, never executed
# ---------------------------------------------------------------------------------------------

INERT_JS = """(root) => {
  const sel = SELECTOR;
  const els = [...root.querySelectorAll('*')];
  return {
    dangerous: [...root.querySelectorAll(sel)].map(e => e.outerHTML.slice(0, 120)),
    handlers: els.flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name))
                                     .map(a => e.tagName + '[' + a.name + ']')),
    badLinks: [...root.querySelectorAll('[href], [src], [action], [formaction], [data]')]
                .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
                          || e.getAttribute('formaction') || e.getAttribute('data'))
                .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
    baseOk: document.baseURI === location.href.split('#')[0],
    bodyShown: getComputedStyle(document.body).display !== 'none',
  };
}""".replace("SELECTOR", repr(DANGEROUS_TAGS))


# Elements the theme itself creates (Material folds extra search hits of a page into a <details>).
THEME_OWN = ('<details class="md-search-result__more">',)


def assert_inert(page, root_selector: str, where: str) -> None:
    report = page.locator(root_selector).first.evaluate(INERT_JS)
    dangerous = [e for e in report["dangerous"] if not e.startswith(THEME_OWN)]
    assert not dangerous, f"{where}: injected elements {dangerous}"
    assert not report["handlers"], f"{where}: event-handler attributes {report['handlers']}"
    assert not report["badLinks"], f"{where}: script URLs {report['badLinks']}"
    assert report["baseOk"], f"{where}: <base> was injected"
    assert report["bodyShown"], f"{where}: injected CSS hid the page"


def test_hostile_vendor_is_shown_as_text_and_never_runs(chromium, hostile_server, hostile_vendor) -> None:
    v = hostile_vendor
    with tab(chromium, hostile_server, **DESKTOP) as t:
        page = t.page
        t.goto(f"vendors/{v.id}/")
        article = page.locator("article.escdir-vendor")
        assert article.is_visible()
        # Hover everything once, so mouseover-style payloads would have had their chance.
        page.evaluate("document.querySelectorAll('article.escdir-vendor *').forEach(e => {"
                      " e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); })")
        assert_inert(page, "article.escdir-vendor", "vendor page")
        text = article.inner_text()
        assert page.locator("article.escdir-vendor h1").inner_text() == v.name
        assert "<script>alert(1)</script>" in text
        assert v.aliases[0] in text  # '"><img src=x onerror=...>' as literal text
        assert v.summary in text
        assert page.title().startswith(v.name)
        # The flowchart draws the payloads as text as well.
        flow_text = page.locator("svg.escdir-flow").first.text_content()
        assert v.escalation.ladders[0].steps[1].action[:30] in flow_text

        t.goto()
        assert_inert(page, "table.esc-az", "home page")  # the vendor data; the search form is ours
        row = page.locator(f"tr#row-{v.id}")
        assert row.locator("a.esc-vendor-link").inner_text() == v.name
        page.fill("#esc-filter", "hostile")
        assert row.is_visible()

        t.goto("severity-translator/")
        assert_inert(page, ".escdir-translator", "severity translator")
        assert v.name in page.locator(".escdir-translator").inner_text()
        assert not t.dialogs, f"payloads ran: {t.dialogs}"


def test_hostile_vendor_search_results_are_inert(chromium, hostile_server, hostile_vendor) -> None:
    v = hostile_vendor
    with tab(chromium, hostile_server, **DESKTOP) as t:
        page = t.page
        t.goto()
        search(page, "Hostile")
        page.wait_for_function(f"() => ({FIRST_RESULT_JS})()?.includes('/vendors/{v.id}/')", timeout=5_000)
        page.wait_for_timeout(300)  # let any injected handler fire
        assert not t.dialogs, f"search results ran payloads: {sorted(set(t.dialogs))}"
        assert_inert(page, ".md-search-result", "search results")
        tags = page.locator(".md-search-result__item").first.locator(".md-tag")
        if tags.count():
            assert v.aliases[0] in [norm(x) for x in tags.all_inner_texts()]


# ---------------------------------------------------------------------------------------------
# Flowchart = ladder, step by step
# ---------------------------------------------------------------------------------------------

FLOW_JS = """() => [...document.querySelectorAll('svg.escdir-flow')].filter(svg => svg.getClientRects().length)
  .map(svg => ({
  title: svg.querySelector('title').textContent,
  steps: [...svg.querySelectorAll('g.esc-step')].map(g => ({
    n: g.getAttribute('data-step'),
    y: g.querySelector('rect').getBBox().y,
    head: [...g.querySelectorAll('text.esc-head')].map(e => e.textContent).join(' '),
    action: [...g.querySelectorAll('text.esc-action')].map(e => e.textContent).join(' '),
    whom: [...g.querySelectorAll('text.esc-whom')].map(e => e.textContent).join(' '),
  })),
}))"""


def after_label(step) -> str:
    return "immediately" if step.after.high == 0 else f"after {step.after.human()}"


def test_flowchart_shows_every_ladder_step_in_order(chromium, server, vendors) -> None:
    checked = 0
    with tab(chromium, server, **DESKTOP) as t:
        for vid, v in vendors.items():
            t.goto(f"vendors/{vid}/")
            charts = t.page.evaluate(FLOW_JS)
            assert len(charts) == len(v.escalation.ladders), f"{vid}: one flowchart per ladder"
            for ladder, chart in zip(v.escalation.ladders, charts, strict=True):
                where = f"{vid} ladder {ladder.severity}/{ladder.plan}"
                assert ladder.severity in chart["title"], where
                steps = chart["steps"]
                assert len(steps) == len(ladder.steps), f"{where}: {len(steps)} boxes for the steps"
                assert [s["n"] for s in steps] == [str(i + 1) for i in range(len(steps))], where
                ys = [s["y"] for s in steps]
                assert ys == sorted(ys), f"{where}: boxes not top-down"
                heads = [s["head"].split(" · ")[0] for s in steps]
                assert heads == [after_label(s) for s in ladder.steps], where
                for i, (box, step) in enumerate(zip(steps, ladder.steps, strict=True), 1):
                    assert norm(box["action"]).startswith(norm(step.action)[:30]), \
                        f"{where} step {i}: box says {box['action']!r}, ladder says {step.action!r}"
                    assert step.axis in box["head"], f"{where} step {i}: axis missing"
                    if step.whom:
                        verb = reach_verb(v.party(step.whom))  # "Call" a number, "E-mail" an address
                        assert box["whom"].startswith(f"{verb}: "), f"{where} step {i}: whom missing"
                    checked += 1
    assert checked >= 10


# ---------------------------------------------------------------------------------------------
# Looks: desktop, phone, dark mode, print — screenshots plus the checks behind them
# ---------------------------------------------------------------------------------------------

def _luminance(rgb: str) -> float:
    parts = [float(x) for x in re.findall(r"[\d.]+", rgb)[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS_JS = """() => {
  const text = document.querySelector('svg.escdir-flow text.esc-action');
  const rect = document.querySelector('svg.escdir-flow g.esc-step rect');
  const arrow = document.querySelector('svg.escdir-flow marker path');
  return {text: getComputedStyle(text).fill, stroke: getComputedStyle(rect).stroke,
          arrow: getComputedStyle(arrow).fill,
          bg: getComputedStyle(document.body).backgroundColor,
          scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


def _shot(page, out: Path, name: str, max_height: int = 1600) -> Path:
    width = page.viewport_size["width"]
    height = min(max_height, page.evaluate("document.documentElement.scrollHeight"))
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    return path


def test_screenshots_desktop_phone_dark_print(chromium, server, tmp_path) -> None:
    out = Path(os.environ.get("ESCDIR_SCREENSHOT_DIR") or tmp_path)
    if not out.is_absolute():
        out = st.REPO / out
    out.mkdir(parents=True, exist_ok=True)
    vendor = "vendors/northwind-networks/"
    shots = []
    with tab(chromium, server, **DESKTOP) as t:
        t.goto()
        shots.append(_shot(t.page, out, "home-desktop", 900))
        t.goto(vendor)
        shots.append(_shot(t.page, out, "vendor-desktop"))
        light = t.page.evaluate(COLOURS_JS)
        assert _contrast(light["text"], light["bg"]) >= 4.5, light

    with tab(chromium, server, **{**PHONE, "device_scale_factor": 1}) as t:
        t.goto(vendor)
        shots.append(_shot(t.page, out, "vendor-phone"))

    with tab(chromium, server, color_scheme="dark", viewport={"width": 1280, "height": 1300}) as t:
        t.goto(vendor)
        dark = t.page.evaluate(COLOURS_JS)
        assert dark["scheme"] == "slate", dark
        assert _contrast(dark["text"], dark["bg"]) >= 4.5, f"flowchart text unreadable in dark mode: {dark}"
        assert _contrast(dark["stroke"], dark["bg"]) >= 3, f"flowchart boxes invisible in dark mode: {dark}"
        # What a reader sees with the first ladder scrolled to the top: its table, then the flowchart.
        t.page.evaluate("window.scrollTo(0, document.querySelector('h3[id^=ladder-]').offsetTop - 60)")
        t.page.wait_for_timeout(200)
        path = out / "vendor-dark.png"
        t.page.screenshot(path=str(path))
        shots.append(path)

    # Printed from a browser in dark mode (the worst case): paper is white, so everything must be dark.
    paper_size = {"width": 900, "height": 1200}
    with tab(chromium, server, media="print", color_scheme="dark", viewport=paper_size) as t:
        t.goto(vendor)
        paper = t.page.evaluate(COLOURS_JS)
        for part in ("text", "stroke", "arrow"):
            assert _contrast(paper[part], "rgb(255, 255, 255)") >= 4.5, f"flowchart {part} faint: {paper}"
        hidden = t.page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
              '.md-footer', '.esc-open'].map(s => [s, [...document.querySelectorAll(s)]
              .every(e => e.getClientRects().length === 0)])""")
        assert all(ok for _, ok in hidden), f"visible on paper: {[s for s, ok in hidden if not ok]}"
        assert t.page.locator("section.esc-quick a.esc-tel").first.is_visible()
        shots.append(_shot(t.page, out, "vendor-print"))

    for path in shots:
        size = path.stat().st_size
        assert 10_000 < size < 400_000, f"{path.name}: {size} bytes"


def test_printed_vendor_page_is_a_two_page_runbook(chromium, server, vendors) -> None:
    """Printing keeps the numbers, severities, our SLA rows, waits, ladders and RMA levels on ≤ 2 A4 pages."""
    with tab(chromium, server, **DESKTOP) as t:
        for vid, v in vendors.items():
            t.goto(f"vendors/{vid}/")
            pdf = t.page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert 1 <= pages <= 2, (vid, pages)
            t.page.emulate_media(media="print")
            hot = v.primary_hotline
            if hot is not None:
                assert t.page.locator(f'section.esc-quick a[href="{hot.href}"]').first.is_visible()
            assert t.page.locator("table.esc-ladder").first.is_visible()
            assert not t.page.locator("figure.esc-figure").first.is_visible()
            # How to get past L1 is on paper too (#21): the text, not the on-screen jump link to it.
            assert t.page.locator("#esc-skip").is_visible() and "Skip L1" in t.page.locator("#esc-skip").inner_text()
            t.page.emulate_media(media=None)  # back to the default, so page.pdf() uses print CSS again


def test_open_now_highlight_follows_the_coverage_calendar(chromium, server) -> None:
    """With JavaScript, lines open at the moment are marked; a business-hours line is closed on a Saturday."""
    from datetime import datetime

    def states(moment: datetime) -> dict[str, str]:
        with tab(chromium, server, **DESKTOP) as t:
            t.page.clock.set_fixed_time(moment)
            t.goto("vendors/northwind-networks/")
            return t.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('tr.esc-line')]
                .map(r => [r.querySelector('a.esc-tel').textContent.trim(), r.querySelector('.esc-open').textContent]))""")

    saturday = states(datetime(2026, 11, 21, 18, 0, tzinfo=UTC))  # 12:00 in Chicago, a Saturday
    monday = states(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))    # 09:00 in Chicago, a Monday
    assert saturday["+1 202-555-0111"] == "closed now" and monday["+1 202-555-0111"] == "open now"
    assert saturday["+1 800-555-0110"] == "open now" == monday["+1 800-555-0110"]  # 24x7
    # Thanksgiving (Thu 2026-11-26) 10:00 in Chicago: the line's calendar closes on US holidays. The page carries the
    # holiday dates (escdir.derive.facts.open_now_data), so the browser agrees with `escdir show`.
    thanksgiving = states(datetime(2026, 11, 26, 16, 0, tzinfo=UTC))
    assert thanksgiving["+1 202-555-0111"] == "closed now"
