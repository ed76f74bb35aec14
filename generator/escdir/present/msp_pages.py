"""Client-facing pages (one site per client) and the internal MSP/client policy pages."""

from __future__ import annotations

from dataclasses import replace

from escdir.check.rules.budgets import summary_first
from escdir.derive.align import client_plan, vendor_response
from escdir.derive.audience import (
    blank_internal,
    escalated_by_msp,
    may_contact,
    restrict,
    restrict_contact,
)
from escdir.derive.facts import PlanChoice
from escdir.derive.msp import MspProject
from escdir.derive.reader import Reader
from escdir.derive.view import vendor_view
from escdir.model import CaseTemplate, Contact, Contract, Escalation, Plan, Vendor
from escdir.model.coverage import Coverage
from escdir.model.msp import Client, Msp
from escdir.present.pages import Linker, Page
from escdir.present.render import render


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
                             coverage=_in_zone(c.coverage, msp.timezone)) for c in _msp_view(msp).contacts)
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


def _msp_view(msp: Msp) -> Msp:
    """The MSP as clients see it: no internal notes anywhere, only the channels clients may use."""
    return blank_internal(replace(msp, tiers=tuple(blank_internal(t) for t in msp.tiers),
                                  contacts=tuple(restrict_contact(c) for c in msp.contacts if may_contact("client", c))))


def client_view(client: Client, vendors: list[Vendor]) -> Client:
    """The client as its own site may show it: no contract numbers, notes or contacts it may not use."""
    by_id = {v.id: v for v in vendors}
    return blank_internal(replace(client, exceptions=tuple(
        blank_internal(replace(e, contacts=client_extra_contacts(by_id[e.vendor], client) if e.vendor in by_id else ()))
        for e in client.exceptions)))


def _journeys(msp: Msp, client: Client, vendors: list[Vendor],
              plans: dict[str, Plan | None]) -> list[dict[str, object]]:
    out = []
    vendor_tier = msp.vendor_tier()
    for p in msp.priorities:
        handoffs = [{"to": msp.tier(o.to_tier).name, "within": o.within.human()}  # type: ignore[union-attr]
                    for o in msp.chain(p.id, vendor_tier.id)]
        commitments = []
        for v in vendors:
            if not escalated_by_msp(v, client):
                continue
            found = vendor_response(v, plans.get(v.id), p)
            if found:
                commitments.append((v.name, f"{found[1]}, response within {found[2].human()}"))

        targets = {m: client.target(p, m) for m in ("response", "updates", "vendor_engaged", "resolution")}
        out.append({"priority": p, "handoffs": handoffs, "vendor_tier": vendor_tier.name, "vendors": commitments,
                    **{m: (d.human() if d else "—") for m, d in targets.items()}})
    return out


def client_site_pages(msp: Msp, client: Client, vendors: list[Vendor], *, linker: Linker,
                      logo_url: str = "", reader: Reader | None = None) -> list[Page]:
    """Pages of one client's site. Built only from client-audience views: no internal value can appear."""
    public_msp = _msp_view(msp)
    # The plan is decided on the full models (our contracts are not in the client's view): the same answer as
    # the alignment check, and only the plan itself reaches the client's pages.
    plans = {v.id: client_plan(v, client).plan for v in vendors}
    reader = reader or Reader(audience="client", client=client.id, client_name=client.name)
    views = client_vendors(client, vendors, msp)
    client = client_view(client, vendors)  # from here on nothing internal of the client is at hand
    rows = []
    for v in views:
        rows.append({"v": v, "href": linker.rel(f"vendors/{v.id}.md", "index.md"),
                     "escalated": escalated_by_msp(v, client)})
    pages = [
        Page("index.md", f"{client.name} support", render(
            "client_home.html", client=client, msp=public_msp, rows=rows, logo=logo_url,
            journey=linker.rel("ticket-journey.md", "index.md")), hide=("navigation", "toc")),
        Page("ticket-journey.md", "What happens when you submit a ticket",
             render("client_journey.html", msp=public_msp, journeys=_journeys(public_msp, client, views, plans))),
    ]
    for v in views:
        exc = client.exception(v.id)
        commitments = []
        plan = plans.get(v.id)
        plan_name = plan.name if plan else ""
        for p in public_msp.priorities:
            found = vendor_response(v, plan, p)
            if found is None:
                continue
            cov = plan.coverage_for(found[1]) if plan else None
            commitments.append({"priority": p.label, "severity": found[1], "response": found[2].human(),
                                "hours": cov.describe(v.timezone) if cov else "—"})
        src = f"vendors/{v.id}.md"
        pages.append(Page(src, v.name, render(
            "client_vendor.html", v=v, msp=public_msp, escalated=escalated_by_msp(v, client),
            view=vendor_view(v, reader, plan=PlanChoice(plan, "the client's contract") if plan else None),
            extra_contacts=list(exc.contacts) if exc else [],  # already restricted by client_view
            commitments=commitments, plan_name=plan_name, journey=linker.rel("ticket-journey.md", src),
            summary_first=summary_first(v.summary)),
            tags=tuple(dict.fromkeys([*v.aliases, *v.products])), lean_search=True, search_text=v.summary))
    return pages


def internal_msp_pages(project: MspProject, vendors: list[Vendor], *, linker: Linker) -> list[Page]:
    """The internal tiers/OLA policy page and one internal page per client (contracts, notes, alignment)."""
    msp = project.msp
    if msp is None:
        return []
    by_id = {v.id: v for v in vendors}
    entries = []
    pages = []
    for client in project.clients:
        src = f"clients/{client.id}.md"
        problems = [p for p in project.problems if p.code == "ESC404" and client.name in p.message]
        rows = []
        for ref in client.vendors:
            v = by_id.get(ref)
            exc = client.exception(ref)
            plan = client_plan(v, client).plan if v else None
            rows.append({"name": v.name if v else ref, "href": linker.rel(f"vendors/{ref}.md", src),
                         "plan": plan.name if plan else "not known",
                         "contract": (exc.contract if exc and exc.contract else
                                      ", ".join(c.number for c in v.contracts) if v else ""),
                         "escalated": exc is None or exc.escalated_by_msp,
                         "tier": (tier.name if exc and exc.tier and (tier := msp.tier(exc.tier)) else
                                  msp.vendor_tier().name), "note": exc.note if exc else ""})
        pages.append(Page(src, f"{client.name} (internal)", render(
            "client_internal.html", client=client, rows=rows, problems=problems)))
        entries.append({"client": client, "href": linker.rel(src, "msp/index.md"), "problems": problems})
    pages.insert(0, Page("msp/index.md", f"{msp.name}: internal tiers", render(
        "msp_internal.html", msp=msp, clients=entries)))
    return pages
