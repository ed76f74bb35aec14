"""SLA/OLA alignment: can the chain (internal OLAs + the vendor's response) keep the client promise?"""

from __future__ import annotations

from dataclasses import dataclass

from escdir.derive.facts import PlanChoice, effective_plan
from escdir.errors import Level, Problem
from escdir.load.loader import Document, jsonpath
from escdir.model import Plan, Vendor
from escdir.model.durations import Duration
from escdir.model.msp import Client, Msp, Priority


def _minutes(d: Duration) -> float | None:
    """Upper bound in minutes; business units count as clock units (flagged in the message); nbd as 1 day."""
    if d.kind == "best_effort":
        return None
    return 1440.0 if d.kind == "nbd" else d.high


def _fmt(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{m} min"


@dataclass(frozen=True)
class ChainStep:
    label: str
    duration: Duration


def client_plan(vendor: Vendor, client: Client) -> PlanChoice:
    """The plan this client's cases run on: the client's own contract (exception), else ours — decided on the full
    (internal) model by :func:`escdir.derive.facts.effective_plan`, so the alignment check and the client's pages agree."""
    exc = client.exception(vendor.id)
    return effective_plan(vendor, client_plan=exc.plan if exc and exc.plan else None)


def vendor_response(vendor: Vendor, plan: Plan | None, priority: Priority) -> tuple[str, str, Duration] | None:
    """(plan name, vendor severity id, response target) on ``plan`` for the severity mapped from ``priority``."""
    if plan is None:
        return None
    for sev in vendor.for_canonical(priority.canonical):
        if not sev.on_plan(plan.id):
            continue
        cell = vendor.slas.cell(plan.id, sev.id)
        response = cell.response.for_due_time if cell is not None and cell.response is not None else None
        if response is not None:
            return plan.name, sev.id, response
    return None


def chain_for(msp: Msp, client: Client, vendor: Vendor, priority: Priority,
              plan: Plan | None) -> list[ChainStep] | None:
    """The steps from a client ticket to the vendor's response — our own answer first, then the OLAs, then the
    vendor — exactly the steps the client's ticket-journey page shows; None when the vendor has no target."""
    exc = client.exception(vendor.id)
    tier = (exc.tier if exc and exc.tier else None) or msp.vendor_tier().id
    steps = []
    answer = client.target(priority, "response")
    if answer is not None:
        steps.append(ChainStep(f"{msp.tiers[0].name} answers", answer))
    steps += [ChainStep(f"{msp.tier(o.from_tier).name} → {msp.tier(o.to_tier).name} OLA", o.within)  # type: ignore[union-attr]
              for o in msp.chain(priority.id, tier)]
    found = vendor_response(vendor, plan, priority)
    if found is None:
        return None
    plan_name, sev, response = found
    steps.append(ChainStep(f"{vendor.name} {sev} response on {plan_name}", response))
    return steps


@dataclass(frozen=True)
class Unmet:
    """A client promise the chain cannot be shown to keep, for one priority and one vendor.

    ``checkable`` is False when the promise cannot be checked at all (the plan is not known); ``in_client`` says
    whether the promise is the client's own override (``sla[override]``) or the MSP default (``priorities[index]``).
    """

    client: str
    priority: str
    vendor: str
    measure: str
    message: str
    checkable: bool
    in_client: bool
    index: int  # of the client's sla override when in_client, else of the MSP priority


def unmet_promises(msp: Msp, client: Client, vendors: dict[str, Vendor]) -> list[Unmet]:
    """Every promise of ``client`` the chain (our answer + OLAs + the vendor's response) cannot be shown to keep.

    :func:`alignment_problems` reports these; the semantic diff compares them between two revisions."""
    out: list[Unmet] = []
    for p_index, priority in enumerate(msp.priorities):
        measure = "vendor_engaged" if client.target(priority, "vendor_engaged") else "resolution"
        target = client.target(priority, measure)
        if target is None or _minutes(target) is None:
            continue
        in_client, index = False, p_index
        for i, (pid, overrides) in enumerate(client.sla):
            if pid == priority.id and any(m == measure for m, _ in overrides):
                in_client, index = True, i

        def unmet(vendor: Vendor, message: str, *, checkable: bool = True, priority: Priority = priority,
                  measure: str = measure, in_client: bool = in_client, index: int = index) -> Unmet:
            return Unmet(client.id, priority.id, vendor.id, measure, message, checkable, in_client, index)

        for vid in client.vendors:
            vendor = vendors.get(vid)
            exc = client.exception(vid)
            if vendor is None or (exc is not None and not exc.escalated_by_msp):
                continue
            choice = client_plan(vendor, client)
            if choice.plan is None:
                out.append(unmet(vendor, f"{client.name} {priority.id} with {vendor.name}: the promise cannot be "
                                 f"checked: plan not known ({choice.how})", checkable=False))
                continue
            steps = chain_for(msp, client, vendor, priority, choice.plan)
            if steps is None:
                continue
            parts = [f"{s.label} {s.duration.human()}" for s in steps]
            mins = [_minutes(s.duration) for s in steps]
            promise = f"{client.name} {priority.id}: promised {measure.replace('_', ' ')} within {target.human()}"
            if any(m is None for m in mins):
                out.append(unmet(vendor, f"{promise}, but the chain includes a target without a time: "
                                 f"{' + '.join(parts)}"))
                continue
            total = sum(m for m in mins if m is not None)
            limit = _minutes(target)
            assert limit is not None  # checked above
            if total <= limit:
                continue
            business = any(s.duration.business for s in steps)
            out.append(unmet(vendor, f"{promise} ({_fmt(limit)}), but the chain needs {' + '.join(parts)} = "
                             f"{_fmt(total)}" + (" (business time: longer outside coverage hours)" if business else "")))
    return out


def alignment_problems(msp: Msp, msp_doc: Document, client: Client, client_doc: Document,
                       vendors: dict[str, Vendor]) -> list[Problem]:
    """ESC404 for every :func:`unmet_promises` entry, on the client's override or the MSP default it comes from."""
    out: list[Problem] = []
    level = Level.ERROR if msp.alignment_level == "error" else Level.WARNING
    for u in unmet_promises(msp, client, vendors):
        doc, path = (client_doc, ("sla", u.index, u.measure)) if u.in_client else (
            msp_doc, ("priorities", u.index, u.measure))
        line, col = doc.marks.at(path)
        out.append(Problem.make("ESC404", doc.file, u.message, line=line, col=col, path=jsonpath(path),
                                level=level if u.checkable else Level.WARNING))
    return out
