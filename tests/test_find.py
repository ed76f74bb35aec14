"""Finding a vendor: typos, aliases, products, ambiguity; and an index cache that cannot go stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from escdir.check import validate
from escdir.derive.outage import index
from escdir.derive.outage.find import Entry, find, normalise
from escdir.derive.outage.index import build_index, cache_file

REPO = Path(__file__).resolve().parents[1]

ENTRIES = [
    Entry("northwind-networks", "Northwind Networks", aliases=("NWN", "Northwind"),
          products=("NW-7200 core switch", "NWOS")),
    Entry("northstar-power", "Northstar Power", aliases=("NSP",), products=("Northstar UPS",)),
    Entry("cirrus-ledger", "Cirrus Ledger", aliases=("Cirrus", "CL Cloud"), products=("Cirrus Expense",)),
    Entry("halvard-virtual-systems", "Halvard Virtual Systems", aliases=("HVS",), products=("Halvard Hypervisor",)),
    Entry("meridian-fibre", "Meridian Fibre", aliases=("MFB", "Shared Alias")),
    Entry("bastion-shield", "Bastion Shield Security", aliases=("BSS", "Shared Alias"), products=("BS-Gate 5000",)),
]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize(("query", "expected"), [
    ("nortwind", "northwind-networks"),               # missing letter
    ("northwnd networks", "northwind-networks"),      # typo in the full name
    ("Cirus Ledgr", "cirrus-ledger"),                 # two typos, odd case
    ("halverd", "halvard-virtual-systems"),           # wrong vowel, one word of three
    ("merdian fiber", "meridian-fibre"),              # dropped letter and US spelling
])
def test_misspelled_names_are_found(query: str, expected: str) -> None:
    result = find(query, ENTRIES)
    assert result.match is not None, result
    assert result.match.entry.id == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("NWN", "northwind-networks"), ("cl cloud", "cirrus-ledger"), ("hvs", "halvard-virtual-systems"),
    ("BS-Gate 5000", "bastion-shield"), ("bs gate", "bastion-shield"), ("northwind-networks", "northwind-networks"),
    ("Halvard Hypervisr", "halvard-virtual-systems"),
])
def test_aliases_products_and_ids_are_found(query: str, expected: str) -> None:
    result = find(query, ENTRIES)
    assert result.match is not None and result.match.entry.id == expected


def test_an_exact_term_beats_fuzzy_neighbours() -> None:
    # "Northwind" is an alias of one vendor; "Northstar" is close but must not make it ambiguous.
    assert find("northwind", ENTRIES).match.entry.id == "northwind-networks"  # type: ignore[union-attr]


def test_ambiguous_prefix_lists_candidates() -> None:
    result = find("north", ENTRIES)
    assert result.match is None and result.ambiguous
    assert {c.entry.id for c in result.candidates} == {"northwind-networks", "northstar-power"}


def test_the_same_exact_alias_on_two_vendors_is_ambiguous() -> None:
    result = find("shared alias", ENTRIES)
    assert result.ambiguous
    assert [c.entry.id for c in result.candidates] == ["bastion-shield", "meridian-fibre"]


def test_nothing_close_is_not_found_with_suggestions() -> None:
    result = find("zzyzx quantum", ENTRIES)
    assert result.match is None and not result.ambiguous
    assert find("", ENTRIES).match is None


def test_normalise_ignores_case_and_punctuation() -> None:
    assert normalise("  Northwind-Networks, Inc. ") == "northwind networks inc"


def test_samples_by_typo_and_alias() -> None:
    entries = build_index(REPO / "vendors")
    assert find("nortwind", entries).match.entry.id == "northwind-networks"  # type: ignore[union-attr]
    assert find("CL Cloud", entries).match.entry.id == "cirrus-ledger"  # type: ignore[union-attr]


# ---- the index and its cache -----------------------------------------------------------------------

def _vendor(path: Path, name: str, alias: str = "Acme") -> None:
    path.write_text(f"id: {path.stem}\nname: {name}\naliases: [{alias}]\n", encoding="utf-8")


def test_index_selects_the_same_files_as_validate(tmp_path: Path) -> None:
    assert index.SUFFIXES == validate.SUFFIXES
    for name in ("a.yaml", "b.yml", "notes.txt", "c.yaml.bak"):
        (tmp_path / name).write_text("id: x\n", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    assert [Path(e.file).name for e in build_index(tmp_path)] == \
        [p.name for p in validate.discover([tmp_path])] == ["a.yaml", "b.yml"]


def test_index_cache_is_used_and_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", 0)  # files written by the test are "old enough" at once
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    acme = vendors / "acme.yaml"
    _vendor(acme, "Acme Rockets")
    assert [e.name for e in build_index(vendors)] == ["Acme Rockets"]
    stored = json.loads(cache_file(vendors).read_text(encoding="utf-8"))
    assert stored["files"]["acme.yaml"]["entry"]["name"] == "Acme Rockets"

    # A cached entry is served without reading the file: prove it by making the file unreadable as YAML
    # while keeping every stat field the key uses (impossible in practice: ctime changes on any write).
    calls = []
    monkeypatch.setattr(index, "load_path", lambda *a, **k: calls.append(a) or (None, None))
    assert [e.name for e in build_index(vendors)] == ["Acme Rockets"] and not calls
    monkeypatch.undo()
    monkeypatch.setattr(index, "RACY_NS", 0)

    # Same size, mtime put back: the ctime still moves, so the new name is seen.
    st = acme.stat()
    _vendor(acme, "Acme Rackets")
    os.utime(acme, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert acme.stat().st_size == st.st_size and acme.stat().st_mtime_ns == st.st_mtime_ns
    assert [e.name for e in build_index(vendors)] == ["Acme Rackets"]

    # A removed file disappears from the index and from the cache.
    _vendor(vendors / "zeta.yaml", "Zeta")
    assert len(build_index(vendors)) == 2
    (vendors / "zeta.yaml").unlink()
    assert [e.id for e in build_index(vendors)] == ["acme"]
    assert list(json.loads(cache_file(vendors).read_text(encoding="utf-8"))["files"]) == ["acme.yaml"]


def test_recently_changed_files_are_not_cached(tmp_path: Path) -> None:
    _vendor(tmp_path / "fresh.yaml", "Fresh Vendor")
    assert [e.name for e in build_index(tmp_path)] == ["Fresh Vendor"]
    # Written within the last 2 s: a coarse file-system clock could hide a second edit in the same tick.
    stored = json.loads(cache_file(tmp_path).read_text(encoding="utf-8")) if cache_file(tmp_path).exists() else {}
    assert "fresh.yaml" not in stored.get("files", {})


@pytest.mark.parametrize("junk", ["not json", "[]", '{"version": 1, "files": []}',
                                  '{"version": 1, "files": {"acme.yaml": {"key": 1, "entry": {"id": 3}}}}'])
def test_a_broken_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: str) -> None:
    monkeypatch.setattr(index, "RACY_NS", 0)
    _vendor(tmp_path / "acme.yaml", "Acme Rockets")
    cache_file(tmp_path).parent.mkdir(parents=True, exist_ok=True)
    cache_file(tmp_path).write_text(junk, encoding="utf-8")
    assert [e.name for e in build_index(tmp_path)] == ["Acme Rockets"]


def test_unparsable_and_odd_files_still_have_an_entry(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "odd.yaml").write_text("id: 42\nname: [not, text]\naliases: nope\n", encoding="utf-8")
    entries = {e.id: e for e in build_index(tmp_path, use_cache=False)}
    assert entries["broken"].name == "broken"  # the file stem stands in for the unreadable id and name
    assert entries["odd"].name == "odd" and entries["odd"].aliases == ()


def test_a_duplicated_id_resolves_to_the_file_named_after_it() -> None:
    own = Entry("acme", "Acme", file="vendors/acme.yaml")
    copy = Entry("acme", "Acme", file="vendors/acme-copy.yaml")
    assert find("acme", [copy, own]).match.entry.file == "vendors/acme.yaml"  # type: ignore[union-attr]
    # Without an owner file the clash stays ambiguous (and the CLI lists the files).
    assert find("acme", [copy, Entry("acme", "Acme", file="vendors/other.yaml")]).ambiguous
