"""Plans and severities: coverage per plan (and per severity, perhaps conditional), teams on duty, the
vendor's severity levels mapped to the canonical sev1–sev4."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from escdir.model.coverage import UNKNOWN, Coverage

CANONICAL = ("sev1", "sev2", "sev3", "sev4")
CANONICAL_TITLES = {
    "sev1": "Sev1 — production down or data at risk, no workaround",
    "sev2": "Sev2 — production degraded or a painful workaround",
    "sev3": "Sev3 — limited impact, single user, non-blocking defect",
    "sev4": "Sev4 — question, request or cosmetic issue",
}


@dataclass(frozen=True)
class Condition:
    """A condition a coverage depends on (opened by phone, a contact reachable 24x7, requested per case …)."""

    kind: str
    text: str = ""

    WORDS: ClassVar[dict[str, str]] = {
        "opened_by_phone": "the case is opened by phone",
        "contact_available_24x7": "a customer contact stays reachable around the clock",
        "requested_per_case": "it is requested for the case",
        "language": "the case is handled in the stated language",
        "other": "a condition holds"}

    def human(self) -> str:
        """The condition as a clause that reads after "only if" (a published "only when …" is not doubled)."""
        text = self.text or self.WORDS.get(self.kind, self.kind.replace("_", " "))
        return re.sub(r"^\s*(?:only\s+)?(?:if|when)\s+", "", text, flags=re.IGNORECASE) or text


@dataclass(frozen=True)
class SeverityCoverage:
    """Coverage of one severity on a plan; with ``only_if`` it holds only under those conditions (else ``otherwise``,
    or the plan's coverage)."""

    coverage: Coverage
    only_if: tuple[Condition, ...] = ()
    otherwise: Coverage | None = None


@dataclass(frozen=True)
class Team:
    """A team that serves cases while its coverage is open (follow-the-sun regions, a weekday senior team …)."""

    name: str
    coverage: Coverage
    contact: str | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    coverage: Coverage = UNKNOWN
    coverage_by_severity: tuple[tuple[str, SeverityCoverage], ...] = ()
    description: str = ""
    entitled_contacts: int | None = None  # named contacts allowed to open cases, when the vendor states it
    teams: tuple[Team, ...] = ()  # who serves a case by time (the first team open at a moment)

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
    definition_not_published: str = ""  # the vendor publishes no definition: why (then ``definition`` is "")

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def shown_definition(self) -> str:
        """The definition, or that the vendor publishes none (never an invented one)."""
        if self.definition:
            return self.definition
        return "Not published by the vendor" + (f" ({self.definition_not_published})."
                                                if self.definition_not_published else ".")

    def on_plan(self, plan: str) -> bool:
        return not self.plans or plan in self.plans
