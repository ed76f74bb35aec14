"""Escalation: ladders timed from the opening or from an event, requests, minimum waits, levels."""

from __future__ import annotations

from dataclasses import dataclass

from escdir.model.coverage import UNKNOWN, Coverage
from escdir.model.durations import Duration
from escdir.model.targets import Target


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


EVENT_WORDS = {"case_opened": "Case opened", "escalation_requested": "Escalation requested",
               "severity_disagreement": "Severity disputed", "plan_disagreement": "Action plan disputed",
               "no_update": "No update in the agreed time", "impact_increased": "Business impact increased"}


@dataclass(frozen=True)
class Ladder:
    """Steps timed from an event: the case's opening (``starts_on: case_opened``) or another event. ``severity``
    "" means every severity (written once)."""

    severity: str
    steps: tuple[Step, ...]
    plan: str | None = None
    visibility: str = "public"
    starts_on: str = "case_opened"

    @property
    def severity_label(self) -> str:
        return self.severity or "every severity"

    @property
    def event_text(self) -> str:
        return EVENT_WORDS.get(self.starts_on, self.starts_on.replace("_", " ").capitalize())

    @property
    def from_opening(self) -> bool:
        return self.starts_on == "case_opened"

    def applies_to(self, severity: str) -> bool:
        return not self.severity or self.severity == severity


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

    def ladder_for(self, severity: str, plan: str | None, starts_on: str = "case_opened") -> Ladder | None:
        """The ladder started by ``starts_on`` for this severity on this plan, else the plan-independent one; a ladder
        written for this severity wins over one written for every severity. A ladder stated for another plan is
        never used (with no plan known, only plan-independent ladders apply)."""
        def pick(ladders: list[Ladder]) -> Ladder | None:
            exact = [lad for lad in ladders if plan is not None and lad.plan == plan]
            loose = [lad for lad in ladders if lad.plan is None]
            return next(iter(exact or loose), None)

        mine = [lad for lad in self.ladders if lad.starts_on == starts_on]
        return pick([lad for lad in mine if lad.severity == severity]) or pick([lad for lad in mine
                                                                                if not lad.severity])

    def event_ladders(self, severity: str, plan: str | None) -> list[Ladder]:
        """One ladder per event other than the opening that applies to ``severity`` on ``plan``, in file order."""
        events = dict.fromkeys(lad.starts_on for lad in self.ladders if not lad.from_opening)
        found = [self.ladder_for(severity, plan, event) for event in events]
        return [lad for lad in found if lad is not None]
