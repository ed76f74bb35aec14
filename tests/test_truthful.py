"""Never silently wrong: each answer that used to be confidently wrong on real-world data, as a regression test.

Every expected time is worked out by hand in the comment above it. Vendors are built from YAML text here.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from escdir.check.validate import check_bytes
from escdir.derive.clock.rma import estimate
from escdir.derive.clock.timeline import escalation_timeline
from escdir.derive.facts import Reader, effective_plan, governing, line_to_call
from escdir.derive.outage.card import quick_card
from escdir.model import Vendor
from escdir.present.pages import Linker, home_page, vendor_page
from escdir.present.reporting.outage import rma_data, rma_text, timeline_data, timeline_text

TODAY = date(2026, 11, 23)
SYDNEY, LA, ZURICH, LONDON = (ZoneInfo(z) for z in ("Australia/Sydney", "America/Los_Angeles", "Europe/Zurich",
                                                    "Europe/London"))

HEAD = """\
id: t
name: Truth Test
last_verified: 2026-11-01
review_every: 180d
sources: [{url: "https://support.example.com/policy"}]
severities:
  - {id: P1, canonical: sev1, definition: Down.}
  - {id: P2, canonical: sev2, definition: Degraded.}
"""


def build(text: str) -> Vendor:
    outcome = check_bytes(text.encode(), "t.yaml", today=TODAY)
    assert outcome.vendor is not None, [p.format() for p in outcome.problems]
    return outcome.vendor


def problems(text: str) -> list[str]:
    return [f"{p.code} {p.message}" for p in check_bytes(text.encode(), "t.yaml", today=TODAY).problems]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def due_of(t, measure: str = "response"):
    return next(d for d in t.deadlines if d.measure == measure)


# ---- 1. missing coverage is "not recorded", never 24x7 ------------------------------------------------------

NO_COVERAGE = HEAD + """\
timezone: Europe/London
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
plans:
  - {id: std, name: Standard}
contracts: [{number: C-1, plan: std}]
slas:
  matrix:
    - {plan: std, severity: P2, response: 4bh}
"""


def test_1_missing_coverage_is_not_recorded_anywhere() -> None:
    assert any(p.startswith("ESC309") for p in problems(NO_COVERAGE))  # validate warns
    assert not any(p.startswith("ESC309") for p in problems(NO_COVERAGE.replace("name: Standard}",
                                                                               "name: Standard, coverage: unknown}")))
    v = build(NO_COVERAGE)
    t = escalation_timeline(v, "P2", opened=at("2026-11-24T10:00+00:00"), zone=LONDON)
    d = due_of(t)
    assert d.at is None and "coverage is not recorded" in d.due.why  # no due time from business time
    assert "24×7" not in t.coverage.describe(v.timezone) and "not recorded" in t.coverage.describe(v.timezone)
    assert "not known" in timeline_text(t) and timeline_data(t)["deadlines"][0]["due"] is None
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    assert 'Coverage (Standard)</dt><dd data-plan="std"><span class="esc-plan-coverage">not recorded' in html


def test_a_target_states_exactly_one_of_value_not_offered_unknown() -> None:
    bad = NO_COVERAGE.replace("response: 4bh}", "response: {qualifier: target}}")
    assert any(p.startswith("ESC102 a target needs exactly one") for p in problems(bad))
    both = NO_COVERAGE.replace("response: 4bh}", "response: {value: 4bh, not_offered: true}}")
    assert any("has value, not_offered" in p for p in problems(both))


# ---- 2. the most specific explicit zone wins ------------------------------------------------------------------

ZONES = HEAD.replace("{", "{{").replace("}", "}}") + """\
timezone: {vendor_zone}
contacts:
  - {{id: line, kind: phone, value: "+61 2 5550 1234", coverage: 24x7}}
plans:
  - id: std
    name: Standard
    coverage: {{days: mon-fri, hours: "09:00-17:00"{plan_zone}}}
    coverage_by_severity:
      P1: {{days: mon-fri, hours: "00:00-24:00"{sev_zone}}}
contracts: [{{number: C-1, plan: std}}]
slas:
  clock: {{business_hours_zone: {clock}}}
  matrix:
    - {{plan: std, severity: P1, response: 2bh}}
    - {{plan: std, severity: P2, response: 2bh}}
"""


def _zones(*, vendor_zone: str = "Europe/London", plan_zone: str = "", sev_zone: str = "", clock: str = "vendor"):
    return build(ZONES.format(vendor_zone=vendor_zone, plan_zone=plan_zone and f", timezone: {plan_zone}",
                              sev_zone=sev_zone and f", timezone: {sev_zone}", clock=clock))


def test_2_explicit_severity_zone_beats_the_clock_s_customer_zone() -> None:
    # Sat 2026-11-28 10:00 Sydney (AEDT, +11) = Fri 27 23:00 UTC = Fri 15:00 in Los Angeles (PST, -8), inside the
    # Mon-Fri 00:00-24:00 LA window: 2 business hours → Fri 17:00 LA = Sat 12:00 Sydney. (Counted in Sydney's
    # zone it was Mon 02:00 — 38 h later.)
    v = _zones(sev_zone="America/Los_Angeles", clock="customer")
    t = escalation_timeline(v, "P1", opened=datetime(2026, 11, 28, 10, 0, tzinfo=SYDNEY), zone=SYDNEY)
    assert due_of(t).at == datetime(2026, 11, 28, 12, 0, tzinfo=SYDNEY)
    assert "stated on the coverage" in t.governed.zone_source


@pytest.mark.parametrize(("kwargs", "severity", "zone", "source"), [
    # explicit coverage zone > the SLA clock's customer zone
    ({"plan_zone": "Asia/Tokyo", "clock": "customer"}, "P2", "Asia/Tokyo", "stated on the coverage"),
    # the SLA clock's customer zone > the vendor's zone
    ({"clock": "customer"}, "P2", "Australia/Sydney", "business_hours_zone"),
    # explicit coverage zone > the vendor's zone
    ({"plan_zone": "Asia/Tokyo"}, "P2", "Asia/Tokyo", "stated on the coverage"),
    # 'customer' written on the coverage > the vendor's zone
    ({"plan_zone": "customer"}, "P2", "Australia/Sydney", "stated on the coverage"),
    # the severity's own coverage > the plan's coverage (the P1 window is 24 h a day, the plan's 09-17)
    ({"sev_zone": "Asia/Tokyo", "plan_zone": "Europe/Paris"}, "P1", "Asia/Tokyo", "stated on the coverage"),
    # nothing explicit: the vendor's zone
    ({}, "P2", "Europe/London", "the vendor's zone"),
])
def test_2_every_precedence_pair(kwargs: dict, severity: str, zone: str, source: str) -> None:
    v = _zones(**kwargs)
    plan = effective_plan(v).plan
    gov = governing(v, plan, severity, Reader(zone="Australia/Sydney"))
    assert gov.calendar.zone == zone and source in gov.zone_source


def test_2_no_zone_anywhere_is_unknown_not_utc() -> None:
    v = build(ZONES.format(vendor_zone="UTC", plan_zone="", sev_zone="", clock="vendor").replace(
        "timezone: UTC\n", ""))
    t = escalation_timeline(v, "P2", opened=at("2026-11-24T10:00+00:00"), zone=LONDON)
    assert due_of(t).at is None and "time zone" in due_of(t).due.why


# ---- 3. the RMA cut-off in the depot's zone -----------------------------------------------------------------

RMA = HEAD + """\
timezone: America/New_York
contacts:
  - {id: line, kind: phone, value: "+41 44 555 01 23", coverage: 24x7}
plans: [{id: std, name: Standard, coverage: 24x7}]
rma:
  levels:
    - {id: next-day, kind: onsite, clock_starts: diagnosis, target: 24h, cutoff: "16:30", timezone: Europe/Zurich}
    - {id: nbd, kind: nbd, clock_starts: diagnosis, target: nbd, cutoff: "16:30", timezone: depot}
  return_window: 10bd
"""


def test_3_rma_cut_off_is_applied_in_its_zone() -> None:
    v = build(RMA)
    level = v.rma.levels[0]
    # Thu 2026-11-26 13:30 Zurich, before the 16:30 cut-off: counted from 13:30 → Fri 13:30 Zurich.
    e = estimate(v, level, failed=datetime(2026, 11, 26, 13, 30, tzinfo=ZURICH), site=LONDON)
    assert e.cutoff_met is True and e.expected == datetime(2026, 11, 27, 13, 30, tzinfo=ZURICH)
    assert "before it on a business day" in rma_text(v.name, [e], ZURICH)
    # Thu 17:00 Zurich, after the cut-off: counted from Fri 00:00 Zurich → Sat 00:00, and said so.
    late = estimate(v, level, failed=datetime(2026, 11, 26, 17, 0, tzinfo=ZURICH), site=LONDON)
    assert late.cutoff_met is False and late.expected == datetime(2026, 11, 28, 0, 0, tzinfo=ZURICH)
    assert any("after the cut-off" in n for n in late.notes)


def test_3_a_cut_off_in_an_unrecorded_depot_zone_is_unknown() -> None:
    v = build(RMA)
    e = estimate(v, v.rma.levels[1], failed=datetime(2026, 11, 26, 13, 30, tzinfo=ZURICH), site=LONDON)
    assert e.expected is None and e.expected_day is None and "depot" in e.unknown
    assert rma_data(v.id, [e], ZURICH)["levels"][0]["unknown_because"]


# ---- 4. business days on 24x7 plans are Monday-Friday ---------------------------------------------------------

BD = HEAD + """\
timezone: Europe/London
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
plans: [{id: std, name: Standard, coverage: 24x7}]
contracts: [{number: C-1, plan: std}]
slas:
  matrix:
    - {plan: std, severity: P1, response: 1bd}
    - {plan: std, severity: P2, response: nbd}
"""


@pytest.mark.parametrize(("opened", "severity", "expected"), [
    ("2026-11-27T10:00+00:00", "P1", "2026-11-30T10:00+00:00"),  # Fri 10:00 + 1bd = Mon 10:00 (not Sat)
    ("2026-11-28T10:00+00:00", "P1", "2026-12-01T00:00+00:00"),  # Sat: count from Mon 00:00 → Tue 00:00
    ("2026-11-27T10:00+00:00", "P2", "2026-12-01T00:00+00:00"),  # Fri nbd = end of Mon (not Sat)
    ("2026-11-28T10:00+00:00", "P2", "2026-12-01T00:00+00:00"),  # Sat nbd = end of Mon
])
def test_4_business_days_never_land_on_a_weekend(opened: str, severity: str, expected: str) -> None:
    t = escalation_timeline(build(BD), severity, opened=at(opened), zone=LONDON)
    assert due_of(t).at == at(expected)
    assert due_of(t).at.astimezone(LONDON).weekday() < 5 or due_of(t).at.astimezone(LONDON).hour == 0
    assert any("business days are Monday–Friday" in n for n in t.notes)


# ---- 5. a due time on a closed plan says nobody is staffed ----------------------------------------------------

CLOSED = HEAD + """\
timezone: Europe/London
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
plans:
  - {id: std, name: Standard, coverage: {days: mon-fri, hours: "09:00-17:00"}}
contracts: [{number: C-1, plan: std}]
slas:
  matrix:
    - {plan: std, severity: P1, response: 1h}
"""


def test_5_closed_at_opening_is_said() -> None:
    # Sat 2026-11-28 11:00 London: a 1 h wall-clock target is due 12:00, but nobody is there until Mon 09:00.
    t = escalation_timeline(build(CLOSED), "P1", opened=at("2026-11-28T11:00+00:00"), zone=LONDON)
    assert t.staffed is False and t.next_staffed == at("2026-11-30T09:00+00:00")
    assert "nobody is staffed" in timeline_text(t) and timeline_data(t)["staffed_at_opening"] is False


# ---- 6. qualifiers and alternative values are shown ------------------------------------------------------------

QUALIFIED = HEAD + """\
timezone: Europe/London
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
sources:
  - {id: guide, url: "http://vendor.example.com/guide", title: Support guide, version: "3.2", published: 2025-06-01}
  - {id: faq, url: "https://vendor.example.com/faq"}
plans: [{id: std, name: Standard, coverage: 24x7}]
contracts: [{number: C-1, plan: std}]
slas:
  matrix:
    - plan: std
      severity: P1
      response: {value: 1h, bound: less_than, qualifier: reasonable_efforts, source: guide,
                 alternatives: [{value: 2h, source: faq}]}
      resolution: {not_offered: true}
    - {plan: std, severity: P2, response: {unknown: stated in the order form}}
"""


def test_6_qualifiers_alternatives_and_not_offered_reach_every_output() -> None:
    v = build(QUALIFIED.replace('sources: [{url: "https://support.example.com/policy"}]\n', ""))
    t = escalation_timeline(v, "P1", opened=at("2026-11-24T10:00+00:00"), zone=LONDON)
    text = timeline_text(t)
    assert "< 1 hour (reasonable efforts)" in text and "2 hours (faq)" in text
    assert due_of(t).at == at("2026-11-24T12:00+00:00")  # the longest published value
    assert any("not a firm commitment" in n for n in t.notes)
    assert due_of(t, "resolution").at is None and "not offered" in text
    unknown = escalation_timeline(v, "P2", opened=at("2026-11-24T10:00+00:00"), zone=LONDON)
    assert "stated in the order form" in timeline_text(unknown)
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    assert "&lt; 1 hour (reasonable efforts)" in html and "not offered" in html and "stated in the order form" in html
    # an http: source is text, not a link; its version and date are shown
    assert 'href="http://vendor.example.com' not in html and "version 3.2" in html and "published 2025-06-01" in html
    card = quick_card(v, now=at("2026-11-24T10:00+00:00"), zone=LONDON, today=TODAY)
    assert "reasonable efforts" in json.dumps(card.data())


# ---- 7. plan scope on obligations and hotlines ------------------------------------------------------------------

SCOPED = HEAD + """\
timezone: Europe/London
contacts:
  - {id: premium-line, kind: phone, value: "+44 20 7946 0992", coverage: 24x7, plans: [premium], primary: true}
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
plans:
  - {id: std, name: Standard, coverage: 24x7}
  - {id: premium, name: Premium, coverage: 24x7}
contracts: [{number: C-1, plan: std}]
obligations:
  - {text: Keep a contact reachable around the clock., plans: [premium], severities: [P1]}
"""


def test_7_scope_is_shown_and_scoped_lines_are_not_the_general_number() -> None:
    v = build(SCOPED)
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    assert "Keep a contact reachable around the clock. <span class=\"esc-tag\">Premium · P1 only</span>" in html
    assert "esc-scoped" in html and "Premium only" in html
    choice = line_to_call(v, Reader(), plan=effective_plan(v).plan)
    assert choice.contact is not None and choice.contact.id == "line"  # not the Premium-only line
    home = home_page([v], today=TODAY, linker=Linker()).html
    assert "+44 20 7946 0991" in home and "+44 20 7946 0992" not in home


# ---- 10. the home page line follows the reader's region ---------------------------------------------------------

REGIONS = HEAD + """\
timezone: America/New_York
contacts:
  - {id: us, kind: phone, value: "+1 800-555-0199", region: US, primary: true, coverage: 24x7}
  - {id: uk, kind: phone, value: "+44 20 7946 0993", region: GB, primary: true, coverage: 24x7}
  - {id: intl, kind: phone, value: "+1 202-555-0198", region: International, coverage: 24x7}
plans: [{id: std, name: Standard, coverage: 24x7}]
"""


@pytest.mark.parametrize(("reader", "number", "why", "rule"), [
    (Reader(country="GB"), "+44 20 7946 0993", "", "line for United Kingdom (GB)"),
    (Reader(region="US"), "+1 800-555-0199", "", "line for United States (US)"),  # a region that is a country
    (Reader(country="DE"), "+1 202-555-0198", "callable from abroad", "line for Germany (DE)"),  # not toll-free
    (Reader(), "+1 202-555-0198", "", "no reader region configured"),  # not a toll-free number either
])
def test_10_home_line_is_picked_for_the_reader_and_says_why(reader: Reader, number: str, why: str,
                                                             rule: str) -> None:
    v = build(REGIONS)
    html = home_page([v], today=TODAY, linker=Linker(), reader=reader).html
    row = html.split('id="row-t"', 1)[1].split("</tr>", 1)[0]
    assert number in row and rule in html  # the table's rule is said once, above it
    assert (why in row) if why else ("esc-why" not in row)
    assert line_to_call(v, reader).contact.display in row


# ---- a number the vendor does not publish ---------------------------------------------------------------------

UNPUBLISHED = HEAD + """\
timezone: Europe/London
contacts:
  - {id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}
  - {id: dedicated, kind: phone, value_status: issued_on_enrolment, label: Dedicated line (Enterprise), coverage: 24x7}
plans: [{id: std, name: Standard, coverage: 24x7}]
"""


def test_an_unpublished_number_is_said_never_invented() -> None:
    v = build(UNPUBLISHED)
    dedicated = v.party("dedicated")
    assert dedicated is not None and dedicated.value == "" and dedicated.href == ""
    assert dedicated.display == "number issued on enrolment"
    assert [c.id for c in v.hotlines()] == ["line"]  # only callable lines are offered as hotlines
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    assert "<em>number issued on enrolment</em>" in html and 'href=""' not in html
    assert any(p.startswith("ESC102 'value' is required") for p in problems(
        UNPUBLISHED.replace("value_status: issued_on_enrolment, ", "")))
    assert any(p.startswith("ESC210 value_status is issued_on_enrolment") for p in problems(
        UNPUBLISHED.replace("value_status: issued_on_enrolment,", 'value_status: issued_on_enrolment, value: "+44 20 7946 0992",')))
