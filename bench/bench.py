#!/usr/bin/env python3
"""escdir benchmark: N synthetic vendors, every step measured in one run on the same files.

    python bench/bench.py                       # N=1000, prints a table and PASS/FAIL per target
    python bench/bench.py --n 1000 --json out.json
    python bench/bench.py --scaling 100,1000,3000   # validate + build at each N, seconds per vendor
    python bench/bench.py --n 20 --json out.json --skip-serve   # what the smoke test runs

Steps (see bench/README.md for what each one means and why it is the comparison it is):

  bare_parse          PyYAML CSafeLoader over every file (min of 3 passes, in a child process): the floor
  check_jsonschema    check-jsonschema --schemafile schema/vendor.schema.json <files>: what a team would use
  validate_cold       `escdir validate`, fresh process, first run
  validate_warm       `escdir validate` again, nothing changed
  mkdocs_build_plain  `mkdocs build` of the very pages escdir generates, as ordinary Markdown, no escdir plugin
  escdir_build        `escdir build --site-dir DIR` (MkDocs + the escdir plugin)
  zensical_build      `escdir build --engine zensical --site-dir DIR`, reported as a ratio to escdir_build
  serve_rebuild       `mkdocs serve` (the escdir plugin is in mkdocs.yml, exactly what `escdir serve` runs):
                      seconds from saving one edited vendor file to the server's "Reloading browsers"
  show                `escdir show QUERY`, median of 5 fresh processes

Every child runs with ESCDIR_TODAY=2026-11-23 and NO_MKDOCS_2_WARNING=1, and with its own cache
directories (ESCDIR_CACHE_DIR, XDG_CACHE_HOME) under the work directory, so "cold" is really cold.
Peak memory of a child is its own peak RSS, from os.wait4().
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import platform
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import browser as browser_steps
import synth

TODAY = "2026-11-23"
BASE_ENV = {"ESCDIR_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}

TARGETS = [  # (ratio or value key, limit, description)
    ("validate_vs_check_jsonschema", 0.15, "cold validate <= 0.15x check-jsonschema"),
    ("validate_vs_parse", 2.0, "cold validate <= 2.0x bare parse"),
    ("warm_vs_cold", 0.2, "warm validate <= 0.2x cold"),
    ("build_vs_mkdocs", 1.15, "site build <= 1.15x plain mkdocs build of the same pages"),
    ("rebuild_vs_build", 0.1, "one-file serve rebuild <= 0.1x a full build (exports included)"),
    ("show_seconds", 0.3, "escdir show <= 0.3 s (median of 5)"),
    ("show_cold_seconds", 0.5, "escdir show, no cache (fresh clone) <= 0.5 s (median of 5)"),
    ("max_vendor_page_kb", 150.0, "largest vendor page <= 150 KB"),
]
SECONDS_KEYS = ["generate", "bare_parse", "bare_parse_process", "check_jsonschema", "validate_cold", "validate_warm",
                "mkdocs_build_plain", "escdir_build", "zensical_build", "serve_initial_build", "serve_rebuild",
                "serve_rebuild_build_only", "show", "show_first", "show_cold"]
RATIO_KEYS = ["validate_vs_check_jsonschema", "validate_vs_parse", "warm_vs_cold", "build_vs_mkdocs",
              "rebuild_vs_build", "zensical_vs_mkdocs"]


# ---- running children ----------------------------------------------------------------------------


@dataclass
class Run:
    cmd: list[str]
    seconds: float
    peak_mb: float
    cpu: float  # user + system seconds of the child and the children it waited for
    rc: int
    stdout: str
    stderr: str

    def check(self, what: str, ok: tuple[int, ...] = (0,)) -> Run:
        if self.rc not in ok:
            tail = "\n".join((self.stdout + "\n" + self.stderr).strip().splitlines()[-30:])
            raise SystemExit(f"bench: {what} failed (exit {self.rc}): {' '.join(self.cmd)}\n{tail}")
        return self


def child_env(work: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(BASE_ENV)
    env["ESCDIR_CACHE_DIR"] = str(work / "cache" / "escdir")
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env.pop("SOURCE_DATE_EPOCH", None)
    # Commands run as users run them: with byte-code caches. (Some sandboxes set PYTHONDONTWRITEBYTECODE, which
    # makes every `escdir show` recompile its ~130 modules: +0.15 s that no installed escdir pays.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run a child to completion; wall seconds and the child's own peak RSS (os.wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; tell Popen
        if proc.returncode == -signal.SIGKILL and seconds >= timeout:
            raise SystemExit(f"bench: timed out after {timeout:.0f} s: {' '.join(cmd)}")
        out.seek(0)
        err.seek(0)
        return Run(cmd, seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode,
                   out.read(), err.read())


def tool(name: str) -> str:
    """A console script of this Python environment (escdir, mkdocs, check-jsonschema)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"bench: {name} not found; install with pip install -e '.[test,bench]'")
    return found


# ---- the project under test ----------------------------------------------------------------------


def make_project(work: Path, n: int, seed: int) -> tuple[Path, list[Path], synth.Stats, float]:
    """work/proj: the repo's mkdocs.yml, site_src/ and schema/, plus N synthetic vendors; no msp.yaml."""
    proj = work / "proj"
    if proj.exists():
        shutil.rmtree(proj)
    proj.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copytree(ROOT / "schema", proj / "schema")
    t0 = time.perf_counter()
    paths, stats = synth.generate(n, proj / "vendors", seed=seed)
    return proj, paths, stats, time.perf_counter() - t0


BARE_PARSE = r"""
import sys, time, yaml
from pathlib import Path
files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix in (".yaml", ".yml"))
walls, cpus = [], []
for _ in range(int(sys.argv[2])):
    t0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    walls.append(time.perf_counter() - t0)
    cpus.append(time.process_time() - c0)
print(min(walls), min(cpus))
"""


def _tagless_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """mkdocs.yml's `!!python/name:` tag (escdir.publish.engine_guard) reads as None; nothing is imported."""

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return Loader


_TaglessLoader = _tagless_loader()


def make_plain_project(work: Path, proj: Path) -> tuple[Path, int]:
    """work/plain: the same mkdocs.yml minus the escdir plugin, docs = site_src + every generated page as Markdown."""
    import yaml

    from escdir import today
    from escdir.check.validate import validate_paths
    from escdir.derive.audience import restrict
    from escdir.present.pages import Linker, site_pages

    plain = work / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(proj / "site_src", plain / "site_src")
    cfg = yaml.load((proj / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TaglessLoader)  # noqa: S506
    extra = {k: v for k, v in (cfg.pop("extra", None) or {}).items() if k != "escdir_engine"}  # the Zensical guard
    if extra:
        cfg["extra"] = extra
    plugin_cfg: dict[str, Any] = {}
    kept = []
    for p in cfg.get("plugins", []):
        if isinstance(p, dict) and "escdir" in p:
            plugin_cfg = p["escdir"] or {}
        elif p != "escdir":
            kept.append(p)
    cfg["plugins"] = kept
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")

    result = validate_paths([proj / plugin_cfg.get("vendors_dir", "vendors")], today=today(), root=proj)
    if result.errors:
        raise SystemExit(f"bench: {len(result.errors)} validation errors in the synthetic vendors:\n"
                         + "\n".join(p.format() for p in result.errors[:20]))
    audience = plugin_cfg.get("audience", "internal")
    vendors = [restrict(v, audience) for v in result.vendors]
    pages = site_pages(vendors, today=today(), linker=Linker(directory_urls=cfg.get("use_directory_urls", True)),
                       title=plugin_cfg.get("title", "Vendor escalation directory"))
    docs = plain / cfg.get("docs_dir", "docs")
    written = 0
    for page in pages:
        target = docs / page.src_uri
        if target.exists():  # the plugin lets a hand-written home page win; mirror that
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.plain_markdown(), encoding="utf-8")
        written += 1
    return plain, written


def site_stats(site: Path) -> dict[str, float]:
    pages = [p.stat().st_size for p in (site / "vendors").glob("*/index.html")] or \
        [p.stat().st_size for p in (site / "vendors").glob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"vendor_pages": len(pages), "max_vendor_page_kb": max(pages, default=0) / 1024,
            "median_vendor_page_kb": statistics.median(pages) / 1024 if pages else 0.0, "site_mb": total / 1e6,
            "html_files": sum(1 for _ in site.rglob("*.html"))}


# ---- serve ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LogWatcher:
    """Reads a child's merged output line by line and time-stamps every line as it arrives."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.history: list[tuple[float, str]] = []
        self._t = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._t.start()

    def _read(self, stream) -> None:
        for raw in iter(stream.readline, ""):
            self.lines.put((time.perf_counter(), raw.rstrip("\n")))
        self.lines.put((time.perf_counter(), "\0EOF"))

    def wait_for(self, pattern: str, timeout: float) -> tuple[float, str, re.Match[str]]:
        rx = re.compile(pattern)
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(pattern)
            try:
                t, line = self.lines.get(timeout=left)
            except queue.Empty:
                raise TimeoutError(pattern) from None
            self.history.append((t, line))
            if line == "\0EOF":
                raise RuntimeError("the server exited:\n" + "\n".join(x for _, x in self.history[-30:]))
            m = rx.search(line)
            if m:
                return t, line, m


def edit_vendor(path: Path, marker: str) -> None:
    """Change the summary of one vendor (a visible value), keeping the file valid."""
    text = path.read_text(encoding="utf-8")

    def put(m: re.Match[str]) -> str:
        q = m.group(2) or ""
        return f"{m.group(1)}{q}{marker} "

    new, count = re.subn(r"(?m)^(summary: )(['\"]?)", put, text, count=1)
    if not count:
        new = text.rstrip("\n") + f"\nsummary: {marker}\n"
    path.write_text(new, encoding="utf-8")


SERVE_WRAPPER = r"""
import logging, sys
# `escdir serve` exactly, with MkDocs' INFO log lines shown (the escdir CLI leaves logging unconfigured,
# so "Building documentation..." / "Reloading browsers" would otherwise be silent).
logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s", stream=sys.stderr)
from escdir.cli import main
sys.argv = ["escdir", *sys.argv[1:]]
main()
"""


def serve_command(via: str, proj: Path, port: int, extra: list[str]) -> list[str]:
    addr = f"127.0.0.1:{port}"
    if via == "mkdocs":
        return [tool("mkdocs"), "serve", "-f", str(proj / "mkdocs.yml"), "-a", addr, *extra]
    return [sys.executable, "-c", SERVE_WRAPPER, "serve", "--config", str(proj / "mkdocs.yml"), "-a", addr, *extra]


def measure_serve(proj: Path, work: Path, vendor: Path, *, edits: int, timeout: float, via: str = "escdir",
                  extra: list[str] | None = None) -> dict[str, Any]:
    """Start `escdir serve` (or `mkdocs serve`) on a free port, wait for the first build, edit a vendor, time it."""
    port = free_port()
    cmd = serve_command(via, proj, port, extra or [])
    proc = subprocess.Popen(cmd, cwd=proj, env=child_env(work), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, bufsize=1)
    log = LogWatcher(proc.stdout)
    shown = " ".join(["escdir" if via == "escdir" else "mkdocs", *cmd[cmd.index("serve"):]])
    out: dict[str, Any] = {"method": f"subprocess `{shown}`; rebuild = file saved -> 'Reloading browsers' in its log, "
                                     "cross-checked by polling the served page for the edited value",
                           "edits": []}
    t_start = time.perf_counter()
    try:
        log.wait_for(r"Serving on http", timeout)
        built = [float(m.group(1)) for _t, line in log.history
                 if (m := re.search(r"Documentation built in ([0-9.]+) seconds", line))]
        out["initial_build"] = built[0] if built else None
        out["startup_to_serving"] = time.perf_counter() - t_start
        time.sleep(1.0)  # let the polling observer take its first snapshot of the tree
        vid = vendor.stem
        for k in range(edits):
            marker = f"BENCHEDIT{k}X{os.getpid()}"
            cpu0 = _proc_cpu(proc.pid)
            edit_vendor(vendor, marker)
            t_edit = time.perf_counter()
            t_detect, _l, _m = log.wait_for(r"Detected file changes", min(timeout, 60))
            t_building, _l, _m = log.wait_for(r"Building documentation", timeout)
            __t_built, _l, m = log.wait_for(r"Documentation built in ([0-9.]+) seconds|ERROR", timeout)
            if "ERROR" in m.group(0):
                raise RuntimeError(f"serve rebuild failed: {_l}")
            t_reload, _l, _m = log.wait_for(r"Reloading browsers", timeout)
            cpu1 = _proc_cpu(proc.pid)
            url = f"http://127.0.0.1:{port}/vendors/{vid}/"
            seen = None
            for _ in range(100):
                try:
                    with urllib.request.urlopen(url, timeout=5) as resp:
                        if marker in resp.read().decode("utf-8", "replace"):
                            seen = time.perf_counter()
                            break
                except OSError:
                    pass
                time.sleep(0.1)
            # The exports are part of the rebuild: the vendor's API document has the edited value too.
            api_seen = None
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/vendors/{vid}.json", timeout=5) as resp:
                    api_seen = marker in resp.read().decode("utf-8", "replace")
            except OSError:
                pass
            out["edits"].append({
                "api_has_value": api_seen,
                "edit_to_reload": t_reload - t_edit, "edit_to_detect": t_detect - t_edit,
                "build_reported": float(m.group(1)), "building_to_reload": t_reload - t_building,
                "edit_to_page_has_value": (seen - t_edit) if seen else None,
                "cpu_seconds": (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None,
            })
            time.sleep(1.0)
    finally:
        proc.send_signal(signal.SIGINT)  # lets MkDocs remove its temporary site directory
        try:
            _pid, _status, usage = _wait4_timeout(proc, 15)
        except TimeoutError:
            proc.kill()
            _pid, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(_status)
        out["peak_mb"] = usage.ru_maxrss / 1024
    return out


def _proc_cpu(pid: int) -> float | None:
    """User+system CPU seconds of a running process so far (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _wait4_timeout(proc: subprocess.Popen, timeout: float):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        time.sleep(0.05)
    raise TimeoutError


# ---- the benchmark -------------------------------------------------------------------------------


@dataclass
class Results:
    n: int
    seconds: dict[str, float | None] = field(default_factory=dict)
    peak_mb: dict[str, float | None] = field(default_factory=dict)
    cpu: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def code_fingerprint() -> dict[str, Any]:
    """Which escdir code was measured (others edit generator/ concurrently): a hash of its sources."""
    import hashlib

    import escdir

    pkg = Path(escdir.__file__).resolve().parent
    h = hashlib.sha256()
    newest = 0.0
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".html", ".json", ".j2", ".css", ".js") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(pkg)).encode() + b"\0" + p.read_bytes())
            newest = max(newest, p.stat().st_mtime)
    return {"sha256_12": h.hexdigest()[:12], "newest_source": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(newest)),
            "package": str(pkg)}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def bench(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.update(BASE_ENV)  # the in-process page generation for the plain floor uses the same "today"
    work = Path(args.workdir or tempfile.mkdtemp(prefix="escdir-bench-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = child_env(work)
    timeout = max(300.0, args.n * 0.5)
    r = Results(args.n)
    r.extra["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "loadavg_start": os.getloadavg()}
    r.extra["workdir"] = str(work)
    r.extra["code"] = code_fingerprint()
    step = _stepper(args.quiet)

    step(f"generating {args.n} synthetic vendors")
    proj, paths, stats, r.seconds["generate"] = make_project(work, args.n, args.seed)
    r.extra["corpus"] = {"files": stats.files, "mb": stats.bytes / 1e6, "avg_kb": stats.bytes / max(1, stats.files) / 1024,
                         "contact_phones": stats.contact_phones, "repeated_phones": stats.duplicate_phones,
                         "stale_on_purpose": stats.stale, "per_template": stats.per_template}
    if stats.duplicate_phones:
        r.notes.append(f"{stats.duplicate_phones} contact numbers had to repeat (fictional ranges used up)")
    rel_files = [str(p.relative_to(proj)) for p in paths]

    step("1/6 bare parse (PyYAML CSafeLoader)")
    bp = run([sys.executable, "-c", BARE_PARSE, str(proj / "vendors"), "3"], cwd=proj, env=env,
             timeout=timeout).check("bare parse")
    wall, cpu = bp.stdout.strip().splitlines()[-1].split()
    r.seconds["bare_parse"], r.cpu["bare_parse"] = float(wall), float(cpu)
    r.seconds["bare_parse_process"] = bp.seconds
    r.peak_mb["bare_parse"] = bp.peak_mb
    r.cpu["bare_parse_process"] = bp.cpu

    if args.skip_check_jsonschema:
        r.seconds["check_jsonschema"] = r.peak_mb["check_jsonschema"] = None
        r.notes.append("check-jsonschema skipped (--skip-check-jsonschema)")
    else:
        step("2/6 check-jsonschema")
        cj = run([tool("check-jsonschema"), "--schemafile", str(proj / "schema" / "vendor.schema.json"), *rel_files],
                 cwd=proj, env=env, timeout=timeout * 4)
        cj.check("check-jsonschema", ok=(0, 1))
        if cj.rc:
            r.notes.append("check-jsonschema reported failures: " + (cj.stdout + cj.stderr).strip()[:300])
        r.seconds["check_jsonschema"], r.peak_mb["check_jsonschema"] = cj.seconds, cj.peak_mb
        r.cpu["check_jsonschema"] = cj.cpu

    step("3/6 escdir validate, cold then warm")
    for cache in (proj / ".escdir-cache", work / "cache"):
        shutil.rmtree(cache, ignore_errors=True)
    escdir = tool("escdir")
    for key in ("validate_cold", "validate_warm"):
        v = run([escdir, "validate"], cwd=proj, env=env, timeout=timeout).check(f"escdir {key}")
        r.seconds[key], r.peak_mb[key], r.cpu[key] = v.seconds, v.peak_mb, v.cpu
        m = re.search(r"(\d+) files checked: (\d+) errors?, (\d+) warnings?", v.stdout)
        if m:
            r.extra.setdefault("validate_summary", {})[key] = {"files": int(m.group(1)), "errors": int(m.group(2)),
                                                               "warnings": int(m.group(3))}
            if int(m.group(2)):
                raise SystemExit(f"bench: synthetic vendors have validation errors:\n{v.stdout[-3000:]}")
    cached = sorted(p.name for p in (work / "cache").rglob("*") if p.is_file())
    if cached or (proj / ".escdir-cache").exists():
        r.notes.append("cache files written by escdir validate (isolated per run, empty before the cold run): "
                       + ", ".join(cached[:5]))

    step("4/6 plain mkdocs build of the generated pages, then escdir build")
    plain, written = make_plain_project(work, proj)
    r.extra["plain_pages_written"] = written
    pb = run([tool("mkdocs"), "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "site-plain")],
             cwd=plain, env=env, timeout=timeout).check("plain mkdocs build")
    r.seconds["mkdocs_build_plain"], r.peak_mb["mkdocs_build_plain"], r.cpu["mkdocs_build_plain"] = \
        pb.seconds, pb.peak_mb, pb.cpu
    eb = run([escdir, "build", "--site-dir", str(work / "site-escdir")], cwd=proj, env=env,
             timeout=timeout).check("escdir build")
    r.seconds["escdir_build"], r.peak_mb["escdir_build"], r.cpu["escdir_build"] = eb.seconds, eb.peak_mb, eb.cpu
    r.extra["site_plain"] = site_stats(work / "site-plain")
    r.extra["site_escdir"] = site_stats(work / "site-escdir")
    if args.skip_zensical or importlib.util.find_spec("zensical") is None:
        r.seconds["zensical_build"] = None
        r.notes.append("zensical build skipped (" + ("--skip-zensical" if args.skip_zensical else "not installed") + ")")
    else:
        zb = run([escdir, "build", "--engine", "zensical", "--site-dir", str(work / "site-zensical")], cwd=proj,
                 env=env, timeout=timeout).check("escdir build --engine zensical")
        r.seconds["zensical_build"], r.peak_mb["zensical_build"], r.cpu["zensical_build"] = \
            zb.seconds, zb.peak_mb, zb.cpu
        r.extra["site_zensical"] = site_stats(work / "site-zensical")
        if r.extra["site_zensical"]["vendor_pages"] != r.extra["site_escdir"]["vendor_pages"]:
            r.notes.append(f"vendor page count differs: zensical {r.extra['site_zensical']['vendor_pages']}, "
                           f"mkdocs {r.extra['site_escdir']['vendor_pages']}")
    if r.extra["site_plain"]["vendor_pages"] != r.extra["site_escdir"]["vendor_pages"]:
        r.notes.append(f"vendor page count differs: plain {r.extra['site_plain']['vendor_pages']}, "
                       f"escdir {r.extra['site_escdir']['vendor_pages']}")
    max_kb = r.extra["site_escdir"]["max_vendor_page_kb"]

    target_vendor = paths[len(paths) // 2]
    if args.skip_serve:
        r.seconds["serve_initial_build"] = r.seconds["serve_rebuild"] = r.seconds["serve_rebuild_build_only"] = None
        r.peak_mb["serve"] = None
        r.notes.append("serve skipped (--skip-serve)")
    else:
        step(f"5/6 {args.serve_via} serve: one-file rebuild")
        try:
            sv = measure_serve(proj, work, target_vendor, edits=args.serve_edits, timeout=timeout, via=args.serve_via,
                               extra=args.serve_arg)
        except (TimeoutError, RuntimeError) as exc:
            sv = {"error": str(exc)[-2000:], "edits": []}
            r.notes.append(f"serve measurement failed: {str(exc)[-500:]}")
        r.extra["serve"] = sv
        r.seconds["serve_initial_build"] = sv.get("initial_build")
        r.seconds["serve_rebuild"] = statistics.median(e["edit_to_reload"] for e in sv["edits"]) if sv["edits"] else None
        r.seconds["serve_rebuild_build_only"] = (statistics.median(e["build_reported"] for e in sv["edits"])
                                                 if sv["edits"] else None)
        cpus = [e["cpu_seconds"] for e in sv["edits"] if e["cpu_seconds"] is not None]
        r.cpu["serve_rebuild"] = statistics.median(cpus) if cpus else None
        r.peak_mb["serve"] = sv.get("peak_mb")
        if any(e["edit_to_page_has_value"] is None for e in sv["edits"]):
            r.notes.append("serve: the edited value did not appear on the served page")
        if any(e.get("api_has_value") is False for e in sv["edits"]):
            r.notes.append("serve: the edited value did not reach the exports (api/v1) by the reload")

    show_cmd_ok = run([escdir, "show", "--help"], cwd=proj, env=env, timeout=60).rc == 0
    if args.skip_show or not show_cmd_ok:
        r.seconds["show"] = r.seconds["show_first"] = r.peak_mb["show"] = None
        r.notes.append("escdir show skipped (" + ("--skip-show" if args.skip_show else "command not available") + ")")
    else:
        step("6/6 escdir show, median of 5")
        import yaml

        query = yaml.load(paths[len(paths) // 3].read_text(encoding="utf-8"), Loader=synth._Loader)["name"]
        times, peaks, cpus = [], [], []
        for _ in range(5):
            sh = run([escdir, "show", query], cwd=proj, env=env, timeout=120)
            if sh.rc != 0:
                r.notes.append(f"escdir show {query!r} exited {sh.rc}: {(sh.stdout + sh.stderr).strip()[-300:]}")
            times.append(sh.seconds)
            peaks.append(sh.peak_mb)
            cpus.append(sh.cpu)
        r.cpu["show"] = statistics.median(cpus)
        r.seconds["show"], r.seconds["show_first"] = statistics.median(times), times[0]
        r.peak_mb["show"] = max(peaks)
        # Cold: what the first lookup after a fresh clone costs (no index, no checked outcome), each run with the
        # cache directory emptied first.
        cold, cold_cpus = [], []
        for _ in range(5):
            shutil.rmtree(work / "cache", ignore_errors=True)
            sh = run([escdir, "show", query], cwd=proj, env=env, timeout=120)
            cold.append(sh.seconds)
            cold_cpus.append(sh.cpu)
        r.seconds["show_cold"], r.cpu["show_cold"] = statistics.median(cold), statistics.median(cold_cpus)
        r.extra["show"] = {"query": query, "runs": times, "cold_runs": cold}

    r.extra["machine"]["loadavg_end"] = os.getloadavg()
    s = r.seconds
    pairs = {"validate_vs_check_jsonschema": ("validate_cold", "check_jsonschema"),
             "validate_vs_parse": ("validate_cold", "bare_parse"),
             "warm_vs_cold": ("validate_warm", "validate_cold"),
             "build_vs_mkdocs": ("escdir_build", "mkdocs_build_plain"),
             "rebuild_vs_build": ("serve_rebuild", "escdir_build"),
             "zensical_vs_mkdocs": ("zensical_build", "escdir_build")}
    ratios = {k: _ratio(r.seconds.get(a), r.seconds.get(b)) for k, (a, b) in pairs.items()}
    ratios_cpu = {k: _ratio(r.cpu.get(a), r.cpu.get(b)) for k, (a, b) in pairs.items()}
    load = max(r.extra["machine"]["loadavg_start"][0], r.extra["machine"]["loadavg_end"][0])
    if load > (os.cpu_count() or 1):
        r.notes.append(f"the machine was busy (load average up to {load:.1f} on {os.cpu_count()} CPUs): wall-clock "
                       "ratios are inflated by waiting for a CPU; the CPU-time ratios are the load-robust cross-check")
    report = {"n": args.n, "seconds": {k: s.get(k) for k in SECONDS_KEYS}, "peak_mb": r.peak_mb, "cpu_seconds": r.cpu,
              "ratios": ratios, "ratios_cpu": ratios_cpu,
              "show_seconds": s.get("show"), "show_cold_seconds": s.get("show_cold"),
              "show_cold_vs_warm": _ratio(s.get("show_cold"), s.get("show")), "max_vendor_page_kb": max_kb,
              "notes": r.notes, **r.extra}
    report["targets"] = evaluate(report)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
        report["workdir"] = None
    return report


def evaluate(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, limit, desc in TARGETS:
        value = report["ratios"].get(key) if key in report["ratios"] else report.get(key)
        status = "SKIP" if value is None else ("PASS" if value <= limit else "FAIL")
        cpu_value = report.get("ratios_cpu", {}).get(key)
        if key == "show_seconds":
            cpu_value = report.get("cpu_seconds", {}).get("show")
        if key == "show_cold_seconds":
            cpu_value = report.get("cpu_seconds", {}).get("show_cold")
        cpu_status = None if cpu_value is None else ("PASS" if cpu_value <= limit else "FAIL")
        out[key] = {"value": value, "limit": limit, "status": status, "what": desc, "cpu_value": cpu_value,
                    "cpu_status": cpu_status}
    return out


def _stepper(quiet: bool):
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - t0:6.1f} s] {msg}", file=sys.stderr, flush=True)

    return step


def _fmt(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def print_report(rep: dict[str, Any]) -> None:
    s, m, cpu = rep["seconds"], rep["peak_mb"], rep.get("cpu_seconds", {})
    c = rep.get("corpus", {})
    mach = rep.get("machine", {})
    print(f"\nescdir benchmark: N={rep['n']} vendors ({c.get('mb', 0):.1f} MB YAML, avg {c.get('avg_kb', 0):.1f} KB/file, "
          f"{c.get('contact_phones', 0)} contact phone lines, {c.get('repeated_phones', 0)} repeated), "
          f"{mach.get('cpus')} CPUs, load avg {mach.get('loadavg_start', ('?',))[0]:.2f} at start, "
          f"{mach.get('loadavg_end', ('?',))[0]:.2f} at end; escdir sources {rep.get('code', {}).get('sha256_12')} "
          f"(newest {rep.get('code', {}).get('newest_source')})")
    rows = [
        ("bare parse (CSafeLoader, in child, min of 3)", "bare_parse", "bare_parse"),
        ("  that child process, 3 passes incl. startup", "bare_parse_process", None),
        ("check-jsonschema", "check_jsonschema", "check_jsonschema"),
        ("escdir validate, cold", "validate_cold", "validate_cold"),
        ("escdir validate, warm (nothing changed)", "validate_warm", "validate_warm"),
        ("mkdocs build, plain Markdown pages (floor)", "mkdocs_build_plain", "mkdocs_build_plain"),
        ("escdir build (plugin)", "escdir_build", "escdir_build"),
        ("escdir build --engine zensical", "zensical_build", "zensical_build"),
        ("serve: first build (reported)", "serve_initial_build", None),
        ("serve: edit saved -> 'Reloading browsers'", "serve_rebuild", "serve"),
        ("  of which the build itself (reported)", "serve_rebuild_build_only", None),
        ("escdir show, median of 5", "show", "show"),
        ("  first (cold cache) of those 5", "show_first", None),
        ("escdir show, no cache (median of 5 cold runs)", "show_cold", None),
    ]
    print(f"\n{'step':<48} {'seconds':>9} {'CPU s':>7} {'peak MB':>9}")
    print("-" * 76)
    for label, sk, mk in rows:
        print(f"{label:<48} {_fmt(s.get(sk)):>9} {_fmt(cpu.get(sk)):>7} {_fmt(m.get(mk) if mk else None, '.0f'):>9}")
    print("(wall seconds; CPU s = user+system of the process and the workers it waited for; peak MB = largest\n"
          " single-process RSS, so parallel workers are not summed)")
    site = rep.get("site_escdir", {})
    print(f"\nsite: {site.get('vendor_pages', 0)} vendor pages, largest {rep['max_vendor_page_kb']:.1f} KB, median "
          f"{site.get('median_vendor_page_kb', 0):.1f} KB, whole site {site.get('site_mb', 0):.1f} MB "
          f"(plain floor site {rep.get('site_plain', {}).get('site_mb', 0):.1f} MB)")
    print(f"\n{'ratio':<32} {'wall':>8} {'CPU time':>9}")
    for k in RATIO_KEYS:
        print(f"{k:<32} {_fmt(rep['ratios'][k], '.3f'):>8} {_fmt(rep.get('ratios_cpu', {}).get(k), '.3f'):>9}")
    print(f"\n{'target (judged on wall-clock)':<62} {'value':>8}  result   {'CPU-time':>8}  result")
    for t in rep["targets"].values():
        print(f"{t['what']:<62} {_fmt(t['value'], '.3f'):>8}  {t['status']:<6}   {_fmt(t.get('cpu_value'), '.3f'):>8}"
              f"  {t.get('cpu_status') or '-'}")
    if rep.get("serve"):
        print(f"\nserve method: {rep['serve'].get('method', 'failed: ' + rep['serve'].get('error', '')[:200])}")
        for e in rep["serve"]["edits"]:
            print(f"  edit: detected after {e['edit_to_detect']:.2f} s, reload after {e['edit_to_reload']:.2f} s "
                  f"(build {e['build_reported']:.2f} s, {_fmt(e.get('cpu_seconds'))} CPU s), value on the served "
                  f"page after {_fmt(e['edit_to_page_has_value'])} s")
    for note in rep.get("notes", []):
        print(f"note: {note}")


# ---- browser steps -------------------------------------------------------------------------------

BROWSER_RATIO_LIMIT = 1.5  # first header-search result (from the home page) at N <= 1000 vs the 6 samples
BROWSER_RATIO_LIMIT_BIG = 2.0  # ... at N > 1000 (10,000)
BROWSER_BYTES_RATIO = 1.5  # bytes fetched before that first result vs the 6 samples
HOME_BYTES_LIMIT = 150 * 1024  # the home page's HTML at any N
KEYSTROKE_MS_LIMIT = 100.0  # worst keystroke in the home filter (input -> next frame), 4x throttled


def make_sample_project(work: Path) -> Path:
    """work/proj6: the repo's mkdocs.yml, site_src/, schema/ and its 6 sample vendors (no msp.yaml)."""
    proj = work / "proj6"
    if proj.exists():
        shutil.rmtree(proj)
    proj.mkdir(parents=True)
    for name in ("site_src", "schema", "vendors"):
        shutil.copytree(ROOT / name, proj / name)
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


def browser_site(proj: Path, site: Path, *, rates: tuple[float, ...], repeat: int) -> dict[str, Any]:
    """Browser steps on an escdir-built site of ``proj``; adds the sizes of the home page and the search files."""
    target = browser_steps.pick_target(proj / "vendors")
    out = browser_steps.measure_site(site, vendor_path=target["vendor_path"], query=target["query"],
                                     expect_url=target["expect_url"], expect_row=target["expect_row"],
                                     filter_query=target["filter_query"], rates=rates, repeat=repeat)
    search = site / "search"
    index = [p for p in search.rglob("*.json") if p.is_file()] if search.is_dir() else []
    out["index_bytes"] = sum(p.stat().st_size for p in index)
    out["index_files"] = len(index)
    out["home_bytes"] = (site / "index.html").stat().st_size
    out["target"] = target
    out["vendors"] = len(list((proj / "vendors").glob("*.yaml")))
    return out


def browser_compare(rows: list[dict[str, Any]], rates: tuple[float, ...]) -> dict[str, Any]:
    """Ratios of every row against the 6-sample row, per throttling rate, measured in the same run."""
    base = next((r for r in rows if r["vendors"] == 6), None)
    out: dict[str, Any] = {}
    for r in rows:
        out[f"n{r['vendors']}_home"] = {"home_bytes": r["home_bytes"],
                                        "home_status": "PASS" if r["home_bytes"] <= HOME_BYTES_LIMIT else "FAIL"}
        for rate in rates:
            key = f"x{rate:g}"
            worst = r[key]["filter"]["keystroke_ms_max"]
            row: dict[str, Any] = {"keystroke_ms_max": worst, "keystroke_status":
                                   "PASS" if worst is not None and (rate < 4 or worst <= KEYSTROKE_MS_LIMIT) else "FAIL"}
            if base is not None and r is not base:
                limit = BROWSER_RATIO_LIMIT if r["vendors"] <= 1000 else BROWSER_RATIO_LIMIT_BIG
                s_ratio = _ratio(r[key]["search"]["seconds"], base[key]["search"]["seconds"])
                b_ratio = _ratio(r[key]["search"]["bytes"], base[key]["search"]["bytes"])
                f_ratio = _ratio(r[key]["filter"]["seconds"], base[key]["filter"]["seconds"])
                row.update({"search_vs_6": s_ratio, "search_limit": limit, "bytes_vs_6": b_ratio, "filter_vs_6": f_ratio,
                            "search_status": "PASS" if s_ratio is not None and s_ratio <= limit else "FAIL",
                            "bytes_status": "PASS" if b_ratio is not None and b_ratio <= BROWSER_BYTES_RATIO else "FAIL"})
            out[f"n{r['vendors']}_{key}"] = row
    return out


def print_browser(rows: list[dict[str, Any]], cmp: dict[str, Any], rates: tuple[float, ...]) -> None:
    print(f"\n{'N':>5} {'CPU':>4} {'search from home s':>19} {'KB before':>10} {'ok':>3} {'home filter s':>14} "
          f"{'key ms med/max':>15} {'result ms med/max':>18} {'home KB':>8}")
    for r in rows:
        for rate in rates:
            k = f"x{rate:g}"
            s, f = r[k]["search"], r[k]["filter"]
            print(f"{r['vendors']:>5} {k:>4} {s['seconds']:>19.2f} {s['bytes'] / 1024:>10.0f} "
                  f"{'y' if s['first_ok'] else 'n':>3} {f['seconds']:>14.2f} "
                  f"{_fmt(f['keystroke_ms_median'], '.0f') + '/' + _fmt(f['keystroke_ms_max'], '.0f'):>15} "
                  f"{_fmt(f.get('result_ms_median'), '.0f') + '/' + _fmt(f.get('result_ms_max'), '.0f'):>18} "
                  f"{r['home_bytes'] / 1024:>8.0f}")
    print("(median of the runs; CPU x4 = CDP Emulation.setCPUThrottlingRate 4 on the page's main thread; Chromium\n"
          " cannot throttle dedicated workers, so Material's guide search in its worker runs at full speed.)")
    for key, c in cmp.items():
        if "home_status" in c:
            print(f"{key}: home page {c['home_bytes'] / 1024:.0f} KB (<= {HOME_BYTES_LIMIT // 1024}: {c['home_status']})")
            continue
        line = f"{key}: worst keystroke {_fmt(c['keystroke_ms_max'], '.0f')} ms"
        line += f" (<= {KEYSTROKE_MS_LIMIT:.0f} at x4: {c['keystroke_status']})" if key.endswith("x4") else ""
        if "search_vs_6" in c:
            line += (f"; first search result from home {_fmt(c['search_vs_6'], '.2f')}x the 6-sample site (<= "
                     f"{c['search_limit']}: {c['search_status']}), bytes before it {_fmt(c['bytes_vs_6'], '.2f')}x "
                     f"(<= {BROWSER_BYTES_RATIO}: {c['bytes_status']}); home filter {_fmt(c['filter_vs_6'], '.2f')}x")
        print(line)


def browser_prebuilt(args: argparse.Namespace) -> dict[str, Any]:
    """Browser steps on sites built beforehand: each DIR holds ``proj*/vendors`` and ``site/`` (e.g. from
    ``--keep``); the site's JavaScript is refreshed from this checkout first. Same comparison as --browser-scaling."""
    rates = tuple(float(x) for x in args.browser_rates.split(","))
    rows = []
    for d in [Path(x) for x in args.browser_prebuilt.split(",") if x.strip()]:
        proj = next(p for p in sorted(d.glob("proj*")) if (p / "vendors").is_dir())
        shutil.copytree(ROOT / "site_src" / "javascripts", d / "site" / "javascripts", dirs_exist_ok=True)
        rows.append(browser_site(proj, d / "site", rates=rates, repeat=args.browser_repeat))
    rows.sort(key=lambda r: r["vendors"])
    cmp = browser_compare(rows, rates)
    print_browser(rows, cmp, rates)
    return {"browser": rows, "browser_ratios": cmp, "machine": {"cpus": os.cpu_count(), "loadavg_end": os.getloadavg()},
            "code": code_fingerprint()}


def browser_scaling(args: argparse.Namespace) -> dict[str, Any]:
    """Build the 6 samples and N synthetic vendors for each N; browser steps on each site."""
    os.environ.update(BASE_ENV)
    step = _stepper(args.quiet)
    rates = tuple(float(x) for x in args.browser_rates.split(","))
    rows = []
    for n in [int(x) for x in args.browser_scaling.split(",") if x.strip()]:
        work = Path(tempfile.mkdtemp(prefix=f"escdir-browser-{n}-"))
        if n == 6:
            proj = make_sample_project(work)
        else:
            step(f"N={n}: generating")
            proj, _p, _s, _g = make_project(work, n, args.seed)
        step(f"N={n}: escdir build")
        b = run([tool("escdir"), "build", "--site-dir", str(work / "site")], cwd=proj, env=child_env(work),
                timeout=max(300.0, n * 1.2)).check("escdir build")
        step(f"N={n}: browser steps")
        row = browser_site(proj, work / "site", rates=rates, repeat=args.browser_repeat)
        row["build_s"] = b.seconds
        rows.append(row)
        shutil.rmtree(work, ignore_errors=True)
    cmp = browser_compare(rows, rates)
    print_browser(rows, cmp, rates)
    return {"browser": rows, "browser_ratios": cmp, "machine": {"cpus": os.cpu_count(), "loadavg_end": os.getloadavg()},
            "code": code_fingerprint()}


# ---- scaling -------------------------------------------------------------------------------------

SCALE_PEAK_MB = 2048  # a full build at N = 10,000: peak memory (the build process's own RSS)
SCALE_VS_PLAIN = 1.0  # ... and its time against a plain MkDocs build of the same pages, same run


def scaling(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.update(BASE_ENV)
    step = _stepper(args.quiet)
    sizes = [int(x) for x in args.scaling.split(",") if x.strip()]
    if args.with_10k and 10_000 not in sizes:
        sizes.append(10_000)
    rows = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"escdir-scale-{n}-"))
        env = child_env(work)
        timeout = max(300.0, n * 0.6)
        step(f"N={n}: generating")
        proj, _paths, stats, _gen_s = make_project(work, n, args.seed)
        step(f"N={n}: escdir validate")
        v = run([tool("escdir"), "validate"], cwd=proj, env=env, timeout=timeout).check("escdir validate")
        step(f"N={n}: escdir build")
        b = run([tool("escdir"), "build", "--site-dir", str(work / "site")], cwd=proj, env=env,
                timeout=timeout * 2).check("escdir build")
        site = site_stats(work / "site")
        shutil.rmtree(work / "site", ignore_errors=True)
        step(f"N={n}: plain mkdocs build of the same pages")
        plain, _written = make_plain_project(work, proj)
        pb = run([tool("mkdocs"), "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "site-plain")],
                 cwd=plain, env=env, timeout=timeout * 4).check("plain mkdocs build")
        rows.append({"n": n, "validate_s": v.seconds, "build_s": b.seconds, "validate_peak_mb": v.peak_mb,
                     "build_peak_mb": b.peak_mb, "site_mb": site["site_mb"], "max_vendor_page_kb": site["max_vendor_page_kb"],
                     "yaml_mb": stats.bytes / 1e6, "plain_s": pb.seconds, "plain_peak_mb": pb.peak_mb,
                     "build_vs_plain": _ratio(b.seconds, pb.seconds), "build_cpu_s": b.cpu, "plain_cpu_s": pb.cpu,
                     "loadavg": os.getloadavg()[0]})
        # Each N as soon as it is measured: a long run (--with-10k) that is stopped still reports what it saw.
        print("row " + json.dumps(rows[-1]), flush=True)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"scaling_partial": rows}, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    out: dict[str, Any] = {"scaling": rows, "machine": {"cpus": os.cpu_count(), "loadavg_end": os.getloadavg()},
                           "code": code_fingerprint()}
    for key in ("validate_s", "build_s"):
        per = [r[key] / r["n"] for r in rows]
        out[f"{key}_per_vendor_max_over_min"] = max(per) / min(per) if per else None
        slopes = [(b[key] - a[key]) / (b["n"] - a["n"]) for a, b in itertools.pairwise(rows) if b["n"] != a["n"]]
        out[f"{key}_marginal_max_over_min"] = (max(slopes) / min(slopes)) if len(slopes) > 1 and min(slopes) > 0 else None
    print(f"\n{'N':>6} {'validate s':>11} {'ms/vendor':>10} {'build s':>9} {'ms/vendor':>10} {'val MB':>7} "
          f"{'build MB':>9} {'site MB':>8} {'max page KB':>12} {'plain s':>8} {'plain MB':>9} {'vs plain':>9}")
    for r in rows:
        print(f"{r['n']:>6} {r['validate_s']:>11.2f} {1000 * r['validate_s'] / r['n']:>10.2f} {r['build_s']:>9.2f} "
              f"{1000 * r['build_s'] / r['n']:>10.2f} {r['validate_peak_mb']:>7.0f} {r['build_peak_mb']:>9.0f} "
              f"{r['site_mb']:>8.1f} {r['max_vendor_page_kb']:>12.1f} {r['plain_s']:>8.1f} {r['plain_peak_mb']:>9.0f} "
              f"{_fmt(r['build_vs_plain'], '.2f'):>9}")
    for r in rows:
        if r["n"] >= 10_000:
            mem_ok = r["build_peak_mb"] <= SCALE_PEAK_MB
            ratio_ok = r["build_vs_plain"] is not None and r["build_vs_plain"] <= SCALE_VS_PLAIN
            print(f"N={r['n']}: build peak {r['build_peak_mb']:.0f} MB (<= {SCALE_PEAK_MB}: {'PASS' if mem_ok else 'FAIL'}), "
                  f"{_fmt(r['build_vs_plain'], '.2f')}x a plain MkDocs build (<= {SCALE_VS_PLAIN}: "
                  f"{'PASS' if ratio_ok else 'FAIL'})")
    for key, label in (("validate_s", "validate"), ("build_s", "build")):
        ratio = out[f"{key}_per_vendor_max_over_min"]
        marg = out[f"{key}_marginal_max_over_min"]
        # Judged on the marginal cost: at N = 100 the fixed start-up (interpreter, imports, theme) is most of the
        # time, so seconds per vendor there say nothing about how the work grows.
        status = "PASS" if marg is not None and marg <= 1.3 else "FAIL"
        print(f"{label}: marginal cost per extra vendor max/min = {_fmt(marg, '.2f')} (target <= 1.3: {status}); "
              f"seconds per vendor max/min = {_fmt(ratio, '.2f')} (fixed start-up cost included)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="escdir benchmark (see bench/README.md)")
    ap.add_argument("--n", type=int, default=1000, help="number of synthetic vendors (default 1000)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--scaling", nargs="?", const="100,1000,3000",
                    help="comma-separated Ns (default 100,1000,3000): validate, escdir build and a plain MkDocs build "
                         "of the same pages at each N; linearity, peak memory, build vs plain")
    ap.add_argument("--with-10k", action="store_true",
                    help="scaling: add N = 10,000 (long: ~15-30 min on 2 cores) and judge its peak memory and time")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--skip-serve", action="store_true", help="skip the mkdocs serve rebuild measurement")
    ap.add_argument("--skip-show", action="store_true", help="skip escdir show")
    ap.add_argument("--skip-zensical", action="store_true", help="skip the Zensical build")
    ap.add_argument("--skip-check-jsonschema", action="store_true", help="skip the check-jsonschema comparison")
    ap.add_argument("--serve-edits", type=int, default=2, help="edits timed under serve (median reported)")
    ap.add_argument("--serve-via", choices=("escdir", "mkdocs"), default="escdir",
                    help="run `escdir serve` (default) or plain `mkdocs serve` with the plugin from mkdocs.yml")
    ap.add_argument("--serve-arg", action="append", default=[],
                    help="extra argument for the serve command, e.g. --serve-arg=--full-rebuild (repeatable)")
    ap.add_argument("--browser-scaling", help="comma-separated Ns (6 = the samples): browser steps at each N")
    ap.add_argument("--browser-rates", default="1,4", help="CPU throttling rates for the browser steps")
    ap.add_argument("--browser-prebuilt", help="comma-separated dirs with proj*/vendors and site/: browser steps only")
    ap.add_argument("--browser-repeat", type=int, default=3, help="browser runs per step (the median is reported)")
    ap.add_argument("--workdir", help="work directory (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (synthetic project and sites)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args(argv)
    if args.browser_prebuilt:
        rep = browser_prebuilt(args)
    elif args.browser_scaling:
        rep = browser_scaling(args)
    elif args.scaling:
        rep = scaling(args)
    else:
        rep = bench(args)
        print_report(rep)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rep, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
