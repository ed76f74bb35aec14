"""One reader, one answer: for each reader, the first line on the vendor page == `show`'s CALL FIRST == `when`'s
"call first" (and its ladder step 1 when that step is the hotline) == the break-glass page's first line == the
vCard's first number == the API's primary line.

Readers: an internal engineer in EMEA (msp.yaml: EMEA, GB); an internal engineer given only as a country (AU); a
client for a vendor the MSP escalates; a client for a vendor it calls itself; the public. On the sample vendors and
on the real-policy fixtures (tests/data/real), which the reader code was not written against.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject

from conftest import TODAY
from escdir.check.validate import validate_paths
from escdir.derive.audience import restrict
from escdir.derive.client import client_vendors
from escdir.derive.clock.timeline import escalation_timeline
from escdir.derive.msp import load_msp_project
from escdir.derive.outage.card import quick_card
from escdir.derive.reader import Reader
from escdir.derive.view import vendor_view
from escdir.model import Vendor
from escdir.present.msp_pages import client_site_pages
from escdir.present.pages import Linker, vendor_page
from escdir.publish.exports import render_all
from escdir.publish.siteplan import reader_for

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(__file__).resolve().parent / "data" / "real"
SAMPLES = validate_paths([ROOT / "vendors"], today=TODAY).vendors
REAL_TODAY = date(2026, 11, 30)  # the fixtures' last_verified
REAL_VENDORS = validate_paths(sorted(REAL.glob("*.yaml")), today=REAL_TODAY).vendors
PROJECT = load_msp_project(ROOT, SAMPLES)
AT = "2026-11-24T10:00Z"
TEL = re.compile(r'href="tel:(\+\d+)"')


def page_first(html: str) -> str | None:
    """The number in the page's "Call first" line, and it must also be the quick card table's first row."""
    para = re.search(r'<p class="esc-first">(.*?)</p>', html, re.DOTALL)
    assert para is not None, "no Call first line"
    first = TEL.search(para[1])
    rows = re.search(r'<table class="esc-hotlines">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
    assert rows is not None
    row = TEL.search(rows[1])
    if first is not None:
        assert row is not None and row[1] == first[1], "the table's first row is not the Call first line"
        assert 'class="esc-line esc-first' in rows[1].split("</tr>")[0]
    return first[1] if first else None


def glass_first(files: dict[str, bytes], vendor_id: str) -> str | None:
    html = files["break-glass.html"].decode()
    block = html.split(f'id="vendor-{vendor_id}"', 1)[1].split("</article>", 1)[0]
    para = re.search(r'<p class="first">(.*?)</p>', block, re.DOTALL)
    assert para is not None
    first = TEL.search(para[1])
    table = block.split('<table class="lines">', 1)[1]
    if first is not None:
        assert TEL.search(table)[1] == first[1]  # type: ignore[index]
    return first[1] if first else None


def vcard_first(files: dict[str, bytes], vendor_id: str) -> str | None:
    card = vobject.readOne(files[f"vcards/{vendor_id}.vcf"].decode())
    tels = card.contents.get("tel", [])
    return tels[0].value if tels else None


def api_first(files: dict[str, bytes], vendor_id: str) -> str | None:
    doc = json.loads(files[f"api/v1/vendors/{vendor_id}.json"])
    index = json.loads(files["api/v1/vendors.json"])
    entry = next(e for e in index["vendors"] if e["id"] == vendor_id)
    assert entry["primary_hotline"] == doc["primary_hotline"] == doc["call_first"]["e164"]
    return doc["primary_hotline"]


def show_first(v: Vendor, reader: Reader) -> str | None:
    card = quick_card(v, now=datetime(2026, 11, 24, 10, tzinfo=UTC), zone=ZoneInfo("UTC"), today=TODAY, reader=reader)
    return card.call_first.e164 if card.call_first else None


def when_first(v: Vendor, reader: Reader) -> str | None:
    sev1 = v.for_canonical("sev1") or list(v.severities)
    t = escalation_timeline(v, sev1[0].id, opened=datetime(2026, 11, 24, 10, tzinfo=UTC), zone=ZoneInfo("UTC"),
                            reader=reader)
    first = t.call_first_number or None
    if first and t.steps and t.steps[0].whom and v.party(v.escalation.ladder_for(sev1[0].id, t.plan.id if t.plan
                                                                                else None).steps[0].whom) is not None:
        step = v.party(v.escalation.ladder_for(sev1[0].id, t.plan.id if t.plan else None).steps[0].whom)
        if getattr(step, "kind", "") == "phone" and getattr(step, "primary", False):
            assert vendor_view(v, reader).first.contact.display in t.steps[0].whom  # type: ignore[union-attr]
    return first


def agree(v: Vendor, reader: Reader, page_html: str, files: dict[str, bytes]) -> str | None:
    answers = {"page": page_first(page_html), "show": show_first(v, reader), "when": when_first(v, reader),
               "break-glass": glass_first(files, v.id), "vcard": vcard_first(files, v.id),
               "api": api_first(files, v.id)}
    assert len(set(answers.values())) == 1, (v.id, reader.place, answers)
    return answers["page"]


INTERNAL_READERS = {
    "internal-emea": reader_for(PROJECT),  # msp.yaml: region EMEA, country GB
    "internal-au": Reader(country="AU"),
    "public": reader_for(PROJECT, audience="public"),
}


@pytest.mark.parametrize("name", list(INTERNAL_READERS))
@pytest.mark.parametrize("source", ["samples", "real"])
def test_internal_and_public_readers_get_one_answer(name: str, source: str) -> None:
    reader = INTERNAL_READERS[name]
    audience = "public" if name == "public" else "internal"
    vendors = [restrict(v, audience) for v in (SAMPLES if source == "samples" else REAL_VENDORS)]
    assert vendors
    files = render_all(vendors, today=TODAY, reader=reader)
    firsts = {}
    for v in vendors:
        page = vendor_page(v, today=TODAY, linker=Linker(), reader=reader).html
        firsts[v.id] = agree(v, reader, page, files)
    if source == "samples" and name == "internal-emea":
        assert firsts["northwind-networks"] == "+448081570110"  # UK freephone: the reader is in GB
    if source == "samples" and name == "internal-au":
        assert firsts["northwind-networks"] == "+61255500110"  # the APAC line, not the US toll-free number


def test_the_emea_reader_is_the_msp_yaml_reader(run_cli) -> None:
    shown = run_cli("show", "northwind", "--dir", ROOT / "vendors", "--format", "json", "--at", AT)
    when = run_cli("when", "northwind", "-s", "S1", "--dir", ROOT / "vendors", "--format", "json", "--opened", AT)
    au = run_cli("show", "northwind", "--dir", ROOT / "vendors", "--format", "json", "--at", AT, "--region", "AU")
    assert json.loads(shown.stdout)["call_first"]["e164"] == json.loads(when.stdout)["call_first"]["e164"] \
        == "+448081570110"
    assert json.loads(au.stdout)["call_first"]["e164"] == "+61255500110"
    text = run_cli("when", "northwind", "-s", "S1", "--dir", ROOT / "vendors", "--opened", AT, "--region", "AU")
    step1 = next(ln for ln in text.stdout.splitlines() if ln.strip().startswith("+0"))
    assert "+61 2 5550 0110" in step1 and "+1 800" not in step1


def _client_case(client_id: str, vendor_id: str) -> tuple[Vendor, Reader, str, dict[str, bytes]]:
    assert PROJECT.msp is not None
    client = PROJECT.client(client_id)
    assert client is not None
    reader = reader_for(PROJECT, client=client_id)
    models = client_vendors(client, SAMPLES, PROJECT.msp)
    pages = {p.src_uri: p.html for p in client_site_pages(PROJECT.msp, client, SAMPLES, linker=Linker(),
                                                          reader=reader)}
    files = render_all(models, today=TODAY, reader=reader)
    v = next(m for m in models if m.id == vendor_id)
    return v, reader, pages[f"vendors/{vendor_id}.md"], files


def test_a_client_of_an_msp_escalated_vendor_calls_the_msp_everywhere() -> None:
    v, reader, page, files = _client_case("brightwater-clinics", "northwind-networks")
    first = agree(v, reader, page, files)
    assert first == "+442079460500"  # the MSP's service desk
    doc = json.loads(files["api/v1/vendors/northwind-networks.json"])
    everything = page + files["break-glass.html"].decode() + files["vcards/northwind-networks.vcf"].decode() \
        + json.dumps(doc)
    # No vendor line, vendor ladder or duty manager (+1 202-555-0114) anywhere in the client's outputs.
    for number in ("+12025550114", "202-555-0114", "+18005550110", "+448081570110", "+61255500110"):
        assert number not in everything
    assert doc["escalation"]["ladders"] == [] and doc["people"] == []
    assert "the MSP escalates" not in page and "Call Harbourline Managed Services, not Northwind Networks." in page


def test_a_client_that_calls_the_vendor_itself_gets_the_vendor_line_and_its_own_contract(tmp_path: Path) -> None:
    v, reader, page, files = _client_case("brightwater-clinics", "cirrus-ledger")
    first = agree(v, reader, page, files)
    assert first is not None and first != "+442079460500"  # the vendor's own line, not the MSP's desk
    assert "You contact Cirrus Ledger directly" in page and "bring them in" not in page
    # With a contract of its own in the client file, that id is on the page and in every export.
    import dataclasses

    assert PROJECT.msp is not None
    client = PROJECT.client("brightwater-clinics")
    assert client is not None
    exc = dataclasses.replace(client.exception("cirrus-ledger"), contract="BWC-CL-7781")  # type: ignore[arg-type]
    client = dataclasses.replace(client, exceptions=tuple(exc if e.vendor == "cirrus-ledger" else e
                                                          for e in client.exceptions))
    models = client_vendors(client, SAMPLES, PROJECT.msp)
    files = render_all(models, today=TODAY, reader=reader)
    page = next(p.html for p in client_site_pages(PROJECT.msp, client, SAMPLES, linker=Linker(), reader=reader)
                if p.src_uri == "vendors/cirrus-ledger.md")
    assert "BWC-CL-7781" in page and "BWC-CL-7781" in files["vcards/cirrus-ledger.vcf"].decode()
    assert "BWC-CL-7781" in files["break-glass.html"].decode()
    assert json.loads(files["api/v1/vendors/cirrus-ledger.json"])["contracts"][0]["number"] == "BWC-CL-7781"
    # The MSP's own contracts with the vendor are not the client's.
    ours = {c.number for v in SAMPLES if v.id == "cirrus-ledger" for c in v.contracts}
    assert not any(n in page for n in ours)


def test_an_msp_only_vendor_tells_the_client_to_call_the_msp_with_its_number() -> None:
    v, reader, page, files = _client_case("brightwater-clinics", "meridian-fibre")
    assert agree(v, reader, page, files) == "+442079460500"
    assert "open by phone" not in files["break-glass.html"].decode().split('id="vendor-meridian-fibre"')[1] \
        .split("</article>")[0]


@pytest.mark.parametrize(("vendor", "first"), [("northwind-networks", "+442079460500"),
                                               ("meridian-fibre", "+442079460500"),
                                               ("cirrus-ledger", None)])
def test_show_and_when_answer_as_the_client_with_client(run_cli, vendor: str, first: str | None) -> None:
    v, _reader, page, _files = _client_case("brightwater-clinics", vendor)
    on_page = page_first(page)
    assert first is None or on_page == first
    args = ("--dir", ROOT / "vendors", "--format", "json", "--client", "brightwater-clinics")
    shown = run_cli("show", vendor, *args, "--at", AT)
    assert shown.exit_code == 0, shown.output
    sev = (v.for_canonical("sev1") or list(v.severities))[0].id
    when = run_cli("when", vendor, "-s", sev, *args, "--opened", AT)
    assert when.exit_code == 0, when.output
    assert json.loads(shown.stdout)["call_first"]["e164"] == json.loads(when.stdout)["call_first"]["e164"] == on_page
    assert "202-555-0114" not in shown.stdout + when.stdout  # the vendor's duty manager is not the client's


def test_client_option_refuses_an_unknown_client_or_vendor(run_cli) -> None:
    for args, code in ((("show", "northwind", "--client", "../etc/passwd"), 2),
                       (("show", "quillon", "--client", "brightwater-clinics"), 2)):
        result = run_cli(*args, "--dir", ROOT / "vendors")
        assert result.exit_code == code and "Traceback" not in result.output
        assert result.output.count("\n") == 1, result.output
