"""The typed, immutable vendor model: frozen dataclasses, built only from schema- and check-valid data.

What enters: nothing from files. :mod:`escdir.construct` builds these objects from schema-valid, check-clean
dicts (the only place raw dicts become objects). What leaves: a :class:`Vendor` and the classes it holds, read by
every later stage (facts, clock, pages, show/when/rma, exports, diff); nothing downstream reads raw dicts.

One module per part of a vendor file: :mod:`.targets` (a target as published), :mod:`.parties` (contacts,
people), :mod:`.plans` (plans, coverage by severity, teams, severities), :mod:`.slas` (the matrix, clock, tiers),
:mod:`.escalation` (ladders, requests, waits, levels), :mod:`.rma` (replacement levels) and :mod:`.vendor`
(contracts, case template, sources, the vendor itself). Every public name is re-exported here, so
``from escdir.model import Vendor`` keeps working.
"""

from __future__ import annotations

from .escalation import (
    EVENT_WORDS,
    Escalation,
    EscalationLevel,
    EscalationRequest,
    Ladder,
    MinimumWait,
    NotEscalatable,
    Step,
)
from .parties import Contact, FirstLine, Person, Verified
from .plans import CANONICAL, CANONICAL_TITLES, Condition, Plan, Severity, SeverityCoverage, Team
from .rma import AS_VENDOR_SPECIFIES, ENDS_BY_KIND, Onboarding, Rma, RmaLevel
from .slas import SlaCell, Slas, Tier, Uptime
from .targets import BOUND_WORDS, QUALIFIER_WORDS, Alternative, Target
from .vendor import CaseTemplate, Contract, Diagnostic, KnownGap, Lever, Obligation, Source, Vendor

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
