"""Reporters for :mod:`escdir.derive.diff`: Markdown (a pull-request comment), JSON, GitHub annotations.

Every reporter says first when a side fails validation, so a reviewer who reads only the
diff is never shown a partial comparison as if it were complete.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any, TextIO

from escdir.derive.diff import LEVELS, RULES, DiffResult, Side, VendorDiff
from escdir.derive.diff.compare import Change, FieldChange
from escdir.derive.diff.msp import MSP_ENTRY, EntryDiff
from escdir.derive.diff.values import fmt
from escdir.present.reporting.github import annotate, problem_annotations
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import json_dump, safe_stream

#: GitHub comments stop at 65,536 characters; beyond this the folded details are dropped.
MAX_COMMENT = 60_000
_ICON = {"high": "\U0001f534", "medium": "\U0001f7e0", "low": "\U0001f7e1"}
_SECTIONS = {"contacts": "Contacts", "visibility": "Visibility", "people": "People", "contracts": "Contracts",
             "sla": "SLA", "ladders": "Escalation ladders", "escalation": "Escalation", "rma": "RMA",
             "sources": "Sources", "severities": "Severities", "plans": "Plans", "tiers": "Tiers",
             "vendor": "Entry", "msp": "MSP settings", "promises": "Client promises", "olas": "OLAs",
             "client-vendors": "Client's vendors", "exceptions": "Exceptions", "alignment": "Alignment (can the chain keep "
             "the promise?)", "client": "Client"}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _text(s: str) -> str:
    """Plain text safe inside Markdown and table cells (no accidental links, HTML or columns)."""
    return " ".join(s.split()).translate(_MD_SPECIAL)


def _inline(s: str) -> str:
    """A code span that no backtick in ``s`` can close early (vendor data is untrusted)."""
    fence = "`" * (max((len(run) for run in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _block(lines: list[str]) -> list[str]:
    """A fenced text block longer than any backtick run inside it."""
    fence = "`" * max([3, *(len(run) + 1 for line in lines for run in re.findall("`+", line))])
    return [fence + "text", *lines, fence]


def _code(value: Any, limit: int = 160) -> str:
    if value is None or value == () or value == "":
        return "*(none)*"
    s = " ".join(fmt(value).split())
    return _inline(s if len(s) <= limit else s[: limit - 1] + "\u2026")


def _field(f: FieldChange, action: str) -> str:
    if isinstance(f.old, tuple) and isinstance(f.new, tuple) and all(isinstance(x, str) for x in f.old + f.new):
        gone, came = [x for x in f.old if x not in f.new], [x for x in f.new if x not in f.old]
        bits = [f"{verb} {', '.join(map(_code, items))}" for verb, items in (("removed", gone), ("added", came)) if items]
        return f"{f.name} " + ("; ".join(bits) if bits else "reordered")
    if action == "added":
        return f"{f.name} {_code(f.new)}"
    if action == "removed":
        return f"{f.name} {_code(f.old)}"
    return f"{f.name} {_code(f.old)} → {_code(f.new)}" + (f" (**{f.direction}**)" if f.direction else "")


def _change_line(c: Change) -> str:
    detail = "; ".join(_field(f, c.action) for f in c.fields)
    return f"- {c.action} {_text(c.subject)}" + (f": {detail}" if detail else "")


def _counts(changes: list[Change]) -> str:
    counts = Counter(c.section for c in changes)
    return ", ".join(f"{_SECTIONS.get(s, s)} {n}" for s, n in counts.items())


def _summary(v: VendorDiff | EntryDiff) -> str:
    if v.status == "removed":
        return "entry removed"
    if v.status == "added":
        return f"new entry with {len(v.changes)} contact(s)" if isinstance(v, VendorDiff) else "new file"
    return _counts(v.changes) or v.reason


def _entry_label(e: EntryDiff) -> str:
    return f"{_text(e.name)} ({_inline(e.file)})" if e.id == MSP_ENTRY else f"client {_text(e.name)} ({_inline(e.id)})"


def _risk(levels: Counter[str]) -> str:
    return " ".join(f"{_ICON[lv]} {lv} ×{levels[lv]}" for lv in reversed(LEVELS) if levels[lv]) or "—"


def _side_errors(side: Side, name: str) -> list[str]:
    errors = side.errors
    if not errors:
        return []
    return [(f"**{name} ({_inline(side.label)}) fails validation** with {len(errors)} error(s); "
            "entries with errors are not compared below."), "", *_block([problem_line(p, hint=False) for p in errors]), ""]


def markdown_report(result: DiffResult, stream: TextIO) -> None:
    """A pull-request comment: validation failures, summary table, risk flags, folded details.

    It is printed to a terminal too: control characters from data are shown as escapes."""
    stream = safe_stream(stream)
    out = [f"## Vendor directory diff: {_inline(result.base.label)} → {_inline(result.head.label)}", ""]
    if result.invalid:
        out += ["> [!CAUTION]", "> A side fails validation: this comparison is incomplete.", ""]
        out += _side_errors(result.base, "BASE") + _side_errors(result.head, "HEAD")
    if not result.semantic_change:
        skipped = sum(v.status == "not-compared" for v in result.vendors)
        scope = f"the {result.compared} vendor(s) that could be compared; {skipped} not compared" if skipped else (
            f"{result.compared} vendor(s) compared")
        msp = f" and {len(result.head.msp.files)} MSP file(s)" if result.head.msp.files else ""
        out += [f"**No semantic change** in {scope}{msp} (formatting, key order and comments are ignored).", ""]
    if result.vendors:
        flags_by_vendor = {v.id: Counter(f.level for f in result.flags if f.vendor == v.id) for v in result.vendors}
        out += ["| Vendor | Status | Changes | Risk |", "|---|---|---|---|"]
        out += [f"| {_text(v.name)} ({_inline(v.id)}) | {v.status} | {_text(_summary(v))} | "
                f"{_risk(flags_by_vendor[v.id])} |" for v in result.vendors]
        out.append("")
    if result.entries:
        flags_by_entry = {e.id: Counter(f.level for f in result.flags if f.vendor == e.id) for e in result.entries}
        out += ["| MSP file | Status | Changes | Risk |", "|---|---|---|---|"]
        out += [f"| {_entry_label(e)} | {e.status} | {_text(_summary(e))} | {_risk(flags_by_entry[e.id])} |"
                for e in result.entries]
        out.append("")
    if result.flags:
        out += ["### Risk flags", "", "| Level | Vendor | Rule | What |", "|---|---|---|---|"]
        out += [f"| {_ICON[f.level]} {f.level} | {_inline(f.vendor)} | {f.rule} | {_text(f.message)}"
                + (f" ({_text(f.file)}:{f.line})" if f.line else "") + " |" for f in result.flags]
        out.append("")
    head = "\n".join(out)
    shown: list[VendorDiff | EntryDiff] = [*result.entries, *result.vendors]
    details = "\n".join(_details(v) for v in shown if v.changes)
    if len(head) + len(details) > MAX_COMMENT:
        details = "*Details are too long for one comment: run `escdir diff` locally.*\n"
    stream.write(head + ("\n" + details if details else ""))


def _details(v: VendorDiff | EntryDiff) -> str:
    lines = [f"<details><summary><code>{html.escape(v.id)}</code> ({v.status}, {len(v.changes)} change(s))</summary>", ""]
    for section, title in _SECTIONS.items():
        changes = [c for c in v.changes if c.section == section]
        if changes:
            lines += [f"**{title}**", ""] + [_change_line(c) for c in changes] + [""]
    return "\n".join(lines + ["</details>", ""])


def _plain(value: Any) -> str | None:
    return None if value is None or value == () or value == "" else fmt(value)


def _changes_json(changes: list[Change]) -> list[dict[str, Any]]:
    return [{"section": c.section, "action": c.action, "subject": c.subject, "line": c.line,
             "fields": [{"name": f.name, "old": _plain(f.old), "new": _plain(f.new), "direction": f.direction}
                        for f in c.fields]} for c in changes]


def json_report(result: DiffResult, stream: TextIO) -> None:
    """Everything the Markdown shows, as data; model values formatted as in the Markdown."""
    def side(s: Side) -> dict[str, Any]:
        return {"label": s.label, "files": s.result.files, "valid": not s.errors,
                "problems": [p.to_json() for p in s.result.problems]}

    payload = {
        "base": side(result.base), "head": side(result.head),
        "semantic_change": result.semantic_change, "vendors_compared": result.compared,
        "flags": [{"level": f.level, "rule": f.rule, "vendor": f.vendor, "message": f.message,
                   "file": f.file, "line": f.line} for f in result.flags],
        "vendors": [{"id": v.id, "name": v.name, "status": v.status, "file": v.file, "reason": v.reason,
                     "changes": _changes_json(v.changes)} for v in result.vendors],
        "msp": [{"id": e.id, "name": e.name, "status": e.status, "file": e.file, "reason": e.reason,
                 "changes": _changes_json(e.changes)} for e in result.entries],
        "rules": RULES,
    }
    json_dump(payload, stream, indent=2)
    stream.write("\n")


def github_report(result: DiffResult, stream: TextIO) -> None:
    """``::warning`` lines GitHub shows on the HEAD file and line of each risk flag."""
    problem_annotations(result.head.errors, stream)
    stream.writelines(annotate("error", p.format(), title="BASE fails validation") for p in result.base.errors)
    stream.writelines(annotate("notice" if f.level == "low" else "warning", f.message,
                              title=f"escdir diff: {f.level} risk ({f.rule})", file=f.file, line=f.line) for f in result.flags)
    changed = sum(v.status != "not-compared" for v in result.vendors)
    msp = sum(e.status != "not-compared" for e in result.entries)
    stream.write(annotate("notice", f"{changed} vendor(s) and {msp} MSP file(s) changed, {len(result.flags)} risk flag(s)",
                          title="escdir diff"))
