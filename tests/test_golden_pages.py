"""Golden-file tests: every sample vendor's page, as ``escdir.present.pages.vendor_page`` renders it on a fixed day, is
compared byte for byte with tests/data/golden/<vendor>.html.

A difference is either a regression or an intended change to the page. To accept an intended change, regenerate the
files on purpose and review the diff before committing:

    ESCDIR_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_pages.py

With the variable set the test writes the files and then still compares them (so it passes); without it a missing or
different file fails with the first differing line.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.present.pages import Linker, vendor_page

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
TODAY = date(2026, 11, 23)
UPDATE = os.environ.get("ESCDIR_UPDATE_GOLDEN") == "1"
VENDOR_FILES = sorted((ROOT / "vendors").glob("*.yaml"))




def _render(path: Path) -> bytes:
    result = validate_paths([path], today=TODAY)
    assert not result.errors, [p.format() for p in result.errors]
    (vendor,) = result.vendors
    return vendor_page(vendor, today=TODAY, linker=Linker()).html.encode("utf-8")


def _first_difference(want: bytes, got: bytes) -> str:
    for n, (a, b) in enumerate(zip(want.splitlines(), got.splitlines(), strict=False), 1):
        if a != b:
            return f"line {n}:\n  golden: {a[:300]!r}\n  now:    {b[:300]!r}"
    return f"lengths differ: golden {len(want)} bytes, now {len(got)} bytes"


def test_every_sample_vendor_has_a_golden_file() -> None:
    assert VENDOR_FILES, "no sample vendors found"
    if not UPDATE:
        stale = {p.stem for p in GOLDEN.glob("*.html")} - {p.stem for p in VENDOR_FILES}
        assert not stale, f"golden files without a sample vendor: {sorted(stale)}"


@pytest.mark.parametrize("path", VENDOR_FILES, ids=[p.stem for p in VENDOR_FILES])
def test_vendor_page_matches_golden(path: Path) -> None:
    got = _render(path)
    golden = GOLDEN / f"{path.stem}.html"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got)
    assert golden.exists(), f"{golden} missing: regenerate with ESCDIR_UPDATE_GOLDEN=1 (see module docstring)"
    want = golden.read_bytes()
    assert got == want, f"{path.stem} page differs from {golden.name}; " + _first_difference(want, got)
