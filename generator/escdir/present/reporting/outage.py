"""``escdir when`` and ``escdir rma`` reporters: a :class:`~escdir.derive.clock.timeline.Timeline` and RMA
estimates as text or JSON (the text is terminal-safe: :func:`escdir.present.termsafe.term`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from escdir.derive.clock.rma import RmaEstimate
from escdir.derive.clock.timeline import Timeline
from escdir.derive.clock.times import after_text, iso, short, show, span
from escdir.present.reporting.card import json_out
from escdir.present.termsafe import term


def timeline_data(t: Timeline) -> dict[str, Any]:
    """JSON-ready timeline; times are ISO 8601 in the user's zone."""
    z = t.zone
    return {
        "vendor": t.vendor.id, "vendor_name": t.vendor.name, "severity": t.severity.id,
        "canonical": t.severity.canonical, "plan": t.plan.id if t.plan else None,
        "plan_name": t.plan.name if t.plan else None, "plan_from": t.plan_how, "zone": z.key,
        "opened": iso(t.opened, z),
        "coverage": t.coverage_text, "coverage_zone": t.governed.zone_source or None,
        "coverage_condition": [c.human() for c in t.governed.only_if] or None,
        "staffed_at_opening": t.staffed, "next_staffed": iso(t.next_staffed, z),
        "deadlines": [{"measure": d.measure,
                       "target": d.target.duration.text if d.target.duration else None, "human": d.target.human(),
                       "due": iso(d.at, z), "unknown_because": d.due.why or None,
                       "due_if_condition_fails": iso(d.otherwise.at, z) if d.otherwise else None,
                       "business": bool(d.target.duration and d.target.duration.business)} for d in t.deadlines],
        "updates": ({"target": t.updates.duration.text if t.updates.duration else None, "human": t.updates.human(),
                     "due": [iso(m, z) for m in t.update_times]} if t.updates else None),
        "escalation": {
            "allowed": t.blocked is None,
            "minimum_wait": t.minimum_wait.text if t.minimum_wait else None,
            "earliest": iso(t.escalate_from, z),
            "blocked_reason": t.blocked.reason if t.blocked else None,
            "instead": t.instead or None,
        },
        "ladder": [{"after": s.after.text, "at": iso(s.at, z), "action": s.action, "axis": s.axis,
                    "whom": s.whom or None, "before_minimum_wait": s.early} for s in t.steps],
        "teams_on_duty": [{"when": label, "team": team} for label, team in t.on_duty],
        "event_ladders": [{"starts_on": e.ladder.starts_on, "event": e.event, "event_at": iso(e.event_at, z),
                           "severity": e.ladder.severity or None,
                           "steps": [{"after": s.after.text, "at": iso(s.at, z), "action": s.action, "axis": s.axis,
                                      "whom": s.whom or None} for s in e.steps]} for e in t.events],
        "notes": list(t.notes),
        "reader": t.reader_place or None,
        "call_first": {"line": t.call_first or None, "e164": t.call_first_number or None, "why": t.call_first_why},
    }


def timeline_text(t: Timeline) -> str:
    """The timeline as terminal text."""
    z = t.zone
    plan = f" on {t.plan.name}" if t.plan else ""
    sev = t.severity.id + (f" ({t.severity.canonical})" if t.severity.canonical != t.severity.id else "")
    w = max([len("Escalate from "), *(len(f"{d.title} due ") for d in t.deadlines)])

    def row(title: str, text: str) -> str:
        return f"  {title:<{w}}{text}"

    def line(title: str, when: datetime | None, target: str, why: str = "") -> str:
        if when is None:
            if target.startswith("not known"):  # the target itself is not known: say so once
                return row(title, target)
            return row(title, f"not known: {why}" if why and why != target else f"no due time ({target})")
        return row(title, f"{show(when, z)}   ({target}; {span(when - t.opened)} after opening)")

    cond = "; ".join(c.human() for c in t.governed.only_if)
    first = (f"{t.call_first}  ({t.call_first_why})" if t.call_first else f"not known: {t.call_first_why}")
    out = [f"{t.vendor.name}: {sev}{plan}", row("Call first", first), row("Opened", f"{show(t.opened, z)}   ({z.key})"),
           row("Coverage", t.coverage_text + (f"  (only if {cond})" if cond else ""))]
    if t.staffed is False:
        out.append(row("Staffed now?", "NO - nobody is staffed at the opening time"
                       + (f"; next staffed {show(t.next_staffed, z)}" if t.next_staffed else "")))
    for d in t.deadlines:
        out.append(line(f"{d.title} due", d.at, d.target.human(), d.due.why))
        if d.otherwise is not None:
            out.append(line("  otherwise", d.otherwise.at, d.target.human(), d.otherwise.why))
    if t.on_duty:
        out.append(row("Team on duty", "; ".join(f"{label}: {team}" for label, team in t.on_duty)))
    if t.updates is not None:
        times = ", ".join(short(m, z) for m in t.update_times)
        out.append(row("Updates", t.updates.human() if t.updates.for_due_time is None else f"every {t.updates.human()}"
                       + (f": {times} … (counted from the response deadline)" if times else "")))
    if not t.deadlines and t.updates is None:
        out.append("  No SLA targets recorded for this severity and plan.")
    if t.blocked is not None:
        out.append(row("Escalation", f"NOT ESCALATABLE: {t.blocked.reason}"))
        if t.instead:
            out.append(row("Go instead to", t.instead))
    elif t.minimum_wait is not None and t.escalate_from is not None:
        out.append(line("Escalate from", t.escalate_from, f"minimum wait {t.minimum_wait.human()}"))
    else:
        out.append(row("Escalate from", "any time a trigger applies (no minimum wait recorded)"))
    if t.steps:
        out.append("  Ladder:")
        aw = max(len(after_text(s.after)) for s in t.steps) + 2
        for s in t.steps:
            when = show(s.at, z) if s.at else "no due time"
            early = "  [before the minimum wait: the vendor may refuse]" if s.early else ""
            out.append(f"    {after_text(s.after):<{aw}}{when}  {s.action}" + (f" → {s.whom}" if s.whom else "") + early)
    elif t.vendor.call_via:
        out.append(f"  {t.vendor.call_via} escalates with {t.vendor.name} for you: ask its service desk for updates.")
    elif t.blocked is None:
        out.append("  No escalation ladder for this severity on this plan: ladders differ by plan (see notes)."
                   if any(n.startswith("ladders are recorded for plan") for n in t.notes)
                   else "  No escalation ladder recorded for this severity.")
    for e in t.events:
        when_event = (f"at {show(e.event_at, z)}" if e.event_at is not None
                      else "times after the event; give its time with --event-at")
        out.append(f"  Ladder from the event: {e.event.lower()} ({when_event}):")
        aw = max(len(after_text(s.after)) for s in e.steps) + 2
        for s in e.steps:
            when = show(s.at, z) if s.at else f"event + {s.after.human()}" if s.after.high else "at the event"
            out.append(f"    {after_text(s.after):<{aw}}{when}  {s.action}" + (f" → {s.whom}" if s.whom else ""))
    if t.notes:
        out.append("  Notes:")
        out += [f"    - {n}" for n in t.notes]
    return term("\n".join(out) + "\n")


def rma_data(vendor_id: str, estimates: list[RmaEstimate], zone: ZoneInfo) -> dict[str, Any]:
    """JSON-ready RMA estimates; day-granular results are dates, timed ones ISO 8601 in ``zone``."""
    def one(e: RmaEstimate) -> dict[str, Any]:
        lv = e.applied or e.level
        return {
            "level": e.level.id, "name": e.level.name or None, "applied_level": lv.id, "kind": lv.kind,
            "severities": list(lv.severities),
            "target": lv.target.text if lv.target else None, "clock_starts": lv.clock_starts, "ends_with": lv.ends,
            "failed": iso(e.failed, zone), "business_day_zone": e.zone.key if not e.unknown else None,
            "zone_source": e.zone_source,
            "cutoff": f"{lv.cutoff // 60:02d}:{lv.cutoff % 60:02d}" if lv.cutoff is not None else None,
            "cutoff_met": e.cutoff_met, "what": e.what,
            "expected": iso(e.expected, zone) if e.expected else (
                e.expected_day.isoformat() if e.expected_day else None),
            "unknown_because": e.unknown or None,
            "earliest_possible": e.earliest_day.isoformat() if e.earliest_day else None,
            "return_by": iso(e.return_by, zone) if e.return_by else (
                e.return_by_day.isoformat() if e.return_by_day else None),
            "notes": list(e.notes)}
    return {"vendor": vendor_id, "zone": zone.key, "levels": [one(e) for e in estimates]}


def rma_text(vendor_name: str, estimates: list[RmaEstimate], zone: ZoneInfo, *, return_window: str = "") -> str:
    """RMA estimates as terminal text."""
    # The time given is the failure's diagnosis; each level says when its own clock starts (or that it is not stated).
    out = [f"{vendor_name}: hardware replacement", f"  Time given   {show(estimates[0].failed, zone)}  (--failed)"]
    for e in estimates:
        lv = e.applied or e.level
        name = e.level.name or e.level.id
        ends = lv.ends.replace("_", " ")
        out += ["", f"  {name} [{e.level.id}, {lv.kind}, target {lv.target_text}, ends with {ends}]"]
        if e.unknown:
            out.append(f"    Not known: {e.unknown}")
            if e.earliest_day is not None:
                out.append(f"    {'Earliest possible':<34}{e.earliest_day:%a %Y-%m-%d} ({e.zone.key})")
        elif lv.cutoff is not None:
            cut = f"{lv.cutoff // 60:02d}:{lv.cutoff % 60:02d}"
            met = ("before it on a business day: processed today" if e.cutoff_met
                   else "after it (or not a business day): processed the next business day")
            out.append(f"    Cut-off {cut} in {e.zone_source}: {met}")
        if e.expected is not None:
            out.append(f"    {e.what.capitalize():<34}{show(e.expected, zone)}")
        elif e.expected_day is not None:
            out.append(f"    {e.what.capitalize():<34}{e.expected_day:%a %Y-%m-%d} (during the business day, "
                       f"{e.zone.key})")
        if e.return_by is not None:
            out.append(f"    {'Return the failed unit by':<34}{show(e.return_by, zone)}  ({e.return_window or return_window})")
        elif e.return_by_day is not None:
            out.append(f"    {'Return the failed unit by':<34}{e.return_by_day:%a %Y-%m-%d}  ({e.return_window or return_window} "
                       "after delivery)")
        out += [f"    - {n}" for n in e.notes]
    return term("\n".join(out) + "\n")


def when_text(t: Timeline, stream: TextIO) -> None:
    """``escdir when`` as text."""
    stream.write(timeline_text(t))


def when_json(t: Timeline, stream: TextIO) -> None:
    """``escdir when`` as JSON (:func:`timeline_data`)."""
    json_out(timeline_data(t), stream)


@dataclass(frozen=True)
class RmaResult:
    """What ``escdir rma`` reports: a vendor's estimates in the site's zone."""

    vendor_id: str
    vendor_name: str
    estimates: list[RmaEstimate]
    zone: ZoneInfo
    return_window: str = ""
    call_first: str = ""  # whom to call about the replacement (the RMA contact, else the reader's first line)
    why: str = ""
    place: str = ""  # the reader's place, '' when not known


def rma_text_report(r: RmaResult, stream: TextIO) -> None:
    """``escdir rma`` as text."""
    head = f"  Call first {r.call_first}  ({r.why})\n" if r.call_first else ""
    text = rma_text(r.vendor_name, r.estimates, r.zone, return_window=r.return_window)
    first, _, rest = text.partition("\n")
    stream.write(first + "\n" + term(head) + rest)


def rma_json(r: RmaResult, stream: TextIO) -> None:
    """``escdir rma`` as JSON (:func:`rma_data`)."""
    json_out({**rma_data(r.vendor_id, r.estimates, r.zone), "call_first": r.call_first or None,
              "call_first_why": r.why or None, "reader": r.place or None}, stream)
