"""The vendor's security contact (security_contact: email, url, pgp_key_url) reaches the page and the API.

It was validated but the page never showed it, and the PGP key's address was not even modelled (found by the
schema → model reach test). It is for vulnerability and incident reports, not support cases. Like the vendor's other
public channels it is shown to every audience, except for a vendor only the MSP contacts
(escdir.derive.audience.MSP_ONLY_VENDOR_FIELDS).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from escdir.check.validate import validate_paths
from escdir.derive.audience import restrict
from escdir.present.pages import Linker, vendor_page
from escdir.publish.exports.api import vendor_document

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


def _northwind():
    result = validate_paths([ROOT / "vendors" / "northwind-networks.yaml"], today=TODAY)
    assert not result.errors
    return result.vendors[0]


def test_the_page_shows_where_to_report_a_security_issue() -> None:
    v = _northwind()
    assert v.security_pgp_url == "https://www.northwind-networks.example.com/security/psirt-pgp.asc"
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    section = html[html.index('class="esc-security'):]
    section = section[:section.index("</p>")]
    assert 'href="mailto:psirt@northwind-networks.example.com"' in section
    assert 'href="https://www.northwind-networks.example.com/security/advisories"' in section
    assert 'href="https://www.northwind-networks.example.com/security/psirt-pgp.asc"' in section
    assert "not a\nsupport case" in section


def test_an_http_address_is_text_not_a_link() -> None:
    v = dataclasses.replace(_northwind(), security_pgp_url="http://keys.example.com/psirt.asc")
    html = vendor_page(v, today=TODAY, linker=Linker()).html
    assert "http://keys.example.com/psirt.asc" in html
    assert 'href="http://keys.example.com' not in html


def test_no_security_contact_no_paragraph() -> None:
    v = dataclasses.replace(_northwind(), security_email="", security_url="", security_pgp_url="")
    assert "esc-security" not in vendor_page(v, today=TODAY, linker=Linker()).html


def test_it_is_public_unless_the_vendor_is_msp_only_and_the_api_has_it() -> None:
    v = _northwind()
    # A vendor's PSIRT mailbox is public: a public build shows it, like the vendor's other public channels.
    public = restrict(v, "public")
    assert public.security_pgp_url == v.security_pgp_url
    assert "esc-security" in vendor_page(public, today=TODAY, linker=Linker()).html
    # For a vendor only the MSP contacts, every way of contacting it stays internal, this one too.
    msp_only = restrict(dataclasses.replace(v, msp_only=True), "client")
    assert (msp_only.security_email, msp_only.security_url, msp_only.security_pgp_url) == ("", "", "")
    assert "esc-security" not in vendor_page(msp_only, today=TODAY, linker=Linker()).html
    doc = vendor_document(v, today=TODAY)
    assert doc["security"] == {"email": v.security_email, "url": v.security_url, "pgp_key_url": v.security_pgp_url}
    assert vendor_document(msp_only, today=TODAY)["security"] == {"email": None, "url": None, "pgp_key_url": None}
