"""The hostile corpus across every file kind and every build: vendor, msp.yaml, a client file and its logo.

Extends the hostile-vendor browser test (test_site_browser.py) to the MSP side: tests/data/hostile holds a
hostile vendor, a hostile msp.yaml (payloads in every text field), a hostile client (name, exceptions,
contacts) and a hostile SVG logo. The internal, public and every client site are built from them; every HTML
file and every search-index entry is parsed for live markup that a payload could have produced, and pages of
each build are loaded in Chromium: no dialog, no request to another host, no injected element.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitetools as st
from escdir.publish.build import build_all_clients, build_site
from test_site_browser import INERT_JS

HOSTILE = st.REPO / "tests" / "data" / "hostile"
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form", "math", "details"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
#: Markers that prove the payloads were rendered at all (shown as text): one per hostile file kind.
MARKERS = {"client": ["alert('client.name')", "alert('msp.name')", "alert('msp.tiers[0].name')",
                      "alert('msp.priorities[0].name')", "alert('msp.contacts[0].label')",
                      "alert('client.exceptions[0].contacts[0].label')"],
           "internal": ["alert('msp.name')", "alert('client.name')", "alert('msp.tiers[0].internal_notes')",
                        "alert('client.exceptions[0].note')", "alert('summary')"],
           "public": ["alert('client_summary')"]}  # summary is internal: public pages show client_summary


#: Live markup the theme and escdir's own templates write on purpose (the same in every build, hostile or not).
OWN_MARKUP = ("<form class='md-header__option' data-md-component='palette'>", "<form class='md-search__form' name='search'>",
              "<form class='esc-find' role='search' onsubmit='return false'>")


class _Live(HTMLParser):
    """Collects markup that would be live in a browser and that no escdir template writes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:160]
        if where in OWN_MARKUP:
            return
        values = {k: (v or "") for k, v in attrs}
        own_csp = values.get("http-equiv", "").lower() == "content-security-policy"  # escdir's own policy
        if tag in ACTIVE_TAGS or (tag == "meta" and "http-equiv" in values and not own_csp):
            self.found.append(where)
        if any(k.startswith("on") for k in values):
            self.found.append(where)
        if any(k in URL_ATTRS and v.strip().lower().startswith(BAD_SCHEMES) for k, v in values.items()):
            self.found.append(where)
        if tag in ("img", "script", "link", "iframe") and "://" in values.get("src", values.get("href", "")):
            self.found.append(where)  # the site loads nothing from another host
        if tag == "img" and values.get("src", "").strip() in ("", "x"):
            self.found.append(where)
        self._script = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and ("alert(" in data or "body{display:none}" in data.replace(" ", "")):
            self.found.append(f"script/style body: {data[:120]!r}")


def live_markup(html_text: str) -> list[str]:
    parser = _Live()
    parser.feed(html_text)
    parser.close()
    return parser.found


def make_hostile_project(tmp: Path) -> Path:
    """Sample vendors + the hostile vendor, hostile msp.yaml, the sample clients + the hostile client."""
    proj = tmp / "hostile-project"
    shutil.copytree(st.REPO / "vendors", proj / "vendors")
    shutil.copy(HOSTILE / "hostile-vendor.yaml", proj / "vendors")
    shutil.copytree(st.REPO / "clients", proj / "clients")
    shutil.copy(HOSTILE / "clients" / "hostile-client.yaml", proj / "clients")
    shutil.copytree(HOSTILE / "assets", proj / "assets")
    shutil.copy(HOSTILE / "msp.yaml", proj / "msp.yaml")
    shutil.copytree(st.REPO / "site_src", proj / "site_src")
    shutil.copy(st.REPO / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """audience or client id -> built site."""
    proj = make_hostile_project(tmp_path_factory.mktemp("hostile-msp"))
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = st.TODAY
    try:
        out = {"internal": build_site(proj / "mkdocs.yml", proj / "site-internal"),
               "public": build_site(proj / "mkdocs.yml", proj / "site-public", audience="public")}
        clients = build_all_clients(proj / "mkdocs.yml", proj / "site-clients")
    finally:
        if old is None:
            del os.environ["ESCDIR_TODAY"]
        else:
            os.environ["ESCDIR_TODAY"] = old
    out.update({p.name: p for p in sorted(clients.iterdir()) if p.is_dir()})
    assert {"hostile-client", "brightwater-clinics", "kestrel-logistics"} <= set(out)
    return out


def test_every_html_file_and_search_entry_holds_only_escaped_payloads(sites: dict[str, Path]) -> None:
    checked = 0
    for name, site in sites.items():
        shown = ""
        for path in sorted(site.rglob("*")):
            rel = f"{name}/{path.relative_to(site)}"
            if path.suffix in (".html", ".svg"):
                text = path.read_text(encoding="utf-8")
                assert live_markup(text) == [], rel
                shown += text.replace("<wbr>", "")  # break opportunities escdir adds inside very long words
                checked += 1
            elif path.name == "search_index.json":
                for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:  # Material renders these as HTML
                    for key in ("title", "text"):
                        assert live_markup(doc[key]) == [], f"{rel} {doc['location']} {key}"
                        shown += doc[key]
        kind = name if name in MARKERS else "client"
        wanted = MARKERS[kind] if name in ("hostile-client", "internal", "public") else MARKERS["client"][1:5]
        missing = [m for m in wanted if m.replace("'", "&#39;") not in shown and m not in shown]
        assert missing == [], f"{name}: payloads not rendered (as text) at all: {missing}"
    assert checked > 50


#: A few pages per build (the grep above covers every file).
PAGES = {
    "internal": ["", "msp/", "clients/hostile-client/", "vendors/hostile-vendor/", "break-glass.html"],
    "public": ["", "vendors/hostile-vendor/", "break-glass.html"],
    # (no 404.html: a client site built without --site-url has none, its links would leave the site)
    "hostile-client": ["", "ticket-journey/", "vendors/northwind-networks/", "vendors/meridian-fibre/",
                       "vendors/hostile-vendor/", "break-glass.html", "assets/client-logo.svg"],
    "brightwater-clinics": ["", "ticket-journey/", "vendors/meridian-fibre/"],
    "kestrel-logistics": ["", "vendors/quillon-erp/"],
}


@pytest.mark.browser
@pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)")
def test_every_build_loads_in_chromium_without_running_or_fetching_anything(sites: dict[str, Path]) -> None:
    assert set(PAGES) <= set(sites)
    with st.chromium() as browser:
        for name, pages in PAGES.items():
            with st.serve(sites[name]) as server:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                dialogs: list[str] = []
                requests: list[str] = []
                errors: list[str] = []
                context.on("request", lambda r, requests=requests: requests.append(r.url))
                page = context.new_page()

                def dismiss(d, dialogs=dialogs) -> None:
                    dialogs.append(d.message)
                    with contextlib.suppress(Exception):
                        d.dismiss()
                page.on("dialog", dismiss)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                for path in pages:
                    page.goto(server.url + path, wait_until="load")
                    if not path.endswith(".svg"):
                        page.evaluate("document.querySelectorAll('body *').forEach(e => {"
                                      " e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); })")
                        where = f"{name}/{path}"
                        page.evaluate("document.querySelectorAll('.esc-find').forEach(f => f.remove())")  # ours
                        roots = [".md-content", ".md-header__title"] if page.locator(".md-content").count() else ["body"]
                        for root in roots:  # where data is rendered (the theme's own forms and scripts are not)
                            report = page.locator(root).first.evaluate(INERT_JS)
                            injected = [e for e in report["dangerous"] if not e.startswith('<img class="esc-logo"')]
                            assert injected == [], f"{where} {root}: injected elements {injected}"
                            assert report["handlers"] == [], f"{where} {root}: {report['handlers']}"
                            assert report["badLinks"] == [] and report["baseOk"] and report["bodyShown"], where
                        if name == "hostile-client" and path == "":  # the name is in <title> as text
                            assert page.title().startswith("Brightwater <img src=x onerror=alert('client.name')>")
                page.wait_for_timeout(300)
                context.close()
                assert dialogs == [], f"{name}: payloads ran: {dialogs}"
                assert errors == [], f"{name}: JavaScript errors: {errors}"
                outside = [u for u in requests if not u.startswith(server.url)]
                assert outside == [], f"{name}: requests to other hosts: {outside}"
