"""Who reads an answer, resolved once: :class:`Reader` and :func:`resolve_reader`.

Every entry point (the site build, the MkDocs plugin, ``show``, ``when``, ``rma``, ``export``) resolves the reader
with :func:`resolve_reader`, in one precedence order per fact:

    command-line flags  >  build or plugin options  >  the client file  >  msp.yaml  >  the machine

The place (region and country) is taken as a pair from the first source that says anything about it: a reader
who passes ``--region AU`` is in Australia, and msp.yaml's ``region: EMEA`` must not be mixed in. The time zone comes
from the same source or a higher one (else from the machine): msp.yaml's Europe/London is not the zone of a reader
who said ``--region AU``. The machine knows only a time zone. What no source states stays ``None`` and every output says it is not known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from escdir.model.regions import _LABELS, country_code, country_name

if TYPE_CHECKING:
    from escdir.model.msp import Client, Msp

AUDIENCES = ("internal", "client", "public")


@dataclass(frozen=True)
class Reader:
    """The person an output is for. Frozen and hashable: it keys page caches.

    ``region`` is a region label (``EMEA``), ``country`` an ISO 3166 alpha-2 code (``AU``), ``zone`` an IANA zone
    (for "the customer's business hours"). ``plan`` is the plan asked for;
    ``None`` lets the client's contract or the vendor's data decide (:func:`escdir.derive.facts.effective_plan`). ``how`` says,
    per fact, which source gave it (``("country", "--region")``).
    """

    zone: str | None = None
    country: str | None = None
    region: str | None = None
    audience: str = "internal"
    client: str | None = None
    client_name: str = ""
    plan: str | None = None
    at: datetime | None = field(default=None, compare=False, hash=False)
    how: tuple[tuple[str, str], ...] = field(default=(), compare=False, hash=False)

    def __post_init__(self) -> None:
        # A "region" that is an ISO country code and no region label (msp.yaml `region: GB`) is a country.
        if self.region and not self.country and self.region.strip().casefold() not in _LABELS:
            code = country_code(self.region)
            if code is not None:
                object.__setattr__(self, "country", code)
                object.__setattr__(self, "region", None)

    @property
    def place(self) -> str:
        """'Australia (AU)', 'EMEA', 'GB in EMEA', or '' when neither region nor country is known."""
        if self.country and self.region:
            return f"{self.country} in {self.region}"
        if self.country:
            return f"{country_name(self.country)} ({self.country})"
        return self.region or ""

    def source(self, fact: str) -> str:
        """Where ``fact`` ('place', 'zone', 'plan') came from, or 'not known'."""
        return dict(self.how).get(fact, "not known")


@dataclass(frozen=True)
class ReaderInput:
    """What one source (flags, options, a client file, msp.yaml) says about the reader; None = silent."""

    region: str | None = None
    country: str | None = None
    zone: str | None = None

    @property
    def has_place(self) -> bool:
        return bool(self.region or self.country)


class PlaceError(ValueError):
    """A ``--region`` value that is neither a known region label nor an ISO country code."""


def parse_place(text: str) -> ReaderInput:
    """``--region``'s value: a region label (``EMEA``, ``APAC``, ``North America``) or an ISO country code
    (``AU``, ``de``). A known region label wins (``NA`` is North America, not Namibia). Raises PlaceError."""
    value = text.strip()
    if not value or len(value) > 60 or not all(ch.isalnum() or ch in " -&,./" for ch in value):
        raise PlaceError(f"--region {text!r}: give a region label (EMEA, APAC, Americas …) or an ISO country "
                         "code (GB, AU, DE …)")
    if value.casefold() in _LABELS:
        return ReaderInput(region=value)
    code = country_code(value)
    if code is not None:
        return ReaderInput(country=code)
    # A label escdir does not know may still be a vendor's own (matched by name, or by the vendor's `regions:`).
    return ReaderInput(region=value)


def resolve_reader(*, audience: str = "internal", flags: ReaderInput | None = None,
                   options: ReaderInput | None = None, client: Client | None = None, msp: Msp | None = None,
                   machine_zone: str | None = None, plan: str | None = None,
                   at: datetime | None = None) -> Reader:
    """The one reader for an entry point; see the module docstring for the order."""
    sources: list[tuple[str, ReaderInput]] = []
    if flags is not None:
        sources.append(("command line", flags))
    if options is not None:
        sources.append(("build options", options))
    if client is not None:
        sources.append((f"client file {client.file or client.id}",
                        ReaderInput(client.region or None, client.country or None, client.timezone or None)))
    if msp is not None:
        sources.append((msp.file or "msp.yaml", ReaderInput(msp.region or None, msp.country or None,
                                                           msp.timezone or None)))
    if machine_zone:
        sources.append(("this machine", ReaderInput(zone=machine_zone)))
    how: list[tuple[str, str]] = []
    region = country = zone = None
    placed = len(sources)
    for n, (name, src) in enumerate(sources):
        if src.has_place:
            region, country = src.region, (src.country.upper() if src.country else None)
            how.append(("place", name))
            placed = n
            break
    for n, (name, src) in enumerate(sources):
        # A zone stated by a source below the one that gave the place belongs to another place (msp.yaml's London
        # for a reader who said --region AU): only the machine, where the reader sits, may fill it in then.
        if src.zone and (n <= placed or name == "this machine"):
            zone = src.zone
            how.append(("zone", name))
            break
    if plan is not None:
        how.append(("plan", "command line"))
    # A client's plan and contract differ per vendor (its `exceptions:`): the per-vendor view reads them there.
    return Reader(zone=zone, country=country, region=region, audience=audience,
                  client=client.id if client is not None else None,
                  client_name=client.name if client is not None else "", plan=plan, at=at, how=tuple(how))


__all__ = ["AUDIENCES", "PlaceError", "Reader", "ReaderInput", "parse_place", "resolve_reader"]
