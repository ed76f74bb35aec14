"""SLA/OLA alignment: can the chain (internal OLAs + the vendor's response) keep the client promise?"""

from __future__ import annotations

from dataclasses import dataclass

from ..durations import Duration
from ..errors import Level, Problem
from ..loader import Document, jsonpath
from ..model import Vendor
from .model import Client, Msp, Priority


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


def vendor_response(vendor: Vendor, client: Client, priority: Priority) -> tuple[str, str, Duration] | None:
    """(plan name, vendor severity id, response target) for this client's plan and the mapped severity."""
    exc = client.exception(vendor.id)
    plan_id = (exc.plan if exc and exc.plan else None) or vendor.held_plan or (vendor.plans[0].id if vendor.plans else None)
    if plan_id is None:
        return None
    for sev in vendor.for_canonical(priority.canonical):
        if not sev.on_plan(plan_id):
            continue
        cell = vendor.slas.cell(plan_id, sev.id)
        if cell is not None and cell.response is not None and cell.response.duration is not None:
            plan = vendor.plan(plan_id)
            return (plan.name if plan else plan_id), sev.id, cell.response.duration
    return None


def chain_for(msp: Msp, client: Client, vendor: Vendor, priority: Priority) -> list[ChainStep] | None:
    """The steps from a client ticket to the vendor's response, or None when the vendor has no target."""
    exc = client.exception(vendor.id)
    tier = (exc.tier if exc and exc.tier else None) or msp.vendor_tier().id
    steps = [ChainStep(f"{msp.tier(o.from_tier).name} → {msp.tier(o.to_tier).name} OLA", o.within)  # type: ignore[union-attr]
             for o in msp.chain(priority.id, tier)]
    found = vendor_response(vendor, client, priority)
    if found is None:
        return None
    plan, sev, response = found
    steps.append(ChainStep(f"{vendor.name} {sev} response on {plan}", response))
    return steps


def alignment_problems(msp: Msp, msp_doc: Document, client: Client, client_doc: Document,
                       vendors: dict[str, Vendor]) -> list[Problem]:
    out: list[Problem] = []
    level = Level.ERROR if msp.alignment_level == "error" else Level.WARNING
    for p_index, priority in enumerate(msp.priorities):
        measure = "vendor_engaged" if client.target(priority, "vendor_engaged") else "resolution"
        target = client.target(priority, measure)
        if target is None or _minutes(target) is None:
            continue
        # Point at the client's override when there is one, else at the MSP default.
        doc, path = msp_doc, ("priorities", p_index, measure)
        for i, (pid, overrides) in enumerate(client.sla):
            if pid == priority.id and any(m == measure for m, _ in overrides):
                doc, path = client_doc, ("sla", i, measure)
        for vid in client.vendors:
            vendor = vendors.get(vid)
            exc = client.exception(vid)
            if vendor is None or (exc is not None and not exc.escalated_by_msp):
                continue
            steps = chain_for(msp, client, vendor, priority)
            if steps is None:
                continue
            parts = [f"{s.label} {s.duration.human()}" for s in steps]
            mins = [_minutes(s.duration) for s in steps]
            promise = f"{client.name} {priority.id}: promised {measure.replace('_', ' ')} within {target.human()}"
            if any(m is None for m in mins):
                message = f"{promise}, but the chain includes a target without a time: {' + '.join(parts)}"
            else:
                total = sum(m for m in mins if m is not None)
                if total <= _minutes(target):  # type: ignore[operator]
                    continue
                business = any(s.duration.business for s in steps)
                message = (f"{promise} ({_fmt(_minutes(target))}), but the chain needs {' + '.join(parts)} = "  # type: ignore[arg-type]
                           f"{_fmt(total)}" + (" (business time: longer outside coverage hours)" if business else ""))
            line, col = doc.marks.at(path)
            out.append(Problem.make("ESC404", doc.file, message, line=line, col=col, path=jsonpath(path), level=level))
    return out
