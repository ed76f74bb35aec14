"""`escdir diff` library: risk flags on real git history, harmless edits, the reviewed golden comment.

Each rule gets a minimal change that must raise it and a harmless neighbour that must not.
The repository is a throw-away one in tmp_path holding frozen copies of the sample vendors
(tests/data/diff/base), so edits to vendors/ by others do not move these tests.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import sitetools as st
from escdir.derive.diff import DiffResult, diff
from escdir.derive.diff.compare import compare_vendor
from escdir.derive.diff.values import rank_direction
from escdir.errors import EscdirError
from escdir.load.loader import load_bytes
from escdir.model.durations import parse_duration
from escdir.present.reporting.diff import json_report, markdown_report

DATA = Path(__file__).resolve().parent / "data" / "diff"
BASE = DATA / "base"
NORTHWIND = "northwind-networks.yaml"
CIRRUS = "cirrus-ledger.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


git = st.git


@pytest.fixture
def repo(tmp_path: Path, today, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds the frozen sample vendors."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "vendors")
    return st.git_repo(root, monkeypatch)


Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Edit:
    return st.text_edit(file, old, new)


def cut(file: str, start: str, end: str) -> Edit:
    """Remove the lines from ``start`` up to (not including) ``end``."""
    def edit(vendors: Path) -> None:
        text = (vendors / file).read_text(encoding="utf-8")
        (vendors / file).write_text(text[: text.index(start)] + text[text.index(end):], encoding="utf-8")
    return edit


def both(*edits: Edit) -> Edit:
    def edit(vendors: Path) -> None:
        for e in edits:
            e(vendors)
    return edit


def commit(repo: Path, edit: Edit) -> DiffResult:
    edit(repo / "vendors")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head", "--allow-empty")
    return diff("HEAD~1", "HEAD", root=repo)


BUMP = replace(NORTHWIND, "last_verified: 2026-10-14", "last_verified: 2026-11-20")
APAC = ("  - id: tac-apac\n", "  - id: rma-desk\n")
LADDER_STEP = "        - {after: 24h, action: Ask the case owner for an action plan., axis: functional}\n"

# (case, edit, rule, fires)
CASES = [
    ("hotline number changed", replace(NORTHWIND, "value: +1 800-555-0110", "value: +1 800-555-0199"), "hotline", True),
    ("hotline removed", cut(NORTHWIND, *APAC), "hotline", True),
    ("hotline hours cut", replace(NORTHWIND, "    primary: true\n    coverage: 24x7\n    languages: [en]\n",
                                  "    primary: true\n    coverage: {days: mon-fri, hours: \"09:00-17:00\"}\n"
                                  "    languages: [en]\n"), "hotline", True),
    ("outage alias changed", replace(CIRRUS, "value: major-incident@", "value: incidents@"), "hotline", True),
    ("outage alias removed", both(cut(CIRRUS, "  - id: outage-alias\n", "  - id: support-uk\n"),
                                  replace(CIRRUS, "instead: outage-alias", "instead: support-uk")), "hotline", True),
    ("hotline label reworded", replace(NORTHWIND, "label: TAC, APAC\n", "label: TAC, Asia-Pacific\n"), "hotline", False),
    ("hotline id renamed, same number", replace(NORTHWIND, "id: tac-apac\n", "id: tac-apac-sydney\n"), "hotline", False),
    ("SLA response slower", replace(NORTHWIND, "severity: S1, response: 15m,", "severity: S1, response: 1h,"),
     "sla-weakened", True),
    ("SLA target removed", replace(NORTHWIND, "response: 15m, updates: 1h, workaround: 4h}", "response: 15m, updates: 1h}"),
     "sla-weakened", True),
    ("SLA to best effort", replace(NORTHWIND, "severity: S3, response: nbd, updates: 3bd}",
                                   "severity: S3, response: nbd, updates: best-effort}"), "sla-weakened", True),
    ("SLA response faster", replace(NORTHWIND, "severity: S2, response: 1h,", "severity: S2, response: 30m,"),
     "sla-weakened", False),
    ("ladder step removed", replace(NORTHWIND, LADDER_STEP, ""), "step-removed", True),
    ("ladder step retimed", replace(NORTHWIND, "{after: 48h, action: Ask for the TAC duty manager.",
                                    "{after: 72h, action: Ask for the TAC duty manager."), "step-removed", False),
    ("ladder step reworded", replace(NORTHWIND, "action: Ask the case owner for an action plan.",
                                     "action: Ask the case owner for a written action plan."), "step-removed", False),
    ("person made public", replace(NORTHWIND, "  - id: nwn-director\n", "  - id: nwn-director\n    visibility: public\n"),
     "visibility", True),
    ("contract made client-visible", replace(NORTHWIND, "    rma_level: nbd\n    assets:",
                                             "    rma_level: nbd\n    visibility: client\n    assets:"), "visibility", True),
    ("contact made internal", replace(NORTHWIND, "    label: TAC mailbox (Sev3/Sev4 only)\n",
                                      "    label: TAC mailbox (Sev3/Sev4 only)\n    visibility: internal\n"),
     "visibility", False),
    ("contact changed, not re-verified", replace(NORTHWIND, "label: TAC, APAC\n", "label: TAC, Asia-Pacific\n"),
     "unverified", True),
    ("contact changed, last_verified bumped", both(replace(NORTHWIND, "label: TAC, APAC\n",
                                                           "label: TAC, Asia-Pacific\n"), BUMP), "unverified", False),
    ("contact changed, contact re-verified",
     replace(NORTHWIND, "label: TAC, APAC\n    value: +61 2 5550 0110\n    region: APAC\n    primary: true\n"
             "    coverage: 24x7\n    languages: [en]\n    verified: {on: 2026-09-30,",
             "label: TAC, Asia-Pacific\n    value: +61 2 5550 0110\n    region: APAC\n    primary: true\n"
             "    coverage: 24x7\n    languages: [en]\n    verified: {on: 2026-11-20,"), "unverified", False),
    ("source removed", cut(NORTHWIND, "  - url: https://www.northwind-networks.example.com/support/rma-policy\n",
                           "  - url: https://www.northwind-networks.example.com/support/severity-definitions\n"),
     "source-removed", True),
    ("source retitled", replace(NORTHWIND, "title: Hardware Replacement (RMA) Policy",
                                "title: Hardware Replacement (RMA) Policy, 2026"), "source-removed", False),
    ("RMA level slower", replace(NORTHWIND, "      kind: dispatch\n      target: 4h\n",
                                 "      kind: dispatch\n      target: 8h\n"), "sla-weakened", True),
    ("SLA response faster: stronger promise", replace(NORTHWIND, "severity: S2, response: 1h,",
                                                      "severity: S2, response: 30m,"), "sla-strengthened", True),
    ("RMA level faster: stronger promise", replace(NORTHWIND, "      kind: dispatch\n      target: 4h\n",
                                                   "      kind: dispatch\n      target: 2h\n"), "sla-strengthened", True),
    ("SLA response slower is not a stronger promise", replace(NORTHWIND, "severity: S1, response: 15m,",
                                                              "severity: S1, response: 1h,"), "sla-strengthened", False),
]


@pytest.mark.parametrize(("edit", "rule", "fires"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_fires_only_on_its_change(repo: Path, edit: Edit, rule: str, fires: bool) -> None:
    result = commit(repo, edit)
    assert not result.invalid, [p.format() for p in result.head.errors]
    assert result.semantic_change
    rules = {f.rule for f in result.flags}
    assert (rule in rules) is fires, result.flags


def _reformatted(vendors: Path) -> None:
    """Dump every file again: other quoting, block style, keys sorted, comments gone.

    Read with escdir's own loader: yaml.safe_load would turn the key `on:` (verified.on) into True.
    """
    for path in vendors.glob("*.yaml"):
        doc, problem = load_bytes(path.read_bytes(), path.name)
        assert doc is not None, problem
        data = doc.data
        path.write_text(yaml.safe_dump(data, sort_keys=True, default_flow_style=False, width=60), encoding="utf-8")


def _comments(vendors: Path) -> None:
    for path in vendors.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(("# reviewed\n" + line) if line.startswith("contacts:") else
                                line.replace("# quoted:", "# note:") for line in lines), encoding="utf-8")


HARMLESS = [
    ("reformatted and keys sorted", _reformatted),
    ("comments edited", _comments),
    ("keys reordered", replace(NORTHWIND, "id: northwind-networks\nname: Northwind Networks\n",
                               "name: Northwind Networks\nid: northwind-networks\n")),
    ("phone written differently", replace(NORTHWIND, "value: +1 800-555-0110", "value: \"+18005550110\"")),
    ("same duration, other unit", replace(NORTHWIND, "severity: S1, response: 15m, updates: 1h,",
                                          "severity: S1, response: 15m, updates: 60m,")),
    ("nothing at all", lambda vendors: None),
]


@pytest.mark.parametrize("edit", [h[1] for h in HARMLESS], ids=[h[0] for h in HARMLESS])
def test_harmless_edit_is_no_semantic_change(repo: Path, edit: Edit) -> None:
    result = commit(repo, edit)
    assert not result.invalid
    assert not result.semantic_change and result.flags == [] and result.vendors == []
    out = io.StringIO()
    markdown_report(result, out)
    assert "**No semantic change** in 3 vendor(s) compared" in out.getvalue()


def test_flag_points_at_the_head_line(repo: Path) -> None:
    result = commit(repo, replace(NORTHWIND, "value: +1 800-555-0110", "value: +1 800-555-0199"))
    [flag] = [f for f in result.flags if f.rule == "hotline"]
    assert flag.level == "high" and flag.file == "vendors/northwind-networks.yaml"
    head_lines = (repo / "vendors" / NORTHWIND).read_text(encoding="utf-8").splitlines()
    assert head_lines[flag.line - 1].strip() == "value: +1 800-555-0199"
    assert "+18005550110 → +18005550199" in flag.message  # numbers normalised to E.164


def test_working_tree_is_the_default_head(repo: Path) -> None:
    replace(NORTHWIND, LADDER_STEP, "")(repo / "vendors")  # edited, not committed
    result = diff("HEAD", root=repo)
    assert result.head.label == "working tree"
    assert [f.rule for f in result.flags] == ["step-removed"]


def test_added_and_removed_vendors(repo: Path) -> None:
    def edit(vendors: Path) -> None:
        (vendors / "old-carrier.yaml").unlink()
        shutil.copy(DATA / "head" / "acme-networks.yaml", vendors)

    result = commit(repo, edit)
    status = {v.id: v.status for v in result.vendors}
    assert status == {"acme-networks": "added", "old-carrier": "removed"}
    assert {(f.vendor, f.rule, f.level) for f in result.flags} == {
        ("old-carrier", "hotline", "high"), ("acme-networks", "todo", "medium")}


def test_invalid_head_is_not_reported_as_removed(repo: Path) -> None:
    result = commit(repo, replace(NORTHWIND, "value: +1 800-555-0110", "value: +1 800-555-01"))
    [vendor] = result.vendors
    assert vendor.status == "not-compared" and "fails validation on HEAD" in vendor.reason
    assert [(f.rule, f.level) for f in result.flags] == [("invalid", "high")]
    assert result.flags[0].line == result.head.errors[0].line > 0


def test_unknown_revision_is_an_error(repo: Path) -> None:
    with pytest.raises(EscdirError, match="neither a directory nor a git revision"):
        diff("no-such-branch", root=repo)
    with pytest.raises(EscdirError, match="neither a directory nor a git revision"):
        diff("--output=/tmp/x", root=repo)


def test_revision_without_vendors_folder_means_all_added(repo: Path) -> None:
    (repo / "README").write_text("x\n")
    git(repo, "rm", "-rq", "vendors")
    git(repo, "add", "README")
    git(repo, "commit", "-qm", "empty")
    result = diff("HEAD", "HEAD~1", root=repo)
    assert {v.status for v in result.vendors} == {"added"} and len(result.vendors) == 3


def test_directions_follow_duration_rank() -> None:
    d = parse_duration
    assert rank_direction(d("1h"), d("4h")) == "weakened"
    assert rank_direction(d("4h"), d("1h")) == "strengthened"
    assert rank_direction(d("4h"), d("best-effort")) == "weakened"
    assert rank_direction(d("4h"), None) == "weakened"
    assert rank_direction(None, d("4h")) == "strengthened"
    assert rank_direction(d("best-effort"), None) == ""  # nothing was promised either way
    assert rank_direction(d("8bh"), d("8h")) == "strengthened"  # business hours run slower


def test_identical_vendor_has_no_changes(today) -> None:
    from escdir.check.validate import validate_paths

    [vendor, *_] = validate_paths([BASE / NORTHWIND], today=today).vendors
    assert compare_vendor(vendor, vendor) == ([], [])


# ---- reviewed golden files -------------------------------------------------------------------

GOLDEN = [("head", "expected.md"), ("head-invalid", "expected-invalid.md")]


@pytest.mark.parametrize(("head", "golden"), GOLDEN, ids=[g[1] for g in GOLDEN])
def test_markdown_matches_reviewed_golden(today, monkeypatch: pytest.MonkeyPatch, head: str, golden: str) -> None:
    """Regenerate on purpose only: ESCDIR_REGEN_GOLDEN=1 pytest tests/test_diff.py, then review the file."""
    monkeypatch.chdir(DATA)
    out = io.StringIO()
    markdown_report(diff("base", head, root=DATA), out)
    path = DATA / golden
    if os.environ.get("ESCDIR_REGEN_GOLDEN") == "1":
        path.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == path.read_text(encoding="utf-8")


def test_markdown_states_invalid_side_before_anything_else(today, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    out = io.StringIO()
    markdown_report(diff("base", "head-invalid", root=DATA), out)
    text = out.getvalue()
    diagnostic = re.search(r"^head-invalid/northwind-networks\.yaml:\d+:\d+: error ESC204 ", text, re.MULTILINE)
    assert diagnostic and diagnostic.start() < text.index("| Vendor |") < text.index("### Risk flags")


def test_json_report_round_trips(today, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.chdir(DATA)
    out = io.StringIO()
    json_report(diff("base", "head", root=DATA), out)
    payload = json.loads(out.getvalue())
    assert payload["semantic_change"] is True and payload["head"]["valid"] is True
    [northwind] = [v for v in payload["vendors"] if v["id"] == "northwind-networks"]
    sla = [c for c in northwind["changes"] if c["section"] == "sla" and c["subject"] == "northcare-premium × S1"]
    assert sla[0]["fields"] == [{"name": "response", "old": "15m", "new": "1h", "direction": "weakened"}]


def test_vendor_text_cannot_break_out_of_the_comment(today, tmp_path: Path) -> None:
    """File names and messages come from an untrusted pull request: fences and code spans must hold."""
    for name in ("base", "head"):
        (tmp_path / name).mkdir()
    (tmp_path / "head" / "evil.yaml").write_text("id: evil\n\"```\\n## No semantic change\": 1\n", encoding="utf-8")
    out = io.StringIO()
    markdown_report(diff(str(tmp_path / "base"), str(tmp_path / "head"), root=tmp_path), out)
    text = out.getvalue()
    assert "\n````text\n" in text and "\n````\n" in text
    assert not re.search(r"^## No semantic change", text, re.MULTILINE)


def test_visibility_widened_on_whole_sections_is_high_risk() -> None:
    from dataclasses import replace as _replace

    from escdir.check.validate import validate_paths

    v = next(x for x in validate_paths([Path(__file__).parent / "data" / "canary" / "vendors"]).vendors)
    new = _replace(v, rma=_replace(v.rma, visibility="client"),
                   case_template=_replace(v.case_template, visibility="public"),
                   tiers=tuple(_replace(t, visibility="client") for t in v.tiers),
                   escalation=_replace(v.escalation, ladders=tuple(_replace(lad, visibility="public")
                                                                  for lad in v.escalation.ladders)))
    _, flags = compare_vendor(v, new)
    messages = sorted(f.message for f in flags if f.rule == "visibility" and f.level == "high")
    assert any(m.startswith("RMA terms moved from internal") for m in messages)
    assert any(m.startswith("case template moved from internal") for m in messages)
    assert any(m.startswith("tier L3 moved from internal") for m in messages)
    assert any(m.startswith("ladder S2 moved from internal") for m in messages)


def test_softer_or_unknown_targets_are_weakened() -> None:
    """Schema v2 targets: a softer qualifier, 'not offered' or 'unknown' is a weakening a reviewer must see."""
    from escdir.derive.diff.values import fmt, target_direction
    from escdir.model import Target
    from escdir.model.durations import parse_duration

    firm = Target(parse_duration("1h"))
    assert target_direction(firm, Target(parse_duration("1h"), qualifier="reasonable_efforts")) == "weakened"
    assert target_direction(firm, Target(None, not_offered=True)) == "weakened"
    assert target_direction(Target(None, unknown="in the contract"), firm) == "strengthened"
    assert target_direction(firm, Target(parse_duration("30m"), qualifier="target")) == "strengthened"
    assert fmt(Target(parse_duration("1h"), bound="less_than", qualifier="reasonable_efforts")) == \
        "< 1 hour (reasonable efforts)"
    assert fmt(Target(None, not_offered=True)) == "not offered"
