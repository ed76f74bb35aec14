"""The typed, immutable vendor model. Built only from schema- and check-valid data.

Nothing downstream (site, diff, exports, CLI) reads raw dicts: it reads these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from .coverage import UNKNOWN, Coverage
from .durations import Duration, add_interval
from .phones import display_phone

CANONICAL = ("sev1", "sev2", "sev3", "sev4")
CANONICAL_TITLES = {
    "sev1": "Sev1 — production down or data at risk, no workaround",
    "sev2": "Sev2 — production degraded or a painful workaround",
    "sev3": "Sev3 — limited impact, single user, non-blocking defect",
    "sev4": "Sev4 — question, request or cosmetic issue",
}


@dataclass(frozen=True)
class Alternative:
    """Another published value for the same target, with the source that states it."""

    duration: Duration
    source: str = ""
    note: str = ""


BOUND_WORDS = {"within": "within", "less_than": "<", "about": "about"}
QUALIFIER_WORDS = {"commitment": "", "target": "target", "reasonable_efforts": "reasonable efforts",
                   "best_effort": "best effort"}


@dataclass(frozen=True)
class Target:
    """A target as published: a value with its bound and qualifier, or explicitly not offered, or unknown."""

    duration: Duration | None
    or_as_agreed: bool = False
    note: str = ""
    bound: str = ""
    qualifier: str = ""
    percent: float | None = None
    not_offered: bool = False
    unknown: str = ""
    source: str = ""
    alternatives: tuple[Alternative, ...] = ()

    @property
    def for_due_time(self) -> Duration | None:
        """The duration a due time is computed from: the value, or the longest published alternative; None when
        not offered or unknown."""
        values = [d for d in (self.duration, *(a.duration for a in self.alternatives)) if d is not None]
        if not values or self.not_offered or self.unknown:
            return None
        return max(values, key=lambda d: (not d.is_best_effort, d.rank()))

    def human(self) -> str:
        if self.not_offered:
            return "not offered"
        if self.unknown or self.duration is None:
            return "not known" + (f" ({self.unknown})" if self.unknown else "")
        text = self.duration.human()
        if self.bound and self.bound != "within":
            text = f"{BOUND_WORDS[self.bound]} {text}"
        if self.qualifier and QUALIFIER_WORDS.get(self.qualifier):
            text += f" ({QUALIFIER_WORDS[self.qualifier]})"
        if self.percent is not None:
            text += f" in {self.percent:g}% of cases"
        if self.or_as_agreed:
            text += " or as agreed"
        if self.alternatives:
            text += "; also published: " + ", ".join(
                a.duration.human() + (f" ({a.source})" if a.source else "") for a in self.alternatives)
        return text


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
    coverage: Coverage = UNKNOWN
    has_coverage: bool = False
    languages: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    msp_only: bool = False
    note: str = ""
    verified: Verified | None = None
    visibility: str = "public"
    value_status: str = "published"

    UNPUBLISHED: ClassVar[dict[str, str]] = {"issued_on_enrolment": "issued on enrolment",
                                             "shown_after_login": "shown after login",
                                             "not_published": "not published"}

    @property
    def published(self) -> bool:
        return bool(self.value)

    @property
    def display(self) -> str:
        if not self.value:
            return ("number " if self.kind == "phone" else "address ") + self.UNPUBLISHED.get(self.value_status,
                                                                                             "not published")
        return display_phone(self.value) if self.kind == "phone" else self.value

    @property
    def href(self) -> str:
        if not self.value:
            return ""
        if self.kind == "phone":
            return "tel:" + self.value
        if self.kind == "email" or (self.kind == "outage_alias" and not self.value.lower().startswith("http")):
            return "mailto:" + self.value
        return self.value


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
class Condition:
    """A condition a coverage depends on (opened by phone, a contact reachable 24x7, requested per case …)."""

    kind: str
    text: str = ""

    WORDS: ClassVar[dict[str, str]] = {"opened_by_phone": "the case is opened by phone",
             "contact_available_24x7": "a customer contact stays reachable around the clock",
             "requested_per_case": "it is requested for the case", "language": "the case is handled in the stated language",
             "other": "a condition holds"}

    def human(self) -> str:
        return self.text or self.WORDS.get(self.kind, self.kind.replace("_", " "))


@dataclass(frozen=True)
class SeverityCoverage:
    """Coverage of one severity on a plan; with ``only_if`` it holds only under those conditions (else ``otherwise``,
    or the plan's coverage)."""

    coverage: Coverage
    only_if: tuple[Condition, ...] = ()
    otherwise: Coverage | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    coverage: Coverage = UNKNOWN
    coverage_by_severity: tuple[tuple[str, SeverityCoverage], ...] = ()
    description: str = ""
    entitled_contacts: int | None = None  # named contacts allowed to open cases, when the vendor states it

    def severity_coverage(self, severity: str) -> SeverityCoverage:
        """What governs ``severity``: its own entry (maybe conditional), else the plan's coverage."""
        found = dict(self.coverage_by_severity).get(severity)
        return found if found is not None else SeverityCoverage(self.coverage)

    def coverage_for(self, severity: str) -> Coverage:
        """The unconditional coverage for ``severity`` (a conditional entry counts as its `otherwise`)."""
        sc = self.severity_coverage(severity)
        return (sc.otherwise or self.coverage) if sc.only_if else sc.coverage


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
    visibility: str = "public"


@dataclass(frozen=True)
class Step:
    after: Duration
    action: str
    axis: str
    whom: str | None = None
    also: tuple[str, ...] = ()  # further people at the same step

    @property
    def parties(self) -> tuple[str, ...]:
        return ((self.whom,) if self.whom else ()) + self.also


@dataclass(frozen=True)
class Ladder:
    severity: str
    steps: tuple[Step, ...]
    plan: str | None = None
    visibility: str = "public"
    starts_on: str = "case_opened"


@dataclass(frozen=True)
class EscalationRequest:
    """A named way to ask for an escalation apart from raising the severity."""

    id: str
    via: str
    label: str = ""
    contact: str | None = None
    coverage: Coverage = UNKNOWN
    response: Target | None = None
    plans: tuple[str, ...] = ()
    note: str = ""


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
    visibility: str = "public"


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
    visibility: str = "public"
    requests: tuple[EscalationRequest, ...] = ()

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
        return next(iter(exact or loose or other), None)


ENDS_BY_KIND = {"nbd": "delivered", "dispatch": "dispatched", "onsite": "engineer_on_site", "cold_spare": "delivered",
                "return_to_base": "repaired"}
AS_VENDOR_SPECIFIES = "as_vendor_specifies"


@dataclass(frozen=True)
class Onboarding:
    """The level applies only ``period`` after the contract starts; ``until_then`` before that."""

    period: Duration
    until_then: str | None = None
    note: str = ""


@dataclass(frozen=True)
class RmaLevel:
    id: str
    kind: str
    target: Duration
    name: str = ""
    cutoff: int | None = None
    timezone: str = ""
    description: str = ""
    clock_starts: str = "diagnosis"
    ends_with: str = ""
    advance_replacement: bool | str | None = None  # None: the RMA-wide value
    return_window: Duration | str | None = None  # None: the RMA-wide value
    applies_after: Onboarding | None = None
    note: str = ""
    source: str = ""
    qualifier: str = ""

    @property
    def ends(self) -> str:
        return self.ends_with or ENDS_BY_KIND.get(self.kind, "delivered")


@dataclass(frozen=True)
class Rma:
    levels: tuple[RmaLevel, ...] = ()
    advance_replacement: bool = False
    return_window: Duration | str | None = None
    steps: tuple[str, ...] = ()
    required_info: tuple[str, ...] = ()
    contact: str | None = None
    visibility: str = "public"

    def level(self, ref: str | None) -> RmaLevel | None:
        return next((lv for lv in self.levels if lv.id == ref), None)

    def advance_for(self, level: RmaLevel) -> bool | str:
        return self.advance_replacement if level.advance_replacement is None else level.advance_replacement

    def return_for(self, level: RmaLevel) -> Duration | str | None:
        return self.return_window if level.return_window is None else level.return_window


@dataclass(frozen=True, kw_only=True)
class Lever:
    """Something a contract gives us to pull in an escalation (a TAM, an executive sponsor …)."""

    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Contract:
    number: str
    plan: str
    start: date | None = None
    renewal: date | None = None
    rma_level: str | None = None
    assets: tuple[str, ...] = ()
    levers: tuple[Lever, ...] = ()
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
    visibility: str = "public"


@dataclass(frozen=True)
class Source:
    url: str
    title: str = ""
    retrieved: date | None = None
    id: str = ""
    version: str = ""
    published: date | None = None

    @property
    def linkable(self) -> bool:
        """Only https: sources become links; an http: source is shown as text."""
        return self.url.lower().startswith("https://")


@dataclass(frozen=True, kw_only=True)
class Obligation:
    """What the customer must do for the vendor to keep its side, for some severities and plans (empty: all)."""

    text: str
    severities: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()


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
    obligations: tuple[Obligation, ...] = ()
    slas: Slas = field(default_factory=Slas)
    tiers: tuple[Tier, ...] = ()
    escalation: Escalation = field(default_factory=Escalation)
    rma: Rma | None = None
    contracts: tuple[Contract, ...] = ()
    case_template: CaseTemplate = field(default_factory=CaseTemplate)
    internal_notes: str = ""
    audience: str = "internal"
    no_phone: str = ""
    client_summary: str = ""
    #: Region label → its countries, for labels the country data does not know (``regions:``).
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    phone_directory: str = ""  # the vendor's page of support numbers per country
    #: On a client's site, for a vendor the MSP escalates: the MSP the client calls instead (its service desk is
    #: then the vendor's only contact in the client's model; see escdir.msp.pages.client_vendor_view).
    call_via: str = ""

    # --- lookups -----------------------------------------------------------------------------
    def review_due(self) -> date | None:
        return add_interval(self.last_verified, self.review_every) if self.review_every else None

    def is_stale(self, today: date) -> bool:
        due = self.review_due()
        return due is not None and today > due

    def party(self, ref: str | None) -> Contact | Person | None:
        if not ref:
            return None
        parties: tuple[Contact | Person, ...] = (*self.contacts, *self.people)
        return next((x for x in parties if x.id == ref), None)

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
        """Phone lines grouped by region (in file order of first appearance), the primary line first in each."""
        phones = [c for c in self.contacts if c.kind == "phone" and c.value]  # callable lines only
        regions = list(dict.fromkeys(c.region for c in phones))
        return sorted(phones, key=lambda c: (regions.index(c.region), not c.primary, phones.index(c)))

    @property
    def primary_hotline(self) -> Contact | None:
        lines = self.hotlines()
        return lines[0] if lines else None

    def outage_aliases(self) -> list[Contact]:
        return [c for c in self.contacts if c.kind == "outage_alias" and c.value]

    def portal(self) -> Contact | None:
        return next((c for c in self.contacts if c.kind == "portal" and c.value), None)

    def search_terms(self) -> list[str]:
        terms = [self.name, *self.aliases, *self.products, *self.serial_prefixes, *self.circuit_ids,
                 *(f"AS{a}" for a in self.asns), *self.hostnames]
        terms += [c.number for c in self.contracts]
        return terms
