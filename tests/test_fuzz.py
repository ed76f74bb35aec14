"""Property tests: `escdir validate` never crashes, whatever the file holds.

Three generators, about 200 examples in all: random bytes, textual mutations of valid vendor files, and
structural mutations (a value replaced by random JSON-ish data, a key renamed or dropped) dumped with
yaml.safe_dump. Each example runs the CLI in-process; a crash shows up as a non-SystemExit exception.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escdir.cli import cli
from escdir.load.loader import load_bytes

DATA = Path(__file__).resolve().parent / "data"
GOOD_SEEDS = {p.stem: p.read_text(encoding="utf-8") for p in sorted((DATA / "good").glob("*.yaml"))}
#: The sample vendors shipped in vendors/ make richer seeds (they are only mutated, not required to be clean).
SEEDS = {**{p.stem: p.read_text(encoding="utf-8", errors="replace")
            for p in sorted((DATA.parent.parent / "vendors").glob("*.yaml"))}, **GOOD_SEEDS}
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}

SNIPPETS = ["\t", ":", ": ", "- ", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "&a [*a]", "!!python/object ",
            "!!python/object/apply:os.system [x] ", "!vault ", "<<: *a", "---\n", "...\n", "? ", "#", "|", ">",
            "%YAML 1.1\n", "\n", "  ", "~", "null", "24x7", "+1 800-555-0100", "\x00", "\x07", "\ufeff", "\u2028",
            "é", "𝄞", "9" * 40, "2026-02-30", "Europe", "mon-tue-wed", "99999999999d", "25:00"]
RAW_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xe9", b"\x80", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\r"]


def _run(raw: bytes, name: str = "fuzz.yaml") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        result = CliRunner().invoke(cli, ["validate", str(path)], env={"ESCDIR_TODAY": "2026-11-23", "NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n--- input ---\n{raw[:2000]!r}")
    assert "Traceback" not in result.output


# ---- random bytes ----------------------------------------------------------------------------------

@settings(max_examples=40, **SETTINGS)
@given(prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"id: x\n"]), body=st.binary(max_size=600))
def test_random_bytes(prefix: bytes, body: bytes) -> None:
    _run(prefix + body)


# ---- textual mutations -----------------------------------------------------------------------------

@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, bytes]:
    stem = draw(st.sampled_from(sorted(SEEDS)))
    lines = SEEDS[stem].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "indent"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [draw(st.sampled_from(SNIPPETS))]
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "\t", "    "])) + lines[i]
        else:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            new = draw(st.sampled_from(SNIPPETS) | st.text(max_size=5))
            cut = 1 if op == "replace" else 0
            lines[i] = line[:k] + new + line[k + cut:]
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        k = draw(st.integers(0, len(raw)))
        raw = raw[:k] + draw(st.sampled_from(RAW_BYTES)) + raw[k:]
    return stem, raw


@settings(max_examples=90, **SETTINGS)
@given(case=mutated_text())
def test_mutated_text(case: tuple[str, bytes]) -> None:
    stem, raw = case
    _run(raw, f"{stem}.yaml")


# ---- structural mutations --------------------------------------------------------------------------

WEIRD = ["", " ", "\n", "\t", "x" * 3000, "24x7", "mon-tue-wed", "mon-fri\n", "08:00-25:00", "18:00-08:00", "24:00",
         "Europe", "Europe/London\n", "a" * 300, "../../etc/passwd", "javascript:alert(1)", "http://x.example",
         "https:x", "+1 800-555-0100", "+1 202-555-0100", "+44 20 7946 0143", "555-0100", "+0", "99999999999d",
         "100000y", "6mo", "2-1h", "nbd", "best-effort", "0", "2026-02-30", "9999-12-31", "0001-01-01", "P1",
         "sev1", "ZZ", "US", "customer", "site", "<script>", "null", "~", "é", "\u202e", "\x85", "9" * 50]
LEAF = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(WEIRD))
JSONISH = st.recursive(LEAF, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                       max_leaves=6)


def _seed_data(text: str) -> Any:
    """The seed as escdir reads it (yaml.safe_load would turn the key `on:` into True and dates into dates)."""
    doc, _problem = load_bytes(text.encode("utf-8"), "seed.yaml")
    return doc.data if doc is not None else None


SEED_DATA = {stem: data for stem, text in SEEDS.items() if (data := _seed_data(text)) is not None}


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, path + (i,))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def mutated_doc(draw: st.DrawFn) -> tuple[str, Any]:
    stem = draw(st.sampled_from(sorted(SEED_DATA)))
    doc = copy.deepcopy(SEED_DATA[stem])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(doc, path), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "replace", "delete", "rename", "duplicate"]))
        if op == "replace":  # half the time keep the type, so the value gets past the schema into the checks
            old = parent[last]
            typed = (st.sampled_from(WEIRD) | st.text(max_size=20) if isinstance(old, str)
                     else st.booleans() if isinstance(old, bool) else st.integers() if isinstance(old, int) else JSONISH)
            parent[last] = draw(typed | JSONISH)
        elif op == "delete":
            del parent[last]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12) | st.sampled_from(["id", "name", "contacts", "<<", "1"]))] = parent.pop(last)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
    return stem, doc


@settings(max_examples=70, **SETTINGS)
@given(case=mutated_doc(), allow_unicode=st.booleans())
def test_structural_mutations(case: tuple[str, Any], allow_unicode: bool) -> None:
    stem, doc = case
    raw = yaml.safe_dump(doc, allow_unicode=allow_unicode, sort_keys=False).encode("utf-8", "surrogatepass")
    _run(raw, f"{stem}.yaml")


def test_seeds_are_clean() -> None:
    """The seeds themselves validate cleanly, so mutations start from deep inside the checks."""
    assert {"minimal", "complete"} <= set(GOOD_SEEDS)
    for stem, text in GOOD_SEEDS.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{stem}.yaml"
            path.write_text(text, encoding="utf-8")
            result = CliRunner().invoke(cli, ["validate", str(path)], env={"ESCDIR_TODAY": "2026-11-23"}, catch_exceptions=False)
        assert result.exit_code == 0, result.output


# ---- regressions: inputs that once crashed validation ----------------------------------------------

MINIMAL = GOOD_SEEDS["minimal"]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("review_every: 180d", "review_every: 99999999999d", None),  # timedelta overflow
    ("review_every: 180d", "review_every: 100000y", None),  # year out of range
    ("review_every: 180d", "review_every: 99999999999999999999mo", None),
    ("review_every: 180d\n", "review_every: 180d\ntimezone: Europe\n", "ESC206"),  # a directory in the tz database
    ("review_every: 180d\n", "review_every: 180d\ntimezone: " + "a" * 300 + "\n", "ESC206"),  # name too long
    ("coverage: 24x7", "coverage: {days: mon-tue-wed, hours: '08:00-18:00'}", "ESC105"),  # chained range: the schema rejects it
    # `$` matched before a final \n in Python; patterns are now ECMA-262 (`$` = end): the schema rejects it (one
    # problem per place: the control character at the same path is not reported twice)
    ("coverage: 24x7", 'coverage: {days: "mon-fri\\n", hours: "08:00-18:00"}', "ESC105"),
    ("name: Minimal Vendor", 'name: !!int ""', "ESC106"),  # IndexError in PyYAML's int constructor; stays ""
])
def test_former_crashes(old: str, new: str, code: str | None, tmp_path: Path) -> None:
    from datetime import date

    from escdir.check.validate import validate_paths

    assert old in MINIMAL
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    result = validate_paths([path], today=date(2026, 11, 23))
    codes = {p.code for p in result.problems if p.is_error}
    assert codes == (set(code.split()) if code else set()), [p.format() for p in result.problems]
