"""The outage commands end to end: exit codes, output, and no traceback for bad input.

In-process with Click's runner (the ``run_cli`` fixture pins ESCDIR_TODAY=2026-11-23), plus a few
real subprocess runs of the installed entry point.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "vendors"

BASE = """\
id: {id}
name: {name}
aliases: [{alias}]
timezone: America/Chicago
last_verified: {verified}
review_every: 90d
sources: [{{url: "https://support.example.com/policy"}}]
contacts:
  - {{id: tac, kind: phone, label: TAC 24x7, value: "{phone}", region: Americas, primary: true, coverage: 24x7}}
  - id: desk
    kind: phone
    label: Parts desk
    value: "+1 202-555-0177"
    region: Americas
    coverage: {{days: mon-fri, hours: "08:00-17:00", timezone: America/Chicago, holidays: {{country: US}}}}
severities:
  - {{id: S1, canonical: sev1, definition: Down., open_via: [phone]}}
  - {{id: S2, canonical: sev2, definition: Degraded.}}
plans: [{{id: std, name: Standard, coverage: 24x7}}]
slas:
  matrix:
    - {{plan: std, severity: S1, response: 30m, updates: 2h}}
escalation:
  ladders:
    - severity: S1
      steps:
        - {{after: "0", action: Call the TAC., axis: functional, whom: tac}}
        - {{after: 1h, action: Ask for the duty manager., axis: hierarchical}}
contracts:
  - {{number: CT-{id}, plan: std}}
"""


def write_vendor(directory: Path, vid: str, name: str, *, alias: str = "X", phone: str = "+1 202-555-0170",
                 verified: str = "2026-11-01", body: str = BASE) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{vid}.yaml"
    path.write_text(body.format(id=vid, name=name, alias=alias, phone=phone, verified=verified), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCDIR_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def two_norths(tmp_path: Path) -> Path:
    d = tmp_path / "vendors"
    write_vendor(d, "northwind-alpha", "Northwind Alpha", alias="NWA", phone="+1 202-555-0171")
    write_vendor(d, "northwind-beta", "Northwind Beta", alias="NWB", phone="+1 202-555-0172")
    return d


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# ---- show --------------------------------------------------------------------------------------

def test_show_by_typo_prints_the_quick_card(run_cli) -> None:
    result = run_cli("show", "nortwind", "--dir", SAMPLES, "--at", "2026-11-23T15:00Z", "--tz", "Europe/Berlin")
    assert result.exit_code == 0, result.output
    assert "NORTHWIND NETWORKS" in result.output and "+1 800-555-0110" in result.output
    assert "HOTLINES" in result.output and "SEV1 = S1" in result.output and "THE CASE MUST INCLUDE" in result.output


def test_show_json_round_trips_the_numbers(run_cli, two_norths: Path) -> None:
    result = run_cli("show", "NWA", "--dir", two_norths, "--format", "json", "--at", "2026-11-23T15:00Z")
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    numbers = [line["e164"] for region in card["hotlines"] for line in region["lines"]]
    assert numbers == ["+12025550171", "+12025550177"]
    assert card["contracts"][0]["number"] == "CT-northwind-alpha"
    assert card["sev1"][0]["ladder"][0]["after"] == "+0"


@pytest.mark.parametrize(("at", "desk"), [
    ("2026-11-23T15:00Z", True),    # Mon 09:00 CST: the parts desk (08:00-17:00 Chicago) is open
    ("2026-11-23T13:00Z", False),   # Mon 07:00 CST: before opening
    ("2026-11-26T17:00Z", False),   # Thu 11:00 CST, but Thanksgiving: closed on US holidays
])
def test_show_says_which_lines_are_open(run_cli, two_norths: Path, at: str, desk: bool) -> None:
    card = json.loads(run_cli("show", "northwind-alpha", "--dir", two_norths, "--format", "json", "--at", at).output)
    lines = {line["label"]: line["open_now"] for region in card["hotlines"] for line in region["lines"]}
    assert lines == {"TAC 24x7": True, "Parts desk": desk}


def test_show_ambiguous_lists_candidates_and_exits_1(run_cli, two_norths: Path) -> None:
    result = run_cli("show", "northwind", "--dir", two_norths)
    assert result.exit_code == 1
    assert "matches several vendors" in result.output
    assert "northwind-alpha" in result.output and "northwind-beta" in result.output
    data = json.loads(run_cli("show", "northwind", "--dir", two_norths, "--format", "json").output)
    assert data["error"] == "ambiguous" and len(data["candidates"]) == 2


def test_show_not_found_exits_1_with_suggestions(run_cli, two_norths: Path) -> None:
    result = run_cli("show", "zzyzx", "--dir", two_norths)
    assert result.exit_code == 1 and "no vendor matches 'zzyzx'" in result.output


def test_show_never_presents_an_invalid_file_as_valid(run_cli, tmp_path: Path) -> None:
    d = tmp_path / "vendors"
    write_vendor(d, "broken-vendor", "Broken Vendor", phone="+1 202-555-0173")
    text = (d / "broken-vendor.yaml").read_text(encoding="utf-8").replace("review_every: 90d", "review_every: often")
    (d / "broken-vendor.yaml").write_text(text, encoding="utf-8")
    result = run_cli("show", "broken vendor", "--dir", d)
    assert result.exit_code == 1
    assert "fails validation" in result.output and "review_every" in result.output
    assert "UNVALIDATED" in result.output and "+1 202-555-0173" in result.output
    assert "HOTLINES" not in result.output


def test_show_after_an_edit_shows_the_new_data(run_cli, two_norths: Path) -> None:
    assert "+1 202-555-0171" in run_cli("show", "NWA", "--dir", two_norths).output
    write_vendor(two_norths, "northwind-alpha", "Northwind Alpha", alias="NWA", phone="+1 202-555-0179")
    output = run_cli("show", "NWA", "--dir", two_norths).output
    assert "+1 202-555-0179" in output and "+1 202-555-0171" not in output


def test_show_flags_stale_data_and_duplicate_ids(run_cli, tmp_path: Path) -> None:
    d = tmp_path / "vendors"
    write_vendor(d, "old-vendor", "Old Vendor", verified="2026-01-05")
    (d / "copy.yaml").write_text((d / "old-vendor.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("show", "old-vendor", "--dir", d)
    assert "STALE: review was due 2026-04-05" in result.output
    assert "also used by" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("show", "x", "--dir", "no/such/dir"), "no such file or directory"),
    (("show", "nortwind", "--dir", SAMPLES, "--at", "soon"), "not an ISO 8601 time"),
    (("show", "nortwind", "--dir", SAMPLES, "--tz", "Mars/Olympus"), "unknown time zone"),
])
def test_show_usage_errors_exit_2(run_cli, args: tuple, message: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2 and message in result.output
    _no_traceback(result)


# ---- when and rma --------------------------------------------------------------------------------

def test_when_prints_absolute_times(run_cli, two_norths: Path) -> None:
    # Opened 09:00 CST (15:00 UTC): response 30m → 09:30 CST; ladder +1h → 10:00 CST.
    result = run_cli("when", "NWA", "--severity", "sev1", "--opened", "2026-11-23T09:00", "--tz", "America/Chicago",
                     "--dir", two_norths)
    assert result.exit_code == 0, result.output
    assert re.search(r"Response due\s+Mon 2026-11-23 09:30 CST", result.output)
    assert re.search(r"\+1 hour\s+Mon 2026-11-23 10:00 CST\s+Ask for the duty manager\.", result.output)


def test_when_json_for_a_non_escalatable_severity(run_cli) -> None:
    result = run_cli("when", "cirrus-ledger", "-s", "P1", "--opened", "2026-11-23T09:00Z", "--tz", "UTC",
                     "--format", "json", "--dir", SAMPLES)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["escalation"]["allowed"] is False and data["escalation"]["earliest"] is None
    assert "major-incident@" in data["escalation"]["instead"]


@pytest.mark.parametrize(("args", "message"), [
    (("--severity", "S1", "--opened", "not-a-time"), "not an ISO 8601 time"),
    (("--severity", "S1", "--tz", "Nowhere/City"), "unknown time zone"),
    (("--severity", "S9"), "unknown severity 'S9'"),
    (("--severity", "S1", "--plan", "platinum"), "no plan 'platinum'"),
])
def test_when_bad_input_exits_2_without_traceback(run_cli, two_norths: Path, args: tuple, message: str) -> None:
    result = run_cli("when", "NWA", *args, "--dir", two_norths)
    assert result.exit_code == 2 and message in result.output
    _no_traceback(result)


def test_when_unknown_vendor_exits_1(run_cli, two_norths: Path) -> None:
    result = run_cli("when", "zzyzx", "-s", "S1", "--dir", two_norths)
    assert result.exit_code == 1 and "no vendor matches" in result.output


def test_rma_text_and_json(run_cli) -> None:
    # Northwind's NBD level: cut-off 15:00 site time. Fri 2026-11-20 16:00 in Berlin is after it → Tue 24th.
    args = ("rma", "northwind-networks", "--level", "nbd", "--failed", "2026-11-20T16:00", "--tz", "Europe/Berlin",
            "--dir", SAMPLES)
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert "Tue 2026-11-24" in result.output
    data = json.loads(run_cli(*args, "--format", "json").output)
    assert data["levels"][0]["expected"] == "2026-11-24" and data["levels"][0]["cutoff_met"] is False


def test_rma_errors(run_cli, two_norths: Path) -> None:
    none = run_cli("rma", "NWA", "--dir", two_norths)
    assert none.exit_code == 1 and "no RMA levels" in none.output
    bad = run_cli("rma", "northwind-networks", "--level", "gold", "--dir", SAMPLES)
    assert bad.exit_code == 2 and "no RMA level 'gold'" in bad.output
    _no_traceback(bad)


# ---- export --------------------------------------------------------------------------------------

def test_export_writes_everything(run_cli, two_norths: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("export", "--out", out, two_norths)
    assert result.exit_code == 0, result.output
    assert (out / "api/v1/vendors/northwind-beta.json").is_file() and (out / "break-glass.html").is_file()
    client = tmp_path / "client"
    assert run_cli("export", "--out", client, "--audience", "client", two_norths).exit_code == 0
    assert "CT-northwind-alpha" not in (client / "break-glass.html").read_text(encoding="utf-8")


def test_export_refuses_a_directory_with_errors(run_cli, two_norths: Path, tmp_path: Path) -> None:
    (two_norths / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    result = run_cli("export", "--out", tmp_path / "out", two_norths)
    assert result.exit_code == 1 and "nothing exported" in result.output
    assert not (tmp_path / "out").exists()
    missing = run_cli("export", "--out", tmp_path / "out", tmp_path / "missing")
    assert missing.exit_code == 2
    _no_traceback(missing)


# ---- real processes --------------------------------------------------------------------------------

def _escdir(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", **env_extra}
    return subprocess.run([sys.executable, "-c", "from escdir.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_subprocess_show_when_and_help(tmp_path: Path) -> None:
    env = {"ESCDIR_CACHE_DIR": str(tmp_path / "cache")}
    shown = _escdir("show", "CL Cloud", "--dir", str(SAMPLES), "--format", "json", env_extra=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == "cirrus-ledger"
    bad = _escdir("when", "cirrus", "-s", "P2", "--opened", "2026-02-30T10:00", "--dir", str(SAMPLES), env_extra=env)
    assert bad.returncode == 2 and "not an ISO 8601 time" in bad.stderr and "Traceback" not in bad.stderr
    helptext = _escdir("--help", env_extra=env).stdout
    assert all(f" {name} " in helptext for name in ("show", "when", "rma", "export"))


def test_a_lying_outcome_cache_cannot_pass_an_invalid_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from escdir.check.store import ProblemStore
    from escdir.derive.outage.lookup import validated_vendor

    d = tmp_path / "vendors"
    path = write_vendor(d, "liar", "Liar Vendor")
    path.write_text(path.read_text(encoding="utf-8").replace("severities:", "severities_typo:"), encoding="utf-8")
    store = ProblemStore(date(2026, 11, 23))
    store.put(store.key(path.read_bytes(), path.name), {"problems": [], "summary": None})  # planted: "no problems"
    store.save()
    vendor, problems, _file = validated_vendor(path, today=date(2026, 11, 23))
    assert vendor is None and any(p.is_error for p in problems)
