"""Build the typed model from schema-valid, check-clean data (the only place raw dicts become objects)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from .coverage import ALWAYS, DAY_NAMES, UNKNOWN, Coverage, Holidays, Window, business_hours, parse_clock, parse_days
from .durations import parse_duration
from .model import (
    AS_VENDOR_SPECIFIES,
    Alternative,
    CaseTemplate,
    Condition,
    Contact,
    Contract,
    Diagnostic,
    Escalation,
    EscalationLevel,
    EscalationRequest,
    Ladder,
    MinimumWait,
    NotEscalatable,
    Onboarding,
    Person,
    Plan,
    Rma,
    RmaLevel,
    Severity,
    SeverityCoverage,
    SlaCell,
    Slas,
    Source,
    Step,
    Target,
    Tier,
    Uptime,
    Vendor,
    Verified,
)
from .phones import is_toll_free, normalise_phone

# --------------------------------------------------------------------------------------------

def _t(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key) or ())


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _holidays(hol: dict[str, Any]) -> Holidays:
    return Holidays(country=hol.get("country"), subdivision=hol.get("subdivision"),
                    closed=tuple(_date(d) for d in hol.get("closed", ())),  # type: ignore[misc]
                    open=tuple(_date(d) for d in hol.get("open", ())),  # type: ignore[misc]
                    name=hol.get("name", ""), customer_local=bool(hol.get("customer_local")))


def _point(text: str) -> tuple[int, int]:
    day, clock = text.split(" ", 1)
    return DAY_NAMES.index(day), parse_clock(clock)


def build_coverage(raw: Any) -> Coverage:
    """A coverage from its YAML form; absent means not recorded (never 24x7 by default)."""
    if raw is None or raw == "unknown":
        return UNKNOWN
    if raw == "24x7":
        return ALWAYS
    if "unknown" in raw:
        return Coverage(kind="unknown", note=raw["unknown"])
    if "regions" in raw:
        return Coverage(kind="regions", regions=tuple((k, build_coverage(v)) for k, v in raw["regions"].items()),
                        note=raw.get("note", ""))
    hol = _holidays(raw.get("holidays") or {})
    if "windows" in raw:
        windows = []
        for w in raw["windows"]:
            (sd, sm), (ed, em) = _point(w["from"]), _point(w["to"])
            windows.append(Window(sd, sm, ed, em, w.get("from_timezone"), w.get("to_timezone")))
        return Coverage(kind="hours", windows=tuple(windows), zone=raw.get("timezone"), holidays=hol,
                        note=raw.get("note", ""))
    start, end = raw["hours"].split("-")
    cov = business_hours(parse_days(raw["days"]), parse_clock(start), parse_clock(end), zone=raw.get("timezone"),
                         holidays=hol)
    return replace(cov, note=raw.get("note", "")) if raw.get("note") else cov


def _severity_coverage(raw: Any) -> SeverityCoverage:
    if isinstance(raw, dict) and "only_if" in raw:
        return SeverityCoverage(build_coverage(raw["coverage"]),
                                tuple(Condition(c["condition"], c.get("text", "")) for c in raw["only_if"]),
                                build_coverage(raw["otherwise"]) if "otherwise" in raw else None)
    return SeverityCoverage(build_coverage(raw))


def _target(raw: Any) -> Target | None:
    if raw is None:
        return None
    if isinstance(raw, (str, int)):
        return Target(parse_duration(raw))
    return Target(
        parse_duration(raw["value"]) if "value" in raw else None, bool(raw.get("or_as_agreed")), raw.get("note", ""),
        bound=raw.get("bound", ""), qualifier=raw.get("qualifier", ""), percent=raw.get("percent_of_cases"),
        not_offered=bool(raw.get("not_offered")), unknown=raw.get("unknown", ""), source=raw.get("source", ""),
        alternatives=tuple(Alternative(parse_duration(a["value"]), a.get("source", ""), a.get("note", ""))
                           for a in raw.get("alternatives", ())))


def build_contact(c: dict[str, Any]) -> Contact:
    raw = c.get("value", "")
    value = normalise_phone(raw) if c["kind"] == "phone" and raw else raw
    v = c.get("verified")
    return Contact(
        id=c["id"], kind=c["kind"], value=value, label=c.get("label", ""), region=c.get("region", ""),
        toll_free=bool(c.get("toll_free")) or (c["kind"] == "phone" and bool(value) and is_toll_free(value)),
        primary=bool(c.get("primary")), coverage=build_coverage(c.get("coverage")),
        has_coverage="coverage" in c, languages=_t(c, "languages"), severities=_t(c, "severities"),
        plans=_t(c, "plans"), msp_only=bool(c.get("msp_only")), note=c.get("note", ""),
        verified=Verified(_date(v["on"]), v["method"], v.get("by", "")) if v else None,  # type: ignore[arg-type]
        visibility=c.get("visibility", "public"), value_status=c.get("value_status", "published"),
    )


def _person(p: dict[str, Any]) -> Person:
    return Person(
        id=p["id"], role=p["role"], name=p.get("name", ""), title=p.get("title", ""), region=p.get("region", ""),
        phone=normalise_phone(p["phone"]) if p.get("phone") else "",
        mobile=normalise_phone(p["mobile"]) if p.get("mobile") else "",
        email=p.get("email", ""), note=p.get("note", ""), visibility=p.get("visibility", "internal"),
    )


def _step(s: dict[str, Any]) -> Step:
    whom = s.get("whom")
    people = (whom,) if isinstance(whom, str) else tuple(whom or ())
    return Step(parse_duration(s["after"]), s["action"], s["axis"], people[0] if people else None, people[1:])


def _maybe_duration(raw: Any) -> Any:
    if raw is None or raw == AS_VENDOR_SPECIFIES:
        return raw
    return parse_duration(raw)


def _level(lv: dict[str, Any]) -> RmaLevel:
    after = lv.get("applies_after")
    return RmaLevel(
        lv["id"], lv["kind"], parse_duration(lv["target"]), lv.get("name", ""),
        parse_clock(lv["cutoff"]) if lv.get("cutoff") else None, lv.get("timezone", ""), lv.get("description", ""),
        clock_starts=lv.get("clock_starts", "diagnosis"), ends_with=lv.get("ends_with", ""),
        advance_replacement=lv.get("advance_replacement"), return_window=_maybe_duration(lv.get("return_window")),
        applies_after=Onboarding(parse_duration(after["period"]), after.get("until_then"), after.get("note", ""))
        if after else None, note=lv.get("note", ""), source=lv.get("source", ""), qualifier=lv.get("qualifier", ""))


def _escalation(e: dict[str, Any]) -> Escalation:
    comm = e.get("communication_plan") or {}
    return Escalation(
        how=e.get("how", ""), functional_triggers=_t(e, "functional_triggers"),
        hierarchical_triggers=_t(e, "hierarchical_triggers"),
        minimum_wait=tuple(MinimumWait(w["severity"], parse_duration(w["wait"]), w.get("plan"))
                           for w in e.get("minimum_wait", ())),
        not_escalatable=tuple(NotEscalatable(n["severity"], n["reason"], n.get("instead"))
                              for n in e.get("not_escalatable", ())),
        levels=tuple(EscalationLevel(lv["level"], tuple(lv["involves"]), lv.get("name", ""), lv.get("whom"),
                                     lv.get("visibility", "public")) for lv in e.get("levels", ())),
        ladders=tuple(Ladder(lad["severity"], tuple(_step(s) for s in lad["steps"]), lad.get("plan"),
                             lad.get("visibility", "public"), lad.get("starts_on", "case_opened"))
                      for lad in e.get("ladders", ())),
        requests=tuple(EscalationRequest(r["id"], r["via"], r.get("label", ""), r.get("contact"),
                                         build_coverage(r.get("coverage")), _target(r.get("response")),
                                         _t(r, "plans"), r.get("note", "")) for r in e.get("requests", ())),
        communication_mode=comm.get("mode", ""), communication_frequency=comm.get("frequency", ""),
        communication_attendees=_t(comm, "attendees"), de_escalation=_t(e, "de_escalation"),
        other_vendors=e.get("other_vendors", ""), visibility=e.get("visibility", "public"),
    )


def _rma(r: dict[str, Any] | None) -> Rma | None:
    if not r:
        return None
    return Rma(
        levels=tuple(_level(lv) for lv in r.get("levels", ())),
        advance_replacement=bool(r.get("advance_replacement")),
        return_window=_maybe_duration(r.get("return_window")),
        steps=_t(r, "steps"), required_info=_t(r, "required_info"), contact=r.get("contact"),
        visibility=r.get("visibility", "public"),
    )


def build_vendor(d: dict[str, Any], file: str) -> Vendor:
    """Build the model from schema-valid, check-clean data."""
    slas = d.get("slas") or {}
    clock = slas.get("clock") or {}
    up = slas.get("uptime")
    case = d.get("case_template") or {}
    sev_changes = d.get("severity_changes") or {}
    support = d.get("support_model") or {}
    return Vendor(
        id=d["id"], name=d["name"], file=file, last_verified=date.fromisoformat(d["last_verified"]),
        contacts=tuple(build_contact(c) for c in d["contacts"]),
        severities=tuple(Severity(s["id"], s["canonical"], s["definition"], s.get("name", ""), _t(s, "examples"),
                                  _t(s, "recognise"), _t(s, "plans"), _t(s, "open_via")) for s in d["severities"]),
        aliases=_t(d, "aliases"), category=d.get("category", "other"), summary=d.get("summary", ""),
        products=_t(d, "products"), website=d.get("website", ""), status_page=d.get("status_page", ""),
        security_email=(d.get("security_contact") or {}).get("email", ""),
        security_url=(d.get("security_contact") or {}).get("url", ""),
        tsanet_member=(d["tsanet"]["member"] if "tsanet" in d else None),
        tsanet_note=(d.get("tsanet") or {}).get("note", ""),
        timezone=d.get("timezone"), owner_name=(d.get("owner") or {}).get("name", ""),
        owner_email=(d.get("owner") or {}).get("email", ""), review_every=d.get("review_every", ""),
        sources=tuple(Source(s["url"], s.get("title", ""), _date(s.get("retrieved")), s.get("id", ""),
                             s.get("version", ""), _date(s.get("published"))) for s in d.get("sources", ())),
        serial_prefixes=_t(d.get("join_keys") or {}, "serial_prefixes"),
        circuit_ids=_t(d.get("join_keys") or {}, "circuit_ids"),
        asns=_t(d.get("join_keys") or {}, "asns"), hostnames=_t(d.get("join_keys") or {}, "hostnames"),
        msp_only=bool(support.get("msp_only")), support_note=support.get("note", ""),
        no_phone=support.get("no_phone", ""), client_summary=d.get("client_summary", ""),
        people=tuple(_person(p) for p in d.get("people", ())),
        plans=tuple(Plan(p["id"], p["name"], build_coverage(p.get("coverage")),
                         tuple((k, _severity_coverage(v)) for k, v in (p.get("coverage_by_severity") or {}).items()),
                         p.get("description", "")) for p in d.get("plans", ())),
        severity_raised_by=_t(sev_changes, "raised_by"), severity_lowered_by=_t(sev_changes, "lowered_by"),
        severity_change_note=sev_changes.get("note", ""),
        obligations=tuple((o["text"], _t(o, "severities"), _t(o, "plans")) for o in d.get("obligations", ())),
        slas=Slas(
            pauses=_t(clock, "pauses"), business_hours_zone=clock.get("business_hours_zone", "vendor"),
            clock_note=clock.get("note", ""),
            uptime=Uptime(up["target_percent"], up.get("period", "monthly"), up.get("credits", ""), _t(up, "plans"))
            if up else None,
            matrix=tuple(SlaCell(c["plan"], c["severity"], *(_target(c.get(m)) for m in SlaCell.MEASURES),
                                 note=c.get("note", "")) for c in slas.get("matrix", ())),
        ),
        tiers=tuple(Tier(t["level"], t.get("name", ""), _t(t, "can"), _t(t, "cannot"), t.get("reach_next", ""),
                         t.get("visibility", "public")) for t in d.get("tiers", ())),
        escalation=_escalation(d.get("escalation") or {}),
        rma=_rma(d.get("rma")),
        contracts=tuple(Contract(c["number"], c["plan"], _date(c.get("start")), _date(c.get("renewal")),
                                 c.get("rma_level"), _t(c, "assets"),
                                 tuple((lv["kind"], lv.get("detail", "")) for lv in c.get("levers", ())),
                                 c.get("note", ""), c.get("visibility", "internal")) for c in d.get("contracts", ())),
        case_template=CaseTemplate(case.get("subject", ""), _t(case, "required_info"),
                                   tuple(Diagnostic(x["name"], x.get("command", "")) for x in case.get("diagnostics", ())),
                                   _t(case, "pre_escalation_checklist"), case.get("impact_guidance", ""),
                                   case.get("visibility", "public")),
        internal_notes=d.get("internal_notes", ""),
    )
