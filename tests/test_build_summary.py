"""A non-strict build says what it published past its warnings: a count per code, the first problem lines
(client-affecting first for a client build) and the --strict hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from escdir.derive.published import Published
from escdir.errors import Problem
from escdir.present.reporting.build import SHOWN

ROOT = Path(__file__).resolve().parents[1]
CANARY = Path(__file__).resolve().parent / "data" / "canary"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary project (its beta-only vendor has no sources, ESC306, no review interval, ESC307, and no
    client_summary, ESC406 for beta-client) with an unmeetable P1 promise for alpha-client (ESC404)."""
    proj = tmp_path_factory.mktemp("summary") / "proj"
    shutil.copytree(CANARY, proj)
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    with (proj / "clients" / "alpha-client.yaml").open("a") as f:
        f.write("sla:\n  - priority: P1\n    vendor_engaged: 50m\n")
    return proj


def _build(run_cli, project: Path, *args: str, site: str) -> list[str]:
    result = run_cli("build", "--config", project / "mkdocs.yml", "--site-dir", project / site, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("site built in ")
    return result.stderr.splitlines()


def test_internal_build_prints_counts_lines_and_the_strict_hint(run_cli, project: Path) -> None:
    lines = _build(run_cli, project, site="site")
    assert lines[0] == "published with 4 warnings (ESC306 ×1, ESC307 ×1, ESC404 ×1, ESC406 ×1):"
    assert lines[1] == "  client sites concerned: beta-client 3, alpha-client 1"
    assert lines[2].startswith("  clients/alpha-client.yaml:") and "warning ESC404" in lines[2]
    assert lines[3].startswith("  clients/beta-client.yaml:") and "warning ESC406" in lines[3]
    assert lines[4].startswith("  vendors/canary-wholesale.yaml:") and "warning ESC306" in lines[4]
    assert lines[-1] == "  build with --strict to fail on warnings instead of publishing them"


@pytest.mark.parametrize(("client", "mine", "first"), [("alpha-client", "1 of them concerns", "ESC404"),
                                                       ("beta-client", "3 of them concern", "ESC406")])
def test_client_build_lists_its_own_problems_first(run_cli, project: Path, client: str, mine: str, first: str) -> None:
    lines = _build(run_cli, project, "--client", client, site=f"site-{client}")
    assert lines[1] == f"  {mine} this client's site ({client}); listed first"
    assert f"warning {first}" in lines[2]


def test_all_clients_prints_one_summary(run_cli, project: Path) -> None:
    lines = _build(run_cli, project, "--all-clients", site="site-clients")
    assert sum(line.startswith("published with") for line in lines) == 1
    assert lines[0] == "published with 4 warnings (ESC306 ×1, ESC307 ×1, ESC404 ×1, ESC406 ×1):"


def test_strict_build_fails_instead(run_cli, project: Path) -> None:
    result = run_cli("build", "--config", project / "mkdocs.yml", "--site-dir", project / "site-strict", "--strict")
    assert result.exit_code == 1 and "ESC404" in result.stderr
    assert "published with" not in result.output


def test_clean_build_prints_no_summary(run_cli, tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    shutil.copytree(CANARY, proj)
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    wholesale = proj / "vendors" / "canary-wholesale.yaml"
    wholesale.write_text(wholesale.read_text().replace(
        "last_verified: 2026-11-01\n", "last_verified: 2026-11-01\nreview_every: 180d\nsources:\n"
        "  - url: https://www.canary-wholesale.example.com/support\nclient_summary: Circuits to your sites.\n"))
    result = run_cli("build", "--config", proj / "mkdocs.yml", "--site-dir", proj / "site")
    assert result.exit_code == 0 and result.stderr == "", result.stderr


def test_client_facing_codes_are_registered() -> None:
    from escdir.derive.published import CLIENT_FACING
    from escdir.errors import CODES

    assert all(code in CODES for code in CLIENT_FACING)


def test_summary_is_bounded_and_terminal_safe() -> None:
    import io

    from escdir.present.reporting.build import text_summary

    warnings = tuple(Problem.make("ESC301", f"vendors/v{i}.yaml", "stale\x1b[2J", line=1, col=1) for i in range(12))
    out = io.StringIO()
    text_summary(Published(warnings, tuple(() for _ in warnings)), out)
    text = out.getvalue()
    assert "\x1b" not in text and text.count("warning ESC301") == SHOWN
    assert f"… and {12 - SHOWN} more: `escdir validate` lists every one" in text
