"""The package type-checks: mypy, configured by pyproject.toml's [tool.mypy] (strict, with the listed exceptions),
reports no error on generator/escdir."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir",
         str(tmp_path / "mypy-cache"), "--no-error-summary", "generator/escdir"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, proc.stdout[-4000:] + proc.stderr[-2000:]
