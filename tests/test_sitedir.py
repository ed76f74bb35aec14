"""No command can destroy what it did not create: the output directory guard, the build lock, the atomic switch,
a full disk, and workers that die with their parent."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from escdir.publish import sitedir
from escdir.publish.build import BuildError, build_all_clients, build_site

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = "->" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the sample project with a git repository and an uncommitted file, like a user's checkout."""
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = tmp_path / "work" / "proj"
    proj.mkdir(parents=True)
    for name in ("vendors", "clients", "schema", "site_src"):
        shutil.copytree(ROOT / name, proj / name)
    for name in ("mkdocs.yml", "msp.yaml"):
        shutil.copy(ROOT / name, proj / name)
    (proj / ".git").mkdir()
    (proj / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (proj / "notes-uncommitted.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / "work" / "sibling.txt").write_text("also mine\n", encoding="utf-8")
    monkeypatch.chdir(proj)
    return proj


@pytest.mark.parametrize("site_dir", [".", "..", "vendors", "vendors/sub", "clients", "schema", "site_src",
                                      "site_src/assets", ".git", "msp.yaml", "mkdocs.yml", "/", "../.."])
def test_refuses_project_sources_and_touches_nothing(project: Path, run_cli, site_dir: str) -> None:
    before = _snapshot(project.parent)
    result = run_cli("build", "--site-dir", site_dir)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("escdir: refusing site dir"), result.stderr
    assert "site built" not in result.output
    assert _snapshot(project.parent) == before


def test_refuses_a_non_empty_directory_escdir_did_not_build(project: Path, run_cli, tmp_path: Path) -> None:
    theirs = tmp_path / "photos"
    theirs.mkdir()
    (theirs / "holiday.jpg").write_bytes(b"\xff\xd8jpeg")
    result = run_cli("build", "--site-dir", theirs)
    assert result.exit_code == 2 and "escdir did not build it" in result.stderr
    assert [p.name for p in theirs.iterdir()] == ["holiday.jpg"]
    other_repo = tmp_path / "other-repo"
    (other_repo / ".git").mkdir(parents=True)
    assert run_cli("build", "--site-dir", other_repo).exit_code == 2
    assert (other_repo / ".git").is_dir()


def test_replaces_only_its_own_marked_site(project: Path, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("build", "--site-dir", out)
    assert first.exit_code == 0, first.output
    assert (out / sitedir.MARKER).is_file() and (out / "index.html").is_file()
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())  # readable by a web server, not 0700
    (out / "index.html").write_text("old", encoding="utf-8")
    again = run_cli("build", "--site-dir", out)
    assert again.exit_code == 0, again.output
    assert (out / "index.html").read_text(encoding="utf-8") != "old"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("build", "--site-dir", empty).exit_code == 0


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_plain_mkdocs_build_is_guarded_too(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = _snapshot(project)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "vendors"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0 and "refusing site dir" in proc.stderr
    assert _snapshot(project) == before


def test_export_out_is_guarded(project: Path, run_cli) -> None:
    before = _snapshot(project)
    result = run_cli("export", "--out", "vendors")
    assert result.exit_code == 2, result.output
    assert _snapshot(project) == before


def test_a_second_build_into_the_same_dir_says_another_build_is_running(project: Path, run_cli, tmp_path) -> None:
    out = tmp_path / "out"
    with sitedir.build_lock(out.resolve()):
        result = run_cli("build", "--site-dir", out)
    assert result.exit_code == 2
    assert "another build into" in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.glob(".out-*")) == []


def test_stale_temp_dirs_of_killed_builds_are_cleaned(project: Path, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for stale in (".out-new-abc123", ".out-old-def456"):
        (tmp_path / stale / "site").mkdir(parents=True)
    (tmp_path / ".other-new-keep").mkdir()
    assert run_cli("build", "--site-dir", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".other-new-keep"]


def test_the_switch_is_one_exchange(tmp_path: Path) -> None:
    target, new = tmp_path / "site", tmp_path / "new"
    target.mkdir()
    (target / "v").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "v").write_text("new", encoding="utf-8")
    assert sitedir._exchange(new, target)  # this filesystem supports RENAME_EXCHANGE: no moment without a site
    assert (target / "v").read_text(encoding="utf-8") == "new" and (new / "v").read_text(encoding="utf-8") == "old"


def test_swap_in_without_exchange_still_ends_with_the_new_site(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sitedir, "_exchange", lambda a, b: False)
    target, new = tmp_path / "site", tmp_path / "new"
    target.mkdir()
    new.mkdir()
    (new / "v").write_text("new", encoding="utf-8")
    sitedir.swap_in(new, target)
    assert (target / "v").read_text(encoding="utf-8") == "new" and (target / sitedir.MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "site/index.html")


def test_a_full_disk_is_one_line_and_keeps_the_old_site(project: Path, run_cli, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--site-dir", out).exit_code == 0
    before = _snapshot(out)
    import mkdocs.structure.pages

    monkeypatch.setattr(mkdocs.structure.pages.utils, "write_file", _enospc)
    result = run_cli("build", "--site-dir", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "the disk is full" in result.stderr
    assert _snapshot(out) == before
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out-")] == []


def test_a_full_disk_in_all_clients_workers_is_one_line(project: Path, tmp_path: Path, monkeypatch) -> None:
    import mkdocs.structure.pages

    monkeypatch.setattr(mkdocs.structure.pages.utils, "write_file", _enospc)  # workers are forked: they inherit it
    with pytest.raises(BuildError) as info:
        build_all_clients(project / "mkdocs.yml", tmp_path / "clients-out", jobs=2)
    text = str(info.value)
    assert "the disk is full" in text and "RemoteTraceback" not in text and "Traceback" not in text
    assert not (tmp_path / "clients-out").exists()


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_killing_all_clients_kills_its_workers(project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "escdir.cli", "build", "--all-clients", "--site-dir",
                             str(tmp_path / "c")], cwd=project, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers |= _children(proc.pid)
            time.sleep(0.02)
        assert workers, "the build finished before its workers could be seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_build_site_api_refuses_too(project: Path) -> None:
    with pytest.raises(sitedir.UnsafeSiteDirError):
        build_site(project / "mkdocs.yml", project / "vendors")


def test_a_look_alike_of_an_old_site_is_refused_and_kept(project: Path, run_cli, tmp_path: Path) -> None:
    """index.html + sitemap.xml + api/v1/ is not proof that escdir built a folder: only its marker is."""
    t = tmp_path / "t"
    (t / "api" / "v1").mkdir(parents=True)
    (t / "uploads").mkdir()
    (t / "uploads" / "draft.pdf").write_bytes(b"%PDF-1.4 mine")
    (t / "index.html").touch()
    (t / "sitemap.xml").touch()
    (t / "thesis.txt").write_text("y\n", encoding="utf-8")
    before = _snapshot(t)
    result = run_cli("build", "--site-dir", t)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "escdir did not build it" in lines[0], result.stderr
    assert "site built" not in result.output
    assert _snapshot(t) == before
    assert (t / "thesis.txt").read_text(encoding="utf-8") == "y\n" and (t / "uploads" / "draft.pdf").is_file()
    assert run_cli("export", "--out", t).exit_code == 2 and _snapshot(t) == before


@pytest.mark.parametrize("marker", ["", "anything\n", "escdir-site 1x\n", "link"])
def test_a_marker_escdir_did_not_write_proves_nothing(project: Path, run_cli, tmp_path: Path, marker: str) -> None:
    t = tmp_path / "t"
    t.mkdir()
    (t / "thesis.txt").write_text("y\n", encoding="utf-8")
    if marker == "link":  # a link to a real marker elsewhere
        real = tmp_path / "real"
        real.mkdir()
        sitedir.mark(real)
        (t / sitedir.MARKER).symlink_to(real / sitedir.MARKER)
    else:
        (t / sitedir.MARKER).write_text(marker, encoding="utf-8")
    before = _snapshot(t)
    result = run_cli("build", "--site-dir", t)
    assert result.exit_code == 2 and "escdir did not build it" in result.stderr, result.output
    assert _snapshot(t) == before


def test_the_marker_carries_escdir_s_tag_and_old_marked_sites_are_still_replaced(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    sitedir.mark(new)
    assert (new / sitedir.MARKER).read_text(encoding="utf-8").splitlines()[0] == sitedir.MARKER_TAG
    assert sitedir.built_by_escdir(new)
    old = tmp_path / "old"  # built by the release before the tag line: escdir's own sentence, nothing else
    old.mkdir()
    (old / sitedir.MARKER).write_text("This directory was built by escdir and is replaced by its next build. "
                                      "Do not keep files here.\n", encoding="utf-8")
    assert sitedir.built_by_escdir(old)
    assert sitedir.check_site_dir(old, root=tmp_path / "elsewhere") == old.resolve()


def _unwritable(real_open):
    def fake_open(path, flags, *args, **kwargs):
        if str(path).endswith(".escdir-lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)
    return fake_open


def test_a_read_only_site_folder_is_one_line_and_keeps_the_old_site(project: Path, run_cli, tmp_path: Path,
                                                                    monkeypatch) -> None:
    out = tmp_path / "ro" / "out"
    assert run_cli("build", "--site-dir", out).exit_code == 0
    before = _snapshot(out.parent)
    if os.geteuid() != 0:  # a real read-only folder where permissions bind; root ignores them, so simulate EROFS
        os.chmod(out.parent, 0o555)
    else:
        monkeypatch.setattr(sitedir.os, "open", _unwritable(os.open))
    try:
        result = run_cli("build", "--site-dir", out)
    finally:
        os.chmod(out.parent, 0o755)
    assert result.exit_code != 0 and result.exit_code in (1, 2), result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output and "cannot" in lines[0], result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _snapshot(out.parent) == before


def test_an_unwritable_temp_dir_is_one_line_and_keeps_the_old_site(project: Path, run_cli, tmp_path: Path,
                                                                  monkeypatch) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--site-dir", out).exit_code == 0
    before = _snapshot(out)

    def refuse(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(sitedir.tempfile, "mkdtemp", refuse)
    result = run_cli("build", "--site-dir", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Permission denied" in result.stderr and "left untouched" in result.stderr
    assert _snapshot(out) == before


def test_an_unwritable_export_folder_is_one_line(project: Path, run_cli, tmp_path: Path, monkeypatch) -> None:
    import escdir.publish.exports

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "out"))

    monkeypatch.setattr(escdir.publish.exports, "write_all", refuse)
    result = run_cli("export", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "Traceback" not in result.output
    failure = [line for line in result.stderr.splitlines() if "warning ESC" not in line and line.strip()]
    assert len(failure) == 1 and "Read-only file system" in failure[0], result.stderr  # besides the data's warnings
