"""Coverage calendars: 24x7 or business hours (days, hours, zone, public holidays).

Used to say whether a line is open now and to count business-time durations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_TITLES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def known_holiday_calendar(country: str, subdivision: str | None = None) -> bool:
    try:
        _holiday_calendar(country, subdivision, 2025)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Holidays:
    country: str | None = None
    subdivision: str | None = None
    closed: tuple[date, ...] = ()
    open: tuple[date, ...] = ()

    def is_holiday(self, day: date) -> bool:
        if day in self.open:
            return False
        if day in self.closed:
            return True
        return bool(self.country) and day in _holiday_calendar(self.country, self.subdivision, day.year)

    def describe(self) -> str:
        bits = []
        if self.country:
            bits.append(f"{self.country}{'-' + self.subdivision if self.subdivision else ''} public holidays")
        if self.closed:
            bits.append("closed " + ", ".join(d.isoformat() for d in self.closed))
        return "; ".join(bits)


@dataclass(frozen=True)
class Coverage:
    """When a channel or plan is staffed. ``zone`` None means the vendor's zone; 'customer' the caller's."""

    always: bool = True
    days: tuple[int, ...] = ()
    start: int = 0  # minutes after midnight
    end: int = 1440
    zone: str | None = None
    holidays: Holidays = field(default_factory=Holidays)

    @property
    def customer_zone(self) -> bool:
        return self.zone == "customer"

    def tz(self, vendor_zone: str | None, customer_zone: str | None = None) -> ZoneInfo:
        name = (customer_zone if self.customer_zone else self.zone) or vendor_zone or "UTC"
        if name == "customer":
            name = "UTC"
        return ZoneInfo(name)

    def describe(self, vendor_zone: str | None = None) -> str:
        if self.always:
            return "24×7"
        days = _describe_days(self.days)
        zone = "customer's local time" if self.customer_zone else (self.zone or vendor_zone or "UTC")
        text = f"{days} {_hhmm(self.start)}–{_hhmm(self.end)} {zone}"
        if self.holidays.country:
            text += f", closed on {self.holidays.country} holidays"
        return text

    def is_open(self, moment: datetime, vendor_zone: str | None, customer_zone: str | None = None) -> bool:
        if self.always:
            return True
        local = moment.astimezone(self.tz(vendor_zone, customer_zone))
        if local.weekday() not in self.days or self.holidays.is_holiday(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        return self.start <= minute < self.end

    def open_windows(self, start: datetime, vendor_zone: str | None, customer_zone: str | None = None,
                     *, max_days: int = 400):
        """Yield (open, close) aware datetimes of coverage windows from ``start`` onwards."""
        if self.always:
            # A day short of datetime.max, in UTC: datetime.max in a zone west of UTC (or UTC's max shown in
            # a zone east of it) overflows as soon as anyone converts it, e.g. to add durations in UTC.
            yield start, (datetime.max - timedelta(days=1)).replace(tzinfo=UTC)
            return
        tz = self.tz(vendor_zone, customer_zone)
        local = start.astimezone(tz)
        day = local.date()
        for _ in range(max_days):
            if day.weekday() in self.days and not self.holidays.is_holiday(day):
                opens = _at(day, self.start, tz)
                closes = _at(day, self.end, tz)
                if closes > start:
                    yield max(opens, start), closes
            day += timedelta(days=1)


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
