"""Names on the command line are checked before anything is built: an empty, blank or unknown ``--client`` and an
``--audience`` off the list are usage errors (exit 2) and never fall back to the internal site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    for name in ("vendors", "clients", "site_src"):
        shutil.copytree(ROOT / name, proj / name)
    for name in ("mkdocs.yml", "msp.yaml"):
        shutil.copy(ROOT / name, proj / name)
    monkeypatch.chdir(proj)
    return proj


def _nothing_built(proj: Path, out: Path) -> bool:
    return not out.exists() and not list(proj.glob(".out*")) and not (proj / "site").exists()


@pytest.mark.parametrize("client", ["", " ", "\t", "nobody", "Brightwater-Clinics", "brightwater-clinics ",
                                    "../clients/brightwater-clinics", "internal"])
def test_build_refuses_an_empty_blank_or_unknown_client(project: Path, run_cli, client: str) -> None:
    out = project / "out"
    result = run_cli("build", "--client", client, "--site-dir", out)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("escdir: --client"), result.stderr
    assert "brightwater-clinics" in lines[0]  # the known clients are named
    assert _nothing_built(project, out)


def test_a_client_name_that_exists_builds_that_client(project: Path, run_cli) -> None:
    out = project / "out"
    result = run_cli("build", "--client", "kestrel-logistics", "--site-dir", out)
    assert result.exit_code == 0, result.output
    assert "Kestrel" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "msp").exists()  # not the internal site


@pytest.mark.parametrize("audience", ["", " ", "Internal", "CLIENT", "everyone", "internal "])
@pytest.mark.parametrize("command", ["build", "export"])
def test_an_audience_off_the_list_is_a_usage_error(project: Path, run_cli, command: str, audience: str) -> None:
    out = project / "out"
    args = ["--site-dir", out] if command == "build" else ["--out", out]
    result = run_cli(command, "--audience", audience, *args)
    assert result.exit_code == 2, result.output
    assert "--audience" in result.output
    assert _nothing_built(project, out)


def test_client_and_a_non_client_audience_exclude_each_other(project: Path, run_cli) -> None:
    for audience in ("internal", "public"):
        result = run_cli("build", "--client", "kestrel-logistics", "--audience", audience, "--site-dir", "out")
        assert result.exit_code == 2 and not (project / "out").exists()
    assert run_cli("build", "--client", "", "--all-clients", "--site-dir", "out").exit_code == 2


def test_build_site_api_refuses_an_empty_client(project: Path) -> None:
    from escdir.publish.build import UsageError, build_site

    with pytest.raises(UsageError):
        build_site(project / "mkdocs.yml", project / "out", client="")
    assert not (project / "out").exists()


def test_an_msp_with_many_clients_gets_a_short_line(project: Path, run_cli) -> None:
    source = (project / "clients" / "kestrel-logistics.yaml").read_text(encoding="utf-8")
    for i in range(30):
        (project / "clients" / f"client-{i:02d}.yaml").write_text(
            source.replace("id: kestrel-logistics", f"id: client-{i:02d}"), encoding="utf-8")
    result = run_cli("build", "--client", "nobody", "--site-dir", project / "out")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "and 22 more" in line and len(line) < 400, line
