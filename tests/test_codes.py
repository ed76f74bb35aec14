"""Every stable code is triggered by a minimal file under tests/data/codes/<CODE>/, at a recorded position.

Each case directory holds the vendor file(s) and an ``expect.json``::

    {"file": "bad-phone.yaml", "code": "ESC204", "line": 10, "col": 12,
     "also": ["ESC302"],          # optional: other codes the case unavoidably raises
     "setup": "unreadable"}       # optional: prepared at test time (see _prepare)

File names equal the vendor id (except in the ESC201 case, which is about exactly that).
A code cannot be added to escdir.errors.CODES without a case directory here, or an entry in a skip list below.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.errors import CODES, Level
from escdir.load.loader import load_bytes

DATA = Path(__file__).resolve().parent / "data"
CASES = DATA / "codes"
TODAY = date(2026, 11, 23)
PACKAGE = Path(__file__).resolve().parent.parent / "generator" / "escdir"

#: MSP files (ESC4xx) are not implemented yet: no vendor file can raise these.
MSP_CODES = ["ESC401", "ESC402", "ESC403", "ESC404", "ESC405", "ESC406"]
#: Codes that vendor validation does not emit (yet). Guarded below: once the validation modules emit one,
#: it must move out of this list and get a case directory.
NOT_EMITTED_BY_VALIDATE = {"ESC212": "the vendor schema has no path fields; used for project/MSP files",
                           "ESC215": "client logos (clients/*.yaml); tested in tests/test_client_logo.py"}
VALIDATION_MODULES = ("load/loader.py", "load/schema.py", "check/rules/__init__.py", "check/rules/values.py",
                      "check/rules/context.py", "check/validate.py",
                      *sorted(f"model/{p.name}" for p in (PACKAGE / "model").glob("*.py")))

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _expect(case: Path) -> dict:
    return json.loads((case / "expect.json").read_text(encoding="utf-8"))


def _prepare(case: Path, setup: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cases that cannot live in git as-is are copied and prepared at test time."""
    if not setup:
        return case
    work = tmp_path / case.name
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expect.json"))
    exp = _expect(case)
    target = work / exp["file"]
    if setup == "unreadable":
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            target.chmod(0)
        else:  # root reads anything: fail the read the way a permission problem would
            real_open = pathlib.Path.open

            def open_(self: Path, *args: object, **kwargs: object):  # the one read (escdir.load.loader.read_capped)
                if self.name == target.name:
                    raise PermissionError(13, "Permission denied", str(self))
                return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(pathlib.Path, "open", open_)
    elif setup.startswith("pad_to_"):
        size = int(setup.removeprefix("pad_to_"))
        text = target.read_bytes()
        line = b"# padding to make the file too large\n"
        target.write_bytes(text + line * ((size - len(text)) // len(line) + 1))
        assert target.stat().st_size >= size
    else:  # pragma: no cover - a typo in expect.json
        raise AssertionError(f"unknown setup {setup!r}")
    return work


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_code_is_triggered_at_recorded_position(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exp = _expect(case)
    assert exp["code"] == case.name, "the directory is named after the code it triggers"
    assert (case / exp["file"]).is_file()
    work = _prepare(case, exp.get("setup"), tmp_path, monkeypatch)
    try:
        result = validate_paths([work], today=TODAY)
    finally:
        if exp.get("setup") == "unreadable" and (work / exp["file"]).exists():
            (work / exp["file"]).chmod(0o644)

    found = [(Path(p.file).name, p.code, p.line, p.col) for p in result.problems]
    assert (exp["file"], exp["code"], exp["line"], exp["col"]) in found, "\n".join(p.format() for p in result.problems)
    # The case is minimal: nothing else fires except what it declares.
    assert {p.code for p in result.problems} == {exp["code"], *exp.get("also", [])}, \
        "\n".join(p.format() for p in result.problems)
    problem = next(p for p in result.problems if p.code == exp["code"])
    assert problem.level is CODES[exp["code"]].level
    assert problem.hint and problem.message
    assert result.ok() is (CODES[exp["code"]].level is Level.WARNING and
                           all(CODES[c].level is Level.WARNING for c in exp.get("also", [])))


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_files_are_named_after_their_id(case: Path) -> None:
    """File name = id, so that only the ESC201 case raises ESC201."""
    if case.name == "ESC201":
        return
    for path in sorted(case.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            continue
        doc, _problem = load_bytes(path.read_bytes(), path.name)
        if doc is not None and "id" in doc.data:
            assert doc.data["id"] == path.stem, path


def test_every_code_has_a_case() -> None:
    covered = {p.name for p in CASE_DIRS}
    skipped = set(MSP_CODES) | set(NOT_EMITTED_BY_VALIDATE)
    assert covered <= set(CODES), f"case directories for unknown codes: {sorted(covered - set(CODES))}"
    assert not covered & skipped, "a code with a case directory must leave the skip lists"
    missing = set(CODES) - covered - skipped
    assert not missing, f"add tests/data/codes/<CODE>/ for: {sorted(missing)}"
    assert set(MSP_CODES) == {c for c in CODES if c.startswith("ESC4")}


@pytest.mark.parametrize("code", sorted(NOT_EMITTED_BY_VALIDATE))
def test_unemitted_codes_are_really_unemitted(code: str) -> None:
    for name in VALIDATION_MODULES:
        source = (PACKAGE / name).read_text(encoding="utf-8")
        assert f'"{code}"' not in source, (
            f"{name} now emits {code}: add tests/data/codes/{code}/ and drop it from NOT_EMITTED_BY_VALIDATE")


def test_codes_table_is_well_formed() -> None:
    for key, spec in CODES.items():
        assert key == spec.code
        assert len(key) == 6 and key.startswith("ESC") and key[3:].isdigit()
        assert spec.title and spec.hint
        if key.startswith("ESC3"):  # the ESC3xx block is warnings that protect the outage user
            assert spec.level is Level.WARNING


# ---- escdir explain --------------------------------------------------------------------------------

def test_explain_code(run_cli) -> None:
    result = run_cli("explain", "ESC204")
    assert result.exit_code == 0
    assert "ESC204" in result.output
    assert CODES["ESC204"].title in result.output
    assert CODES["ESC204"].hint in result.output


def test_explain_is_case_insensitive(run_cli) -> None:
    result = run_cli("explain", "esc301")
    assert result.exit_code == 0 and CODES["ESC301"].title in result.output


def test_explain_unknown_code(run_cli) -> None:
    result = run_cli("explain", "NOPE")
    assert result.exit_code == 2
    assert "unknown code" in result.output
    assert "Traceback" not in result.output


def test_explain_lists_every_code(run_cli) -> None:
    result = run_cli("explain")
    assert result.exit_code == 0
    for code, spec in CODES.items():
        assert code in result.output and spec.title in result.output
