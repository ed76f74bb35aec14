"""The GitHub workflows a user copies (docs/workflows/): they parse, they trigger on every file kind escdir
validates, the review workflow is the one the reviewing guide shows, and the client-site matrix covers every shard.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from escdir.derive.project import CLIENTS_DIR, MSP_FILE, VENDORS_DIR, file_kind, project_files
from escdir.load.files import SUFFIXES

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / "docs" / "workflows"
DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as a boolean
    return data


def gh_glob(pattern: str) -> re.Pattern[str]:
    """GitHub's path filter: `**` matches across folders, `*` and `?` within one."""
    out = ""
    for token in re.split(r"(\*\*|\*|\?)", pattern):
        out += {"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
    return re.compile(out + r"\Z")


def triggers(paths: list[str], file: str) -> bool:
    return any(gh_glob(p).match(file) for p in paths)


def example_project(tmp: Path) -> Path:
    """One file of every kind escdir validates, in each spelling the code accepts (SUFFIXES), plus a client logo."""
    shutil.copytree(DATA / "canary", tmp / "p")
    root = tmp / "p"
    logo = root / CLIENTS_DIR / "assets" / "alpha.svg"
    logo.parent.mkdir()
    shutil.move(root / "assets" / "alpha.svg", logo)
    alpha = root / CLIENTS_DIR / "alpha-client.yaml"
    alpha.write_text(alpha.read_text().replace("logo: assets/alpha.svg", f"logo: {CLIENTS_DIR}/assets/alpha.svg"))
    for suffix in SUFFIXES[1:]:
        shutil.move(root / VENDORS_DIR / "canary-wholesale.yaml", root / VENDORS_DIR / f"canary-wholesale{suffix}")
        shutil.move(root / CLIENTS_DIR / "beta-client.yaml", root / CLIENTS_DIR / f"beta-client{suffix}")
    return root


def test_review_workflow_triggers_on_every_file_kind_validate_reads(tmp_path: Path) -> None:
    workflow = load("escdir-review.yml")
    paths = workflow["on"]["pull_request"]["paths"]
    for root in (example_project(tmp_path), ROOT):
        files = project_files(root)
        kinds = {file_kind(f) for f in files}
        assert kinds == {"vendor", "msp", "client"}, kinds  # every kind is in the example
        assert any(f.suffix == ".svg" for f in files)  # and a logo validate reads
        for f in files:
            relative = f.resolve().relative_to(root.resolve()).as_posix()
            assert triggers(paths, relative), f"{relative} changes would not run the review"
    assert triggers(paths, MSP_FILE) and not triggers(paths, "site_src/index.md")


def test_review_workflow_runs_validate_and_the_diff() -> None:
    steps = load("escdir-review.yml")["jobs"]["review"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "escdir validate --format github" in runs
    assert "--format github" in runs and "--format markdown" in runs and "--fail-on high" in runs
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base revision must be there for the diff


def test_reviewing_guide_shows_the_shipped_workflow() -> None:
    guide = (ROOT / "site_src" / "reviewing.md").read_text(encoding="utf-8")
    shipped = (WORKFLOWS / "escdir-review.yml").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.DOTALL)
    assert shipped in blocks, "site_src/reviewing.md must show docs/workflows/escdir-review.yml as it is"


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_shipped_workflow_parses_and_names_its_jobs(name: str) -> None:
    workflow = load(name)
    assert workflow["name"] and workflow["on"] and workflow["jobs"]
    for job in workflow["jobs"].values():
        assert job["runs-on"] and job["steps"]


def test_client_sites_matrix_builds_every_shard_once() -> None:
    """The example matrix: one runner per shard 1..N, N = SHARDS, each building `--shard I/N` of --all-clients."""
    from escdir.publish.clientsites import parse_shard, shard

    workflow = load("escdir-client-sites.yml")
    count = int(workflow["env"]["SHARDS"])
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["shard"] == list(range(1, count + 1))
    [step] = [s for s in build["steps"] if "--shard" in s.get("run", "")]
    command = step["run"]
    assert "--all-clients" in command and "--site-url" in command and "--pdf" in command
    spec = re.search(r'--shard "\$\{\{ matrix\.shard \}\}/\$SHARDS"', command)
    assert spec, command
    ids = [f"c{i}" for i in range(10)]
    parts = [shard(ids, *parse_shard(f"{i}/{count}")) for i in build["strategy"]["matrix"]["shard"]]
    assert sorted(c for part in parts for c in part) == ids
    assert workflow["jobs"]["collect"]["needs"] == "build"
    triggers_on = workflow["on"]["push"]["paths"]
    for f in project_files(ROOT):  # every file escdir validates changes what the client sites show
        assert triggers(triggers_on, f.resolve().relative_to(ROOT).as_posix()), f
