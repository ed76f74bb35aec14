"""Semantic rules beyond the schema: one small function per rule, listed in :data:`FILE_CHECKS`.

They run on schema-valid data with source marks, so each problem points at the exact value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from .coverage import known_holiday_calendar, parse_clock, parse_days
from .durations import DurationError, add_interval, parse_duration
from .errors import Problem
from .loader import Document, jsonpath
from .phones import is_toll_free, normalise_phone

ALLOWED_SCHEMES = ("https:", "mailto:", "tel:")


@dataclass
class Ctx:
    doc: Document
    stem: str
    today: date
    problems: list[Problem] = field(default_factory=list)
    phones: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # E.164 -> path, for cross-file checks

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    def add(self, code: str, path: tuple[Any, ...], message: str, *, key: bool = False, hint: str | None = None) -> None:
        line, col = self.doc.marks.at(path, key=key)
        self.problems.append(Problem.make(code, self.doc.file, message, line=line, col=col,
                                          path=jsonpath(path), hint=hint))


def _items(data: dict[str, Any], key: str) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for i, item in enumerate(data.get(key) or ()):
        yield (key, i), item


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
            for path, item in _items(ctx.data, key):
                ident = item[attr]
                if ident in seen:
                    ctx.add("ESC202", path + (attr,), f"{label} id {ident!r} is already used at {jsonpath(seen[ident])}")
                else:
                    seen[ident] = path
    ladders: set[tuple[str, str | None]] = set()
    for path, lad in _items(ctx.data.get("escalation") or {}, "ladders"):
        key = (lad["severity"], lad.get("plan"))
        if key in ladders:
            ctx.add("ESC202", ("escalation",) + path, f"second ladder for {key[0]} on "
                                                      f"{'plan ' + repr(key[1]) if key[1] else 'all plans'}")
        ladders.add(key)
    rma = ctx.data.get("rma") or {}
    seen = {}
    for path, item in _items(rma, "levels"):
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

    for path, c in _items(d, "contacts"):
        refs(path + ("severities",), c.get("severities"), "severity")
        refs(path + ("plans",), c.get("plans"), "plan")
    for path, s in _items(d, "severities"):
        refs(path + ("plans",), s.get("plans"), "plan")
    for path, p in _items(d, "plans"):
        for sev in p.get("coverage_by_severity") or {}:
            if sev not in sevs:
                ctx.add("ESC203", path + ("coverage_by_severity", sev), f"unknown severity {sev!r}", key=True)
    for path, o in _items(d, "obligations"):
        refs(path + ("severities",), o.get("severities"), "severity")
        refs(path + ("plans",), o.get("plans"), "plan")
    slas = d.get("slas") or {}
    refs(("slas", "uptime", "plans"), (slas.get("uptime") or {}).get("plans"), "plan")
    for path, cell in _items(slas, "matrix"):
        ref(("slas",) + path + ("plan",), cell["plan"], "plan")
        ref(("slas",) + path + ("severity",), cell["severity"], "severity")
    esc = d.get("escalation") or {}
    for path, w in _items(esc, "minimum_wait"):
        ref(("escalation",) + path + ("severity",), w["severity"], "severity")
        ref(("escalation",) + path + ("plan",), w.get("plan"), "plan")
    for path, n in _items(esc, "not_escalatable"):
        ref(("escalation",) + path + ("severity",), n["severity"], "severity")
        ref(("escalation",) + path + ("instead",), n.get("instead"), "contact")
    for path, lv in _items(esc, "levels"):
        ref(("escalation",) + path + ("whom",), lv.get("whom"), "contact or person")
    for path, lad in _items(esc, "ladders"):
        ref(("escalation",) + path + ("severity",), lad["severity"], "severity")
        ref(("escalation",) + path + ("plan",), lad.get("plan"), "plan")
        for j, step in enumerate(lad["steps"]):
            ref(("escalation",) + path + ("steps", j, "whom"), step.get("whom"), "contact or person")
    ref(("rma", "contact"), (d.get("rma") or {}).get("contact"), "contact")
    for path, c in _items(d, "contracts"):
        ref(path + ("plan",), c["plan"], "plan")
        ref(path + ("rma_level",), c.get("rma_level"), "RMA level")


def check_sla_cells(ctx: Ctx) -> None:
    sevs = {s["id"]: s for s in ctx.data.get("severities", ())}
    seen: set[tuple[str, str]] = set()
    for path, cell in _items(ctx.data.get("slas") or {}, "matrix"):
        key = (cell["plan"], cell["severity"])
        if key in seen:
            ctx.add("ESC209", ("slas",) + path, f"second cell for plan {key[0]!r} x severity {key[1]!r}")
        seen.add(key)
        sev = sevs.get(cell["severity"])
        if sev and sev.get("plans") and cell["plan"] not in sev["plans"]:
            ctx.add("ESC209", ("slas",) + path + ("severity",),
                    f"severity {cell['severity']!r} is not offered on plan {cell['plan']!r} "
                    f"(only on {', '.join(sev['plans'])})")


# ---- values ----------------------------------------------------------------------------------

def check_phones(ctx: Ctx) -> None:
    numbers: list[tuple[tuple[Any, ...], str]] = []
    for path, c in _items(ctx.data, "contacts"):
        if c["kind"] == "phone":
            numbers.append((path + ("value",), c["value"]))
    for path, p in _items(ctx.data, "people"):
        numbers += [(path + (k,), p[k]) for k in ("phone", "mobile") if p.get(k)]
    for path, raw in numbers:
        try:
            e164 = normalise_phone(raw)
        except phonenumbers.NumberParseException as exc:
            hint = "start with + and the country code, e.g. +1 202-555-0143" if not raw.strip().startswith("+") else None
            ctx.add("ESC204", path, f"{raw!r}: {exc._msg}", hint=hint)
            continue
        except ValueError:
            ctx.add("ESC204", path, f"{raw!r} is not a valid number for its country")
            continue
        if path[0] == "contacts":
            ctx.phones.setdefault(e164, path)


def check_emails(ctx: Ctx) -> None:
    import re

    pattern = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
    addresses = [(path + ("value",), c["value"]) for path, c in _items(ctx.data, "contacts")
                 if c["kind"] in ("email", "outage_alias")]
    addresses += [(path + ("email",), p["email"]) for path, p in _items(ctx.data, "people") if p.get("email")]
    addresses += [((key, "email"), ctx.data[key]["email"]) for key in ("owner", "security_contact")
                  if (ctx.data.get(key) or {}).get("email")]
    for path, value in addresses:
        if not pattern.match(value):
            ctx.add("ESC211", path, f"{value!r} is not an e-mail address")


def _urls(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for key in ("website", "status_page"):
        if key in d:
            yield (key,), d[key]
    for key in ("url", "pgp_key_url"):
        if key in (d.get("security_contact") or {}):
            yield ("security_contact", key), d["security_contact"][key]
    for path, s in _items(d, "sources"):
        yield path + ("url",), s["url"]
    for path, c in _items(d, "contacts"):
        if c["kind"] in ("portal", "chat"):
            yield path + ("value",), c["value"]


def check_urls(ctx: Ctx) -> None:
    for path, url in _urls(ctx.data):
        low = url.strip().lower()
        if not low.startswith(ALLOWED_SCHEMES) or any(ch in url for ch in " \t\n<>\"'`"):
            ctx.add("ESC205", path, f"{url!r}: only https:, mailto: and tel: links are allowed")
        elif low.startswith("https:") and not low.startswith("https://"):
            ctx.add("ESC205", path, f"{url!r} is not a full https:// address")


def _coverages(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for path, c in _items(d, "contacts"):
        if "coverage" in c:
            yield path + ("coverage",), c["coverage"]
    for path, p in _items(d, "plans"):
        if "coverage" in p:
            yield path + ("coverage",), p["coverage"]
        for sev, cov in (p.get("coverage_by_severity") or {}).items():
            yield path + ("coverage_by_severity", sev), cov


def check_timezones(ctx: Ctx) -> None:
    zones = [(("timezone",), ctx.data.get("timezone"))]
    zones += [(path + ("timezone",), cov.get("timezone")) for path, cov in _coverages(ctx.data) if isinstance(cov, dict)]
    zones = [(p, z) for p, z in zones if z and z != "customer"]
    for path, lv in _items(ctx.data.get("rma") or {}, "levels"):
        if lv.get("timezone") and lv["timezone"] != "site":
            zones.append((("rma",) + path + ("timezone",), lv["timezone"]))
    for path, zone in zones:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: e.g. "Europe" is a directory
            ctx.add("ESC206", path, f"{zone!r} is not an IANA time zone")


def check_coverage_values(ctx: Ctx) -> None:
    for path, cov in _coverages(ctx.data):
        if not isinstance(cov, dict):
            continue
        try:
            parse_days(cov["days"])
        except ValueError:  # the schema pattern lets through e.g. "mon-tue-wed" and a trailing newline
            ctx.add("ESC210", path + ("days",), f"{cov['days']!r} is not a day range or list such as mon-fri")
        try:
            start, end = (parse_clock(x) for x in cov["hours"].split("-"))
        except ValueError as exc:
            ctx.add("ESC210", path + ("hours",), str(exc))
            continue
        if start >= end:
            ctx.add("ESC210", path + ("hours",), f"{cov['hours']!r} ends before it starts (overnight: use 24x7 "
                                                 "or two channels)")
        hol = cov.get("holidays") or {}
        if hol.get("country") and not known_holiday_calendar(hol["country"], hol.get("subdivision")):
            ctx.add("ESC213", path + ("holidays", "country"),
                    f"no public-holiday calendar for {hol['country']!r}"
                    + (f" subdivision {hol['subdivision']!r}" if hol.get("subdivision") else ""))
    for path, lv in _items(ctx.data.get("rma") or {}, "levels"):
        if lv.get("cutoff"):
            try:
                parse_clock(lv["cutoff"])
            except ValueError as exc:
                ctx.add("ESC210", ("rma",) + path + ("cutoff",), str(exc))


def _durations(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for path, cell in _items(d.get("slas") or {}, "matrix"):
        for k, v in cell.items():
            if isinstance(v, str) and k not in ("plan", "severity", "note"):
                yield ("slas",) + path + (k,), v
            elif isinstance(v, dict):
                yield ("slas",) + path + (k, "value"), v["value"]
    esc = d.get("escalation") or {}
    for path, w in _items(esc, "minimum_wait"):
        yield ("escalation",) + path + ("wait",), w["wait"]
    for path, lad in _items(esc, "ladders"):
        for j, s in enumerate(lad["steps"]):
            yield ("escalation",) + path + ("steps", j, "after"), s["after"]


def check_duration_ranges(ctx: Ctx) -> None:
    for path, text in _durations(ctx.data):
        try:
            parse_duration(text)
        except DurationError as exc:
            ctx.add("ESC210", path, str(exc))


def check_ladder_order(ctx: Ctx) -> None:
    for path, lad in _items(ctx.data.get("escalation") or {}, "ladders"):
        previous = None
        for j, step in enumerate(lad["steps"]):
            try:
                after = parse_duration(step["after"])
            except DurationError:
                continue
            if after.kind in ("best_effort", "nbd"):
                ctx.add("ESC208", ("escalation",) + path + ("steps", j, "after"),
                        f"{step['after']!r} is not a point in time; use e.g. 4h or 2bd")
                continue
            if previous is not None and after.rank() <= previous[1].rank():
                ctx.add("ESC208", ("escalation",) + path + ("steps", j, "after"),
                        f"step {j + 1} at {step['after']} is not later than step {previous[0] + 1} "
                        f"at {previous[1].text}")
            previous = (j, after)


def _dates(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    yield ("last_verified",), d["last_verified"]
    for path, s in _items(d, "sources"):
        if "retrieved" in s:
            yield path + ("retrieved",), s["retrieved"]
    for path, c in _items(d, "contacts"):
        if "on" in (c.get("verified") or {}):
            yield path + ("verified", "on"), c["verified"]["on"]
    for path, cov in _coverages(d):
        if isinstance(cov, dict):
            for key in ("closed", "open"):
                for i, day in enumerate((cov.get("holidays") or {}).get(key, ())):
                    yield path + ("holidays", key, i), day
    for path, c in _items(d, "contracts"):
        for key in ("start", "renewal"):
            if key in c:
                yield path + (key,), c[key]


def check_calendar_dates(ctx: Ctx) -> None:
    """YYYY-MM-DD must also be a real day (the schema checks the form only on its fast path)."""
    for path, text in _dates(ctx.data):
        try:
            date.fromisoformat(text)
        except (TypeError, ValueError):
            ctx.add("ESC210", path, f"{text!r} is not a calendar date")


def check_dates(ctx: Ctx) -> None:
    try:
        verified = date.fromisoformat(ctx.data["last_verified"])
    except ValueError:
        return  # check_calendar_dates reports it
    if verified > ctx.today:
        ctx.add("ESC207", ("last_verified",), f"{verified} is after today ({ctx.today})")
        return
    every = ctx.data.get("review_every")
    if not every:
        ctx.add("ESC307", ("last_verified",), "no review_every: staleness cannot be reported")
    elif (due := add_interval(verified, every)) < ctx.today:
        ctx.add("ESC301", ("last_verified",), f"last verified {verified}, review was due {due} "
                                              f"({(ctx.today - due).days} days ago)")
    for path, c in _items(ctx.data, "contacts"):
        on = (c.get("verified") or {}).get("on")
        if on and on > ctx.today.isoformat():
            ctx.add("ESC207", path + ("verified", "on"), f"{on} is after today ({ctx.today})")


# ---- outage-protecting warnings ----------------------------------------------------------------

def check_sev1_paths(ctx: Ctx) -> None:
    d = ctx.data
    sev1 = [s for s in d["severities"] if s["canonical"] == "sev1"]
    for sev in sev1:
        usable = [c for c in d["contacts"] if not c.get("severities") or sev["id"] in c["severities"]]
        phones = [c for c in usable if c["kind"] == "phone"]
        if not any(c.get("coverage", "24x7") == "24x7" for c in phones):
            ctx.add("ESC302", ("severities", d["severities"].index(sev), "id"),
                    f"no phone line with 24x7 coverage accepts {sev['id']}")
        if usable and all(c["kind"] == "email" for c in usable):
            ctx.add("ESC303", ("severities", d["severities"].index(sev), "id"),
                    f"{sev['id']} can only be opened by e-mail")


def check_toll_free(ctx: Ctx) -> None:
    by_region: dict[str, list[tuple[tuple[Any, ...], bool]]] = {}
    for path, c in _items(ctx.data, "contacts"):
        if c["kind"] != "phone":
            continue
        try:
            free = bool(c.get("toll_free")) or is_toll_free(normalise_phone(c["value"]))
        except (phonenumbers.NumberParseException, ValueError):
            continue
        by_region.setdefault(c.get("region", ""), []).append((path, free))
    for lines in by_region.values():
        if any(free for _, free in lines) and all(free for _, free in lines):
            ctx.add("ESC304", lines[0][0] + ("value",), "only toll-free numbers here; callers abroad cannot dial them")


def check_sources(ctx: Ctx) -> None:
    if not ctx.data.get("sources"):
        ctx.add("ESC306", ("id",), "no source URLs for this entry")


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_text_values(ctx: Ctx) -> None:
    """One walk over every string: direction overrides ("Trojan Source") and leftover TODO placeholders."""
    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, str):
            if (m := _BIDI.search(node)) is not None:
                ctx.add("ESC214", path, f"text contains U+{ord(m.group()):04X}")
            if node.lstrip().startswith("TODO"):
                ctx.add("ESC308", path, f"placeholder {node[:60]!r}")
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
    walk(ctx.data, ())


#: Every per-file rule, in reporting order.
FILE_CHECKS: tuple[Callable[[Ctx], None], ...] = (
    check_id_matches_stem, check_local_ids_unique, check_references, check_sla_cells, check_phones,
    check_emails, check_urls, check_timezones, check_coverage_values, check_duration_ranges, check_ladder_order,
    check_text_values, check_calendar_dates, check_dates, check_sev1_paths, check_toll_free, check_sources,
)


def run_file_checks(doc: Document, *, today: date) -> Ctx:
    ctx = Ctx(doc=doc, stem=Path(doc.file).stem, today=today)
    for check in FILE_CHECKS:
        check(ctx)
    return ctx


@dataclass(frozen=True)
class Summary:
    """What the cross-file rules need from one checked file (small, JSON-able, cacheable)."""

    file: str
    vendor_id: str
    id_pos: tuple[int, int]
    phones: tuple[tuple[str, int, int, str], ...]  # E.164, line, column, JSON path of the value

    @classmethod
    def of(cls, ctx: Ctx) -> Summary:
        phones = []
        for number, path in ctx.phones.items():
            line, col = ctx.doc.marks.at(path)
            phones.append((number, line, col, jsonpath(path)))
        return cls(ctx.doc.file, ctx.data["id"], ctx.doc.marks.at(("id",)), tuple(phones))


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
            if other is not None and other is not s and other.vendor_id != s.vendor_id:
                out.append(Problem.make("ESC305", s.file, f"{number} is also listed by {other.file}",
                                        line=line, col=col, path=path))
            owners.setdefault(number, s)
    return out
