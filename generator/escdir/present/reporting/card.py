"""``escdir show`` reporters: the quick card as text or JSON, and why a lookup found no vendor to show.

The card's text is laid out from the same data the JSON holds (:func:`escdir.derive.outage.card.quick_card`),
so the two formats cannot drift apart. The lookup failures (no match, several matches, a file that
fails validation) are reported in the format the user asked for, by ``show``, ``when`` and ``rma`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import clean, json_text, one_line, term

if TYPE_CHECKING:
    from escdir.derive.outage.card import QuickCard
    from escdir.derive.outage.lookup import Lookup


def card_text(quick: QuickCard | dict[str, Any]) -> str:
    """The card as terminal text (plain, no colour: it is read in a panic and pasted into chats).

    Every value is one line with its control characters shown as escapes (:mod:`escdir.present.termsafe`), so
    no label or note can move the cursor, erase the real number or forge a line of its own."""
    card = clean(quick if isinstance(quick, dict) else quick.data())
    out = [f"{card['name'].upper()}  ({card['id']}" + (f" · {card['category']}" if card["category"] else "")
           + (f" · aka {', '.join(card['aliases'])}" if card["aliases"] else "") + ")",
           f"verified {card['last_verified']} · open/closed as of {card['at_text']}"]
    if card["stale"]:
        out.append(f"!! STALE: review was due {card['review_due']} — numbers may have changed; verify before relying")
    for w in card.get("warnings", ()):
        out.append(f"!! {w}")
    if card["msp_only"]:
        out.append(f"!! MSP ONLY: end customers must not call this vendor directly. {card['support_note']}".rstrip())
    if card.get("team_on_duty"):
        out.append(f"Team on duty now: {card['team_on_duty']}")
    out += ["", "HOTLINES"]
    for region in card["hotlines"]:
        out.append(f"  {region['region']}")
        for ln in region["lines"]:
            state = {True: "OPEN", False: "CLOSED", None: "?"}[ln["open_now"]]
            free = f"toll-free, from {ln['toll_free_from']} only" if ln.get("toll_free_from") else "toll-free"
            tags = [t for t, on in (("call first", ln.get("first")), ("your region", ln.get("for_your_region")),
                                    ("primary", ln["primary"]), (free, ln["toll_free"]),
                                    ("MSP only", ln["msp_only"])) if on]
            tags += [ln["scope"]] if ln.get("scope") else []
            out.append(f"    {state:<7}{ln['number']:<19} {ln['label']}" + (f" [{', '.join(tags)}]" if tags else ""))
            out.append(f"{'':11}{ln['hours']}" + (f" — {ln['note']}" if ln["note"] else ""))
    if card.get("call_first"):
        cf = card["call_first"]
        first = (f"  CALL FIRST {cf['number']}  {cf['label']}  ({cf['why']})" if cf["number"] else
                 f"  CALL FIRST: {cf['why']}")
        out.insert(out.index("HOTLINES") + 1, first)
    if not card["hotlines"]:
        out.append(f"  no phone line: {card['no_phone']}" if card.get("no_phone") else
                   f"  no support channel known: {card['no_contacts_known']}" if card.get("no_contacts_known") else
                   "  no phone line recorded: use the outage alias or portal")
    if card.get("first_line"):
        out.insert(out.index("HOTLINES") + 1, f"  FIRST LINE is run by {card['first_line']['partner']}: call them "
                                               "first; the vendor is the second line")
    if card.get("no_24x7_phone"):
        out.append(f"  no phone line staffed 24x7: {card['no_24x7_phone']}")
    for a in card["outage_aliases"]:
        only = f" ({'/'.join(a['severities'])})" if a["severities"] else ""
        out.append(f"  Outage alias {a['address']}{only}" + (f" — {a['note']}" if a["note"] else ""))
    out += [f"  Portal       {card['portal']}"] if card["portal"] else []
    out += [f"  Status page  {card['status_page']}"] if card["status_page"] else []
    if card["contracts"]:
        out += ["", "CONTRACT"]
        for c in card["contracts"]:
            extra = (f", RMA {c['rma_level']}" if c["rma_level"] else "") + (
                f", renews {c['renewal']}" if c["renewal"] else "")
            out.append(f"  {c['number']}  plan {c['plan_name']}{extra}")
    for s in card["sev1"]:
        out += ["", f"SEV1 = {s['id']}" + (f" \"{s['name']}\"" if s["name"] else "")]
        out += [f"  {rule}" for rule in s["rules"]]
        for t in s["targets"]:
            out.append(f"  {t['plan_name']}: response {t['response'] or '—'}, updates {t['updates'] or '—'}")
        aw = max((len(st["after"]) for st in s["ladder"]), default=0) + 2
        for st in s["ladder"]:
            out.append(f"  {st['after']:<{aw}}{st['action']}" + (f" → {st['whom']}" if st["whom"] else ""))
        if s["ladder_steps"] > len(s["ladder"]):
            out.append(f"  … {s['ladder_steps']} steps in all: escdir when {card['id']} --severity {s['id']}")
        for e in s.get("event_ladders", ()):
            out.append(f"  From the event: {e['event'].lower()} (times count from the event)")
            ew = max((len(st["after"]) for st in e["steps"]), default=0) + 2
            out += [f"    {st['after']:<{ew}}{st['action']}" + (f" → {st['whom']}" if st["whom"] else "")
                    for st in e["steps"]]
    if card["required_info"] or card["attach"]:
        out += ["", "THE CASE MUST INCLUDE"]
        out += [f"  - {item}" for item in card["required_info"]]
        out += [f"  - attach: {a['name']}" + (f"  ({a['command']})" if a["command"] else "") for a in card["attach"]]
    return term("\n".join(out) + "\n")


def show_text(card: QuickCard, stream: TextIO) -> None:
    """``escdir show``: the card as terminal text."""
    stream.write(card_text(card.data()))


def show_json(card: QuickCard, stream: TextIO) -> None:
    """``escdir show --format json``: :meth:`QuickCard.data`."""
    json_out(card.data(), stream)


def json_out(data: Any, stream: TextIO) -> None:
    """JSON for the outage commands (sorted keys; control characters written as ``\\uXXXX``)."""
    stream.write(json_text(data, indent=2, sort_keys=True) + "\n")


@dataclass(frozen=True)
class LookupMiss:
    """A query that did not lead to one valid vendor: ``found`` says why (invalid, ambiguous, no match)."""

    query: str
    found: Lookup


def miss_data(miss: LookupMiss) -> dict[str, Any]:
    """Why nothing is shown, as JSON-ready data (problems in :meth:`Problem.to_json` form)."""
    found, query = miss.found, miss.query
    result = found.found
    if found.invalid:
        return {"error": "invalid", "file": found.file, "problems": [p.to_json() for p in found.problems],
                "unvalidated_phones": [{"label": lb, "number": n} for lb, n in found.unvalidated_phones]}
    if result.ambiguous:
        return {"error": "ambiguous", "query": query,
                "candidates": [{"id": c.entry.id, "name": c.entry.name, "matched": c.term, "score": round(c.score),
                                "file": c.entry.file} for c in result.candidates]}
    return {"error": "not_found", "query": query,
            "suggestions": [{"id": c.entry.id, "name": c.entry.name} for c in result.suggestions]}


def miss_text(miss: LookupMiss, stream: TextIO) -> None:
    """Why nothing is shown, for a terminal (every value one line, controls made visible)."""
    found, query = miss.found, miss.query
    result = found.found
    if found.invalid:
        lines = [f"{one_line(found.file)} fails validation; its data is not shown as trustworthy:"]
        lines += [problem_line(p, hint=False) for p in found.problems if p.is_error]
        if found.unvalidated_phones:
            lines.append("UNVALIDATED numbers as written in the file (check before dialling):")
            lines += [f"  {one_line(number)}  {one_line(label)}" for label, number in found.unvalidated_phones]
    elif result.ambiguous:
        lines = [f"{query!r} matches several vendors; be more specific or use an id:"]
        clash = len({c.entry.id for c in result.candidates}) < len(result.candidates)
        lines += [f"  {one_line(c.describe(with_file=clash))}" for c in result.candidates]
    else:
        lines = [f"no vendor matches {query!r}"]
        if result.suggestions:
            lines += ["did you mean:"] + [f"  {one_line(c.describe())}" for c in result.suggestions]
    stream.write(term("\n".join(lines) + "\n"))


def miss_json(miss: LookupMiss, stream: TextIO) -> None:
    """:func:`miss_data` as JSON."""
    json_out(miss_data(miss), stream)
