"""The cold ``escdir show`` path (#21): the finder's quick read of each file's term blocks must give exactly what a
full parse gives, the country-calendar shortcut must agree with the calendar itself, and the lookup path must not
pull in what it does not need (the site generator, jsonschema when the cache answers).

Speed itself is measured by bench/bench.py (``show_cold``), never here.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sitetools
from escdir.derive.outage import index
from escdir.derive.outage.index import _read_entry, _simple_block, entry_from_data, quick_entry
from escdir.load.loader import load_bytes, load_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _full(path: Path):
    doc, _problem = load_path(path)
    return entry_from_data(doc.data if doc else None, path.stem, str(path)), doc is not None


def _corpus() -> list[Path]:
    files = sorted((ROOT / "vendors").glob("*.yaml")) + sorted((DATA / "real").glob("*.yaml"))
    files += sorted((DATA / "bad").glob("*.yaml")) + sorted((DATA / "good").glob("*.yaml"))
    return files + sorted((DATA / "hostile").glob("*.yaml"))


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_quick_read_matches_a_full_parse_on_every_fixture(path: Path) -> None:
    full, parsed = _full(path)
    quick = quick_entry(path.read_bytes(), path.stem, str(path))
    if parsed:
        assert _read_entry(path) == full
        assert quick in (None, full)


# Shapes where cutting the term blocks out could go wrong: each must either give the full parse's answer or
# fall back to it (None). `valid` says whether the full loader accepts the file.
TRICKY = {
    "anchor-used-later": "id: acme\nname: &n Acme Rockets\naliases: [*n, AR]\nsummary: x\n",
    "alias-to-outside": "summary: &s Acme\nid: acme\nname: *s\n",
    "crlf": "id: acme\r\nname: Acme Rockets\r\naliases:\r\n- AR\r\n- Rockets\r\nsummary: x\r\n",
    "lone-cr": "id: acme\rname: Acme Rockets\raliases: [AR]\r",
    "nel-break": "id: acme\nname: Acme\u0085aliases: [Hidden]\n",
    "line-separator": "id: acme\nname: Acme\u2028aliases: [Hidden]\n",
    "bom": "\ufeffid: acme\nname: Acme Rockets\n",
    "document-marker": "---\nid: acme\nname: Acme Rockets\n",
    "directive": "%YAML 1.1\n---\nid: acme\nname: Acme Rockets\n",
    "top-level-list": "# c\n- id: acme\n  name: Acme\n",
    "flow-continued-in-column-0": "id: acme\nname: Acme\naliases: [AR,\nRockets]\nsummary: x\n",
    "quoted-continued-in-column-0": "id: acme\nname: \"Acme\nRockets: Inc\"\nsummary: x\n",
    "quoted-key": "\"id\": acme\nname: Acme\n",
    "complex-key": "? id\n: acme\nname: Acme\n",
    "duplicate-name": "id: acme\nname: Acme\nname: Other\n",
    "name-is-yes": "id: acme\nname: yes\naliases: [no, 'NO', ON, on, Off]\n",
    "name-is-a-date": "id: acme\nname: 2026-01-01\naliases: [0x1F, 1_000, .5, ~, null, 1e3, 12:30]\n",
    "comment-after-value": "id: acme\nname: Acme # the rocket people\naliases: [AR] # short\n",
    "trailing-comma": "id: acme\nname: Acme\naliases: [AR, Rockets,]\n",
    "block-scalar": "id: acme\nname: |\n  Acme\n  Rockets\naliases: >\n  a\n  b\n",
    "indented-list": "id: acme\nname: Acme\naliases:\n  - AR\n  - Rockets\n",
    "list-with-comment": "id: acme\nname: Acme\naliases:\n# first\n- AR\n  # inside\n- Rockets\n",
    "multiline-plain": "id: acme\nname: Acme\n  Rockets\n  Inc\naliases: [AR]\n",
    "tag": "id: acme\nname: !!str 42\naliases: [!!str yes]\n",
    "custom-tag": "id: acme\nname: !shout acme\n",
    "tabs-in-value": "id: acme\nname: Acme\tRockets\n",
    "nested-flow": "id: acme\nname: Acme\naliases: [[AR], {x: y}]\n",
    "mapping-in-list": "id: acme\nname: Acme\naliases:\n- AR: x\n- Rockets\n",
    "key-spaces": "id : acme\nname   : Acme Rockets\n",
    "unicode": "id: acme\nname: Åcme Röckets 株式会社\naliases: [Ä, ✓ Tick]\n",
    "nbsp": "id: acme\nname: Acme\u00a0Rockets\n",
    "control": "id: acme\nname: Acme\x07Rockets\n",
    "terms-late": "summary: x\ncontacts:\n- kind: phone\n  value: '+1 202 555 0100'\nname: Acme Late\nid: acme\n",
    "no-terms": "summary: x\n",
    "broken-below": "id: acme\nname: Acme Rockets\naliases: [AR]\nproducts: [Rocket]\nsummary: [unclosed\n",
    "escape-like": "id: acme\nname: Acme \\n Rockets\naliases: ['it''s', \"q\\\"\"]\n",
    "percent-and-at": "id: acme\nname: 100% Acme\naliases: [a@b, x`y]\n",
    "dash-values": "id: acme\nname: -Acme\naliases: [- a, -b, ? c]\n",
    "empty-values": "id: acme\nname:\naliases: []\nproducts:\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_quick_read_is_exact_or_falls_back(tmp_path: Path, name: str) -> None:
    path = tmp_path / "acme.yaml"
    path.write_bytes(TRICKY[name].encode("utf-8"))
    full, parsed = _full(path)
    quick = quick_entry(path.read_bytes(), path.stem, str(path))
    if parsed:
        assert quick in (None, full)
        assert _read_entry(path) == full
    elif quick is not None:
        # The full file does not parse (the lookup then reports it); the cut-out may still name the vendor, but
        # only with what the file says in its term blocks, read by the same loader.
        assert name in {"broken-below", "duplicate-name"} or quick == full, (name, quick, full)


def test_lines_after_the_term_blocks_are_never_read(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_bytes(TRICKY["broken-below"].encode())
    entry = quick_entry(path.read_bytes(), "acme", str(path))
    assert entry is not None and entry.name == "Acme Rockets" and entry.products == ("Rocket",)


_ALPHABET = st.sampled_from(list("aZ09 -_.,:#&*!|>'\"%@`[]{}?~\t\\/()+=") + ["é", "株", "\u00a0", "\x85", "yes", "no",
                                                                          "null", "0x", "1e3", "2026-01-01"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, min_size=1, max_size=6).map("".join), min_size=1, max_size=4),
       st.sampled_from(["scalar", "flow", "block", "indented"]))
def test_simple_blocks_read_as_the_loader_reads_them(values: list[str], form: str) -> None:
    if form == "scalar":
        block = f"name: {values[0]}\n"
    elif form == "flow":
        block = "aliases: [" + ", ".join(values) + "]\n"
    elif form == "block":
        block = "aliases:\n" + "".join(f"- {v}\n" for v in values)
    else:
        block = "aliases:\n" + "".join(f"  - {v}\n" for v in values)
    raw = block.encode("utf-8")
    simple = _simple_block(raw)
    if simple is None:
        return
    doc, problem = load_bytes(raw, "x.yaml")
    assert problem is None and doc is not None, (block, problem)
    assert doc.data == {simple[0]: simple[1]}, block


def test_synthetic_corpus_agrees(tmp_path: Path) -> None:
    synth = sitetools.bench_synth()
    paths, _stats = synth.generate(60, tmp_path / "vendors", seed=11)
    simple = 0
    for path in paths:
        full, parsed = _full(path)
        assert parsed
        assert _read_entry(path) == full
        simple += quick_entry(path.read_bytes(), path.stem, str(path)) is not None
    assert simple == len(paths)  # the generated shapes all take the quick route


def test_index_cache_still_skips_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(index, "RACY_NS", 0)
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "acme.yaml").write_text("id: acme\nname: Acme Rockets\n", encoding="utf-8")
    assert [e.name for e in index.build_index(tmp_path / "v")] == ["Acme Rockets"]
    calls: list[Path] = []
    monkeypatch.setattr(index, "_read_entry", lambda p: calls.append(p) or index.Entry(p.stem, "WRONG"))
    assert [e.name for e in index.build_index(tmp_path / "v")] == ["Acme Rockets"] and not calls


# ---- the country-calendar shortcut ------------------------------------------------------------------------------

def test_registered_countries_agree_with_the_calendars() -> None:
    from escdir.model import coverage

    registered = coverage._registered_countries()
    assert registered is not None and "GB" in registered and "US" in registered
    two_letter = sorted(c for c in registered if len(c) == 2 and c.isalpha() and c.isupper())
    rng = random.Random(7)
    others = {a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"} - registered
    for code in two_letter + rng.sample(sorted(others), 40):
        coverage._holiday_calendar.cache_clear()
        try:
            coverage._holiday_calendar(code, None, 2025)
            slow = True
        except (NotImplementedError, KeyError, ValueError):
            slow = False
        assert coverage.known_holiday_calendar(code) is slow, code
    # A subdivision still asks the calendar itself.
    assert coverage.known_holiday_calendar("US", "CA") and not coverage.known_holiday_calendar("US", "XX")


def test_every_shipped_schema_is_a_valid_schema() -> None:
    # escdir no longer checks its schemas against the meta-schema on every run (it cost ~0.3 s of each `show`);
    # this test does it once for all of them.
    from jsonschema import Draft202012Validator

    from escdir.load.schema import SCHEMA_DIR

    schemas = sorted(SCHEMA_DIR.glob("*.schema.json"))
    assert len(schemas) >= 3
    for path in schemas:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


# ---- what the lookup path imports ---------------------------------------------------------------------------

_PROBE = """
import sys
from escdir.cli import main
sys.argv = ["escdir", "show", "northwind", "--dir", sys.argv[1]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
heavy = sorted(m for m in ("mkdocs", "material", "fastjsonschema", "jsonschema", "markdown", "jinja2")
               if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
"""


def test_show_imports_only_what_it_needs(tmp_path: Path) -> None:
    env = dict(os.environ, ESCDIR_CACHE_DIR=str(tmp_path / "cache"), ESCDIR_TODAY="2026-11-23")

    def heavy() -> set[str]:
        out = subprocess.run([sys.executable, "-c", _PROBE, str(ROOT / "vendors")], env=env, capture_output=True,
                             text=True, timeout=120, check=True).stdout
        line = next(x for x in out.splitlines() if x.startswith("HEAVY="))
        return set(filter(None, line.removeprefix("HEAVY=").split(",")))

    # The client reader's view lives in escdir.derive.client, so show never loads the page templates (jinja2).
    cold = heavy()
    assert cold <= {"jsonschema"}, cold  # one file is checked: jsonschema, never the site generator's stack
    assert heavy() == set()  # warm: the checked-outcome cache answers, no validator at all


# ---- the quick reads: top-level lines, the marks-free loader, the forked reader ---------------------------------

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["\n", "-", " ", "\t", "\r", "#", "a", ":", "\x0c", "\x0b", "\x85", "- ", "k: v"]),
                max_size=16).map("".join))
def test_top_lines_are_the_top_line_patterns_lines(text: str) -> None:
    raw = text.encode("utf-8")
    assert list(index._top_lines(raw)) == [m.start() for m in index._TOP_LINE.finditer(raw)]


def test_top_lines_on_every_fixture() -> None:
    for path in _corpus():
        raw = path.read_bytes()
        assert list(index._top_lines(raw)) == [m.start() for m in index._TOP_LINE.finditer(raw)], path


_QUICK_CASES = {
    "anchor": "a: &x 1\nb: *x\n", "tag": "a: !!str 1\n", "dup": "a: 1\na: 2\n", "merge": "a: {<<: {b: 1}}\n",
    "quoted-merge": "a: {'<<': 1}\n", "two-docs": "a: 1\n---\nb: 2\n", "list-root": "- a\n", "scalar-root": "a\n",
    "empty": "", "flow-key": "{[a]: 1}\n", "nested": "a: {b: [1, yes, ~, 2026-01-01, 0x1f, '3']}\n",
    "complex-key": "? a\n: 1\n", "bad": "a: [1\n", "deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "null-key": "~: 1\n", "bool-key": "yes: 1\n", "empty-value": "a:\nb: []\n",
}


@pytest.mark.parametrize("name", sorted(_QUICK_CASES))
def test_quick_data_is_the_loaders_data_or_none(name: str) -> None:
    from escdir.load.loader import quick_data

    text = _QUICK_CASES[name]
    doc, problem = load_bytes(text.encode("utf-8"), "x.yaml")
    quick = quick_data(text)
    if quick is not None:
        assert problem is None and doc is not None and quick == doc.data, (name, problem)
    if name in {"anchor", "tag", "dup", "merge", "two-docs", "list-root", "bad", "deep"}:
        assert quick is None, name  # the loader must be the one to say what is wrong (or to expand it)


def test_quick_data_agrees_with_the_loader_on_every_fixture() -> None:
    from escdir.load.loader import quick_data

    answered = 0
    for path in _corpus():
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        quick = quick_data(text)
        if quick is None:
            continue
        doc, problem = load_bytes(raw, str(path))
        assert problem is None and doc is not None and quick == doc.data, path
        answered += 1
    assert answered >= 20  # it answers for ordinary vendor files, not only for toy cases


@pytest.fixture
def many_vendors(tmp_path: Path) -> Path:
    """The samples copied under 40 ids each: enough files for the forked reader (its threshold lowered)."""
    out = tmp_path / "vendors"
    out.mkdir()
    for path in sorted((ROOT / "vendors").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for i in range(40):
            (out / f"{path.stem}-{i}.yaml").write_text(text.replace(f"id: {path.stem}\n", f"id: {path.stem}-{i}\n"),
                                                       encoding="utf-8")
    return out


def test_the_forked_reader_gives_the_serial_answer(many_vendors: Path, monkeypatch) -> None:
    serial = index.build_index(many_vendors, use_cache=False)
    monkeypatch.setattr(index, "PARALLEL_FROM", 10)
    pending = index.start_index(many_vendors, use_cache=False)
    assert pending.child is not None  # the child really read a share
    called = []
    assert pending.finish(meanwhile=lambda: called.append(1)) == serial
    assert called == [1]
    assert len(serial) == 40 * len(list((ROOT / "vendors").glob("*.yaml")))
    for _ in range(200):  # the child's exit is collected (no zombie left behind in a long-running process)
        index._reap()
        if not index._UNREAPED:
            break
        time.sleep(0.01)
    assert index._UNREAPED == []


def test_a_failing_child_changes_nothing(many_vendors: Path, monkeypatch) -> None:
    serial = index.build_index(many_vendors, use_cache=False)
    monkeypatch.setattr(index, "PARALLEL_FROM", 10)
    parent = os.getpid()
    real = index._read_entry

    def dies_in_the_child(path: Path):
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return real(path)

    monkeypatch.setattr(index, "_read_entry", dies_in_the_child)
    assert index.build_index(many_vendors, use_cache=False) == serial
    monkeypatch.setattr(index, "_read_entry", real)
    monkeypatch.setattr(index, "_entries_back", lambda text, paths: None)  # an answer that does not read back
    assert index.build_index(many_vendors, use_cache=False) == serial
