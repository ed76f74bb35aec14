"""``break-glass.html``: the whole directory in one self-contained HTML file.

For when the wiki, the VPN or the network is down: inline CSS, no scripts, no external resources,
A–Z with every vendor's hotlines as ``tel:`` links, Sev1 rules, contract numbers (when the
audience may see them) and the first ladder steps. Rendered with the single Jinja2 environment
(:func:`escdir.present.render.render`, autoescape on).

Each vendor's entry is rendered on its own (``breakglass_vendor.html``, long words already broken) and, under
``escdir serve``, kept in the :class:`~escdir.publish.exports.VendorMemo` while its model is unchanged: a rebuild after one
edit renders one entry and joins the rest, instead of the whole ~4 MB page at 1000 vendors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from markupsafe import Markup

from escdir.derive.clock.times import after_text
from escdir.derive.outage.card import sev1_rules
from escdir.derive.reader import Reader
from escdir.derive.view import VendorView, vendor_view
from escdir.model import Contact, Contract, Person, Step, Vendor
from escdir.present.longwords import break_long_words
from escdir.present.render import render
from escdir.publish.csp import STANDALONE, add_csp, template_style_hashes

if TYPE_CHECKING:
    from escdir.publish.exports import VendorMemo

LADDER_STEPS = 3


@dataclass(frozen=True)
class LadderLine:
    after: str
    step: Step
    parties: tuple[Contact | Person, ...]  # every person of the step, in order


@dataclass(frozen=True)
class VendorSheet:
    """What the page shows for one vendor, built from the model only."""

    v: Vendor
    view: VendorView
    stale: bool
    rules: tuple[tuple[str, str], ...]
    contracts: tuple[tuple[Contract, str], ...]
    ladder_title: str
    ladder: tuple[LadderLine, ...]
    more_steps: int


def letter(v: Vendor) -> str:
    """A–Z section of a vendor; names not starting with a letter go under ``#``."""
    first = v.name.strip()[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def sheet(v: Vendor, *, today: date, view: VendorView | None = None) -> VendorSheet:
    """The per-vendor view: lines (the reader's first), Sev1 rules, contracts with plan names, first Sev1 ladder
    steps."""
    view = view or vendor_view(v, Reader())
    plan_name = view.plan_name
    held = v.held_plan or (v.plans[0].id if v.plans else None)  # no contract visible: the first plan
    ladder = None
    title = ""
    for s in v.for_canonical("sev1"):
        ladder = v.escalation.ladder_for(s.id, held) or next(
            (lad for lad in v.escalation.ladders if lad.severity == s.id and lad.from_opening), None)
        if ladder is not None:
            title = f"{s.id}" + (f" on {plan_name(ladder.plan)}" if ladder.plan else "")
            break
    steps = ladder.steps if ladder else ()
    return VendorSheet(
        v=v, view=view, stale=v.is_stale(today), rules=tuple(sev1_rules(v)),
        contracts=tuple((c, plan_name(c.plan)) for c in v.contracts),
        ladder_title=title,
        ladder=tuple(LadderLine(after_text(s.after), s,
                                tuple(p for ref in s.parties if (p := view.party(ref)) is not None))
                     for s in steps[:LADDER_STEPS]),
        more_steps=max(0, len(steps) - LADDER_STEPS),
    )


def article(v: Vendor, *, today: date, view: VendorView) -> Markup:
    """One vendor's entry, HTML with ``<wbr>`` in its long words (:mod:`escdir.present.longwords`)."""
    return Markup(break_long_words(render("breakglass_vendor.html", s=sheet(v, today=today, view=view))))  # noqa: S704


def html(vendors: list[Vendor], *, today: date, site_name: str, views: dict[str, VendorView] | None = None,
         memo: VendorMemo | None = None) -> str:
    """The page as text; entries come from ``memo`` when their vendor (and its view) is unchanged."""
    views = views or {v.id: vendor_view(v, Reader()) for v in vendors}
    ordered = sorted(vendors, key=lambda v: (letter(v) == "#", v.name.casefold(), v.id))

    def entry(v: Vendor) -> Markup:
        view = views[v.id]
        if memo is None:
            return article(v, today=today, view=view)
        return memo.get("breakglass", v, (today, view), lambda: article(v, today=today, view=view))

    groups = [(key, [entry(v) for v in members]) for key, members in groupby(ordered, key=letter)]
    return render("breakglass.html", groups=groups, count=len(ordered), today=today, site_name=site_name)


def files(vendors: list[Vendor], *, today: date, site_name: str, views: dict[str, VendorView] | None = None,
          memo: VendorMemo | None = None) -> dict[str, bytes]:
    """``break-glass.html``. Its own text besides the entries (the site name) gets its ``<wbr>`` from the template's
    ``wbr`` filter, so the whole page is not scanned again for long words."""
    page = add_csp(html(vendors, today=today, site_name=site_name, views=views, memo=memo), template=STANDALONE,
                   styles=template_style_hashes("breakglass.html"))
    return {"break-glass.html": page.encode("utf-8")}
