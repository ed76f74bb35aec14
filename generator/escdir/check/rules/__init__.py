"""Semantic rules beyond the schema: one small function per rule, listed in :data:`FILE_CHECKS`.

They run on schema-valid data with source marks, so each problem points at the exact value. The
rules on single values (phones, addresses, time zones, durations, dates, text) are in
:mod:`escdir.check.rules.values`; what every rule works on (:class:`Ctx`) is in :mod:`escdir.check.rules.context`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import phonenumbers

from escdir.check.rules.budgets import check_text_budgets
from escdir.check.rules.context import Ctx, list_items
from escdir.check.rules.values import (
    check_calendar_dates,
    check_coverage_values,
    check_dates,
    check_duration_ranges,
    check_emails,
    check_ladder_order,
    check_phones,
    check_target_forms,
    check_text_values,
    check_timezones,
    check_urls,
)
from escdir.errors import Problem
from escdir.load.loader import Document, jsonpath
from escdir.model.phones import is_toll_free, normalise_phone
from escdir.model.regions import countries_of, is_catch_all, is_worldwide

# ---- identity ---------------------------------------------------------------------------------

def check_id_matches_stem(ctx: Ctx) -> None:
    if ctx.data["id"] != ctx.stem:
        ctx.add("ESC201", ("id",), f"id {ctx.data['id']!r} but the file is {ctx.stem}.yaml")


def check_local_ids_unique(ctx: Ctx) -> None:
    groups = {"contacts/people": [("contacts", "id"), ("people", "id")], "plans": [("plans", "id")],
              "severities": [("severities", "id")]}
    for label, sources in groups.items():
        seen: dict[str, tuple[Any, ...]] = {}
        for key, attr in sources:
            for path, item in list_items(ctx.data, key):
                ident = item[attr]
                if ident in seen:
                    ctx.add("ESC202", path + (attr,), f"{label} id {ident!r} is already used at {jsonpath(seen[ident])}")
                else:
                    seen[ident] = path
    ladders: set[tuple[str, str | None, str]] = set()
    for path, lad in list_items(ctx.data.get("escalation") or {}, "ladders"):
        ladder = (lad.get("severity", ""), lad.get("plan"), lad.get("starts_on", "case_opened"))
        if ladder in ladders:
            event = "" if ladder[2] == "case_opened" else f" started by {ladder[2]}"
            ctx.add("ESC202", ("escalation",) + path, f"second ladder{event} for {ladder[0] or 'every severity'} on "
                                                      f"{'plan ' + repr(ladder[1]) if ladder[1] else 'all plans'}")
        ladders.add(ladder)
    rma = ctx.data.get("rma") or {}
    seen = {}
    for path, item in list_items(rma, "levels"):
        if item["id"] in seen:
            ctx.add("ESC202", ("rma",) + path + ("id",), f"RMA level id {item['id']!r} is used twice")
        seen[item["id"]] = path


# ---- references ------------------------------------------------------------------------------

def check_references(ctx: Ctx) -> None:
    d = ctx.data
    parties = {c["id"] for c in d.get("contacts", ())} | {p["id"] for p in d.get("people", ())}
    contacts = {c["id"] for c in d.get("contacts", ())}
    plans = {p["id"] for p in d.get("plans", ())}
    sevs = {s["id"] for s in d.get("severities", ())}
    rma_levels = {lv["id"] for lv in (d.get("rma") or {}).get("levels", ())}
    kinds = {"plan": plans, "severity": sevs, "contact or person": parties, "contact": contacts,
             "RMA level": rma_levels}

    def ref(path: tuple[Any, ...], value: Any, kind: str) -> None:
        if value is not None and value not in kinds[kind]:
            known = ", ".join(sorted(kinds[kind])) or "none declared"
            ctx.add("ESC203", path, f"unknown {kind} {value!r} (known: {known})")

    def refs(path: tuple[Any, ...], values: Any, kind: str) -> None:
        for i, value in enumerate(values or ()):
            ref(path + (i,), value, kind)

    for path, c in list_items(d, "contacts"):
        refs(path + ("severities",), c.get("severities"), "severity")
        refs(path + ("plans",), c.get("plans"), "plan")
    for path, s in list_items(d, "severities"):
        refs(path + ("plans",), s.get("plans"), "plan")
    for path, p in list_items(d, "plans"):
        for sev in p.get("coverage_by_severity") or {}:
            if sev not in sevs:
                ctx.add("ESC203", path + ("coverage_by_severity", sev), f"unknown severity {sev!r}", key=True)
    for path, o in list_items(d, "obligations"):
        refs(path + ("severities",), o.get("severities"), "severity")
        refs(path + ("plans",), o.get("plans"), "plan")
    slas = d.get("slas") or {}
    refs(("slas", "uptime", "plans"), (slas.get("uptime") or {}).get("plans"), "plan")
    for path, cell in list_items(slas, "matrix"):
        ref(("slas",) + path + ("plan",), cell["plan"], "plan")
        ref(("slas",) + path + ("severity",), cell["severity"], "severity")
    esc = d.get("escalation") or {}
    for path, w in list_items(esc, "minimum_wait"):
        ref(("escalation",) + path + ("severity",), w["severity"], "severity")
        ref(("escalation",) + path + ("plan",), w.get("plan"), "plan")
    for path, n in list_items(esc, "not_escalatable"):
        ref(("escalation",) + path + ("severity",), n["severity"], "severity")
        ref(("escalation",) + path + ("instead",), n.get("instead"), "contact")
    for path, lv in list_items(esc, "levels"):
        ref(("escalation",) + path + ("whom",), lv.get("whom"), "contact or person")
    for path, lad in list_items(esc, "ladders"):
        ref(("escalation",) + path + ("severity",), lad.get("severity"), "severity")
        ref(("escalation",) + path + ("plan",), lad.get("plan"), "plan")
        for j, step in enumerate(lad["steps"]):
            whom = step.get("whom")
            if isinstance(whom, list):
                refs(("escalation",) + path + ("steps", j, "whom"), whom, "contact or person")
            else:
                ref(("escalation",) + path + ("steps", j, "whom"), whom, "contact or person")
    for path, r in list_items(esc, "requests"):
        ref(("escalation",) + path + ("contact",), r.get("contact"), "contact")
        refs(("escalation",) + path + ("plans",), r.get("plans"), "plan")
    ref(("rma", "contact"), (d.get("rma") or {}).get("contact"), "contact")
    for path, p in list_items(d, "plans"):
        for j, team in enumerate(p.get("teams") or ()):
            ref(path + ("teams", j, "contact"), team.get("contact"), "contact")
    ref(("support_model", "first_line", "contact"), ((d.get("support_model") or {}).get("first_line") or {})
        .get("contact"), "contact")
    for path, lv in list_items(d.get("rma") or {}, "levels"):
        ref(("rma",) + path + ("applies_after", "until_then"), (lv.get("applies_after") or {}).get("until_then"),
            "RMA level")
        refs(("rma",) + path + ("severities",), lv.get("severities"), "severity")
    for path, c in list_items(d, "contracts"):
        ref(path + ("plan",), c["plan"], "plan")
        ref(path + ("rma_level",), c.get("rma_level"), "RMA level")


def check_sla_cells(ctx: Ctx) -> None:
    sevs = {s["id"]: s for s in ctx.data.get("severities", ())}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for path, cell in list_items(ctx.data.get("slas") or {}, "matrix"):
        key = (cell["plan"], cell["severity"], tuple(sorted(cell.get("products") or ())))
        if key in seen:
            ctx.add("ESC209", ("slas",) + path, f"second cell for plan {key[0]!r} x severity {key[1]!r}"
                    + (f" for {', '.join(key[2])}" if key[2] else ""))
        seen.add(key)
        sev = sevs.get(cell["severity"])
        if sev and sev.get("plans") and cell["plan"] not in sev["plans"]:
            ctx.add("ESC209", ("slas",) + path + ("severity",),
                    f"severity {cell['severity']!r} is not offered on plan {cell['plan']!r} "
                    f"(only on {', '.join(sev['plans'])})")


# ---- outage-protecting warnings ----------------------------------------------------------------

def check_sev1_paths(ctx: Ctx) -> None:
    d = ctx.data
    support = d.get("support_model") or {}
    # each a stated fact shown on the page: no phone at all, none staffed 24x7, no channel known
    no_phone = bool(support.get("no_phone") or support.get("no_24x7_phone") or support.get("no_contacts_known"))
    sev1 = [s for s in d["severities"] if s["canonical"] == "sev1"]
    for sev in sev1:
        usable = [c for c in d["contacts"] if not c.get("severities") or sev["id"] in c["severities"]]
        phones = [c for c in usable if c["kind"] == "phone"]
        where = ("severities", d["severities"].index(sev), "id")
        if not no_phone and not any(c.get("coverage") == "24x7" for c in phones):
            unknown = [c["id"] for c in phones if "coverage" not in c or c["coverage"] == "unknown"]
            detail = (f"; the hours of {', '.join(unknown)} are not recorded" if unknown else "")
            ctx.add("ESC302", where, f"no phone line known to be 24x7 accepts {sev['id']}{detail}")
        if usable and all(c["kind"] == "email" for c in usable):
            ctx.add("ESC303", where, f"{sev['id']} can only be opened by e-mail")


UNPUBLISHED = ("issued_on_enrolment", "shown_after_login", "not_published")


def check_contact_values(ctx: Ctx) -> None:
    """A contact has a value unless `value_status` says the vendor does not publish it (and then it has none); no
    contacts at all only when `support_model.no_contacts_known` says why (and never both)."""
    why_none = (ctx.data.get("support_model") or {}).get("no_contacts_known")
    if not ctx.data["contacts"] and not why_none:
        ctx.add("ESC102", ("contacts",), "no contacts: list the vendor's channels, or say why none is known with "
                                         "`support_model.no_contacts_known`", key=False)
    elif ctx.data["contacts"] and why_none:
        ctx.add("ESC210", ("support_model", "no_contacts_known"), "contacts are listed, but no_contacts_known says "
                                                                  "none is known: remove one")
    for path, c in list_items(ctx.data, "contacts"):
        status = c.get("value_status", "published")
        if status in UNPUBLISHED and "value" in c:
            ctx.add("ESC210", path + ("value",), f"value_status is {status}, but a value is given: remove one")
        elif status not in UNPUBLISHED and "value" not in c:
            ctx.add("ESC102", path, "'value' is required (or say `value_status: issued_on_enrolment`, "
                                    "`shown_after_login` or `not_published`)", key=False)


def check_coverage_recorded(ctx: Ctx) -> None:
    """A plan without coverage is *not recorded*: say so once (an explicit `coverage: unknown` is an answer)."""
    for path, p in list_items(ctx.data, "plans"):
        if "coverage" not in p:
            ctx.add("ESC309", path + ("id",), f"plan {p['id']!r} has no coverage: it is shown as 'not recorded' "
                                              "and no business-time due time is computed for it")


def check_toll_free(ctx: Ctx) -> None:
    by_region: dict[str, list[tuple[tuple[Any, ...], bool]]] = {}
    for path, c in list_items(ctx.data, "contacts"):
        if c["kind"] != "phone":
            continue
        try:
            if "value" not in c:
                continue
            number = normalise_phone(c["value"])
            free = (bool(c.get("toll_free")) or is_toll_free(number)) and not _universal_freephone(number)
        except (phonenumbers.NumberParseException, ValueError):
            continue
        by_region.setdefault(c.get("region", ""), []).append((path, free))
    for lines in by_region.values():
        if any(free for _, free in lines) and all(free for _, free in lines):
            ctx.add("ESC304", lines[0][0] + ("value",), "only toll-free numbers here; callers abroad cannot dial them")


def _universal_freephone(e164: str) -> bool:
    """+800 (universal international freephone): toll-free, yet meant to be dialled from abroad."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None)) in ("001", phonenumbers.UNKNOWN_REGION)


def check_region_labels(ctx: Ctx) -> None:
    """A phone line's region label must say which countries it serves (escdir.model.regions, or the vendor's
    `regions:` list), or no reader's country can ever pick it."""
    declared = {str(r.get("name", "")).strip().casefold(): tuple(r.get("countries", ()))
                for _p, r in list_items(ctx.data, "regions") if isinstance(r, dict)}
    for path, c in list_items(ctx.data, "contacts"):
        label = c.get("region")
        if c.get("kind") != "phone" or not isinstance(label, str) or not label.strip():
            continue
        if is_worldwide(label) or is_catch_all(label) or countries_of(label, declared) is not None:
            continue
        ctx.add("ESC330", path + ("region",), f"region {label!r}: escdir cannot tell which countries it serves")


def check_sources(ctx: Ctx) -> None:
    if not ctx.data.get("sources"):
        ctx.add("ESC306", ("id",), "no source URLs for this entry")


#: Every per-file rule, in reporting order.
FILE_CHECKS: tuple[Callable[[Ctx], None], ...] = (
    check_id_matches_stem, check_local_ids_unique, check_references, check_sla_cells, check_phones, check_region_labels,
    check_contact_values, check_emails, check_urls, check_timezones, check_coverage_values, check_coverage_recorded,
    check_target_forms,
    check_duration_ranges,
    check_ladder_order,
    check_text_values, check_calendar_dates, check_dates, check_sev1_paths, check_toll_free, check_sources,
    check_text_budgets,
)


def run_file_checks(doc: Document, *, today: date, schema_valid: bool = True) -> Ctx:
    """Every per-file rule. On a file that failed the schema, rules still run (so one pass reports schema and
    semantic problems together); a rule that cannot read the malformed part is skipped for that file — the
    schema problem already names it."""
    ctx = Ctx(doc=doc, stem=Path(doc.file).stem, today=today)
    for check in FILE_CHECKS:
        if schema_valid:
            check(ctx)
            continue
        before = len(ctx.problems)
        try:
            check(ctx)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError):
            del ctx.problems[before:]
    known = known_gap_codes(ctx.data)
    ctx.problems[:] = [p for p in ctx.problems if p.code not in known]
    return ctx


def known_gap_codes(data: object) -> frozenset[str]:
    """Warning codes the file acknowledges as true gaps in the vendor's policy (``known_gaps``), each with its
    words: those warnings are not raised (the page shows the gap instead)."""
    gaps = data.get("known_gaps") if isinstance(data, dict) else None
    if not isinstance(gaps, list):
        return frozenset()
    return frozenset(g["code"] for g in gaps if isinstance(g, dict) and isinstance(g.get("code"), str)
                     and g.get("why"))


@dataclass(frozen=True)
class Summary:
    """What the cross-file rules need from one checked file (small, JSON-able, cacheable)."""

    file: str
    vendor_id: str
    id_pos: tuple[int, int]
    phones: tuple[tuple[str, int, int, str], ...]  # E.164, line, column, JSON path of the value
    known_gaps: tuple[str, ...] = ()  # acknowledged warning codes (ESC305 among them silences the shared number)

    @classmethod
    def of(cls, ctx: Ctx) -> Summary:
        phones = []
        for number, path in ctx.phones.items():
            line, col = ctx.doc.marks.at(path)
            phones.append((number, line, col, jsonpath(path)))
        return cls(ctx.doc.file, ctx.data["id"], ctx.doc.marks.at(("id",)), tuple(phones),
                   tuple(sorted(known_gap_codes(ctx.data))))


def cross_file_problems(summaries: list[Summary]) -> list[Problem]:
    """Rules across files: duplicate vendor ids, the same phone number on two vendors."""
    out: list[Problem] = []
    ids: dict[str, Summary] = {}
    owners: dict[str, Summary] = {}
    for s in summaries:
        if s.vendor_id in ids:
            out.append(Problem.make("ESC202", s.file, f"vendor id {s.vendor_id!r} is also used by {ids[s.vendor_id].file}",
                                    line=s.id_pos[0], col=s.id_pos[1], path="$.id"))
        ids.setdefault(s.vendor_id, s)
        for number, line, col, path in s.phones:
            other = owners.get(number)
            if other is not None and other is not s and other.vendor_id != s.vendor_id \
                    and "ESC305" not in s.known_gaps:
                out.append(Problem.make("ESC305", s.file, f"{number} is also listed by {other.file}",
                                        line=line, col=col, path=path))
            owners.setdefault(number, s)
    return out
