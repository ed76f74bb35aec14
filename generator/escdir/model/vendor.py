"""The vendor: everything above put together, with contracts, the case template, sources and lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from escdir.model.durations import add_interval
from escdir.model.escalation import Escalation
from escdir.model.parties import Contact, FirstLine, Person
from escdir.model.plans import Plan, Severity
from escdir.model.rma import Rma
from escdir.model.slas import Slas, Tier


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


@dataclass(frozen=True, kw_only=True)
class KnownGap:
    """A warning that states a true gap in the vendor's policy, acknowledged with the policy's words."""

    code: str
    why: str


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    file: str
    last_verified: date
    contacts: tuple[Contact, ...]
    severities: tuple[Severity, ...]
    aliases: tuple[str, ...] = ()
    category: str = ""  # "" when the file does not say (never shown as "other")
    summary: str = ""
    products: tuple[str, ...] = ()
    website: str = ""
    status_page: str = ""
    security_email: str = ""
    security_url: str = ""
    security_pgp_url: str = ""  # where the security team publishes its PGP key
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
    no_24x7_phone: str = ""  # the vendor publishes no 24x7 phone line (its words); clears ESC302 truthfully
    no_contacts_known: str = ""  # why no channel is known (then ``contacts`` is empty)
    known_gaps: tuple[KnownGap, ...] = ()
    first_line: FirstLine | None = None
    client_summary: str = ""
    #: Region label → its countries, for labels the country data does not know (``regions:``).
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    phone_directory: str = ""  # the vendor's page of support numbers per country
    #: On a client's site, for a vendor the MSP escalates: the MSP the client calls instead (its service desk is
    #: then the vendor's only contact in the client's model; see escdir.derive.client.client_vendor_view).
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
