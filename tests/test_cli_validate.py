"""`escdir validate`: output formats, exit codes, --strict, several files, NO_COLOR."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from escdir.errors import Problem
from escdir.present.reporting.problems import Problems, text_report

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "good"
MINIMAL = GOOD / "minimal.yaml"
CODES_DIR = DATA / "codes"
ERROR_FILE = CODES_DIR / "ESC204" / "bad-phone.yaml"  # one error at 10:12
WARNING_FILE = CODES_DIR / "ESC306" / "no-sources.yaml"  # one warning at 1:5
ANSI = re.compile(r"\x1b\[")


def test_clean_file_exits_0(run_cli) -> None:
    result = run_cli("validate", MINIMAL)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 file checked: 0 errors, 0 warnings"


def test_good_directory_is_clean(run_cli) -> None:
    result = run_cli("validate", "--strict", GOOD)
    assert result.exit_code == 0, result.output
    assert f"{len(list(GOOD.glob('*.yaml')))} files checked: 0 errors, 0 warnings" in result.output


def test_error_file_exits_1(run_cli) -> None:
    result = run_cli("validate", ERROR_FILE)
    assert result.exit_code == 1
    assert re.search(r"bad-phone\.yaml:10:12: error ESC204 \$\.contacts\[0\]\.value: ", result.output), result.output
    assert "    hint: " in result.output
    assert "1 file checked: 1 error, 0 warnings" in result.output


def test_missing_path_exits_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(run_cli) -> None:
    result = run_cli("validate", "--format", "xml", MINIMAL)
    assert result.exit_code == 2


def test_warnings_alone_exit_0(run_cli) -> None:
    result = run_cli("validate", WARNING_FILE)
    assert result.exit_code == 0, result.output
    assert "no-sources.yaml:1:5: warning ESC306 " in result.output
    assert "1 file checked: 0 errors, 1 warning" in result.output


def test_strict_fails_on_warnings(run_cli) -> None:
    assert run_cli("validate", "--strict", WARNING_FILE).exit_code == 1
    assert run_cli("validate", "--strict", MINIMAL).exit_code == 0


def test_several_files_report_every_problem(run_cli) -> None:
    bad = [DATA / "bad" / "tabs.yaml", ERROR_FILE, DATA / "bad" / "duplicate-key.yaml"]
    result = run_cli("validate", "--format", "json", MINIMAL, *bad, WARNING_FILE)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["files"] == 5
    assert (payload["errors"], payload["warnings"]) == (3, 2)
    found = {(Path(p["file"]).name, p["code"]) for p in payload["problems"]}
    assert found == {("tabs.yaml", "ESC004"), ("bad-phone.yaml", "ESC204"), ("duplicate-key.yaml", "ESC008"),
                     ("no-sources.yaml", "ESC306"),
                     ("no-sources.yaml", "ESC305")}  # it shares the hotline number with minimal.yaml


def test_directory_argument_reads_yaml_and_yml(run_cli) -> None:
    result = run_cli("validate", "--format", "json", CODES_DIR / "ESC202")
    payload = json.loads(result.stdout)
    assert payload["files"] == 2
    assert [p["code"] for p in payload["problems"]] == ["ESC202"]


def test_default_path_is_vendors(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("validate").exit_code == 2  # no vendors/ here
    (tmp_path / "vendors").mkdir()
    shutil.copy(MINIMAL, tmp_path / "vendors" / "minimal.yaml")
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert "1 file checked" in result.output


def test_json_format(run_cli) -> None:
    result = run_cli("validate", "--format", "json", ERROR_FILE)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["files"] == 1 and payload["errors"] == 1 and payload["warnings"] == 0
    [problem] = payload["problems"]
    assert set(problem) == {"file", "line", "column", "level", "code", "path", "message", "hint"}
    assert (problem["line"], problem["column"], problem["level"], problem["code"]) == (10, 12, "error", "ESC204")
    assert problem["path"] == "$.contacts[0].value"
    assert problem["hint"]


def test_json_format_clean(run_cli) -> None:
    payload = json.loads(run_cli("validate", "--format", "json", MINIMAL).stdout)
    assert payload == {"files": 1, "errors": 0, "warnings": 0, "problems": []}


def test_github_format(run_cli) -> None:
    result = run_cli("validate", "--format", "github", ERROR_FILE, WARNING_FILE, DATA / "bad" / "empty.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    errors = [line for line in lines if line.startswith("::error file=")]
    warnings = [line for line in lines if line.startswith("::warning file=")]
    assert len(errors) == 2 and len(warnings) == 1
    phone = next(line for line in errors if "bad-phone.yaml" in line)
    assert ",line=10,col=12," in phone and "title=ESC204" in phone
    assert "::ESC204 " in phone and "%0Ahint: " in phone  # the hint is a second annotation line
    assert ",line=1,col=5," in warnings[0]
    empty = next(line for line in errors if "empty.yaml" in line)
    assert "line=" not in empty  # no position known


def test_github_escapes_properties_and_messages() -> None:
    from escdir.present.reporting.problems import github_report

    out = io.StringIO()
    github_report(Problems([Problem.make("ESC204", "a,b:c.yaml", "50% bad\nsecond line", line=2, col=3)]), out)
    line = out.getvalue()
    assert line.startswith("::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=ESC204::")
    assert "50%25 bad%0Asecond line" in line
    assert line.count("\n") == 1


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_color(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem.make("ESC204", "x.yaml", "bad", line=1, col=1)
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = _Tty()
    text_report(Problems([problem]), tty)
    assert ANSI.search(tty.getvalue()), "a terminal gets bold locations"
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _Tty()
    text_report(Problems([problem]), tty)
    assert not ANSI.search(tty.getvalue())
    result = run_cli("validate", ERROR_FILE, env={"NO_COLOR": "1"})
    assert not ANSI.search(result.output)
    assert not ANSI.search(run_cli("validate", ERROR_FILE).output)  # not a terminal either


def test_today_comes_from_escdir_today(run_cli) -> None:
    future = CODES_DIR / "ESC207" / "future.yaml"  # last_verified 2026-12-01
    assert "ESC207" in run_cli("validate", future).output
    later = run_cli("validate", future, env={"ESCDIR_TODAY": "2026-12-02"})
    assert later.exit_code == 0 and "ESC207" not in later.output


def test_a_symlink_loop_is_one_error_in_validate_and_does_not_break_other_commands(run_cli, tmp_path) -> None:
    """One rule lists data files for every command: the loop is ESC001 naming the file; other vendors still work."""
    import shutil

    vendors = tmp_path / "vendors"
    vendors.mkdir()
    shutil.copy(Path(__file__).parent.parent / "vendors" / "northwind-networks.yaml", vendors)
    (vendors / "loop.yaml").symlink_to("loop.yaml")
    (vendors / "dangling.yml").symlink_to("missing.yaml")
    result = run_cli("validate", vendors)
    assert result.exit_code == 1
    assert "loop.yaml: error ESC001" in result.output and "dangling.yml: error ESC001" in result.output
    assert "3 files checked" in result.output
    for args in (("show", "northwind", "--dir", vendors), ("when", "northwind-networks", "--severity", "sev1",
                                                                  "--dir", vendors)):
        shown = run_cli(*args)
        assert shown.exit_code in (0, 1) and "Northwind" in shown.output, shown.output
        assert "Too many levels" not in shown.output


@pytest.mark.parametrize("target", ["msp.yaml", "clients/brightwater-clinics.yaml", "clients"])
def test_the_file_kind_decides_the_schema(run_cli, target: str, monkeypatch) -> None:
    """msp.yaml and client files are checked against their own schemas (not 22 false 'contacts is required')."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = run_cli("validate", target)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "is required" not in result.output


def test_a_broken_client_file_gets_client_schema_errors(run_cli, tmp_path: Path, monkeypatch) -> None:
    root = Path(__file__).resolve().parents[1]
    for name in ("vendors", "clients"):
        shutil.copytree(root / name, tmp_path / name)
    shutil.copy(root / "msp.yaml", tmp_path / "msp.yaml")
    client = tmp_path / "clients" / "brightwater-clinics.yaml"
    client.write_text(client.read_text(encoding="utf-8").replace("vendors: [", "vendorz: ["), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "clients/brightwater-clinics.yaml")
    assert result.exit_code == 1
    assert "'vendors' is required" in result.output and "contacts" not in result.output
    assert "clients/brightwater-clinics.yaml:" in result.output


def test_a_client_file_without_msp_yaml_says_so(run_cli, tmp_path: Path, monkeypatch) -> None:
    """Validating clients/x.yaml in a project without msp.yaml is an error naming msp.yaml, not '0 errors'."""
    root = Path(__file__).resolve().parents[1]
    for name in ("vendors", "clients"):
        shutil.copytree(root / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "clients/kestrel-logistics.yaml")
    assert result.exit_code == 1 and "msp.yaml: error ESC001" in result.output
