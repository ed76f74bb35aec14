"""Properties of every computed due time, over random coverages, targets and opening moments (hypothesis).

* a due time is never before the opening;
* a business-time due time lies inside the coverage that governs it (the instant just before it is open);
* unknown coverage (or a coverage whose zone is unknown) never yields a business-time due time;
* through the whole `when` path, the same holds for random vendors, plans and severities.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escdir.check.validate import check_bytes
from escdir.derive.clock.due import Calendar, due
from escdir.derive.clock.timeline import escalation_timeline
from escdir.model.coverage import ALWAYS, UNKNOWN, Coverage, Holidays, Window, business_hours
from escdir.model.durations import parse_duration

ZONES = ["Europe/London", "America/Los_Angeles", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "UTC"]
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)  # answers are whole seconds (escdir.derive.clock.due: "Precision")

zones = st.sampled_from(ZONES)
holidays = st.one_of(st.just(Holidays()), st.sampled_from([Holidays(country="US"), Holidays(country="GB"),
                                                           Holidays(closed=(date(2026, 12, 24), date(2026, 12, 25)))]))


@st.composite
def hours_coverage(draw) -> Coverage:
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))))
    start = draw(st.integers(0, 47)) * 30
    end = draw(st.integers(1, 48)) * 30
    if end == start:
        end = (start + 60) % 1440 or 1440
    return business_hours(days, start, end, zone=draw(zones), holidays=draw(holidays))


@st.composite
def window_coverage(draw) -> Coverage:
    n = draw(st.integers(1, 3))
    windows = tuple(Window(draw(st.integers(0, 6)), draw(st.integers(0, 47)) * 30, draw(st.integers(0, 6)),
                           draw(st.integers(0, 47)) * 30, draw(st.one_of(st.none(), zones)),
                           draw(st.one_of(st.none(), zones))) for _ in range(n))
    return Coverage(kind="hours", windows=windows, zone=draw(zones), holidays=draw(holidays))


coverages = st.one_of(st.just(ALWAYS), st.just(UNKNOWN), hours_coverage(), window_coverage())
targets = st.sampled_from(["15m", "4h", "2-4h", "1bh", "4bh", "9bh", "1bd", "3bd", "nbd", "1d", "best-effort", "0"])
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                       timezones=st.just(UTC))


def _open_just_before(cal: Calendar, moment: datetime) -> bool:
    before = moment - SECOND
    for opens, closes in cal.windows(before):
        return opens <= before < closes
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cov=coverages, target=targets, opened=moments, vendor_zone=st.one_of(st.none(), zones))
def test_due_time_properties(cov: Coverage, target: str, opened: datetime, vendor_zone: str | None) -> None:
    duration = parse_duration(target)
    cal = Calendar(cov, vendor_zone, "Europe/Berlin", None)
    result = due(opened, duration, cal)
    business = duration.business or duration.kind == "nbd"
    if duration.is_best_effort:
        assert result.at is None and result.why
        return
    if cov.unknown and business:
        assert result.at is None and "not recorded" in result.why
        return
    if result.at is None:  # only with a stated reason, and only for business time
        assert business and result.why
        return
    assert result.at >= opened
    assert result.at.microsecond == 0
    if business and not cov.always and result.at > opened:
        assert _open_just_before(cal, result.at), (cov.describe(vendor_zone), target, opened, result.at)
    if business and cov.always and (duration.unit == "bd" or duration.kind == "nbd"):
        # business days on 24x7: Monday-Friday in the vendor's zone, never a weekend
        local = (result.at - MINUTE).astimezone(ZoneInfo(cal.zone or "UTC"))
        assert local.weekday() < 5


VENDOR = """\
id: p
name: Property Vendor
last_verified: 2026-11-01
review_every: 180d
timezone: {zone}
sources: [{{url: "https://support.example.com/policy"}}]
contacts: [{{id: line, kind: phone, value: "+44 20 7946 0991", coverage: 24x7}}]
plans:
  - {{id: a, name: A{cov_a}}}
  - {{id: b, name: B, coverage: 24x7}}
contracts: [{{number: C-1, plan: {plan}}}]
severities:
  - {{id: P1, canonical: sev1, definition: Down.}}
  - {{id: P2, canonical: sev2, definition: Degraded.}}
slas:
  matrix:
    - {{plan: a, severity: P1, response: {t1}, updates: {t2}}}
    - {{plan: a, severity: P2, response: {t2}}}
    - {{plan: b, severity: P1, response: {t1}}}
"""
plan_coverages = st.sampled_from(["", ", coverage: unknown", ", coverage: 24x7",
                                  ', coverage: {days: mon-fri, hours: "08:00-18:00"}',
                                  ', coverage: {days: mon-sat, hours: "22:00-06:00", holidays: {country: GB}}',
                                  (', coverage: {windows: [{from: "sun 17:00", to: "fri 17:00", '
                                   'to_timezone: America/Los_Angeles}]}')])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=zones, cov_a=plan_coverages, plan=st.sampled_from(["a", "b"]), t1=targets, t2=targets,
       severity=st.sampled_from(["P1", "P2", "sev1"]), opened=moments)
def test_when_never_computes_from_unknown_and_never_before_opening(zone, cov_a, plan, t1, t2, severity,
                                                                    opened) -> None:
    text = VENDOR.format(zone=zone, cov_a=cov_a, plan=plan, t1=t1, t2=t2)
    outcome = check_bytes(text.encode(), "p.yaml", today=date(2026, 11, 23))
    assert outcome.vendor is not None, [p.format() for p in outcome.problems]
    t = escalation_timeline(outcome.vendor, severity, opened=opened, zone=ZoneInfo("Europe/Berlin"))
    unknown = t.coverage.unknown
    for d in t.deadlines:
        duration = d.target.for_due_time
        if d.at is not None:
            assert d.at >= opened
        if unknown and duration is not None and (duration.business or duration.kind == "nbd"):
            assert d.at is None and d.due.why
    assert all(m >= opened for m in t.update_times)


def test_found_by_hypothesis_overnight_business_days_and_no_time_within_the_horizon() -> None:
    """Mondays 23:30-00:30 only: 3bd is three of those one-hour business days (the third ends Tue 2026-01-20 00:30
    Berlin), not 3 x 24 h of coverage; and a target the calendar cannot hold within 400 days is 'not known', with
    the reason, never an exception."""
    berlin = ZoneInfo("Europe/Berlin")
    cal = Calendar(business_hours((0,), 1410, 30, zone="Europe/Berlin"), None, "Europe/Berlin", None)
    got = due(datetime(2026, 1, 1, tzinfo=UTC), parse_duration("3bd"), cal)
    assert got.at == datetime(2026, 1, 20, 0, 30, tzinfo=berlin)
    tiny = Calendar(Coverage(kind="hours", windows=(Window(0, 0, 0, 1),), zone="UTC"), None, None, None)
    never = due(datetime(2026, 1, 1, tzinfo=UTC), parse_duration("9999bh"), tiny)
    assert never.at is None and "does not open within 400 days" in never.why


def test_found_by_hypothesis_seed_13_a_fraction_of_a_second_never_spills_into_the_next_window() -> None:
    """Mon 00:00 - Tue 18:00 America/St_Johns, 9bh, opened 1 microsecond after 09:00 on Tuesday: the opening counts
    from 09:00:01, so the target runs out one whole second into the next window (Mon 00:00:01), and the second
    before it is open; every answer is a whole second."""
    cov = Coverage(kind="hours", windows=(Window(0, 0, 1, 1080),), zone="America/St_Johns")
    cal = Calendar(cov, None, "Europe/Berlin", None)
    opened = datetime(2026, 6, 2, 11, 30, 0, 1, tzinfo=UTC)
    got = due(opened, parse_duration("9bh"), cal)
    assert got.at == datetime(2026, 6, 8, 0, 0, 1, tzinfo=ZoneInfo("America/St_Johns"))
    assert _open_just_before(cal, got.at)
    exact = due(opened.replace(microsecond=0), parse_duration("9bh"), cal)
    assert exact.at == datetime(2026, 6, 2, 18, 0, tzinfo=ZoneInfo("America/St_Johns"))
