"""When does a duration run out? Wall-clock time in UTC, business time on a coverage calendar.

Rules (also on the SLA-clock guide page, and shown to the user by :mod:`escdir.present.reporting.outage`):

* wall-clock units (m, h, d, w) are plain additions in absolute time: 24 h across a daylight-saving change is
  24 real hours, so the local clock reads 23:00 or 01:00 more;
* ``bh`` consumes open minutes of the governing coverage (its windows, zone and holidays);
* a **business day** is a day, in the coverage's zone, that is one of the coverage's days (business hours) or
  Monday–Friday (24×7, 24×5 and other multi-day windows), and is not a holiday of its calendar;
* ``N bd`` on business hours (overnight ones too) consumes N × the length of one business day of open minutes
  (Monday 10:00 + 1bd on 08:00–18:00 is Tuesday 10:00); on 24×7 it is the same time of day N business days later (Friday 10:00 + 1bd is
  Monday 10:00; from a weekend, counting starts at 00:00 of the next business day); on multi-day windows (24×5)
  it consumes N × 24 hours of coverage;
* ``nbd`` is the close of the next business day after the day the clock starts: its closing time on business
  hours, its end (24:00) on 24×7, and the last moment of coverage that day on windows;
* ranges (``2-4h``) use their upper bound; ``best-effort`` has no due time;
* unknown coverage (or an unknown zone or holiday calendar) gives no business-time due time: it says why.

**Precision.** Answers are given to the whole second: an opening moment with a fraction of a second counts from the
next whole second (never earlier than the opening), so a due time never lands a microsecond into a window.

Every sum is done on UTC values and only converted for display.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from escdir.model.coverage import Coverage
from escdir.model.durations import Duration


class NoCoverageError(ValueError):
    """The calendar never opens in the search horizon (e.g. every day a closed holiday)."""


@dataclass(frozen=True)
class Due:
    """A due time, or None with the reason it cannot be given."""

    at: datetime | None
    why: str = ""


@dataclass(frozen=True)
class Calendar:
    """A coverage with everything needed to count on it: the customer's zone and country."""

    coverage: Coverage
    vendor_zone: str | None = None
    customer_zone: str | None = None
    customer_country: str | None = None

    @property
    def zone(self) -> str | None:
        return self.coverage.zone_name(self.vendor_zone, self.customer_zone)

    def problem(self, duration: Duration) -> str:
        """Why a due time for ``duration`` cannot be computed on this calendar ('' when it can)."""
        if duration.is_best_effort:
            return "best effort: no due time"
        if self.coverage.no_support:  # a stated fact: nothing is due, wall-clock targets included
            return self.coverage.describe(self.vendor_zone)
        if not (duration.business or duration.kind == "nbd"):
            return ""
        cov = self.coverage
        if cov.always:
            needs_days = duration.kind == "nbd" or duration.unit == "bd"
            return "business days need a time zone and none is recorded for this vendor" \
                if needs_days and not self.zone else ""
        reason = cov.why_not_computable(self.vendor_zone, self.customer_zone, self.customer_country)
        if not reason and duration.kind == "nbd" and not self.zone:  # windows with their own zones: whose day?
            reason = "the zone whose calendar days count as business days is not recorded"
        return f"business time cannot be counted: {reason}" if reason else ""

    def windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        return self.coverage.open_windows(start, self.vendor_zone, self.customer_zone,
                                          customer_country=self.customer_country)

    def is_business_day(self, day: date) -> bool:
        cov = self.coverage
        days = cov.days if cov.daily else (0, 1, 2, 3, 4)
        return day.weekday() in days and not cov.holidays.is_holiday(day, self.customer_country)


def whole_second(moment: datetime) -> datetime:
    """``moment`` in UTC, moved up to the next whole second when it has a fraction (the precision of every answer)."""
    moment = moment.astimezone(UTC)
    return moment + timedelta(microseconds=(1_000_000 - moment.microsecond)) if moment.microsecond else moment


def due(start: datetime, duration: Duration, cal: Calendar) -> Due:
    """When ``duration`` after ``start`` runs out (UTC, whole seconds), or why that cannot be said."""
    start = whole_second(start)
    why = cal.problem(duration)
    if why:
        return Due(None, why)
    try:
        return Due(whole_second(_run_out(start, duration, cal)))
    except NoCoverageError as exc:  # e.g. one hour a week cannot hold 3 business days within the horizon
        return Due(None, str(exc))


def due_when_staffed(start: datetime, duration: Duration, cal: Calendar) -> Due:
    """The due time of ``duration`` under a coverage that may be closed at ``start`` (the "otherwise" branch of a
    conditional coverage): business time as :func:`due`; wall-clock time counts from the coverage's next opening
    when nobody is staffed at ``start``, and is not known when the coverage (or its zone) is not known."""
    if duration.is_best_effort or duration.business or duration.kind == "nbd" or cal.coverage.always \
            or cal.coverage.no_support:
        return due(start, duration, cal)
    cov = cal.coverage
    if not cov.computable(cal.vendor_zone, cal.customer_zone, cal.customer_country):
        reason = cov.why_not_computable(cal.vendor_zone, cal.customer_zone, cal.customer_country)
        return Due(None, f"the coverage that applies otherwise is not known: {reason}")
    staffed, opens = staffed_at(start, cal)
    if staffed is False and opens is None:
        return Due(None, f"the coverage that applies otherwise ({cov.describe(cal.vendor_zone)}) does not open "
                         "within 400 days")
    return due(opens if staffed is False and opens is not None else start, duration, cal)


def _run_out(start: datetime, duration: Duration, cal: Calendar) -> datetime:
    if duration.kind == "nbd":
        return next_business_day_close(start, cal)
    minutes = duration.high
    if not duration.business:
        return start + timedelta(minutes=minutes)
    cov = cal.coverage
    if duration.unit == "bd":
        if cov.days:  # business hours (overnight ones too): N × one business day's open time
            return add_business_minutes(start, minutes / 1440 * ((cov.end - cov.start) % 1440 or 1440), cal)
        if cov.always:
            return add_business_days(start, int(-(-minutes // 1440)), cal)
        return add_business_minutes(start, minutes, cal)  # windows (24x5 …): N × 24 h of coverage
    if cov.always:
        return start + timedelta(minutes=minutes)
    return add_business_minutes(start, minutes, cal)


def add_business_minutes(start: datetime, minutes: float, cal: Calendar) -> datetime:
    """``start`` plus ``minutes`` counted only while the calendar is open. Zero minutes returns ``start``."""
    start = start.astimezone(UTC)
    remaining = timedelta(minutes=minutes)
    if cal.coverage.always or not remaining:
        return start + remaining
    for opens, closes in cal.windows(start):
        available = closes - opens
        if remaining <= available:  # ending exactly at closing time stays on that day
            return opens + remaining
        remaining -= available
    raise NoCoverageError(f"the coverage ({cal.coverage.describe(cal.vendor_zone)}) does not open within 400 days")


def add_business_days(start: datetime, n: int, cal: Calendar) -> datetime:
    """The same local time ``n`` business days later (from a non-business day: from the next one's 00:00)."""
    tz = ZoneInfo(cal.zone or "UTC")
    local = start.astimezone(tz)
    day, clock = local.date(), local.time().replace(tzinfo=None)
    if not cal.is_business_day(day):
        day, clock = _next_business_day(day, cal), time(0)
    for _ in range(n):
        day = _next_business_day(day, cal)
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def _next_business_day(day: date, cal: Calendar) -> date:
    for _ in range(400):
        day += timedelta(days=1)
        if cal.is_business_day(day):
            return day
    raise NoCoverageError("no business day within 400 days")


def next_business_day_close(start: datetime, cal: Calendar) -> datetime:
    """Close of business on the first business day strictly after the local day of ``start``."""
    tz = ZoneInfo(cal.zone or "UTC")
    day = _next_business_day(start.astimezone(tz).date(), cal)
    cov = cal.coverage
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    if cov.daily:
        return (datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=cov.end)).astimezone(UTC) \
            if cov.end < 1440 else day_end
    if cov.always:
        return day_end
    day_start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    last = None
    for opens, closes in cal.windows(day_start):
        if opens >= day_end:
            break
        last = min(closes, day_end)
    if last is None:  # no coverage at all that business day: its next opening's first close
        return next(iter(cal.windows(day_end)))[1]
    return last


def staffed_at(moment: datetime, cal: Calendar) -> tuple[bool | None, datetime | None]:
    """(open at ``moment``?, next opening when closed). None when it cannot be known."""
    cov = cal.coverage
    if cov.always:
        return True, None
    if not cov.computable(cal.vendor_zone, cal.customer_zone, cal.customer_country):
        return None, None
    for opens, _closes in cal.windows(moment):
        return (opens <= moment.astimezone(UTC)), (None if opens <= moment.astimezone(UTC) else opens)
    return False, None
