"""``escdir when``: the escalation timeline of a case opened at a given moment.

For one vendor, severity and plan: when the response, updates, workaround and resolution are
due, the earliest moment the vendor accepts an escalation (``escalation.minimum_wait``), and every
ladder step as an absolute time. Arithmetic rules live in :mod:`.clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from ..coverage import ALWAYS, Coverage
from ..durations import Duration
from ..model import CANONICAL, Contact, NotEscalatable, Person, Plan, Severity, Target, Vendor
from .clock import due, effective_coverage
from .times import InputError

MEASURES = (("response", "Response"), ("ongoing_response", "Ongoing response"),
            ("workaround", "Workaround"), ("resolution", "Resolution"))
UPDATES_SHOWN = 3


@dataclass(frozen=True)
class Deadline:
    """One SLA measure: its target and when it runs out (None for best effort)."""

    measure: str
    title: str
    target: Target
    at: datetime | None


@dataclass(frozen=True)
class StepTime:
    """One ladder step placed in time; ``early`` when it falls before the vendor's minimum wait."""

    after: Duration
    at: datetime | None
    action: str
    axis: str
    whom: str = ""
    early: bool = False


@dataclass(frozen=True)
class Timeline:
    vendor: Vendor
    severity: Severity
    plan: Plan | None
    opened: datetime
    zone: ZoneInfo
    coverage: Coverage
    deadlines: tuple[Deadline, ...] = ()
    updates: Target | None = None
    update_times: tuple[datetime, ...] = ()
    minimum_wait: Duration | None = None
    escalate_from: datetime | None = None
    blocked: NotEscalatable | None = None
    instead: str = ""
    steps: tuple[StepTime, ...] = ()
    notes: tuple[str, ...] = field(default=())


def party_text(party: Contact | Person | None) -> str:
    """``TAC hotline, Americas +1 800-555-0110`` for a contact or person (empty when unknown)."""
    if party is None:
        return ""
    name = party.label if isinstance(party, Person) else (party.label or party.region or party.kind)
    return f"{name} {party.display}".strip()


def resolve_plan(vendor: Vendor, ref: str | None) -> tuple[Plan | None, str]:
    """The plan to use and a note on how it was chosen. Raises InputError for an unknown ``ref``."""
    if ref:
        plan = vendor.plan(ref) or next((p for p in vendor.plans if p.name.casefold() == ref.casefold()), None)
        if plan is None:
            known = ", ".join(p.id for p in vendor.plans) or "none recorded"
            raise InputError(f"{vendor.name} has no plan {ref!r} (plans: {known})")
        return plan, ""
    if vendor.contracts:
        plan = vendor.plan(vendor.held_plan)
        others = [f"{c.plan} ({c.number})" for c in vendor.contracts[1:] if c.plan != vendor.held_plan]
        note = f"plan {vendor.held_plan} from contract {vendor.contracts[0].number}"
        if others:
            note += f"; you also hold {', '.join(others)}: pass --plan to use it"
        return plan, note
    if len(vendor.plans) == 1:
        return vendor.plans[0], ""
    if vendor.plans:
        return vendor.plans[0], (f"no contract recorded: assumed plan {vendor.plans[0].id}; "
                                 f"pass --plan ({', '.join(p.id for p in vendor.plans)})")
    return None, "no plans recorded: times assume 24x7 coverage"


def resolve_severity(vendor: Vendor, ref: str, plan: Plan | None) -> tuple[Severity, str]:
    """A vendor severity id (case-insensitive) or a canonical sev1..sev4. Raises InputError."""
    exact = vendor.severity(ref) or next((s for s in vendor.severities if s.id.casefold() == ref.casefold()), None)
    if exact is not None:
        return exact, ""
    canonical = ref.casefold().replace(" ", "")
    if canonical in CANONICAL:
        found = vendor.for_canonical(canonical)
        offered = [s for s in found if plan is None or s.on_plan(plan.id)] or found
        if not offered:
            raise InputError(f"{vendor.name} maps no severity to {canonical}")
        note = f"{canonical} is {offered[0].id} at {vendor.name}"
        if len(offered) > 1:
            note += f" (also {', '.join(s.id for s in offered[1:])}: pass the vendor's id to choose)"
        return offered[0], note
    known = ", ".join(s.id for s in vendor.severities)
    raise InputError(f"unknown severity {ref!r} for {vendor.name}: use one of {known} or sev1..sev4")


def escalation_timeline(vendor: Vendor, severity_ref: str, *, opened: datetime, zone: ZoneInfo,
                        plan_ref: str | None = None) -> Timeline:
    """Compute the timeline; raises InputError for an unknown plan or severity."""
    plan, plan_note = resolve_plan(vendor, plan_ref)
    severity, sev_note = resolve_severity(vendor, severity_ref, plan)
    notes = [n for n in (sev_note, plan_note) if n]
    if plan is not None and not severity.on_plan(plan.id):
        notes.append(f"{severity.id} is not offered on {plan.name}")
    cov = effective_coverage(plan.coverage_for(severity.id) if plan else ALWAYS, vendor.slas.business_hours_zone)
    vz, cz = vendor.timezone, zone.key

    def at(d: Duration, start: datetime = opened) -> datetime | None:
        return due(start, d, cov, vz, cz)

    cell = vendor.slas.cell(plan.id, severity.id) if plan else None
    deadlines = []
    for measure, title in MEASURES:
        target = getattr(cell, measure) if cell else None
        if target is not None:
            deadlines.append(Deadline(measure, title, target, at(target.duration)))
    if plan is not None and cell is None:
        notes.append(f"no SLA targets recorded for {severity.id} on {plan.name}")

    updates = cell.updates if cell else None
    update_times: list[datetime] = []
    if updates is not None and not updates.duration.is_best_effort and updates.duration.high > 0:
        response = next((d.at for d in deadlines if d.measure == "response"), None)
        moment: datetime | None = response or opened
        for _ in range(UPDATES_SHOWN):
            moment = at(updates.duration, moment) if moment else None
            if moment is None:
                break
            update_times.append(moment)

    blocked = vendor.escalation.blocked(severity.id)
    wait = None if blocked else vendor.escalation.wait_for(severity.id, plan.id if plan else None)
    escalate_from = at(wait) if wait is not None else (None if blocked else opened)
    ladder = vendor.escalation.ladder_for(severity.id, plan.id if plan else None)
    steps = []
    for step in ladder.steps if ladder else ():
        when = at(step.after)
        early = bool(escalate_from and when and when < escalate_from and step.after.high > 0)
        steps.append(StepTime(step.after, when, step.action, step.axis,
                              party_text(vendor.party(step.whom)), early))

    used = [d.target.duration for d in deadlines] + ([updates.duration] if updates else [])
    used += ([wait] if wait else []) + [s.after for s in steps]
    notes += _rule_notes(vendor, used, cov, zone)
    return Timeline(vendor, severity, plan, opened, zone, cov, tuple(deadlines), updates, tuple(update_times),
                    wait, escalate_from, blocked, party_text(vendor.party(blocked.instead)) if blocked else "",
                    tuple(steps), tuple(notes))


def _rule_notes(vendor: Vendor, used: list[Duration], cov: Coverage, zone: ZoneInfo) -> list[str]:
    notes = []
    ranges = [d for d in used if d.kind == "range"]
    if ranges:
        notes.append("ranges use their upper bound: " + ", ".join(
            f"{d.text} counted as {d.text.split('-', 1)[1]}" for d in dict.fromkeys(ranges)))
    if any(d.business for d in used) and not cov.always:
        where = f"your zone {zone.key}" if cov.customer_zone else (cov.zone or vendor.timezone or "UTC")
        notes.append(f"business time counts only {cov.describe(vendor.timezone)} (in {where})")
    if any(d.is_best_effort for d in used):
        notes.append("best effort has no due time")
    if vendor.slas.pauses:
        paused = ", ".join(p.replace("_", " ") for p in vendor.slas.pauses)
        notes.append(f"the SLA clock pauses while {paused}: times above assume it never paused")
    return notes
