"""The terminal quick card of ``escdir show``: what to dial and say in the first five minutes.

:func:`quick_card` returns plain JSON-ready data (``--format json``);
:func:`escdir.reporting.card.card_text` prints that same data, so the two formats cannot drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..clock.timeline import party_text
from ..clock.times import after_text, iso, show
from ..coverage import Coverage
from ..facts import Reader, describe_plan_coverage, effective_plan, line_to_call, plan_scope, team_on_duty
from ..model import Contact, Step, Vendor
from ..sev1 import sev1_rules as vendor_sev1_rules

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


def _plan_coverage(v: Vendor) -> Coverage | None:
    plan = effective_plan(v).plan
    return plan.coverage if plan else None


def open_at(cov: Coverage, moment: datetime, vendor_zone: str | None, customer_zone: str,
            customer_country: str | None = None) -> bool | None:
    """Open at ``moment``? None when it cannot be known (coverage, zone or holiday calendar not recorded)."""
    if cov.daily and cov.computable(vendor_zone, customer_zone, customer_country):
        # Cheap pre-check: a line closed by the clock needs no holiday calendar (~50 ms to build).
        local = moment.astimezone(cov.tz(vendor_zone, customer_zone))
        if local.weekday() not in cov.days or not cov.start <= local.hour * 60 + local.minute < cov.end:
            return False
    return cov.is_open(moment, vendor_zone, customer_zone, customer_country)


def _line(v: Vendor, c: Contact, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    plan_cov = _plan_coverage(v)
    cov = c.coverage if c.has_coverage else plan_cov
    return {
        "label": c.label, "number": c.display, "e164": c.value, "primary": c.primary, "toll_free": c.toll_free,
        "hours": (cov.describe(v.timezone) + ("" if c.has_coverage else " (plan hours)")) if cov else "not recorded",
        "open_now": open_at(cov, now, v.timezone, zone.key) if cov else None,
        "severities": list(c.severities), "plans": list(c.plans), "msp_only": c.msp_only, "note": c.note,
        "scope": plan_scope(c.plans, c.severities, v),
    }


def _step(v: Vendor, st: Step) -> dict[str, str]:
    """One ladder step for the card: after, action and every person of the step."""
    return {"after": after_text(st.after), "action": st.action,
            "whom": "; ".join(party_text(v.party(ref)) for ref in st.parties)}


def quick_card(v: Vendor, *, now: datetime, zone: ZoneInfo, today: date,
               reader: Reader | None = None) -> dict[str, Any]:
    """The card's data for ``v`` at ``now``, times shown in ``zone``."""
    reader = reader or Reader(zone=zone.key)
    choice = effective_plan(v)
    first = line_to_call(v, reader, plan=choice.plan)
    regions: dict[str, list[dict[str, Any]]] = {}
    for c in v.hotlines():
        regions.setdefault(c.region or "Global", []).append(_line(v, c, now, zone))
    plan_name = {p.id: p.name for p in v.plans}
    held = list(dict.fromkeys(c.plan for c in v.contracts)) or [p.id for p in v.plans]
    sev1 = []
    for s in v.for_canonical("sev1"):
        targets = []
        for plan in held:
            for cell in (v.slas.cell(plan, s.id), *v.slas.product_cells(plan, s.id)):  # product-scoped too
                if cell and (cell.response or cell.updates):
                    name = plan_name.get(plan, plan) + (f" ({', '.join(cell.products)} only)" if cell.products else "")
                    targets.append({"plan": plan, "plan_name": name, "products": list(cell.products),
                                    "response": cell.response.human() if cell.response else None,
                                    "updates": cell.updates.human() if cell.updates else None})
        # a ladder only for a plan we hold (or one for every plan): never another plan's ladder shown as ours
        ladder = v.escalation.ladder_for(s.id, v.contracts[0].plan if v.contracts else None)
        steps = [_step(v, st) for st in (ladder.steps if ladder else ())]
        events = [{"event": lad.event_text, "steps": [_step(v, st) for st in lad.steps[:LADDER_STEPS]]}
                  for lad in v.escalation.event_ladders(s.id, held[0] if held else None)]
        sev1.append({"id": s.id, "name": s.name, "open_via": list(s.open_via),
                     "rules": [text for sid, text in sev1_rules(v) if sid == s.id], "targets": targets,
                     "ladder": steps[:LADDER_STEPS], "ladder_steps": len(steps), "event_ladders": events})
    portal = v.portal()
    return {
        "id": v.id, "name": v.name, "file": v.file, "aliases": list(v.aliases), "category": v.category or None,
        "last_verified": v.last_verified.isoformat(), "stale": v.is_stale(today),
        "review_due": due.isoformat() if (due := v.review_due()) else None,
        "at": iso(now, zone), "at_text": show(now, zone), "zone": zone.key,
        "msp_only": v.msp_only, "support_note": v.support_note, "no_phone": v.no_phone or None,
        "no_24x7_phone": v.no_24x7_phone or None,
        "first_line": ({"partner": v.first_line.partner, "note": v.first_line.note}
                       if v.first_line is not None else None), "no_contacts_known": v.no_contacts_known or None,
        "plan": choice.plan.id if choice.plan else None, "plan_from": choice.how,
        "plan_coverage": describe_plan_coverage(choice.plan, v.timezone) if choice.plan else None,
        "team_on_duty": ((duty.team.name if duty.team is not None else duty.why)
                         if (duty := team_on_duty(v, choice.plan, now, reader)) is not None else None),
        "call_first": ({"number": first.contact.display, "e164": first.contact.value, "label": first.contact.label,
                        "why": first.why} if first.contact else None),
        "hotlines": [{"region": r, "lines": lines} for r, lines in regions.items()],
        "outage_aliases": [{"address": c.value, "severities": list(c.severities), "note": c.note}
                           for c in v.outage_aliases()],
        "portal": portal.value if portal else None, "status_page": v.status_page or None,
        "contracts": [{"number": c.number, "plan": c.plan, "plan_name": plan_name.get(c.plan, c.plan),
                       "rma_level": c.rma_level, "renewal": c.renewal.isoformat() if c.renewal else None}
                      for c in v.contracts],
        "sev1": sev1,
        "required_info": list(v.case_template.required_info),
        "attach": [{"name": d.name, "command": d.command} for d in v.case_template.diagnostics],
    }
