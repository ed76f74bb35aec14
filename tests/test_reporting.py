"""One reporting registry: every CLI --format is served by it, every JSON reporter round-trips, one line format.

Also: the diff rule names raised in the code match the rule table in site_src/reviewing.md.
"""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest

from escdir.errors import Level, Problem
from escdir.present.reporting import REPORTERS, formats, reporter
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import json_text

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
VENDORS = REPO / "vendors"
SRC = REPO / "generator" / "escdir"
TODAY = date(2026, 11, 23)
HOSTILE = Problem.make("ESC204", "we\x1bird\n.yaml", "bad \x1b[2Jvalue\nforged: line", line=3, col=4,
                       path="$.contacts[0]\r.value", hint="fix\nit")

#: `escdir <command>` arguments that succeed, by the registry kind the command reports as.
INVOCATIONS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", str(DATA / "good" / "minimal.yaml")),
    "diff": ("diff", str(DATA / "diff" / "base"), str(DATA / "diff" / "head")),
    "stale": ("stale", str(VENDORS)),
    "show": ("show", "northwind-networks", "--dir", str(VENDORS), "--at", "2026-11-23T15:00Z"),
    "when": ("when", "northwind-networks", "--severity", "sev1", "--dir", str(VENDORS),
             "--opened", "2026-11-20T16:00", "--tz", "Europe/Berlin"),
    "rma": ("rma", "northwind-networks", "--level", "nbd", "--failed", "2026-11-20T16:00", "--tz",
            "Europe/Berlin", "--dir", str(VENDORS)),
    "lookup": ("show", "zzyzx-no-such-vendor", "--dir", str(VENDORS)),
}


# ---- the registry serves every --format -------------------------------------------------------------

def test_every_registered_reporter_resolves_to_a_function() -> None:
    for kind, fmt in REPORTERS:
        assert callable(reporter(kind, fmt)), (kind, fmt)


def test_every_cli_format_choice_is_a_registry_entry() -> None:
    """Each command's --format choices are exactly its kind's formats; no command formats on its own."""
    from escdir.cli import cli

    with_format = {}
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and "--format" in param.opts:
                assert isinstance(param.type, click.Choice)
                with_format[name] = set(param.type.choices)
    kinds = {args[0]: kind for kind, args in INVOCATIONS.items() if kind != "lookup"}
    assert set(with_format) == set(kinds), "a command with --format is missing from INVOCATIONS"
    for name, choices in with_format.items():
        assert choices == set(formats(kinds[name])), name
    # show, when and rma report a failed lookup in whatever format they were asked for.
    assert all(set(formats(k)) <= set(formats("lookup")) for k in ("show", "when", "rma"))
    assert {k for k, _ in REPORTERS} == set(INVOCATIONS)


def test_no_command_module_formats_output_itself() -> None:
    for path in [SRC / "cli.py", *sorted((SRC / "commands").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for banned in ("json_text", "json_dump", "json.dumps", "_emit(", "one_line(", "REPORTERS["):
            assert banned not in text, f"{path.name} formats output itself ({banned})"


@pytest.mark.parametrize("kind", sorted(INVOCATIONS))
def test_the_cli_prints_only_what_the_registry_reporter_wrote(kind: str, run_cli, monkeypatch) -> None:
    """Swap the registry's reporters for a marker: each (command, format) prints the marker and nothing else."""
    from escdir.present import reporting

    calls: list[tuple[str, str, str]] = []

    def fake(k: str, fmt: str):
        def write(result: Any, stream) -> None:
            calls.append((k, fmt, type(result).__name__))
            stream.write(f"<<{k}:{fmt}>>\n")
        return write

    monkeypatch.setattr(reporting, "reporter", fake)
    for fmt in formats(kind):
        calls.clear()
        result = run_cli(*INVOCATIONS[kind], "--format", fmt)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.stdout == f"<<{kind}:{fmt}>>\n", (kind, fmt, result.stdout)
        assert [c[:2] for c in calls] == [(kind, fmt)]


# ---- Problem JSON: one key set, round trip ------------------------------------------------------------

def _same(a: list[Problem], b: list[Problem]) -> None:
    # level and hint are compare=False on Problem: compare them too
    assert [(p, p.level, p.hint) for p in a] == [(p, p.level, p.hint) for p in b]


def test_problem_json_round_trip_and_key_set() -> None:
    warning = Problem.make("ESC306", "x.yaml", "no sources")
    for p in (HOSTILE, warning):
        data = p.to_json()
        assert set(data) == {"file", "line", "column", "level", "code", "path", "message", "hint"}
        back = Problem.from_json(json.loads(json_text(data)))
        _same([back], [p])
    assert Problem.from_json(HOSTILE.to_json(), file="other.yaml").file == "other.yaml"
    assert warning.to_json()["level"] == Level.WARNING.value
    with pytest.raises((KeyError, ValueError)):
        Problem.from_json({**HOSTILE.to_json(), "level": "fatal"})


def _validate_case() -> tuple[Any, list[Problem]]:
    from escdir.check.validate import check_problems
    from escdir.present.reporting.problems import Problems

    checked = check_problems([DATA / "codes" / "ESC204", DATA / "codes" / "ESC306"], today=TODAY, cache=False)
    result = Problems([HOSTILE, *checked.problems], checked.files)
    return result, result.problems


def _diff_case() -> tuple[Any, list[Problem]]:
    from escdir.derive.diff import diff

    result = diff(str(DATA / "diff" / "base"), str(DATA / "diff" / "head-invalid"), root=DATA / "diff", today=TODAY)
    return result, result.base.result.problems + result.head.result.problems


def _stale_case(tmp_path: Path) -> tuple[Any, list[Problem]]:
    from escdir.check.stale import stale_report

    shutil.copy(DATA / "codes" / "ESC204" / "bad-phone.yaml", tmp_path)
    shutil.copy(DATA / "good" / "minimal.yaml", tmp_path)
    result = stale_report([tmp_path], today=date(2030, 1, 1))
    return result, result.errors


def _lookup_case(tmp_path: Path) -> tuple[Any, list[Problem]]:
    from escdir.derive.outage.lookup import lookup
    from escdir.present.reporting.card import LookupMiss

    shutil.copy(DATA / "codes" / "ESC204" / "bad-phone.yaml", tmp_path)
    found = lookup("bad-phone", tmp_path, today=TODAY, use_cache=False)
    assert found.invalid
    return LookupMiss("bad-phone", found), found.problems


def _vendor():
    from escdir.check.validate import validate_paths

    [v] = [v for v in validate_paths([VENDORS], today=TODAY).vendors if v.id == "northwind-networks"]
    return v


def _show_case(tmp_path: Path) -> tuple[Any, list[Problem]]:
    from escdir.derive.outage.card import quick_card

    zone = ZoneInfo("Europe/Berlin")
    return quick_card(_vendor(), now=datetime(2026, 11, 23, 15, tzinfo=zone), zone=zone, today=TODAY), []


def _when_case(tmp_path: Path) -> tuple[Any, list[Problem]]:
    from escdir.derive.clock.timeline import escalation_timeline

    zone = ZoneInfo("Europe/Berlin")
    return escalation_timeline(_vendor(), "sev1", opened=datetime(2026, 11, 20, 16, tzinfo=zone), zone=zone), []


def _rma_case(tmp_path: Path) -> tuple[Any, list[Problem]]:
    from escdir.derive.clock.rma import estimate, resolve_levels
    from escdir.present.reporting.outage import RmaResult

    v, zone = _vendor(), ZoneInfo("Europe/Berlin")
    estimates = [estimate(v, lv, failed=datetime(2026, 11, 20, 16, tzinfo=zone), site=zone)
                 for lv in resolve_levels(v, "nbd")]
    return RmaResult(v.id, v.name, estimates, zone, "5 days"), []


CASES = {"validate": lambda _: _validate_case(), "diff": lambda _: _diff_case(), "stale": _stale_case,
         "lookup": _lookup_case, "show": _show_case, "when": _when_case, "rma": _rma_case}
#: Where each JSON document keeps its problems.
PROBLEMS_AT = {"validate": lambda d: d["problems"], "diff": lambda d: d["base"]["problems"] + d["head"]["problems"],
               "stale": lambda d: d["errors"], "lookup": lambda d: d["problems"]}


@pytest.mark.parametrize("kind", sorted(k for k, fmt in REPORTERS if fmt == "json"))
def test_every_json_reporter_round_trips(kind: str, tmp_path: Path) -> None:
    """The JSON parses, re-encodes to the same text, and its problems decode to the very problems reported."""
    result, problems = CASES[kind](tmp_path)
    out = io.StringIO()
    reporter(kind, "json")(result, out)
    text = out.getvalue()
    data = json.loads(text)
    sort = kind in ("show", "when", "rma", "lookup")
    assert json_text(data, indent=2, sort_keys=sort) + "\n" == text
    assert "\x1b" not in text and "\u202e" not in text
    if kind in PROBLEMS_AT:
        assert problems, f"the {kind} case should carry problems"
        _same([Problem.from_json(p) for p in PROBLEMS_AT[kind](data)], problems)
    else:
        assert not problems


# ---- one problem line ------------------------------------------------------------------------------------

def test_the_problem_line_is_one_line_plus_hint_and_terminal_safe() -> None:
    line = problem_line(HOSTILE)
    first, hint = line.split("\n")
    assert first == ("we\\x1bird\\x0a.yaml:3:4: error ESC204 $.contacts[0]\\x0d.value: "
                     "bad \\x1b[2Jvalue\\x0aforged: line")
    assert hint == "    hint: fix\\x0ait"
    assert problem_line(HOSTILE, hint=False) == first
    assert HOSTILE.format() == problem_line(HOSTILE, hint=False, safe=False)
    assert problem_line(Problem.make("ESC005", "e.yaml", "empty"), hint=False) == "e.yaml: error ESC005 empty"


def test_build_failure_message_uses_the_problem_line() -> None:
    from escdir.publish.site import failure_text

    text = failure_text([HOSTILE], [], strict=False)
    assert text.splitlines()[1:] == problem_line(HOSTILE).splitlines()
    assert "\x1b" not in text


def test_github_escaping_is_written_once() -> None:
    sources = {p.relative_to(SRC).as_posix(): p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}
    assert [name for name, text in sources.items() if '"%25"' in text] == ["present/reporting/github.py"]


# ---- diff rules: code and docs agree ---------------------------------------------------------------------

def _rules_in_code() -> set[tuple[str, str]]:
    found = set()
    for name in ("derive/diff/compare.py", "derive/diff/__init__.py", "derive/diff/msp.py"):
        for node in ast.walk(ast.parse((SRC / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args[:2] and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
                func = node.func
                callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if callee in ("flag", "Flag"):
                    found.add((node.args[0].value, node.args[1].value))
    return found


def test_diff_rule_names_in_code_match_the_reviewing_page() -> None:
    from escdir.derive.diff import LEVELS, RULES

    page = (REPO / "site_src" / "reviewing.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| (high|medium|low) \| `([a-z-]+)` \|", page, re.MULTILINE)
    in_code = _rules_in_code()
    assert table and in_code
    documented = {rule for _, rule in table}
    assert documented == {rule for _, rule in in_code} == set(RULES)
    assert len(table) == len(documented), "a rule is listed twice"
    for level, rule in table:  # the table gives each rule's highest level
        raised = [lv for lv, r in in_code if r == rule]
        assert level == max(raised, key=LEVELS.index), rule
