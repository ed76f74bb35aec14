"""`escdir diff` on the MSP's files (msp.yaml, clients/) and the vendor flags a reviewer must see on the changed file.

The repository is a throw-away one in tmp_path holding a frozen MSP project (tests/data/diff/msp: two vendors,
msp.yaml, two clients and a logo outside clients/), so edits to the samples by others do not move these tests.
Each rule gets a change that must raise it and a harmless neighbour that must not.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import sitetools as st
from escdir.derive.diff import RULES, DiffResult, diff
from escdir.load.loader import load_bytes
from escdir.present.reporting.diff import github_report, json_report, markdown_report

DATA = Path(__file__).resolve().parent / "data" / "diff"
PROJECT = DATA / "msp"
ALPHA = "clients/alpha-client.yaml"
BETA = "clients/beta-client.yaml"
MSP = "msp.yaml"
NETWORKS = "vendors/canary-networks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


git = st.git


@pytest.fixture
def repo(tmp_path: Path, today, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT, root)
    return st.git_repo(root, monkeypatch)


Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Edit:
    return st.text_edit(file, old, new)


def append(file: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with (root / file).open("a", encoding="utf-8") as f:
            f.write(text)
    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)
    return edit


def commit(repo: Path, edit: Edit) -> DiffResult:
    edit(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head", "--allow-empty")
    return diff("HEAD~1", "HEAD", root=repo)


def markdown(result: DiffResult) -> str:
    out = io.StringIO()
    markdown_report(result, out)
    return out.getvalue()


P1_50M = append(ALPHA, "sla:\n  - priority: P1\n    vendor_engaged: 50m\n")
OLA_P1_45M = replace(MSP, "{from: desk, to: senior, priority: P1, within: 30m}",
                     "{from: desk, to: senior, priority: P1, within: 45m}")


def test_the_issue_example_is_a_semantic_change_with_a_high_flag(repo: Path) -> None:
    """A client's P1 promise tightened to an unmeetable 50 min and the internal P1 OLA 30 → 45 min."""
    result = commit(repo, both(P1_50M, OLA_P1_45M))
    assert not result.invalid, [p.format() for p in result.head.errors]
    assert result.semantic_change and result.vendors == []
    text = markdown(result)
    assert "No semantic change" not in text
    [unmeetable] = [f for f in result.flags if f.rule == "unmeetable"]
    assert unmeetable.level == "high" and unmeetable.vendor == "alpha-client"
    # on the promise itself: the client's override (the last line of the file)
    assert (unmeetable.file, unmeetable.line) == (ALPHA, (repo / ALPHA).read_text().count("\n"))
    assert "now unmeetable" in unmeetable.message and "= 3 h" in unmeetable.message  # 15 min + 45 min + 2 h
    [ola] = [f for f in result.flags if f.rule == "ola-weakened"]
    assert (ola.level, ola.file) == ("medium", MSP) and "30m → 45m" in ola.message
    assert ola.line == next(i for i, line in enumerate((repo / MSP).read_text().splitlines(), 1) if "45m" in line)
    assert "| client Alpha Client (`alpha-client`) | changed |" in text
    assert result.flags_at_or_above("high")  # `--fail-on high` asks for a second reviewer


def test_an_unmeetable_promise_through_a_vendor_change_is_flagged_on_the_promise(repo: Path) -> None:
    """The vendor's own SLA got slower: the client promise it broke is flagged where the promise is written."""
    result = commit(repo, replace(NETWORKS, "{plan: standard, severity: S1, response: 2h}",
                                  "{plan: standard, severity: S1, response: 4h}"))
    flags = {(f.rule, f.vendor, f.file) for f in result.flags}
    assert ("sla-weakened", "canary-networks", NETWORKS) in flags
    assert ("unmeetable", "alpha-client", MSP) in flags  # alpha's P1 promise is the MSP default (4 h)


def test_a_promise_fixed_again_is_a_change_without_a_flag(repo: Path) -> None:
    commit(repo, P1_50M)
    result = commit(repo, replace(ALPHA, "vendor_engaged: 50m", "vendor_engaged: 3h"))
    assert not [f for f in result.flags if f.rule == "unmeetable"]
    [alpha] = [e for e in result.entries if e.id == "alpha-client"]
    assert {(c.section, c.action) for c in alpha.changes} == {("promises", "changed"), ("alignment", "meetable")}


# (case, edit, rule, fires)
CASES = [
    ("client P2 promise loosened", append(ALPHA, "sla:\n  - priority: P2\n    response: 2h\n"), "promise-weakened", True),
    ("client P2 promise tightened, still meetable", append(ALPHA, "sla:\n  - priority: P2\n    response: 30m\n"),
     "promise-weakened", False),
    ("MSP default promise loosened", replace(MSP, "response: 1h, vendor_engaged: 8h", "response: 2h, vendor_engaged: 8h"),
     "promise-weakened", True),
    ("OLA removed", replace(MSP, "  - {from: desk, to: senior, priority: P2, within: 2h}\n", ""), "ola-weakened", True),
    ("OLA faster", replace(MSP, "priority: P2, within: 2h}", "priority: P2, within: 1h}"), "ola-weakened", False),
    ("client now escalates the vendor itself", replace(ALPHA, "    plan: standard\n",
                                                       "    plan: standard\n    escalated_by_msp: false\n"),
     "escalation-flip", True),
    ("flag flipped on an MSP-only vendor (the vendor's rule wins)",
     replace(BETA, "escalated_by_msp: false", "escalated_by_msp: true"), "escalation-flip", False),
    ("vendor removed from a client", replace(BETA, "[canary-networks, canary-wholesale]", "[canary-wholesale]"),
     "client-vendors", True),
    ("vendor added to a client", replace(ALPHA, "vendors: [canary-networks]", "vendors: [canary-networks, canary-wholesale]"),
     "client-vendors", True),
    ("vendor order changed", replace(BETA, "[canary-networks, canary-wholesale]", "[canary-wholesale, canary-networks]"),
     "client-vendors", False),
    ("MSP service desk number changed", replace(MSP, '"+44 20 7946 0561"', '"+44 20 7946 0562"'), "hotline", True),
    ("MSP service desk label reworded", replace(MSP, "label: Service desk\n", "label: Our service desk\n"), "hotline", False),
    ("client's own contact address changed", replace(ALPHA, "value: it@alpha-client.example.org",
                                                     "value: it-support@alpha-client.example.org"), "hotline", False),
]


@pytest.mark.parametrize(("edit", "rule", "fires"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_msp_rule_fires_only_on_its_change(repo: Path, edit: Edit, rule: str, fires: bool) -> None:
    result = commit(repo, edit)
    assert not result.invalid, [p.format() for p in result.head.errors]
    assert result.semantic_change and rule in RULES
    raised = [f for f in result.flags if f.rule == rule]
    assert bool(raised) is fires, result.flags
    assert all(f.file in (MSP, ALPHA, BETA) and f.line > 0 for f in raised)


def test_a_weaker_default_promise_names_the_clients_that_get_it(repo: Path) -> None:
    """beta-client has its own P2 response, alpha-client gets the MSP's default."""
    commit(repo, append(BETA, "sla:\n  - priority: P2\n    response: 1h\n"))
    result = commit(repo, replace(MSP, "response: 1h, vendor_engaged: 8h", "response: 2h, vendor_engaged: 8h"))
    [flag] = [f for f in result.flags if f.rule == "promise-weakened"]
    assert flag.file == MSP and "response 1h → 2h; 1 client(s) get this default: alpha-client —" in flag.message


def test_a_replaced_logo_is_a_change(repo: Path) -> None:
    result = commit(repo, replace("assets/alpha.svg", "</svg>", '<circle cx="1" cy="1" r="1"/></svg>'))
    [alpha] = result.entries
    assert [(c.section, c.subject) for c in alpha.changes] == [("client", "logo")]
    assert result.flags == []


def test_client_added_and_removed(repo: Path) -> None:
    def edit(root: Path) -> None:
        (root / BETA).unlink()
        text = (root / ALPHA).read_text().replace("id: alpha-client", "id: gamma-client").replace("Alpha", "Gamma")
        (root / "clients" / "gamma-client.yaml").write_text(text)

    result = commit(repo, edit)
    status = {e.id: e.status for e in result.entries}
    assert status == {"beta-client": "removed", "gamma-client": "added"}
    assert [f.vendor for f in result.flags if f.rule == "client-vendors"] == ["beta-client"]


def test_reformatted_msp_files_are_no_semantic_change(repo: Path) -> None:
    def edit(root: Path) -> None:
        import yaml

        for path in [root / MSP, *(root / "clients").glob("*.yaml")]:
            doc, problem = load_bytes(path.read_bytes(), path.name)
            assert doc is not None, problem
            path.write_text(yaml.safe_dump(doc.data, sort_keys=True, default_flow_style=False, allow_unicode=True))

    result = commit(repo, edit)
    assert not result.invalid and not result.semantic_change and result.flags == []
    assert "**No semantic change** in 2 vendor(s) compared and 3 MSP file(s)" in markdown(result)


def test_invalid_client_is_not_compared_and_flagged_high(repo: Path) -> None:
    result = commit(repo, replace(ALPHA, "vendors: [canary-networks]", "vendors: [canary-networks, no-such-vendor]"))
    assert result.invalid
    [entry] = [e for e in result.entries if e.id == "alpha-client"]
    assert entry.status == "not-compared"
    [flag] = [f for f in result.flags if f.rule == "invalid"]
    assert (flag.level, flag.file, flag.line) == ("high", ALPHA, 4)
    assert "ESC401" in markdown(result)  # the reason comes first, with the diagnostic


def test_directories_and_the_working_tree_compare_the_msp_side_too(repo: Path, tmp_path: Path) -> None:
    head = tmp_path / "head"
    shutil.copytree(repo, head, ignore=shutil.ignore_patterns(".git"))
    P1_50M(head)
    by_dir = diff(str(repo), str(head), root=repo)
    assert [f.rule for f in by_dir.flags if f.level == "high"] == ["unmeetable"]
    P1_50M(repo)
    by_tree = diff("HEAD", None, root=repo)
    assert [(f.rule, f.file, f.line) for f in by_tree.flags] == [(f.rule, f.file, f.line) for f in by_dir.flags]


def test_json_and_github_reports_carry_the_msp_side(repo: Path) -> None:
    result = commit(repo, both(P1_50M, OLA_P1_45M))
    out = io.StringIO()
    json_report(result, out)
    payload = json.loads(out.getvalue())
    assert {e["id"] for e in payload["msp"]} == {"msp", "alpha-client"}
    assert {"unmeetable", "ola-weakened"} <= set(payload["rules"])
    out = io.StringIO()
    github_report(result, out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith(f"::warning file={ALPHA},line=") and "unmeetable" in line for line in lines)
    assert lines[-1].endswith("0 vendor(s) and 2 MSP file(s) changed, 2 risk flag(s)")


# ---- vendor flags that must land on the changed file ------------------------------------------------

def test_a_new_vendor_copying_numbers_is_flagged_on_the_new_file(repo: Path) -> None:
    def edit(root: Path) -> None:
        text = (root / NETWORKS).read_text().replace("id: canary-networks", "id: aaa-copied")
        (root / "vendors" / "aaa-copied.yaml").write_text(text.replace("name: Canary Networks", "name: AAA Copied"))

    result = commit(repo, edit)
    [flag] = [f for f in result.flags if f.rule == "copied-number"]
    assert (flag.level, flag.vendor, flag.file) == ("high", "aaa-copied", "vendors/aaa-copied.yaml")
    assert flag.line == 22 and "+12025550161" in flag.message and "canary-networks" in flag.message
    # validation's ESC305 sorts onto the untouched file; the diff's annotation is on the file the PR adds
    assert {p.file for p in result.head.result.problems if p.code == "ESC305"} == {NETWORKS}
    out = io.StringIO()
    github_report(result, out)
    assert "::warning file=vendors/aaa-copied.yaml,line=22,title=escdir diff%3A high risk (copied-number)::" \
        in out.getvalue()


def test_an_existing_shared_number_is_not_flagged_again(repo: Path) -> None:
    result = commit(repo, replace(NETWORKS, "label: TAC hotline", "label: TAC hotline (24x7)"))
    assert not [f for f in result.flags if f.rule == "copied-number"]


@pytest.mark.parametrize(("old", "new", "fires"), [
    ("{plan: premium, severity: S1, response: 30m}", "{plan: premium, severity: S1, response: 15m}", True),
    ("{plan: premium, severity: S1, response: 30m}", "{plan: premium, severity: S1, response: 1h}", False),
])
def test_a_faster_sla_gets_its_own_flag(repo: Path, old: str, new: str, fires: bool) -> None:
    result = commit(repo, replace(NETWORKS, old, new))
    found = [f for f in result.flags if f.rule == "sla-strengthened"]
    assert bool(found) is fires
    if fires:
        [flag] = found
        assert flag.level == "medium" and flag.file == NETWORKS and flag.line > 0
        assert "stronger promise" in flag.message and "confirm against the source" in flag.message
        assert "30m → 15m" in flag.message
