"""When does a duration run out? Wall-clock time in UTC, business time on a coverage calendar.

Rules (shown to the user by :mod:`.report`):

* wall-clock units (m, h, d, w) are plain additions in absolute time: 24 h across a
  daylight-saving change is 24 real hours, so the local clock reads 23:00 or 01:00 more;
* ``bh`` consumes open minutes of the coverage calendar (days, hours, zone, public holidays);
* ``bd`` is business days: N × the length of one coverage day, consumed the same way, so
  Monday 10:00 + 1bd on 08:00–18:00 is Tuesday 10:00;
* ``nbd`` is the close of the next business day after the day the clock starts;
* ranges (``2-4h``) use their upper bound; ``best-effort`` has no due time (None);
* a 24×7 calendar makes business time equal to wall-clock time.

Python subtracts two aware datetimes that share a ``ZoneInfo`` as wall-clock times, so every
sum here is done on UTC values and only converted for display.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from ..coverage import Coverage
from ..durations import Duration


class NoCoverageError(ValueError):
    """The calendar never opens in the search horizon (e.g. every day a closed holiday)."""


def effective_coverage(cov: Coverage, business_hours_zone: str = "vendor") -> Coverage:
    """``cov`` with its zone switched to the customer's when the SLA clock counts customer hours."""
    if business_hours_zone == "customer" and not cov.always:
        return replace(cov, zone="customer")
    return cov


def due(start: datetime, duration: Duration, cov: Coverage, vendor_zone: str | None,
        customer_zone: str | None) -> datetime | None:
    """The moment ``duration`` after ``start`` runs out (UTC), or None for best effort."""
    start = start.astimezone(UTC)
    if duration.is_best_effort:
        return None
    if duration.kind == "nbd":
        return next_business_day_close(start, cov, vendor_zone, customer_zone)
    minutes = duration.high
    if not duration.business or cov.always:
        return start + timedelta(minutes=minutes)
    if duration.unit == "bd":
        minutes = minutes / 1440 * (cov.end - cov.start)
    return add_business_minutes(start, minutes, cov, vendor_zone, customer_zone)


def add_business_minutes(start: datetime, minutes: float, cov: Coverage, vendor_zone: str | None,
                         customer_zone: str | None) -> datetime:
    """``start`` plus ``minutes`` counted only while ``cov`` is open. Zero minutes returns ``start``."""
    start = start.astimezone(UTC)
    remaining = timedelta(minutes=minutes)
    if cov.always or not remaining:
        return start + remaining
    for opens, closes in cov.open_windows(start, vendor_zone, customer_zone):
        opens, closes = opens.astimezone(UTC), closes.astimezone(UTC)
        available = closes - opens
        if remaining <= available:  # ending exactly at closing time stays on that day
            return opens + remaining
        remaining -= available
    raise NoCoverageError(f"the coverage calendar ({cov.describe(vendor_zone)}) does not open within 400 days")


def next_business_day_close(start: datetime, cov: Coverage, vendor_zone: str | None,
                            customer_zone: str | None) -> datetime:
    """Close of business on the first open day strictly after the local day of ``start``."""
    tz = cov.tz(vendor_zone, customer_zone)
    tomorrow = start.astimezone(tz).date() + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time(0), tzinfo=tz).astimezone(UTC)
    if cov.always:
        return datetime.combine(tomorrow + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    for _opens, closes in cov.open_windows(midnight, vendor_zone, customer_zone):
        return closes.astimezone(UTC)
    raise NoCoverageError(f"the coverage calendar ({cov.describe(vendor_zone)}) does not open within 400 days")


def first_open(start: datetime, cov: Coverage, vendor_zone: str | None, customer_zone: str | None) -> datetime:
    """``start`` if the calendar is open then, else the next opening (UTC)."""
    start = start.astimezone(UTC)
    if cov.always:
        return start
    for opens, _closes in cov.open_windows(start, vendor_zone, customer_zone):
        return opens.astimezone(UTC)
    raise NoCoverageError(f"the coverage calendar ({cov.describe(vendor_zone)}) does not open within 400 days")
