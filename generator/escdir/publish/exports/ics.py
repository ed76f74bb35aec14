"""``renewals.ics``: contract renewals and data-review due dates as all-day events (icalendar).

Byte-reproducible: UIDs are derived from the data (``<vendor-id>-renewal-<contract>@escdir``,
``<vendor-id>-review@escdir``), DTSTAMP is the vendor's ``last_verified`` date at 00:00 UTC (never
the clock), and events are sorted. A renewal carries a display alarm 60 days ahead, when the
"negotiate at renewal" evidence (missed SLAs, escalations) should be gathered.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import icalendar

from escdir.model import Contract, Vendor

PRODID = "-//escdir//vendor renewals and reviews//EN"
RENEWAL_NOTICE = timedelta(days=60)


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "x"


def _stamp(v: Vendor) -> datetime:
    return datetime.combine(v.last_verified, time(0), tzinfo=UTC)


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("summary", summary)
    ev.add("description", description)
    ev.add("transp", "TRANSPARENT")  # an all-day reminder, not a meeting: do not block the day
    return ev


def _renewal(v: Vendor, c: Contract, uid: str) -> icalendar.Event:
    assert c.renewal is not None
    plan = v.plan(c.plan)
    lines = [f"Contract {c.number} with {v.name}, plan {plan.name if plan else c.plan}."]
    lines += [f"Covers: {', '.join(c.assets)}."] if c.assets else []
    lines += [f"Lever: {lv.kind.replace('_', ' ')}" + (f" — {lv.detail}" if lv.detail else "") for lv in c.levers]
    lines += [c.note] if c.note else []
    lines.append("Bring the list of missed SLAs and escalations to the renewal negotiation.")
    ev = _event(uid, c.renewal, f"Renewal: {v.name} contract {c.number}", "\n".join(lines), _stamp(v))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -RENEWAL_NOTICE)
    alarm.add("description", f"{v.name} contract {c.number} renews in 60 days: gather SLA evidence")
    ev.add_component(alarm)
    return ev


def _vendor_events(v: Vendor) -> list[tuple[date, str, bytes]]:
    """(day, uid, serialized VEVENT) for one vendor's renewals and review date."""
    events: list[tuple[date, str, bytes]] = []
    seen: set[str] = set()
    for c in v.contracts:
        if c.renewal is None:
            continue
        uid = f"{v.id}-renewal-{_uid_part(c.number)}@escdir"
        n = 1
        while uid in seen:  # two contracts whose numbers differ only in punctuation
            n += 1
            uid = f"{v.id}-renewal-{_uid_part(c.number)}-{n}@escdir"
        seen.add(uid)
        events.append((c.renewal, uid, _renewal(v, c, uid).to_ical()))
    due = v.review_due()
    if due is not None:
        uid = f"{v.id}-review@escdir"
        text = (f"Re-verify the escdir entry for {v.name} (last verified {v.last_verified.isoformat()}, "
                f"review every {v.review_every}): test-call the hotlines, check the support policy pages, "
                "then bump last_verified.")
        events.append((due, uid, _event(uid, due, f"Review escdir entry: {v.name}", text, _stamp(v)).to_ical()))
    return events


def calendar(vendors: list[Vendor], *, site_name: str, memo=None) -> bytes:
    """The calendar as bytes (CRLF line ends, as RFC 5545 wants); events sorted by day, then UID."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{site_name}: renewals and reviews")
    events = [e for v in vendors
              for e in (memo.get("ics", v, (), lambda v=v: _vendor_events(v)) if memo else _vendor_events(v))]
    body = b"".join(ev for _day, _uid, ev in sorted(events, key=lambda e: (e[0], e[1])))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + body + end


def files(vendors: list[Vendor], *, site_name: str, memo=None) -> dict[str, bytes]:
    """``renewals.ics``."""
    return {"renewals.ics": calendar(vendors, site_name=site_name, memo=memo)}
