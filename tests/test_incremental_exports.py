"""Serve rebuilds are incremental (#21): after one vendor changes, break-glass.html renders that vendor's entry only
and the exports rewrite only files whose bytes changed — and the result is byte for byte what a fresh build writes.

How fast that is, is measured by bench/bench.py (serve_rebuild vs a full build), never here.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.present.longwords import break_long_words
from escdir.publish.exports import VendorMemo, breakglass, render_all, write_all

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def vendors():
    result = validate_paths([REPO / "vendors"], today=TODAY)
    assert not result.errors and len(result.vendors) >= 6
    return result.vendors


def _edit(vendors, index: int, **changes):
    out = list(vendors)
    out[index] = dataclasses.replace(out[index], **changes)
    return out


def test_break_glass_after_an_edit_equals_a_fresh_render(vendors, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = VendorMemo()
    first = breakglass.files(vendors, today=TODAY, site_name="Directory", memo=memo)
    assert first == breakglass.files(vendors, today=TODAY, site_name="Directory")  # memo or not: same bytes

    rendered: list[str] = []
    real = breakglass.article
    monkeypatch.setattr(breakglass, "article", lambda v, *, today, view: rendered.append(v.id) or real(v, today=today, view=view))
    edited = _edit(vendors, 2, name=vendors[2].name + " Renamed", support_note="Call the NEW desk")
    again = breakglass.files(edited, today=TODAY, site_name="Directory", memo=memo)
    assert rendered == [vendors[2].id]  # one entry rendered; the others came from the memo
    monkeypatch.setattr(breakglass, "article", real)
    assert again == breakglass.files(edited, today=TODAY, site_name="Directory")
    assert b" Renamed" in again["break-glass.html"] and again != first

    # Another day: every entry depends on the date (staleness), so none is reused.
    rendered.clear()
    monkeypatch.setattr(breakglass, "article", lambda v, *, today, view: rendered.append(v.id) or real(v, today=today, view=view))
    breakglass.files(edited, today=date(2027, 6, 1), site_name="Directory", memo=memo)
    assert sorted(rendered) == sorted(v.id for v in edited)


def test_no_long_word_is_left_unbroken(vendors) -> None:
    long_word = "X" * 120
    edited = _edit(vendors, 0, name=f"Vendor {long_word}", aliases=(long_word + "Y",))
    page = breakglass.files(edited, today=TODAY, site_name="Site" + "Z" * 90, memo=VendorMemo())["break-glass.html"]
    text = page.decode("utf-8")
    assert break_long_words(text) == text  # breaking again changes nothing: every long word already has <wbr>
    body = text[text.index("<body>"):]
    assert "X" * 16 + "<wbr>" in body and "Z" * 16 + "<wbr>" in body  # the entry's and the page's own text
    assert f"<title>Site{'Z' * 90}: break-glass copy</title>" in text  # no markup allowed in the title


def test_exports_rewrite_only_changed_files(vendors, tmp_path: Path) -> None:
    memo = VendorMemo()
    out = tmp_path / "site"
    write_all(vendors, out, today=TODAY, memo=memo)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    edited = _edit(vendors, 1, summary="A changed summary")
    # Make every untouched file recognisably old, so a rewrite would show in its mtime.
    for p in before:
        st = p.stat()
        import os

        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
        memo.written[p] = (memo.written[p][0], st.st_size, st.st_mtime_ns - 10_000_000_000)
    old = {p: p.stat().st_mtime_ns for p in before}
    write_all(edited, out, today=TODAY, memo=memo)
    rewritten = {p.relative_to(out).as_posix() for p in old if p.stat().st_mtime_ns != old[p]}
    vid = vendors[1].id
    assert f"api/v1/vendors/{vid}.json" in rewritten
    assert not any(r.startswith("vcards/") and vid not in r for r in rewritten)
    assert not any(r.startswith("api/v1/vendors/") and not r.endswith(f"/{vid}.json") for r in rewritten)
    # What is on disk is exactly what a fresh export writes.
    fresh = render_all(edited, today=TODAY)
    for rel, data in fresh.items():
        assert (out / rel).read_bytes() == data, rel


def test_a_file_changed_behind_the_memo_is_written_again(vendors, tmp_path: Path) -> None:
    memo = VendorMemo()
    out = tmp_path / "site"
    write_all(vendors, out, today=TODAY, memo=memo)
    target = out / "break-glass.html"
    target.write_text("tampered", encoding="utf-8")
    (out / "renewals.ics").unlink()
    write_all(vendors, out, today=TODAY, memo=memo)
    fresh = render_all(vendors, today=TODAY)
    assert target.read_bytes() == fresh["break-glass.html"]
    assert (out / "renewals.ics").read_bytes() == fresh["renewals.ics"]


def test_translator_after_an_edit_equals_a_fresh_render(vendors, monkeypatch: pytest.MonkeyPatch) -> None:
    from escdir.present import pages

    cache = pages.PageCache()
    linker = pages.Linker()
    first = pages.translator_page(vendors, linker=linker, cache=cache)
    assert first.html == pages.translator_page(vendors, linker=linker).html
    calls: list[str] = []
    real = pages.translator_rows
    monkeypatch.setattr(pages, "translator_rows", lambda v, c, *, linker: calls.append(v.id) or real(v, c, linker=linker))
    sev = next(s for s in vendors[3].severities if s.canonical == "sev1")
    edited = _edit(vendors, 3, severities=tuple(dataclasses.replace(s, definition="CHANGED " + s.definition)
                                                 if s is sev else s for s in vendors[3].severities))
    again = pages.translator_page(edited, linker=linker, cache=cache)
    assert set(calls) == {vendors[3].id}  # only the edited vendor's rows are rendered again
    monkeypatch.setattr(pages, "translator_rows", real)
    assert again.html == pages.translator_page(edited, linker=linker).html and "CHANGED " in again.html
