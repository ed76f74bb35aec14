"""Escalation ladders as inline SVG flowcharts, drawn at build time (no JavaScript, no CDN).

A ladder is a vertical chain, so a tiny hand-written layout is enough: one box per step with the
after-time, the action and whom to call (with their number); functional and hierarchical steps
differ in stroke style *and* a text label, so the difference survives print and colour blindness.
Presentation attributes give sane defaults; the site CSS restyles them for dark mode and print.

Each ladder is drawn twice (:func:`ladder_figures`): 640 px wide for a desktop column and 320 px wide for a phone,
both at 13 px text and shown at their own size, so the text is never scaled below 12 CSS px. The stylesheet shows
one of the two by a media query: no JavaScript, nothing to download.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from markupsafe import Markup, escape

from escdir.model import Contact, Ladder, Person, Step

WIDTH = 640
NARROW = 320  # fits a 390 px phone's ~350 px column at 1:1, so 13 px text stays 13 px
BOX_X = 16
LINE_H = 18
PAD = 10
GAP = 28
CHARS_PER_LINE = 78  # ~7 px per character at 13 px, in a 640 px chart
MAX_ACTION_LINES = 4


def _layout(width: int) -> tuple[int, int, int]:
    """(characters per line, most action lines, most "Call:" lines) of a chart ``width`` px wide: a narrow chart
    wraps sooner, so it may use proportionally more lines before it shortens anything."""
    chars = CHARS_PER_LINE * (width - 2 * BOX_X - 24) // (WIDTH - 2 * BOX_X - 24)
    more = -(-CHARS_PER_LINE // chars)  # lines of this chart per line of the wide one
    return chars, MAX_ACTION_LINES * more, 2 * more


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def _after_label(step: Step) -> str:
    return "immediately" if step.after.high == 0 else f"after {step.after.human()}"


def reach_verb(whom: Contact | Person) -> str:
    """How the party is reached, from its link: "Call" a number, "E-mail" an address, "Open" a web page (a portal,
    a form), else "Contact" (an unpublished number or address)."""
    href = whom.href.lower()
    if href.startswith("tel:"):
        return "Call"
    if href.startswith("mailto:"):
        return "E-mail"
    return "Open" if href.startswith(("https:", "http:")) else "Contact"


def _lines(step: Step, parties: list[Contact | Person], width: int = WIDTH) -> list[tuple[str, str, str]]:
    """(class, text, number) per line of a step's box. A phone number is never wrapped or split: it
    goes at the end of the last "Call:" line when it fits there, else on a line of its own. Every person of
    the step gets a line saying how to reach them ("Call:", "E-mail:", ...)."""
    chars, most, most_whom = _layout(width)
    out = [("esc-head", f"{_after_label(step)} · {step.axis}", "")]
    wrapped = textwrap.wrap(step.action, chars) or [""]
    if len(wrapped) > most:
        wrapped = wrapped[:most]
        wrapped[-1] = wrapped[-1][: chars - 1] + "…"
    out += [("esc-action", line, "") for line in wrapped]
    for whom in parties:
        label = getattr(whom, "label", "") or whom.id
        number = whom.display if whom.display != label else ""
        call = textwrap.wrap(f"{reach_verb(whom)}: {label}", chars)[:most_whom]
        if number and len(call[-1]) + 3 + len(number) <= chars:
            out += [("esc-whom", line, "") for line in call[:-1]] + [("esc-whom", call[-1] + " — ", number)]
        else:
            out += [("esc-whom", line, "") for line in call]
            pieces = _address_lines(number, chars - 2) if number and not whom.href.startswith("tel:") else [number]
            out += [("esc-whom", "— " if k == 0 else "", piece) for k, piece in enumerate(pieces) if piece]
    return out


def _address_lines(address: str, width: int) -> list[str]:
    """An e-mail address or URL too long for one line, cut only before an ``@`` or after a ``.`` or ``/`` (a phone
    number is never cut): ``priya.lindqvist`` / ``@northwind-networks.example.com``."""
    lines = [""]
    for piece in re.split(r"(?=@)|(?<=[./])", address):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append(piece)
        else:
            lines[-1] += piece
    return lines


def _text_content(text: str, number: str) -> str:
    """The line's escaped text; the number in its own left-to-right isolate, so that a right-to-left
    name before it cannot reorder it (``+1 202-555-0112`` shown as ``202-555-0112 1+``)."""
    if not number:
        return str(escape(text))
    return (f'{escape(text)}<tspan class="esc-num" direction="ltr" unicode-bidi="isolate">'
            f"{escape(number)}</tspan>")


def ladder_figures(vendor_id: str, ladder: Ladder, severity_label: str,
                   lookup: Callable[[str | None], Contact | Person | None]) -> Markup:
    """Both drawings of one ladder: the desktop one (``esc-flow-wide``) and the phone one (``esc-flow-narrow``)."""
    return (ladder_svg(vendor_id, ladder, severity_label, lookup)
            + ladder_svg(vendor_id, ladder, severity_label, lookup, width=NARROW))


def ladder_svg(vendor_id: str, ladder: Ladder, severity_label: str,
               lookup: Callable[[str | None], Contact | Person | None], *, width: int = WIDTH) -> Markup:
    """Return an accessible ``<svg>`` for one ladder, ``width`` px wide. Ids are derived from the data (and the
    width), so builds are stable and the two drawings of a ladder never share an id."""
    event = "" if ladder.from_opening else f"-{ladder.starts_on}"
    base = (_id(f"flow-{vendor_id}-{ladder.severity or 'every'}-{ladder.plan or 'all'}{event}")
            + ("" if width == WIDTH else f"-w{width}"))
    box_w = width - 2 * BOX_X
    variant = "esc-flow-wide" if width == WIDTH else "esc-flow-narrow"
    y = PAD
    start_h = 30
    start = f"{ladder.event_text} ({severity_label})"  # the ladder's clock starts at its event
    start_w = min(box_w, max(180, 7 * len(start) + 24))  # ~7 px per character at 13 px: the label fits its box
    parts: list[str] = [(
        f'<g class="esc-start"><rect x="{BOX_X + box_w // 2 - start_w // 2}" y="{y}" width="{start_w}" '
        f'height="{start_h}" rx="15" fill="none" stroke="#555" stroke-width="1.5"/>'
        f'<text x="{width // 2}" y="{y + 20}" text-anchor="middle" font-size="13" fill="currentColor">'
        f'{escape(start)}</text></g>'
    )]
    y += start_h
    desc_steps = []
    for i, step in enumerate(ladder.steps):
        parties = [p for ref in step.parties if (p := lookup(ref)) is not None]
        lines = _lines(step, parties, width)
        h = PAD * 2 + LINE_H * len(lines)
        y_box = y + GAP
        # arrow from previous box
        parts.append(f'<line class="esc-arrow" x1="{width // 2}" y1="{y}" x2="{width // 2}" y2="{y_box - 2}" '
                     f'stroke="#555" stroke-width="1.5" marker-end="url(#{base}-arrow)"/>')
        dash = ' stroke-dasharray="6 4"' if step.axis == "hierarchical" else ""
        texts = []
        for j, (cls, text, number) in enumerate(lines):
            weight = ' font-weight="bold"' if cls == "esc-head" else ""
            texts.append(f'<text class="{cls}" x="{BOX_X + 12}" y="{y_box + PAD + 13 + j * LINE_H}" font-size="13"'
                         f'{weight} fill="currentColor">{_text_content(text, number)}</text>')
        parts.append(
            f'<g class="esc-step esc-{step.axis}" id="{base}-s{i + 1}" data-step="{i + 1}">'
            f'<rect x="{BOX_X}" y="{y_box}" width="{box_w}" height="{h}" rx="6" fill="none" stroke="#555" '
            f'stroke-width="{2 if step.axis == "hierarchical" else 1.5}"{dash}/>' + "".join(texts) + "</g>"
        )
        desc_steps.append(f"Step {i + 1}, {_after_label(step)}, {step.axis}: {step.action}"
                          + "".join(f" {reach_verb(p)} {getattr(p, 'label', '') or p.id}." for p in parties))
        y = y_box + h
    height = y + PAD
    title = f"Escalation ladder for {severity_label}" + ("" if ladder.from_opening else
                                                          f", from the event: {ladder.event_text.lower()}")
    desc = " ".join(desc_steps)
    defs = (f'<defs><marker id="{base}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
            f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>')
    return Markup(
        f'<svg class="escdir-flow {variant}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{base}-title {base}-desc" id="{base}">'
        f'<title id="{base}-title">{escape(title)}</title><desc id="{base}-desc">{escape(desc)}</desc>'
        f"{defs}{''.join(parts)}</svg>"
    )
