"""The phone line a reader should call first, and why: :func:`line_to_call`.

The reader's country decides when it is known (``regions.label_fits``: a country maps to the vendor's region
labels through GeoNames data, or through the vendor's own ``regions:`` list); a reader known only by a region
label is served by a line of the same label. A toll-free number is offered first only to callers in its own
country (``phonenumbers`` knows the number's country and type). When no line fits, the answer says so and
offers a number callable from abroad, else the vendor's phone directory; nothing is picked silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from escdir.derive.reader import Reader
from escdir.model import Contact, Plan, Vendor
from escdir.model.regions import countries_of, is_worldwide, label_fits


@dataclass(frozen=True)
class LineChoice:
    """The line to call first (None when there is none to call) and why; ``fits`` when it serves the reader's
    place, ``directory`` the vendor's page of numbers when the answer is "look it up there"."""

    contact: Contact | None
    why: str
    fits: bool = False
    directory: str = ""


@lru_cache(maxsize=65536)
def number_country(e164: str) -> str | None:
    """ISO code of the country a number belongs to (None when phonenumbers cannot tell)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def toll_free_country(c: Contact) -> str | None:
    """For a toll-free line, the only country it can be dialled from (its own); None for other lines, and for a
    universal international freephone number (+800, no country of its own: dialled from abroad by design)."""
    if not c.value or not c.toll_free:
        return None
    home = number_country(c.value)
    if home == phonenumbers.UNKNOWN_REGION or home == "001":  # +800 / +808: non-geographic
        return None
    return home or "its own country"


def callable_by(c: Contact, country: str | None) -> bool:
    """Whether a caller in ``country`` can dial ``c`` (a toll-free number only from its own country; an unknown
    country cannot be assumed to be that country)."""
    home = toll_free_country(c)
    return home is None or (country is not None and country.upper() == home)


def _declared(v: Vendor) -> dict[str, tuple[str, ...]]:
    return {name.strip().casefold(): countries for name, countries in v.regions}


def fits(c: Contact, v: Vendor, reader: Reader) -> bool:
    """Whether line ``c`` is meant for the reader's place (its region label covers the reader)."""
    return label_fits(c.region, country=reader.country, region=reader.region, declared=_declared(v))


def _specificity(c: Contact, v: Vendor) -> int:
    covered = countries_of(c.region, _declared(v)) if c.region else None
    return len(covered) if covered is not None else 10_000


def general_lines(v: Vendor, plan: Plan | None) -> list[Contact]:
    """Published phone lines usable for every severity on ``plan`` (a line limited to plans we do not hold, or to
    some severities, is never the line to call first)."""
    return [c for c in v.contacts if c.kind == "phone" and c.value and not c.severities
            and (not c.plans or (plan is not None and plan.id in c.plans))]


def _scope(c: Contact, v: Vendor) -> str:
    names = [p.name if (p := v.plan(ref)) else ref for ref in c.plans]
    bits = [" / ".join(names)] if names else []
    bits += [", ".join(c.severities)] if c.severities else []
    return " · ".join(bits) + " only" if bits else ""


def _abroad(c: Contact) -> str:
    return f"toll-free, works only from {toll_free_country(c)}"


def line_to_call(v: Vendor, reader: Reader, *, plan: Plan | None = None) -> LineChoice:
    """The phone line to show first for ``reader``, and why that one."""
    phones = [c for c in v.contacts if c.kind == "phone"]
    published = [c for c in phones if c.value]
    if not published:
        if phones:  # a line stays a line: its number is issued on enrolment, shown after login …
            c = phones[0]
            return LineChoice(c, f"the only phone line recorded; its {c.display} (see your contract)")
        if v.no_phone:
            return LineChoice(None, f"no phone line: {v.no_phone}")
        return LineChoice(None, "no phone line recorded")
    if v.call_via:  # a client's model of a vendor the MSP escalates: its contacts are the MSP's service desk
        c = min(published, key=lambda c: not c.primary)
        return LineChoice(c, f"{v.call_via} escalates {v.name} for you: call its service desk, not {v.name}",
                          fits=True)
    first = v.first_line
    partner_line = v.party(first.contact) if first is not None else None
    if first is not None and isinstance(partner_line, Contact):  # a partner runs the first line: it is called first
        return LineChoice(partner_line, f"the first line is run by {first.partner}: call them first", fits=True)
    general = general_lines(v, plan)
    if not general:
        c = published[0]
        return LineChoice(c, f"only line recorded, limited to {_scope(c, v)}")
    place = reader.place
    if not place:
        # Nobody said where the reader is: a worldwide line, else the vendor's first-listed region's number that
        # can be dialled from abroad; a toll-free number only when there is nothing else, and then said so.
        usable = [c for c in general if not c.toll_free] or general
        regions = list(dict.fromkeys(c.region for c in general))
        c = min(usable, key=lambda c: (not is_worldwide(c.region), regions.index(c.region), not c.primary,
                                      general.index(c)))
        extra = f" ({c.region})" if c.region else ""
        return LineChoice(c, f"your region is not set (msp.yaml region/country or --region): a number callable "
                             f"from abroad{extra}" if not c.toll_free else f"your region is not set; {_abroad(c)}")
    fitting = [c for c in general if fits(c, v, reader)]
    usable = [c for c in fitting if callable_by(c, reader.country)]
    if usable:
        c = min(usable, key=lambda c: (_specificity(c, v), not c.primary, general.index(c)))
        return LineChoice(c, f"for {place}: the {c.region} line" + ("; toll-free from there" if c.toll_free else ""),
                          fits=True)
    labels = ", ".join(dict.fromkeys(c.region for c in general if c.region)) or "no regions"
    abroad = [c for c in general if callable_by(c, reader.country)]
    directory = v.phone_directory
    look_up = f"; {v.name} lists its numbers per country at {directory}" if directory else ""
    if abroad:
        c = min(abroad, key=lambda c: (not is_worldwide(c.region), not c.primary, general.index(c)))
        return LineChoice(c, f"no line for {place} ({v.name} lists {labels}): a number callable from abroad"
                             + (f" ({c.region})" if c.region else "") + look_up, directory=directory)
    if directory:
        return LineChoice(None, f"no line for {place} ({v.name} lists {labels}, all toll-free within their own "
                                f"country){look_up}", directory=directory)
    c = fitting[0] if fitting else general[0]
    return LineChoice(c, f"no line callable from {place} is recorded: {c.region or 'this line'} is {_abroad(c)}",
                      fits=bool(fitting))


__all__ = ["LineChoice", "callable_by", "fits", "general_lines", "line_to_call", "number_country",
           "toll_free_country"]
