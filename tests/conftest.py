"""Shared test helpers: data paths, a fixed "today", and an in-process CLI runner."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).resolve().parent / "data"

# The README runs the tests as `.venv/bin/python -m pytest` without activating the venv: put the venv's scripts
# (escdir, pre-commit, mkdocs) first on PATH so subprocess tests run them instead of skipping or finding others.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
TODAY = date(2026, 11, 23)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Pin escdir.today() (ESCDIR_TODAY) so staleness and future-date checks are reproducible."""
    monkeypatch.setenv("ESCDIR_TODAY", TODAY.isoformat())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return TODAY


@pytest.fixture
def run_cli(today: date):
    """Invoke ``escdir <args>`` in-process; returns click's Result."""
    from escdir.cli import cli

    def run(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], env=env)

    return run


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory):
    """`escdir validate` keeps a content-hash cache in the user's cache dir; tests use their own."""
    import os

    old = os.environ.get("ESCDIR_CACHE_DIR")
    os.environ["ESCDIR_CACHE_DIR"] = str(tmp_path_factory.mktemp("escdir-cache"))
    yield
    if old is None:
        os.environ.pop("ESCDIR_CACHE_DIR", None)
    else:
        os.environ["ESCDIR_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def chromium():
    """The test process's one Playwright Chromium (tests/sitetools.py), closed at the end of the session."""
    import sitetools

    with sitetools.chromium() as browser:
        yield browser


@pytest.fixture(autouse=True, scope="session")
def _close_chromium():
    yield
    import sitetools

    sitetools.stop_chromium()


@pytest.fixture(scope="session")
def msp_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The samples' internal site and the first client's site, built once for every browser module that needs both."""
    import sitetools

    return sitetools.build_internal_and_client(tmp_path_factory.mktemp("msp-sites"))


@pytest.fixture(scope="session")
def msp_servers(msp_sites: dict[str, Path]):
    """Both sites served on 127.0.0.1."""
    import sitetools

    with sitetools.serve(msp_sites["internal"]) as a, sitetools.serve(msp_sites["client"]) as b:
        yield {"internal": a, "client": b}


# Property tests: a local run explores new random examples (hypothesis' default profile); CI selects the
# derandomised "ci" profile (ESCDIR_HYPOTHESIS_PROFILE=ci, set by .ci/run) so a red run is reproducible and a
# landing is never blocked by a seed nobody chose. Failures found locally become explicit regression tests.
def _hypothesis_profiles() -> None:
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    settings.register_profile("explore", print_blob=True)
    settings.load_profile(os.environ.get("ESCDIR_HYPOTHESIS_PROFILE", "explore"))


_hypothesis_profiles()
