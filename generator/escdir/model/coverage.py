"""Coverage calendars: when a plan, severity or channel is staffed.

A coverage is one of:

* ``always`` — 24×7;
* ``unknown`` — not recorded, or the vendor does not publish it. Never treated as 24×7: no business-time
  due time is computed from it and no line is shown as "open now";
* ``hours`` — weekly windows. Business hours (``days: mon-fri, hours: 08:00-18:00``) are one window per day;
  an overnight range (``17:00-10:00``) ends on the next day; ``windows`` give multi-day spans such as 24×5
  (``sun 17:00`` → ``fri 17:00``) whose two ends may be in different zones;
* ``regions`` — hours that differ by region within one plan; the reader's region picks one (else unknown);
* ``none`` — no support on this plan (a stated fact, unlike ``unknown``): never open, nothing is due.

Public holidays close the whole calendar day (00:00–24:00) in the coverage's zone. A holiday calendar is a
country (and subdivision), a named list of dates, or "the customer's local holidays" (known only when the
reader's country is configured). A calendar that is named but not known makes business-time answers unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_TITLES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HORIZON_DAYS = 400


def parse_days(spec: str) -> tuple[int, ...]:
    """``mon-fri`` → (0..4); ``mon,wed`` → (0, 2); ``fri-mon`` wraps → (4, 5, 6, 0)."""
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = (DAY_NAMES.index(x) for x in part.split("-", 1))
            i = a
            while True:
                out.append(i)
                if i == b:
                    break
                i = (i + 1) % 7
        else:
            out.append(DAY_NAMES.index(part))
    return tuple(sorted(set(out)))


def parse_clock(text: str) -> int:
    """``HH:MM`` → minutes after midnight; 24:00 allowed as an end. Raises ValueError."""
    hh, mm = text.split(":")
    h, m = int(hh), int(mm)
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ValueError(f"{text!r} is not a time of day")
    return h * 60 + m


@lru_cache(maxsize=256)
def _holiday_calendar(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


@lru_cache(maxsize=1)
def _registered_countries() -> frozenset[str] | None:
    """Every name ``holidays`` registers a country calendar under (codes and aliases), read from its registry
    without importing any calendar; None when this ``holidays`` has no such registry."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # pragma: no cover - depends on the holidays version
        return None
    return frozenset(name for names in COUNTRIES.values() for name in names)


def known_holiday_calendar(country: str, subdivision: str | None = None) -> bool:
    """Does ``holidays`` have a calendar for ``country`` (and ``subdivision``)?

    A two-letter country without a subdivision is answered from the library's registry — the very table its
    ``country_holidays`` looks names up in — so validating one file (``escdir show``) does not import every
    country's calendar (~0.1-0.2 s); a subdivision needs the calendar itself."""
    registered = _registered_countries()
    if subdivision is None and registered is not None and len(country) == 2 and country.isascii() \
            and country.isalpha() and country.isupper():
        return country in registered
    try:
        _holiday_calendar(country, subdivision, 2025)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Holidays:
    """Days on which business-hours coverage is closed.

    ``customer_local``: the customer's own public holidays (country from the reader's configuration, passed in
    as ``customer_country``); ``name`` without dates and without a country: a calendar we do not know.
    """

    country: str | None = None
    subdivision: str | None = None
    closed: tuple[date, ...] = ()
    open: tuple[date, ...] = ()
    name: str = ""
    customer_local: bool = False

    @property
    def unknown_calendar(self) -> bool:
        """A calendar is named but its dates are not known (e.g. 'SAP holidays' with no list)."""
        return bool(self.name) and not self.country and not self.closed and not self.customer_local

    def is_holiday(self, day: date, customer_country: str | None = None) -> bool:
        if day in self.open:
            return False
        if day in self.closed:
            return True
        country, sub = self.country, self.subdivision
        if self.customer_local:
            country, sub = customer_country, None
        return country is not None and country != "" and day in _holiday_calendar(country, sub, day.year)

    def dates(self, first: date, last: date, customer_country: str | None = None) -> list[date]:
        """Holiday dates between ``first`` and ``last`` (for the browser's open-now script)."""
        out = []
        day = first
        while day <= last:
            if self.is_holiday(day, customer_country):
                out.append(day)
            day += timedelta(days=1)
        return out

    def describe(self) -> str:
        bits = []
        if self.customer_local:
            bits.append("the customer's local public holidays")
        if self.country:
            bits.append(f"{self.country}{'-' + self.subdivision if self.subdivision else ''} public holidays")
        if self.name:
            bits.append(self.name + ("" if self.closed else " (dates not recorded)"))
        if self.closed and not self.name:
            # read after "closed on …": the dates alone, or "closed <dates>" after another calendar
            bits.append(("closed " if bits else "") + ", ".join(d.isoformat() for d in self.closed))
        return "; ".join(bits)

    @property
    def any(self) -> bool:
        return bool(self.country or self.closed or self.name or self.customer_local)


@dataclass(frozen=True)
class Window:
    """A weekly interval: from (day, minute, zone) to (day, minute, zone). ``None`` zone = the coverage's zone."""

    start_day: int
    start: int
    end_day: int
    end: int
    start_zone: str | None = None
    end_zone: str | None = None


@dataclass(frozen=True)
class Coverage:
    """When a channel or plan is staffed. ``zone`` None means the vendor's zone; 'customer' the caller's."""

    kind: str = "always"  # always | unknown | hours | regions
    windows: tuple[Window, ...] = ()
    zone: str | None = None
    holidays: Holidays = field(default_factory=Holidays)
    regions: tuple[tuple[str, Coverage], ...] = ()
    note: str = ""
    # Business-hours shape, kept for display and for `bd` arithmetic (one window per day in `days`).
    days: tuple[int, ...] = ()
    start: int = 0
    end: int = 1440

    # --- what kind ---------------------------------------------------------------------------------
    @property
    def always(self) -> bool:
        return self.kind == "always"

    @property
    def unknown(self) -> bool:
        return self.kind == "unknown"

    @property
    def no_support(self) -> bool:
        """The vendor states there is no support here (never open; no due time)."""
        return self.kind == "none"

    @property
    def daily(self) -> bool:
        """Plain business hours: the same opening every listed day, within one day (not overnight)."""
        return self.kind == "hours" and bool(self.days) and self.start < self.end

    @property
    def customer_zone(self) -> bool:
        return self.zone == "customer"

    def for_region(self, region: str | None) -> Coverage:
        """The coverage that applies in ``region`` (case-insensitive); unknown when regional and none matches."""
        if self.kind != "regions":
            return self
        wanted = (region or "").casefold()
        for name, cov in self.regions:
            if name.casefold() == wanted:
                return cov
        names = ", ".join(n for n, _ in self.regions)
        return Coverage(kind="unknown", note=f"hours differ by region ({names}); the reader's region is not one of them"
                        if region else f"hours differ by region ({names}); no region configured")

    def zone_name(self, vendor_zone: str | None, customer_zone: str | None = None) -> str | None:
        """The IANA zone the windows are stated in, or None when nobody recorded it."""
        if self.customer_zone:
            return customer_zone
        return self.zone or vendor_zone

    def tz(self, vendor_zone: str | None, customer_zone: str | None = None) -> ZoneInfo:
        return ZoneInfo(self.zone_name(vendor_zone, customer_zone) or "UTC")

    # --- text -------------------------------------------------------------------------------------
    def describe(self, vendor_zone: str | None = None) -> str:
        if self.always:
            return "24×7"
        if self.unknown:
            return "not recorded" + (f" ({self.note})" if self.note else "")
        if self.no_support:
            return "no support on this plan" + (f" ({self.note})" if self.note else "")
        if self.kind == "regions":
            return "; ".join(f"{name}: {cov.describe(vendor_zone)}" for name, cov in self.regions)
        zone = "customer's local time" if self.customer_zone else (self.zone or vendor_zone or "zone not recorded")
        if self.days:
            text = f"{_describe_days(self.days)} {_hhmm(self.start)}–{_hhmm(self.end)}"
            if self.end <= self.start:
                text += " (next day)"
            text += f" {zone}"
        else:
            text = "; ".join(self._describe_window(w, zone) for w in self.windows)
        if self.holidays.any:
            text += f", closed on {self.holidays.describe()}"
        return text

    @staticmethod
    def _describe_window(w: Window, zone: str) -> str:
        a = f"{DAY_TITLES[w.start_day]} {_hhmm(w.start)} {w.start_zone or zone}"
        b = f"{DAY_TITLES[w.end_day]} {_hhmm(w.end)} {w.end_zone or zone}"
        return f"{a} – {b}"

    # --- time -------------------------------------------------------------------------------------
    def is_open(self, moment: datetime, vendor_zone: str | None, customer_zone: str | None = None,
                customer_country: str | None = None) -> bool | None:
        """True/False, or None when it cannot be known (unknown coverage, zone or holiday calendar)."""
        if self.always:
            return True
        if not self.computable(vendor_zone, customer_zone, customer_country):
            return None
        for opens, closes in self.open_windows(moment, vendor_zone, customer_zone, customer_country=customer_country,
                                               max_days=8):
            return bool(opens <= moment < closes)
        return False

    def computable(self, vendor_zone: str | None, customer_zone: str | None = None,
                   customer_country: str | None = None) -> bool:
        """Can open/closed be worked out? Not for unknown or regional coverage, a missing zone or holiday calendar."""
        if self.always or self.no_support:
            return True
        if self.kind != "hours":
            return False
        if self.zone_name(vendor_zone, customer_zone) is None and any(
                w.start_zone is None or w.end_zone is None for w in self.windows):
            return False
        return not (self.holidays.unknown_calendar or (self.holidays.customer_local and not customer_country))

    def why_not_computable(self, vendor_zone: str | None, customer_zone: str | None = None,
                           customer_country: str | None = None) -> str:
        if self.unknown:
            return "coverage is not recorded" + (f" ({self.note})" if self.note else "")
        if self.kind == "regions":
            return "coverage differs by region and no region is configured"
        if self.holidays.unknown_calendar:
            return f"the holiday calendar ({self.holidays.name}) is not recorded"
        if self.holidays.customer_local and not customer_country:
            return "coverage closes on the customer's local holidays and the customer's country is not configured"
        if self.zone_name(vendor_zone, customer_zone) is None and any(
                w.start_zone is None or w.end_zone is None for w in self.windows):
            return "the time zone of the coverage hours is not recorded"
        return ""

    def open_windows(self, start: datetime, vendor_zone: str | None, customer_zone: str | None = None, *,
                     customer_country: str | None = None,
                     max_days: int = HORIZON_DAYS) -> Iterator[tuple[datetime, datetime]]:
        """Yield (open, close) aware UTC datetimes of open intervals from ``start`` onwards (merged, holidays cut)."""
        start = start.astimezone(UTC)
        if self.always:
            # A day short of datetime.max, in UTC: datetime.max in a zone west of UTC overflows when converted.
            yield start, (datetime.max - timedelta(days=1)).replace(tzinfo=UTC)
            return
        if self.kind != "hours":
            return
        base = self.zone_name(vendor_zone, customer_zone) or "UTC"
        tz = ZoneInfo(base)
        local = start.astimezone(tz).date()
        week = local - timedelta(days=local.weekday() + 7)  # a window of last week may still be open
        horizon = start + timedelta(days=max_days)
        held: list[tuple[datetime, datetime]] = []
        while True:
            chunk_end = week + timedelta(days=7 * 8)
            raw = list(held)
            while week < chunk_end:
                for w in self.windows:
                    a = _at(week + timedelta(days=w.start_day), w.start, ZoneInfo(w.start_zone or base))
                    b = _at(week + timedelta(days=w.end_day), w.end, ZoneInfo(w.end_zone or base))
                    if b <= a:
                        b += timedelta(days=7)
                    raw.append((a.astimezone(UTC), b.astimezone(UTC)))
                week += timedelta(days=7)
            merged = _merge(raw)
            # Windows of the next chunk start at its first Monday (give or take a day across zones): anything
            # ending after two days before it may still merge with them, so it waits for the next chunk.
            bound = _at(week, 0, tz).astimezone(UTC) - timedelta(days=2)
            done = horizon < bound
            final = merged if done else [iv for iv in merged if iv[1] < bound]
            held = [] if done else [iv for iv in merged if iv[1] >= bound]
            for opens, closes in self._cut_holidays(final, tz, customer_country):
                if closes <= start or opens >= horizon:
                    continue
                yield max(opens, start), closes
            if done:
                return

    def _cut_holidays(self, intervals: list[tuple[datetime, datetime]], tz: ZoneInfo,
                      customer_country: str | None) -> list[tuple[datetime, datetime]]:
        if not self.holidays.any:
            return intervals
        out = []
        for opens, closes in intervals:
            day = opens.astimezone(tz).date()
            piece_start = opens
            while True:
                day_start = _at(day, 0, tz).astimezone(UTC)
                day_end = _at(day, 1440, tz).astimezone(UTC)
                if day_start >= closes:
                    break
                if self.holidays.is_holiday(day, customer_country):
                    if piece_start < max(day_start, opens):
                        out.append((piece_start, max(day_start, opens)))
                    piece_start = min(max(day_end, opens), closes)
                day += timedelta(days=1)
            if piece_start < closes:
                out.append((piece_start, closes))
        return out

    def weekly_json(self, vendor_zone: str | None) -> list[dict[str, object]]:
        """Windows for the browser: [{d, s, e, ez, sz?}] with days 0=Mon, minutes, zones ('local' = browser's)."""
        base = "local" if self.customer_zone else (self.zone or vendor_zone)
        return [{"sd": w.start_day, "s": w.start, "ed": w.end_day, "e": w.end,
                 "sz": w.start_zone or base, "ez": w.end_zone or base} for w in self.windows]


def business_hours(days: tuple[int, ...], start: int, end: int, *, zone: str | None = None,
                   holidays: Holidays | None = None) -> Coverage:
    """``days`` from ``start`` to ``end`` (minutes); ``end <= start`` runs overnight into the next day."""
    windows = tuple(Window(d, start, (d + (1 if end <= start else 0)) % 7, end) if end != 1440 else
                    Window(d, start, (d + 1) % 7, 0) for d in days)
    return Coverage(kind="hours", windows=windows, zone=zone, holidays=holidays or Holidays(), days=days,
                    start=start, end=end)


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _at(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    if minutes >= 1440:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _describe_days(days: tuple[int, ...]) -> str:
    if not days:
        return "never"
    if list(days) == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{DAY_TITLES[days[0]]}–{DAY_TITLES[days[-1]]}"
    return ", ".join(DAY_TITLES[d] for d in days)


ALWAYS = Coverage()
UNKNOWN = Coverage(kind="unknown")


def with_zone(cov: Coverage, zone: str) -> Coverage:
    """``cov`` counted in ``zone`` (used for the SLA clock's `business_hours_zone: customer`)."""
    if cov.kind == "regions":
        return replace(cov, regions=tuple((n, with_zone(c, zone)) for n, c in cov.regions))
    return replace(cov, zone=zone) if cov.kind == "hours" else cov
