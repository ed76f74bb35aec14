"""The static JSON API: ``api/v1/vendors.json`` (index) and ``api/v1/vendors/<id>.json`` (one vendor).

Documented by ``schema/api-index.schema.json`` and ``schema/api-vendor.schema.json``. Output is
deterministic: sorted keys, vendors sorted by id, and no clock times — ``as_of`` and ``stale`` come
from the ``today`` the caller passes. Only what is in the given (audience-restricted) models is
written; empty optional sections are left out.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..coverage import DAY_NAMES, Coverage
from ..durations import Duration
from ..facts import describe_plan_coverage, effective_plan
from ..model import Contact, Person, SeverityCoverage, Target, Vendor

API_VERSION = "1"
PREFIX = "api/v1"


def dump(data: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def duration(d: Duration) -> dict[str, Any]:
    """Text as written, plus minutes (upper bound; None for nbd/best effort) and the business flag."""
    timed = d.kind in ("exact", "range")
    return {"text": d.text, "human": d.human(), "kind": d.kind, "business": d.business,
            "minutes": _number(d.high) if timed else None, "minutes_low": _number(d.low) if timed else None}


def _number(x: float) -> int | float:
    return int(x) if x == int(x) else x


def target(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    base = duration(t.duration) if t.duration is not None else {
        "text": None, "human": t.human(), "kind": None, "business": None, "minutes": None, "minutes_low": None}
    return {**base, "or_as_agreed": t.or_as_agreed, "note": t.note, "bound": t.bound or None,
            "qualifier": t.qualifier or None, "percent_of_cases": t.percent, "not_offered": t.not_offered,
            "unknown": t.unknown or None, "source": t.source or None, "stated": t.human(),
            "alternatives": [{**duration(a.duration), "source": a.source or None, "note": a.note}
                             for a in t.alternatives]}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def coverage(c: Coverage) -> dict[str, Any]:
    if c.always:
        return {"always": True, "kind": "always", "description": c.describe()}
    if c.kind in ("unknown", "regions"):
        out: dict[str, Any] = {"always": False, "kind": c.kind, "description": c.describe(), "note": c.note}
        if c.kind == "regions":
            out["regions"] = {name: coverage(inner) for name, inner in c.regions}
        return out
    h = c.holidays
    return {"always": False, "kind": "hours", "description": c.describe(), "days": [DAY_NAMES[d] for d in c.days],
            "start": _hhmm(c.start) if c.days else None, "end": _hhmm(c.end) if c.days else None,
            "windows": [{"from": f"{DAY_NAMES[w.start_day]} {_hhmm(w.start)}", "to": f"{DAY_NAMES[w.end_day]} "
                         f"{_hhmm(w.end)}", "from_timezone": w.start_zone, "to_timezone": w.end_zone}
                        for w in c.windows],
            "timezone": c.zone, "holidays": {"country": h.country, "subdivision": h.subdivision,
                                             "closed": [d.isoformat() for d in h.closed],
                                             "open": [d.isoformat() for d in h.open], "name": h.name or None,
                                             "customer_local": h.customer_local}}


def _severity_coverage(sc: SeverityCoverage) -> dict[str, Any]:
    return {"coverage": coverage(sc.coverage),
            "only_if": [{"condition": c.kind, "text": c.human()} for c in sc.only_if],
            "otherwise": coverage(sc.otherwise) if sc.otherwise is not None else None}


def _window(w: Any) -> Any:
    return w if isinstance(w, str) or w is None else duration(w)


def _contact_json(c: Contact) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind, "value": c.value, "display": c.display, "href": c.href, "label": c.label,
            "region": c.region, "toll_free": c.toll_free, "primary": c.primary,
            "coverage": coverage(c.coverage) if c.has_coverage else None, "languages": list(c.languages),
            "severities": list(c.severities), "plans": list(c.plans), "msp_only": c.msp_only, "note": c.note,
            "visibility": c.visibility, "value_status": c.value_status,
            "verified": {"on": c.verified.on.isoformat(), "method": c.verified.method, "by": c.verified.by}
            if c.verified else None}


def _person(p: Person) -> dict[str, Any]:
    return {"id": p.id, "role": p.role, "name": p.name, "title": p.title, "region": p.region, "phone": p.phone or None,
            "mobile": p.mobile or None, "email": p.email or None, "note": p.note, "visibility": p.visibility}


def _escalation(v: Vendor) -> dict[str, Any]:
    e = v.escalation
    return {
        "how": e.how, "functional_triggers": list(e.functional_triggers),
        "hierarchical_triggers": list(e.hierarchical_triggers),
        "minimum_wait": [{"severity": w.severity, "plan": w.plan, "wait": duration(w.wait)} for w in e.minimum_wait],
        "not_escalatable": [{"severity": n.severity, "reason": n.reason, "instead": n.instead}
                            for n in e.not_escalatable],
        "levels": [{"level": lv.level, "name": lv.name, "involves": list(lv.involves), "whom": lv.whom}
                   for lv in e.levels],
        "ladders": [{"severity": lad.severity, "plan": lad.plan,
                     "starts_on": lad.starts_on,
                     "steps": [{"after": duration(s.after), "action": s.action, "axis": s.axis, "whom": s.whom,
                                "also": list(s.also)} for s in lad.steps]} for lad in e.ladders],
        "requests": [{"id": r.id, "via": r.via, "label": r.label, "contact": r.contact,
                      "coverage": coverage(r.coverage), "response": target(r.response), "plans": list(r.plans),
                      "note": r.note} for r in e.requests],
        "communication": {"mode": e.communication_mode, "frequency": e.communication_frequency,
                          "attendees": list(e.communication_attendees)},
        "de_escalation": list(e.de_escalation), "other_vendors": e.other_vendors,
    }


def _effective(v: Vendor) -> dict[str, Any]:
    """The plan every output uses (escdir.facts.effective_plan) and how it was decided."""
    choice = effective_plan(v)
    return {"id": choice.plan.id if choice.plan else None, "how": choice.how,
            "coverage": describe_plan_coverage(choice.plan, v.timezone) if choice.plan else None}


def vendor_document(v: Vendor, *, today: date) -> dict[str, Any]:
    """The full per-vendor document (see api-vendor.schema.json)."""
    due = v.review_due()
    s = v.slas
    doc: dict[str, Any] = {
        "api_version": API_VERSION, "id": v.id, "name": v.name, "aliases": list(v.aliases), "category": v.category,
        "summary": v.summary, "products": list(v.products), "website": v.website or None,
        "status_page": v.status_page or None, "timezone": v.timezone, "audience": v.audience,
        "last_verified": v.last_verified.isoformat(), "review_every": v.review_every or None,
        "review_due": due.isoformat() if due else None, "stale": v.is_stale(today),
        "security": {"email": v.security_email or None, "url": v.security_url or None},
        "tsanet": {"member": v.tsanet_member, "note": v.tsanet_note} if v.tsanet_member is not None else None,
        "msp_only": v.msp_only, "support_note": v.support_note, "no_phone": v.no_phone or None,
        "client_summary": v.client_summary or None,
        "join_keys": {"serial_prefixes": list(v.serial_prefixes), "circuit_ids": list(v.circuit_ids),
                      "asns": list(v.asns), "hostnames": list(v.hostnames)},
        "sources": [{"url": x.url, "title": x.title, "retrieved": x.retrieved.isoformat() if x.retrieved else None,
                     "id": x.id or None, "version": x.version or None,
                     "published": x.published.isoformat() if x.published else None} for x in v.sources],
        "primary_hotline": v.primary_hotline.value if v.primary_hotline else None,
        "effective_plan": _effective(v),
        "contacts": [_contact_json(c) for c in v.contacts],
        "people": [_person(p) for p in v.people],
        "plans": [{"id": p.id, "name": p.name, "description": p.description, "coverage": coverage(p.coverage),
                   "coverage_by_severity": {sev: _severity_coverage(c) for sev, c in p.coverage_by_severity}}
                  for p in v.plans],
        "severities": [{"id": x.id, "name": x.name, "canonical": x.canonical, "definition": x.definition,
                        "examples": list(x.examples), "recognise": list(x.recognise), "plans": list(x.plans),
                        "open_via": list(x.open_via)} for x in v.severities],
        "severity_changes": {"raised_by": list(v.severity_raised_by), "lowered_by": list(v.severity_lowered_by),
                             "note": v.severity_change_note},
        "obligations": [{"text": t, "severities": list(sv), "plans": list(pl)} for t, sv, pl in v.obligations],
        "slas": {
            "clock": {"pauses": list(s.pauses), "business_hours_zone": s.business_hours_zone, "note": s.clock_note},
            "uptime": {"target_percent": s.uptime.target_percent, "period": s.uptime.period,
                       "credits": s.uptime.credits, "plans": list(s.uptime.plans)} if s.uptime else None,
            "matrix": [{"plan": c.plan, "severity": c.severity, "note": c.note,
                        **{m: target(getattr(c, m)) for m in c.MEASURES}} for c in s.matrix],
        },
        "tiers": [{"level": t.level, "name": t.name, "can": list(t.can), "cannot": list(t.cannot),
                   "reach_next": t.reach_next} for t in v.tiers],
        "escalation": _escalation(v),
        "case_template": {"subject": v.case_template.subject, "required_info": list(v.case_template.required_info),
                          "diagnostics": [{"name": d.name, "command": d.command} for d in v.case_template.diagnostics],
                          "pre_escalation_checklist": list(v.case_template.pre_escalation_checklist),
                          "impact_guidance": v.case_template.impact_guidance},
    }
    if v.rma:
        r = v.rma
        doc["rma"] = {"levels": [{"id": lv.id, "name": lv.name, "kind": lv.kind, "target": duration(lv.target),
                                  "cutoff": f"{lv.cutoff // 60:02d}:{lv.cutoff % 60:02d}" if lv.cutoff is not None
                                  else None, "timezone": lv.timezone or None, "description": lv.description,
                                  "clock_starts": lv.clock_starts, "ends_with": lv.ends,
                                  "advance_replacement": r.advance_for(lv), "return_window": _window(r.return_for(lv)),
                                  "applies_after": {"period": duration(lv.applies_after.period),
                                                    "until_then": lv.applies_after.until_then,
                                                    "note": lv.applies_after.note} if lv.applies_after else None,
                                  "note": lv.note, "source": lv.source or None, "qualifier": lv.qualifier or None}
                                 for lv in r.levels],
                      "advance_replacement": r.advance_replacement,
                      "return_window": _window(r.return_window),
                      "steps": list(r.steps), "required_info": list(r.required_info), "contact": r.contact}
    if v.contracts:
        doc["contracts"] = [{"number": c.number, "plan": c.plan, "start": c.start.isoformat() if c.start else None,
                             "renewal": c.renewal.isoformat() if c.renewal else None, "rma_level": c.rma_level,
                             "assets": list(c.assets), "levers": [{"kind": k, "detail": d} for k, d in c.levers],
                             "note": c.note, "visibility": c.visibility} for c in v.contracts]
    if v.internal_notes:
        doc["internal_notes"] = v.internal_notes
    return doc


def index_document(vendors: list[Vendor], *, today: date, site_name: str) -> dict[str, Any]:
    """The index (see api-index.schema.json); ``url`` is relative to the index itself."""
    return {"api_version": API_VERSION, "site_name": site_name, "as_of": today.isoformat(), "count": len(vendors),
            "vendors": [{"id": v.id, "name": v.name, "aliases": list(v.aliases), "category": v.category,
                         "primary_hotline": v.primary_hotline.value if v.primary_hotline else None,
                         "url": f"vendors/{v.id}.json"} for v in sorted(vendors, key=lambda v: v.id)]}


def files(vendors: list[Vendor], *, today: date, site_name: str, memo=None) -> dict[str, bytes]:
    """Relative path → bytes for the whole API (per-vendor documents memoised when ``memo`` is given)."""
    out = {f"{PREFIX}/vendors.json": dump(index_document(vendors, today=today, site_name=site_name))}
    for v in vendors:
        def make(v: Vendor = v) -> bytes:
            return dump(vendor_document(v, today=today))
        out[f"{PREFIX}/vendors/{v.id}.json"] = memo.get("api", v, (today,), make) if memo else make()
    return out
