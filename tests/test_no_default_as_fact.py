"""No default stated as fact (#19 item 4), generated from the schema.

For every optional property of ``schema/vendor.schema.json``, the first sample or real vendor that states it is
checked twice: as written, and with that one property removed. Whatever the removal makes escdir *newly* say on the
page, in ``show``, ``when``, ``rma`` and the JSON API must not assert a value the file no longer states:

* no sentence with ``None``, "nobody", an empty parenthesis or a doubled phrase ("only if only", "closed on closed");
* for an enum property, none of its *other* values (``clock_starts: unit_received`` removed must not make a page say
  "from diagnosis"; ``business_hours_zone: customer`` removed must not say "vendor's time zone");
* for a boolean property, no negation of it ("no advance replacement" where the file says nothing).

A property no fixture states is listed by name (``NOT_IN_ANY_FIXTURE`` below is computed and reported, not
asserted away): covering it needs a fixture, not a default.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from escdir.check.validate import check_bytes
from escdir.derive.clock.rma import estimate
from escdir.derive.clock.timeline import escalation_timeline
from escdir.derive.outage.card import quick_card
from escdir.model import Vendor
from escdir.present.pages import Linker, vendor_page
from escdir.present.reporting.card import card_text
from escdir.present.reporting.outage import rma_text, timeline_text
from escdir.publish.exports.api import vendor_document

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "vendor.schema.json").read_text(encoding="utf-8"))
TODAY = date(2026, 12, 23)  # after every fixture's last_verified
LONDON = ZoneInfo("Europe/London")
MOMENT = datetime(2026, 12, 18, 19, 0, tzinfo=LONDON)  # a Friday evening before Christmas
FILES = [*sorted((ROOT / "vendors").glob("*.yaml")), *sorted((ROOT / "tests/data/real").glob("*.yaml")),
         *sorted((ROOT / "tests/data/good").glob("*.yaml"))]
BAD = re.compile(r"\bNone\b|\bby nobody\b|\(\s*\)|\(\s+\w|only if only|closed on closed|\bnull\b(?!$)")


#: Enum values that say "not known" rather than assert a value.
UNKNOWN_VALUES = {"not_stated", "unknown", "not_published", "as_vendor_specifies"}
#: Properties whose absence has a meaning of its own (not a guessed value), with the reason.
DERIVED = {
    "rma.levels[].ends_with": "the level's `kind` (required) says where it ends: nbd/cold_spare delivered, dispatch "
                              "dispatched, onsite engineer on site, return_to_base repaired",
    "escalation.ladders[].starts_on": "a ladder is timed from the case's opening unless it names another event: "
                                      "that is what a ladder is (DOMAIN.md §3), and the page says 'Case opened'",
}
#: Phrases that mention an enum value to deny it.
DENIALS = re.compile(r"not a firm commitment", re.I)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def optional_properties(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted path with [] for list items, schema node) of every property not required where it stands."""
    node = _resolve(node)
    for alt in (*node.get("oneOf", ()), *node.get("anyOf", ())):
        yield from optional_properties(alt, path)
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        here = f"{path}.{key}" if path else key
        if key not in required:
            yield here, _resolve(sub)
        yield from optional_properties(sub, here)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        yield from optional_properties(node["items"], path + "[]")


def _locations(data: Any, parts: list[str]) -> Iterator[tuple[dict[str, Any], str]]:
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    if not isinstance(data, dict) or name not in data:
        return
    if not rest:
        yield data, name
        return
    value = data[name]
    for item in (value if head.endswith("[]") and isinstance(value, list) else [value]):
        yield from _locations(item, rest)


def _flat(obj: Any, path: str = "") -> Iterator[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _flat(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for v in obj:
            yield from _flat(v, path + "[]")
    elif obj not in (None, "", False):  # an absent value (null, "", false) asserts nothing
        yield f"{path}={obj}"


def outputs(v: Vendor) -> set[tuple[str, str]]:
    """Every sentence escdir says about ``v``: page, show, when (each severity), rma (each level), API."""
    out: set[tuple[str, str]] = set()
    page = html.unescape(re.sub(r"<[^>]+>", "\n", vendor_page(v, today=TODAY, linker=Linker()).html))
    out |= {("page", s.strip()) for s in re.split(r"\n|(?<=[.;])\s", page) if s.strip()}
    card = card_text(quick_card(v, now=MOMENT, zone=LONDON, today=TODAY))
    out |= {("show", line.strip()) for line in card.splitlines() if line.strip()}
    for s in v.severities:
        text = timeline_text(escalation_timeline(v, s.id, opened=MOMENT, zone=LONDON))
        out |= {("when", line.strip()) for line in text.splitlines() if line.strip()}
    if v.rma and v.rma.levels:
        text = rma_text(v.name, [estimate(v, lv, failed=MOMENT, site=LONDON) for lv in v.rma.levels], LONDON)
        out |= {("rma", line.strip()) for line in text.splitlines() if line.strip()}
    out |= {("api", line) for line in _flat(vendor_document(v, today=TODAY))}
    return out


#: Shapes no sample or real fixture uses yet (fictional; +44 20 7946 09xx is a drama number range).
RICH = """\
id: rich
name: Rich Shapes
category: software
last_verified: 2026-11-01
review_every: 180d
timezone: Europe/London
client_summary: Call the MSP first.
sources: [{url: "https://support.example.com/policy"}]
support_model: {no_24x7_phone: "Phone support 08:00-18:00 only.", first_line: {partner: the reseller, contact: line,
                note: Resellers run the first line.}}
known_gaps: [{code: ESC304, why: Only a toll-free number is published.}]
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: {days: mon-fri, hours: "08:00-18:00",
     holidays: {name: Vendor holidays, customer_local: true}, note: Local hours.}}
  - {id: wide, kind: phone, value: "+44 20 7946 0992", coverage: {windows: [{from: "mon 08:00",
     from_timezone: Australia/Sydney, to: "fri 17:00", to_timezone: America/Los_Angeles}]}}
  - {id: login, kind: phone, value_status: shown_after_login}
people: [{id: mgr, role: duty_manager, name: Pat Example, email: pat@example.com}]
plans:
  - {id: std, name: Standard, coverage: {days: mon-fri, hours: "08:00-18:00", holidays: {country: GB,
     subdivision: SCT, open: [2026-12-28], customer_local: true}},
     teams: [{name: EMEA, coverage: {days: mon-fri, hours: "08:00-16:00"}, contact: line}, {name: AMER, coverage: 24x7}]}
contracts: [{number: C-1, plan: std, rma_level: fast, start: 2026-11-02}]
severities: [{id: S1, canonical: sev1, definition: Down.}]
slas:
  matrix:
    - plan: std
      severity: S1
      response: {value: 1h, bound: less_than, qualifier: target, percent_of_cases: 90, source: guide,
                 alternatives: [{value: 2h, source: faq, note: older page}]}
      ongoing_response: {value: 4h, bound: about, qualifier: reasonable_efforts, percent_of_cases: 80, source: guide,
                         or_as_agreed: true, note: while open, alternatives: [{value: 8h, source: faq, note: old}]}
      updates: {value: 2h, bound: less_than, qualifier: target, percent_of_cases: 95,
                alternatives: [{value: 4h, source: faq, note: old}]}
      workaround: {value: 1d, bound: less_than, qualifier: best_effort, percent_of_cases: 70, source: guide,
                   alternatives: [{value: 2d, source: faq, note: old}]}
      resolution: {value: 5d, bound: less_than, qualifier: target, percent_of_cases: 60, source: guide,
                   alternatives: [{value: 10d, source: faq, note: old}]}
    - {plan: std, severity: S1, response: 24h, products: [Widget Lite]}
tiers: [{level: L1, visibility: internal}]
escalation:
  visibility: public
  levels: [{level: 1, involves: [senior engineers], visibility: internal}]
  ladders:
    - {severity: S1, visibility: internal, steps: [{after: "0", action: Call., axis: functional, whom: line}]}
    - {starts_on: escalation_requested, steps: [{after: 30m, action: Call again., axis: hierarchical, whom: mgr}]}
  requests:
    - id: callback
      via: manager_callback
      contact: line
      plans: [std]
      coverage: {days: mon-fri, hours: "09:00-17:00", timezone: Europe/London, note: Desk hours.,
                 holidays: {country: GB, subdivision: SCT, closed: [2026-12-24], open: [2026-12-28],
                            name: Desk holidays, customer_local: true}}
      response: {value: 2h, bound: less_than, qualifier: target, percent_of_cases: 90, source: guide,
                 or_as_agreed: true, note: callback, alternatives: [{value: 4h, source: faq, note: old}]}
    - id: form
      via: form
      coverage: {windows: [{from: "mon 08:00", from_timezone: Europe/London, to: "fri 17:00",
                 to_timezone: America/New_York}]}
      response: {not_offered: true}
rma:
  visibility: public
  levels:
    - {id: base, kind: nbd, clock_starts: diagnosis, target: nbd, severities: [S1]}
    - {id: fast, kind: onsite, clock_starts: diagnosis, target: 4h, return_window: 10bd,
       applies_after: {period: 30d, then: 5bd, until_then: base, note: After the audit.}}
case_template: {visibility: public, subject: "[S1] down"}
"""


def _data() -> list[tuple[str, dict[str, Any]]]:
    loaded = []
    sources = [(f.name, f.read_bytes()) for f in FILES] + [("rich.yaml", RICH.encode())]
    for name, raw in sources:
        outcome = check_bytes(raw, name, today=TODAY)
        assert outcome.doc is not None and outcome.vendor is not None, (name, [p.format() for p in outcome.problems])
        loaded.append((name, outcome.doc.data))
    return loaded


DATA = _data()
PROPERTIES = dict(optional_properties(SCHEMA))


def _case(path: str) -> tuple[str, dict[str, Any], dict[str, Any], str] | None:
    for name, data in DATA:
        for container, key in _locations(data, path.split(".")):
            return name, data, container, key
    return None


CASES = [p for p in PROPERTIES if _case(p) is not None]
NOT_IN_ANY_FIXTURE = sorted(set(PROPERTIES) - set(CASES))


def _vendor(name: str, data: dict[str, Any]) -> Vendor | None:
    return check_bytes(json.dumps(data).encode(), name, today=TODAY).vendor


def test_the_schema_walk_finds_the_optional_properties() -> None:
    assert {"timezone", "rma.levels[].clock_starts", "slas.clock.business_hours_zone", "rma.advance_replacement",
            "severity_changes.raised_by", "people[].name"} <= set(PROPERTIES)
    assert len(CASES) >= 270, (len(CASES), NOT_IN_ANY_FIXTURE)


@pytest.mark.parametrize("path", CASES)
def test_removing_an_optional_property_asserts_no_value_for_it(path: str) -> None:
    case = _case(path)
    assert case is not None
    name, data, container, key = case
    before = _vendor(name, data)
    value = container.pop(key)
    try:
        after = _vendor(name, data)
    finally:
        container[key] = value
    assert before is not None
    if after is None:  # the property is required by a rule (e.g. a reference): nothing to render
        return
    new = outputs(after) - outputs(before)
    found = [s for s in new if BAD.search(s[1])]
    node = PROPERTIES[path]
    words = [w for w in node.get("enum", ()) if isinstance(w, str) and w != value and len(w) > 3
             and w not in UNKNOWN_VALUES and path not in DERIVED]
    for w in words:
        pattern = re.compile(r"\b" + re.escape(w.replace("_", " ")) + r"\b|\b" + re.escape(w) + r"\b", re.I)
        found += [s for s in new if pattern.search(DENIALS.sub("", s[1]))]
    if node.get("type") == "boolean":
        prop = re.escape(key.replace("_", " "))
        found += [s for s in new if re.search(rf"\b(no|not)\s+{prop}", s[1], re.I)]
    assert not found, f"{name}: without {path}, escdir newly says {sorted(set(found))[:5]}"
