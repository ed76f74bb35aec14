"""Client-facing pages (one site per client) and the internal MSP/client policy pages."""

from __future__ import annotations

from escdir.check.rules.budgets import summary_first
from escdir.derive.align import client_plan, vendor_response
from escdir.derive.audience import (
    escalated_by_msp,
)
from escdir.derive.client import client_vendors, client_view, msp_view
from escdir.derive.facts import PlanChoice
from escdir.derive.msp import MspProject
from escdir.derive.reader import Reader
from escdir.derive.view import vendor_view
from escdir.model import Plan, Vendor
from escdir.model.msp import Client, Msp
from escdir.present.pages import Linker, Page
from escdir.present.render import render


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
    public_msp = msp_view(msp)
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
