"""Build the typed model from schema-valid, check-clean data (the only place raw dicts become objects)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from escdir.model import (
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
    FirstLine,
    KnownGap,
    Ladder,
    Lever,
    MinimumWait,
    NotEscalatable,
    Obligation,
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
    Team,
    Tier,
    Uptime,
    Vendor,
    Verified,
)
from escdir.model.coverage import (
    ALWAYS,
    DAY_NAMES,
    UNKNOWN,
    Coverage,
    Holidays,
    Window,
    business_hours,
    parse_clock,
    parse_days,
)
from escdir.model.durations import parse_duration
from escdir.model.phones import is_toll_free, normalise_phone

T = TypeVar("T")

# --------------------------------------------------------------------------------------------

def _t(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key) or ())


def _each(build: Callable[[dict[str, Any]], T], data: dict[str, Any], key: str) -> tuple[T, ...]:
    """Each item of the list under ``key`` (absent: none), built."""
    return tuple(build(item) for item in data.get(key, ()))


def _each_required(build: Callable[[dict[str, Any]], T], data: dict[str, Any], key: str) -> tuple[T, ...]:
    """Each item of the required list under ``key``, built (KeyError when absent: never from valid data)."""
    return tuple(build(item) for item in data[key])


def _sub(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested mapping, or an empty one when absent or null."""
    return data.get(key) or {}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _holidays(hol: dict[str, Any]) -> Holidays:
    return Holidays(country=hol.get("country"), subdivision=hol.get("subdivision"),
                    closed=tuple(date.fromisoformat(d) for d in hol.get("closed", ())),
                    open=tuple(date.fromisoformat(d) for d in hol.get("open", ())),
                    name=hol.get("name", ""), customer_local=bool(hol.get("customer_local")))


def _point(text: str) -> tuple[int, int]:
    day, clock = text.split(" ", 1)
    return DAY_NAMES.index(day), parse_clock(clock)


def _window(w: dict[str, Any]) -> Window:
    (sd, sm), (ed, em) = _point(w["from"]), _point(w["to"])
    return Window(start_day=sd, start=sm, end_day=ed, end=em, start_zone=w.get("from_timezone"),
                  end_zone=w.get("to_timezone"))


def build_coverage(raw: Any) -> Coverage:
    """A coverage from its YAML form; absent means not recorded (never 24x7 by default)."""
    if raw is None or raw == "unknown":
        return UNKNOWN
    if raw == "24x7":
        return ALWAYS
    if raw == "none":
        return Coverage(kind="none")
    if "none" in raw:
        return Coverage(kind="none", note=raw["none"])
    if "unknown" in raw:
        return Coverage(kind="unknown", note=raw["unknown"])
    if "regions" in raw:
        return Coverage(kind="regions", regions=tuple((k, build_coverage(v)) for k, v in raw["regions"].items()),
                        note=raw.get("note", ""))
    hol = _holidays(_sub(raw, "holidays"))
    if "windows" in raw:
        return Coverage(kind="hours", windows=tuple(_window(w) for w in raw["windows"]), zone=raw.get("timezone"),
                        holidays=hol, note=raw.get("note", ""))
    start, end = raw["hours"].split("-")
    cov = business_hours(parse_days(raw["days"]), parse_clock(start), parse_clock(end), zone=raw.get("timezone"),
                         holidays=hol)
    return replace(cov, note=raw.get("note", "")) if raw.get("note") else cov


def _severity_coverage(raw: Any) -> SeverityCoverage:
    if isinstance(raw, dict) and "only_if" in raw:
        return SeverityCoverage(
            coverage=build_coverage(raw["coverage"]),
            only_if=tuple(Condition(kind=c["condition"], text=c.get("text", "")) for c in raw["only_if"]),
            otherwise=build_coverage(raw["otherwise"]) if "otherwise" in raw else None)
    return SeverityCoverage(coverage=build_coverage(raw))


def _alternative(a: dict[str, Any]) -> Alternative:
    return Alternative(duration=parse_duration(a["value"]), source=a.get("source", ""), note=a.get("note", ""))


def _target(raw: Any) -> Target | None:
    if raw is None:
        return None
    if isinstance(raw, (str, int)):
        return Target(duration=parse_duration(raw))
    return Target(
        duration=parse_duration(raw["value"]) if "value" in raw else None, or_as_agreed=bool(raw.get("or_as_agreed")),
        note=raw.get("note", ""), bound=raw.get("bound", ""), qualifier=raw.get("qualifier", ""),
        percent=raw.get("percent_of_cases"), not_offered=bool(raw.get("not_offered")), unknown=raw.get("unknown", ""),
        source=raw.get("source", ""), alternatives=tuple(_alternative(a) for a in raw.get("alternatives", ())))


def _verified(v: dict[str, Any] | None) -> Verified | None:
    return Verified(on=date.fromisoformat(v["on"]), method=v["method"], by=v.get("by", "")) if v else None


def build_contact(c: dict[str, Any]) -> Contact:
    """A contact (phone numbers normalised to E.164; toll-free when stated or recognised); an unpublished value
    (``value_status``) is the empty string."""
    raw = c.get("value", "")
    value = normalise_phone(raw) if c["kind"] == "phone" and raw else raw
    return Contact(
        id=c["id"], kind=c["kind"], value=value, label=c.get("label", ""), region=c.get("region", ""),
        toll_free=bool(c.get("toll_free")) or (c["kind"] == "phone" and bool(value) and is_toll_free(value)),
        primary=bool(c.get("primary")), coverage=build_coverage(c.get("coverage")),
        has_coverage="coverage" in c, languages=_t(c, "languages"), severities=_t(c, "severities"),
        plans=_t(c, "plans"), msp_only=bool(c.get("msp_only")), note=c.get("note", ""),
        verified=_verified(c.get("verified")), visibility=c.get("visibility", "public"),
        value_status=c.get("value_status", "published"),
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
    return Step(after=parse_duration(s["after"]), action=s["action"], axis=s["axis"],
                whom=people[0] if people else None, also=people[1:])


def _maybe_duration(raw: Any) -> Any:
    if raw is None or raw == AS_VENDOR_SPECIFIES:
        return raw
    return parse_duration(raw)


def _onboarding(after: dict[str, Any] | None) -> Onboarding | None:
    if not after:
        return None
    return Onboarding(period=parse_duration(after["period"]), until_then=after.get("until_then"),
                      note=after.get("note", ""), then=parse_duration(after["then"]) if "then" in after else None)


def _level(lv: dict[str, Any]) -> RmaLevel:
    return RmaLevel(
        id=lv["id"], kind=lv["kind"], name=lv.get("name", ""),
        target=None if isinstance(lv["target"], dict) else parse_duration(lv["target"]),
        target_not_published=lv["target"]["not_published"] if isinstance(lv["target"], dict) else "",
        severities=_t(lv, "severities"),
        cutoff=parse_clock(lv["cutoff"]) if lv.get("cutoff") else None, timezone=lv.get("timezone", ""),
        description=lv.get("description", ""), clock_starts=lv.get("clock_starts", "not_stated"),
        ends_with=lv.get("ends_with", ""), advance_replacement=lv.get("advance_replacement"),
        return_window=_maybe_duration(lv.get("return_window")), applies_after=_onboarding(lv.get("applies_after")),
        note=lv.get("note", ""), source=lv.get("source", ""), qualifier=lv.get("qualifier", ""))


def _ladder(lad: dict[str, Any]) -> Ladder:
    return Ladder(severity=lad.get("severity", ""), steps=tuple(_step(s) for s in lad["steps"]), plan=lad.get("plan"),
                  visibility=lad.get("visibility", "public"), starts_on=lad.get("starts_on", "case_opened"))


def _escalation_level(lv: dict[str, Any]) -> EscalationLevel:
    return EscalationLevel(level=lv["level"], involves=tuple(lv["involves"]), name=lv.get("name", ""),
                           whom=lv.get("whom"), visibility=lv.get("visibility", "public"))


def _request(r: dict[str, Any]) -> EscalationRequest:
    return EscalationRequest(id=r["id"], via=r["via"], label=r.get("label", ""), contact=r.get("contact"),
                             coverage=build_coverage(r.get("coverage")), response=_target(r.get("response")),
                             plans=_t(r, "plans"), note=r.get("note", ""))


def _escalation(e: dict[str, Any]) -> Escalation:
    comm = _sub(e, "communication_plan")
    return Escalation(
        how=e.get("how", ""), functional_triggers=_t(e, "functional_triggers"),
        hierarchical_triggers=_t(e, "hierarchical_triggers"),
        minimum_wait=tuple(MinimumWait(severity=w["severity"], wait=parse_duration(w["wait"]), plan=w.get("plan"))
                           for w in e.get("minimum_wait", ())),
        not_escalatable=tuple(NotEscalatable(severity=n["severity"], reason=n["reason"], instead=n.get("instead"))
                              for n in e.get("not_escalatable", ())),
        levels=_each(_escalation_level, e, "levels"),
        ladders=_each(_ladder, e, "ladders"),
        requests=_each(_request, e, "requests"),
        communication_mode=comm.get("mode", ""), communication_frequency=comm.get("frequency", ""),
        communication_attendees=_t(comm, "attendees"), de_escalation=_t(e, "de_escalation"),
        other_vendors=e.get("other_vendors", ""), visibility=e.get("visibility", "public"),
    )


def _rma(r: dict[str, Any] | None) -> Rma | None:
    if not r:
        return None
    return Rma(
        levels=_each(_level, r, "levels"),
        advance_replacement=r.get("advance_replacement"),
        return_window=_maybe_duration(r.get("return_window")),
        steps=_t(r, "steps"), required_info=_t(r, "required_info"), contact=r.get("contact"),
        visibility=r.get("visibility", "public"),
    )


def _severity(s: dict[str, Any]) -> Severity:
    definition = s["definition"]
    unpublished = definition["not_published"] if isinstance(definition, dict) else ""
    return Severity(id=s["id"], canonical=s["canonical"], definition="" if unpublished else definition,
                    definition_not_published=unpublished, name=s.get("name", ""),
                    examples=_t(s, "examples"), recognise=_t(s, "recognise"), plans=_t(s, "plans"),
                    open_via=_t(s, "open_via"))


def _source(s: dict[str, Any]) -> Source:
    return Source(url=s["url"], title=s.get("title", ""), retrieved=_date(s.get("retrieved")), id=s.get("id", ""),
                  version=s.get("version", ""), published=_date(s.get("published")))


def _plan(p: dict[str, Any]) -> Plan:
    by_severity = _sub(p, "coverage_by_severity")
    return Plan(id=p["id"], name=p["name"], coverage=build_coverage(p.get("coverage")),
                coverage_by_severity=tuple((k, _severity_coverage(v)) for k, v in by_severity.items()),
                description=p.get("description", ""), entitled_contacts=p.get("entitled_contacts"),
                teams=tuple(Team(name=t["name"], coverage=build_coverage(t["coverage"]), contact=t.get("contact"))
                            for t in p.get("teams", ())))


def _sla_cell(c: dict[str, Any]) -> SlaCell:
    targets = {m: _target(c.get(m)) for m in SlaCell.MEASURES}
    return SlaCell(plan=c["plan"], severity=c["severity"], response=targets["response"],
                   ongoing_response=targets["ongoing_response"], updates=targets["updates"],
                   workaround=targets["workaround"], resolution=targets["resolution"], note=c.get("note", ""),
                   products=_t(c, "products"))


def _uptime(up: dict[str, Any] | None) -> Uptime | None:
    if not up:
        return None
    return Uptime(target_percent=up["target_percent"], period=up.get("period", "monthly"),
                  credits=up.get("credits", ""), plans=_t(up, "plans"))


def _slas(slas: dict[str, Any]) -> Slas:
    clock = _sub(slas, "clock")
    return Slas(pauses=_t(clock, "pauses"), business_hours_zone=clock.get("business_hours_zone", ""),
                clock_note=clock.get("note", ""), uptime=_uptime(slas.get("uptime")),
                matrix=_each(_sla_cell, slas, "matrix"))


def _tier(t: dict[str, Any]) -> Tier:
    return Tier(level=t["level"], name=t.get("name", ""), can=_t(t, "can"), cannot=_t(t, "cannot"),
                reach_next=t.get("reach_next", ""), visibility=t.get("visibility", "public"))


def _obligation(o: dict[str, Any]) -> Obligation:
    return Obligation(text=o["text"], severities=_t(o, "severities"), plans=_t(o, "plans"))


def _contract(c: dict[str, Any]) -> Contract:
    return Contract(number=c["number"], plan=c["plan"], start=_date(c.get("start")), renewal=_date(c.get("renewal")),
                    rma_level=c.get("rma_level"), assets=_t(c, "assets"),
                    levers=tuple(Lever(kind=lv["kind"], detail=lv.get("detail", "")) for lv in c.get("levers", ())),
                    note=c.get("note", ""), visibility=c.get("visibility", "internal"))


def _case_template(case: dict[str, Any]) -> CaseTemplate:
    return CaseTemplate(
        subject=case.get("subject", ""), required_info=_t(case, "required_info"),
        diagnostics=tuple(Diagnostic(name=x["name"], command=x.get("command", "")) for x in case.get("diagnostics", ())),
        pre_escalation_checklist=_t(case, "pre_escalation_checklist"), impact_guidance=case.get("impact_guidance", ""),
        visibility=case.get("visibility", "public"))


def build_vendor(d: dict[str, Any], file: str) -> Vendor:
    """Build the model from schema-valid, check-clean data."""
    owner, tsanet, security = _sub(d, "owner"), _sub(d, "tsanet"), _sub(d, "security_contact")
    support, keys, sev_changes = _sub(d, "support_model"), _sub(d, "join_keys"), _sub(d, "severity_changes")
    return Vendor(
        id=d["id"], name=d["name"], file=file, last_verified=date.fromisoformat(d["last_verified"]),
        contacts=_each_required(build_contact, d, "contacts"),
        severities=_each_required(_severity, d, "severities"),
        aliases=_t(d, "aliases"), category=d.get("category", ""), summary=d.get("summary", ""),
        products=_t(d, "products"), website=d.get("website", ""), status_page=d.get("status_page", ""),
        security_email=security.get("email", ""), security_url=security.get("url", ""),
        security_pgp_url=security.get("pgp_key_url", ""),
        tsanet_member=tsanet["member"] if "tsanet" in d else None, tsanet_note=tsanet.get("note", ""),
        timezone=d.get("timezone"), owner_name=owner.get("name", ""), owner_email=owner.get("email", ""),
        review_every=d.get("review_every", ""), sources=_each(_source, d, "sources"),
        serial_prefixes=_t(keys, "serial_prefixes"), circuit_ids=_t(keys, "circuit_ids"), asns=_t(keys, "asns"),
        hostnames=_t(keys, "hostnames"),
        msp_only=bool(support.get("msp_only")), support_note=support.get("note", ""),
        no_phone=support.get("no_phone", ""), no_24x7_phone=support.get("no_24x7_phone", ""),
        no_contacts_known=support.get("no_contacts_known", ""),
        known_gaps=tuple(KnownGap(code=g["code"], why=g["why"]) for g in d.get("known_gaps", ())),
        first_line=FirstLine(partner=support["first_line"]["partner"], contact=support["first_line"].get("contact"),
                             note=support["first_line"].get("note", "")) if "first_line" in support else None,
        client_summary=d.get("client_summary", ""), phone_directory=support.get("phone_directory", ""),
        regions=tuple((r["name"], tuple(r["countries"])) for r in d.get("regions", ())),
        people=_each(_person, d, "people"), plans=_each(_plan, d, "plans"),
        severity_raised_by=_t(sev_changes, "raised_by"), severity_lowered_by=_t(sev_changes, "lowered_by"),
        severity_change_note=sev_changes.get("note", ""), obligations=_each(_obligation, d, "obligations"),
        slas=_slas(_sub(d, "slas")), tiers=_each(_tier, d, "tiers"), escalation=_escalation(_sub(d, "escalation")),
        rma=_rma(d.get("rma")), contracts=_each(_contract, d, "contracts"),
        case_template=_case_template(_sub(d, "case_template")), internal_notes=d.get("internal_notes", ""),
    )
