"""Stage 2, model: the typed, immutable vendor model: frozen dataclasses, built only from schema- and check-valid data.

Enters: nothing from files. :mod:`escdir.model.construct` builds these objects from schema-valid, check-clean
dicts (the only place raw dicts become objects); the value types (:mod:`.durations`, :mod:`.phones`,
:mod:`.coverage`) and the MSP's and clients' records (:mod:`.msp`) live here too.
Leaves: a :class:`Vendor` and the classes it holds, read by every later stage (facts, clock, pages,
show/when/rma, exports, diff); nothing downstream reads raw dicts.

One module per part of a vendor file: :mod:`.targets` (a target as published), :mod:`.parties` (contacts,
people), :mod:`.plans` (plans, coverage by severity, teams, severities), :mod:`.slas` (the matrix, clock, tiers),
:mod:`.escalation` (ladders, requests, waits, levels), :mod:`.rma` (replacement levels) and :mod:`.vendor`
(contracts, case template, sources, the vendor itself). Every public name is re-exported here, so
``from escdir.model import Vendor`` keeps working.
"""

from __future__ import annotations

from escdir.model.escalation import (
    EVENT_WORDS,
    Escalation,
    EscalationLevel,
    EscalationRequest,
    Ladder,
    MinimumWait,
    NotEscalatable,
    Step,
)
from escdir.model.parties import Contact, FirstLine, Person, Verified
from escdir.model.plans import CANONICAL, CANONICAL_TITLES, Condition, Plan, Severity, SeverityCoverage, Team
from escdir.model.rma import AS_VENDOR_SPECIFIES, ENDS_BY_KIND, Onboarding, Rma, RmaLevel
from escdir.model.slas import SlaCell, Slas, Tier, Uptime
from escdir.model.targets import BOUND_WORDS, QUALIFIER_WORDS, Alternative, Target
from escdir.model.vendor import CaseTemplate, Contract, Diagnostic, KnownGap, Lever, Obligation, Source, Vendor

__all__ = [
    "AS_VENDOR_SPECIFIES",
    "Alternative",
    "BOUND_WORDS",
    "CANONICAL",
    "CANONICAL_TITLES",
    "CaseTemplate",
    "Condition",
    "Contact",
    "Contract",
    "Diagnostic",
    "ENDS_BY_KIND",
    "EVENT_WORDS",
    "Escalation",
    "EscalationLevel",
    "EscalationRequest",
    "FirstLine",
    "KnownGap",
    "Ladder",
    "Lever",
    "MinimumWait",
    "NotEscalatable",
    "Obligation",
    "Onboarding",
    "Person",
    "Plan",
    "QUALIFIER_WORDS",
    "Rma",
    "RmaLevel",
    "Severity",
    "SeverityCoverage",
    "SlaCell",
    "Slas",
    "Source",
    "Step",
    "Target",
    "Team",
    "Tier",
    "Uptime",
    "Vendor",
    "Verified",
]
