"""Per-file rules on single values: phone numbers, e-mail and web addresses, time zones, coverage
hours, durations, dates (with staleness), and text. Listed with the other rules in
:data:`escdir.check.rules.FILE_CHECKS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from escdir.check.rules.context import Ctx, list_items
from escdir.model.coverage import known_holiday_calendar, parse_clock, parse_days
from escdir.model.durations import DurationError, add_interval, parse_duration
from escdir.model.phones import normalise_phone

ALLOWED_SCHEMES = ("https:", "mailto:", "tel:")


# ---- values ----------------------------------------------------------------------------------

def check_phones(ctx: Ctx) -> None:
    numbers: list[tuple[tuple[Any, ...], str]] = []
    for path, c in list_items(ctx.data, "contacts"):
        if c["kind"] == "phone" and "value" in c:
            numbers.append((path + ("value",), c["value"]))
    for path, p in list_items(ctx.data, "people"):
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


def contact_problems(contacts: list[dict[str, Any]], prefix: tuple[Any, ...], add: Callable[..., None]) -> None:
    """The value rules of one list of contacts — phone (ESC204), e-mail (ESC211), web address (ESC205) — as
    vendor files apply them; used for msp.yaml and client files too, so every file kind gets the same rules."""
    for i, c in enumerate(contacts):
        path, value = prefix + (i, "value"), c.get("value")
        if not isinstance(value, str):
            continue
        if c["kind"] == "phone":
            try:
                normalise_phone(value)
            except (phonenumbers.NumberParseException, ValueError):
                add("ESC204", path, f"{value!r} is not a valid international phone number")
        elif c["kind"] in ("portal", "chat") or _is_form(c):
            low = value.strip().lower()
            # http: is allowed where a vendor's directory really lives; it is shown as text, never linked
            if not low.startswith(("https://", "http://")) or any(ch in value for ch in " \t\n<>\"'`"):
                add("ESC205", path, f"{value!r}: only full https:// (or http://, shown as text) addresses are allowed")
        elif c["kind"] in ("email", "outage_alias") and not _EMAIL.fullmatch(value):
            add("ESC211", path, f"{value!r} is not an e-mail address")


_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def _is_form(c: dict[str, Any]) -> bool:
    """An outage alias that is a web form (an https: address) rather than a mailbox."""
    return c["kind"] == "outage_alias" and str(c.get("value", "")).strip().lower().startswith(("https:", "http:"))


def check_emails(ctx: Ctx) -> None:
    import re

    pattern = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
    addresses = [(path + ("value",), c["value"]) for path, c in list_items(ctx.data, "contacts")
                 if c["kind"] in ("email", "outage_alias") and "value" in c and not _is_form(c)]
    addresses += [(path + ("email",), p["email"]) for path, p in list_items(ctx.data, "people") if p.get("email")]
    addresses += [((key, "email"), ctx.data[key]["email"]) for key in ("owner", "security_contact")
                  if (ctx.data.get(key) or {}).get("email")]
    for path, value in addresses:
        if not pattern.fullmatch(value):
            ctx.add("ESC211", path, f"{value!r} is not an e-mail address")


def _urls(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for key in ("website", "status_page"):
        if key in d:
            yield (key,), d[key]
    for key in ("url", "pgp_key_url"):
        if key in (d.get("security_contact") or {}):
            yield ("security_contact", key), d["security_contact"][key]
    for path, c in list_items(d, "contacts"):
        if "value" in c and (c["kind"] in ("portal", "chat") or _is_form(c)):
            yield path + ("value",), c["value"]


def check_urls(ctx: Ctx) -> None:
    for path, url in _urls(ctx.data):
        low = url.strip().lower()
        if path[0] == "contacts" and low.startswith("http://") and not any(ch in url for ch in " \t\n<>\"'`"):
            continue  # a contact's http: directory is shown as text, never as a link (Contact.href)
        if not low.startswith(ALLOWED_SCHEMES) or any(ch in url for ch in " \t\n<>\"'`"):
            ctx.add("ESC205", path, f"{url!r}: only https:, mailto: and tel: links are allowed")
        elif low.startswith("https:") and not low.startswith("https://"):
            ctx.add("ESC205", path, f"{url!r} is not a full https:// address")
    # Sources may be http: (where a policy really lives); they are shown as text, never as a link.
    for path, src in list_items(ctx.data, "sources"):
        url = src["url"]
        if not url.strip().lower().startswith(("https://", "http://")) or any(ch in url for ch in " \t\n<>\"'`"):
            ctx.add("ESC205", path + ("url",), f"{url!r}: a source must be an http:// or https:// address")


def _coverage_tree(path: tuple[Any, ...], cov: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """A coverage and the coverages inside it (regions; a conditional's `coverage` and `otherwise`)."""
    if isinstance(cov, dict) and "only_if" in cov:
        yield from _coverage_tree(path + ("coverage",), cov["coverage"])
        if "otherwise" in cov:
            yield from _coverage_tree(path + ("otherwise",), cov["otherwise"])
        return
    yield path, cov
    if isinstance(cov, dict) and "regions" in cov:
        for name, inner in cov["regions"].items():
            yield from _coverage_tree(path + ("regions", name), inner)


def _coverages(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for path, c in list_items(d, "contacts"):
        if "coverage" in c:
            yield from _coverage_tree(path + ("coverage",), c["coverage"])
    for path, p in list_items(d, "plans"):
        if "coverage" in p:
            yield from _coverage_tree(path + ("coverage",), p["coverage"])
        for sev, cov in (p.get("coverage_by_severity") or {}).items():
            yield from _coverage_tree(path + ("coverage_by_severity", sev), cov)


def check_timezones(ctx: Ctx) -> None:
    zones = [(("timezone",), ctx.data.get("timezone"))]
    for path, cov in _coverages(ctx.data):
        if isinstance(cov, dict):
            zones.append((path + ("timezone",), cov.get("timezone")))
            for i, w in enumerate(cov.get("windows") or ()):
                zones += [(path + ("windows", i, k), w.get(k)) for k in ("from_timezone", "to_timezone")]
    named: list[tuple[tuple[str | int, ...], str]] = [(p, z) for p, z in zones if z and z != "customer"]
    for path, lv in list_items(ctx.data.get("rma") or {}, "levels"):
        if lv.get("timezone") and lv["timezone"] not in ("site", "depot"):
            named.append((("rma",) + path + ("timezone",), lv["timezone"]))
    for path, zone in named:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: e.g. "Europe" is a directory
            ctx.add("ESC206", path, f"{zone!r} is not an IANA time zone")


def _check_hours(ctx: Ctx, path: tuple[Any, ...], cov: dict[str, Any]) -> None:
    try:
        parse_days(cov["days"])
    except ValueError:  # the schema pattern lets through e.g. "mon-tue-wed"
        ctx.add("ESC210", path + ("days",), f"{cov['days']!r} is not a day range or list such as mon-fri")
    try:
        start, end = (parse_clock(x) for x in cov["hours"].split("-"))
    except ValueError as exc:
        ctx.add("ESC210", path + ("hours",), str(exc))
        return
    if start == end or (start == 0 and end == 0):
        ctx.add("ESC210", path + ("hours",), f"{cov['hours']!r} opens and closes at the same time "
                                             "(all day: 00:00-24:00; around the clock: 24x7)")


def check_coverage_values(ctx: Ctx) -> None:
    for path, cov in _coverages(ctx.data):
        if not isinstance(cov, dict):
            continue
        if "hours" in cov:
            _check_hours(ctx, path, cov)
        for i, w in enumerate(cov.get("windows") or ()):
            for key in ("from", "to"):
                try:
                    parse_clock(w[key].split(" ", 1)[1])
                except (ValueError, IndexError) as exc:
                    ctx.add("ESC210", path + ("windows", i, key), str(exc))
        hol = cov.get("holidays") or {}
        if hol.get("country") and not known_holiday_calendar(hol["country"], hol.get("subdivision")):
            ctx.add("ESC213", path + ("holidays", "country"),
                    f"no public-holiday calendar for {hol['country']!r}"
                    + (f" subdivision {hol['subdivision']!r}" if hol.get("subdivision") else ""))
    for path, lv in list_items(ctx.data.get("rma") or {}, "levels"):
        if lv.get("cutoff"):
            try:
                parse_clock(lv["cutoff"])
            except ValueError as exc:
                ctx.add("ESC210", ("rma",) + path + ("cutoff",), str(exc))


def _durations(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for path, cell in list_items(d.get("slas") or {}, "matrix"):
        for k, v in cell.items():
            if isinstance(v, str) and k not in ("plan", "severity", "note"):
                yield ("slas",) + path + (k,), v
            elif isinstance(v, dict):
                if "value" in v:
                    yield ("slas",) + path + (k, "value"), v["value"]
                for i, alt in enumerate(v.get("alternatives") or ()):
                    yield ("slas",) + path + (k, "alternatives", i, "value"), alt["value"]
    esc = d.get("escalation") or {}
    for path, w in list_items(esc, "minimum_wait"):
        yield ("escalation",) + path + ("wait",), w["wait"]
    for path, lad in list_items(esc, "ladders"):
        for j, s in enumerate(lad["steps"]):
            yield ("escalation",) + path + ("steps", j, "after"), s["after"]


def _target_maps(d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    for path, cell in list_items(d.get("slas") or {}, "matrix"):
        for k, v in cell.items():
            if isinstance(v, dict):
                yield ("slas",) + path + (k,), v
    for path, r in list_items(d.get("escalation") or {}, "requests"):
        if isinstance(r.get("response"), dict):
            yield ("escalation",) + path + ("response",), r["response"]


def check_target_forms(ctx: Ctx) -> None:
    """A qualified target states exactly one of: a value, `not_offered: true`, or why it is `unknown`."""
    for path, t in _target_maps(ctx.data):
        stated = [k for k in ("value", "not_offered", "unknown") if k in t and t[k] is not False]
        if len(stated) != 1:
            ctx.add("ESC102", path, "a target needs exactly one of `value`, `not_offered: true` or `unknown`"
                    + (f" (has {', '.join(stated)})" if stated else ""))


def check_duration_ranges(ctx: Ctx) -> None:
    for path, text in _durations(ctx.data):
        try:
            parse_duration(text)
        except DurationError as exc:
            ctx.add("ESC210", path, str(exc))


def check_ladder_order(ctx: Ctx) -> None:
    for path, lad in list_items(ctx.data.get("escalation") or {}, "ladders"):
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
    for path, s in list_items(d, "sources"):
        if "retrieved" in s:
            yield path + ("retrieved",), s["retrieved"]
    for path, c in list_items(d, "contacts"):
        if "on" in (c.get("verified") or {}):
            yield path + ("verified", "on"), c["verified"]["on"]
    for path, cov in _coverages(d):
        if isinstance(cov, dict):
            for key in ("closed", "open"):
                for i, day in enumerate((cov.get("holidays") or {}).get(key, ())):
                    yield path + ("holidays", key, i), day
    for path, c in list_items(d, "contracts"):
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
    for path, c in list_items(ctx.data, "contacts"):
        on = (c.get("verified") or {}).get("on")
        if on and on > ctx.today.isoformat():
            ctx.add("ESC207", path + ("verified", "on"), f"{on} is after today ({ctx.today})")


#: Invisible characters that change the display order of text: the embeddings and overrides
#: (U+202A-U+202E), the isolates (U+2066-U+2069) and the marks LRM, RLM and ALM (U+200E, U+200F,
#: U+061C): ``"Dana Rivera\u200f"`` next to a number shows it as ``202-555-0112 1+``.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: C0 controls, DEL and C1 controls (U+0080-U+009F): in a terminal they move the cursor, erase lines,
#: set titles or write the clipboard. TAB and LF are allowed only in the free-text fields below.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Keys whose text may run over several lines (a YAML block scalar such as ``note: >-``).
MULTILINE_KEYS = frozenset({"note", "internal_notes", "description", "definition", "how", "reach_next", "text",
                            "impact_guidance", "other_vendors", "credits", "detail", "command", "summary"})


def _control_name(ch: str) -> str:
    names = {"\t": "TAB", "\n": "LF", "\r": "CR", "\x1b": "ESC", "\x07": "BEL", "\x08": "BS", "\x7f": "DEL",
             "\x9b": "CSI", "\x9d": "OSC", "\x85": "NEL", "\x00": "NUL"}
    return f"U+{ord(ch):04X}" + (f" ({names[ch]})" if ch in names else "")


def text_problems(node: Any, path: tuple[Any, ...], add: Callable[..., None]) -> None:
    """Walk every string (and mapping key) of ``node``: direction controls (ESC214), terminal control
    characters (ESC216) and leftover TODO placeholders (ESC308), reported through
    ``add(code, path, message, key=...)`` — shared by vendor, msp.yaml and client files."""
    if isinstance(node, str):
        if (m := _BIDI.search(node)) is not None:
            add("ESC214", path, f"text contains U+{ord(m.group()):04X}")
        multiline = bool(path) and path[-1] in MULTILINE_KEYS or (
            len(path) > 1 and isinstance(path[-1], int) and path[-2] in MULTILINE_KEYS)
        if (m := (_CONTROL if multiline else _CONTROL_ONE_LINE).search(node)) is not None:
            where = "" if multiline or m.group() not in "\t\n" else " (line breaks and tabs only in notes and descriptions)"
            add("ESC216", path, f"text contains control character {_control_name(m.group())}{where}")
        if node.lstrip().startswith("TODO"):
            add("ESC308", path, f"placeholder {node[:60]!r}")
    elif isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, str) and (m := _CONTROL_ONE_LINE.search(k) or _BIDI.search(k)) is not None:
                code = "ESC214" if _BIDI.match(m.group()) else "ESC216"
                add(code, path + (k,), f"key {k!r} contains {_control_name(m.group())}", key=True)
            text_problems(v, path + (k,), add)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            text_problems(v, path + (i,), add)


def check_text_values(ctx: Ctx) -> None:
    """One walk over every string: direction controls ("Trojan Source"), terminal control characters
    and leftover TODO placeholders."""
    text_problems(ctx.data, (), ctx.add)
