"""The duration grammar used by SLA targets, waits, ladders and RMA levels.

``15m``, ``4h``, ``2d``, ``1w`` count wall-clock time; ``4bh`` and ``2bd`` count business
hours/days (only while the coverage calendar is open); ``2-4h`` is a range; ``nbd`` is next
business day; ``best-effort`` promises nothing; ``0`` is immediately. The model keeps
business time and wall-clock time distinct: :attr:`Duration.business` says which clock runs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_RE = re.compile(r"^(?:(?P<special>best-effort|nbd|0)|(?P<lo>\d+(?:\.\d+)?)(?:-(?P<hi>\d+(?:\.\d+)?))?(?P<unit>m|h|d|w|bh|bd))$")
_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080, "bh": 60, "bd": 1440}
# For *ordering* targets only (is 4bh weaker than 4h?): a business hour is worth about three wall-clock
# hours (an 8-hour day in 24) and a business day about 1.4 calendar days (5 in 7).
_RANK_FACTOR = {"m": 1.0, "h": 1.0, "d": 1.0, "w": 1.0, "bh": 3.0, "bd": 1.4}
_UNIT_WORDS = {"m": ("minute", "minutes"), "h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks"),
               "bh": ("business hour", "business hours"), "bd": ("business day", "business days")}


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    """A parsed duration. ``low``/``high`` are in minutes of the unit's own clock."""

    text: str
    kind: str  # "exact" | "range" | "nbd" | "best_effort"
    low: float = 0.0
    high: float = 0.0
    unit: str = "m"

    @property
    def business(self) -> bool:
        """True when the clock only runs during coverage hours."""
        return self.unit in ("bh", "bd") or self.kind == "nbd"

    @property
    def is_best_effort(self) -> bool:
        return self.kind == "best_effort"

    def upper(self) -> timedelta | None:
        """The latest the target allows, on its own clock (None for best effort / nbd)."""
        if self.kind in ("best_effort", "nbd"):
            return None
        return timedelta(minutes=self.high)

    def rank(self) -> float:
        """Comparable strictness: larger is weaker. Best effort is weakest of all."""
        if self.kind == "best_effort":
            return float("inf")
        if self.kind == "nbd":
            return 1440 * 1.4
        return self.high * _RANK_FACTOR[self.unit]

    def human(self) -> str:
        if self.kind == "best_effort":
            return "best effort"
        if self.kind == "nbd":
            return "next business day"
        if self.high == 0:
            return "immediately"
        one, many = _UNIT_WORDS[self.unit]
        factor = _MINUTES[self.unit]
        lo, hi = _fmt(self.low / factor), _fmt(self.high / factor)
        if self.kind == "range":
            return f"{lo}–{hi} {many}"
        return f"{hi} {one if hi == '1' else many}"

    def __str__(self) -> str:
        return self.text


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def parse_duration(text: str | int) -> Duration:
    text = str(text)
    m = _RE.fullmatch(text.strip())
    if not m:
        raise DurationError(f"{text!r} is not a duration (examples: 15m, 4h, 2-4h, 2bd, nbd, best-effort)")
    special = m.group("special")
    if special == "best-effort":
        return Duration(text, "best_effort")
    if special == "nbd":
        return Duration(text, "nbd", unit="bd")
    if special == "0":
        return Duration(text, "exact", 0.0, 0.0, "m")
    unit = m.group("unit")
    factor = _MINUTES[unit]
    lo = float(m.group("lo")) * factor
    hi = float(m.group("hi")) * factor if m.group("hi") else lo
    if hi < lo:
        raise DurationError(f"range {text!r} ends before it starts")
    return Duration(text, "range" if m.group("hi") else "exact", lo, hi, unit)


_INTERVAL = re.compile(r"^([1-9]\d*)(d|w|mo|y)$")


def add_interval(start: date, interval: str) -> date:
    """``start`` plus a review interval such as 90d, 12w, 6mo, 1y (month ends clamp)."""
    m = _INTERVAL.fullmatch(interval)
    if not m:
        raise DurationError(f"{interval!r} is not an interval (examples: 90d, 12w, 6mo, 1y)")
    n, unit = int(m.group(1)), m.group(2)
    try:
        if unit == "d":
            return start + timedelta(days=n)
        if unit == "w":
            return start + timedelta(weeks=n)
        months = n if unit == "mo" else 12 * n
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        if year > date.max.year:
            return date.max
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day)
    except (OverflowError, ValueError):  # e.g. 99999999999d: past the last representable date
        return date.max
