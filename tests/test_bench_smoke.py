"""Smoke test of the benchmark harness: the synthetic vendors validate, and bench.py writes every key.

No timing assertions here: performance targets live in bench/bench.py (PASS/FAIL lines), never in
unit tests, which must not flake on a busy machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sitetools as st

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def _synth():
    return st.bench_synth()


def test_synthetic_vendors_validate_without_errors(tmp_path: Path, today) -> None:
    from escdir.check.validate import validate_paths

    synth = _synth()
    paths, stats = synth.generate(20, tmp_path / "vendors")
    assert len(paths) == 20 == stats.files
    assert len({p.stem for p in paths}) == 20
    result = validate_paths([tmp_path / "vendors"], today=today)
    assert result.files == 20
    assert result.errors == [], "\n".join(p.format() for p in result.errors)
    # Only warnings the generator makes on purpose (a few stale entries); never a repeated phone line.
    assert {p.code for p in result.warnings} <= {"ESC301"}
    assert stats.duplicate_phones == 0
    assert len(result.vendors) == 20


def test_generator_is_deterministic_and_varied(tmp_path: Path) -> None:
    synth = _synth()
    a, _ = synth.generate(12, tmp_path / "a", seed=7)
    b, _ = synth.generate(12, tmp_path / "b", seed=7)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    sizes = {p.stat().st_size for p in a}
    assert len(sizes) > 6  # not twelve copies of one file


def test_bench_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, ESCDIR_TODAY="2026-11-23", NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, str(BENCH / "bench.py"), "--n", "20", "--json", str(out), "--skip-serve",
                           "--quiet", "--workdir", str(tmp_path / "work")],
                          check=False, capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["n"] == 20
    for key in ("n", "seconds", "peak_mb", "ratios", "show_seconds", "max_vendor_page_kb", "targets"):
        assert key in rep, key
    assert set(rep["ratios"]) == {"validate_vs_check_jsonschema", "validate_vs_parse", "warm_vs_cold",
                                  "build_vs_mkdocs", "rebuild_vs_build", "zensical_vs_mkdocs"}
    for key in ("bare_parse", "check_jsonschema", "validate_cold", "validate_warm", "mkdocs_build_plain",
                "escdir_build", "serve_rebuild", "show"):
        assert key in rep["seconds"], key
    for key in ("bare_parse", "validate_cold", "validate_warm", "mkdocs_build_plain", "escdir_build"):
        assert isinstance(rep["seconds"][key], float) and rep["seconds"][key] > 0, key
    assert rep["seconds"]["serve_rebuild"] is None  # skipped
    assert rep["ratios"]["rebuild_vs_build"] is None
    assert rep["max_vendor_page_kb"] > 0
    assert rep["validate_summary"]["validate_cold"]["errors"] == 0
    assert rep["site_escdir"]["vendor_pages"] == 20
    if importlib.util.find_spec("zensical") is not None:  # the Zensical build, as a ratio to the MkDocs build
        assert rep["site_zensical"]["vendor_pages"] == 20
        assert rep["ratios"]["zensical_vs_mkdocs"] == pytest.approx(
            rep["seconds"]["zensical_build"] / rep["seconds"]["escdir_build"], rel=0.01)
    assert {t["status"] for t in rep["targets"].values()} <= {"PASS", "FAIL", "SKIP"}
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout  # the table was printed


@pytest.mark.parametrize("n", [3])
def test_scaling_mode_runs(tmp_path: Path, n: int) -> None:
    out = tmp_path / "scale.json"
    env = dict(os.environ, ESCDIR_TODAY="2026-11-23", NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, str(BENCH / "bench.py"), "--scaling", f"{n},{2 * n}", "--json", str(out),
                           "--quiet"], check=False, capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert [r["n"] for r in rep["scaling"]] == [n, 2 * n]
    assert rep["validate_s_per_vendor_max_over_min"] is not None


def _bench():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("escdir_bench_main", BENCH / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _browser_row(n: int, seconds: float, nbytes: int, home: int, key_ms: float) -> dict:
    step = {"seconds": seconds, "bytes": nbytes, "keystroke_ms_max": key_ms}
    return {"vendors": n, "home_bytes": home, "x4": {"search": step, "filter": step}}


def test_browser_comparison_is_a_ratio_against_the_samples_in_the_same_run() -> None:
    """The harness's arithmetic, on made-up figures (no browser, no timing of this machine)."""
    bench = _bench()
    rows = [_browser_row(6, 2.0, 400_000, 20_000, 40), _browser_row(1000, 2.8, 590_000, 20_000, 60),
            _browser_row(10000, 4.2, 610_000, 200_000, 140)]
    cmp = bench.browser_compare(rows, (4.0,))
    assert cmp["n1000_x4"]["search_vs_6"] == pytest.approx(1.4) and cmp["n1000_x4"]["search_status"] == "PASS"
    assert cmp["n1000_x4"]["bytes_status"] == "PASS" and cmp["n1000_x4"]["keystroke_status"] == "PASS"
    assert cmp["n10000_x4"]["search_limit"] == 2.0 and cmp["n10000_x4"]["search_status"] == "FAIL"  # 2.1x
    assert cmp["n10000_x4"]["bytes_status"] == "FAIL" and cmp["n10000_x4"]["keystroke_status"] == "FAIL"
    assert cmp["n10000_home"]["home_status"] == "FAIL" and cmp["n6_home"]["home_status"] == "PASS"
