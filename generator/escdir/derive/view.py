"""One typed view of a vendor for one reader: :func:`vendor_view` → :class:`VendorView`.

Built from the (audience-restricted) model, :mod:`escdir.derive.facts` and the :class:`~escdir.derive.reader.Reader`. Every
output renders this view and works nothing out itself: the vendor page and its quick card, ``show``, ``when``
(its "call first" and ladder parties), ``rma``, the break-glass page, vCards and the JSON API. So the first line on
the page is the first line everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from escdir.derive.facts import PlanChoice, describe_plan_coverage, effective_plan, plan_scope
from escdir.derive.lines import LineChoice, fits, general_lines, line_to_call, toll_free_country
from escdir.derive.reader import Reader
from escdir.model import Contact, Person, Vendor
from escdir.model.coverage import Coverage


@dataclass(frozen=True)
class LineView:
    """A phone line as every output shows it (published or not: a line stays a line)."""

    contact: Contact
    coverage: Coverage | None  # the line's own hours, else the effective plan's; None when neither is known
    hours: str  # "24×7", "Mon–Fri 08:00–18:00 Europe/Berlin (plan hours)", "not recorded"
    first: bool  # the line to call first
    fits: bool  # meant for the reader's place
    scope: str  # "Premium only", "P1 only", ""
    toll_free_from: str  # a toll-free line's only country ("US"), else ""

    @property
    def published(self) -> bool:
        return bool(self.contact.value)

    @property
    def name(self) -> str:
        c = self.contact
        return c.label or c.region or "Support"


@dataclass(frozen=True)
class VendorView:
    """Everything an output shows about one vendor for one reader, decided once."""

    vendor: Vendor
    reader: Reader
    plan: PlanChoice
    plan_coverage: str  # the effective plan's coverage in words ('' when no plan is known)
    first: LineChoice
    lines: tuple[LineView, ...]  # the first line first, then the reader's other lines, then the rest
    route: str = "vendor"  # "vendor"; "msp" (the MSP escalates: call its service desk); "direct" (client calls)
    route_note: str = ""  # what the client page says about the route
    contract: str = ""  # the client's own contract or tenant id (route "direct")

    @property
    def first_number(self) -> str:
        """E.164 of the line to call first ('' when there is none, or its number is not published)."""
        c = self.first.contact
        return c.value if c is not None else ""

    def plan_name(self, ref: str | None) -> str:
        """A plan's name as every output writes it (its id when the vendor has no such plan; '' for none)."""
        plan = self.vendor.plan(ref)
        return plan.name if plan else (ref or "")

    @property
    def published_lines(self) -> tuple[LineView, ...]:
        return tuple(x for x in self.lines if x.published)

    def party(self, ref: str | None) -> Contact | Person | None:
        """The contact or person ``ref`` names, with the reader's own line standing in for another region's primary
        hotline (a ladder written as "call the TAC (US line)" means the TAC, which an EMEA reader reaches on the
        EMEA line). Any other line (an RMA desk, a line for some severities) is named as written."""
        found = self.vendor.party(ref)
        first = self.first.contact
        if (isinstance(found, Contact) and first is not None and found.id != first.id and found.kind == "phone"
                and found.primary and found.region != first.region and first.value
                and found in general_lines(self.vendor, self.plan.plan)
                and first in general_lines(self.vendor, self.plan.plan)):
            return first
        return found


def _line(v: Vendor, c: Contact, plan: PlanChoice, *, first: bool, fit: bool) -> LineView:
    if c.has_coverage:
        cov: Coverage | None = c.coverage
        hours = c.coverage.describe(v.timezone)
    elif plan.plan is not None:
        cov = plan.plan.coverage
        hours = cov.describe(v.timezone) + " (plan hours)"
    else:
        cov, hours = None, "not recorded"
    return LineView(c, cov, hours, first, fit, plan_scope(c.plans, c.severities, v), toll_free_country(c) or "")


def vendor_view(v: Vendor, reader: Reader, *, plan: PlanChoice | None = None, route: str = "vendor",
                route_note: str = "", contract: str = "") -> VendorView:
    """The view of ``v`` for ``reader``; ``plan`` when the caller decided it (a client's contract, ``--plan``)."""
    choice = plan or effective_plan(v, requested=reader.plan)
    first = line_to_call(v, reader, plan=choice.plan)
    phones = [c for c in v.contacts if c.kind == "phone"]
    regions = list(dict.fromkeys(c.region for c in phones))
    fitting = {c.id for c in phones if (reader.country or reader.region) and fits(c, v, reader)}
    chosen = first.contact.id if first.contact is not None else None
    ordered = sorted(phones, key=lambda c: (c.id != chosen, c.id not in fitting, regions.index(c.region),
                                            not c.primary, phones.index(c)))
    lines = tuple(_line(v, c, choice, first=c.id == chosen, fit=c.id in fitting) for c in ordered)
    coverage = describe_plan_coverage(choice.plan, v.timezone) if choice.plan else ""
    return VendorView(v, reader, choice, coverage, first, lines, route, route_note, contract)


__all__ = ["LineView", "VendorView", "vendor_view"]
