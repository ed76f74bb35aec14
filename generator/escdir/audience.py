"""Audiences: a client or public model simply has no internal values in it (enforced structurally).

Two rules decide what an audience sees, and every output (pages, Material's search index, sitemap, JSON API,
vCards, calendar, break-glass page) is made from the model :func:`restrict` returns, so all of them obey:

* :func:`visible`: an item marked ``visibility: internal`` (or ``client``) is shown only to that audience
  and the more trusted ones; :data:`INTERNAL_FIELDS` are never shown outside the internal build.
* :func:`may_contact`: whom an audience may be told to contact. Outside the internal build nobody is sent
  to a line marked ``msp_only``, nor to any channel or person of a vendor whose support model is MSP only
  (the MSP raises every fault with such a vendor; its clients must never call it).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from .model import CaseTemplate, Contact, Escalation, Person, Vendor

VISIBILITY_ORDER = {"internal": 0, "client": 1, "public": 2}
T = TypeVar("T")

#: Text fields, by model class, that only the internal build shows (blanked for every other audience).
INTERNAL_FIELDS: dict[str, tuple[str, ...]] = {
    "Vendor": ("internal_notes", "owner_email", "owner_name"),
    "Person": ("mobile",),
    "Verified": ("by",),
    "Msp": ("internal_notes",),
    "MspTier": ("internal_notes",),
    "Client": ("internal_notes",),
    "ClientException": ("contract", "note"),
}
#: Parts of an MSP-only vendor that are about contacting it, hidden outside the internal build. The
#: ``support_note`` says how the MSP itself deals with the vendor ("our clients must never call …").
MSP_ONLY_VENDOR_FIELDS = ("support_note", "security_email", "security_url", "escalation", "tiers", "case_template")


def blank_internal(obj: T) -> T:
    """``obj`` (a model dataclass) with its :data:`INTERNAL_FIELDS` emptied."""
    names = INTERNAL_FIELDS.get(type(obj).__name__, ())
    return replace(obj, **{f: "" for f in names}) if any(getattr(obj, f) for f in names) else obj  # type: ignore[type-var]


# --------------------------------------------------------------------------------------------

def visible(visibility: str, audience: str) -> bool:
    """Whether an item marked ``visibility`` may be shown to ``audience``."""
    return VISIBILITY_ORDER[visibility] >= VISIBILITY_ORDER[audience]


def vendor_contactable(vendor: Vendor, audience: str) -> bool:
    """Whether ``audience`` may contact ``vendor`` at all (not when its support model is MSP only)."""
    return audience == "internal" or not vendor.msp_only


def may_contact(audience: str, party: Contact | Person, vendor: Vendor | None = None) -> bool:
    """The one rule for channels and people: may ``audience`` be shown (and so use) ``party``?

    ``vendor`` is the vendor the party belongs to (None for the MSP's own channels).
    """
    if audience == "internal":
        return True
    if vendor is not None and not vendor_contactable(vendor, audience):
        return False
    if isinstance(party, Contact) and party.msp_only:
        return False
    return visible(party.visibility, audience)


def restrict_contact(c: Contact) -> Contact:
    """A contact as shown outside the internal build: who verified it is internal."""
    return replace(c, verified=blank_internal(c.verified)) if c.verified else c


def restrict(vendor: Vendor, audience: str) -> Vendor:
    """A copy of ``vendor`` holding only what ``audience`` may see."""
    if audience == "internal":
        return vendor
    contacts = tuple(restrict_contact(c) for c in vendor.contacts if may_contact(audience, c, vendor))
    people = tuple(blank_internal(p) for p in vendor.people if may_contact(audience, p, vendor))
    kept = {c.id for c in contacts} | {p.id for p in people}

    def keep(ref: str | None) -> str | None:
        return ref if ref in kept else None

    reachable = vendor_contactable(vendor, audience)
    esc = vendor.escalation
    if not visible(esc.visibility, audience) or not reachable:
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
    if not visible(case.visibility, audience) or not reachable:
        case = CaseTemplate(visibility=case.visibility)  # how to open a case: only for those who may
    hidden: dict[str, Any] = {} if reachable else {f: "" for f in MSP_ONLY_VENDOR_FIELDS if isinstance(getattr(vendor, f), str)}
    return blank_internal(replace(
        vendor, contacts=contacts, people=people, escalation=esc, rma=rma, case_template=case,
        tiers=tuple(t for t in vendor.tiers if visible(t.visibility, audience) and reachable),
        contracts=tuple(c for c in vendor.contracts if visible(c.visibility, audience)),
        audience=audience, **hidden,
    ))
