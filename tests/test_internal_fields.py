"""Internal stays internal, for every field: the list of internal fields comes from the schemas' ``x-escdir-internal``
marks, a canary is planted in each of them (tests/data/canary), and every client and public output is searched.

Outputs searched: the all-clients build (pages, search index, sitemap, API, vCards, calendar, break-glass), a
``--audience public`` build, and ``escdir export --audience client`` / ``--audience public``.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.derive import audience
from escdir.derive.audience import INTERNAL_FIELDS, INTERNAL_KEYWORD, internal_fields_from_schema
from escdir.derive.msp import load_msp_project
from escdir.model.phones import display_phone
from escdir.publish.build import build_all_clients, build_site
from test_client_leaks import haystack, make_project
from test_msp import CANARY, CANARY_PHONES

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schema"
CLIENT_SUMMARY = "Routers that carry your site's traffic."


def _objects(obj: object, out: list[object]) -> list[object]:
    """Every model dataclass instance reachable from ``obj``."""
    if isinstance(obj, (tuple, list)):
        for x in obj:
            _objects(x, out)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out.append(obj)
        for f in dataclasses.fields(obj):
            _objects(getattr(obj, f.name), out)
    return out


def canary_models() -> list[object]:
    vendors = validate_paths([CANARY / "vendors"]).vendors
    project = load_msp_project(CANARY, vendors)
    assert project.msp is not None and len(project.clients) == 2, project.problems
    return _objects([vendors, project.msp, project.clients], [])


def internal_values() -> set[str]:
    """The value of every internal field in the canary fixture (each a canary), in the forms a page may show."""
    out: set[str] = set()
    for obj in canary_models():
        for name in INTERNAL_FIELDS.get(type(obj).__name__, {}):
            value = getattr(obj, name)
            if value:
                out.add(value)
                if value.startswith("+"):
                    out |= {display_phone(value), display_phone(value).split(" ", 1)[-1]}
    return out


def _is_canary(value: str) -> bool:
    return "CANARY" in value or value.startswith("canary-") or value in CANARY_PHONES or \
        any(value.replace(" ", "").replace("-", "") == p for p in CANARY_PHONES)


# ---- the list comes from the schema ------------------------------------------------------------------

def test_every_internal_mark_lands_on_a_model_field() -> None:
    from escdir.model import Vendor

    assert INTERNAL_FIELDS["Vendor"]["summary"] == "client_summary"
    assert {"internal_notes", "owner_name", "owner_email"} <= set(INTERNAL_FIELDS["Vendor"])
    marks = 0
    for name in ("vendor", "msp", "client"):
        marks += json.dumps(json.loads((SCHEMAS / f"{name}.schema.json").read_text())).count(f'"{INTERNAL_KEYWORD}"')
    assert sum(len(v) for v in INTERNAL_FIELDS.values()) == marks  # every mark found, none invented
    assert {f.name for f in dataclasses.fields(Vendor)} >= set(INTERNAL_FIELDS["Vendor"])


def test_a_property_described_as_internal_carries_the_mark() -> None:
    """The prose and the mark agree: 'Always internal' / 'Internal.' in a description means the keyword is there."""
    unmarked = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            desc = node.get("description", "")
            if isinstance(desc, str) and ("Always internal" in desc or desc.endswith("Internal.")) \
                    and INTERNAL_KEYWORD not in node:
                unmarked.append(path)
            for k, v in node.items():
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")
    for name in ("vendor", "msp", "client"):
        walk(json.loads((SCHEMAS / f"{name}.schema.json").read_text()), name)
    assert unmarked == []


def test_a_new_mark_in_the_schema_hides_the_field(tmp_path: Path) -> None:
    for p in SCHEMAS.glob("*.schema.json"):
        shutil.copy(p, tmp_path / p.name)
    vendor = json.loads((tmp_path / "vendor.schema.json").read_text())
    vendor["$defs"]["contact"]["properties"]["note"][INTERNAL_KEYWORD] = True
    (tmp_path / "vendor.schema.json").write_text(json.dumps(vendor))
    assert internal_fields_from_schema(tmp_path)["Contact"] == {"note": ""}
    # A mark that lands on no model field is refused loudly, never skipped: support_model.note is built as
    # Vendor.support_note, not support_model_note; an `instead` naming nothing fails the same way.
    for keys, mark in ((("properties", "support_model", "properties", "note"), True),
                       (("$defs", "contact", "properties", "label"), {"instead": "no_such_field"})):
        bad = copy.deepcopy(vendor)
        node = bad
        for key in keys:
            node = node[key]
        node[INTERNAL_KEYWORD] = mark
        (tmp_path / "vendor.schema.json").write_text(json.dumps(bad))
        with pytest.raises(RuntimeError, match="is not a model field"):
            internal_fields_from_schema(tmp_path)


def test_a_canary_is_planted_in_every_internal_field() -> None:
    planted: dict[tuple[str, str], bool] = {(c, f): False for c, fields in INTERNAL_FIELDS.items() for f in fields}
    for obj in canary_models():
        for name in INTERNAL_FIELDS.get(type(obj).__name__, {}):
            if _is_canary(getattr(obj, name)):
                planted[(type(obj).__name__, name)] = True
    assert [k for k, ok in planted.items() if not ok] == []


def test_restrict_replaces_summary_with_client_summary_or_nothing() -> None:
    vendors = {v.id: v for v in validate_paths([CANARY / "vendors"]).vendors}
    for aud in ("client", "public"):
        assert audience.restrict(vendors["canary-networks"], aud).summary == CLIENT_SUMMARY
        assert audience.restrict(vendors["canary-wholesale"], aud).summary == ""  # no client_summary: nothing
    assert audience.restrict(vendors["canary-networks"], "internal").summary.startswith("CANARY-VENDOR-SUMMARY")


# ---- every client and public output -------------------------------------------------------------------

@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    from click.testing import CliRunner

    from escdir.cli import cli

    proj = make_project(tmp_path_factory.mktemp("internal"), CANARY)
    old, cwd = os.environ.get("ESCDIR_TODAY"), Path.cwd()
    os.environ["ESCDIR_TODAY"] = "2026-11-23"
    try:
        out = {"clients": build_all_clients(proj / "mkdocs.yml", proj / "client-sites"),
               "public": build_site(proj / "mkdocs.yml", proj / "public-site", audience="public")}
        os.chdir(proj)
        for aud in ("client", "public"):
            result = CliRunner().invoke(cli, ["export", "--out", f"export-{aud}", "--audience", aud],
                                         catch_exceptions=False)
            assert result.exit_code == 0, result.output
            out[f"export-{aud}"] = proj / f"export-{aud}"
        return out
    finally:
        os.chdir(cwd)
        if old is None:
            del os.environ["ESCDIR_TODAY"]
        else:
            os.environ["ESCDIR_TODAY"] = old


def test_no_internal_field_reaches_any_client_or_public_output(outputs: dict[str, Path]) -> None:
    values = internal_values()
    assert any(v.startswith("CANARY-VENDOR-SUMMARY") for v in values) and len(values) >= 12
    checked = 0
    leaks = []
    for kind, folder in outputs.items():
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".js", ".css", ".png", ".svg", ".woff2"):
                continue
            text = haystack(path)
            checked += 1
            leaks += [(kind, str(path.relative_to(folder)), v) for v in values if v in text]
    assert checked > 40
    assert leaks == [], leaks[:10]


def test_client_and_public_outputs_show_the_client_summary(outputs: dict[str, Path]) -> None:
    places = {
        "client page": outputs["clients"] / "alpha-client" / "vendors" / "canary-networks" / "index.html",
        "client search": outputs["clients"] / "alpha-client" / "search" / "escdir" / "r0.json",
        "client API": outputs["clients"] / "alpha-client" / "api" / "v1" / "vendors" / "canary-networks.json",
        "public page": outputs["public"] / "vendors" / "canary-networks" / "index.html",
        "public search": outputs["public"] / "search" / "escdir" / "r0.json",
        "public API": outputs["public"] / "api" / "v1" / "vendors" / "canary-networks.json",
        "client export": outputs["export-client"] / "api" / "v1" / "vendors" / "canary-networks.json",
    }
    missing = [name for name, path in places.items() if CLIENT_SUMMARY not in haystack(path)]
    assert missing == []
    doc = json.loads(places["client API"].read_text())
    assert doc["summary"] == doc["client_summary"] == CLIENT_SUMMARY


def test_a_vendor_a_client_uses_without_a_client_summary_is_esc406_naming_the_client() -> None:
    vendors = validate_paths([CANARY / "vendors"]).vendors
    found = [p for p in load_msp_project(CANARY, vendors).problems if p.code == "ESC406"]
    assert len(found) == 1  # beta-client uses canary-wholesale (no client_summary); canary-networks has one
    p = found[0]
    assert p.file.endswith("clients/beta-client.yaml") and p.line == 3 and not p.is_error
    assert "'beta-client' (Beta Client)" in p.message and "Canary Wholesale" in p.message
    assert "client_summary" in p.message


def test_the_samples_give_every_vendor_a_client_uses_a_client_summary() -> None:
    vendors = validate_paths([ROOT / "vendors"]).vendors
    project = load_msp_project(ROOT, vendors)
    used = {ref for c in project.clients for ref in c.vendors}
    assert used and all(v.client_summary for v in vendors if v.id in used)
    assert [p for p in project.problems if p.code == "ESC406"] == []
