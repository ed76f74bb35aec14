"""JSON Schema validation, compiled once per process, with errors mapped to source positions.

jsonschema is imported on first use, not at import time: ``escdir show`` with a warm cache never needs it. The
shipped schemas are checked against their meta-schema by the tests (``tests/test_schema_doc.py``), not on every
run (that check alone costs ~0.3 s, more than validating a file).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from escdir.errors import Problem
from escdir.load.loader import Document, jsonpath

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

_CODE_BY_VALIDATOR = {
    "additionalProperties": "ESC101",
    "required": "ESC102",
    "type": "ESC103",
    "enum": "ESC104",
    "const": "ESC104",
    "pattern": "ESC105",
    "format": "ESC105",
}


def schema_path(name: str = "vendor") -> Path:
    """The schema file shipped with the package (a copy of the repository's schema/ folder)."""
    return SCHEMA_DIR / f"{name}.schema.json"


@lru_cache(maxsize=1)
def _registry():
    """All shipped schemas by $id, so msp/client schemas can reuse the vendor schema's $defs."""
    from referencing import Registry, Resource

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=256)
def _ecma(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262, where `$` is the very end; Python's `$` also matches before a final
    # newline, so `id: "x\n"` would pass `^[a-z0-9-]+$`. (fastjsonschema already does this.)
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator, pattern: str, instance: Any, schema: dict[str, Any]):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=1)
def _validator_class():  # type: ignore[no-untyped-def]
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=8)
def validator(name: str = "vendor") -> Draft202012Validator:
    """The compiled validator for ``name`` (vendor, msp, client); built once per process. The schema itself is
    not re-checked against the meta-schema here (the tests do that for every shipped schema)."""
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    validator: Draft202012Validator = _validator_class()(schema, registry=_registry(),
                                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator


def _leaf(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, descend to the most specific sub-error.

    The deepest error in the document wins (a bad `days` inside a coverage mapping says so, instead of
    "'24x7' was expected" from the string branch); among equals, one that is not a bare type/const miss.
    """
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator not in ("type", "const"),
                                                  -len(e.relative_schema_path)))
    return error


def _describe(error: ValidationError) -> tuple[str, tuple[Any, ...], bool]:
    """Message, path to point at, and whether to point at the key."""
    path = tuple(error.absolute_path)
    v = error.validator
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"unknown property {extra[0]!r} (allowed here: {allowed})", path + (extra[0],), True
    if v == "required":
        return error.message.replace("is a required property", "is required"), path, False
    if v == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}", path, False
    if v == "pattern":
        desc = error.schema.get("description", "")
        return f"{error.instance!r} has the wrong form" + (f": {desc}" if desc else ""), path, False
    if v == "type":
        return f"{error.instance!r} is not of type {error.validator_value}", path, False
    return error.message, path, False


@lru_cache(maxsize=1)
def _fast_vendor_check():
    """fastjsonschema compiles the vendor schema to Python code: ~7x faster on valid files.

    It only answers "valid or not" (treating the schema as draft-07: we use no 2020-12-only keyword but
    $defs, which resolves as a JSON pointer, and `format: date` is re-checked as a calendar date by
    checks.check_calendar_dates). An invalid file falls through to jsonschema, which collects every error
    with its path; a test keeps the two in agreement over every fixture.
    """
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    schema = json.loads(schema_path("vendor").read_text(encoding="utf-8"))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema), fastjsonschema.JsonSchemaException


def schema_problems(doc: Document, name: str = "vendor", *, single: bool = False) -> list[Problem]:
    """Every schema violation of ``doc``, located at the offending value (or key).

    ``single``: only this one document is checked in this process (``escdir show``), so the fast validator's
    compile (~0.2-0.5 s, paid back after a few dozen files) is skipped and jsonschema answers directly."""
    if name == "vendor" and not single and (fast := _fast_vendor_check()) is not None:
        check, failure = fast
        try:
            check(doc.data)
            return []
        except failure:
            pass
    out: list[Problem] = []
    for error in validator(name).iter_errors(doc.data):
        error = _leaf(error)
        message, path, at_key = _describe(error)
        line, col = doc.marks.at(path, key=at_key)
        code = _CODE_BY_VALIDATOR.get(str(error.validator), "ESC106")
        out.append(Problem.make(code, doc.file, message, line=line, col=col, path=jsonpath(path)))
    return sorted(out)
