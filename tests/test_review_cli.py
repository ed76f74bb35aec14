"""`escdir diff` and `escdir stale` on the command line: formats, --fail-on, exit codes, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DIFF = DATA / "diff"
MINIMAL = DATA / "good" / "minimal.yaml"


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path (outside any git repository) holding the base/head fixture directories."""
    for name in ("base", "head", "head-invalid"):
        shutil.copytree(DIFF / name, tmp_path / name)
    shutil.copytree(DIFF / "base", tmp_path / "same")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _only_low(root: Path) -> Path:
    """A head directory whose only change removes a source URL (one low flag)."""
    head = root / "low"
    shutil.copytree(root / "base", head)
    path = head / "northwind-networks.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - url: https://www.northwind-networks.example.com/support/rma-policy\n")
    end = text.index("  - url: https://www.northwind-networks.example.com/support/severity-definitions\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return head


def test_diff_two_directories(run_cli, sides: Path) -> None:
    result = run_cli("diff", "base", "head")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("## Vendor directory diff: `base` → `head`\n")
    assert "| Northwind Networks (`northwind-networks`) | changed |" in out
    assert out.index("| Vendor |") < out.index("### Risk flags") < out.index("<details>")
    assert "cirrus-ledger" not in out  # reformatted and re-commented only


def test_checkout_roots_use_their_vendors_folder(run_cli, sides: Path) -> None:
    for name in ("base", "head"):
        shutil.copytree(sides / name, sides / f"{name}-checkout" / "vendors")
    result = run_cli("diff", "base-checkout", "head-checkout", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["head"]["files"] == 3
    assert {v["file"] for v in payload["vendors"]} == {
        "head-checkout/vendors/acme-networks.yaml", "head-checkout/vendors/northwind-networks.yaml",
        "base-checkout/vendors/old-carrier.yaml"}


def test_identical_directories_are_no_semantic_change(run_cli, sides: Path) -> None:
    result = run_cli("diff", "base", "same", "--fail-on", "low")
    assert result.exit_code == 0
    assert "**No semantic change** in 3 vendor(s) compared" in result.stdout


@pytest.mark.parametrize(("head", "fail_on", "code"), [
    ("head", None, 0), ("head", "high", 1), ("head", "medium", 1), ("head", "low", 1),
    ("low", "high", 0), ("low", "medium", 0), ("low", "low", 1),
    ("same", "low", 0),
    ("head-invalid", "high", 1),
])
def test_fail_on_sets_the_exit_code(run_cli, sides: Path, head: str, fail_on: str | None, code: int) -> None:
    if head == "low":
        _only_low(sides)
    args = ["diff", "base", head] + (["--fail-on", fail_on] if fail_on else [])
    result = run_cli(*args)
    assert result.exit_code == code, result.output


def test_invalid_side_is_reported_first(run_cli, sides: Path) -> None:
    for args, side in ((("base", "head-invalid"), "HEAD"), (("head-invalid", "base"), "BASE")):
        result = run_cli("diff", *args)
        assert result.exit_code == 0
        out = result.stdout
        diagnostic = re.search(r"^head-invalid/northwind-networks\.yaml:63:12: error ESC204 \$\.contacts\[1\]\.value: ",
                               out, re.MULTILINE)
        assert f"**{side} (`head-invalid`) fails validation** with 1 error(s)" in out
        assert diagnostic and out.index("[!CAUTION]") < diagnostic.start() < out.index("| Vendor |")
        assert "| Northwind Networks (`northwind-networks`) | not-compared |" in out
        assert "removed" not in out.split("### Risk flags")[0].split("| Vendor |")[1]


def test_json_format(run_cli, sides: Path) -> None:
    result = run_cli("diff", "base", "head-invalid", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["head"]["valid"] is False and payload["base"]["valid"] is True
    assert payload["head"]["problems"][0]["code"] == "ESC204"
    assert {f["rule"] for f in payload["flags"]} == {"invalid", "unverified"}


def test_github_format_points_at_head_lines(run_cli, sides: Path) -> None:
    result = run_cli("diff", "base", "head", "--format", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith("::") for line in lines)
    assert ("::warning file=head/northwind-networks.yaml,line=49,title=escdir diff%3A high risk (hotline)::"
            "contact tac-us-tollfree (phone) changed: value +18005550110 → +18005550199") in lines
    assert any(line.startswith("::notice file=head/northwind-networks.yaml,line=31,") for line in lines)

    invalid = run_cli("diff", "base", "head-invalid", "--format", "github").stdout.splitlines()
    assert invalid[0].startswith("::error file=head-invalid/northwind-networks.yaml,line=63,col=12,title=ESC204::")


def test_git_revisions_on_the_command_line(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    repo = tmp_path / "repo"
    shutil.copytree(DIFF / "base", repo / "vendors")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repo, check=True)
    (repo / "vendors" / "old-carrier.yaml").unlink()
    monkeypatch.chdir(repo / "vendors")  # from a subfolder: paths stay relative to the repository

    result = run_cli("diff", "HEAD", "--fail-on", "high")
    assert result.exit_code == 1
    assert "`HEAD` → `working tree`" in result.stdout and "| Old Carrier (`old-carrier`) | removed |" in result.stdout
    assert run_cli("diff", "HEAD", "HEAD", "--fail-on", "low").exit_code == 0

    unknown = run_cli("diff", "no-such-branch")
    assert unknown.exit_code == 2
    assert "'no-such-branch' is neither a directory nor a git revision" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_diff_usage_errors(run_cli, sides: Path) -> None:
    outside = run_cli("diff", "base", "missing-dir")
    assert outside.exit_code == 2 and "escdir:" in outside.stderr and "Traceback" not in outside.output
    assert run_cli("diff", "base", "head", "--fail-on", "critical").exit_code == 2
    assert run_cli("diff").exit_code == 2


# ---- escdir stale -----------------------------------------------------------------------------

@pytest.fixture
def vendors(tmp_path: Path) -> Path:
    folder = tmp_path / "vendors"
    shutil.copytree(DIFF / "base", folder)  # northwind 2026-10-14 + 6mo, cirrus 2026-11-02 + 90d, old-carrier
    text = MINIMAL.read_text(encoding="utf-8").replace("id: minimal", "id: no-sources")
    (folder / "no-sources.yaml").write_text(re.sub(r"sources:\n  - url: .*\n", "", text), encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8").replace("id: minimal", "id: no-review")
    (folder / "no-review.yaml").write_text(text.replace("review_every: 180d\n", "").replace(
        "2026-10-01", "2026-09-01"), encoding="utf-8")
    return folder


def test_stale_lists_oldest_first(run_cli, vendors: Path) -> None:
    result = run_cli("stale", vendors, "--today", "2027-05-01")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "no-review", "no-sources", "old-carrier", "northwind-networks", "cirrus-ledger"]
    assert lines[0].endswith("no-review.yaml:3: no-review: last verified 2026-09-01; no review_every")
    assert lines[1].endswith("no-sources.yaml:3: no-sources: last verified 2026-10-01; "
                             "review overdue by 32 days (due 2027-03-30, every 180d); no sources")
    assert lines[3].endswith("northwind-networks.yaml:28: northwind-networks: last verified 2026-10-14; "
                             "review overdue by 17 days (due 2027-04-14, every 6mo)")
    assert lines[-1] == "5 of 5 entries need review on 2027-05-01"


def test_stale_uses_escdir_today_and_json(run_cli, vendors: Path) -> None:
    result = run_cli("stale", vendors, "--format", "json")  # ESCDIR_TODAY=2026-11-23 from the fixture
    payload = json.loads(result.stdout)
    assert payload["today"] == "2026-11-23" and payload["checked"] == 5
    assert [(e["vendor"], e["reasons"]) for e in payload["entries"]] == [
        ("no-review", ["no-review-interval"]), ("no-sources", ["no-sources"])]
    assert payload["entries"][0]["due"] is None and payload["entries"][0]["days_overdue"] is None


def test_stale_exit_codes(run_cli, tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    fresh = run_cli("stale", tmp_path / "minimal.yaml")
    assert fresh.exit_code == 0 and fresh.stdout == "0 of 1 entry need review on 2026-11-23\n"
    assert run_cli("stale", tmp_path / "minimal.yaml", "--today", "2027-06-01").exit_code == 1
    bad_date = run_cli("stale", tmp_path, "--today", "2027-13-01")
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.stderr
    missing = run_cli("stale", tmp_path / "nope")
    assert missing.exit_code == 2 and "no such file or directory" in missing.stderr


def test_stale_reports_files_with_errors(run_cli, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = run_cli("stale", tmp_path)
    assert result.exit_code == 1
    assert "broken.yaml:1:1: error ESC102" in result.stdout
    assert result.stdout.endswith("0 of 1 entry need review on 2026-11-23, 1 skipped with errors\n")


# ---- docs cannot drift -------------------------------------------------------------------------

def test_reviewing_page_workflow_uses_the_real_commands(run_cli) -> None:
    page = (ROOT / "site_src" / "reviewing.md").read_text(encoding="utf-8")
    [workflow] = [block for block in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if "jobs:" in block]
    steps = yaml.safe_load(workflow)["jobs"]["review"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "escdir validate --format github" in commands
    assert "--format markdown > diff.md" in commands and "gh pr comment" in commands
    for name in ("diff", "stale", "new", "validate"):
        help_text = run_cli(name, "--help").stdout
        assert f"`escdir {name} " in page
        for option in re.findall(r"--[a-z-]+", page.split(f"`escdir {name} ", 1)[1].split("`", 1)[0]):
            assert option in help_text, f"{option} in reviewing.md is not an option of escdir {name}"
