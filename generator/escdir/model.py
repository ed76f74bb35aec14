"""The typed, immutable vendor model. Built only from schema- and check-valid data.

Nothing downstream (site, diff, exports, CLI) reads raw dicts: it reads these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import phonenumbers

from .coverage import ALWAYS, Coverage, Holidays, parse_clock, parse_days
from .durations import Duration, add_interval, parse_duration

CANONICAL = ("sev1", "sev2", "sev3", "sev4")
CANONICAL_TITLES = {
    "sev1": "Sev1 — production down or data at risk, no workaround",
    "sev2": "Sev2 — production degraded or a painful workaround",
    "sev3": "Sev3 — limited impact, single user, non-blocking defect",
    "sev4": "Sev4 — question, request or cosmetic issue",
}
VISIBILITY_ORDER = {"internal": 0, "client": 1, "public": 2}
AUDIENCES = ("internal", "client", "public")


def normalise_phone(value: str) -> str:
    """E.164 form of an international number; raises phonenumbers.NumberParseException or ValueError."""
    number = phonenumbers.parse(value, None)
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164, None)) == phonenumbers.PhoneNumberType.TOLL_FREE


@dataclass(frozen=True)
class Target:
    duration: Duration
    or_as_agreed: bool = False
    note: str = ""

    def human(self) -> str:
        text = self.duration.human()
        return text + (" or as agreed" if self.or_as_agreed else "")


@dataclass(frozen=True)
class Verified:
    on: date
    method: str
    by: str = ""


@dataclass(frozen=True)
class Contact:
    id: str
    kind: str
    value: str
    label: str = ""
    region: str = ""
    toll_free: bool = False
    primary: bool = False
    coverage: Coverage = ALWAYS
    has_coverage: bool = False
    languages: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    msp_only: bool = False
    note: str = ""
    verified: Verified | None = None
    visibility: str = "public"

    @property
    def is_voice(self) -> bool:
        return self.kind == "phone"

    @property
    def display(self) -> str:
        return display_phone(self.value) if self.kind == "phone" else self.value

    @property
    def href(self) -> str:
        if self.kind == "phone":
            return "tel:" + self.value
        if self.kind in ("email", "outage_alias"):
            return "mailto:" + self.value
        return self.value

    def accepts(self, severity: str) -> bool:
        return not self.severities or severity in self.severities


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    name: str = ""
    title: str = ""
    region: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    note: str = ""
    visibility: str = "internal"

    @property
    def label(self) -> str:
        return self.name or self.role.replace("_", " ").title()

    @property
    def display(self) -> str:
        return display_phone(self.phone) if self.phone else (self.email or "")

    @property
    def href(self) -> str:
        if self.phone:
            return "tel:" + self.phone
        return "mailto:" + self.email if self.email else ""


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    coverage: Coverage = ALWAYS
    coverage_by_severity: tuple[tuple[str, Coverage], ...] = ()
    description: str = ""

    def coverage_for(self, severity: str) -> Coverage:
        return dict(self.coverage_by_severity).get(severity, self.coverage)


@dataclass(frozen=True)
class Severity:
    id: str
    canonical: str
    definition: str
    name: str = ""
    examples: tuple[str, ...] = ()
    recognise: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    open_via: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.id

    def on_plan(self, plan: str) -> bool:
        return not self.plans or plan in self.plans


@dataclass(frozen=True)
class SlaCell:
    plan: str
    severity: str
    response: Target | None = None
    ongoing_response: Target | None = None
    updates: Target | None = None
    workaround: Target | None = None
    resolution: Target | None = None
    note: str = ""

    MEASURES = ("response", "ongoing_response", "updates", "workaround", "resolution")


@dataclass(frozen=True)
class Uptime:
    target_percent: float
    period: str = "monthly"
    credits: str = ""
    plans: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slas:
    pauses: tuple[str, ...] = ()
    business_hours_zone: str = "vendor"
    clock_note: str = ""
    uptime: Uptime | None = None
    matrix: tuple[SlaCell, ...] = ()

    def cell(self, plan: str, severity: str) -> SlaCell | None:
        for c in self.matrix:
            if c.plan == plan and c.severity == severity:
                return c
        return None


@dataclass(frozen=True)
class Tier:
    level: str
    name: str = ""
    can: tuple[str, ...] = ()
    cannot: tuple[str, ...] = ()
    reach_next: str = ""


@dataclass(frozen=True)
class Step:
    after: Duration
    action: str
    axis: str
    whom: str | None = None


@dataclass(frozen=True)
class Ladder:
    severity: str
    steps: tuple[Step, ...]
    plan: str | None = None


@dataclass(frozen=True)
class MinimumWait:
    severity: str
    wait: Duration
    plan: str | None = None


@dataclass(frozen=True)
class NotEscalatable:
    severity: str
    reason: str
    instead: str | None = None


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    involves: tuple[str, ...]
    name: str = ""
    whom: str | None = None


@dataclass(frozen=True)
class Escalation:
    how: str = ""
    functional_triggers: tuple[str, ...] = ()
    hierarchical_triggers: tuple[str, ...] = ()
    minimum_wait: tuple[MinimumWait, ...] = ()
    not_escalatable: tuple[NotEscalatable, ...] = ()
    levels: tuple[EscalationLevel, ...] = ()
    ladders: tuple[Ladder, ...] = ()
    communication_mode: str = ""
    communication_frequency: str = ""
    communication_attendees: tuple[str, ...] = ()
    de_escalation: tuple[str, ...] = ()
    other_vendors: str = ""

    def wait_for(self, severity: str, plan: str | None) -> Duration | None:
        best = None
        for w in self.minimum_wait:
            if w.severity == severity and w.plan == plan:
                return w.wait
            if w.severity == severity and w.plan is None:
                best = w.wait
        return best

    def blocked(self, severity: str) -> NotEscalatable | None:
        return next((n for n in self.not_escalatable if n.severity == severity), None)

    def ladder_for(self, severity: str, plan: str | None) -> Ladder | None:
        """The ladder for this severity on this plan, else the plan-independent one, else any for the severity."""
        exact = [lad for lad in self.ladders if lad.severity == severity and lad.plan == plan]
        loose = [lad for lad in self.ladders if lad.severity == severity and lad.plan is None]
        other = [lad for lad in self.ladders if lad.severity == severity]
        return (exact or loose or other or [None])[0]


@dataclass(frozen=True)
class RmaLevel:
    id: str
    kind: str
    target: Duration
    name: str = ""
    cutoff: int | None = None
    timezone: str = ""
    description: str = ""


@dataclass(frozen=True)
class Rma:
    levels: tuple[RmaLevel, ...] = ()
    advance_replacement: bool = False
    return_window: Duration | None = None
    steps: tuple[str, ...] = ()
    required_info: tuple[str, ...] = ()
    contact: str | None = None


@dataclass(frozen=True)
class Contract:
    number: str
    plan: str
    start: date | None = None
    renewal: date | None = None
    rma_level: str | None = None
    assets: tuple[str, ...] = ()
    levers: tuple[tuple[str, str], ...] = ()
    note: str = ""
    visibility: str = "internal"


@dataclass(frozen=True)
class Diagnostic:
    name: str
    command: str = ""


@dataclass(frozen=True)
class CaseTemplate:
    subject: str = ""
    required_info: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    pre_escalation_checklist: tuple[str, ...] = ()
    impact_guidance: str = ""


@dataclass(frozen=True)
class Source:
    url: str
    title: str = ""
    retrieved: date | None = None


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    file: str
    last_verified: date
    contacts: tuple[Contact, ...]
    severities: tuple[Severity, ...]
    aliases: tuple[str, ...] = ()
    category: str = "other"
    summary: str = ""
    products: tuple[str, ...] = ()
    website: str = ""
    status_page: str = ""
    security_email: str = ""
    security_url: str = ""
    tsanet_member: bool | None = None
    tsanet_note: str = ""
    timezone: str | None = None
    owner_name: str = ""
    owner_email: str = ""
    review_every: str = ""
    sources: tuple[Source, ...] = ()
    serial_prefixes: tuple[str, ...] = ()
    circuit_ids: tuple[str, ...] = ()
    asns: tuple[int, ...] = ()
    hostnames: tuple[str, ...] = ()
    msp_only: bool = False
    support_note: str = ""
    people: tuple[Person, ...] = ()
    plans: tuple[Plan, ...] = ()
    severity_raised_by: tuple[str, ...] = ()
    severity_lowered_by: tuple[str, ...] = ()
    severity_change_note: str = ""
    obligations: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    slas: Slas = field(default_factory=Slas)
    tiers: tuple[Tier, ...] = ()
    escalation: Escalation = field(default_factory=Escalation)
    rma: Rma | None = None
    contracts: tuple[Contract, ...] = ()
    case_template: CaseTemplate = field(default_factory=CaseTemplate)
    internal_notes: str = ""
    audience: str = "internal"

    # --- lookups -----------------------------------------------------------------------------
    def review_due(self) -> date | None:
        return add_interval(self.last_verified, self.review_every) if self.review_every else None

    def is_stale(self, today: date) -> bool:
        due = self.review_due()
        return due is not None and today > due

    def party(self, ref: str | None) -> Contact | Person | None:
        if not ref:
            return None
        return next((x for x in (*self.contacts, *self.people) if x.id == ref), None)

    def severity(self, ref: str) -> Severity | None:
        return next((s for s in self.severities if s.id == ref), None)

    def for_canonical(self, canonical: str) -> list[Severity]:
        return [s for s in self.severities if s.canonical == canonical]

    def plan(self, ref: str | None) -> Plan | None:
        return next((p for p in self.plans if p.id == ref), None)

    @property
    def held_plan(self) -> str | None:
        """The plan our organisation holds (first contract), for highlighting."""
        return self.contracts[0].plan if self.contracts else None

    def hotlines(self) -> list[Contact]:
        """Phone lines to show first: primaries, then the rest, stable order."""
        phones = [c for c in self.contacts if c.kind == "phone"]
        return sorted(phones, key=lambda c: (not c.primary, phones.index(c)))

    @property
    def primary_hotline(self) -> Contact | None:
        lines = self.hotlines()
        return lines[0] if lines else None

    def outage_aliases(self) -> list[Contact]:
        return [c for c in self.contacts if c.kind == "outage_alias"]

    def portal(self) -> Contact | None:
        return next((c for c in self.contacts if c.kind == "portal"), None)

    def search_terms(self) -> list[str]:
        terms = [self.name, *self.aliases, *self.products, *self.serial_prefixes, *self.circuit_ids,
                 *(f"AS{a}" for a in self.asns), *self.hostnames]
        terms += [c.number for c in self.contracts]
        return terms


# --------------------------------------------------------------------------------------------
# Building from valid data
# --------------------------------------------------------------------------------------------

def _t(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key) or ())


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def build_coverage(raw: Any) -> Coverage:
    if raw is None or raw == "24x7":
        return ALWAYS
    start, end = raw["hours"].split("-")
    hol = raw.get("holidays") or {}
    return Coverage(
        always=False, days=parse_days(raw["days"]), start=parse_clock(start), end=parse_clock(end),
        zone=raw.get("timezone"),
        holidays=Holidays(country=hol.get("country"), subdivision=hol.get("subdivision"),
                          closed=tuple(_date(d) for d in hol.get("closed", ())),
                          open=tuple(_date(d) for d in hol.get("open", ()))),
    )


def _target(raw: Any) -> Target | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return Target(parse_duration(raw))
    return Target(parse_duration(raw["value"]), bool(raw.get("or_as_agreed")), raw.get("note", ""))


def _contact(c: dict[str, Any]) -> Contact:
    value = normalise_phone(c["value"]) if c["kind"] == "phone" else c["value"]
    v = c.get("verified")
    return Contact(
        id=c["id"], kind=c["kind"], value=value, label=c.get("label", ""), region=c.get("region", ""),
        toll_free=bool(c.get("toll_free")) or (c["kind"] == "phone" and is_toll_free(value)),
        primary=bool(c.get("primary")), coverage=build_coverage(c.get("coverage")),
        has_coverage="coverage" in c, languages=_t(c, "languages"), severities=_t(c, "severities"),
        plans=_t(c, "plans"), msp_only=bool(c.get("msp_only")), note=c.get("note", ""),
        verified=Verified(_date(v["on"]), v["method"], v.get("by", "")) if v else None,  # type: ignore[arg-type]
        visibility=c.get("visibility", "public"),
    )


def _person(p: dict[str, Any]) -> Person:
    return Person(
        id=p["id"], role=p["role"], name=p.get("name", ""), title=p.get("title", ""), region=p.get("region", ""),
        phone=normalise_phone(p["phone"]) if p.get("phone") else "",
        mobile=normalise_phone(p["mobile"]) if p.get("mobile") else "",
        email=p.get("email", ""), note=p.get("note", ""), visibility=p.get("visibility", "internal"),
    )


def _escalation(e: dict[str, Any]) -> Escalation:
    comm = e.get("communication_plan") or {}
    return Escalation(
        how=e.get("how", ""), functional_triggers=_t(e, "functional_triggers"),
        hierarchical_triggers=_t(e, "hierarchical_triggers"),
        minimum_wait=tuple(MinimumWait(w["severity"], parse_duration(w["wait"]), w.get("plan"))
                           for w in e.get("minimum_wait", ())),
        not_escalatable=tuple(NotEscalatable(n["severity"], n["reason"], n.get("instead"))
                              for n in e.get("not_escalatable", ())),
        levels=tuple(EscalationLevel(lv["level"], tuple(lv["involves"]), lv.get("name", ""), lv.get("whom"))
                     for lv in e.get("levels", ())),
        ladders=tuple(Ladder(lad["severity"], tuple(Step(parse_duration(s["after"]), s["action"], s["axis"],
                                                         s.get("whom")) for s in lad["steps"]), lad.get("plan"))
                      for lad in e.get("ladders", ())),
        communication_mode=comm.get("mode", ""), communication_frequency=comm.get("frequency", ""),
        communication_attendees=_t(comm, "attendees"), de_escalation=_t(e, "de_escalation"),
        other_vendors=e.get("other_vendors", ""),
    )


def _rma(r: dict[str, Any] | None) -> Rma | None:
    if not r:
        return None
    return Rma(
        levels=tuple(RmaLevel(lv["id"], lv["kind"], parse_duration(lv["target"]), lv.get("name", ""),
                              parse_clock(lv["cutoff"]) if lv.get("cutoff") else None, lv.get("timezone", ""),
                              lv.get("description", "")) for lv in r.get("levels", ())),
        advance_replacement=bool(r.get("advance_replacement")),
        return_window=parse_duration(r["return_window"]) if r.get("return_window") else None,
        steps=_t(r, "steps"), required_info=_t(r, "required_info"), contact=r.get("contact"),
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
        contacts=tuple(_contact(c) for c in d["contacts"]),
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
        sources=tuple(Source(s["url"], s.get("title", ""), _date(s.get("retrieved"))) for s in d.get("sources", ())),
        serial_prefixes=_t(d.get("join_keys") or {}, "serial_prefixes"),
        circuit_ids=_t(d.get("join_keys") or {}, "circuit_ids"),
        asns=_t(d.get("join_keys") or {}, "asns"), hostnames=_t(d.get("join_keys") or {}, "hostnames"),
        msp_only=bool(support.get("msp_only")), support_note=support.get("note", ""),
        people=tuple(_person(p) for p in d.get("people", ())),
        plans=tuple(Plan(p["id"], p["name"], build_coverage(p.get("coverage")),
                         tuple((k, build_coverage(v)) for k, v in (p.get("coverage_by_severity") or {}).items()),
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
        tiers=tuple(Tier(t["level"], t.get("name", ""), _t(t, "can"), _t(t, "cannot"), t.get("reach_next", ""))
                    for t in d.get("tiers", ())),
        escalation=_escalation(d.get("escalation") or {}),
        rma=_rma(d.get("rma")),
        contracts=tuple(Contract(c["number"], c["plan"], _date(c.get("start")), _date(c.get("renewal")),
                                 c.get("rma_level"), _t(c, "assets"),
                                 tuple((lv["kind"], lv.get("detail", "")) for lv in c.get("levers", ())),
                                 c.get("note", ""), c.get("visibility", "internal")) for c in d.get("contracts", ())),
        case_template=CaseTemplate(case.get("subject", ""), _t(case, "required_info"),
                                   tuple(Diagnostic(x["name"], x.get("command", "")) for x in case.get("diagnostics", ())),
                                   _t(case, "pre_escalation_checklist"), case.get("impact_guidance", "")),
        internal_notes=d.get("internal_notes", ""),
    )


# --------------------------------------------------------------------------------------------
# Audiences: a client or public model simply has no internal values in it.
# --------------------------------------------------------------------------------------------

def visible(visibility: str, audience: str) -> bool:
    return VISIBILITY_ORDER[visibility] >= VISIBILITY_ORDER[audience]


def restrict(vendor: Vendor, audience: str) -> Vendor:
    """A copy of ``vendor`` holding only what ``audience`` may see."""
    if audience == "internal":
        return vendor
    contacts = tuple(c for c in vendor.contacts if visible(c.visibility, audience))
    contacts = tuple(replace(c, verified=replace(c.verified, by="") if c.verified else None) for c in contacts)
    people = tuple(replace(p, mobile="") for p in vendor.people if visible(p.visibility, audience))
    kept = {x.id for x in (*contacts, *people)}

    def keep(ref: str | None) -> str | None:
        return ref if ref in kept else None

    esc = vendor.escalation
    esc = replace(
        esc,
        not_escalatable=tuple(replace(n, instead=keep(n.instead)) for n in esc.not_escalatable),
        levels=tuple(replace(lv, whom=keep(lv.whom)) for lv in esc.levels),
        ladders=tuple(replace(lad, steps=tuple(replace(s, whom=keep(s.whom)) for s in lad.steps))
                      for lad in esc.ladders),
    )
    rma = replace(vendor.rma, contact=keep(vendor.rma.contact)) if vendor.rma else None
    return replace(
        vendor, contacts=contacts, people=people, escalation=esc, rma=rma,
        contracts=tuple(c for c in vendor.contracts if visible(c.visibility, audience)),
        internal_notes="", owner_email="", owner_name="", audience=audience,
    )
