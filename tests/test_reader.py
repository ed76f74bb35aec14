"""The reader, resolved once (escdir.derive.reader), a country mapped to a vendor's region labels (escdir.model.regions), the
line to call first (escdir.derive.lines) and what regional hours and customer-local holidays then compute.

Expected answers are worked out by hand from the data written in each test, not read back from escdir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TODAY
from escdir.check.validate import validate_paths
from escdir.derive.lines import line_to_call
from escdir.derive.reader import PlaceError, Reader, ReaderInput, parse_place, resolve_reader
from escdir.model.msp import Client, Msp
from escdir.model.regions import countries_of, label_fits

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {v.id: v for v in validate_paths([ROOT / "vendors"], today=TODAY).vendors}
NORTHWIND = SAMPLES["northwind-networks"]


# ---- country → region labels -------------------------------------------------------------------

@pytest.mark.parametrize(("label", "inside", "outside"), [
    ("EMEA", {"GB", "DE", "FR", "ZA", "AE", "SA", "IL", "TR", "EG"}, {"US", "AU", "JP", "IN", "BR"}),
    ("Europe", {"GB", "DE", "NO"}, {"AE", "ZA", "US"}),
    ("APAC", {"AU", "NZ", "JP", "SG", "IN", "CN"}, {"AE", "SA", "GB", "US"}),
    ("Asia-Pacific", {"AU", "JP"}, {"IL"}),
    ("ANZ", {"AU", "NZ"}, {"JP", "SG"}),
    ("Japan", {"JP"}, {"KR"}),
    ("Americas", {"US", "CA", "MX", "BR", "AR"}, {"GB", "AU"}),
    ("AMER", {"US", "BR"}, {"DE"}),
    ("North America", {"US", "CA"}, {"MX", "BR", "GB"}),
    ("NA", {"US", "CA"}, {"MX", "NA"}),  # the label NA is North America, not Namibia
    ("LATAM", {"MX", "BR", "AR", "CO", "GT"}, {"US", "CA", "ES"}),
    ("Middle East", {"AE", "SA", "IL"}, {"GB", "IN"}),
    ("US and Canada", {"US", "CA"}, {"MX"}),
    ("UK and Ireland", {"GB", "IE"}, {"FR"}),
    ("DE", {"DE"}, {"AT"}),
    ("Germany", {"DE"}, {"AT"}),
    ("DACH", {"DE", "AT", "CH"}, {"FR"}), ("Nordics", {"SE", "NO", "DK", "FI"}, {"DE"}),
    ("Benelux", {"BE", "NL", "LU"}, {"FR"}),
])
def test_a_country_maps_to_the_labels_vendors_use(label: str, inside: set[str], outside: set[str]) -> None:
    covered = countries_of(label)
    assert covered is not None
    assert inside <= covered and not (outside & covered), (inside - covered, outside & covered)


def test_a_vendor_lists_the_countries_of_an_unusual_label() -> None:
    assert countries_of("Zone 3") is None  # not known: never guessed
    declared = {"zone 3": ("DE", "AT", "CH")}
    assert label_fits("Zone 3", country="AT", region=None, declared=declared)
    assert not label_fits("Zone 3", country="FR", region=None, declared=declared)
    # The vendor's own list wins over the library's for a label both know.
    assert not label_fits("EMEA", country="ZA", region=None, declared={"emea": ("GB", "DE")})


def test_a_region_only_reader_is_served_by_the_same_label_only() -> None:
    assert label_fits("Asia-Pacific", country=None, region="APAC")
    assert not label_fits("UK", country=None, region="EMEA")  # an EMEA reader may sit anywhere in EMEA


# ---- the reader, resolved once -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "region", "country"), [
    ("AU", None, "AU"), ("de", None, "DE"), ("EMEA", "EMEA", None), ("NA", "NA", None),
    ("Asia-Pacific", "Asia-Pacific", None), ("DACH", "DACH", None),
])
def test_region_option_takes_a_label_or_a_country_code(text: str, region: str | None, country: str | None) -> None:
    assert parse_place(text) == ReaderInput(region=region, country=country)


@pytest.mark.parametrize("text", ["", "   ", "<script>", "E" * 61, "EMEA\x1b[2J"])
def test_a_bad_region_option_is_refused(text: str) -> None:
    with pytest.raises(PlaceError):
        parse_place(text)


def _msp() -> Msp:
    return Msp(name="MSP", tiers=(), priorities=(), timezone="Europe/London", region="EMEA", country="GB")


def _client(**kw: str) -> Client:
    return Client(id="c", name="Client", vendors=(), file="clients/c.yaml", **kw)


def test_precedence_flags_options_client_msp_machine() -> None:
    msp, client = _msp(), _client(country="AU", timezone="Australia/Sydney")
    assert resolve_reader(msp=msp, machine_zone="UTC").place == "GB in EMEA"
    r = resolve_reader(msp=msp, client=client, machine_zone="UTC")
    assert (r.country, r.region, r.zone) == ("AU", None, "Australia/Sydney")  # the place is taken as a pair
    r = resolve_reader(msp=msp, client=client, options=ReaderInput(region="Americas"), machine_zone="UTC")
    assert (r.country, r.region, r.zone) == (None, "Americas", "UTC")  # the client's zone is another place's
    r = resolve_reader(msp=msp, client=client, options=ReaderInput(region="Americas", zone="America/Bogota"))
    assert (r.region, r.zone) == ("Americas", "America/Bogota")
    r = resolve_reader(msp=msp, client=_client(timezone="Australia/Sydney"), machine_zone="UTC")
    assert (r.country, r.zone) == ("GB", "Australia/Sydney")  # no place in the client file; its zone still wins
    r = resolve_reader(msp=msp, client=client, options=ReaderInput(region="Americas"),
                       flags=ReaderInput(country="JP", zone="Asia/Tokyo"), machine_zone="UTC")
    assert (r.country, r.region, r.zone) == ("JP", None, "Asia/Tokyo")
    assert r.source("place") == "command line" and r.source("zone") == "command line"
    r = resolve_reader(machine_zone="America/Chicago")
    assert (r.country, r.region, r.zone, r.place) == (None, None, "America/Chicago", "")
    assert r.source("place") == "not known"


# ---- the line to call first ---------------------------------------------------------------------

@pytest.mark.parametrize(("reader", "number", "fits"), [
    (Reader(region="EMEA", country="GB"), "+448081570110", True),  # UK freephone: the caller is in GB
    (Reader(country="DE"), "+442079460110", True),  # EMEA, but the UK freephone does not work from DE
    (Reader(region="EMEA"), "+442079460110", True),  # country unknown: no toll-free number first
    (Reader(country="AU"), "+61255500110", True),
    (Reader(country="JP"), "+61255500110", True),
    (Reader(country="US"), "+18005550110", True),
    (Reader(country="CA"), "+12025550110", True),  # the US toll-free number is offered only inside the US
    (Reader(country="MX"), "+12025550110", True),  # Americas
])
def test_the_line_to_call_first_follows_the_readers_country(reader: Reader, number: str, fits: bool) -> None:
    choice = line_to_call(NORTHWIND, reader, plan=NORTHWIND.plan("northcare-premium"))
    assert choice.contact is not None and choice.contact.value == number, choice
    assert choice.fits is fits


def test_no_line_fits_says_so_and_offers_a_number_callable_from_abroad() -> None:
    from dataclasses import replace

    only = replace(NORTHWIND, contacts=tuple(c for c in NORTHWIND.contacts if c.region != "APAC"),
                   phone_directory="https://support.example.com/numbers")
    choice = line_to_call(only, Reader(country="AU"))
    assert choice.contact is not None and not choice.contact.toll_free and not choice.fits
    assert choice.why.startswith("no line for Australia (AU)") and "https://support.example.com/numbers" in choice.why
    tollfree_only = replace(only, contacts=tuple(c for c in only.contacts if c.toll_free or c.kind != "phone"))
    choice = line_to_call(tollfree_only, Reader(country="AU"))
    assert choice.contact is None and choice.directory == "https://support.example.com/numbers"
    assert "no line for Australia (AU)" in choice.why


def test_no_configured_region_never_leads_with_a_toll_free_number() -> None:
    choice = line_to_call(NORTHWIND, Reader(), plan=NORTHWIND.plan("northcare-premium"))
    assert choice.contact is not None and not choice.contact.toll_free
    assert "region is not set" in choice.why


# ---- regional hours and customer-local holidays compute -----------------------------------------

REGIONAL = """\
id: regional-hours
name: Regional Hours Vendor
last_verified: 2026-10-01
review_every: 180d
timezone: America/Chicago
sources:
  - url: https://support.example.com/policy
regions:
  - {name: Benelux, countries: [BE, NL, LU]}
contacts:
  - id: na
    kind: phone
    value: +1 202-555-0160
    region: North America
    coverage: 24x7
  - id: benelux
    kind: phone
    value: +44 20 7946 0160
    region: Benelux
    coverage: 24x7
severities:
  - id: P1
    canonical: sev1
    definition: Production down, no workaround.
plans:
  - id: standard
    name: Standard
    coverage:
      regions:
        North America: {days: mon-fri, hours: "09:00-18:00", timezone: customer, holidays: {customer_local: true}}
        Benelux: {days: mon-fri, hours: "08:00-17:00", timezone: customer, holidays: {customer_local: true}}
slas:
  matrix:
    - {plan: standard, severity: P1, response: 1bh}
"""


@pytest.fixture
def regional(tmp_path: Path) -> Path:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "vendors" / "regional-hours.yaml").write_text(REGIONAL, encoding="utf-8")
    return tmp_path / "vendors"


def _response_due(run_cli, directory: Path, *args: str) -> dict:
    result = run_cli("when", "regional-hours", "--severity", "P1", "--dir", directory, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return next(d for d in data["deadlines"] if d["measure"] == "response") | {"_all": data}


def test_regional_hours_and_customer_local_holidays_compute(run_cli, regional: Path) -> None:
    # 1 business hour, North America 09:00-18:00 in the customer's zone, customer-local holidays.
    # Opened Fri 2027-01-15 17:45 New York: 15 min on Friday, Monday 2027-01-18 is Martin Luther King Jr. Day
    # (a US federal holiday), the remaining 45 min on Tuesday from 09:00 -> Tue 2027-01-19 09:45 New York.
    due = _response_due(run_cli, regional, "--region", "US", "--tz", "America/New_York",
                        "--opened", "2027-01-15T17:45")
    assert due["due"] == "2027-01-19T09:45-05:00", due
    assert due["_all"]["call_first"]["e164"] == "+12025550160"
    # The same case in the Netherlands (the vendor's own Benelux list): 08:00-17:00 Amsterdam, Dutch holidays.
    # Opened Fri 2027-01-15 16:45 Amsterdam: 15 min on Friday, 45 min on Monday from 08:00 -> Mon 08:45.
    due = _response_due(run_cli, regional, "--region", "NL", "--tz", "Europe/Amsterdam",
                        "--opened", "2027-01-15T16:45")
    assert due["due"] == "2027-01-18T08:45+01:00", due
    assert due["_all"]["call_first"]["e164"] == "+442079460160"


def test_regional_hours_without_a_reader_place_are_not_known(run_cli, regional: Path) -> None:
    due = _response_due(run_cli, regional, "--tz", "America/New_York", "--opened", "2027-01-15T17:45")
    assert due["due"] is None and due["unknown_because"], due
    due = _response_due(run_cli, regional, "--region", "JP", "--tz", "Asia/Tokyo", "--opened", "2027-01-15T17:45")
    assert due["due"] is None and due["unknown_because"], due  # no region of the vendor serves Japan


def test_when_and_rma_read_msp_yaml_for_the_reader(run_cli, regional: Path) -> None:
    (regional.parent / "msp.yaml").write_text("name: Test MSP\ncountry: US\ntimezone: America/New_York\n",
                                              encoding="utf-8")
    due = _response_due(run_cli, regional, "--opened", "2027-01-15T17:45")
    assert due["due"] == "2027-01-19T09:45-05:00", due
    assert due["_all"]["reader"] == "United States (US)"
    # --region beats msp.yaml, and msp.yaml's zone is then not the reader's: the machine's zone is.
    result = run_cli("when", "regional-hours", "--severity", "P1", "--dir", regional, "--format", "json",
                     "--region", "NL", "--opened", "2027-01-15T16:45", env={"TZ": "Europe/Amsterdam"})
    data = json.loads(result.stdout)
    assert data["zone"] == "Europe/Amsterdam" and data["deadlines"][0]["due"] == "2027-01-18T08:45+01:00", data


def test_a_bad_region_is_one_line_and_exit_2(run_cli, regional: Path) -> None:
    for command in (("show", "regional-hours"), ("when", "regional-hours", "-s", "P1"), ("rma", "regional-hours")):
        result = run_cli(*command, "--dir", regional, "--region", "<b>")
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert result.output.count("\n") == 1 and "--region" in result.output


# ---- a line stays a line ------------------------------------------------------------------------

UNPUBLISHED = """\
id: enrolled-only
name: Enrolled Only
last_verified: 2026-10-01
review_every: 180d
sources:
  - url: https://support.example.com/policy
contacts:
  - id: sev1-line
    kind: phone
    label: Severity 1 line (24x7)
    value_status: issued_on_enrolment
    coverage: 24x7
    note: The only way to reach 24x7 severity-1 support.
  - id: portal
    kind: portal
    value: https://support.example.com/
severities:
  - id: P1
    canonical: sev1
    definition: Production down, no workaround.
"""


def test_a_line_whose_number_is_not_published_is_still_listed(run_cli, tmp_path: Path) -> None:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "vendors" / "enrolled-only.yaml").write_text(UNPUBLISHED, encoding="utf-8")
    text = run_cli("show", "enrolled-only", "--dir", tmp_path / "vendors", "--at", "2026-11-24T10:00Z")
    assert text.exit_code == 0, text.output
    assert "no phone line" not in text.stdout.lower()
    assert "number issued on enrolment (see your contract)" in text.stdout
    assert "Severity 1 line (24x7)" in text.stdout and "The only way to reach 24x7 severity-1 support." in text.stdout
    card = json.loads(run_cli("show", "enrolled-only", "--dir", tmp_path / "vendors", "--format", "json",
                              "--at", "2026-11-24T10:00Z").stdout)
    (line,) = [ln for region in card["hotlines"] for ln in region["lines"]]
    assert line["published"] is False and line["e164"] is None and line["value_status"] == "issued_on_enrolment"
    assert card["call_first"]["number"] == "number issued on enrolment (see your contract)"
    from escdir.present.pages import Linker, vendor_page

    (v,) = validate_paths([tmp_path / "vendors"], today=TODAY).vendors
    page = vendor_page(v, today=TODAY, linker=Linker()).html
    assert "number issued on enrolment" in page and "No phone line" not in page


# ---- a real policy the code was not written against (tests/data/real/adobe.yaml, the Bronze plan) ----------------

@pytest.fixture(scope="module")
def adobe():  # type: ignore[no-untyped-def]
    from datetime import date

    (vendor,) = validate_paths([ROOT / "tests" / "data" / "real" / "adobe.yaml"], today=date(2026, 11, 30)).vendors
    return vendor


@pytest.mark.parametrize(("country", "region"), [
    ("GB", "UK and Ireland"), ("IE", "UK and Ireland"), ("DE", "EMEA"), ("AE", "EMEA"), ("JP", "Japan"),
    ("AU", "APAC"), ("US", "US and Canada"), ("CA", "US and Canada"), ("BR", "Other"),
])
def test_a_real_policys_regional_hours_pick_the_most_specific_region(adobe, country: str, region: str) -> None:
    from escdir.derive.facts import governing, region_for

    bronze = adobe.plan("bronze")
    assert bronze is not None and bronze.coverage.kind == "regions"
    reader = Reader(country=country, zone="Europe/London")
    assert region_for(bronze.coverage, reader) == region
    gov = governing(adobe, bronze, adobe.severities[-1].id, reader)
    assert gov.coverage == bronze.coverage.for_region(region)
    if region == "Other":  # "Other: unknown" in the policy: not known, never another region's hours
        assert gov.coverage.kind == "unknown"


def test_universal_international_freephone_is_not_bound_to_one_country() -> None:
    from escdir.derive.lines import callable_by, toll_free_country
    from escdir.model import Contact

    uifn = Contact(id="x", kind="phone", value="+80044638277", toll_free=True)
    us = Contact(id="y", kind="phone", value="+18005550110", toll_free=True)
    assert toll_free_country(uifn) is None and callable_by(uifn, "DE") and callable_by(uifn, None)
    assert toll_free_country(us) == "US" and callable_by(us, "US") and not callable_by(us, "CA")
    assert not callable_by(us, None)  # an unknown country is not assumed to be the number's own


def test_a_declared_region_silences_the_unknown_label_warning(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "codes" / "ESC330" / "dach-line.yaml").read_text(encoding="utf-8")
    (tmp_path / "dach-line.yaml").write_text(text, encoding="utf-8")
    codes = {p.code for p in validate_paths([tmp_path / "dach-line.yaml"], today=TODAY).problems}
    assert "ESC330" in codes
    declared = text.replace("contacts:\n", "regions:\n  - {name: Zone 3, countries: [DE, AT, CH]}\ncontacts:\n")
    (tmp_path / "dach-line.yaml").write_text(declared, encoding="utf-8")
    (v,) = validate_paths([tmp_path / "dach-line.yaml"], today=TODAY).vendors
    assert "ESC330" not in {p.code for p in validate_paths([tmp_path / "dach-line.yaml"], today=TODAY).problems}
    assert line_to_call(v, Reader(country="AT")).fits and not line_to_call(v, Reader(country="FR")).fits
