"""Every field of the vendor model reaches the JSON API, or is kept out of it on purpose.

The test walks every dataclass reachable from ``Vendor`` (through its type hints), finds the objects of the API
document where that class's instances land (``WHERE``), and asserts each field's name (or its documented API name in
``RENAMED``) is a key there in at least one document built from the sample and test vendors. A new model field fails
here until it is exported or listed, with a reason, in ``DELIBERATELY_INTERNAL``.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from escdir import model
from escdir.check.validate import check_bytes, validate_paths
from escdir.model import coverage as coverage_module
from escdir.model import durations
from escdir.publish.exports.api import vendor_document

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 23)  # after every sample's last_verified, including the real vendors'

#: class name → where its instances are in the vendor document ("[]" a list's items, "{}" a mapping's values).
WHERE: dict[str, tuple[str, ...]] = {
    "Vendor": ("",),
    "Contact": ("contacts[]",),
    "Verified": ("contacts[].verified",),
    "Person": ("people[]",),
    "Severity": ("severities[]",),
    "Source": ("sources[]",),
    "Plan": ("plans[]",),
    "SeverityCoverage": ("plans[].coverage_by_severity{}",),
    "Condition": ("plans[].coverage_by_severity{}.only_if[]",),
    "Coverage": ("contacts[].coverage", "plans[].coverage", "plans[].coverage_by_severity{}.coverage",
                 "escalation.requests[].coverage"),
    "Window": ("plans[].coverage.windows[]", "contacts[].coverage.windows[]"),
    "Holidays": ("plans[].coverage.holidays", "contacts[].coverage.holidays"),
    "Obligation": ("obligations[]",),
    "Slas": ("slas", "slas.clock"),
    "Uptime": ("slas.uptime",),
    "SlaCell": ("slas.matrix[]",),
    "Target": ("slas.matrix[].response", "slas.matrix[].resolution", "slas.matrix[].updates",
               "escalation.requests[].response"),
    "Alternative": ("slas.matrix[].response.alternatives[]", "slas.matrix[].resolution.alternatives[]"),
    "Duration": ("slas.matrix[].response", "escalation.minimum_wait[].wait", "rma.levels[].target"),
    "Tier": ("tiers[]",),
    "Escalation": ("escalation", "escalation.communication"),
    "MinimumWait": ("escalation.minimum_wait[]",),
    "NotEscalatable": ("escalation.not_escalatable[]",),
    "EscalationLevel": ("escalation.levels[]",),
    "Ladder": ("escalation.ladders[]",),
    "Step": ("escalation.ladders[].steps[]",),
    "EscalationRequest": ("escalation.requests[]",),
    "Rma": ("rma",),
    "RmaLevel": ("rma.levels[]",),
    "Onboarding": ("rma.levels[].applies_after",),
    "Contract": ("contracts[]",),
    "Lever": ("contracts[].levers[]",),
    "CaseTemplate": ("case_template",),
    "Diagnostic": ("case_template.diagnostics[]",),
    "KnownGap": ("known_gaps[]",),
    "FirstLine": ("first_line",),
    "Team": ("plans[].teams[]",),
}

#: (class, field) → the key it has in the API (grouped or renamed on the way out).
RENAMED: dict[tuple[str, str], str] = {
    ("Vendor", "security_email"): "security", ("Vendor", "security_url"): "security",
    ("Vendor", "security_pgp_url"): "security",
    ("Vendor", "tsanet_member"): "tsanet", ("Vendor", "tsanet_note"): "tsanet",
    ("Vendor", "serial_prefixes"): "join_keys", ("Vendor", "circuit_ids"): "join_keys",
    ("Vendor", "asns"): "join_keys", ("Vendor", "hostnames"): "join_keys",
    ("Vendor", "severity_raised_by"): "severity_changes", ("Vendor", "severity_lowered_by"): "severity_changes",
    ("Vendor", "severity_change_note"): "severity_changes",
    ("Slas", "clock_note"): "note",  # slas.clock.note
    ("Escalation", "communication_mode"): "mode", ("Escalation", "communication_frequency"): "frequency",
    ("Escalation", "communication_attendees"): "attendees",
    ("Coverage", "zone"): "timezone",
    ("Window", "start_day"): "from", ("Window", "start"): "from", ("Window", "end_day"): "to",
    ("Window", "end"): "to", ("Window", "start_zone"): "from_timezone", ("Window", "end_zone"): "to_timezone",
    ("Duration", "low"): "minutes_low", ("Duration", "high"): "minutes", ("Duration", "unit"): "business",
    ("RmaLevel", "ends_with"): "ends_with",  # written as the effective end (RmaLevel.ends)
    ("Condition", "kind"): "condition",
    ("Target", "percent"): "percent_of_cases",
    ("Target", "duration"): "text",  # the duration's keys are merged into the target's (text, minutes …)
    ("Alternative", "duration"): "text",  # likewise
}

#: (class, field) → why the API leaves it out. Each entry is a decision, not an oversight.
DELIBERATELY_INTERNAL: dict[tuple[str, str], str] = {
    ("Vendor", "file"): "a path on the build machine, meaningless to API readers",
    ("Vendor", "owner_name"): "who maintains the entry: an internal contact, not vendor data",
    ("Vendor", "owner_email"): "as owner_name",
    ("Contact", "has_coverage"): "bookkeeping: coverage is null when the file did not state it",
    ("Tier", "visibility"): "the audience filter has already applied it",
    ("EscalationLevel", "visibility"): "the audience filter has already applied it",
    ("Ladder", "visibility"): "the audience filter has already applied it",
    ("Escalation", "visibility"): "the audience filter has already applied it",
    ("Rma", "visibility"): "the audience filter has already applied it",
    ("CaseTemplate", "visibility"): "the audience filter has already applied it",
}


def _model_classes() -> dict[str, type]:
    """Every dataclass reachable from Vendor through field type hints."""
    parts = [m for name, m in sorted(sys.modules.items()) if name.startswith("escdir.model.")]  # the package's modules
    namespace = {**vars(coverage_module), **vars(durations), **{k: v for m in parts for k, v in vars(m).items()},
                 **vars(model)}
    found: dict[str, type] = {}
    todo: list[Any] = [model.Vendor]
    while todo:
        hint = todo.pop()
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if hint.__name__ in found:
                continue
            found[hint.__name__] = hint
            todo += typing.get_type_hints(hint, namespace).values()
        elif isinstance(hint, (types.UnionType, types.GenericAlias)) or typing.get_origin(hint) is not None:
            todo += typing.get_args(hint)
    return found


def _at(node: Any, path: str) -> list[dict[str, Any]]:
    """The objects at ``path`` (dotted; ``[]`` list items, ``{}`` mapping values) inside ``node``."""
    nodes = [node]
    for part in [p for p in path.split(".") if p]:
        name, many = part.rstrip("[]{}"), part[len(part.rstrip("[]{}")):]
        nodes = [n.get(name) for n in nodes if isinstance(n, dict)]
        if many == "[]":
            nodes = [x for n in nodes if isinstance(n, list) for x in n]
        elif many == "{}":
            nodes = [x for n in nodes if isinstance(n, dict) for x in n.values()]
    return [n for n in nodes if isinstance(n, dict)]


#: The parts no sample vendor uses (alternative published values, an onboarding period), built here.
RARE = """\
id: rare
name: Rare Parts
last_verified: 2026-11-01
sources: [{url: "https://support.example.com/policy"}]
contacts: [{id: portal, kind: portal, value: "https://support.example.com"}]
severities: [{id: P1, canonical: sev1, definition: Down.}]
plans: [{id: std, name: Standard, teams: [{name: APAC, coverage: 24x7, contact: portal}]}]
slas:
  matrix:
    - {plan: std, severity: P1, response: {value: 1h, source: guide, alternatives: [{value: 2h, source: faq}]}}
rma:
  levels:
    - {id: nbd, kind: nbd, clock_starts: diagnosis, target: nbd}
    - {id: 4h, kind: onsite, clock_starts: diagnosis, target: 4h, applies_after: {period: 30d, then: 5bd, until_then: nbd, note: After onboarding.}}
known_gaps: [{code: ESC304, why: Only a US toll-free number is published.}]
support_model: {first_line: {partner: the reseller, contact: portal, note: Resellers run first-line support.}}
"""


def _documents() -> list[dict[str, Any]]:
    rare = check_bytes(RARE.encode(), "rare.yaml", today=TODAY)
    assert rare.vendor is not None, [p.format() for p in rare.problems]
    files = [*sorted((ROOT / "vendors").glob("*.yaml")), *sorted((ROOT / "tests/data/good").glob("*.yaml")),
             *sorted((ROOT / "tests/data/real").glob("*.yaml"))]
    result = validate_paths(files, today=TODAY)
    assert not result.errors, [p.format() for p in result.errors]
    return [vendor_document(v, today=TODAY) for v in [*result.vendors, rare.vendor]]


CLASSES = _model_classes()
DOCUMENTS = _documents()


def test_walk_finds_the_model() -> None:
    assert {"Vendor", "Contact", "Obligation", "Lever", "RmaLevel", "Coverage", "Duration"} <= set(CLASSES)


def test_every_reachable_class_has_a_place_in_the_api() -> None:
    assert set(CLASSES) - set(WHERE) == set(), "map the new model class to where it lands in the API (WHERE)"


@pytest.mark.parametrize("name", sorted(WHERE))
def test_every_field_reaches_the_api(name: str) -> None:
    cls = CLASSES[name]
    objects = [obj for doc in DOCUMENTS for path in WHERE[name] for obj in _at(doc, path)]
    assert objects, f"no {name} in any sample document at {WHERE[name]}: the test would check nothing"
    keys = set().union(*(obj.keys() for obj in objects))
    missing = [f.name for f in dataclasses.fields(cls)
               if (name, f.name) not in DELIBERATELY_INTERNAL and RENAMED.get((name, f.name), f.name) not in keys]
    assert not missing, f"{name} fields missing from the API (export them or list them in DELIBERATELY_INTERNAL)"


def test_lists_name_real_fields() -> None:
    for cls_name, field_name in [*RENAMED, *DELIBERATELY_INTERNAL]:
        assert field_name in {f.name for f in dataclasses.fields(CLASSES[cls_name])}, (cls_name, field_name)
