"""Dates outside the range escdir computes are a clear usage error from `when`, `rma` and `show --at`, for every
vendor; the range's own ends still get an answer (or a reasoned 'no'), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.derive.clock.times import EARLIEST, LATEST

ROOT = Path(__file__).resolve().parents[1]
DIRS = [ROOT / "vendors", ROOT / "tests" / "data" / "real"]
VENDORS = [(d, v) for d in DIRS for v in validate_paths([d]).vendors]
OUTSIDE = ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "0001-01-01T00:00+01:00", "9999-12-31T23:30-05:00",
           "1969-12-31T23:59", "2200-01-01T00:00"]
EDGES = [f"{EARLIEST:%Y-%m-%dT%H:%M}", f"{LATEST:%Y-%m-%dT%H:%M}"]


def _commands(vendor_id: str, severity: str, moment: str) -> list[list[str]]:
    return [["when", vendor_id, "-s", severity, "--opened", moment], ["rma", vendor_id, "--failed", moment],
            ["show", vendor_id, "--at", moment, "--no-cache"]]


@pytest.mark.parametrize(("directory", "vendor"), VENDORS, ids=[v.id for _d, v in VENDORS])
def test_dates_outside_the_range_are_one_line_usage_errors(run_cli, directory: Path, vendor, tmp_path) -> None:
    assert len([v for d, v in VENDORS if d == ROOT / "vendors"]) == 6
    for moment in OUTSIDE:
        for args in _commands(vendor.id, vendor.severities[0].id, moment):
            result = run_cli(*args, "--tz", "UTC", "--dir", directory)
            assert result.exit_code == 2, (args, result.output)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "outside the dates escdir computes" in lines[0], (args, result.stderr)
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)


@pytest.mark.parametrize(("directory", "vendor"), VENDORS, ids=[v.id for _d, v in VENDORS])
def test_the_ends_of_the_range_are_answered_for_every_severity(run_cli, directory: Path, vendor) -> None:
    for moment in EDGES:
        runs = _commands(vendor.id, vendor.severities[0].id, moment)[1:]  # rma and show do not depend on severity
        runs += [["when", vendor.id, "-s", sev.id, "--opened", moment] for sev in vendor.severities]
        for args in runs:
            result = run_cli(*args, "--tz", "UTC", "--dir", directory)
            assert result.exit_code in (0, 1), (args, result.output)  # 1: e.g. no RMA terms, said in words
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert "Traceback" not in result.output
