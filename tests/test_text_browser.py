"""Text-level safety in a real browser (Chromium via Playwright):

* phone numbers read left to right, on one line, even right after right-to-left names (HTML and SVG);
* 3,000-character words in labels, notes and names do not make the page or a table tens of thousands of
  px wide, on a desktop or a 390 px phone;
* the Content-Security-Policy on every page is in force (an injected inline script is refused) and
  blocks nothing the site itself needs: the home filter and Material's search still work.

The site is built once from the sample vendors plus two made from ``tests/data/good/complete.yaml``:
``rtl-names`` (Hebrew and Arabic names and labels) and ``long-strings`` (3,000-character words).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

import sitetools as st

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)"),
]

COMPLETE = st.REPO / "tests" / "data" / "good" / "complete.yaml"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
HEBREW_NAME = "דנה ריברה"
ARABIC_LABEL = "الدعم الفني، الأمريكتين"
LONG = 3000


def _variant(vid: str, replacements: list[tuple[str, str]]) -> str:
    text = COMPLETE.read_text(encoding="utf-8").replace("id: complete", f"id: {vid}", 1)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def rtl_vendor() -> str:
    return _variant("rtl-names", [
        ("name: Complete Example Networks", "name: שירותי רשת לדוגמה"),
        ("aliases: [CEN, Complete]", "aliases: [RTLN]"),
        ("label: Technical support, Americas", f"label: {ARABIC_LABEL}"),
        ("name: Alex Example", f"name: {HEBREW_NAME}"),
    ])


def long_vendor() -> str:
    return _variant("long-strings", [
        ("name: Complete Example Networks", "name: Long" + "N" * LONG),
        ("aliases: [CEN, Complete]", "aliases: [LONGS]"),
        ("label: Technical support, Americas", "label: " + "L" * LONG),
        ("note: Pages the duty manager.", "note: " + "O" * LONG),
        ("name: Alex Example", "name: " + "P" * LONG),
        ("action: Call the hotline and ask for the duty manager.", "action: " + "A" * LONG),
        ("definition: Production network down, no workaround.", "definition: " + "D" * LONG),
        ("reason: Questions are answered by the portal team.", "reason: " + "R" * LONG),
        ("    region: US\n    primary: true", "    region: " + "G" * LONG + "\n    primary: true"),
    ])


@pytest.fixture(scope="module")
def text_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("text-site")
    extra = work / "extra"
    extra.mkdir()
    (extra / "rtl-names.yaml").write_text(rtl_vendor(), encoding="utf-8")
    (extra / "long-strings.yaml").write_text(long_vendor(), encoding="utf-8")
    return st.build(work, st.vendors_copy(work / "vendors", *sorted(extra.glob("*.yaml"))))


@pytest.fixture(scope="module")
def server(text_site: Path) -> Iterator[st.Server]:
    with st.serve(text_site) as srv:
        yield srv


@contextlib.contextmanager
def page_in(browser, **options):
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


# ---- phone numbers: left to right, one line --------------------------------------------------------

#: For every phone number in the page's text (HTML and SVG): its characters' x and y on screen, in
#: logical order. SVG text is measured with getStartPositionOfChar, HTML text with a Range per character.
NUMBER_GEOMETRY_JS = r"""() => {
  const re = /\+\d[\d \-]*\d/g;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const svgText = node.parentElement && node.parentElement.closest("text");
    // Each flowchart is drawn twice (desktop and phone); the one not shown has no glyph positions to measure.
    if (svgText && !svgText.getClientRects().length) continue;
    let offset = 0;
    if (svgText) {
      const w = document.createTreeWalker(svgText, NodeFilter.SHOW_TEXT);
      while (w.nextNode() && w.currentNode !== node) offset += w.currentNode.data.length;
    }
    let m;
    re.lastIndex = 0;
    while ((m = re.exec(node.data))) {
      const chars = [];
      for (let i = m.index; i < m.index + m[0].length; i++) {
        if (node.data[i] === " ") continue;
        if (svgText) {
          const s = svgText.getStartPositionOfChar(offset + i), e = svgText.getEndPositionOfChar(offset + i);
          chars.push({x: Math.min(s.x, e.x), y: s.y});
        } else {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;  // not rendered (display: none)
          chars.push({x: r.left, y: r.top});
        }
      }
      if (chars.length) out.push({number: m[0], svg: !!svgText, chars: chars,
                                  context: node.parentElement.closest("td, li, dd, text, p").textContent.slice(0, 80)});
    }
  }
  return out;
}"""


def _disorder(numbers: list[dict]) -> list[str]:
    bad = []
    for n in numbers:
        xs = [c["x"] for c in n["chars"]]
        ys = [c["y"] for c in n["chars"]]
        if max(ys) - min(ys) > 2:
            bad.append(f"{n['number']!r} broken over lines in {n['context']!r}")
        elif any(b <= a for a, b in itertools.pairwise(xs)):
            bad.append(f"{n['number']!r} drawn out of order in {n['context']!r}: x={[round(x) for x in xs]}")
    return bad


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_phone_numbers_read_left_to_right_next_to_rtl_names(chromium, server, options) -> None:
    with page_in(chromium, **options) as page:
        page.goto(server.url + "vendors/rtl-names/", wait_until="load")
        numbers = page.evaluate(NUMBER_GEOMETRY_JS)
        # The fixture puts right-to-left names right before numbers in the ladder table, the levels
        # table, the people row and the flowchart: all of them must have been measured.
        assert any(n["svg"] and HEBREW_NAME in n["context"] for n in numbers), numbers
        assert any(not n["svg"] and HEBREW_NAME in n["context"] for n in numbers), numbers
        assert any(ARABIC_LABEL in n["context"] for n in numbers), numbers
        assert not _disorder(numbers)
        for other in ("", "break-glass.html"):  # the A–Z table and the offline copy
            page.goto(server.url + other, wait_until="load")
            numbers = page.evaluate(NUMBER_GEOMETRY_JS)
            assert any(ARABIC_LABEL in n["context"] or HEBREW_NAME in n["context"] for n in numbers) or other == "", \
                numbers
            assert not _disorder(numbers), other


# ---- long unbroken strings -------------------------------------------------------------------------

#: Elements whose box reaches past the right edge of the viewport with no scrolling or clipping ancestor
#: to contain them, and the widest scroll box (its content width), for the page as laid out.
OVERFLOW_JS = r"""() => {
  const vw = document.documentElement.clientWidth;
  const overflow = el => getComputedStyle(el).overflowX;
  const scrolls = el => ["auto", "scroll"].includes(overflow(el));
  const contains = el => ["auto", "scroll", "hidden", "clip"].includes(overflow(el));  // scrolls or clips
  const offenders = [];
  let widest = {width: 0, what: ""};
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (scrolls(el) && el.scrollWidth > widest.width) widest = {width: el.scrollWidth, what: el.tagName + "." + el.className};
    if (r.right <= vw + 1) continue;  // (off-canvas to the left, like Material's drawer, scrolls nothing)
    let p = el.parentElement, contained = false;
    while (p && p !== document.body) { if (contains(p)) { contained = true; break; } p = p.parentElement; }
    if (!contained) offenders.push(el.tagName + "." + el.className + " " + Math.round(r.width) + "px");
  }
  return {page: document.scrollingElement.scrollWidth, vw: vw, offenders: offenders.slice(0, 10), widest: widest};
}"""


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["vendors/long-strings/", "", "severity-translator/"])
def test_long_words_do_not_widen_the_page(chromium, server, options, path) -> None:
    with page_in(chromium, **options) as page:
        page.goto(server.url + path, wait_until="load")
        assert page.locator(f"text={'N' * 40}").count() >= 1  # the long name is on every one of these pages
        got = page.evaluate(OVERFLOW_JS)
        width = options["viewport"]["width"]
        assert got["page"] <= width, f"/{path}: the page scrolls sideways ({got['page']}px): {got['offenders']}"
        assert not got["offenders"], f"/{path}: wider than the {width}px viewport: {got['offenders']}"
        # Scroll boxes are fine for many columns, not for one 3,000-character word (~25,000 px and more).
        assert got["widest"]["width"] <= 3 * width, f"/{path}: a scroll box is {got['widest']}"


# ---- Content-Security-Policy -----------------------------------------------------------------------

#: Installed before any page script: every CSP violation the page reports.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
  e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


@contextlib.contextmanager
def csp_page(browser, **options):
    """A page that records CSP violations, console errors and page errors; asserts there were none."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page, errors
    finally:
        context.close()


def _policy(page) -> str:
    return page.evaluate("() => { const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');"
                         " return m && m.content; }") or ""


@pytest.mark.parametrize("path", ["", "vendors/rtl-names/", "severity-translator/", "guides/", "break-glass.html"])
def test_every_page_has_a_csp_that_blocks_nothing_of_its_own(chromium, server, path) -> None:
    with csp_page(chromium, **DESKTOP) as (page, errors):
        page.goto(server.url + path, wait_until="load")
        page.wait_for_timeout(300)  # late reports (workers, styles applied by scripts)
        policy = _policy(page)
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy, policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
        head = page.evaluate("() => [...document.head.children].slice(0, 2).map(e => e.outerHTML)")
        assert head[0].lower().startswith("<meta charset") and "Content-Security-Policy" in head[1], head
        assert page.evaluate("window.__csp") == []
        assert errors == []
        # The policy is in force: an inline script added now (as injected markup would be) does not run.
        page.evaluate("() => { window.__ran = false; const s = document.createElement('script');"
                      " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }")
        page.wait_for_function("() => window.__csp.length > 0", timeout=5_000)
        assert page.evaluate("window.__ran") is False
        assert page.evaluate("window.__csp")[0].startswith("script-src")


def test_site_scripts_still_work_under_the_csp(chromium, server) -> None:
    with csp_page(chromium, **DESKTOP) as (page, errors):
        page.goto(server.url, wait_until="load")
        # escdir.js: the home filter filters, and Enter opens the best match.
        assert st.home_filter(page, "RTLN") == ["row-rtl-names"]  # answered from escdir's search index
        page.press("#esc-filter", "Enter")
        page.wait_for_url("**/vendors/rtl-names/")
        assert page.locator("tr.esc-line.esc-open-now, tr.esc-line.esc-closed-now").count() >= 1  # open-now ran
        # Material: its search (a web worker) opens and answers.
        results = st.material_search(page, "Meridian")
        assert any("/vendors/meridian-fibre/" in r for r in results), results
        assert page.evaluate("window.__csp") == []
        assert errors == []


def test_no_built_page_carries_an_inline_script_or_a_hash_from_itself(text_site: Path) -> None:
    import re

    from escdir.publish.csp import inline_scripts

    pages = sorted(text_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(found) == 1, path
        assert inline_scripts(html) == [], path  # Material's snippets are files of the site (escdir/theme)
        assert "script-src 'self';" in found[0] or path.name == "break-glass.html", (path, found[0])
        assert html.index("Content-Security-Policy") < html.index("<title>"), path