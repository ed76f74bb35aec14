#!/usr/bin/env python3
"""Profile the escdir side of a step that misses its target (cProfile), in-process.

    python bench/prof_escdir.py rebuild --n 1000          # serve rebuild, exactly as `mkdocs serve` does it
    python bench/prof_escdir.py rebuild --n 1000 --cached-plugin   # same, with the plugin instance kept
    python bench/prof_escdir.py build --n 1000            # one full `escdir build`
    python bench/prof_escdir.py validate --n 1000         # escdir.check.validate.validate_paths
    python bench/prof_escdir.py rebuild --proj DIR        # reuse a project kept by bench.py --keep

`rebuild` reproduces mkdocs 1.6's serve loop as `escdir serve` drives it (dirty reload; ``--full-rebuild``
for every page): the first build uses one config; every rebuild calls
``load_config`` again (serve's ``get_config()``) and ``build(config, serve_url=...)``. MkDocs keeps a
plugin *instance* across those calls only if the plugin class has ``on_startup`` or ``on_shutdown``
(mkdocs/config/config_options.py, Plugins.load_plugin); ``--cached-plugin`` adds a no-op
``on_startup`` to EscdirPlugin *in this process only* to show what that changes. Nothing under
generator/ is modified.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

os.environ.setdefault("ESCDIR_TODAY", "2026-11-23")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _project(args: argparse.Namespace) -> tuple[Path, Path]:
    if args.proj:
        proj = Path(args.proj).resolve()
        return proj, Path(tempfile.mkdtemp(prefix="escdir-prof-"))
    import bench

    work = Path(tempfile.mkdtemp(prefix="escdir-prof-"))
    os.environ["ESCDIR_CACHE_DIR"] = str(work / "cache")
    proj, _paths, _stats, _t = bench.make_project(work, args.n, args.seed)
    return proj, work


def _report(prof: cProfile.Profile, title: str, top: int) -> None:
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats(key).print_stats(top)
        print(f"\n==== {title}: top {top} by {key} ====")
        print("\n".join(buf.getvalue().splitlines()[:top + 12]))
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("cumulative").print_stats("/escdir/", top)
    print(f"\n==== {title}: escdir functions by cumulative ====")
    print("\n".join(buf.getvalue().splitlines()[:top + 12]))


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_validate(args: argparse.Namespace) -> None:
    """What `escdir validate` runs (check_problems), cold (no cache) and in one process so cProfile sees it all."""
    import yaml

    from escdir import today
    from escdir.check import validate as v

    proj, work = _project(args)
    files = sorted((proj / "vendors").glob("*.yaml"))
    t0 = time.perf_counter()
    for f in files:
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    floor = time.perf_counter() - t0
    run = (lambda: v.check_problems([proj / "vendors"], today=today(), root=proj, cache=False, jobs=1)) \
        if hasattr(v, "check_problems") else (lambda: v.validate_paths([proj / "vendors"], today=today(), root=proj))
    t0 = time.perf_counter()
    result = run()
    plain = time.perf_counter() - t0
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    print(f"bare parse (CSafeLoader) {floor:.2f} s; escdir validation, one process, no cache: {plain:.2f} s "
          f"({plain / floor:.2f}x the parse); {result.files} files, {len(result.errors)} errors; "
          f"peak RSS {_maxrss_mb():.0f} MB")
    _report(prof, "escdir validate (serial, cold)", args.top)
    shutil.rmtree(work, ignore_errors=True)


def cmd_build(args: argparse.Namespace) -> None:
    from escdir.publish.build import build_site

    proj, work = _project(args)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    build_site(proj / "mkdocs.yml", work / "site")
    prof.disable()
    print(f"build_site: {time.perf_counter() - t0:.2f} s (under cProfile), peak RSS {_maxrss_mb():.0f} MB")
    _report(prof, "escdir build", args.top)
    shutil.rmtree(work, ignore_errors=True)


def cmd_rebuild(args: argparse.Namespace) -> None:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from escdir import plugin as plugin_mod

    if args.cached_plugin:
        plugin_mod.EscdirPlugin.on_startup = lambda self, *, command, dirty: None  # type: ignore[attr-defined]
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    proj, work = _project(args)
    site = work / "serve-site"
    site.mkdir(parents=True, exist_ok=True)
    serve_url = "http://127.0.0.1:8000/"

    def get_config():  # what mkdocs.commands.serve.serve does
        cfg = load_config(config_file=str(proj / "mkdocs.yml"), site_dir=str(site))
        cfg.site_url = serve_url
        return cfg

    dirty = not args.full_rebuild  # `escdir serve` uses MkDocs' dirty reload unless --full-rebuild
    cfg = get_config()
    cfg.plugins.on_startup(command="serve", dirty=dirty)
    first_plugin = cfg.plugins["escdir"]
    t0 = time.perf_counter()
    build(cfg, serve_url=serve_url, dirty=dirty)
    initial = time.perf_counter() - t0
    rss_initial = _maxrss_mb()

    import bench

    vendor = sorted((proj / "vendors").glob("*.yaml"))[len(list((proj / "vendors").glob("*.yaml"))) // 2]
    bench.edit_vendor(vendor, "PROFEDIT")

    timings = {}
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    cfg2 = get_config()
    timings["load_config"] = time.perf_counter() - t0
    plugin = cfg2.plugins["escdir"]
    orig = plugin.on_files

    def timed_on_files(files, config):
        t = time.perf_counter()
        try:
            return orig(files, config)
        finally:
            timings["escdir on_files (validate + generate pages)"] = time.perf_counter() - t

    plugin.on_files = timed_on_files  # the event list holds the bound method; patch it there too
    events = cfg2.plugins.events["files"]
    cfg2.plugins.events["files"] = [timed_on_files if getattr(e, "__self__", None) is plugin else e for e in events]
    t1 = time.perf_counter()
    build(cfg2, serve_url=serve_url, dirty=dirty)
    timings["build()"] = time.perf_counter() - t1
    prof.disable()
    total = time.perf_counter() - t0
    print(f"plugin instance reused across rebuilds: {plugin is first_plugin}")
    print(f"initial build {initial:.2f} s; rebuild {total:.2f} s (under cProfile) = rebuild/initial "
          f"{total / initial:.2f}; peak RSS after first build {rss_initial:.0f} MB, after rebuild {_maxrss_mb():.0f} MB")
    for k, v in timings.items():
        print(f"  {k:<48} {v:7.2f} s")
    _report(prof, "serve rebuild" + (" (cached plugin)" if args.cached_plugin else ""), args.top)
    if not args.proj:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("validate", "build", "rebuild"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--proj", help="an existing project directory (mkdocs.yml + vendors/)")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--full-rebuild", action="store_true", help="rebuild: every page (like `escdir serve --full-rebuild`)")
    ap.add_argument("--cached-plugin", action="store_true", help="rebuild: keep the plugin instance (simulated fix)")
    args = ap.parse_args()
    {"validate": cmd_validate, "build": cmd_build, "rebuild": cmd_rebuild}[args.what](args)


if __name__ == "__main__":
    main()
