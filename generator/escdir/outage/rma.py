"""``escdir rma``: when the replacement part arrives and when the failed unit must go back.

Business days for RMA are Monday–Friday in the level's zone: ``timezone: site`` is the site's
zone (``--tz``), an IANA name is that zone, nothing is the vendor's zone. Public holidays at the
site are not known to the directory, so they are not skipped (the output says so).

* next business day (``nbd``, or N ``bd``) with a cut-off: a failure diagnosed on a business day
  before the cut-off is processed that day; otherwise on the next business day; delivery is
  N business days after the processing day (Friday 16:00 after a 15:00 cut-off → Tuesday);
* dispatch / on-site / return-to-base with a wall-clock target: failure time + target;
* cold spare: on site now.

The return window runs from the delivery (for dispatch levels, from the dispatch: the delivery
time depends on the carrier, so the real deadline is later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..coverage import Coverage
from ..model import RmaLevel, Vendor
from .clock import add_business_minutes
from .times import InputError

WHAT = {"nbd": "replacement delivered", "dispatch": "replacement leaves the depot",
        "onsite": "part and engineer on site", "cold_spare": "cold spare on site",
        "return_to_base": "repaired unit back"}


@dataclass(frozen=True)
class RmaEstimate:
    """One level's answer. ``expected_day`` for day-granular levels, ``expected`` for timed ones."""

    level: RmaLevel
    failed: datetime
    zone: ZoneInfo
    zone_source: str
    expected: datetime | None = None
    expected_day: date | None = None
    cutoff_met: bool | None = None
    return_by: datetime | None = None
    return_by_day: date | None = None
    notes: tuple[str, ...] = ()

    @property
    def what(self) -> str:
        return WHAT.get(self.level.kind, "replacement")


def _is_business_day(day: date) -> bool:
    return day.weekday() < 5


def add_business_days(day: date, n: int) -> date:
    """``day`` plus ``n`` Monday–Friday days (``n`` = 0 returns ``day``)."""
    while n > 0:
        day += timedelta(days=1)
        n -= _is_business_day(day)
    return day


def level_zone(vendor: Vendor, level: RmaLevel, site: ZoneInfo) -> tuple[ZoneInfo, str]:
    """The zone business days and the cut-off are counted in, and where it came from."""
    if level.timezone == "site":
        return site, f"site zone {site.key} (--tz)"
    name = level.timezone or vendor.timezone
    if not name:
        return site, f"site zone {site.key} (no vendor zone recorded)"
    return ZoneInfo(name), f"{'level' if level.timezone else 'vendor'} zone {name}"


def resolve_levels(vendor: Vendor, ref: str | None) -> list[RmaLevel]:
    """``--level`` (id or name), else the levels our contracts hold, else every level."""
    levels = vendor.rma.levels if vendor.rma else ()
    if not levels:
        raise LookupError(f"{vendor.name} has no RMA levels recorded")
    if ref:
        found = [lv for lv in levels if lv.id == ref or lv.name.casefold() == ref.casefold()]
        if not found:
            raise InputError(f"{vendor.name} has no RMA level {ref!r} (levels: {', '.join(lv.id for lv in levels)})")
        return found
    held = [c.rma_level for c in vendor.contracts if c.rma_level]
    chosen = [lv for lv in levels if lv.id in held]
    return chosen or list(levels)


def estimate(vendor: Vendor, level: RmaLevel, *, failed: datetime, site: ZoneInfo) -> RmaEstimate:
    """When ``level`` delivers for a failure diagnosed at ``failed``."""
    failed = failed.astimezone(UTC)
    tz, source = level_zone(vendor, level, site)
    target = level.target
    notes: list[str] = []
    expected = day = None
    cutoff_met = None
    if level.kind == "cold_spare" and not target.high:
        expected = failed
    elif target.kind == "nbd" or target.unit == "bd":
        n = 1 if target.kind == "nbd" else int(-(-target.high // 1440))
        local = failed.astimezone(tz)
        minute = local.hour * 60 + local.minute
        cutoff_met = _is_business_day(local.date()) and (level.cutoff is None or minute < level.cutoff)
        processing = local.date() if cutoff_met else add_business_days(local.date(), 1)
        day = add_business_days(processing, n)
        if target.kind == "range":
            notes.append(f"{target.text} counted as its upper bound")
        notes.append("weekends skipped; public holidays are not recorded for RMA, so they are not skipped")
    elif target.is_best_effort:
        notes.append("best effort: no delivery commitment")
    elif target.unit == "bh":
        weekdays = Coverage(always=False, days=(0, 1, 2, 3, 4), zone=tz.key)
        expected = add_business_minutes(failed, target.high, weekdays, tz.key, None)
        notes.append("business hours counted as Monday–Friday, whole days")
    else:
        expected = failed + timedelta(minutes=target.high)
        if target.kind == "range":
            notes.append(f"{target.text} counted as its upper bound")
    return_by, return_day = _return(vendor, expected, day, tz)
    if vendor.rma and vendor.rma.return_window is not None:
        if level.kind == "dispatch":
            notes.append("return deadline counted from the dispatch: it really runs from delivery, so it is later")
        if not vendor.rma.advance_replacement:
            notes.append("no advance replacement: the vendor may wait for the failed unit before shipping")
    return RmaEstimate(level, failed, tz, source, expected, day, cutoff_met, return_by, return_day, tuple(notes))


def _return(vendor: Vendor, expected: datetime | None, day: date | None,
            tz: ZoneInfo) -> tuple[datetime | None, date | None]:
    window = vendor.rma.return_window if vendor.rma else None
    if window is None or window.is_best_effort or (expected is None and day is None):
        return None, None
    days = int(-(-window.high // 1440))  # whole days, rounded up
    if day is not None:
        if window.business:
            return None, add_business_days(day, days if window.kind != "nbd" else 1)
        return None, day + timedelta(days=days)
    assert expected is not None
    if window.business:
        local = expected.astimezone(tz)
        moved = add_business_days(local.date(), days if window.kind != "nbd" else 1)
        return datetime.combine(moved, local.time().replace(tzinfo=None), tzinfo=tz).astimezone(UTC), None
    return expected + timedelta(minutes=window.high), None

