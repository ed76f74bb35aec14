"""The client reader's view of the data: each vendor, the MSP and the client as a client's own outputs show them.

Enters: models (vendors, the MSP, one client). Leaves: restricted copies: for a vendor the MSP escalates, its only
contacts are the MSP's service desk; for one the client calls itself, the client's own contract and contacts. Every
client output (pages, break-glass, vCards, API, search, ``show``/``when``/``rma --client``) renders these.
"""

from __future__ import annotations

from dataclasses import replace

from escdir.derive.audience import blank_internal, escalated_by_msp, may_contact, restrict, restrict_contact
from escdir.model import CaseTemplate, Contact, Contract, Escalation, Vendor
from escdir.model.coverage import Coverage
from escdir.model.msp import Client, Msp


def client_extra_contacts(vendor: Vendor, client: Client) -> tuple[Contact, ...]:
    """The client's own extra contacts for ``vendor`` that the client audience may use (same rule as the vendor's)."""
    exc = client.exception(vendor.id)
    return tuple(restrict_contact(c) for c in (exc.contacts if exc else ()) if may_contact("client", c, vendor))


def client_vendor_view(vendor: Vendor, client: Client, msp: Msp | None = None) -> Vendor:
    """The vendor as the client's own site shows it, so every client output (pages, break-glass, vCards, API,
    search) follows the client's page:

    * a vendor the MSP escalates (or an MSP-only vendor): its only contacts are the MSP's service desk; no vendor
      line, ladder, person or case template (``call_via`` names the MSP);
    * a vendor the client calls itself: the vendor's client-visible lines, the client's own extra contacts, and
      the client's own contract or tenant id (not the MSP's contracts).
    """
    view = restrict(vendor, "client")
    extra = client_extra_contacts(vendor, client)
    exc = client.exception(vendor.id)
    if msp is not None and escalated_by_msp(vendor, client):
        desk = tuple(replace(c, label=f"{msp.name}: {c.label or c.kind.replace('_', ' ')}",
                             coverage=_in_zone(c.coverage, msp.timezone)) for c in msp_view(msp).contacts)
        return replace(view, contacts=desk + extra, people=(), tiers=(), contracts=(), rma=None,
                       escalation=Escalation(visibility=view.escalation.visibility),
                       case_template=CaseTemplate(visibility=view.case_template.visibility), call_via=msp.name,
                       support_note=f"{msp.name} escalates {vendor.name} for you: call {msp.name}, not {vendor.name}.",
                       no_phone="", phone_directory="")
    own = () if exc is None or not exc.contract else (
        Contract(number=exc.contract, plan=exc.plan or "", visibility="client", note="your own contract"),)
    if msp is not None:
        view = replace(view, contracts=own)
    return replace(view, contacts=view.contacts + extra) if extra else view


def _in_zone(cov: Coverage, zone: str | None) -> Coverage:
    """The MSP's hours stated in the MSP's zone (the vendor's zone must not be read into them)."""
    return replace(cov, zone=zone) if cov.kind == "hours" and not cov.zone and zone else cov


def client_vendors(client: Client, vendors: list[Vendor], msp: Msp | None = None) -> list[Vendor]:
    """The client's vendors as its site shows them (:func:`client_vendor_view`), in the client file's order."""
    by_id = {v.id: v for v in vendors}
    return [client_vendor_view(by_id[ref], client, msp) for ref in client.vendors if ref in by_id]


def msp_view(msp: Msp) -> Msp:
    """The MSP as clients see it: no internal notes anywhere, only the channels clients may use."""
    return blank_internal(replace(msp, tiers=tuple(blank_internal(t) for t in msp.tiers),
                                  contacts=tuple(restrict_contact(c) for c in msp.contacts if may_contact("client", c))))


def client_view(client: Client, vendors: list[Vendor]) -> Client:
    """The client as its own site may show it: no contract numbers, notes or contacts it may not use."""
    by_id = {v.id: v for v in vendors}
    return blank_internal(replace(client, exceptions=tuple(
        blank_internal(replace(e, contacts=client_extra_contacts(by_id[e.vendor], client) if e.vendor in by_id else ()))
        for e in client.exceptions)))
