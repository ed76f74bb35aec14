"""The quick card stays on a phone's first screen whatever the summary's length: with a 3,000-character summary
(and client summary) the first tel: link is inside the first 844 px at 390 px wide, on the internal vendor page
and on a client's vendor page; the long text is still on the page, below the card, and the budget warning says
so (ESC310)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import sitetools as st
from test_client_leaks import make_project
from test_msp import CANARY

pytestmark = pytest.mark.skipif(not st.CHROMIUM.exists(), reason="needs Debian's chromium")

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LONG = ("Core routing, switching and wireless for every site we run, with the operating system, licences, spares "
        "and the management console; ") * 40
LONG = LONG[:3000]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    from escdir.publish.build import build_site

    proj = make_project(tmp_path_factory.mktemp("first-screen"), CANARY)
    vendor = proj / "vendors" / "canary-networks.yaml"
    text = vendor.read_text(encoding="utf-8")
    text = "\n".join(f'summary: "{LONG}"' if ln.startswith("summary:") else
                     f'client_summary: "{LONG}"' if ln.startswith("client_summary:") else ln
                     for ln in text.splitlines()) + "\n"
    vendor.write_text(text, encoding="utf-8")
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = st.TODAY
    try:
        return {"internal": build_site(proj / "mkdocs.yml", proj / "internal"),
                "client": build_site(proj / "mkdocs.yml", proj / "client", client="alpha-client"),
                "project": proj}
    finally:
        if old is None:
            os.environ.pop("ESCDIR_TODAY", None)
        else:
            os.environ["ESCDIR_TODAY"] = old


@pytest.fixture(scope="module")
def servers(sites: dict[str, Path]) -> Iterator[dict[str, st.Server]]:
    with st.serve(sites["internal"]) as internal, st.serve(sites["client"]) as client:
        yield {"internal": internal, "client": client}


@pytest.mark.parametrize("kind", ["internal", "client"])
def test_first_tel_link_is_on_the_first_phone_screen(chromium, servers, kind: str) -> None:
    context = chromium.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(servers[kind].url + "vendors/canary-networks/", wait_until="load")
        top = page.evaluate("() => { const a = document.querySelector('a[href^=\"tel:\"]');"
                            " return a ? a.getBoundingClientRect().top + window.scrollY : null; }")
        assert top is not None and top + 20 <= 844, f"{kind}: first tel: link at {top}px"
        # The summary is not lost: all of it is on the page, after the quick card.
        text = page.locator("p.esc-summary-long").inner_text()
        assert text.strip() == LONG.strip()
        order = page.evaluate("() => { const card = document.querySelector('.esc-quick');"
                              " const p = document.querySelector('p.esc-summary-long');"
                              " return !!(card.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING); }")
        assert order
    finally:
        context.close()


def test_the_long_summaries_are_budget_warnings(sites: dict[str, Path]) -> None:
    from escdir.check.validate import validate_paths

    found = [p for p in validate_paths([sites["project"] / "vendors"]).problems if p.code == "ESC310"]
    assert sorted(p.path for p in found) == ["$.client_summary", "$.summary"]
    assert all("3,000 characters" in p.message and "280" in p.message and "quick card" in p.message for p in found)
