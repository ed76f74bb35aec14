"""Audiences: a client or public model simply has no internal values in it (enforced structurally)."""

from __future__ import annotations

from dataclasses import replace

from .model import CaseTemplate, Escalation, Vendor

VISIBILITY_ORDER = {"internal": 0, "client": 1, "public": 2}
AUDIENCES = ("internal", "client", "public")


# --------------------------------------------------------------------------------------------

def visible(visibility: str, audience: str) -> bool:
    return VISIBILITY_ORDER[visibility] >= VISIBILITY_ORDER[audience]


def restrict(vendor: Vendor, audience: str) -> Vendor:
    """A copy of ``vendor`` holding only what ``audience`` may see."""
    if audience == "internal":
        return vendor
    contacts = tuple(c for c in vendor.contacts if visible(c.visibility, audience))
    contacts = tuple(replace(c, verified=replace(c.verified, by="") if c.verified else None) for c in contacts)
    people = tuple(replace(p, mobile="") for p in vendor.people if visible(p.visibility, audience))
    kept = {x.id for x in (*contacts, *people)}

    def keep(ref: str | None) -> str | None:
        return ref if ref in kept else None

    esc = vendor.escalation
    if not visible(esc.visibility, audience):
        esc = Escalation(visibility=esc.visibility)  # a mapping marked internal hides all of it
    esc = replace(
        esc,
        not_escalatable=tuple(replace(n, instead=keep(n.instead)) for n in esc.not_escalatable),
        levels=tuple(replace(lv, whom=keep(lv.whom)) for lv in esc.levels if visible(lv.visibility, audience)),
        ladders=tuple(replace(lad, steps=tuple(replace(s, whom=keep(s.whom)) for s in lad.steps))
                      for lad in esc.ladders if visible(lad.visibility, audience)),
    )
    rma = vendor.rma
    if rma is not None:
        rma = replace(rma, contact=keep(rma.contact)) if visible(rma.visibility, audience) else None
    case = vendor.case_template
    if not visible(case.visibility, audience):
        case = CaseTemplate(visibility=case.visibility)
    return replace(
        vendor, contacts=contacts, people=people, escalation=esc, rma=rma, case_template=case,
        tiers=tuple(t for t in vendor.tiers if visible(t.visibility, audience)),
        contracts=tuple(c for c in vendor.contracts if visible(c.visibility, audience)),
        internal_notes="", owner_email="", owner_name="", audience=audience,
    )
