"""escdir's sharded search index: what its keys promise the browser, and what it never publishes."""

from __future__ import annotations

import json

import pytest

from escdir.derive.outage.find import Entry, compact, find
from escdir.present.search_index import SearchRecord, fnv1a, host_key, index_files, record_keys, route

MERIDIAN = Entry("meridian-fibre", "Meridian Fibre", aliases=("MFB",), circuit_ids=("MFB/LDN/EPL/004512",),
                 asns=(64500,), hostnames=("*.noc.meridian-fibre.example.org",))
NORTHWIND = Entry("northwind-networks", "Northwind Networks", aliases=("NWN",), serial_prefixes=("NWN7", "FXK"),
                  contracts=("NWN-CT-0042",))


def test_fnv1a_matches_the_published_vectors() -> None:
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_host_keys_are_the_literal_tail_of_a_pattern() -> None:
    assert host_key("*.noc.meridian-fibre.example.org") == "hmeridian-fibre.example.org"
    assert host_key("*.example.com") == "hexample.com"
    assert host_key("*cdn.example.net") == "hexample.net"  # "*cdn" is only partly literal
    assert host_key("api.cirrus-ledger.example.net") == "hcirrus-ledger.example.net"


@pytest.mark.parametrize("query", ["LDN/EPL/0045", "epl-004512", "AS64500", "64500", "MFB", "meridian fib"])
def test_a_direct_match_holds_every_key_the_browser_asks_for(query: str) -> None:
    """The browser intersects the postings of the query's 3-letter (or 2-letter) pieces: every vendor the matcher
    finds directly must hold all of them, or the browser would miss a vendor `show` finds."""
    assert find(query, [MERIDIAN, NORTHWIND]).match == find(query, [MERIDIAN]).match
    keys = record_keys(MERIDIAN)
    for word in query.lower().split():
        piece = compact(word)
        grams = ["3" + piece[i:i + 3] for i in range(len(piece) - 2)] if len(piece) >= 3 else ["2" + piece]
        assert set(grams) <= keys, (query, set(grams) - keys)


def test_serial_and_contract_keys() -> None:
    keys = record_keys(NORTHWIND)
    assert {"snwn7", "sfxk"} <= keys  # a full serial number NWN7… looks up "snw", "snwn", "snwn7", …
    assert route("snwn7") == route("snwn7abc") == "snw"  # … all in one bucket
    assert "^nwn" in keys and "3t00" in keys  # the contract number's pieces


def test_records_are_sharded_and_unsafe_links_are_dropped() -> None:
    records = [SearchRecord(entry=Entry(f"v{i:04d}", f"Vendor {i:04d}", aliases=(f"alias{i}",)), href=f"vendors/v{i:04d}/",
                            line="+1 202-555-0100", line_href="javascript:alert(1)" if i == 3 else "tel:+12025550100")
               for i in range(300)]
    files = index_files(records)
    manifest = json.loads(files["search/escdir/manifest.json"])
    assert manifest["n"] == 300 and manifest["buckets"] > 1
    chunks = [json.loads(files[f"search/escdir/r{k}.json"]) for k in range(-(-300 // manifest["chunk"]))]
    rows = [r for c in chunks for r in c]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # A–Z: the browser's tie order
    assert next(r for r in rows if r[0] == "Vendor 0003")[6] == ""
    assert all(r[6] == "tel:+12025550100" for r in rows if r[0] != "Vendor 0003")
    # Every key sits in the bucket its hash names (the browser computes the same hash).
    for b in range(manifest["buckets"]):
        for key in json.loads(files[f"search/escdir/p{b}.json"]):
            assert fnv1a(route(key)) % manifest["buckets"] == b
