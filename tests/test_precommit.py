"""Files other repositories and people use: the pre-commit hook and the wrong-number issue form."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "good" / "minimal.yaml"
BAD = DATA / "codes" / "ESC204" / "bad-phone.yaml"


def hook() -> dict:
    [entry] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return entry


def test_hook_definition() -> None:
    h = hook()
    assert {k: h[k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "escdir-validate", "entry": "escdir validate", "language": "python", "pass_filenames": True}
    files = re.compile(h["files"])
    assert all(files.search(p) for p in ("vendors/acme.yaml", "vendors/acme.yml", "msp.yaml", "clients/acme.yml"))
    assert not any(files.search(p) for p in ("docs/acme.yaml", "vendors/acme.json", "x/vendors/acme.yaml",
                                             "clients/assets/logo.svg", "x/msp.yaml", "site_src/msp.yaml"))


@pytest.mark.parametrize("project", [ROOT, DATA / "canary"], ids=["samples", "canary"])
def test_hook_passes_every_data_file_validate_reads(project: Path) -> None:
    """Every data file `escdir validate` reads (escdir.derive.project.project_files) is staged into the hook, each of a
    kind escdir.derive.project.file_kind knows; the logos are checked through their client file, never passed alone."""
    from escdir.derive.project import project_files, sort_paths

    files = re.compile(hook()["files"])
    found = project_files(project)
    kinds = sort_paths(found)
    assert kinds.vendors and kinds.msp and kinds.clients
    for path in found:
        relative = path.resolve().relative_to(project.resolve()).as_posix()
        assert bool(files.search(relative)) is (path.suffix in (".yaml", ".yml")), relative


def _entry_command() -> list[str]:
    program, *args = shlex.split(hook()["entry"])
    found = shutil.which(program) or shutil.which(program, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{program} is not installed on PATH")
    return [found, *args]


@pytest.mark.parametrize(("files", "code"), [([GOOD.name], 0), ([BAD.name], 1), ([GOOD.name, BAD.name], 1)])
def test_hook_entry_on_good_and_bad_files(tmp_path: Path, files: list[str], code: int) -> None:
    """Run the entry exactly as pre-commit does: the command plus the matching file names."""
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    shutil.copy(GOOD, vendors)
    shutil.copy(BAD, vendors)
    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_COLOR": "1"}
    proc = subprocess.run([*_entry_command(), *(f"vendors/{f}" for f in files)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert ("ESC204" in proc.stdout) is (code == 1)
    assert "Traceback" not in proc.stderr


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="pre-commit or git is not installed")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """`pre-commit try-repo` builds the hook's own virtualenv from the repository and runs it.

    It runs against a committed copy of the package files, not /work/main itself: try-repo on a
    dirty work tree writes a shadow commit into that repository's object store.
    """
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "generator", "schema"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=ignore)
        elif source.exists():
            shutil.copy(source, hook_repo / name)
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "commit", "-qm", "hook")
    work = tmp_path / "work"
    (work / "vendors").mkdir(parents=True)
    shutil.copy(GOOD, work / "vendors")
    shutil.copy(BAD, work / "vendors")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "ESCDIR_TODAY": "2026-11-23",
           "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never", "GIT_CONFIG_GLOBAL": os.devnull}

    try:  # one run for both files: every try-repo run builds a fresh virtualenv in a temporary store
        proc = subprocess.run(["pre-commit", "try-repo", str(hook_repo), "escdir-validate", "--files",
                               f"vendors/{GOOD.name}", f"vendors/{BAD.name}"],
                              cwd=work, env=env, capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("pre-commit try-repo took over 60 s (it pip-installs escdir and its dependencies into a "
                    "fresh virtualenv); the hook entry itself is tested above")
    output = proc.stdout + proc.stderr
    if re.search(r"(Could not find a version|Failed to establish a new connection|No matching distribution)", output):
        pytest.skip("pre-commit could not install the hook environment offline")
    assert proc.returncode == 1, output
    assert re.search(r"escdir validate\.+Failed", proc.stdout), output
    assert f"vendors/{BAD.name}:10:12: error ESC204" in proc.stdout
    assert "2 files checked: 1 error, 0 warnings" in proc.stdout  # the good file passed
    assert "Traceback" not in output


# ---- the issue form -----------------------------------------------------------------------------

def test_wrong_number_issue_form() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "wrong-number.yml").read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    fields = {item["id"]: item for item in form["body"] if item["type"] != "markdown"}
    required = {i for i, item in fields.items() if item.get("validations", {}).get("required")}
    assert {"vendor", "number", "what-happened", "when-tried", "evidence"} <= set(fields)
    assert {"vendor", "number", "what-happened", "when-tried"} <= required
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    for item in form["body"]:
        assert item["type"] in allowed and item["attributes"]
        assert item["type"] == "markdown" or (item["attributes"]["label"] and re.fullmatch(r"[a-z0-9-]+", item["id"]))
    assert not re.search(r"https?://", yaml.safe_dump(form))  # no third-party hosts in repository files


@pytest.mark.parametrize(("staged", "broken", "code"), [
    ("clients/alpha-client.yaml", False, 0),
    ("msp.yaml", False, 0),
    ("clients/alpha-client.yaml", True, 1),  # names a vendor that does not exist: ESC401 on the staged file
])
def test_hook_entry_on_msp_and_client_files(tmp_path: Path, staged: str, broken: bool, code: int) -> None:
    """The hook passes a staged client file or msp.yaml alone; it is checked with the rest of its project."""
    project = tmp_path / "proj"
    shutil.copytree(DATA / "canary", project)
    if broken:
        alpha = project / "clients" / "alpha-client.yaml"
        alpha.write_text(alpha.read_text().replace("vendors: [canary-networks]", "vendors: [canary-networks, nope]"))
    assert re.search(hook()["files"], staged)
    env = {**os.environ, "ESCDIR_TODAY": "2026-11-23", "NO_COLOR": "1"}
    proc = subprocess.run([*_entry_command(), staged], cwd=project, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert ("clients/alpha-client.yaml:4:" in proc.stdout and "ESC401" in proc.stdout) is broken
    assert "Traceback" not in proc.stderr
