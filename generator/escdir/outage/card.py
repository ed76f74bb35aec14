"""The terminal quick card of ``escdir show``: what to dial and say in the first five minutes.

:func:`quick_card` returns a typed :class:`QuickCard` built from the reader's view (:mod:`escdir.view`);
``--format json`` is its :meth:`QuickCard.data` and :func:`escdir.reporting.card.card_text` prints that same data,
so the two formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..clock.timeline import party_text
from ..clock.times import after_text, iso, show
from ..coverage import Coverage
from ..model import Vendor
from ..reader import Reader
from ..sev1 import sev1_rules as vendor_sev1_rules
from ..view import LineView, VendorView, vendor_view

LADDER_STEPS = 3


def sev1_rules(v: Vendor) -> list[tuple[str, str]]:
    """(severity id, rule) for each canonical-sev1 severity: how to open it, and escalation blocks —
    the card's (and the exports') wording of :func:`escdir.sev1.sev1_rules`."""
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


@dataclass(frozen=True)
class CardStep:
    after: str
    action: str
    whom: str


@dataclass(frozen=True)
class CardSev1:
    id: str
    name: str
    open_via: tuple[str, ...]
    rules: tuple[str, ...]
    targets: tuple[CardTarget, ...]
    ladder: tuple[CardStep, ...]
    ladder_steps: int


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
    category: str
    last_verified: str
    stale: bool
    review_due: str | None
    at: str | None
    at_text: str
    zone: str
    msp_only: bool
    support_note: str
    no_phone: str | None
    plan: str | None
    plan_from: str
    plan_coverage: str | None
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
            cell = v.slas.cell(plan, s.id)
            if cell and (cell.response or cell.updates):
                targets.append(CardTarget(plan, plan_name(plan),
                                          cell.response.human() if cell.response else None,
                                          cell.updates.human() if cell.updates else None))
        ladder = v.escalation.ladder_for(s.id, held[0] if held else None)
        steps = [CardStep(after_text(st.after), st.action, party_text(view.party(st.whom)))
                 for st in (ladder.steps if ladder else ())]
        sev1.append(CardSev1(s.id, s.name, s.open_via, tuple(text for sid, text in sev1_rules(v) if sid == s.id),
                             tuple(targets), tuple(steps[:LADDER_STEPS]), len(steps)))
    portal = v.portal()
    due = v.review_due()
    return QuickCard(
        id=v.id, name=v.name, file=v.file, aliases=v.aliases, category=v.category,
        last_verified=v.last_verified.isoformat(), stale=v.is_stale(today),
        review_due=due.isoformat() if due else None, at=iso(now, zone), at_text=show(now, zone), zone=zone.key,
        msp_only=v.msp_only, support_note=v.support_note, no_phone=v.no_phone or None,
        plan=choice.plan.id if choice.plan else None, plan_from=choice.how,
        plan_coverage=view.plan_coverage or None, reader=view.reader.place or None, call_first=call_first(view),
        hotlines=tuple(CardRegion(r, tuple(lines)) for r, lines in regions.items()),
        outage_aliases=tuple(CardAlias(c.value, c.severities, c.note) for c in v.outage_aliases()),
        portal=portal.value if portal else None, status_page=v.status_page or None,
        contracts=tuple(CardContract(c.number, c.plan, plan_name(c.plan), c.rma_level,
                                     c.renewal.isoformat() if c.renewal else None) for c in v.contracts),
        sev1=tuple(sev1), required_info=v.case_template.required_info,
        attach=tuple(CardAttachment(d.name, d.command) for d in v.case_template.diagnostics),
    )


