"""The terminal quick card of ``escdir show``: what to dial and say in the first five minutes.

:func:`quick_card` returns a typed :class:`QuickCard` built from the reader's view (:mod:`escdir.derive.view`);
``--format json`` is its :meth:`QuickCard.data` and :func:`escdir.present.reporting.card.card_text` prints that same data,
so the two formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from escdir.derive.clock.timeline import party_text
from escdir.derive.clock.times import after_text, iso, show
from escdir.derive.facts import team_on_duty
from escdir.derive.reader import Reader
from escdir.derive.sev1 import sev1_rules as vendor_sev1_rules
from escdir.derive.view import LineView, VendorView, vendor_view
from escdir.model import Step, Vendor
from escdir.model.coverage import Coverage

LADDER_STEPS = 3


def sev1_rules(v: Vendor) -> list[tuple[str, str]]:
    """(severity id, rule) for each canonical-sev1 severity: how to open it, and escalation blocks —
    the card's (and the exports') wording of :func:`escdir.derive.sev1.sev1_rules`."""
    rules = []
    for r in vendor_sev1_rules(v):
        if r.blocked is None:
            rules.append((r.severity.id, r.open_text))
        else:
            instead = party_text(r.instead)
            rules.append((r.severity.id, f"cannot be escalated: {r.blocked.reason}" + (f" Use {instead}." if instead else "")))
    return rules


def open_at(cov: Coverage, moment: datetime, vendor_zone: str | None, customer_zone: str,
            customer_country: str | None = None) -> bool | None:
    """Open at ``moment``? None when it cannot be known (coverage, zone or holiday calendar not recorded)."""
    if cov.daily and cov.computable(vendor_zone, customer_zone, customer_country):
        # Cheap pre-check: a line closed by the clock needs no holiday calendar (~50 ms to build).
        local = moment.astimezone(cov.tz(vendor_zone, customer_zone))
        if local.weekday() not in cov.days or not cov.start <= local.hour * 60 + local.minute < cov.end:
            return False
    return cov.is_open(moment, vendor_zone, customer_zone, customer_country)


@dataclass(frozen=True)
class CardLine:
    """A phone line on the card (published or not: a line stays a line)."""

    label: str
    number: str  # as shown; for an unpublished number what the vendor says, "(see your contract)"
    e164: str | None
    published: bool
    value_status: str
    primary: bool
    toll_free: bool
    toll_free_from: str | None  # a toll-free line's only country
    first: bool  # the line to call first
    for_your_region: bool
    hours: str
    open_now: bool | None  # None: cannot be known
    severities: tuple[str, ...]
    plans: tuple[str, ...]
    msp_only: bool
    note: str
    scope: str


@dataclass(frozen=True)
class CardRegion:
    region: str
    lines: tuple[CardLine, ...]


@dataclass(frozen=True)
class CallFirst:
    """The view's first line; with none to call, ``number`` is None and ``why`` says why and where to look."""

    number: str | None
    e164: str | None
    label: str
    why: str
    directory: str | None


@dataclass(frozen=True)
class CardAlias:
    address: str
    severities: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class CardContract:
    number: str
    plan: str
    plan_name: str
    rma_level: str | None
    renewal: str | None


@dataclass(frozen=True)
class CardTarget:
    plan: str
    plan_name: str
    response: str | None
    updates: str | None
    products: tuple[str, ...] = ()  # the targets apply to these products only


@dataclass(frozen=True)
class CardStep:
    after: str
    action: str
    whom: str


@dataclass(frozen=True)
class CardEventLadder:
    """A ladder started by an event (times count from the event, not the opening)."""

    event: str
    steps: tuple[CardStep, ...]


@dataclass(frozen=True)
class CardFirstLine:
    """A first line run by a partner: the partner is called first, the vendor is the second line."""

    partner: str
    note: str


@dataclass(frozen=True)
class CardSev1:
    id: str
    name: str
    open_via: tuple[str, ...]
    rules: tuple[str, ...]
    targets: tuple[CardTarget, ...]
    ladder: tuple[CardStep, ...]
    ladder_steps: int
    event_ladders: tuple[CardEventLadder, ...] = ()


@dataclass(frozen=True)
class CardAttachment:
    name: str
    command: str


@dataclass(frozen=True)
class QuickCard:
    """What ``escdir show`` prints, text or JSON (:meth:`data`): one vendor's view for one reader at one moment."""

    id: str
    name: str
    file: str
    aliases: tuple[str, ...]
    category: str | None
    last_verified: str
    stale: bool
    review_due: str | None
    at: str | None
    at_text: str
    zone: str
    msp_only: bool
    support_note: str
    no_phone: str | None
    no_24x7_phone: str | None
    first_line: CardFirstLine | None
    no_contacts_known: str | None
    plan: str | None
    plan_from: str
    plan_coverage: str | None
    team_on_duty: str | None
    reader: str | None
    call_first: CallFirst | None
    hotlines: tuple[CardRegion, ...]
    outage_aliases: tuple[CardAlias, ...]
    portal: str | None
    status_page: str | None
    contracts: tuple[CardContract, ...]
    sev1: tuple[CardSev1, ...]
    required_info: tuple[str, ...]
    attach: tuple[CardAttachment, ...]
    warnings: tuple[str, ...] = ()

    def data(self) -> dict[str, Any]:
        """The card as JSON-ready data (the ``--format json`` document; field names are its keys)."""
        return asdict(self)


def _line(line: LineView, now: datetime, zone: ZoneInfo, v: Vendor, country: str | None) -> CardLine:
    c, cov = line.contact, line.coverage
    return CardLine(
        label=c.label, number=c.display if c.value else f"{c.display} (see your contract)", e164=c.value or None,
        published=line.published, value_status=c.value_status, primary=c.primary, toll_free=c.toll_free,
        toll_free_from=line.toll_free_from or None, first=line.first, for_your_region=line.fits, hours=line.hours,
        open_now=open_at(cov, now, v.timezone, zone.key, country) if cov and c.value else None,
        severities=c.severities, plans=c.plans, msp_only=c.msp_only, note=c.note, scope=line.scope)


def call_first(view: VendorView) -> CallFirst:
    """The card's CALL FIRST: the view's first line (or, with none to call, why and where to look)."""
    first = view.first
    c = first.contact
    if c is None:
        return CallFirst(None, None, "", first.why, first.directory or None)
    return CallFirst(c.display if c.value else f"{c.display} (see your contract)", c.value or None, c.label,
                     first.why, first.directory or None)


def _step(view: VendorView, st: Step) -> CardStep:
    """One ladder step for the card: after, action and every person of the step (the reader's line for a line)."""
    return CardStep(after_text(st.after), st.action, "; ".join(party_text(view.party(ref)) for ref in st.parties))


def quick_card(v: Vendor, *, now: datetime, zone: ZoneInfo, today: date,
               reader: Reader | None = None, view: VendorView | None = None) -> QuickCard:
    """The card for ``v`` at ``now``, times shown in ``zone``, for ``reader`` (or the given ``view``)."""
    view = view or vendor_view(v, reader or Reader(zone=zone.key))
    choice = view.plan
    regions: dict[str, list[CardLine]] = {}
    for line in view.lines:
        regions.setdefault(line.contact.region or "Global", []).append(_line(line, now, zone, v, view.reader.country))
    plan_name = view.plan_name
    held = list(dict.fromkeys(c.plan for c in v.contracts)) or [p.id for p in v.plans]
    sev1 = []
    for s in v.for_canonical("sev1"):
        targets = []
        for plan in held:
            for cell in (v.slas.cell(plan, s.id), *v.slas.product_cells(plan, s.id)):  # product-scoped too
                if cell and (cell.response or cell.updates):
                    name = plan_name(plan) + (f" ({', '.join(cell.products)} only)" if cell.products else "")
                    targets.append(CardTarget(plan, name, cell.response.human() if cell.response else None,
                                              cell.updates.human() if cell.updates else None, cell.products))
        # a ladder only for a plan we hold (or one for every plan): never another plan's ladder shown as ours
        ladder = v.escalation.ladder_for(s.id, v.contracts[0].plan if v.contracts else None)
        steps = [_step(view, st) for st in (ladder.steps if ladder else ())]
        events = tuple(CardEventLadder(lad.event_text, tuple(_step(view, st) for st in lad.steps[:LADDER_STEPS]))
                       for lad in v.escalation.event_ladders(s.id, held[0] if held else None))
        sev1.append(CardSev1(s.id, s.name, s.open_via, tuple(text for sid, text in sev1_rules(v) if sid == s.id),
                             tuple(targets), tuple(steps[:LADDER_STEPS]), len(steps), events))
    portal = v.portal()
    due = v.review_due()
    duty = team_on_duty(v, choice.plan, now, view.reader)
    return QuickCard(
        id=v.id, name=v.name, file=v.file, aliases=v.aliases, category=v.category or None,
        last_verified=v.last_verified.isoformat(), stale=v.is_stale(today),
        review_due=due.isoformat() if due else None, at=iso(now, zone), at_text=show(now, zone), zone=zone.key,
        msp_only=v.msp_only, support_note=v.support_note, no_phone=v.no_phone or None,
        no_24x7_phone=v.no_24x7_phone or None,
        first_line=(CardFirstLine(v.first_line.partner, v.first_line.note) if v.first_line is not None else None),
        no_contacts_known=v.no_contacts_known or None,
        plan=choice.plan.id if choice.plan else None, plan_from=choice.how,
        plan_coverage=view.plan_coverage or None,
        team_on_duty=(duty.team.name if duty.team is not None else duty.why) if duty is not None else None,
        reader=view.reader.place or None, call_first=call_first(view),
        hotlines=tuple(CardRegion(r, tuple(lines)) for r, lines in regions.items()),
        outage_aliases=tuple(CardAlias(c.value, c.severities, c.note) for c in v.outage_aliases()),
        portal=portal.value if portal else None, status_page=v.status_page or None,
        contracts=tuple(CardContract(c.number, c.plan, plan_name(c.plan), c.rma_level,
                                     c.renewal.isoformat() if c.renewal else None) for c in v.contracts),
        sev1=tuple(sev1), required_info=v.case_template.required_info,
        attach=tuple(CardAttachment(d.name, d.command) for d in v.case_template.diagnostics),
    )


