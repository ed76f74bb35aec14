"""The phone and the page without JavaScript (#21): flowchart text at least 12 CSS px at 390 px wide, dark mode from
the system setting with JavaScript off (and white paper when printed), and the wording fixes: no doubled home title,
"E-mail:" rather than "Call:" for an address, "Networks'" rather than "Networks's".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sitetools as st
from escdir.model import Contact, Person
from escdir.present.flowchart import NARROW, WIDTH, ladder_figures, ladder_svg, reach_verb
from escdir.present.render import possessive

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "site_src" / "stylesheets" / "escdir.css"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

needs_browser = pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)")


@pytest.fixture(scope="module")
def samples():
    from datetime import date

    from escdir.check.validate import validate_paths

    result = validate_paths([ROOT / "vendors"], today=date(2026, 11, 23))
    assert not result.errors
    return {v.id: v for v in result.vendors}


# ---- wording ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [("Northwind Networks", "Northwind Networks'"), ("Acme", "Acme's"),
                                                ("AWS", "AWS's"), ("Cirrus Ledger", "Cirrus Ledger's")])
def test_possessive(name: str, expected: str) -> None:
    assert possessive(name) == expected


@pytest.mark.parametrize(("party", "verb"), [
    (Contact(id="a", kind="phone", value="+12025550100", label="TAC"), "Call"),
    (Contact(id="b", kind="email", value="duty@example.com", label="Duty manager"), "E-mail"),
    (Contact(id="c", kind="portal", value="https://support.example.com/", label="Portal"), "Open"),
    (Contact(id="d", kind="phone", value="", label="Enrolled line", value_status="issued_on_enrolment"), "Contact"),
    (Person(id="p", role="account_manager", name="Ada", email="ada@example.com"), "E-mail"),
    (Person(id="q", role="duty_manager", name="Bo", phone="+12025550101", email="bo@example.com"), "Call"),
])
def test_the_flowchart_says_how_a_party_is_reached(samples, party, verb: str) -> None:
    assert reach_verb(party) == verb
    v = samples["northwind-networks"]
    ladder = v.escalation.ladders[0]
    svg = str(ladder_svg(v.id, ladder, "S1", lambda ref: party if ref else None))
    whom = re.findall(r'<text class="esc-whom"[^>]*>([^<]*)', svg)
    assert whom and whom[0].startswith(f"{verb}: "), whom
    assert ("Call: " in svg) == (verb == "Call")  # never "Call:" in front of an e-mail address


# ---- the flowchart on a phone -----------------------------------------------------------------------------------

def test_both_drawings_say_the_same(samples) -> None:
    for v in samples.values():
        for ladder in v.escalation.ladders:
            both = str(ladder_figures(v.id, ladder, ladder.severity, v.party))
            wide = str(ladder_svg(v.id, ladder, ladder.severity, v.party))
            narrow = str(ladder_svg(v.id, ladder, ladder.severity, v.party, width=NARROW))
            assert both == wide + narrow
            assert f'viewBox="0 0 {WIDTH} ' in wide and f'viewBox="0 0 {NARROW} ' in narrow
            ids = re.findall(r'id="([^"]+)"', both)
            assert len(ids) == len(set(ids)), "the two drawings share an id"

            def words(svg: str, cls: str) -> str:
                lines = re.findall(rf'<text class="{cls}"[^>]*>(.*?)</text>', svg)
                return " ".join(re.sub(r"<[^>]+>", "", " ".join(lines)).split())

            for cls in ("esc-head", "esc-whom"):  # the same words, wrapped differently
                assert re.sub(r"[\s—]", "", words(wide, cls)) == re.sub(r"[\s—]", "", words(narrow, cls)), (v.id, cls)
            # The narrow drawing wraps sooner but never shortens an action the wide one shows whole.
            assert words(narrow, "esc-action").count("…") <= words(wide, "esc-action").count("…")


def test_no_line_runs_out_of_its_box_on_a_phone(samples) -> None:
    """Every line of the phone drawing fits its width (an e-mail address is cut before its @, a number never)."""
    import html as html_lib

    from escdir.present.flowchart import _layout

    chars = _layout(NARROW)[0]
    for v in samples.values():
        for ladder in v.escalation.ladders:
            svg = str(ladder_svg(v.id, ladder, ladder.severity, v.party, width=NARROW))
            for line in re.findall(r'<text class="esc-(?:action|whom|head)"[^>]*>(.*?)</text>', svg):
                text = html_lib.unescape(re.sub(r"<[^>]+>", "", line))
                assert len(text) <= chars + 3, (v.id, text)
                assert not re.search(r"\+\d[\d -]*$", text) or text.endswith(tuple("0123456789")), text


@pytest.fixture(scope="module")
def servers(msp_servers):
    return msp_servers


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("vid", ["northwind-networks", "halvard-virtual-systems", "meridian-fibre"])
def test_flowchart_text_is_at_least_12_px_on_a_phone(chromium, servers, vid: str) -> None:
    context = chromium.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(servers["internal"].url + f"vendors/{vid}/")
        shown = page.evaluate("""() => [...document.querySelectorAll('svg.escdir-flow')]
          .filter(s => s.getClientRects().length)
          .map(s => ({cls: s.getAttribute('class'), width: s.getBoundingClientRect().width,
                      box: s.viewBox.baseVal.width,
                      px: Math.min(...[...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))}))""")
        assert shown, "no flowchart shown"
        for chart in shown:
            assert "esc-flow-narrow" in chart["cls"], chart
            scale = chart["width"] / chart["box"]
            assert 13 * scale >= 12, chart  # 13 px text in the drawing, scaled to the column
            assert chart["width"] <= 390
        figure = page.locator("figure.esc-figure").first
        assert not figure.evaluate("f => f.scrollWidth > f.clientWidth"), "the phone chart still scrolls sideways"
    finally:
        context.close()


# ---- dark mode without JavaScript ------------------------------------------------------------------------------

def _declarations(block: str) -> dict[str, str]:
    out = {}
    for part in re.sub(r"/\*.*?\*/", "", block, flags=re.S).split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = " ".join(v.split())
    return out


def test_the_no_js_dark_palette_is_materials_slate() -> None:
    """escdir.css copies Material's slate palette for pages without JavaScript; a Material upgrade that changes it
    fails here (copy the new values from the palette CSS named below)."""
    import material

    assets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    palette = next(assets.glob("palette.*.min.css")).read_text(encoding="utf-8")
    slate = _declarations(re.search(r"\[data-md-color-scheme=slate\]\{([^{}]*)\}", palette).group(1))
    indigo = _declarations(re.search(r"\[data-md-color-scheme=slate\]\[data-md-color-primary=indigo\]\{([^{}]*)\}",
                                     palette).group(1))
    css = CSS.read_text(encoding="utf-8")
    media = css[css.index("@media screen and (prefers-color-scheme: dark)"):]
    ours = _declarations(re.search(r'\.no-js \[data-md-color-scheme="default"\]:not\(\[data-md-color-media\]\) \{'
                                   r"([^{}]*)\}", media).group(1))
    expected = {**slate, **indigo}
    assert {k: ours.get(k) for k in expected} == expected


_COLOURS = """() => ({bg: getComputedStyle(document.body).backgroundColor,
                     fg: getComputedStyle(document.querySelector('.md-typeset')).color,
                     nojs: document.documentElement.classList.contains('no-js')})"""


def _luminance(rgb: str) -> float:
    parts = [float(x) for x in re.findall(r"[\d.]+", rgb)[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize(("scheme", "media", "dark"), [("dark", "screen", True), ("light", "screen", False),
                                                       ("dark", "print", False)])
def test_dark_mode_follows_the_system_without_javascript(chromium, servers, scheme: str, media: str,
                                                         dark: bool) -> None:
    context = chromium.new_context(java_script_enabled=False, color_scheme=scheme, viewport={"width": 1280,
                                                                                             "height": 900})
    try:
        page = context.new_page()
        page.emulate_media(media=media, color_scheme=scheme)
        for path in ("", "vendors/northwind-networks/", "guides/skip-l1/"):
            page.goto(servers["internal"].url + path)
            c = page.evaluate(_COLOURS)
            assert c["nojs"]
            if dark:
                assert _luminance(c["bg"]) < 0.05 and _luminance(c["fg"]) > 0.4, (path, c)
            else:
                assert _luminance(c["bg"]) > 0.9 and _luminance(c["fg"]) < 0.2, (path, c)
    finally:
        context.close()


# ---- the home page's title --------------------------------------------------------------------------------------

def test_home_page_title_is_the_site_name_once(msp_sites) -> None:
    for site, name in ((msp_sites["internal"], "Vendor escalation directory"), (msp_sites["client"], None)):
        html = (site / "index.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert " - " not in title, title
        if name:
            assert title == name
        vendor = (site / "vendors" / "northwind-networks" / "index.html").read_text(encoding="utf-8")
        assert re.search(r"<title>Northwind Networks - .+</title>", vendor)  # other pages keep "page - site"


def test_client_page_possessive(msp_sites) -> None:
    html = (msp_sites["client"] / "vendors" / "northwind-networks" / "index.html").read_text(encoding="utf-8")
    assert "Northwind Networks&#39; commitments" in html or "Northwind Networks' commitments" in html
    assert "Networks&#39;s" not in html and "Networks's" not in html
