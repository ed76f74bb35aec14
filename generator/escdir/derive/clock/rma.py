"""``escdir rma``: when the replacement part arrives and when the failed unit must go back.

The time given (``--failed``) is the moment the level's clock starts (``clock_starts``, e.g. the vendor's
diagnosis; a level that does not say when its clock starts gets no time: nothing is assumed). Business days are counted in the level's zone (``timezone: site`` is the site's zone,
``--tz``; an IANA name is that zone; nothing is the vendor's zone; ``depot`` without a zone is unknown) on the
calendar of the plan that holds the level (the contract naming it): its coverage days when it has business hours
(else Monday–Friday) less its holidays. A named holiday calendar that is not published makes the answer "not
known", with the earliest possible date (holidays not skipped); with no plan known, holidays are not skipped and
the output says so.

* a cut-off applies to every target: a clock start on a business day before the cut-off counts from that moment;
  otherwise from 00:00 of the next business day in the cut-off's zone (the output says the cut-off was missed);
* next business day (``nbd``, or N ``bd``): delivered on the Nth business day after the processing day
  (Friday 16:00 after a 15:00 cut-off → Tuesday);
* wall-clock targets (``4h``, ``24h``): the counting start + target; ``bh`` on Monday–Friday, whole days;
* cold spare: on site now; best effort: no commitment;
* an onboarding period (``applies_after``) that has not ended at the clock start: the interim level applies.

The return window runs from the delivery (for dispatch levels, from the dispatch: the delivery time depends on
the carrier, so the real deadline is later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from escdir.derive.clock.due import Calendar, add_business_minutes
from escdir.derive.clock.times import InputError
from escdir.model import AS_VENDOR_SPECIFIES, RmaLevel, Vendor
from escdir.model.coverage import Holidays, business_hours
from escdir.model.durations import Duration

ENDS_WORDS = {"delivered": "replacement delivered", "dispatched": "replacement leaves the depot",
              "engineer_on_site": "part and engineer on site", "repaired": "repaired"}


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
    unknown: str = ""  # why no time can be given
    applied: RmaLevel | None = None  # the level whose terms were used (an interim level during onboarding)
    earliest_day: date | None = None  # when unknown only because of unpublished holidays: the earliest possible day
    return_window: str = ""  # the applied level's own return window in words ('' when none is stated)

    @property
    def what(self) -> str:
        return ENDS_WORDS.get((self.applied or self.level).ends, "replacement")


@dataclass(frozen=True)
class RmaCalendar:
    """Which days are business days for an RMA level: the holding plan's coverage days (Monday–Friday when it has
    none) less its holidays. ``unknown`` says why holidays cannot be skipped (a named, unpublished calendar)."""

    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: Holidays = Holidays()
    country: str | None = None
    source: str = ""  # "" when no plan is known: holidays are not skipped
    unknown: str = ""

    def is_business_day(self, day: date) -> bool:
        if day.weekday() not in self.days:
            return False
        return self.unknown != "" or not self.source or not self.holidays.is_holiday(day, self.country)


WEEKDAYS = RmaCalendar()


def add_business_days(day: date, n: int, cal: RmaCalendar = WEEKDAYS) -> date:
    """``day`` plus ``n`` business days of ``cal`` (``n`` = 0 returns ``day``)."""
    for _ in range(400 * max(n, 0)):
        if n <= 0:
            break
        day += timedelta(days=1)
        n -= cal.is_business_day(day)
    return day


def rma_calendar(vendor: Vendor, level: RmaLevel, country: str | None = None) -> RmaCalendar:
    """The calendar of the plan whose contract holds ``level`` (Monday–Friday, no holidays, when none is known)."""
    plans = [vendor.plan(c.plan) for c in vendor.contracts if c.rma_level == level.id]
    plan = next((p for p in plans if p is not None), None)
    if plan is None:
        return WEEKDAYS
    cov = plan.coverage
    days = cov.days if cov.kind == "hours" and cov.days else (0, 1, 2, 3, 4)
    source = f"the calendar of {plan.name}"
    if cov.kind != "hours":
        return RmaCalendar(days=days, source=source)
    hol = cov.holidays
    unknown = ""
    if hol.unknown_calendar:
        unknown = f"{plan.name} excludes {hol.name}, which are not published"
    elif hol.customer_local and not country:
        unknown = f"{plan.name} excludes the customer's local holidays and the customer's country is not configured"
    return RmaCalendar(days=days, holidays=hol, country=country, source=source, unknown=unknown)


def level_zone(vendor: Vendor, level: RmaLevel, site: ZoneInfo) -> tuple[ZoneInfo | None, str]:
    """The zone business days and the cut-off are counted in, and where it came from (None: unknown)."""
    if level.timezone == "site":
        return site, f"site zone {site.key} (--tz)"
    if level.timezone == "depot":
        return None, "the depot's local time (its zone is not recorded)"
    name = level.timezone or vendor.timezone
    if not name:
        return None, "no zone recorded for the level or the vendor"
    return ZoneInfo(name), f"{'level' if level.timezone else 'vendor'} zone {name}"


def resolve_levels(vendor: Vendor, ref: str | None, severity: str | None = None) -> list[RmaLevel]:
    """``--level`` (id or name), else the levels our contracts hold, else every level; with ``severity`` (a vendor
    severity id) only the levels that serve cases of that severity (dispatch by severity)."""
    levels = vendor.rma.levels if vendor.rma else ()
    if not levels:
        raise LookupError(f"{vendor.name} has no RMA levels recorded")
    if ref:
        found = [lv for lv in levels if lv.id == ref or lv.name.casefold() == ref.casefold()]
        if not found:
            raise InputError(f"{vendor.name} has no RMA level {ref!r} (levels: {', '.join(lv.id for lv in levels)})")
        return found
    held = [c.rma_level for c in vendor.contracts if c.rma_level]
    chosen = [lv for lv in levels if lv.id in held] or list(levels)
    if severity is None:
        return chosen
    serving = [lv for lv in chosen if lv.serves(severity)] or [lv for lv in levels if lv.serves(severity)]
    if not serving:
        raise LookupError(f"{vendor.name} records no RMA level for {severity} cases")
    return serving


EVENTS = {"diagnosis": "the vendor's diagnosis", "rma_approved": "RMA approval",
          "unit_received": "the failed unit reaching the vendor", "case_opened": "opening the case"}


def _onboarding(vendor: Vendor, level: RmaLevel, failed: datetime,
                cal: RmaCalendar = WEEKDAYS) -> tuple[RmaLevel | None, str]:
    """The level that applies at ``failed`` given an onboarding period; (None, why) when it cannot be said."""
    after = level.applies_after
    if after is None:
        return level, ""
    starts = [c.start for c in vendor.contracts if c.rma_level == level.id and c.start]
    if not starts:
        return None, (f"{level.name or level.id} applies only {after.human()} after the contract starts and "
                      "no contract start date is recorded")
    ready = starts[0] + timedelta(days=int(-(-after.period.high // 1440)))
    if after.then is not None:  # compound: "5 business days after a 30-day audit"
        then_days = 1 if after.then.kind == "nbd" else int(-(-after.then.high // 1440))
        ready = add_business_days(ready, then_days, cal) if (after.then.business or after.then.kind == "nbd") \
            else ready + timedelta(days=then_days)
    if failed.date() >= ready:
        return level, f"onboarding period ended {ready.isoformat()}"
    interim = vendor.rma.level(after.until_then) if vendor.rma and after.until_then else None
    if interim is None:
        return None, (f"{level.name or level.id} applies from {ready.isoformat()} (onboarding period); what applies "
                      "until then is not recorded")
    return interim, f"onboarding period until {ready.isoformat()}: {interim.name or interim.id} applies until then"


_SOFT = {"target": "the vendor aims to meet it", "reasonable_efforts": "reasonable efforts",
         "best_effort": "best effort"}


def _level_notes(level: RmaLevel) -> list[str]:
    notes = [f"not a firm commitment: {_SOFT[level.qualifier]}"] if level.qualifier in _SOFT else []
    if level.clock_starts not in ("diagnosis", "not_stated"):
        notes.append(f"the vendor's clock starts at {EVENTS[level.clock_starts]}: the time given is taken as that "
                     "moment")
    return notes


def _day_granular(level: RmaLevel) -> bool:
    return level.target is not None and (level.target.kind == "nbd" or level.target.unit == "bd")


def _counting_start(level: RmaLevel, failed: datetime, tz: ZoneInfo, notes: list[str],
                    cal: RmaCalendar = WEEKDAYS) -> tuple[date, datetime, bool | None]:
    """(processing day, moment the target counts from, cut-off met?) — the cut-off applies to every target."""
    local = failed.astimezone(tz)
    if level.cutoff is None and not _day_granular(level):
        return local.date(), failed, None
    minute = local.hour * 60 + local.minute
    met = cal.is_business_day(local.date()) and (level.cutoff is None or minute < level.cutoff)
    if met:
        return local.date(), failed, True
    day = add_business_days(local.date(), 1, cal)
    if level.cutoff is not None and not _day_granular(level):
        notes.append(f"after the cut-off (or not a business day): counted from {day:%a %Y-%m-%d} 00:00 {tz.key}; "
                     "the vendor does not publish when that day's processing starts")
    return day, datetime.combine(day, datetime.min.time(), tzinfo=tz).astimezone(UTC), False


def _expected(level: RmaLevel, failed: datetime, start_day: date, counted_from: datetime, tz: ZoneInfo,
              notes: list[str], cal: RmaCalendar = WEEKDAYS) -> tuple[datetime | None, date | None]:
    target = level.target
    assert target is not None  # estimate() answers "not known" for a level without a published target
    if target.kind == "range":
        notes.append(f"{target.text} counted as its upper bound")
    if level.kind == "cold_spare" and not target.high:
        return failed, None
    if _day_granular(level):
        if not cal.source:
            notes.append("weekends skipped; no plan holds this level, so its holidays are not known and not skipped")
        elif not cal.unknown:
            notes.append(f"business days on {cal.source}")
        return None, add_business_days(start_day, 1 if target.kind == "nbd" else int(-(-target.high // 1440)), cal)
    if target.is_best_effort:
        notes.append("best effort: no delivery commitment")
        return None, None
    if target.unit == "bh":
        notes.append("business hours counted as Monday–Friday, whole days")
        weekdays = Calendar(business_hours((0, 1, 2, 3, 4), 0, 1440, zone=tz.key))
        return add_business_minutes(counted_from, target.high, weekdays), None
    return counted_from + timedelta(minutes=target.high), None


def _return_notes(vendor: Vendor, level: RmaLevel, window: Duration | str | None) -> list[str]:
    notes = []
    if window == AS_VENDOR_SPECIFIES:
        notes.append("return the failed unit as the vendor specifies on the RMA (no fixed window)")
    elif window is not None and level.kind == "dispatch":
        notes.append("return deadline counted from the dispatch: it really runs from delivery, so it is later")
    advance = vendor.rma.advance_for(level) if vendor.rma else None
    if advance == AS_VENDOR_SPECIFIES:
        notes.append("advance replacement: as the vendor specifies")
    elif advance is None:
        notes.append("whether the replacement ships before the failed unit comes back is not stated")
    elif advance is False and window is not None:
        notes.append("no advance replacement: the vendor may wait for the failed unit before shipping")
    return notes


def estimate(vendor: Vendor, level: RmaLevel, *, failed: datetime, site: ZoneInfo,
             country: str | None = None, severity: str | None = None) -> RmaEstimate:
    """When ``level`` delivers for a clock start (``clock_starts``, e.g. the diagnosis) at ``failed``; ``severity``
    is the case's vendor severity id when known (a level may serve only some severities)."""
    failed = failed.astimezone(UTC)
    cal = rma_calendar(vendor, level, country)
    applied, why = _onboarding(vendor, level, failed, cal)
    notes = [why] if why else []
    if level.severities and severity is None:
        notes.append(f"this level serves only {', '.join(level.severities)} cases: give the case's severity "
                     "(--severity) to pick the level")
    elif level.severities and severity is not None and not level.serves(severity):
        notes.append(f"this level serves only {', '.join(level.severities)} cases, not {severity}")
    if applied is None:
        return RmaEstimate(level, failed, site, "", notes=tuple(notes), unknown=why)
    tz, source = level_zone(vendor, applied, site)
    if applied.target is None:
        return RmaEstimate(level, failed, site, source, notes=tuple(notes), applied=applied,
                           unknown=f"the vendor publishes no target for this level: {applied.target_text}")
    if applied.clock_starts == "not_stated":
        return RmaEstimate(level, failed, site, "", notes=tuple(notes), applied=applied,
                           unknown="the vendor does not state when this level's clock starts")
    notes += _level_notes(applied)
    if tz is None and (applied.cutoff is not None or applied.target.business or applied.target.kind == "nbd"):
        return RmaEstimate(level, failed, site, source, notes=tuple(notes),
                           unknown=f"business days and the cut-off are counted in {source}", applied=applied)
    tz = tz or site
    start_day, counted_from, cutoff_met = _counting_start(applied, failed, tz, notes, cal)
    expected, day = _expected(applied, failed, start_day, counted_from, tz, notes, cal)
    counts_days = applied.cutoff is not None or _day_granular(applied) or applied.target.business
    if cal.unknown and counts_days:
        earliest = day or (expected.astimezone(tz).date() if expected else None)
        return RmaEstimate(level, failed, tz, source, notes=tuple(notes), applied=applied, earliest_day=earliest,
                           unknown=f"{cal.unknown}; the earliest possible day is given (holidays not skipped)")
    window = vendor.rma.return_for(applied) if vendor.rma else None
    return_by, return_day = _return(window, expected, day, tz, cal)
    notes += _return_notes(vendor, applied, window)
    return RmaEstimate(level, failed, tz, source, expected, day, cutoff_met, return_by, return_day, tuple(notes),
                       applied=applied,
                       return_window=window.human() if window is not None and not isinstance(window, str) else "")


def _return(window: Duration | str | None, expected: datetime | None, day: date | None,
            tz: ZoneInfo, cal: RmaCalendar = WEEKDAYS) -> tuple[datetime | None, date | None]:
    if window is None or isinstance(window, str) or window.is_best_effort or (expected is None and day is None):
        return None, None
    days = int(-(-window.high // 1440))  # whole days, rounded up
    if day is not None:
        if window.business:
            return None, add_business_days(day, days if window.kind != "nbd" else 1, cal)
        return None, day + timedelta(days=days)
    assert expected is not None
    if window.business:
        local = expected.astimezone(tz)
        moved = add_business_days(local.date(), days if window.kind != "nbd" else 1, cal)
        return datetime.combine(moved, local.time().replace(tzinfo=None), tzinfo=tz).astimezone(UTC), None
    return expected + timedelta(minutes=window.high), None
