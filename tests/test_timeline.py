"""`escdir when` arithmetic against hand-computed times: 24x7, business hours over a weekend and
holidays, daylight-saving changes inside the window, non-escalatable severities, nbd, ranges.

Every expected value is worked out by hand in the comment above it; the vendors are built here
from YAML text so the tests do not move when the sample vendors are edited.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from escdir.check.validate import check_bytes
from escdir.derive.clock.timeline import escalation_timeline
from escdir.derive.clock.times import InputError, parse_moment
from escdir.model import Vendor

TODAY = date(2026, 11, 23)
LONDON, BERLIN, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")

VENDOR = """\
id: {id}
name: Timeline Test Vendor
timezone: {zone}
last_verified: 2026-11-01
review_every: 180d
sources: [{{url: "https://support.example.com/policy"}}]
contacts:
  - {{id: hotline, kind: phone, value: "+44 20 7946 0999", coverage: 24x7, primary: true}}
  - {{id: outage, kind: outage_alias, value: outage@example.com, coverage: 24x7}}
plans:
  - id: always
    name: Always On
    coverage: 24x7
  - id: office
    name: Office Hours
    coverage:
      days: mon-fri
      hours: "09:00-17:00"
      timezone: {zone}
      holidays: {{country: {country}}}
severities:
  - {{id: P1, canonical: sev1, definition: Down., open_via: [phone]}}
  - {{id: P2, canonical: sev2, definition: Degraded.}}
  - {{id: P3, canonical: sev3, definition: Minor.}}
  - {{id: P4, canonical: sev4, definition: Question.}}
slas:
  clock: {{pauses: [waiting_on_customer]}}
  matrix:
    - {{plan: always, severity: P1, response: 15m, updates: 1h, workaround: 2-4h}}
    - {{plan: always, severity: P2, response: 24h, updates: best-effort}}
    - {{plan: office, severity: P2, response: 4bh, updates: 1bd}}
    - {{plan: office, severity: P3, response: nbd}}
    - {{plan: office, severity: P4, response: best-effort}}
escalation:
  minimum_wait:
    - {{severity: P2, plan: office, wait: 8bh}}
    - {{severity: P2, plan: always, wait: 4h}}
  not_escalatable:
    - {{severity: P1, reason: A P1 already pages the on-call incident manager., instead: outage}}
  ladders:
    - severity: P2
      steps:
        - {{after: "0", action: Open by phone., axis: functional, whom: hotline}}
        - {{after: 2h, action: Ask for the duty manager., axis: hierarchical}}
        - {{after: 8h, action: Ask for the support manager., axis: hierarchical}}
        - {{after: 2bd, action: Ask for the director., axis: hierarchical}}
"""


def build(zone: str = "Europe/London", country: str = "GB", vid: str = "timeline-test") -> Vendor:
    """Validate the YAML exactly as `escdir validate` would and return the model."""
    outcome = check_bytes(VENDOR.format(id=vid, zone=zone, country=country).encode(), f"{vid}.yaml", today=TODAY)
    assert not [p for p in outcome.problems if p.is_error], [p.format() for p in outcome.problems]
    assert outcome.vendor is not None
    return outcome.vendor


def at(text: str) -> datetime:
    """An ISO 8601 time with offset, in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


def deadline(t, measure: str) -> datetime | None:
    return next(d.at for d in t.deadlines if d.measure == measure)


# ---- 24x7 --------------------------------------------------------------------------------------

def test_24x7_plan_response_updates_and_range_upper_bound() -> None:
    v = build()
    # Opened Mon 2026-11-23 14:05 GMT (= UTC in November). Always On, P1:
    #   response 15m → 14:20; updates every 1h counted from the response → 15:20, 16:20, 17:20;
    #   workaround 2-4h → upper bound 4h → 18:05.
    t = escalation_timeline(v, "P1", opened=at("2026-11-23T14:05+00:00"), zone=LONDON, plan_ref="always")
    assert deadline(t, "response") == at("2026-11-23T14:20+00:00")
    assert t.update_times == (at("2026-11-23T15:20+00:00"), at("2026-11-23T16:20+00:00"),
                              at("2026-11-23T17:20+00:00"))
    assert deadline(t, "workaround") == at("2026-11-23T18:05+00:00")
    assert any("2-4h counted as 4h" in n for n in t.notes)
    assert any("pauses while waiting on customer" in n for n in t.notes)


def test_24x7_canonical_severity_minimum_wait_and_ladder() -> None:
    v = build()
    # sev2 → P2. Opened Sat 2026-11-21 22:00 GMT on Always On (24x7, so no business clock at all):
    #   response 24h → Sun 22:00; minimum wait 4h → Sun 02:00; ladder +0 22:00, +2h Sun 00:00,
    #   +8h Sun 06:00. +2bd on a 24x7 calendar is business DAYS (Mon-Fri), not 48 h: from a weekend the count
    #   starts at Mon 00:00, so two business days later is Wed 00:00 (48 h would have been Mon 22:00).
    #   +2h is before the 4 h wait.
    t = escalation_timeline(v, "sev2", opened=at("2026-11-21T22:00+00:00"), zone=LONDON, plan_ref="always")
    assert t.severity.id == "P2"
    assert deadline(t, "response") == at("2026-11-22T22:00+00:00")
    assert t.escalate_from == at("2026-11-22T02:00+00:00")
    assert [s.at for s in t.steps] == [at("2026-11-21T22:00+00:00"), at("2026-11-22T00:00+00:00"),
                                       at("2026-11-22T06:00+00:00"), at("2026-11-25T00:00+00:00")]
    assert [s.early for s in t.steps] == [False, True, False, False]
    assert t.update_times == ()  # best effort: no due time
    assert any("best effort" in n for n in t.notes)


# ---- business hours ------------------------------------------------------------------------------

def test_business_hours_cross_a_weekend() -> None:
    v = build()
    # Office Hours Mon–Fri 09:00–17:00 Europe/London. Opened Fri 2026-11-20 15:00 GMT, P2:
    #   response 4bh: Fri 15:00–17:00 uses 2 h, Sat/Sun closed, Mon 09:00 + 2 h → Mon 11:00.
    #   minimum wait 8bh: Fri 2 h, Mon 09:00 + 6 h → Mon 15:00.
    #   updates 1bd = one 8-hour coverage day from the response: Mon 11:00–17:00 = 6 h, Tue 09:00 + 2 h
    #   → Tue 11:00, then Wed 11:00, Thu 11:00.
    #   ladder +2h and +8h are wall clock: Fri 17:00 and Fri 23:00; +2bd = 16 bh: Fri 2 h, Mon 8 h,
    #   Tue 09:00 + 6 h → Tue 15:00.
    t = escalation_timeline(v, "P2", opened=at("2026-11-20T15:00+00:00"), zone=LONDON, plan_ref="office")
    assert deadline(t, "response") == at("2026-11-23T11:00+00:00")
    assert t.escalate_from == at("2026-11-23T15:00+00:00")
    assert t.update_times == (at("2026-11-24T11:00+00:00"), at("2026-11-25T11:00+00:00"),
                              at("2026-11-26T11:00+00:00"))
    assert [s.at for s in t.steps] == [at("2026-11-20T15:00+00:00"), at("2026-11-20T17:00+00:00"),
                                       at("2026-11-20T23:00+00:00"), at("2026-11-24T15:00+00:00")]
    assert [s.early for s in t.steps] == [False, True, True, False]


def test_business_hours_skip_public_holidays() -> None:
    v = build()
    # Opened Thu 2026-12-24 16:00 GMT, 4bh: Thu 16:00–17:00 = 1 h; Fri 25 Christmas Day, Sat 26, Sun 27,
    # Mon 28 Boxing Day (substitute day) are closed; Tue 29 09:00 + 3 h → 12:00.
    t = escalation_timeline(v, "P2", opened=at("2026-12-24T16:00+00:00"), zone=LONDON, plan_ref="office")
    assert deadline(t, "response") == at("2026-12-29T12:00+00:00")


def test_opened_outside_hours_starts_at_next_opening() -> None:
    v = build()
    # Opened Sun 2026-11-22 03:00 GMT: nothing counts until Mon 09:00; 4bh → Mon 13:00.
    t = escalation_timeline(v, "P2", opened=at("2026-11-22T03:00+00:00"), zone=LONDON, plan_ref="office")
    assert deadline(t, "response") == at("2026-11-23T13:00+00:00")


def test_nbd_is_close_of_the_next_business_day_and_best_effort_has_no_time() -> None:
    v = build()
    # nbd from Fri 2026-11-20 10:00: the next business day after Friday is Monday → close 17:00 Mon 23rd.
    t = escalation_timeline(v, "P3", opened=at("2026-11-20T10:00+00:00"), zone=LONDON, plan_ref="office")
    assert deadline(t, "response") == at("2026-11-23T17:00+00:00")
    # P4 response is best-effort: a deadline without a time.
    t4 = escalation_timeline(v, "P4", opened=at("2026-11-20T10:00+00:00"), zone=LONDON, plan_ref="office")
    assert deadline(t4, "response") is None


# ---- daylight saving inside the window ----------------------------------------------------------

def test_wall_clock_across_berlin_dst_end() -> None:
    v = build(zone="Europe/Berlin", country="DE", vid="timeline-berlin")
    # Europe/Berlin leaves summer time on the last Sunday of October: 2026-10-25 03:00 CEST → 02:00 CET.
    # Opened Sat 2026-10-24 12:00 CEST = 10:00 UTC. P2 on Always On: response 24h = 24 real hours →
    # 2026-10-25 10:00 UTC = 11:00 CET (the local clock shows 23 h later, not 24).
    t = escalation_timeline(v, "P2", opened=at("2026-10-24T12:00+02:00"), zone=BERLIN, plan_ref="always")
    due = deadline(t, "response")
    assert due == at("2026-10-25T10:00+00:00")
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "11:00 CET"


def test_business_hours_across_berlin_dst_end() -> None:
    v = build(zone="Europe/Berlin", country="DE", vid="timeline-berlin")
    # Office Hours 09:00–17:00 Europe/Berlin. Opened Fri 2026-10-23 16:00 CEST (14:00 UTC), 4bh:
    # Fri 16:00–17:00 CEST = 1 h; weekend (DST ends Sunday); Mon 2026-10-26 09:00 CET (08:00 UTC) + 3 h
    # → 12:00 CET = 11:00 UTC. Business hours follow the local clock on both sides of the change.
    t = escalation_timeline(v, "P2", opened=at("2026-10-23T16:00+02:00"), zone=BERLIN, plan_ref="office")
    assert deadline(t, "response") == at("2026-10-26T11:00+00:00")


def test_wall_clock_across_new_york_dst_end() -> None:
    v = build(zone="America/New_York", country="US", vid="timeline-ny")
    # America/New_York leaves daylight time on the first Sunday of November: 2026-11-01 02:00 EDT → 01:00 EST.
    # Opened Sat 2026-10-31 20:00 EDT = Sun 00:00 UTC. Ladder +8h → 08:00 UTC = 03:00 EST (not 04:00);
    # response 24h → Mon 2026-11-02 00:00 UTC = Sun 19:00 EST.
    t = escalation_timeline(v, "P2", opened=at("2026-10-31T20:00-04:00"), zone=NEW_YORK, plan_ref="always")
    assert t.steps[2].at == at("2026-11-01T08:00+00:00")
    assert t.steps[2].at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:00 EST"
    assert deadline(t, "response") == at("2026-11-02T00:00+00:00")


def test_naive_opened_time_in_the_repeated_hour_is_flagged() -> None:
    # 2026-11-01 01:30 happens twice in New York (EDT, then EST): the first (EDT, 05:30 UTC) is taken.
    moment, note = parse_moment("2026-11-01T01:30", NEW_YORK)
    assert moment == at("2026-11-01T05:30+00:00")
    assert "happens twice" in note
    # 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 → 03:00); read as 03:30 EDT.
    moment, note = parse_moment("2026-03-08T02:30", NEW_YORK)
    assert moment == at("2026-03-08T07:30+00:00")
    assert "does not exist" in note


# ---- severities that cannot be escalated, and bad input -------------------------------------------

def test_non_escalatable_severity_names_where_to_go() -> None:
    v = build()
    # P1 is listed under not_escalatable with `instead: outage`: no escalation time, the alias instead;
    # the SLA deadlines still apply (response 15m from 09:00 → 09:15).
    t = escalation_timeline(v, "sev1", opened=at("2026-11-23T09:00+00:00"), zone=LONDON, plan_ref="always")
    assert t.blocked is not None and "already pages" in t.blocked.reason
    assert t.escalate_from is None
    assert "outage@example.com" in t.instead
    assert deadline(t, "response") == at("2026-11-23T09:15+00:00")


def test_no_plan_is_assumed_without_a_contract() -> None:
    """Several plans and no contract: the plan is not known, and no plan's targets pose as ours."""
    v = build()
    t = escalation_timeline(v, "P2", opened=at("2026-11-23T09:00+00:00"), zone=LONDON)
    assert t.plan is None
    # every recorded target is "not known: choose a plan", with each plan's value; no plan's time poses as ours
    assert t.deadlines and all(d.at is None and "choose one with --plan" in d.due.why for d in t.deadlines)
    assert any("plan not known" in n and "choose one" in n and "--plan" in n for n in t.notes)


@pytest.mark.parametrize(("severity", "plan", "message"), [
    ("P9", None, "unknown severity 'P9'"),
    ("sev7", None, "unknown severity 'sev7'"),
    ("P1", "gold", "no plan 'gold'"),
])
def test_unknown_severity_or_plan_is_a_clear_error(severity: str, plan: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message):
        escalation_timeline(build(), severity, opened=at("2026-11-23T09:00+00:00"), zone=LONDON, plan_ref=plan)


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01T10:00", "10:00 tomorrow", ""])
def test_bad_opened_time_is_a_clear_error(text: str) -> None:
    with pytest.raises(InputError, match="not an ISO 8601 time"):
        parse_moment(text, LONDON)


def test_24x7_open_window_end_converts_to_any_zone() -> None:
    # coverage.py fix: the 24x7 window used to end at datetime.max in the caller's zone, which overflowed
    # when converted to UTC from a zone west of it (America/New_York) — exactly what UTC arithmetic does.
    from escdir.model.coverage import ALWAYS

    _opens, closes = next(ALWAYS.open_windows(datetime(2026, 11, 23, tzinfo=NEW_YORK), None))
    assert closes.astimezone(UTC).year == 9999 and closes.astimezone(ZoneInfo("Pacific/Kiritimati")).year == 9999
