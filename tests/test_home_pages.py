"""The home page does not grow with the directory, and readers without JavaScript still reach every hotline.

The whole site's byte budget (150 KB for the home page at any N) is measured by the benchmark
(``bench/bench.py --browser-scaling``); here: the page's body stops growing past HOME_ROWS vendors, the A–Z pages
split big letters, and every vendor's line is a ``tel:`` link at most two links from home (three interactions).
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import date
from pathlib import Path

import pytest

import sitetools as st
from escdir.derive.facts import Reader
from escdir.present import pages
from escdir.present.pages import Linker, az_pages, az_parts, home_page, home_rows, search_records, site_bundle

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
HREF = re.compile(r'href="([^"]+)"')


def _synth():
    return st.bench_synth()


@pytest.fixture(scope="module")
def vendors(tmp_path_factory: pytest.TempPathFactory) -> list:
    from escdir.check.validate import validate_paths

    work = tmp_path_factory.mktemp("home-vendors")
    _synth().generate(160, work / "vendors", seed=5)
    result = validate_paths([work / "vendors"], today=TODAY)
    assert not result.errors
    return list(result.vendors)


def _body_size(vs: list) -> int:
    return len(home_page(vs, today=TODAY, linker=Linker()).html.encode())


def test_the_home_page_stops_growing_past_the_row_limit(vendors: list, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "HOME_ROWS", 40)
    small = home_page(vendors[:30], today=TODAY, linker=Linker()).html
    assert small.count('id="row-') == 30  # a small directory: every row on the home page itself
    sizes = [_body_size(vendors[:n]) for n in (60, 110, 160)]
    # Beyond the row limit only the letters present (at most 27 links) and the counts differ.
    assert max(sizes) < 5000 and max(sizes) - min(sizes) < 27 * 120, sizes
    big = home_page(vendors, today=TODAY, linker=Linker()).html
    assert 'id="row-' not in big and 'class="esc-letters"' in big
    assert big.count("<li>") <= 27
    assert f'data-total="{len(vendors)}"' in big


def test_every_hotline_is_two_links_from_home_without_javascript(vendors: list,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "HOME_ROWS", 40)
    monkeypatch.setattr(pages, "LETTER_ROWS", 12)  # force big letters to split into parts
    linker = Linker()
    rows = home_rows(vendors, today=TODAY, reader=Reader())
    parts = az_parts(rows)
    assert all(len(p.rows) <= 12 for p in parts) and any(p.parts > 1 for p in parts)
    by_src = {p.src_uri: p for p in az_pages(parts, today=TODAY, linker=linker)}
    home = home_page(vendors, today=TODAY, linker=linker, rows=rows, parts=parts)

    def targets(page_src: str, html: str) -> list[str]:
        here = linker.url(page_src)
        out = []
        for href in HREF.findall(html):
            if href.startswith(("tel:", "https:", "mailto:", "#")):
                continue
            url = posixpath.normpath(posixpath.join(here, href))
            out += [s for s in by_src if linker.url(s).rstrip("/") == url]
        return out

    reached: dict[str, int] = {}  # tel: href -> clicks from home to see it
    frontier = [(s, 1) for s in targets("index.md", home.html)]
    assert frontier, "the home page links no A–Z page"
    while frontier:
        src, depth = frontier.pop()
        html = by_src[src].html
        for tel in re.findall(r'href="(tel:[^"]+)"', html):
            reached[tel] = min(reached.get(tel, depth), depth)
        if depth < 2:
            frontier += [(s, depth + 1) for s in targets(src, html)]
    records = search_records(rows, linker)
    lines = {r.line_href for r in records if r.line_href.startswith("tel:")}
    assert lines and lines <= set(reached), sorted(lines - set(reached))[:5]
    assert max(reached[t] for t in lines) <= 2  # + the tap on the number itself = at most 3 interactions


def test_the_index_files_hold_every_vendor_once_and_are_sharded(vendors: list) -> None:
    _pages, files = site_bundle(vendors, today=TODAY, linker=Linker())
    manifest = json.loads(files["search/escdir/manifest.json"])
    assert manifest["n"] == len(vendors) and manifest["buckets"] > 1
    records = [r for name, data in files.items() if re.search(r"/r\d+\.json$", name) for r in json.loads(data)]
    assert sorted(r[1] for r in records) == sorted(f"vendors/{v.id}/" for v in vendors)
    assert all(not r[6] or r[6].startswith(("tel:", "https:", "mailto:")) for r in records)
    biggest = max(len(d) for n, d in files.items() if "/p" in n)
    total = sum(len(d) for n, d in files.items() if "/p" in n)
    assert biggest < total / 2  # no shard holds most of the postings
