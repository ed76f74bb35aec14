"""The vendor schema is the documentation: every property is described, objects are closed, the package copy
is the repository's file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from escdir.load.schema import schema_path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "vendor.schema.json"
PACKAGE_COPY = ROOT / "generator" / "escdir" / "schemas" / "vendor.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _resolve(ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), f"only local references are expected, got {ref}"
    node: Any = SCHEMA
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema, with a JSON-pointer-ish location."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "$defs"):
        for name, sub in (node.get(key) or {}).items():
            yield from _walk(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "not", "if", "then", "else"):
        if isinstance(node.get(key), dict):
            yield from _walk(node[key], f"{where}/{key}")
    for key in ("oneOf", "anyOf", "allOf", "prefixItems"):
        for i, sub in enumerate(node.get(key) or ()):
            yield from _walk(sub, f"{where}/{key}/{i}")


def _properties() -> Iterator[tuple[str, dict[str, Any]]]:
    for where, node in _walk(SCHEMA):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", sub


PROPERTIES = dict(_properties())
OBJECTS_WITH_PROPERTIES = {where: node for where, node in _walk(SCHEMA) if "properties" in node}


def test_walk_finds_the_schema() -> None:
    assert len(PROPERTIES) > 100
    assert "#/$defs/contact/properties/value" in PROPERTIES
    assert "#/$defs/escalation/properties/ladders/items/properties/steps/items/properties/after" in PROPERTIES


def test_dialect_and_id() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].startswith("https://")
    assert SCHEMA["$id"].endswith("vendor.schema.json")
    assert SCHEMA.get("title") and SCHEMA.get("description")


def test_schema_is_valid_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("where", sorted(PROPERTIES))
def test_every_property_is_described(where: str) -> None:
    sub = PROPERTIES[where]
    if sub.get("description"):
        return
    assert "$ref" in sub, f"{where} has no description and no $ref"
    assert _resolve(sub["$ref"]).get("description"), f"{where}: neither it nor {sub['$ref']} has a description"


def test_every_def_is_described() -> None:
    missing = [name for name, sub in SCHEMA["$defs"].items() if not sub.get("description")]
    assert not missing


def test_every_ref_resolves() -> None:
    for where, node in _walk(SCHEMA):
        if "$ref" in node:
            assert isinstance(_resolve(node["$ref"]), dict), where


@pytest.mark.parametrize("where", sorted(OBJECTS_WITH_PROPERTIES))
def test_objects_are_closed(where: str) -> None:
    node = OBJECTS_WITH_PROPERTIES[where]
    assert node.get("additionalProperties") is False, f"{where} lets unknown keys through (typos go unnoticed)"


@pytest.mark.parametrize("where", sorted(w for w, n in _walk(SCHEMA) if "required" in n))
def test_required_names_are_declared(where: str) -> None:
    node = dict(_walk(SCHEMA))[where]
    assert set(node["required"]) <= set(node.get("properties", {})), f"{where}: required names a missing property"


def test_package_copy_is_identical() -> None:
    assert PACKAGE_COPY.is_file()
    assert PACKAGE_COPY.read_bytes() == SCHEMA_FILE.read_bytes()
    assert schema_path("vendor").resolve() == PACKAGE_COPY.resolve()


def test_examples_validate_against_their_schema() -> None:
    """`examples` are shown in editors: each must itself be valid for the subschema it sits on."""
    for where, node in _walk(SCHEMA):
        for example in node.get("examples") or ():
            schema = {"$defs": SCHEMA["$defs"], **{k: v for k, v in node.items() if k != "examples"}}
            errors = list(Draft202012Validator(schema).iter_errors(example))
            assert not errors, f"{where}: example {example!r}: {errors[0].message}"
