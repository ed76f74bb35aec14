"""Finding a vendor on the web: the lean search index, typo tolerance, join keys, the empty state, the counter.

One site is built per module from the 6 samples plus 40 synthetic vendors (bench/synth.py), so near-miss
names exist; timings at 1000+ vendors live in the benchmark (bench/bench.py --browser-scaling), not here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import sitetools as st

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not st.CHROMIUM.exists(), reason=f"{st.CHROMIUM} is not installed (CI installs it)"),
]

NORTHWIND = "northwind-networks"


def _synth():
    return st.bench_synth()


@pytest.fixture(scope="module")
def vendors_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("search-vendors")
    vendors = st.vendors_copy(work / "vendors")
    _synth().generate(40, work / "synth", seed=11)
    for p in (work / "synth").glob("*.yaml"):
        if not (vendors / p.name).exists():
            p.rename(vendors / p.name)
    return vendors


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, vendors_dir: Path) -> Path:
    return st.build(tmp_path_factory.mktemp("search-site"), vendors_dir)


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[st.Server]:
    with st.serve(site) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with st.chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def _data(vendors_dir: Path, vid: str) -> dict:
    return yaml.safe_load((vendors_dir / f"{vid}.yaml").read_text(encoding="utf-8"))


def _filter(page, query: str) -> list[str]:
    return st.home_filter(page, query)


def _header_hits(page, query: str) -> list[str]:
    """Vendor ids of escdir's vendor results in the header search, best first."""
    st.material_search(page, query)
    hrefs = page.eval_on_selector_all(".md-search-result .esc-hit a", "as => as.map(a => a.href)")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


# ---- one matcher: `escdir show` and the browser agree ------------------------------------------------

# (query, the vendor all three must give). AS numbers in every spelling, a serial prefix and a full serial, partial
# circuit ids with other separators, a host name under a pattern, names, aliases, products, contract numbers, typos.
AGREE = [
    ("AS64500", "meridian-fibre"), ("as64500", "meridian-fibre"), ("64500", "meridian-fibre"),
    ("AS 64501", "meridian-fibre"),
    ("BSG5", "bastion-shield-security"), ("BSG5-7781-0042", "bastion-shield-security"),
    ("NWN7ABC12345", NORTHWIND), ("nwb9 0001 22", NORTHWIND),
    ("LDN/EPL/0045", "meridian-fibre"), ("EPL-004513", "meridian-fibre"), ("PAR WAV 1002", "meridian-fibre"),
    ("edge-7.noc.meridian-fibre.example.org", "meridian-fibre"), ("api.cirrus-ledger.example.net", "cirrus-ledger"),
    ("NWN", NORTHWIND), ("Northwind", NORTHWIND), ("Bastion Shield", "bastion-shield-security"),
    ("cirrus ledger", "cirrus-ledger"), ("QERP", "quillon-erp"), ("BSS-PRM-88214", "bastion-shield-security"),
    ("nortwind", NORTHWIND), ("Cirus Ledgr", "cirrus-ledger"), ("halverd", "halvard-virtual-systems"),
    ("merdian fiber", "meridian-fibre"), ("quilon", "quillon-erp"),
]


@pytest.mark.parametrize(("query", "vid"), AGREE)
def test_show_and_the_browser_give_the_same_vendor(query: str, vid: str, run_cli, vendors_dir: Path, page,
                                                   server) -> None:
    result = run_cli("show", query, "--dir", vendors_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == vid
    page.goto(server.url)
    rows = _filter(page, query)
    assert rows and rows[0] == f"row-{vid}", (query, rows[:3])
    hits = _header_hits(page, query)
    assert hits and hits[0] == vid, (query, hits[:3])


# ---- the index itself (no browser needed, but it is this module's site) --------------------------

def test_vendors_are_in_escdirs_index_not_materials(site: Path, vendors_dir: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    # Material's index (fetched whole by every page) holds no vendor page, A–Z page or vendor name.
    assert not [d for d in docs if d["location"].startswith(("vendors/", "az/"))]
    manifest = json.loads((site / "search" / "escdir" / "manifest.json").read_text(encoding="utf-8"))
    ids = sorted(p.stem for p in vendors_dir.glob("*.yaml"))
    assert manifest["n"] == len(ids)
    records = []
    for k in range(-(-manifest["n"] // manifest["chunk"])):
        records += json.loads((site / "search" / "escdir" / f"r{k}.json").read_text(encoding="utf-8"))
    assert sorted(r[1] for r in records) == [f"vendors/{i}/" for i in ids]  # one record each
    nw = next(r for r in records if r[1] == f"vendors/{NORTHWIND}/")
    data = _data(vendors_dir, NORTHWIND)
    keys = data["join_keys"]
    for term in [*data["aliases"], *data["products"], *keys["serial_prefixes"], *keys["hostnames"]]:
        assert term in nw[2], term
    assert nw[3] == keys["serial_prefixes"]
    assert nw[6].startswith("tel:")  # the line the home row shows, as a tel: link
    # Page text stays out: no SLA wording of the page is in the index.
    assert "Business-hours targets" not in json.dumps(records)
    # The home page's A–Z table and the translator's tables are not indexed either (they grow with N).
    home = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == "")
    assert data["name"] not in home
    translator = " ".join(d["text"] for d in docs if d["location"].startswith("severity-translator/"))
    assert data["name"] not in translator
    assert any(d["location"].startswith("guides/") for d in docs)  # hand-written pages are still searchable


# ---- the home filter ---------------------------------------------------------------------------

def test_home_filter_tolerates_a_typo_and_says_did_you_mean(page, server) -> None:
    page.goto(server.url)
    rows = _filter(page, "nortwind")
    assert rows and rows[0] == f"row-{NORTHWIND}"
    suggest = page.locator("#esc-suggest")
    assert suggest.is_visible()
    assert "Did you mean" in suggest.inner_text()
    assert suggest.locator("a").first.inner_text() == "Northwind Networks"
    suggest.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/vendors/{NORTHWIND}/"))


def test_home_filter_exact_match_shows_no_suggestion(page, server) -> None:
    page.goto(server.url)
    assert _filter(page, "Northwind")[0] == f"row-{NORTHWIND}"
    assert not page.locator("#esc-suggest").is_visible()


def test_home_filter_empty_state_says_what_to_try(page, server, vendors_dir: Path) -> None:
    page.goto(server.url)
    assert page.locator("#esc-empty").is_hidden()
    total = len(list(vendors_dir.glob("*.yaml")))
    assert _filter(page, "qqzzxxvv") == []
    empty = page.locator("#esc-empty")
    assert empty.is_visible()
    text = empty.inner_text()
    assert "qqzzxxvv" in text and "No vendor matches" in text and "serial number" in text
    assert page.inner_text("#esc-count") == f"0 of {total} vendors shown"
    _filter(page, "")
    assert empty.is_hidden()


def test_counter_counts_the_rows_shown(page, server, vendors_dir: Path) -> None:
    page.goto(server.url)
    total = page.locator("table.esc-az tbody tr").count()
    assert total == len(list(vendors_dir.glob("*.yaml")))
    assert page.inner_text("#esc-count") == f"{total} vendors"
    for query in ("Northwind", "n", "fibre", "nortwind"):
        shown = len(_filter(page, query))
        assert page.inner_text("#esc-count") == f"{shown} of {total} vendors shown", query


@pytest.mark.parametrize("kind", ["serial", "host", "circuit", "contract", "asn"])
def test_home_filter_matches_join_keys(page, server, vendors_dir: Path, kind: str) -> None:
    """A full serial finds its prefix, a full host name its pattern, a partial circuit id its circuit."""
    samples = {p.stem: _data(vendors_dir, p.stem) for p in (st.REPO / "vendors").glob("*.yaml")}
    query = vid = None
    for v, d in sorted(samples.items()):
        jk = d.get("join_keys") or {}
        if kind == "serial" and jk.get("serial_prefixes"):
            query, vid = jk["serial_prefixes"][0] + "-2231-00X9", v
        elif kind == "host" and any(h.startswith("*.") for h in jk.get("hostnames", [])):
            query, vid = "edge-7." + next(h for h in jk["hostnames"] if h.startswith("*."))[2:], v
        elif kind == "circuit" and jk.get("circuit_ids"):
            query, vid = jk["circuit_ids"][0].split("/", 1)[1].replace("/", "-"), v  # partial, other separators
        elif kind == "contract" and d.get("contracts"):
            query, vid = d["contracts"][0]["number"], v
        elif kind == "asn" and jk.get("asns"):
            query, vid = f"AS{jk['asns'][0]}", v
        if query:
            break
    if query is None:
        pytest.skip(f"no sample vendor has a {kind} key")
    page.goto(server.url)
    rows = _filter(page, query)
    assert rows and rows[0] == f"row-{vid}", (query, rows[:3])
    assert not page.locator("#esc-empty").is_visible()


def test_home_filter_without_javascript_is_a_plain_table_with_an_a_to_z_index(browser, server, vendors_dir: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url)
        total = len(list(vendors_dir.glob("*.yaml")))
        assert page.locator("table.esc-az tbody tr:visible").count() == total
        assert page.inner_text("#esc-count") == f"{total} vendors"
        assert page.locator("#esc-empty").is_hidden() and page.locator("#esc-suggest").is_hidden()
    finally:
        context.close()


# ---- Material's header search -------------------------------------------------------------------

def test_header_search_suggests_the_vendor_for_a_typo(page, server) -> None:
    page.goto(server.url + "vendors/meridian-fibre/")
    st.material_search(page, "nortwind")
    box = page.locator(".md-search-result .esc-suggest")
    box.wait_for(timeout=10_000)
    assert "Did you mean" in box.inner_text()
    box.locator("a", has_text="Northwind Networks").first.click()
    page.wait_for_url(re.compile(rf"/vendors/{NORTHWIND}/"))


def test_header_search_maps_a_full_serial_to_its_vendor(page, server, vendors_dir: Path) -> None:
    prefix = _data(vendors_dir, NORTHWIND)["join_keys"]["serial_prefixes"][0]
    page.goto(server.url + "vendors/meridian-fibre/")
    st.material_search(page, f"{prefix}-8812-0042")
    box = page.locator(".md-search-result .esc-suggest")
    box.wait_for(timeout=10_000)
    assert f"serial prefix {prefix}" in box.inner_text()
    assert box.locator("a").first.get_attribute("href").rstrip("/").endswith(f"vendors/{NORTHWIND}")


def test_header_search_says_when_nothing_matches(page, server) -> None:
    page.goto(server.url)
    st.material_search(page, "qqzzxxvv")
    box = page.locator(".md-search-result .esc-suggest")
    box.wait_for(timeout=10_000)
    assert "No vendor matches" in box.inner_text()


def test_header_search_puts_an_exact_alias_first_in_a_larger_directory(page, server, vendors_dir: Path) -> None:
    alias = _data(vendors_dir, NORTHWIND)["aliases"][0]
    page.goto(server.url + "vendors/meridian-fibre/")
    results = st.material_search(page, alias)
    assert results and f"/vendors/{NORTHWIND}/" in results[0], results[:3]


def test_the_browser_hashes_index_keys_like_the_builder(page, server) -> None:
    from escdir.present.search_index import fnv1a

    keys = ["3abc", "2nw", "^mer", "hmeridian-fibre.example.org", "3ørs", "2é", "3日本語", "s"]
    page.goto(server.url)
    got = page.evaluate("(keys) => keys.map(k => window.escdirFind.fnv1a(k))", keys)
    assert got == [fnv1a(k) for k in keys]
