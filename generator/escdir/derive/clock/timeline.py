"""``escdir when``: the escalation timeline of a case opened at a given moment.

For one vendor, severity and plan: when the response, updates, workaround and resolution are
due, the earliest moment the vendor accepts an escalation (``escalation.minimum_wait``), and every
ladder step as an absolute time. Arithmetic rules live in :mod:`.clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from escdir.derive.clock.due import Calendar, Due, due, due_when_staffed, staffed_at
from escdir.derive.clock.times import InputError, show
from escdir.derive.facts import Governed, PlanChoice, effective_plan, governing, team_on_duty
from escdir.derive.reader import Reader
from escdir.derive.view import VendorView, vendor_view
from escdir.model import CANONICAL, Contact, Ladder, NotEscalatable, Person, Plan, Severity, SlaCell, Target, Vendor
from escdir.model.coverage import Coverage
from escdir.model.durations import Duration

MEASURES = (("response", "Response"), ("ongoing_response", "Ongoing response"),
            ("workaround", "Workaround"), ("resolution", "Resolution"))
UPDATES_SHOWN = 3


@dataclass(frozen=True)
class Deadline:
    """One SLA measure: its target and when it runs out (``at`` None with ``why`` when that cannot be said).

    ``otherwise`` is the due time when the coverage's condition does not hold (conditional coverage)."""

    measure: str
    title: str
    target: Target
    due: Due
    otherwise: Due | None = None

    @property
    def at(self) -> datetime | None:
        return self.due.at


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
class EventSteps:
    """A ladder started by an event (an escalation request, a disputed plan …): its steps placed from ``event_at``,
    or only relative to the event (``at`` None) when its time was not given."""

    ladder: Ladder
    event_at: datetime | None
    steps: tuple[StepTime, ...]

    @property
    def event(self) -> str:
        return self.ladder.event_text


@dataclass(frozen=True)
class Timeline:
    vendor: Vendor
    severity: Severity
    plan: Plan | None
    opened: datetime
    zone: ZoneInfo
    governed: Governed
    plan_how: str = ""
    deadlines: tuple[Deadline, ...] = ()
    updates: Target | None = None
    update_times: tuple[datetime, ...] = ()
    minimum_wait: Duration | None = None
    escalate_from: datetime | None = None
    blocked: NotEscalatable | None = None
    instead: str = ""
    steps: tuple[StepTime, ...] = ()
    staffed: bool | None = None
    next_staffed: datetime | None = None
    notes: tuple[str, ...] = field(default=())
    call_first: str = ""  # the reader's line to call first (escdir.derive.view), as "label number"
    call_first_number: str = ""  # its E.164 ('' when none or unpublished)
    call_first_why: str = ""
    reader_place: str = ""  # "GB in EMEA", "Australia (AU)", '' when not known
    events: tuple[EventSteps, ...] = ()  # ladders started by an event other than the opening
    on_duty: tuple[tuple[str, str], ...] = ()  # (moment, team serving then) when the plan names teams

    @property
    def coverage(self) -> Coverage:
        return self.governed.coverage

    @property
    def coverage_text(self) -> str:
        """The governing coverage in words; with no plan known, that it is not known and why (not 'not recorded')."""
        if self.plan is None and self.vendor.plans:
            return f"not known: the plan is not known ({self.plan_how})"
        return self.coverage.describe(self.vendor.timezone)


def party_text(party: Contact | Person | None) -> str:
    """``TAC hotline, Americas +1 800-555-0110`` for a contact or person (empty when unknown)."""
    if party is None:
        return ""
    name = party.label if isinstance(party, Person) else (party.label or party.region or party.kind)
    return f"{name} {party.display}".strip()


def resolve_plan(vendor: Vendor, ref: str | None) -> PlanChoice:
    """The plan to use (:func:`escdir.derive.facts.effective_plan`). Raises InputError for an unknown ``ref``."""
    try:
        return effective_plan(vendor, requested=ref)
    except LookupError as exc:
        raise InputError(str(exc)) from None


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


def _plan_notes(choice: PlanChoice, severity: Severity, sev_note: str) -> list[str]:
    plan = choice.plan
    notes = [sev_note] if sev_note else []
    if plan is None:
        notes.append(f"plan not known: {choice.how}; business-time due times need one (pass --plan)")
    elif choice.how != "as asked":
        notes.append(f"plan {plan.id} from {choice.how}")
    if plan is not None and not severity.on_plan(plan.id):
        notes.append(f"{severity.id} is not offered on {plan.name}")
    return notes


def _due(d: Duration | None, start: datetime, calendar: Calendar) -> Due:
    return Due(None, "no value") if d is None else due(start, d, calendar)


def _plan_not_known_cell(vendor: Vendor, severity: str) -> SlaCell | None:
    """With no plan known: each measure some plan records for ``severity`` is 'not known: choose a plan', with
    every plan's value (never 'none recorded', and never one plan's time)."""
    cells = [c for c in vendor.slas.matrix if c.severity == severity and not c.products]
    if not cells:
        return None
    names = {p.id: p.name for p in vendor.plans}
    unknown: dict[str, Target] = {}
    for measure in SlaCell.MEASURES:
        stated = [(c.plan, t) for c in cells if (t := getattr(c, measure)) is not None]
        if stated:
            per_plan = "; ".join(f"{names.get(p, p)}: {t.human()}" for p, t in stated)
            unknown[measure] = Target(duration=None, unknown=f"the plan is not known, choose one with --plan ({per_plan})")
    return SlaCell(plan="", severity=severity, response=unknown.get("response"),
                   ongoing_response=unknown.get("ongoing_response"), updates=unknown.get("updates"),
                   workaround=unknown.get("workaround"), resolution=unknown.get("resolution"))


def _deadlines(cell: SlaCell | None, opened: datetime, gov: Governed) -> list[Deadline]:
    out = []
    for measure, title in MEASURES:
        target = getattr(cell, measure) if cell else None
        if target is None:
            continue
        d = target.for_due_time
        main = _due(d, opened, gov.calendar) if d is not None else Due(None, target.human())
        # The "otherwise" branch is counted on its own coverage, wall-clock targets too (from its next opening).
        other = (due_when_staffed(opened, d, gov.otherwise.calendar) if d is not None else Due(None, target.human())) \
            if gov.otherwise is not None else None
        out.append(Deadline(measure, title, target, main, other))
    return out


def _update_times(every: Duration | None, deadlines: list[Deadline], opened: datetime,
                  cal: Calendar) -> list[datetime]:
    if every is None or every.is_best_effort or every.high <= 0:
        return []
    response = next((d for d in deadlines if d.measure == "response"), None)
    if response is not None and response.at is None:  # updates follow a response whose time is not known
        return []
    moment: datetime | None = response.at if response is not None else opened
    times: list[datetime] = []
    while moment is not None and len(times) < UPDATES_SHOWN:
        moment = _due(every, moment, cal).at
        if moment is not None:
            times.append(moment)
    return times


def _steps(view: VendorView, ladder: Ladder | None, opened: datetime, cal: Calendar,
           escalate_from: datetime | None) -> list[StepTime]:
    """``ladder``'s steps placed from ``opened`` (the case's opening, or the ladder's event)."""
    steps = []
    for step in ladder.steps if ladder else ():
        when = _due(step.after, opened, cal).at
        early = bool(escalate_from and when and when < escalate_from and step.after.high > 0)
        whom = "; ".join(party_text(view.party(ref)) for ref in step.parties)
        steps.append(StepTime(step.after, when, step.action, step.axis, whom, early))
    return steps


def _event_steps(view: VendorView, ladders: list[Ladder], event_at: datetime | None,
                 cal: Calendar) -> list[EventSteps]:
    out = []
    for ladder in ladders:
        steps = _steps(view, ladder, event_at, cal, None) if event_at is not None else [
            StepTime(s.after, None, s.action, s.axis, "; ".join(party_text(view.party(r)) for r in s.parties))
            for s in ladder.steps]
        out.append(EventSteps(ladder, event_at, tuple(steps)))
    return out


def escalation_timeline(vendor: Vendor, severity_ref: str, *, opened: datetime, zone: ZoneInfo,
                        plan_ref: str | None = None, country: str | None = None,
                        reader: Reader | None = None, event_at: datetime | None = None,
                        product: str | None = None) -> Timeline:
    """Compute the timeline for ``reader`` (its zone, country and region: the customer's business hours, local
    holidays, regional hours and the line to call); raises InputError for an unknown plan or severity. Ladders
    started by an event are placed from ``event_at`` (the event's time), else shown relative to the event."""
    reader = reader or Reader(zone=zone.key, country=country)
    choice = resolve_plan(vendor, plan_ref)
    plan = choice.plan
    view = vendor_view(vendor, reader, plan=choice)
    severity, sev_note = resolve_severity(vendor, severity_ref, plan)
    notes = _plan_notes(choice, severity, sev_note)
    gov = governing(vendor, plan, severity.id, reader)
    cal = gov.calendar
    cell = vendor.slas.cell(plan.id, severity.id, product) if plan else _plan_not_known_cell(vendor, severity.id)
    scoped = vendor.slas.product_cells(plan.id, severity.id) if plan else []
    if cell is not None and cell.products:
        notes.append(f"targets for {', '.join(cell.products)} (the vendor scopes them to these products)")
    elif scoped:
        names = "; ".join(", ".join(c.products) for c in scoped)
        notes.append(f"other targets apply to {names}" + (f" (not to {product})" if product else
                                                          ": pass --product if the case is about one of them"))
    deadlines = _deadlines(cell, opened, gov)
    if plan is not None and cell is None:
        notes.append(f"no SLA targets recorded for {severity.id} on {plan.name}")
    updates = cell.updates if cell else None
    every = updates.for_due_time if updates else None
    update_times = _update_times(every, deadlines, opened, cal)
    if every is not None and not update_times and any(d.measure == "response" and d.at is None for d in deadlines):
        notes.append("update times are not known: updates follow the response, whose time is not known")
    blocked = vendor.escalation.blocked(severity.id)
    wait = None if blocked else vendor.escalation.wait_for(severity.id, plan.id if plan else None)
    escalate_from = _due(wait, opened, cal).at if wait is not None else (None if blocked else opened)
    ladder = vendor.escalation.ladder_for(severity.id, plan.id if plan else None)
    other_plans = [lad.plan for lad in vendor.escalation.ladders
                   if lad.from_opening and lad.applies_to(severity.id) and lad.plan and lad is not ladder]
    if ladder is None and other_plans:
        notes.append(f"ladders are recorded for plan{'s' if len(other_plans) > 1 else ''} {', '.join(other_plans)}"
                     + (": pass --plan" if plan is None else f", not for {plan.name}"))
    steps = _steps(view, ladder, opened, cal, escalate_from)
    events = _event_steps(view, vendor.escalation.event_ladders(severity.id, plan.id if plan else None), event_at,
                          cal)
    if event_at is not None and event_at < opened:
        notes.append("the event's time given is before the case's opening")
    staffed, next_open = staffed_at(opened, cal)
    used = [d for d in (t.target.for_due_time for t in deadlines) if d is not None]
    used += ([every] if every else []) + ([wait] if wait else []) + [s.after for s in steps]
    moments = [("at opening", opened)] + [(f"at {d.title.lower()} due", d.at) for d in deadlines if d.at is not None]
    on_duty = []
    for label, moment in moments:
        duty = team_on_duty(vendor, plan, moment, reader)
        if duty is not None:
            on_duty.append((label, duty.team.name if duty.team is not None else duty.why))
    if vendor.first_line is not None:
        via = party_text(view.party(vendor.first_line.contact))
        notes.insert(0, f"the first line is run by {vendor.first_line.partner}: open the case with them first"
                        + (f" ({via})" if via else "") + f"; {vendor.name} is the second line")
    notes += _rule_notes(vendor, used, gov, zone, staffed, next_open, deadlines)
    return Timeline(vendor, severity, plan, opened, zone, gov, choice.how, tuple(deadlines), updates,
                    tuple(update_times), wait, escalate_from, blocked,
                    party_text(view.party(blocked.instead)) if blocked else "", tuple(steps), staffed, next_open,
                    tuple(notes), party_text(view.first.contact), view.first_number, view.first.why, reader.place,
                    tuple(events), tuple(on_duty))


def _coverage_notes(vendor: Vendor, used: list[Duration], gov: Governed, zone: ZoneInfo, staffed: bool | None,
                    next_open: datetime | None) -> list[str]:
    notes = []
    cov = gov.coverage
    if gov.only_if and gov.otherwise is not None:
        conds = "; ".join(c.human() for c in gov.only_if)
        notes.append(f"{cov.describe(vendor.timezone)} only if {conds}; otherwise "
                     f"{gov.otherwise.coverage.describe(vendor.timezone)} (both due times shown; otherwise, a wall-clock "
                     "target counts from that coverage's next opening)")
    if staffed is False:
        when = f"; next staffed {show(next_open, zone)}" if next_open else ""
        notes.append(f"nobody is staffed when the case opens ({cov.describe(vendor.timezone)}){when}")
    elif staffed is None and not cov.always:
        why = cov.why_not_computable(vendor.timezone, zone.key) or cov.describe(vendor.timezone)
        notes.append(f"whether anyone is staffed when the case opens is not known ({why})")
    if any(d.business or d.kind == "nbd" for d in used) and cov.kind == "hours":
        notes.append(f"business time counts only {cov.describe(vendor.timezone)} (zone: {gov.zone_source})")
    days = any(d.unit == "bd" or d.kind == "nbd" for d in used)
    if days and not cov.daily and cov.computable(vendor.timezone, zone.key):
        less = f", less {cov.holidays.describe()}" if cov.holidays.any else ""
        where = f" in {gov.calendar.zone}" if gov.calendar.zone else " (the zone they are counted in is not recorded)"
        notes.append(f"business days are Monday–Friday{less}{where}")
    return notes


def _target_notes(used: list[Duration], deadlines: list[Deadline]) -> list[str]:
    notes = []
    ranges = [d for d in used if d.kind == "range"]
    if ranges:
        notes.append("ranges use their upper bound: " + ", ".join(
            f"{d.text} counted as {d.text.split('-', 1)[1]}" for d in dict.fromkeys(ranges)))
    if any(d.is_best_effort for d in used):
        notes.append("best effort has no due time")
    for d in deadlines:
        if d.target.alternatives:
            notes.append(f"{d.title.lower()}: the vendor publishes more than one value "
                         f"({d.target.human()}); the due time uses the longest")
        if d.target.qualifier in ("reasonable_efforts", "target", "best_effort") or d.target.bound == "about":
            notes.append(f"{d.title.lower()} is {d.target.human()}: not a firm commitment")
    return notes


def _rule_notes(vendor: Vendor, used: list[Duration], gov: Governed, zone: ZoneInfo, staffed: bool | None,
                next_open: datetime | None, deadlines: list[Deadline]) -> list[str]:
    notes = _coverage_notes(vendor, used, gov, zone, staffed, next_open) + _target_notes(used, deadlines)
    if vendor.slas.pauses:
        paused = ", ".join(p.replace("_", " ") for p in vendor.slas.pauses)
        notes.append(f"the SLA clock pauses while {paused}: times above assume it never paused")
    return notes
