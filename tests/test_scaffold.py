"""`escdir new`: the scaffold fails validation until filled; filled with sample values it is clean."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from escdir.check.validate import validate_paths
from escdir.derive.diff import compare_sides, load_side
from escdir.present.scaffold import render_new_vendor, todo_lines

TODAY = date(2026, 11, 23)
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/vendor.schema.json"

#: Every placeholder of the template and a sample value for it (a test fails if the template drifts).
FILL = {
    "TODO: https address of the vendor's website": "https://www.acme-networks.example.com/",
    "TODO: owning team": "Network Engineering",
    "TODO: owning team's mailbox": "neteng@ops.example.org",
    "TODO: https address of the vendor's support policy or handbook": "https://www.acme-networks.example.com/policy",
    "TODO: hotline number, e.g. +44 20 ...": "+44 20 7946 0321",
    "TODO: https address of the support portal": "https://support.acme-networks.example.com/",
    "TODO: support mailbox address": "support@acme-networks.example.com",
    "TODO: plan name as the vendor writes it": "Acme Care",
    "TODO: 24x7, or business hours as {days, hours, timezone}": "24x7",
    "TODO: Sev1 initial response, e.g. 30m": "30m",
    "TODO: Sev1 update cadence, e.g. 1h": "1h",
    "TODO: Sev2 initial response, e.g. 2h": "2h",
    "TODO: Sev3 initial response, e.g. nbd": "nbd",
    "TODO: Sev4 initial response, e.g. 2bd": "2bd",
    "TODO: e.g. 1h": "1h",
    "TODO: e.g. 4h": "4h",
    "TODO: delivery target after approval, e.g. nbd or 4h": "nbd",
    "TODO: contract number quoted when opening a case": "ACME-1234",
    "TODO: renewal date YYYY-MM-DD": "2027-06-30",
}
#: Plain-text placeholders that validation cannot tell from real text; each shares an item with a
#: value that does fail, and `escdir diff` flags them if left behind.
PROSE = {"TODO: owning team", "TODO: plan name as the vendor writes it",
         "TODO: contract number quoted when opening a case"}


def fill(text: str, *, keep: str | None = None) -> str:
    for placeholder, value in FILL.items():
        if placeholder != keep:
            assert f'"{placeholder}"' in text, f"template lost the placeholder {placeholder!r}"
            text = text.replace(f'"{placeholder}"', json.dumps(value))
    return text


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "acme-networks.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_placeholder_is_known() -> None:
    text = render_new_vendor("acme-networks", today=TODAY)
    values = "\n".join(line.split("#")[0] if not line.lstrip().startswith("#") else "" for line in text.splitlines())
    assert set(re.findall(r'"(TODO[^"]*)"', values)) == set(FILL)
    assert "TODO" not in re.sub(r'"TODO[^"]*"', "", values)  # no unquoted placeholder either


def test_scaffold_starts_with_schema_line_and_has_every_section() -> None:
    text = render_new_vendor("acme-networks", today=TODAY)
    assert text.splitlines()[0] == SCHEMA_LINE
    for key in ("id:", "name:", "owner:", "last_verified:", "review_every:", "sources:", "contacts:", "plans:",
                "severities:", "slas:", "escalation:", "ladders:", "rma:", "contracts:", "case_template:"):
        assert f"\n{key}" in text or f"\n  {key}" in text, key
    assert "id: acme-networks\n" in text and 'name: "Acme Networks"' in text
    assert "last_verified: 2026-11-23\n" in text
    # every section is explained: a comment within the three lines above or on the line itself
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line and not line.startswith((" ", "#")):
            context = lines[max(0, n - 3): n + 1]
            assert any("#" in x for x in context), f"no comment explains {line!r}"


def test_filled_scaffold_validates_clean(tmp_path: Path) -> None:
    path = write(tmp_path / "vendors", fill(render_new_vendor("acme-networks", today=TODAY)))
    assert todo_lines(path.read_text(encoding="utf-8")) == []
    result = validate_paths([path], today=TODAY)
    assert [p.format() for p in result.problems] == []
    [vendor] = result.vendors
    assert vendor.primary_hotline is not None and vendor.primary_hotline.value == "+442079460321"


def test_scaffold_as_generated_fails(tmp_path: Path) -> None:
    text = render_new_vendor("acme-networks", today=TODAY)
    result = validate_paths([write(tmp_path, text)], today=TODAY)
    assert result.errors and not result.vendors
    todo = set(todo_lines(text))
    assert {p.line for p in result.errors} <= todo  # nothing but the placeholders is wrong


@pytest.mark.parametrize("placeholder", sorted(FILL))
def test_each_placeholder_left_alone_is_caught(tmp_path: Path, placeholder: str) -> None:
    """Fill all but one: validation rejects it, or (plain text) `escdir diff` flags it."""
    text = fill(render_new_vendor("acme-networks", today=TODAY), keep=placeholder)
    path = write(tmp_path / "head", text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if placeholder in row)
    result = validate_paths([path], today=TODAY)
    if placeholder not in PROSE:
        assert result.errors, f"{placeholder!r} passes validation"
        assert {p.line for p in result.errors} == {line}
        return
    assert not result.errors
    (tmp_path / "base").mkdir()
    diff = compare_sides(load_side(str(tmp_path / "base"), root=tmp_path, today=TODAY),
                         load_side(str(tmp_path / "head"), root=tmp_path, today=TODAY))
    [flag] = [f for f in diff.flags if f.rule == "todo"]
    assert flag.line == line and placeholder in flag.message


def test_name_with_yaml_characters_round_trips(tmp_path: Path) -> None:
    text = fill(render_new_vendor("acme", today=TODAY, name='Acme: "Networks" # 1'))
    [vendor] = validate_paths([write(tmp_path, text).rename(tmp_path / "acme.yaml")], today=TODAY).vendors
    assert vendor.name == 'Acme: "Networks" # 1'


# ---- the command ------------------------------------------------------------------------------

def test_new_writes_the_file(run_cli, tmp_path: Path) -> None:
    result = run_cli("new", "acme-networks", "--dir", tmp_path / "vendors")
    assert result.exit_code == 0, result.output
    path = tmp_path / "vendors" / "acme-networks.yaml"
    assert path.read_text(encoding="utf-8") == render_new_vendor("acme-networks", today=TODAY)
    lines = ", ".join(map(str, todo_lines(path.read_text(encoding="utf-8"))))
    assert result.stdout == (f"created folder {tmp_path / 'vendors'}\ncreated {path}: fill in the TODO placeholders on lines {lines}, "
                             f"then run `escdir validate {path}`\n")
    assert run_cli("validate", path).exit_code == 1


def test_new_refuses_to_overwrite(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    result = run_cli("new", "acme", "--dir", tmp_path)
    assert result.exit_code == 1
    assert "already exists; pass --force to replace it" in result.stderr
    assert path.read_text(encoding="utf-8") == "keep me\n"
    assert run_cli("new", "acme", "--dir", tmp_path, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(SCHEMA_LINE)


def test_new_refuses_the_same_id_with_the_other_suffix(run_cli, tmp_path: Path) -> None:
    (tmp_path / "acme.yml").write_text("keep me\n", encoding="utf-8")
    result = run_cli("new", "acme", "--dir", tmp_path, "--force")
    assert result.exit_code == 1 and "acme.yml already exists" in result.stderr
    assert not (tmp_path / "acme.yaml").exists()


@pytest.mark.parametrize("bad", ["Acme", "acme_networks", "-acme", "../acme", "a" * 64, "", "x\n", "acme\n"])
def test_new_rejects_ids_the_schema_rejects(run_cli, tmp_path: Path, bad: str) -> None:
    result = run_cli("new", bad, "--dir", tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_new_reports_an_unwritable_folder(run_cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run_cli("new", "acme", "--dir", blocker / "vendors")
    assert result.exit_code == 2 and result.stderr.startswith("escdir: ")


def test_new_does_not_create_missing_folders_silently(run_cli, tmp_path: Path) -> None:
    result = run_cli("new", "acme", "--dir", tmp_path / "a" / "b" / "vendors")
    assert result.exit_code == 2 and "no such folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_id_with_a_trailing_newline_fails_the_schema_too(run_cli, tmp_path: Path) -> None:
    """`$` in Python matches before a final newline; the schema's patterns are checked as ECMA-262 (`$` = end)."""
    from escdir.load.loader import load_bytes
    from escdir.load.schema import schema_problems

    doc, _ = load_bytes(b'id: "acme\\n"\n', "acme.yaml")
    assert doc is not None and doc.data["id"] == "acme\n"
    problems = schema_problems(doc)
    assert any(p.path == "$.id" and p.code == "ESC105" for p in problems), problems


def test_one_pass_reports_schema_and_rule_problems_together(run_cli, tmp_path: Path) -> None:
    """A fresh scaffold fails the schema *and* the rules; validate says all of it at once (no second round), and
    never twice for one place."""
    run_cli("new", "acme", "--dir", tmp_path)
    result = run_cli("validate", tmp_path / "acme.yaml")
    codes = re.findall(r"(error|warning) (ESC\d{3}) (\S+):", result.output)
    assert {"ESC105", "ESC204", "ESC308"} <= {c for _, c, _ in codes}  # schema (1xx) and rules (2xx, 3xx) together
    error_paths = [p for level, _, p in codes if level == "error"]
    assert len(error_paths) == len(set(error_paths)), "one error per place"
    assert not {p for level, _, p in codes if level == "warning"} & set(error_paths)
