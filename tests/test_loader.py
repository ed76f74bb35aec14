"""The safe loader against a corpus of hostile and broken files (tests/data/bad/).

Every bad file must produce exactly one positioned diagnostic with a hint, exit code 1 and no traceback,
however it is broken; the expected code and position of each is recorded in tests/data/bad/expected.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from escdir.check import validate as _validate  # noqa: F401  (import cost stays out of the timed runs)
from escdir.errors import CODES
from escdir.load.loader import MAX_DEPTH, load_bytes, load_path
from escdir.load.schema import validator

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
EXPECTED: dict[str, dict] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
BAD_CASES = sorted(name for name, exp in EXPECTED.items() if exp["code"])
CLEAN_CASES = sorted(name for name, exp in EXPECTED.items() if not exp["code"])
TIMED = {"alias-bomb.yaml", "deep-nesting.yaml", "recursive-alias.yaml"}

DIAG = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<level>error|warning) (?P<code>ESC\d{3}) (?P<msg>.+)$")


def test_corpus_and_expectations_match() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix in (".yaml", ".yml")}
    assert files == set(EXPECTED), "every file in tests/data/bad needs an entry in expected.json, and vice versa"
    for name, exp in EXPECTED.items():
        assert exp["code"] is None or exp["code"] in CODES, name


@pytest.mark.parametrize("name", BAD_CASES)
def test_bad_file_gives_one_positioned_diagnostic(name: str, run_cli) -> None:
    exp = EXPECTED[name]
    validator()  # compile the schema outside the timed region
    start = time.perf_counter()
    result = run_cli("validate", BAD / name)
    elapsed = time.perf_counter() - start

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    diagnostics = [m for m in map(DIAG.match, result.output.splitlines()) if m]
    assert len(diagnostics) == 1, result.output
    d = diagnostics[0]
    assert Path(d["file"]).name == name
    assert d["level"] == "error"
    assert d["code"] == exp["code"], result.output
    if exp["line"] and exp["col"] is None:  # position required, column depends on the parser's look-ahead
        assert int(d["line"]) == exp["line"] and int(d["col"]) > 0, result.output
    elif exp["line"]:
        assert (int(d["line"]), int(d["col"])) == (exp["line"], exp["col"]), result.output
    else:
        assert d["line"] is None, "a problem without a position must be printed as `path: error CODE`"
    assert re.search(r"^\s+hint: \S", result.output, re.MULTILINE), result.output
    assert "1 file checked: 1 error, 0 warnings" in result.output
    if name in TIMED:
        assert elapsed < 1.0, f"{name} took {elapsed:.3f}s"


@pytest.mark.parametrize("name", CLEAN_CASES)
def test_valid_oddities_load_cleanly(name: str, run_cli) -> None:
    result = run_cli("validate", BAD / name)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_bom_is_stripped_before_parsing() -> None:
    doc, problem = load_path(BAD / "utf8-bom.yaml")
    assert problem is None
    assert doc is not None and doc.data["id"] == "utf8-bom"
    assert doc.marks.at(("id",)) == (1, 5)  # the BOM does not shift columns


@pytest.mark.parametrize("depth", [MAX_DEPTH - 2, MAX_DEPTH + 1, 100_000])
def test_nesting_limit(depth: int) -> None:
    start = time.perf_counter()
    doc, problem = load_bytes(b"x: " + b"[" * depth + b"]" * depth + b"\n", "deep.yaml")
    assert time.perf_counter() - start < 1.0
    if depth < MAX_DEPTH:
        assert problem is None and doc is not None
    else:
        assert problem is not None and problem.code == "ESC010"


@pytest.mark.parametrize("problem", [
    "exceeded maximum nesting depth",  # libyaml >= 0.2.5 as bundled with PyYAML 6.0.2+
    "while increasing flow level exceeded maximum nesting depth",
])
def test_library_nesting_limit_is_esc010_whatever_the_version(monkeypatch, problem: str) -> None:
    """Whichever limit fires first - libyaml's own or ours - the user sees ESC010 with a position."""
    import yaml

    from escdir.load import loader

    class _Limited(loader._Loader):  # type: ignore[misc, valid-type]
        def get_event(self):
            mark = yaml.Mark("f.yaml", 0, 1, 9, None, None)
            raise yaml.MarkedYAMLError(None, None, problem, mark)

    monkeypatch.setattr(loader, "_Loader", _Limited)
    doc, found = load_bytes(b"x: [[[]]]\n", "f.yaml")
    assert doc is None and found is not None
    assert (found.code, found.line, found.col) == ("ESC010", 2, 10)
    assert "tab" not in found.hint and "tab" not in found.message


@pytest.mark.parametrize(("raw", "opened", "hint"), [
    (b"a:\n  b: [1, 2\nc: 3\n", "flow sequence opened at 2:6 was never closed", "`[` at line 2, column 6"),
    (b"a: {x: 1\n", "flow mapping opened at 1:4 was never closed", "`{` at line 1, column 4"),
    (b'a: "abc\nb: 2\n', "quoted scalar opened at 1:4 was never closed", "quote opened at line 1, column 4"),
])
def test_syntax_error_names_where_the_construct_opened(raw: bytes, opened: str, hint: str) -> None:
    doc, found = load_bytes(raw, "f.yaml")
    assert doc is None and found is not None and found.code == "ESC004"
    assert opened in found.message
    assert hint in found.hint and "tab" not in found.hint


def test_tab_hint_only_for_tabs() -> None:
    _doc, found = load_bytes(b"a:\n\tb: 1\n", "f.yaml")
    assert found is not None and found.code == "ESC004" and "tab" in found.hint


def test_alias_bomb_stops_fast() -> None:
    raw = (BAD / "alias-bomb.yaml").read_bytes()
    start = time.perf_counter()
    doc, problem = load_bytes(raw, "alias-bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert doc is None and problem is not None and problem.code == "ESC010"


def test_small_aliases_are_fine() -> None:
    doc, problem = load_bytes(b"a: &x [1, 2]\nb: *x\nc: &s text\nd: *s\n", "f.yaml")
    assert problem is None and doc is not None
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}


@pytest.mark.parametrize(("text", "expected"), [
    ("d: 2026-01-31", "2026-01-31"),  # dates stay text
    ("d: !!timestamp 2026-01-31", "2026-01-31"),
    ("d: yes", True),
    ("d: off", False),
    ("d: ~", None),
    ("d: 0x1f", 31),
    ("d: 1_000", 1000),
    ("d: 1.5", 1.5),
    ("d: '42'", "42"),
    ('d: !!int ""', ""),  # an impossible explicit int stays text for the schema to reject
    ('d: !!float ""', ""),
    ("d: !!str 12", "12"),
])
def test_scalar_values(text: str, expected: object) -> None:
    doc, problem = load_bytes(text.encode() + b"\n", "f.yaml")
    assert problem is None and doc is not None
    assert doc.data["d"] == expected
    assert type(doc.data["d"]) is type(expected)


@pytest.mark.parametrize(("raw", "code", "pos"), [
    (b"id: a\nname: \xc3\xa9\x07\n", "ESC004", (2, 8)),  # control character: position in characters
    (b"id: a\n? [a]\n: b\n", "ESC012", (2, 3)),
    (b"id: a\n*x : b\n", "ESC012", (2, 1)),
    (b"id: a\n!!int 1: b\n", "ESC009", (2, 1)),
    (b"id: a\nx: !!binary aGVsbG8=\n", "ESC009", (2, 4)),
    (b"id: a\nx: !!set {a, b}\n", "ESC009", (2, 4)),
    (b"---\n...\n", "ESC005", (0, 0)),
    (b"# only a comment\n", "ESC005", (0, 0)),
    (b"just a string\n", "ESC007", (1, 1)),
    (b"a: &x {b: *x}\n", "ESC010", (1, 11)),
    (b"%FOO bar\n---\nid: a\n", "ESC004", (1, 5)),
])
def test_more_parse_problems(raw: bytes, code: str, pos: tuple[int, int]) -> None:
    doc, problem = load_bytes(raw, "f.yaml")
    assert doc is None and problem is not None
    assert (problem.code, (problem.line, problem.col)) == (code, pos), problem.format()


def test_marks_point_at_values_and_keys() -> None:
    doc, problem = load_path(GOOD / "minimal.yaml")
    assert problem is None and doc is not None
    assert doc.marks.at(("contacts", 0, "value")) == (10, 12)
    assert doc.marks.at(("contacts", 0, "value"), key=True) == (10, 5)
    assert doc.marks.at(("contacts", 0, "nope")) == (8, 5)  # nearest known ancestor


def test_missing_file_is_esc001(tmp_path: Path) -> None:
    doc, problem = load_path(tmp_path / "gone.yaml")
    assert doc is None and problem is not None and problem.code == "ESC001"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"id: big\n" + b"# padding\n" * 20)
    doc, problem = load_path(path, max_bytes=100)
    assert doc is None and problem is not None and problem.code == "ESC003"


# ---- the real console script -----------------------------------------------------------------------

def _escdir() -> str:
    exe = Path(sys.executable).with_name("escdir")
    found = str(exe) if exe.exists() else shutil.which("escdir")
    if not found:
        pytest.skip("the escdir console script is not installed")
    return found


@pytest.mark.parametrize(("path", "code"), [
    (GOOD / "minimal.yaml", 0),
    (BAD / "alias-bomb.yaml", 1),
    (BAD / "deep-nesting.yaml", 1),
    (BAD / "binary.yaml", 1),
    (BAD / "does-not-exist.yaml", 2),
])
def test_console_script(path: Path, code: int) -> None:
    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_COLOR": "1"}
    proc = subprocess.run([_escdir(), "validate", str(path)], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    if code == 1:
        assert f"error {EXPECTED[path.name]['code']}" in proc.stdout
    if code == 2:
        assert "no such file" in proc.stderr
