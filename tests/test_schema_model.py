"""Every property of the vendor schema reaches the model, or is listed as deliberately not modelled.

The mirror of ``test_api_fields.py`` (model → API). The test walks ``schema/vendor.schema.json`` from the root
through ``$ref``, ``oneOf``/``anyOf``, items and mapping values, and collects every object with ``properties`` under a
location (``#<def>`` plus the path inside it: ``#vendor.slas.clock``, ``#target.alternatives[]``). Each location is
mapped to the model class its properties land in (``WHERE``), and each property must

* be a field of that class (under its own name or the one in ``RENAMED``), or be an object whose own properties
  are mapped to the same class (flattened: ``owner.name`` → ``Vendor.owner_name``), and
* be read by the model builder (``escdir.model.construct``: the key appears there as a quoted name),

or be listed, with the reason, in ``NOT_MODELLED``. A property added to the schema alone then fails here, instead
of being accepted by validation and silently dropped on the way to every page, card and export.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from escdir.model import construct
from test_api_fields import CLASSES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "vendor.schema.json").read_text(encoding="utf-8"))

#: schema location → the model class its properties land in.
WHERE: dict[str, str] = {
    "#vendor": "Vendor", "#vendor.owner": "Vendor", "#vendor.security_contact": "Vendor", "#vendor.tsanet": "Vendor",
    "#vendor.join_keys": "Vendor", "#vendor.support_model": "Vendor", "#vendor.severity_changes": "Vendor",
    "#vendor.obligations[]": "Obligation", "#vendor.slas": "Slas", "#vendor.slas.clock": "Slas",
    "#vendor.slas.uptime": "Uptime", "#vendor.sources[]": "Source", "#vendor.tiers[]": "Tier",
    "#vendor.regions[]": "Vendor", "#vendor.known_gaps[]": "KnownGap", "#vendor.support_model.first_line": "FirstLine",
    "#plan.teams[]": "Team", "#severity.definition": "Severity", "#rma.levels[].target": "RmaLevel",
    "#case_template": "CaseTemplate", "#case_template.diagnostics[]": "Diagnostic",
    "#contact": "Contact", "#verified": "Verified", "#person": "Person",
    "#contract": "Contract", "#contract.levers[]": "Lever",
    "#coverage": "Coverage", "#coverage_hours": "Coverage", "#coverage_windows": "Coverage",
    "#coverage_windows.windows[]": "Window", "#holidays": "Holidays",
    "#plan": "Plan", "#severity_coverage": "SeverityCoverage", "#severity_coverage.only_if[]": "Condition",
    "#severity": "Severity", "#sla_cell": "SlaCell", "#target": "Target", "#target.alternatives[]": "Alternative",
    "#escalation": "Escalation", "#escalation.communication_plan": "Escalation", "#escalation.ladders[]": "Ladder",
    "#escalation.ladders[].steps[]": "Step", "#escalation.levels[]": "EscalationLevel",
    "#escalation.minimum_wait[]": "MinimumWait", "#escalation.not_escalatable[]": "NotEscalatable",
    "#escalation.requests[]": "EscalationRequest",
    "#rma": "Rma", "#rma.levels[]": "RmaLevel", "#rma.levels[].applies_after": "Onboarding",
}

#: (location, property) → the model field it becomes under another name.
RENAMED: dict[tuple[str, str], str] = {
    ("#vendor.owner", "name"): "owner_name", ("#vendor.owner", "email"): "owner_email",
    ("#vendor.security_contact", "email"): "security_email", ("#vendor.security_contact", "url"): "security_url",
    ("#vendor.security_contact", "pgp_key_url"): "security_pgp_url",
    ("#vendor.tsanet", "member"): "tsanet_member", ("#vendor.tsanet", "note"): "tsanet_note",
    ("#vendor.support_model", "note"): "support_note",
    ("#vendor.severity_changes", "raised_by"): "severity_raised_by",
    ("#vendor.severity_changes", "lowered_by"): "severity_lowered_by",
    ("#vendor.severity_changes", "note"): "severity_change_note",
    ("#vendor.slas.clock", "note"): "clock_note",
    ("#vendor.regions[]", "name"): "regions", ("#vendor.regions[]", "countries"): "regions",  # (name, countries)
    ("#escalation.communication_plan", "mode"): "communication_mode",
    ("#escalation.communication_plan", "frequency"): "communication_frequency",
    ("#escalation.communication_plan", "attendees"): "communication_attendees",
    ("#coverage", "unknown"): "kind",  # kind "unknown", the reason in note
    ("#coverage", "none"): "kind",  # kind "none" (no coverage at all), the reason in note
    ("#severity.definition", "not_published"): "definition_not_published",
    ("#rma.levels[].target", "not_published"): "target_not_published",
    ("#coverage_hours", "timezone"): "zone", ("#coverage_windows", "timezone"): "zone",
    ("#coverage_hours", "hours"): "start",  # "09:00-17:00" → start and end
    ("#coverage_windows.windows[]", "from"): "start", ("#coverage_windows.windows[]", "to"): "end",
    ("#coverage_windows.windows[]", "from_timezone"): "start_zone",
    ("#coverage_windows.windows[]", "to_timezone"): "end_zone",
    ("#severity_coverage.only_if[]", "condition"): "kind",
    ("#target", "value"): "duration", ("#target", "percent_of_cases"): "percent",
    ("#target.alternatives[]", "value"): "duration",
}

#: (location, property) → why the model does not hold it. Each entry is a decision (or a known gap), not an oversight.
NOT_MODELLED: dict[tuple[str, str], str] = {}


def _objects() -> dict[str, set[str]]:
    """location → property names, for every object with ``properties`` reachable from the schema's root."""
    found: dict[str, set[str]] = {}
    seen: set[str] = set()

    def walk(node: Any, loc: str) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name not in seen:
                seen.add(name)
                walk(SCHEMA["$defs"][name], f"#{name}")
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, loc)
        for key in ("if", "then", "else"):
            walk(node.get(key), loc)
        props = node.get("properties") or {}
        if props:
            found.setdefault(loc, set()).update(props)
        for name, sub in props.items():
            walk(sub, f"{loc}.{name}")
        walk(node.get("items"), f"{loc}[]")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{loc}{{}}")
        for sub in (node.get("patternProperties") or {}).values():
            walk(sub, f"{loc}{{}}")

    walk(SCHEMA, "#vendor")
    return found


OBJECTS = _objects()
BUILDER_KEYS = set(re.findall(r"""["']([A-Za-z_][A-Za-z0-9_]*)["']""", Path(construct.__file__).read_text("utf-8")))


def test_the_walk_finds_the_schema() -> None:
    assert {"#vendor", "#contact", "#target", "#rma.levels[]", "#coverage_windows.windows[]"} <= set(OBJECTS)
    assert sum(len(p) for p in OBJECTS.values()) > 200


def test_every_schema_object_has_a_model_class() -> None:
    assert set(OBJECTS) - set(WHERE) == set(), "map the new schema object to the model class it lands in (WHERE)"
    assert set(WHERE) - set(OBJECTS) == set(), "WHERE names a location the schema no longer has"


@pytest.mark.parametrize("location", sorted(OBJECTS))
def test_every_property_reaches_the_model(location: str) -> None:
    cls = WHERE[location]
    fields = {f.name for f in dataclasses.fields(CLASSES[cls])}
    missing = []
    for prop in sorted(OBJECTS[location]):
        if (location, prop) in NOT_MODELLED:
            continue
        flattened = WHERE.get(f"{location}.{prop}") == cls
        if not (flattened or RENAMED.get((location, prop), prop) in fields):
            missing.append(f"{prop}: no field {RENAMED.get((location, prop), prop)!r} in {cls}")
        elif prop not in BUILDER_KEYS:
            missing.append(f"{prop}: escdir.model.construct never reads the key")
    assert not missing, f"{location} properties that do not reach the model (model them or list them in " \
                        f"NOT_MODELLED): {missing}"


def test_the_lists_name_real_properties_and_fields() -> None:
    for location, prop in [*RENAMED, *NOT_MODELLED]:
        assert prop in OBJECTS.get(location, set()), (location, prop)
    for (location, _prop), field in RENAMED.items():
        assert field in {f.name for f in dataclasses.fields(CLASSES[WHERE[location]])}, (location, field)
    for key in NOT_MODELLED:
        assert key[1] not in BUILDER_KEYS, f"{key} is read by the builder now: take it off NOT_MODELLED"
