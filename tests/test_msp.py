"""MSP audiences: canaries never reach client builds, alignment arithmetic, reference and path checks."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from escdir.check.validate import validate_paths
from escdir.cli import cli
from escdir.derive.msp import load_msp_project
from escdir.publish.build import BuildError, build_all_clients, build_site

ROOT = Path(__file__).resolve().parents[1]
CANARY = ROOT / "tests" / "data" / "canary"
# Internal phone numbers of the canary fixture (people's direct line and mobile), in every form a page might use.
CANARY_PHONES = ["+12025550162", "202-555-0162", "+12025550163", "202-555-0163",
                 # the MSP-only vendor's NOC line and duty manager (public there, but clients must never call them)
                 "+12025550171", "202-555-0171", "+12025550172", "202-555-0172"]


def canaries() -> list[str]:
    text = "".join(p.read_text() for p in CANARY.rglob("*.yaml"))
    found = set(re.findall(r"CANARY-[A-Z-]+[A-Z]", text)) | set(re.findall(r"canary-[a-z-]+@example\.com", text))
    return sorted(found) + CANARY_PHONES


def make_canary_project(tmp: Path) -> Path:
    proj = tmp / "proj"
    shutil.copytree(CANARY, proj)
    shutil.copytree(ROOT / "site_src", proj / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    return proj


def read_all(site: Path) -> dict[str, str]:
    out = {}
    for p in site.rglob("*"):
        if p.is_file():
            raw = p.read_bytes()
            if p.suffix == ".gz":
                raw = gzip.decompress(raw)
            out[str(p.relative_to(site))] = raw.decode("utf-8", errors="replace")
    return out


@pytest.fixture(scope="module")
def canary_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("canary")
    proj = make_canary_project(tmp)
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = "2026-11-23"
    try:
        internal = build_site(proj / "mkdocs.yml", proj / "site-internal")
        clients = build_all_clients(proj / "mkdocs.yml", proj / "site-clients")
    finally:
        if old is None:
            del os.environ["ESCDIR_TODAY"]
        else:
            os.environ["ESCDIR_TODAY"] = old
    return internal, clients


def test_fixture_has_canaries() -> None:
    assert len(canaries()) >= 20


def test_internal_build_contains_every_canary(canary_builds) -> None:
    internal, _ = canary_builds
    blob = "\n".join(read_all(internal).values())
    missing = [c for c in canaries() if c not in blob]
    assert missing == []


def test_client_builds_contain_no_canary(canary_builds) -> None:
    _, clients = canary_builds
    assert sorted(p.name for p in clients.iterdir() if p.name != ".escdir-site") == ["alpha-client", "beta-client"]
    for client_dir in (p for p in clients.iterdir() if p.is_dir()):
        files = read_all(client_dir)
        assert "search/search_index.json" in files and "sitemap.xml" in files
        leaks = [(name, c) for name, text in files.items() for c in canaries() if c in text]
        assert leaks == [], leaks[:5]


def test_client_build_has_branding_journey_and_visible_extras(canary_builds) -> None:
    _, clients = canary_builds
    alpha = clients / "alpha-client"
    home = (alpha / "index.html").read_text()
    assert "Alpha Client" in home and 'src="assets/client-logo.svg"' in home
    assert (alpha / "assets" / "client-logo.svg").is_file()
    assert "#123456" in (alpha / "stylesheets" / "client.css").read_text()
    journey = (alpha / "ticket-journey" / "index.html").read_text()
    assert "What happens when you submit a ticket" in journey and "Senior engineer" in journey
    vendor = (alpha / "vendors" / "canary-networks" / "index.html").read_text()
    assert "it@alpha-client.example.org" in vendor  # client-visible extra contact
    assert "Call Canary MSP" in vendor
    assert not (alpha / "guides").exists()  # internal hand-written pages are not part of a client site


def _write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def _project_problems(proj: Path):
    result = validate_paths([proj / "vendors"])
    return load_msp_project(proj, result.vendors).problems


def test_alignment_catches_an_impossible_promise(tmp_path: Path) -> None:
    proj = make_canary_project(tmp_path)
    # P1 chain for alpha (standard plan), the steps the ticket-journey page shows: we answer 15 min + desk→senior
    # OLA 30 min + S1 response on Standard 2 h = 2 h 45 min.
    text = (proj / "clients" / "alpha-client.yaml").read_text()
    _write(proj / "clients" / "alpha-client.yaml", text + "sla:\n  - priority: P1\n    vendor_engaged: 1h\n")
    problems = [p for p in _project_problems(proj) if p.code == "ESC404"]
    assert len(problems) == 1
    p = problems[0]
    assert p.file.endswith("clients/alpha-client.yaml") and p.line == text.count("\n") + 3 and p.col == 21
    assert "Service desk → Senior engineer OLA 30 minutes" in p.message
    assert "Canary Networks S1 response on Standard 2 hours" in p.message
    assert "Service desk answers 15 minutes" in p.message
    assert "= 2 h 45 min" in p.message and "(1 h)" in p.message
    assert not p.is_error  # warning by default


def test_alignment_passes_a_consistent_promise_and_can_be_an_error(tmp_path: Path) -> None:
    proj = make_canary_project(tmp_path)
    assert [p for p in _project_problems(proj) if p.code == "ESC404"] == []  # 4 h ≥ 2 h 45 min
    msp = (proj / "msp.yaml").read_text().replace("vendor_engaged: 4h", "vendor_engaged: 2h")
    _write(proj / "msp.yaml", msp + "checks:\n  alignment: error\n")
    found = [p for p in _project_problems(proj) if p.code == "ESC404"]
    # alpha: 30 min + 2 h (standard) > 2 h; beta: 30 min + 30 min (premium, our contract) fits.
    assert len(found) == 1 and found[0].is_error and "Alpha Client" in found[0].message
    assert found[0].file.endswith("msp.yaml")


@pytest.mark.parametrize(("edit", "code", "needle"), [
    (("vendors: [canary-networks]", "vendors: [canary-networks, no-such-vendor]"), "ESC401", "no-such-vendor"),
    (("  - vendor: canary-networks\n    plan: standard", "  - vendor: other-vendor\n    plan: standard"), "ESC402",
     "other-vendor"),
    (("logo: assets/alpha.svg", "logo: assets/missing.svg"), "ESC403", "missing.svg"),
    (("logo: assets/alpha.svg", "logo: ../../etc/passwd"), "ESC212", "`..`"),
    (("logo: assets/alpha.svg", "logo: /etc/passwd"), "ESC212", "absolute"),
    (("    plan: standard", "    plan: platinum"), "ESC203", "platinum"),
    (("    plan: standard", "    plan: standard\n    tier: nowhere"), "ESC405", "nowhere"),
])
def test_client_reference_errors(tmp_path: Path, edit, code: str, needle: str) -> None:
    proj = make_canary_project(tmp_path)
    path = proj / "clients" / "alpha-client.yaml"
    text = path.read_text()
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1]))
    problems = [p for p in _project_problems(proj) if p.code == code]
    assert problems, _project_problems(proj)
    p = problems[0]
    assert p.file.endswith("alpha-client.yaml") and p.line > 0 and p.col > 0 and needle in p.message


def test_logo_symlink_leading_outside_is_rejected(tmp_path: Path) -> None:
    proj = make_canary_project(tmp_path)
    outside = _write(tmp_path / "outside" / "secret.svg", "<svg/>")
    (proj / "assets" / "link.svg").symlink_to(outside)
    path = proj / "clients" / "alpha-client.yaml"
    path.write_text(path.read_text().replace("logo: assets/alpha.svg", "logo: assets/link.svg"))
    problems = [p for p in _project_problems(proj) if p.code == "ESC212"]
    assert problems and "symlink" in problems[0].message


def test_msp_files_get_loader_guarantees(tmp_path: Path) -> None:
    proj = make_canary_project(tmp_path)
    _write(proj / "msp.yaml", (proj / "msp.yaml").read_text() + "name: Duplicate\n")
    problems = [p for p in _project_problems(proj) if p.code != "ESC406"]  # the canary vendor lacking a client summary
    assert [(p.code, p.file.endswith("msp.yaml")) for p in problems] == [("ESC008", True)]
    _write(proj / "clients" / "beta-client.yaml", "id: beta-client\nname: Beta\nvendors: [canary-networks]\nlogo: x\n")
    codes = {p.code for p in _project_problems(proj)}
    assert "ESC101" in codes


def test_cli_client_build_and_unknown_client(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = make_canary_project(tmp_path)
    monkeypatch.chdir(proj)
    ok = CliRunner().invoke(cli, ["build", "--client", "beta-client", "--site-dir", "out"], catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    assert (proj / "out" / "ticket-journey" / "index.html").is_file()
    bad = CliRunner().invoke(cli, ["build", "--client", "gamma", "--site-dir", "out"], catch_exceptions=False)
    assert bad.exit_code == 2 and "--client 'gamma': no such client" in bad.output
    assert (proj / "out" / "ticket-journey" / "index.html").is_file()  # previous site untouched
    usage = CliRunner().invoke(cli, ["build", "--client", "beta-client", "--all-clients"], catch_exceptions=False)
    assert usage.exit_code == 2


def test_all_clients_failure_keeps_previous_sites(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCDIR_TODAY", "2026-11-23")
    proj = make_canary_project(tmp_path)
    out = build_all_clients(proj / "mkdocs.yml", proj / "clients-site")
    before = sorted(p.name for p in out.iterdir())
    (proj / "clients" / "beta-client.yaml").write_text("id: beta-client\nname: [oops\n")
    with pytest.raises(BuildError) as info:
        build_all_clients(proj / "mkdocs.yml", proj / "clients-site")
    assert "beta-client" in str(info.value) and "ESC004" in str(info.value)
    assert sorted(p.name for p in out.iterdir()) == before


def test_a_mapping_marked_internal_hides_all_of_it() -> None:
    from dataclasses import replace

    from escdir.derive.audience import restrict
    from escdir.model import Escalation

    v = validate_paths([CANARY / "vendors"]).vendors[0]
    hidden = replace(v, escalation=replace(v.escalation, visibility="internal"))
    assert restrict(hidden, "client").escalation == Escalation(visibility="internal")
    assert restrict(hidden, "internal").escalation.ladders  # the internal view keeps everything
    client = restrict(v, "client")
    assert [lad.severity for lad in client.escalation.ladders] == ["S1"]
    assert [t.level for t in client.tiers] == ["L1"] and client.rma is None and client.case_template.subject == ""
    assert restrict(v, "public").contracts == () and restrict(v, "public").people == ()


def test_the_sum_includes_our_answer_like_the_journey_page(tmp_path: Path) -> None:
    """Wrong answer 9: a 50-minute promise passed validate while the published journey adds up to 60 minutes
    (we answer 15 + OLA 30 + vendor 15). The check now sums exactly the journey page's steps."""
    proj = make_canary_project(tmp_path)
    text = (proj / "clients" / "alpha-client.yaml").read_text()
    _write(proj / "clients" / "alpha-client.yaml", text + "sla:\n  - priority: P1\n    vendor_engaged: 2h40m\n"
           .replace("2h40m", "160m"))
    problems = [p for p in _project_problems(proj) if p.code == "ESC404"]
    assert len(problems) == 1 and "= 2 h 45 min" in problems[0].message  # 165 > 160: caught only with our answer


def test_client_pages_and_alignment_use_the_same_plan(tmp_path: Path) -> None:
    """Wrong answer 9: the client page showed a different plan than the alignment check summed (the client view has
    no contracts, so it fell back to the first plan). Both now read escdir.derive.align.client_plan on the full model."""
    from escdir.derive.align import client_plan
    from escdir.present.msp_pages import client_site_pages
    from escdir.present.pages import Linker

    proj = make_canary_project(tmp_path)
    vendors = validate_paths([proj / "vendors"]).vendors
    project = load_msp_project(proj, vendors)
    checked = 0
    for client in project.clients:
        pages = {p.src_uri: p for p in client_site_pages(project.msp, client, vendors, linker=Linker())}
        for v in vendors:
            if v.id not in client.vendors or f"vendors/{v.id}.md" not in pages:
                continue
            plan = client_plan(v, client).plan
            html = pages[f"vendors/{v.id}.md"].html
            if plan is not None and "esc-commitments" in html:
                assert f"on the {plan.name} plan" in html, (client.id, v.id, plan.name)
                checked += 1
    assert checked >= 1


def test_msp_and_client_contacts_get_the_vendor_rules(tmp_path: Path) -> None:
    """One rule for every file kind: an http: portal or a bad e-mail in msp.yaml / a client file is caught as in a
    vendor file (msp/load.py used to have its own, weaker URL rule)."""
    proj = make_canary_project(tmp_path)
    msp = proj / "msp.yaml"
    text = msp.read_text()
    extra = ("  - {id: portal, kind: portal, value: \"https:/portal.example.net\"}\n"
             "  - {id: mail, kind: email, value: \"not-an-address\"}\n")
    _write(msp, text.replace("contacts:\n", "contacts:\n" + extra, 1))
    problems = [p for p in _project_problems(proj) if p.file.endswith("msp.yaml")]
    assert any(p.code == "ESC205" and "full https://" in p.message for p in problems), problems
    assert any(p.code == "ESC211" for p in problems), problems
