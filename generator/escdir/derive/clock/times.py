"""User-facing times: parse ``--opened``/``--failed``/``--tz`` and print moments in the user's zone.

Everything is computed in UTC and only shown in a local zone, so daylight-saving changes inside
a window cannot shift a wall-clock addition.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from escdir.errors import EscdirError
from escdir.model.durations import Duration


class InputError(EscdirError):
    """A value the user typed cannot be used (bad time, unknown zone, severity, plan or level)."""


#: The moments escdir computes due times for. Due times add days, business days and holiday calendars to the
#: input, so the range leaves room at both ends (datetime itself stops at year 1 and 9999); time-zone rules
#: before 1970 are patchy, so earlier moments are refused rather than answered on a guess.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2199, 12, 31, 23, 59, tzinfo=UTC)


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``, or the machine's own zone when None. Raises InputError."""
    if name is None:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin, "
                         "America/New_York or UTC") from None


def local_zone() -> ZoneInfo:
    """The machine's IANA zone: $TZ, then /etc/localtime, then UTC (never a bare fixed offset)."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                continue
    return ZoneInfo("UTC")


def parse_moment(text: str | None, tz: ZoneInfo, *, option: str = "--opened",
                 now: datetime | None = None) -> tuple[datetime, str]:
    """ISO 8601 ``text`` (or None/'now') as an aware UTC datetime, plus a note for DST-ambiguous input.

    A time without an offset is read in ``tz``. A local time that happens twice (autumn) takes the
    first occurrence; one that does not exist (spring) is moved forward; either way the note says so.
    """
    if text is None or text.strip().lower() == "now":
        return (now or datetime.now(UTC)).astimezone(UTC), ""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option}: {text!r} is not an ISO 8601 time; write e.g. 2026-11-23T14:05 "
                         "(read in --tz) or 2026-11-23T14:05+01:00") from None
    out_of_range = InputError(f"{option}: {text.strip()!r} is outside the dates escdir computes "
                              f"({EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}); give a time in that range")
    if not EARLIEST.year <= value.year <= LATEST.year:
        raise out_of_range
    if value.tzinfo is not None:
        moment = value.astimezone(UTC)
        if not EARLIEST <= moment <= LATEST:
            raise out_of_range
        return moment, ""
    first, second = value.replace(tzinfo=tz, fold=0), value.replace(tzinfo=tz, fold=1)
    note = ""
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(UTC).astimezone(tz)
        if back.replace(tzinfo=None) != value:
            note = (f"{option} {value:%Y-%m-%d %H:%M} does not exist in {tz.key} (clocks jump forward); "
                    f"read as {back:%H:%M %Z}")
        else:
            note = (f"{option} {value:%Y-%m-%d %H:%M} happens twice in {tz.key}; took the first "
                    f"({first:%Z}); add an offset such as {second:%z} to choose the second")
    moment = first.astimezone(UTC)
    if not EARLIEST <= moment <= LATEST:
        raise out_of_range
    return moment, note


def show(moment: datetime, tz: ZoneInfo, *, weekday: bool = True) -> str:
    """``Mon 2026-11-23 14:05 CET`` in ``tz``."""
    local = moment.astimezone(tz)
    return local.strftime("%a %Y-%m-%d %H:%M %Z" if weekday else "%Y-%m-%d %H:%M %Z")


def short(moment: datetime, tz: ZoneInfo) -> str:
    """``Mon 11-23 20:30 CET`` in ``tz`` (for lists of nearby times)."""
    return moment.astimezone(tz).strftime("%a %m-%d %H:%M %Z")


def after_text(duration: Duration) -> str:
    """A ladder offset: ``+0``, ``+1 hour``, ``+2 business days``."""
    return "+0" if duration.kind == "exact" and not duration.high else "+" + duration.human()


def iso(moment: datetime | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 with the offset of ``tz`` (minutes precision), or None."""
    return moment.astimezone(tz).isoformat(timespec="minutes") if moment else None


def span(delta: timedelta) -> str:
    """A compact length: 45 min, 3 h 20 min, 2 d 4 h."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{mins} min"] if mins or not parts else []
    return " ".join(parts[:2])
