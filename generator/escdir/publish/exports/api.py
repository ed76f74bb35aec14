"""The static JSON API: ``api/v1/vendors.json`` (index) and ``api/v1/vendors/<id>.json`` (one vendor).

Documented by ``schema/api-index.schema.json`` and ``schema/api-vendor.schema.json``. Output is
deterministic: sorted keys, vendors sorted by id, and no clock times — ``as_of`` and ``stale`` come
from the ``today`` the caller passes. Only what is in the given (audience-restricted) models is
written; empty optional sections are left out.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from escdir.derive.reader import Reader
from escdir.derive.view import VendorView, vendor_view
from escdir.model import Contact, Plan, Rma, SeverityCoverage, Slas, Target, Vendor
from escdir.model.coverage import DAY_NAMES, Coverage
from escdir.model.durations import Duration

if TYPE_CHECKING:
    from escdir.publish.exports import VendorMemo

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
    if c.kind in ("unknown", "regions", "none"):
        out: dict[str, Any] = {"always": False, "kind": c.kind, "description": c.describe(), "note": c.note}
        if c.kind == "regions":
            out["regions"] = {name: coverage(inner) for name, inner in c.regions}
        return out
    h = c.holidays
    return {"always": False, "kind": "hours", "description": c.describe(), "note": c.note,
            "days": [DAY_NAMES[d] for d in c.days],
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


def plain(value: Any) -> Any:
    """A model value as JSON: durations, targets and coverages in their API form, dates as ISO text, tuples as
    lists, other model dataclasses field by field (see ``fields_json``)."""
    if isinstance(value, Duration):
        return duration(value)
    if isinstance(value, Target):
        return target(value)
    if isinstance(value, Coverage):
        return coverage(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(x) for x in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fields_json(value)
    return value


def fields_json(obj: Any, *, omit: Collection[str] = (), none_if_empty: Collection[str] = (),
                **overrides: Any) -> dict[str, Any]:
    """Every field of a model dataclass by its own name (``plain`` values), less ``omit``; a field in
    ``none_if_empty`` is null when empty; ``overrides`` replace or add keys."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in omit:
            continue
        value = getattr(obj, f.name)
        out[f.name] = None if f.name in none_if_empty and not value else plain(value)
    out.update(overrides)
    return out


def _contact_json(c: Contact) -> dict[str, Any]:
    return fields_json(c, omit={"has_coverage"}, display=c.display, href=c.href,
                       coverage=coverage(c.coverage) if c.has_coverage else None)


def _escalation(v: Vendor) -> dict[str, Any]:
    e = v.escalation
    internal = {"visibility"}
    return fields_json(
        e, omit={"visibility", "communication_mode", "communication_frequency", "communication_attendees"},
        levels=[fields_json(lv, omit=internal) for lv in e.levels],
        ladders=[fields_json(lad, omit=internal) for lad in e.ladders],
        communication={"mode": e.communication_mode, "frequency": e.communication_frequency,
                       "attendees": list(e.communication_attendees)})


def _effective(view: VendorView) -> dict[str, Any]:
    """The plan every output uses (escdir.derive.facts.effective_plan) and how it was decided."""
    choice = view.plan
    return {"id": choice.plan.id if choice.plan else None, "how": choice.how,
            "coverage": view.plan_coverage or None}


def _call_first(view: VendorView) -> dict[str, Any]:
    """The reader's line to call first (escdir.derive.view), the same line every output leads with."""
    c = view.first.contact
    return {"contact": c.id if c is not None else None, "e164": view.first_number or None,
            "display": c.display if c is not None else None, "why": view.first.why,
            "directory": view.first.directory or None, "reader": view.reader.place or None}


def _plan(p: Plan) -> dict[str, Any]:
    return fields_json(p, coverage_by_severity={sev: _severity_coverage(c) for sev, c in p.coverage_by_severity})


def _slas(s: Slas) -> dict[str, Any]:
    return {"clock": {"pauses": list(s.pauses), "business_hours_zone": s.business_hours_zone or None,
                      "note": s.clock_note},
            "uptime": plain(s.uptime), "matrix": plain(s.matrix)}


def _rma(r: Rma) -> dict[str, Any]:
    levels = [fields_json(lv, none_if_empty={"timezone", "source", "qualifier", "target_not_published"}, omit={"ends_with"},
                          cutoff=_hhmm(lv.cutoff) if lv.cutoff is not None else None, ends_with=lv.ends,
                          advance_replacement=r.advance_for(lv), return_window=_window(r.return_for(lv)))
              for lv in r.levels]
    return fields_json(r, omit={"visibility"}, levels=levels, return_window=_window(r.return_window))


#: Vendor fields written by hand below (grouped, renamed or derived), or kept out of the API on purpose.
_VENDOR_BY_HAND = {
    "file", "last_verified", "tiers", "contacts", "people", "sources", "security_email", "security_url", "security_pgp_url", "tsanet_member", "tsanet_note", "owner_name",
    "owner_email", "serial_prefixes", "circuit_ids", "asns", "hostnames", "plans", "severity_raised_by",
    "severity_lowered_by", "severity_change_note", "slas", "escalation", "rma", "contracts", "case_template",
    "internal_notes", "regions", "phone_directory", "call_via",
}


def vendor_document(v: Vendor, *, today: date, view: VendorView | None = None) -> dict[str, Any]:
    """The full per-vendor document (see api-vendor.schema.json) for the view's reader."""
    view = view or vendor_view(v, Reader())
    due = v.review_due()
    doc = fields_json(
        v, omit=_VENDOR_BY_HAND,
        none_if_empty={"category", "website", "status_page", "no_phone", "no_24x7_phone", "no_contacts_known", "client_summary"},
        api_version=API_VERSION, last_verified=v.last_verified.isoformat(), review_every=v.review_every or None,
        review_due=due.isoformat() if due else None, stale=v.is_stale(today),
        security={"email": v.security_email or None, "url": v.security_url or None,
                  "pgp_key_url": v.security_pgp_url or None},
        tsanet={"member": v.tsanet_member, "note": v.tsanet_note} if v.tsanet_member is not None else None,
        join_keys={"serial_prefixes": list(v.serial_prefixes), "circuit_ids": list(v.circuit_ids),
                   "asns": list(v.asns), "hostnames": list(v.hostnames)},
        primary_hotline=view.first_number or None, call_first=_call_first(view), effective_plan=_effective(view),
        contacts=[_contact_json(c) for c in v.contacts],
        people=[fields_json(p, none_if_empty={"phone", "mobile", "email"}) for p in v.people],
        sources=[fields_json(x, none_if_empty={"id", "version"}) for x in v.sources],
        plans=[_plan(p) for p in v.plans],
        severity_changes={"raised_by": list(v.severity_raised_by), "lowered_by": list(v.severity_lowered_by),
                          "note": v.severity_change_note},
        regions=[{"name": name, "countries": list(countries)} for name, countries in v.regions],
        phone_directory=v.phone_directory or None, call_via=v.call_via or None,
        tiers=[fields_json(t, omit={"visibility"}) for t in v.tiers], slas=_slas(v.slas), escalation=_escalation(v),
        case_template=fields_json(v.case_template, omit={"visibility"}),
    )
    if v.rma:
        doc["rma"] = _rma(v.rma)
    if v.contracts:
        doc["contracts"] = plain(v.contracts)
    if v.internal_notes:
        doc["internal_notes"] = v.internal_notes
    return doc


def index_document(vendors: list[Vendor], *, today: date, site_name: str,
                   views: dict[str, VendorView] | None = None) -> dict[str, Any]:
    """The index (see api-index.schema.json); ``url`` is relative to the index itself."""
    views = views or {v.id: vendor_view(v, Reader()) for v in vendors}
    return {"api_version": API_VERSION, "site_name": site_name, "as_of": today.isoformat(), "count": len(vendors),
            "vendors": [{"id": v.id, "name": v.name, "aliases": list(v.aliases), "category": v.category or None,
                         "primary_hotline": views[v.id].first_number or None,
                         "url": f"vendors/{v.id}.json"} for v in sorted(vendors, key=lambda v: v.id)]}


def iter_files(vendors: list[Vendor], *, today: date, site_name: str, memo: VendorMemo | None = None,
               views: dict[str, VendorView] | None = None) -> Iterator[tuple[str, bytes]]:
    """Relative path → bytes for the whole API, one document at a time (a build writes each and lets it go);
    per-vendor documents are memoised when ``memo`` is given."""
    views = views or {v.id: vendor_view(v, Reader()) for v in vendors}
    yield f"{PREFIX}/vendors.json", dump(index_document(vendors, today=today, site_name=site_name, views=views))
    for v in vendors:
        def make(v: Vendor = v) -> bytes:
            return dump(vendor_document(v, today=today, view=views[v.id]))
        key = (today, views[v.id].reader)
        yield f"{PREFIX}/vendors/{v.id}.json", memo.get("api", v, key, make) if memo else make()
