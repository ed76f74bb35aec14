"""Exports parse back with independent parsers, and say exactly what the models say.

JSON API → json + jsonschema (the published schemas); vCards → vobject; renewals.ics → icalendar;
break-glass.html → html.parser here and Chromium in test_breakglass_browser.py. Phone numbers must
round-trip: the E.164 value in the model is the value read back.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import phonenumbers
import pytest
import vobject
from jsonschema import Draft202012Validator

from escdir.check.validate import check_bytes, validate_paths
from escdir.derive.audience import restrict
from escdir.derive.reader import Reader
from escdir.derive.view import vendor_view
from escdir.model import Vendor
from escdir.publish.exports import render_all, write_all

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)

TRICKY = """\
id: zz-export-test
name: "Ångström & Sons; Ltd, <b>bold</b>"
aliases: ["A&S"]
category: hardware
timezone: Europe/Stockholm
last_verified: 2026-11-01
review_every: 90d
sources: [{url: "https://support.example.com/policy"}]
contacts:
  - {id: se, kind: phone, label: 'Support, Sverige; "dygnet runt"', value: "+46 8 12 34 56", region: SE,
     primary: true, coverage: 24x7}
  - id: de
    kind: phone
    label: Support DE
    value: "+49 30 123456"
    region: DE
    coverage: {days: mon-fri, hours: "08:00-17:00", timezone: Europe/Berlin, holidays: {country: DE}}
  - {id: alias, kind: outage_alias, value: "p1@angstrom.example.com", coverage: 24x7}
  - {id: portal, kind: portal, value: "https://portal.angstrom.example.com/cases?x=1&y=2"}
severities:
  - {id: A, canonical: sev1, definition: Down., open_via: [outage_alias]}
plans: [{id: gold, name: Gold, coverage: 24x7}]
contracts:
  - {number: "ÅS-2026/77;X", plan: gold, renewal: 2027-02-28, levers: [{kind: tam, detail: "Tam, named"}]}
"""


@pytest.fixture(scope="module")
def vendors() -> list[Vendor]:
    """Every valid sample vendor plus one full of characters the formats must escape."""
    result = validate_paths([REPO / "vendors"], today=TODAY)
    tricky = check_bytes(TRICKY.encode(), "zz-export-test.yaml", today=TODAY)
    assert tricky.vendor is not None, [p.format() for p in tricky.problems]
    return [*result.vendors, tricky.vendor]


@pytest.fixture(scope="module")
def out(vendors: list[Vendor], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("exports")
    write_all(vendors, out_dir, today=TODAY, site_name="Test directory")
    return out_dir


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# ---- JSON API --------------------------------------------------------------------------------------

def test_api_index_and_vendor_documents_match_their_schemas(vendors: list[Vendor], out: Path) -> None:
    index = json.loads((out / "api/v1/vendors.json").read_text(encoding="utf-8"))
    assert not list(_validator("api-index").iter_errors(index))
    assert [e["id"] for e in index["vendors"]] == sorted(v.id for v in vendors)
    check = _validator("api-vendor")
    by_id = {v.id: v for v in vendors}
    for entry in index["vendors"]:
        doc = json.loads((out / "api/v1" / entry["url"]).read_text(encoding="utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(doc)]
        assert not errors, (entry["id"], errors[:5])
        v = by_id[entry["id"]]
        # E.164 in == E.164 out, for the index's primary hotline and every phone contact.
        # The line every output leads with for the export's reader (none here: a number callable from abroad).
        first = vendor_view(v, Reader())
        assert entry["primary_hotline"] == doc["primary_hotline"] == (first.first_number or None)
        assert doc["call_first"]["why"] == first.first.why
        phones = [c["value"] for c in doc["contacts"] if c["kind"] == "phone"]
        assert phones == [c.value for c in v.contacts if c.kind == "phone"]
        for number in phones:
            assert phonenumbers.format_number(phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.E164) == number


def test_api_durations_carry_text_minutes_and_clock(out: Path) -> None:
    doc = json.loads((out / "api/v1/vendors/northwind-networks.json").read_text(encoding="utf-8"))
    cells = {(c["plan"], c["severity"]): c for c in doc["slas"]["matrix"]}
    standard_s2 = next(c for (plan, sev), c in cells.items() if sev == "S2" and c["response"]["business"])
    assert {"text": "4bh", "minutes": 240, "business": True, "kind": "exact"}.items() <= standard_s2["response"].items()
    assert doc["rma"]["return_window"]["minutes"] == 30 * 1440


def _walk(node: object, where: str = "$"):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}[{i}]")


@pytest.mark.parametrize("name", ["api-index", "api-vendor"])
def test_api_schemas_document_every_property(name: str) -> None:
    schema = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for where, node in _walk(schema):
        if ".if" in where or ".then" in where:
            continue  # conditional sub-schemas constrain documented properties; they document nothing
        for prop, spec in (node.get("properties") or {}).items():
            assert "description" in spec, f"{where}.properties.{prop} has no description"
        if "properties" in node:
            assert node.get("additionalProperties") is False, f"{where} allows unknown properties"


# ---- vCards ----------------------------------------------------------------------------------------

def _cards(text: str) -> list:
    return list(vobject.readComponents(text))


def test_vcards_round_trip(vendors: list[Vendor], out: Path) -> None:
    every = _cards((out / "vcards/all.vcf").read_text(encoding="utf-8"))
    assert sorted(c.uid.value for c in every) == sorted(f"escdir-{v.id}" for v in vendors)
    for v in vendors:
        (card,) = _cards((out / f"vcards/{v.id}.vcf").read_text(encoding="utf-8"))
        assert card.fn.value == v.name and card.org.value == [v.name]
        tels = card.contents.get("tel", [])
        # E.164 in == E.164 out; the reader's first line first (marked preferred), then the view's order.
        view = vendor_view(v, Reader())
        assert [t.value for t in tels] == [x.contact.value for x in view.published_lines]
        assert sorted(t.value for t in tels) == sorted(c.value for c in v.hotlines())
        for n, t in enumerate(tels):
            assert phonenumbers.format_number(phonenumbers.parse(t.value), phonenumbers.PhoneNumberFormat.E164) == t.value
            assert t.params["TYPE"] == ["work", "voice"] + (["pref"] if n == 0 else [])
            label = [x for x in card.contents["x-ablabel"] if x.group == t.group]
            assert len(label) == 1 and label[0].value  # every number carries its label
        emails = [e.value for e in card.contents.get("email", [])]
        assert emails == [c.value for c in v.contacts if c.kind in ("outage_alias", "email")]
        if v.portal():
            assert card.url.value == v.portal().value
        for c in v.contracts:
            assert c.number in card.note.value


def test_vcard_escapes_structured_text(out: Path) -> None:
    (card,) = _cards((out / "vcards/zz-export-test.vcf").read_text(encoding="utf-8"))
    assert card.org.value == ["Ångström & Sons; Ltd, <b>bold</b>"]
    assert "ÅS-2026/77;X" in card.note.value and "open by outage alias" in card.note.value
    labels = {x.value for x in card.contents["x-ablabel"]}
    assert 'Support, Sverige; "dygnet runt" (SE)' in labels


# ---- calendar --------------------------------------------------------------------------------------

def test_ics_round_trip(vendors: list[Vendor], out: Path) -> None:
    cal = icalendar.Calendar.from_ical((out / "renewals.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(cal.walk("VEVENT"))  # UIDs are unique
    expected = 0
    for v in vendors:
        stamp = datetime.combine(v.last_verified, datetime.min.time(), tzinfo=UTC)
        for c in v.contracts:
            if c.renewal:
                expected += 1
                uid = f"{v.id}-renewal-{re.sub(r'[^A-Za-z0-9]+', '-', c.number).strip('-')}@escdir"
                ev = events[uid]
                assert ev.decoded("dtstart") == c.renewal and not isinstance(ev.decoded("dtstart"), datetime)
                assert ev.decoded("dtstamp") == stamp  # from the data, not the clock
                assert c.number in str(ev["summary"]) and v.name in str(ev["summary"])
        if v.review_due():
            expected += 1
            assert events[f"{v.id}-review@escdir"].decoded("dtstart") == v.review_due()
    assert len(events) == expected
    tricky = events["zz-export-test-renewal-S-2026-77-X@escdir"]
    assert str(tricky["summary"]) == "Renewal: Ångström & Sons; Ltd, <b>bold</b> contract ÅS-2026/77;X"


# ---- determinism and audiences ---------------------------------------------------------------------

def test_exports_are_byte_reproducible(vendors: list[Vendor]) -> None:
    first = render_all(vendors, today=TODAY, site_name="Test directory")
    time.sleep(1.05)  # a clock value in any file would now differ
    assert render_all(list(reversed(vendors)), today=TODAY, site_name="Test directory") == first


def test_client_exports_contain_nothing_internal(vendors: list[Vendor]) -> None:
    internal = render_all(vendors, today=TODAY)
    client = [restrict(v, "client") for v in vendors]
    blob = b"".join(render_all(client, today=TODAY).values()).decode("utf-8")
    secrets = [c.number for v in vendors for c in v.contracts if c.visibility == "internal"]
    secrets += [c.value for v in vendors for c in v.contacts if c.visibility == "internal"]
    secrets += [p.mobile for v in vendors for p in v.people if p.mobile]
    assert secrets and all(s in b"".join(internal.values()).decode("utf-8") for s in secrets)
    assert not [s for s in secrets if s in blob]
    for v in client:
        doc = json.loads(render_all([v], today=TODAY)[f"api/v1/vendors/{v.id}.json"])
        assert "internal_notes" not in doc and doc["audience"] == "client"


def test_write_all_returns_paths_and_drops_files_of_vanished_vendors(vendors: list[Vendor], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("not ours", encoding="utf-8")
    first = write_all(vendors, tmp_path, today=TODAY)
    assert all(p.is_file() for p in first) and len(first) == 2 * len(vendors) + 4
    write_all(vendors[1:], tmp_path, today=TODAY)
    gone = vendors[0].id
    assert not (tmp_path / f"api/v1/vendors/{gone}.json").exists()
    assert not (tmp_path / f"vcards/{gone}.vcf").exists()
    assert (tmp_path / "keep.txt").exists()


def test_an_id_that_is_not_a_file_name_is_refused(vendors: list[Vendor]) -> None:
    with pytest.raises(ValueError, match="cannot be used as a file name"):
        render_all([replace(vendors[0], id="../escape")], today=TODAY)


# ---- break-glass page (static checks; the browser test looks at it as a person would) -------------

class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_break_glass_is_self_contained_and_lists_every_hotline(vendors: list[Vendor], out: Path) -> None:
    html = (out / "break-glass.html").read_text(encoding="utf-8")
    page = _Collector()
    page.feed(html)
    names = [t for t, _ in page.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names and "img" not in names
    assert not [a for _, a in page.tags if "src" in a]
    assert "@import" not in html and "url(" not in html
    tel = {a["href"] for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("tel:")}
    text = "".join(page.text)
    for v in vendors:
        assert v.name in text
        for c in v.hotlines():
            assert f"tel:{c.value}" in tel and c.display in text
        for c in v.contracts:
            assert c.number in text
    assert "<b>bold</b>" not in html  # vendor text is escaped, never markup


def test_break_glass_shows_a_plan_specific_ladder_without_contracts() -> None:
    # The only Sev1 ladder belongs to the second plan; a client build has no (internal) contract to choose by.
    text = TRICKY.replace("plans: [{id: gold, name: Gold, coverage: 24x7}]",
                          "plans: [{id: gold, name: Gold, coverage: 24x7}, {id: silver, name: Silver, coverage: 24x7}]")
    text += ("escalation:\n  ladders:\n    - severity: A\n      plan: silver\n      steps:\n"
             "        - {after: \"0\", action: Mail the alias., axis: functional, whom: alias}\n")
    outcome = check_bytes(text.encode(), "zz-export-test.yaml", today=TODAY)
    assert outcome.vendor is not None, [p.format() for p in outcome.problems]
    html = render_all([restrict(outcome.vendor, "client")], today=TODAY)["break-glass.html"].decode("utf-8")
    assert "Sev1 ladder (A on Silver)" in html and "Mail the alias." in html


def test_a_coverage_note_reaches_the_api() -> None:
    """The vendor's words on business hours ('varies by region', 'reduced at weekends') are part of the answer."""
    from escdir.model.construct import build_coverage
    from escdir.publish.exports.api import coverage

    cov = build_coverage({"days": "mon-fri", "hours": "08:00-17:00", "note": "reduced staffing on holidays"})
    assert coverage(cov)["note"] == "reduced staffing on holidays"
