"""Text-level safety: control characters (ESC216) and invisible direction marks (ESC214) are rejected in
every data file, and nothing printed to a terminal carries a raw control character — not from data, not
from a file name.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escdir.check.validate import validate_paths
from escdir.derive.msp import load_msp_project
from escdir.present.termsafe import clean, json_text, one_line, term

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "data" / "codes" / "ESC214" / "bidi.yaml"
TODAY = date(2026, 11, 23)
#: What a terminal would obey: C0 except LF and TAB, DEL, C1 (incl. CSI U+009B, OSC U+009D).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# A vendor file; LABEL, NAME and NOTE are substituted as YAML double-quoted strings (escapes allowed).
VENDOR = """\
id: {id}
name: "{name}"
last_verified: 2026-10-01
review_every: 180d
sources:
  - url: https://support.example.com/policy
contacts:
  - id: hotline
    kind: phone
    label: "{label}"
    value: +1 202-555-0100
    coverage: 24x7
    note: "{note}"
severities:
  - id: P1
    canonical: sev1
    definition: Production down, no workaround.
"""


def vendor_file(folder: Path, *, vid: str = "acme", name: str = "Acme", label: str = "Hotline",
                note: str = "Say: outage") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{vid}.yaml"
    path.write_text(VENDOR.format(id=vid, name=name, label=label, note=note), encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, str, int, int]]:
    result = validate_paths([path], today=TODAY)
    return [(p.code, p.path, p.line, p.col) for p in result.problems if p.code in ("ESC214", "ESC216")]


# ---- ESC216: control characters in vendor files ------------------------------------------------------

@pytest.mark.parametrize("escape", [r"\e", r"\a", r"\r", r"\b", r"\x9b", r"\x9d", r"\x7f", r"\0", r"\x85",
                                    r"\x1b]52;c;ZXZpbA==\a"])
def test_control_character_in_label_is_esc216_at_the_value(tmp_path: Path, escape: str) -> None:
    path = vendor_file(tmp_path, label=f"Support{escape}Hotline")
    assert codes(path) == [("ESC216", "$.contacts[0].label", 10, 12)]


@pytest.mark.parametrize("escape", [r"\n", r"\t"])
def test_line_break_and_tab_only_in_free_text(tmp_path: Path, escape: str) -> None:
    ok = vendor_file(tmp_path / "ok", note=f"Press 2,{escape}then say outage")
    assert codes(ok) == []
    bad = vendor_file(tmp_path / "bad", name=f"Acme{escape}Hotline +1 202-555-0199")
    found = validate_paths([bad], today=TODAY).problems
    hit = [p for p in found if p.code == "ESC216"]
    assert [(p.path, p.line, p.col) for p in hit] == [("$.name", 2, 7)]
    assert "only in notes" in hit[0].message


def test_esc216_is_an_error_with_a_hint(tmp_path: Path, run_cli) -> None:
    path = vendor_file(tmp_path, label=r"Support\e[2K\rHotline")
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:10:12: error ESC216 $.contacts[0].label: text contains control character U+001B (ESC)" \
        in result.output
    assert "    hint: remove ESC, CR, BEL" in result.output


def test_control_characters_in_msp_and_client_files(tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "clients", proj / "clients")
    msp = (ROOT / "msp.yaml").read_text(encoding="utf-8")
    (proj / "msp.yaml").write_text(msp.replace("label: Service desk (24x7)", 'label: "Service desk\\e[2J (24x7)"'),
                                   encoding="utf-8")
    client = proj / "clients" / "kestrel-logistics.yaml"
    client.write_text(client.read_text(encoding="utf-8").replace("name: Kestrel Logistics",
                                                                 'name: "Kestrel\\x9b Logistics\\u200f"'),
                      encoding="utf-8")
    vendors = validate_paths([ROOT / "vendors"], today=TODAY).vendors
    project = load_msp_project(proj, vendors)
    found = sorted((p.file, p.code, p.path, p.line, p.col) for p in project.problems if p.code in ("ESC214", "ESC216"))
    assert found == [
        ("clients/kestrel-logistics.yaml", "ESC214", "$.name", 3, 7),
        ("clients/kestrel-logistics.yaml", "ESC216", "$.name", 3, 7),
        ("msp.yaml", "ESC216", "$.contacts[0].label", 12, 12),
    ]
    assert all(p.is_error for p in project.problems if p.code in ("ESC214", "ESC216"))
    assert project.client("kestrel-logistics") is None  # a client file with errors is not built


# ---- ESC214: every invisible direction control, but not right-to-left letters ------------------------

@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                  "\u2066", "\u2067", "\u2068", "\u2069"])
def test_direction_controls_are_esc214(tmp_path: Path, char: str) -> None:
    path = vendor_file(tmp_path, name=f"Dana Rivera\\u{ord(char):04x}")
    assert codes(path) == [("ESC214", "$.name", 2, 7)]


def test_right_to_left_letters_are_allowed(tmp_path: Path) -> None:
    path = vendor_file(tmp_path, name="דנה ריברה", label="الدعم الفني")
    result = validate_paths([path], today=TODAY)
    assert not result.errors, [p.format() for p in result.errors]


# ---- termsafe -------------------------------------------------------------------------------------

def test_term_makes_controls_visible() -> None:
    assert term("a\x1b[2Jb\x07c\x9bd\re\x7f\u202e\u200f") == "a\\x1b[2Jb\\x07c\\x9bd\\x0de\\x7f\\u202e\\u200f"
    assert term("two\nlines\tand tab") == "two\nlines\tand tab"
    assert one_line("two\nlines\t") == "two\\x0alines\\x09"
    assert term(term("\x1b")) == term("\x1b")  # idempotent: safe to apply twice
    assert clean({"k\x1b": ["v\n", 3, None]}) == {"k\\x1b": ["v\\x0a", 3, None]}


def test_json_text_keeps_the_value_and_escapes_the_characters() -> None:
    data = {"label": "a\x1b b\x9b c\u202e d\x7f é ✓"}
    text = json_text(data)
    assert not RAW_CONTROL.search(text) and "\u202e" not in text
    assert "é ✓" in text  # other non-ASCII stays readable
    assert json.loads(text) == data


# ---- terminal output: escdir show / validate / stale / when / diff ----------------------------------------

HOSTILE_LABEL = r"Support\e[2K\rHOTLINE +1 202-555-0199\a\x9b2J\e]52;c;ZXZpbA==\a"


def assert_terminal_safe(text: str) -> None:
    assert text.strip(), "no output to check"
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text).group())
    assert not re.search("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]", text)


def test_show_of_a_vendor_with_escape_sequences_prints_none(tmp_path: Path, run_cli) -> None:
    vendor_file(tmp_path, label=HOSTILE_LABEL, name=r"Acme\e]0;pwned\a")
    result = run_cli("show", "acme", "--dir", tmp_path, "--no-cache")
    assert result.exit_code == 1  # the file fails validation; its raw numbers are still listed
    assert_terminal_safe(result.output)
    assert "\\x1b[2K" in result.output  # shown, as an escape
    json_result = run_cli("show", "acme", "--dir", tmp_path, "--no-cache", "--format", "json")
    assert_terminal_safe(json_result.output)
    assert json.loads(json_result.output)["error"] == "invalid"


def _sample_vendor():
    vendors = {v.id: v for v in validate_paths([ROOT / "vendors"], today=TODAY).vendors}
    return vendors["northwind-networks"]


def test_quick_card_and_timeline_never_print_controls() -> None:
    """Even data that skipped validation (a model built by hand) cannot act on the terminal."""
    from escdir.derive.clock.timeline import escalation_timeline
    from escdir.derive.outage.card import quick_card
    from escdir.present.reporting.card import card_text
    from escdir.present.reporting.outage import timeline_text

    v = _sample_vendor()
    bad = "\x1b[2K\r+1 202-555-0199\x07\x9b2J\u202e"
    contacts = tuple(dataclasses.replace(c, label=bad, note="line one\nOPEN   +1 999\x1b[1A") for c in v.contacts)
    v = dataclasses.replace(v, name="North\x1b]0;pwned\x07", contacts=contacts)
    now = datetime(2026, 11, 23, 15, tzinfo=UTC)
    text = card_text(quick_card(v, now=now, zone=ZoneInfo("UTC"), today=TODAY).data())
    assert_terminal_safe(text)
    assert "\\x1b[2K\\x0d+1 202-555-0199" in text
    assert "line one\\x0aOPEN" in text  # a note cannot forge a line of its own on the card
    sev = v.for_canonical("sev1")[0]
    ladder = v.escalation.ladder_for(sev.id, None)
    assert ladder is not None
    t = escalation_timeline(v, sev.id, opened=now, zone=ZoneInfo("UTC"), plan_ref=None)
    t = dataclasses.replace(t, steps=tuple(dataclasses.replace(s, action="call\x1b[2J") for s in t.steps))
    assert_terminal_safe(timeline_text(t))


@pytest.mark.parametrize("command", ["validate", "stale"])
def test_file_name_with_escape_sequence_is_printed_escaped(tmp_path: Path, run_cli, command: str) -> None:
    folder = tmp_path / "vendors"
    path = vendor_file(folder)
    evil = path.with_name("acme\x1b]52;c;ZXZpbA==\x07\x1b[2J\nfake.yaml")
    path.rename(evil)
    result = run_cli(command, folder)
    assert result.exit_code == 1
    assert_terminal_safe(result.output)
    assert "acme\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x0afake.yaml" in result.output
    assert "ESC201" in result.output


def test_github_and_json_reports_escape_controls(tmp_path: Path, run_cli) -> None:
    path = vendor_file(tmp_path, label=HOSTILE_LABEL)
    evil = path.with_name("acme\x1b[2J.yaml")
    path.rename(evil)
    for fmt in ("github", "json"):
        result = run_cli("validate", "--format", fmt, tmp_path)
        assert result.exit_code == 1
        assert_terminal_safe(result.output)
    data = json.loads(run_cli("validate", "--format", "json", tmp_path).output)
    assert data["problems"][0]["file"].endswith("acme\x1b[2J.yaml")  # JSON keeps the value, escaped


def test_diff_report_escapes_controls(tmp_path: Path, run_cli) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    vendor_file(base)
    vendor_file(head, label=HOSTILE_LABEL)
    for fmt in ("markdown", "json", "github"):
        result = run_cli("diff", base, head, "--format", fmt)
        assert_terminal_safe(result.output)
        assert "ESC216" in result.output


# ---- Content-Security-Policy (escdir.publish.csp) ------------------------------------------------------------

DOC = """<!doctype html><html><head>
<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src *">
<title>t</title><script>var a = 1;</script><script src="x.js"></script>
<script id="cfg" type="application/json">{"b": 2}</script><style>p { color: red }</style>
</head><body><p>hi</p><script>
  var c = "</p>";
</script></body></html>"""


def _sha(text: str) -> str:
    import base64
    import hashlib

    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_never_approves_what_is_in_the_page_and_comes_first() -> None:
    """The policy is not read off the page: the page's inline scripts and styles get no hash."""
    from escdir.publish.csp import add_csp

    out = add_csp(DOC)
    assert out.count("Content-Security-Policy") == 1  # the old one is replaced, not kept
    head = out.split("<head>", 1)[1]
    assert head.startswith('\n<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="')
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', out).group(1)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "sha256" not in policy and "unsafe" not in policy
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["img-src"] == "'self' data:" and directives["default-src"] == "'self'"
    assert "frame-ancestors" not in directives  # ignored in a meta tag
    assert add_csp(out) == out  # idempotent
    opted = add_csp(DOC, scripts=[_sha("var a = 1;")])  # an opted-in page: exactly the hashes it is given
    assert "script-src 'self' " + _sha("var a = 1;") + ";" in opted


def test_inline_scripts_are_the_ones_a_browser_runs() -> None:
    from escdir.publish.csp import inline_hashes, inline_scripts

    assert inline_scripts(DOC) == ["var a = 1;", '\n  var c = "</p>";\n']  # not the src= one, not the JSON block
    assert inline_hashes(DOC) == ([_sha("var a = 1;"), _sha('\n  var c = "</p>";\n')], [_sha("p { color: red }")])


def test_break_glass_style_hashes_come_from_escdir_s_template() -> None:
    from escdir.publish.csp import template_style_hashes
    from escdir.publish.exports.breakglass import files

    hashes = template_style_hashes("breakglass.html")
    page = files([], today=date(2026, 11, 23), site_name="S")["break-glass.html"].decode()
    from escdir.publish.csp import inline_hashes

    assert len(hashes) == 1 and inline_hashes(page)[1] == list(hashes)  # the rendered style is the template's
    assert "style-src " + hashes[0] + ";" in page


def test_csp_for_serve_and_standalone_files() -> None:
    from escdir.publish.csp import STANDALONE, add_csp, policy

    served = policy(serve=True)  # mkdocs serve injects a live-reload script per request
    assert "script-src 'self' 'unsafe-inline';" in served
    alone = policy(template=STANDALONE, styles=[_sha("p { color: red }")])
    assert alone.startswith("default-src 'none'; style-src " + _sha("p { color: red }"))
    assert "script-src" not in alone  # default-src 'none': no script at all
    assert "style-src 'none'" in policy(template=STANDALONE)
    assert add_csp("<p>a fragment</p>") == "<p>a fragment</p>"


def test_break_glass_export_has_a_csp(tmp_path: Path, run_cli) -> None:
    result = run_cli("export", ROOT / "vendors", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "break-glass.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    assert policy.startswith(f"default-src 'none'; style-src {_sha(style)};")
    assert "<script" not in page


# ---- phone markup: isolated left to right, never split ----------------------------------------------

def test_ltr_filters_isolate_and_escape() -> None:
    from escdir.present.render import ltr, ltr_numbers

    assert str(ltr("+1 202-555-0144")) == '<bdi dir="ltr" class="esc-num">+1 202-555-0144</bdi>'
    assert str(ltr("a<b>@example.com")) == '<bdi dir="ltr">a&lt;b&gt;@example.com</bdi>'
    assert str(ltr_numbers("<i>Use דנה +1 202-555-0144.</i>")) == (
        '&lt;i&gt;Use דנה <bdi dir="ltr" class="esc-num">+1 202-555-0144</bdi>.&lt;/i&gt;')


@pytest.mark.parametrize("label", ["דנה ריברה", "Duty manager " * 5, "X" * 200])
def test_flowchart_puts_the_number_whole_in_its_own_ltr_tspan(label: str) -> None:
    from escdir.present.flowchart import ladder_svg

    v = _sample_vendor()
    ladder = next(lad for lad in v.escalation.ladders if any(v.party(s.whom) for s in lad.steps))
    whom = next(v.party(s.whom) for s in ladder.steps if v.party(s.whom) and v.party(s.whom).display.startswith("+"))
    renamed = dataclasses.replace(whom, label=label) if hasattr(whom, "kind") else dataclasses.replace(whom, name=label)
    svg = str(ladder_svg(v.id, ladder, "P1", lambda ref: renamed if ref == whom.id else v.party(ref)))
    tspan = f'<tspan class="esc-num" direction="ltr" unicode-bidi="isolate">{whom.display}</tspan>'
    assert tspan in svg
    texts = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    assert not any(whom.display not in t and re.search(r"\+\d[\d -]*$", t) for t in texts)  # never split


# ---- long words get break opportunities in text, never in attributes ---------------------------------

def test_break_long_words_only_in_text() -> None:
    from escdir.present.longwords import CHUNK, LONG, break_long_words

    word = "X" * 100
    url = "https://example.com/" + "p" * 80
    html = (f'<html><head><title>{word}</title><style>.a{{}}</style></head><body>'
            f'<td title="{word}"><a href="{url}">{word}</a> short words stay whole</td>'
            f'<svg><text>{word}</text></svg><script>var s = "{word}";</script><pre>{word}</pre>'
            f'<p>{"&amp;" * 40}</p></body></html>')
    out = break_long_words(html)
    assert f'<td title="{word}"><a href="{url}">' in out  # attributes untouched
    chunks = out.split('">', 2)[2].split("</a>")[0].split("<wbr>")
    assert "".join(chunks) == word and {len(c) for c in chunks} == {CHUNK, 100 % CHUNK}
    for kept in (f"<title>{word}</title>", f"<text>{word}</text>", f'var s = "{word}";', f"<pre>{word}</pre>"):
        assert kept in out
    assert "short words stay whole" in out
    assert "&amp;" * CHUNK + "<wbr>" in out  # an entity is one character and never cut
    assert break_long_words("<p>" + "y" * LONG + "</p>") == "<p>" + "y" * LONG + "</p>"
