"""One derived view behind every answer: the page, `show --format json`, `when --format json` and the JSON API
agree, for every sample vendor, on the effective plan, its coverage and the response target per severity."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import TODAY
from escdir.check.validate import validate_paths
from escdir.present.pages import Linker, vendor_page
from escdir.publish.exports.api import vendor_document

ROOT = Path(__file__).resolve().parents[1]
VENDORS = validate_paths([ROOT / "vendors"], today=TODAY).vendors


def _page_facts(page_html: str) -> dict:
    plan = re.search(r'<dd data-plan="([^"]+)"><span class="esc-plan-coverage">(.*?)</span>', page_html)
    responses = {(m[1], m[2]): html.unescape(re.sub(r"<[^>]+>", "", m[3])).strip() for m in re.finditer(
        r'<td data-measure="response" data-plan="([^"]+)" data-severity="([^"]+)">(.*?)(?:<br>|</td>)', page_html)}
    return {"plan": plan[1] if plan else None, "coverage": html.unescape(plan[2]) if plan else None,
            "responses": responses}


@pytest.mark.parametrize("vendor", VENDORS, ids=[v.id for v in VENDORS])
def test_page_show_when_and_api_agree(vendor, run_cli) -> None:
    page = _page_facts(vendor_page(vendor, today=TODAY, linker=Linker()).html)
    api = vendor_document(vendor, today=TODAY)
    shown = run_cli("show", vendor.id, "--dir", ROOT / "vendors", "--format", "json", "--at", "2026-11-24T10:00Z")
    assert shown.exit_code in (0, 1), shown.output
    card = json.loads(shown.stdout)
    assert page["plan"] == card["plan"] == api["effective_plan"]["id"]
    assert page["coverage"] == card["plan_coverage"] == api["effective_plan"]["coverage"]
    if page["plan"] is None:
        return
    for sev in vendor.severities:
        when = run_cli("when", vendor.id, "--severity", sev.id, "--dir", ROOT / "vendors", "--format", "json",
                       "--opened", "2026-11-24T10:00+00:00", "--tz", "UTC")
        assert when.exit_code == 0, when.output
        data = json.loads(when.stdout)
        assert data["plan"] == page["plan"]
        response = next((d for d in data["deadlines"] if d["measure"] == "response"), None)
        cell = next((c for c in api["slas"]["matrix"] if c["plan"] == page["plan"] and c["severity"] == sev.id), None)
        on_page = page["responses"].get((page["plan"], sev.id))
        if response is None:
            assert on_page in (None, "—") and (cell is None or cell["response"] is None)
            continue
        assert response["human"] == on_page == cell["response"]["stated"]
