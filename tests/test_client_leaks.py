"""No client build shows what the audience rules hide: derived from the rules, checked in every built file.

The values a client must not see are not a hand list: :func:`hidden_values` walks the full (internal) models
of the vendors, the MSP and the client, and asks escdir's own rules (``audience.visible``, ``may_contact``,
``INTERNAL_FIELDS``, ``MSP_ONLY_VENDOR_FIELDS``) which parts are hidden from the client audience. It never calls
``restrict``, so a bug there shows up here. Every file of every client build (pages, search index, sitemap,
JSON API, vCards, calendar, break-glass page) is then searched for each hidden value.
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import os
import shutil
from pathlib import Path

import pytest
import vobject
import yaml

from escdir.check.validate import validate_paths
from escdir.derive.audience import INTERNAL_FIELDS, MSP_ONLY_VENDOR_FIELDS, may_contact, vendor_contactable, visible
from escdir.derive.msp import load_msp_project
from escdir.model import Contact, Person, Vendor
from escdir.model.phones import display_phone, normalise_phone
from escdir.publish.build import build_all_clients
from test_msp import CANARY, canaries

ROOT = Path(__file__).resolve().parents[1]
AUDIENCE = "client"
MIN_LEN = 8  # shorter strings (ids, enum words, "24x7") are not distinctive enough to search a whole site for
NOT_TEXT = {"id", "kind", "role", "method", "axis", "visibility", "audience", "file", "canonical", "severity", "plan",
            "whom", "instead", "contact", "rma_level", "timezone", "zone", "category", "mode", "period", "business_hours_zone"}


def _leaves(obj: object, hidden: bool, out: dict[bool, set[str]], *, vendor: Vendor | None = None) -> None:
    """Sort every text leaf under ``obj`` into out[True] (hidden from AUDIENCE by the rules) or out[False]."""
    if isinstance(obj, str):
        out[hidden].add(obj)
        return
    if isinstance(obj, (tuple, list)):
        for x in obj:
            _leaves(x, hidden, out, vendor=vendor)
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    if isinstance(obj, Vendor):
        vendor = obj
    if isinstance(obj, (Contact, Person)):
        hidden = hidden or not may_contact(AUDIENCE, obj, vendor)
        phones = [obj.value] if isinstance(obj, Contact) and obj.kind == "phone" else \
            [p for p in (getattr(obj, "phone", ""), getattr(obj, "mobile", "")) if p]
        for number in phones:  # the forms a page or card shows a number in
            mobile_hidden = hidden or (isinstance(obj, Person) and number == obj.mobile and number != obj.phone)
            out[mobile_hidden] |= {number, display_phone(number), display_phone(number).split(" ", 1)[-1]}
    elif hasattr(obj, "visibility"):
        hidden = hidden or not visible(obj.visibility, AUDIENCE)
    internal = INTERNAL_FIELDS.get(type(obj).__name__, ())
    for f in dataclasses.fields(obj):
        if f.name in NOT_TEXT:
            continue
        here = hidden or f.name in internal
        if isinstance(obj, Vendor) and f.name in MSP_ONLY_VENDOR_FIELDS and not vendor_contactable(obj, AUDIENCE):
            here = True
        _leaves(getattr(obj, f.name), here, out, vendor=vendor)


def hidden_values(proj: Path, client_id: str) -> set[str]:
    """Every distinctive value the rules hide from ``client_id``'s site (and that no visible part shows)."""
    vendors = validate_paths([proj / "vendors"]).vendors
    project = load_msp_project(proj, vendors)
    client = project.client(client_id)
    assert client is not None and project.msp is not None
    out: dict[bool, set[str]] = {True: set(), False: set()}
    for v in vendors:
        if v.id in client.vendors:
            _leaves(v, False, out)
    _leaves(project.msp, False, out)
    _leaves(client, False, out)
    # Exception contacts belong to their vendor: the same contact rule applies.
    for e in client.exceptions:
        v = next(x for x in vendors if x.id == e.vendor)
        for c in e.contacts:
            _leaves(c, not may_contact(AUDIENCE, c, v), out, vendor=v)
    shown = "\n".join(out[False])  # a hidden value may legitimately be part of a visible text
    return {s.strip() for s in out[True] if len(s.strip()) >= MIN_LEN and s.strip() not in shown}


def haystack(path: Path) -> str:
    """A file's text in every form a value may take in it: raw, HTML-unescaped, JSON strings, unfolded vCard/ics."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="replace")
    forms = [text, html.unescape(text)]
    if path.suffix == ".json":
        strings: list[str] = []

        def walk(x: object) -> None:
            if isinstance(x, str):
                strings.append(x)
            elif isinstance(x, dict):
                for k, val in x.items():
                    walk(k)
                    walk(val)
            elif isinstance(x, list):
                for val in x:
                    walk(val)
        walk(json.loads(text))
        forms += strings + [html.unescape(s) for s in strings]
    if path.suffix in (".vcf", ".ics"):
        unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
        forms.append(unfolded.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\N", "\n"))
    return "\n".join(forms)


def make_project(tmp: Path, source: Path) -> Path:
    proj = tmp / source.name
    proj.mkdir(parents=True)
    for name in ("vendors", "clients", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, proj / name)
    shutil.copy(source / "msp.yaml", proj / "msp.yaml")
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


@pytest.fixture(scope="module", params=["samples", "canary"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(project, all-clients site) for the repository's sample data and for the canary fixture."""
    proj = make_project(tmp_path_factory.mktemp(request.param), ROOT if request.param == "samples" else CANARY)
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = "2026-11-23"
    try:
        return proj, build_all_clients(proj / "mkdocs.yml", proj / "client-sites")
    finally:
        if old is None:
            del os.environ["ESCDIR_TODAY"]
        else:
            os.environ["ESCDIR_TODAY"] = old


def test_rules_hide_every_canary_and_the_msp_only_vendor() -> None:
    """The derivation is not empty-handed: it finds every hand-planted canary, and the MSP-only vendor's lines."""
    found = hidden_values(CANARY, "alpha-client") | hidden_values(CANARY, "beta-client")
    assert [c for c in canaries() if not any(c in h for h in found)] == []
    samples = hidden_values(ROOT, "brightwater-clinics")
    meridian = next(v for v in validate_paths([ROOT / "vendors"]).vendors if v.id == "meridian-fibre")
    assert meridian.msp_only
    for c in meridian.contacts:  # every channel of an MSP-only vendor, public or not
        assert display_phone(c.value) in samples if c.kind == "phone" else c.value in samples
    assert meridian.support_note in samples


def test_no_client_file_holds_a_hidden_value(built: tuple[Path, Path]) -> None:
    proj, sites = built
    client_ids = sorted(p.stem for p in (proj / "clients").glob("*.yaml"))
    assert sorted(p.name for p in sites.iterdir() if p.is_dir()) == client_ids
    for cid in client_ids:
        hidden = hidden_values(proj, cid)
        assert len(hidden) >= 10, hidden
        files = [p for p in (sites / cid).rglob("*") if p.is_file()]
        kinds = {p.relative_to(sites / cid).parts[0] for p in files}
        # (no 404.html: built without --site-url, MkDocs' 404 page would link outside the client's site)
        assert {"index.html", "search", "sitemap.xml", "api", "vcards", "renewals.ics", "break-glass.html",
                "vendors"} <= kinds
        leaks = [(str(p.relative_to(sites)), value) for p in files if p.suffix not in (".js", ".css", ".png")
                 for text in [haystack(p)] for value in hidden if value in text]
        assert leaks == [], leaks[:10]


def test_msp_only_vendor_sends_the_client_to_the_msp_in_every_output(built: tuple[Path, Path]) -> None:
    proj, sites = built
    if not (proj / "vendors" / "meridian-fibre.yaml").exists():
        pytest.skip("the canary fixture has no MSP-only vendor")
    site = sites / "brightwater-clinics"
    page = (site / "vendors" / "meridian-fibre" / "index.html").read_text()
    assert "Call Harbourline Managed Services, not Meridian Fibre." in page
    doc = json.loads((site / "api" / "v1" / "vendors" / "meridian-fibre.json").read_text())
    # The client calls the MSP: its service desk is the only contact, and the first line everywhere.
    msp_phones = [c["value"] for c in yaml.safe_load((proj / "msp.yaml").read_text())["contacts"]
                  if c["kind"] == "phone" and c.get("visibility", "public") != "internal" and not c.get("msp_only")]
    assert doc["msp_only"] is True and doc["people"] == [] and doc["call_via"] == "Harbourline Managed Services"
    phones = [c["value"] for c in doc["contacts"] if c["kind"] == "phone"]
    assert phones and {display_phone(p) for p in phones} <= {display_phone(normalise_phone(p)) for p in msp_phones}
    assert doc["primary_hotline"] == phones[0] and doc["escalation"]["ladders"] == []
    assert "Meridian" not in " ".join(c["id"] for c in doc["contacts"])
    card = (site / "vcards" / "meridian-fibre.vcf").read_text()
    tels = [t.value for t in vobject.readOne(card).contents.get("tel", [])]
    assert tels == phones and "Meridian Fibre" in card
    glass = (site / "break-glass.html").read_text()
    assert "Meridian Fibre" in glass
    shown = [c.value for c in meridian_contacts()
             if c.value in glass or (c.kind == "phone" and display_phone(c.value) in glass)]
    assert shown == []


def test_an_msp_only_vendor_is_escalated_by_the_msp_whatever_the_client_file_says(built: tuple[Path, Path]) -> None:
    proj, sites = built
    if not (proj / "vendors" / "canary-wholesale.yaml").exists():
        pytest.skip("only the canary fixture has this exception")
    assert "escalated_by_msp: false" in (proj / "clients" / "beta-client.yaml").read_text()
    page = (sites / "beta-client" / "vendors" / "canary-wholesale" / "index.html").read_text()
    assert "Call Canary MSP, not Canary Wholesale." in page and "contact Canary Wholesale directly" not in page
    home = (sites / "beta-client" / "index.html").read_text()
    assert "contacts Canary Wholesale directly" not in home


def meridian_contacts() -> tuple[Contact, ...]:
    return next(v for v in validate_paths([ROOT / "vendors"]).vendors if v.id == "meridian-fibre").contacts


def test_client_exception_contacts_lose_who_verified_them(built: tuple[Path, Path]) -> None:
    proj, sites = built
    if not (proj / "clients" / "alpha-client.yaml").exists():
        pytest.skip("only the canary fixture has a verified exception contact")
    doc = json.loads((sites / "alpha-client" / "api" / "v1" / "vendors" / "canary-networks.json").read_text())
    extra = next(c for c in doc["contacts"] if c["id"] == "alpha-visible")
    assert extra["verified"] == {"on": "2026-11-01", "method": "test_call", "by": ""}


@pytest.mark.parametrize(("audience", "vendor_msp_only", "contact", "expected"), [
    ("internal", True, {"msp_only": True, "visibility": "internal"}, True),
    ("client", False, {}, True),
    ("client", False, {"msp_only": True}, False),
    ("client", True, {}, False),  # a public line of an MSP-only vendor
    ("client", False, {"visibility": "internal"}, False),
    ("client", False, {"visibility": "client"}, True),
    ("public", False, {"visibility": "client"}, False),
    ("public", True, {}, False),
])
def test_may_contact_rule(audience: str, vendor_msp_only: bool, contact: dict, expected: bool) -> None:
    vendor = next(v for v in validate_paths([ROOT / "vendors"]).vendors if v.id == "northwind-networks")
    vendor = dataclasses.replace(vendor, msp_only=vendor_msp_only)
    c = Contact(id="x", kind="phone", value="+12025550100", **contact)
    assert may_contact(audience, c, vendor) is expected
    assert may_contact(audience, Person(id="p", role="tam", visibility="public"), vendor) is \
        (audience == "internal" or not vendor_msp_only)
