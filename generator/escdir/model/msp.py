"""Typed, immutable MSP and client model (built only from valid data)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from escdir.model import Contact
from escdir.model.construct import build_contact
from escdir.model.durations import Duration, parse_duration

MEASURES = ("response", "updates", "vendor_engaged", "resolution")


@dataclass(frozen=True)
class MspTier:
    id: str
    name: str
    scope: tuple[str, ...] = ()
    engages_vendor: bool = False
    internal_notes: str = ""


@dataclass(frozen=True)
class Ola:
    from_tier: str
    to_tier: str
    priority: str
    within: Duration


@dataclass(frozen=True)
class Priority:
    id: str
    canonical: str
    name: str = ""
    description: str = ""
    response: Duration | None = None
    updates: Duration | None = None
    vendor_engaged: Duration | None = None
    resolution: Duration | None = None
    update_channel: str = ""

    @property
    def label(self) -> str:
        return f"{self.id} — {self.name}" if self.name else self.id


@dataclass(frozen=True)
class Msp:
    name: str
    tiers: tuple[MspTier, ...]
    priorities: tuple[Priority, ...]
    olas: tuple[Ola, ...] = ()
    contacts: tuple[Contact, ...] = ()
    timezone: str | None = None
    alignment_level: str = "warning"
    internal_notes: str = ""
    file: str = "msp.yaml"
    region: str = ""
    country: str = ""

    def tier(self, ref: str | None) -> MspTier | None:
        return next((t for t in self.tiers if t.id == ref), None)

    def priority(self, ref: str) -> Priority | None:
        return next((p for p in self.priorities if p.id == ref), None)

    def vendor_tier(self) -> MspTier:
        """The tier that engages vendors (the last tier when none is marked)."""
        return next((t for t in self.tiers if t.engages_vendor), self.tiers[-1])

    def chain(self, priority: str, to_tier: str) -> list[Ola]:
        """OLAs walked from the first tier up to ``to_tier`` for ``priority`` (tier order)."""
        out: list[Ola] = []
        ids = [t.id for t in self.tiers]
        if to_tier not in ids:
            return out
        for a, b in pairwise(ids):
            if ids.index(a) >= ids.index(to_tier):
                break
            ola = next((o for o in self.olas if o.from_tier == a and o.to_tier == b and o.priority == priority), None)
            if ola is not None:
                out.append(ola)
        return out


@dataclass(frozen=True)
class ClientException:
    vendor: str
    plan: str | None = None
    contract: str = ""
    escalated_by_msp: bool = True
    tier: str | None = None
    contacts: tuple[Contact, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Client:
    id: str
    name: str
    vendors: tuple[str, ...]
    logo: str = ""
    accent: str = ""
    exceptions: tuple[ClientException, ...] = ()
    sla: tuple[tuple[str, tuple[tuple[str, Duration], ...]], ...] = ()
    internal_notes: str = ""
    file: str = ""
    region: str = ""
    country: str = ""
    timezone: str = ""

    def exception(self, vendor: str) -> ClientException | None:
        return next((e for e in self.exceptions if e.vendor == vendor), None)

    def target(self, priority: Priority, measure: str) -> Duration | None:
        """The client's own target for a measure, or the MSP default."""
        for pid, overrides in self.sla:
            if pid == priority.id:
                for m, d in overrides:
                    if m == measure:
                        return d
        value: Duration | None = getattr(priority, measure)
        return value


def _d(raw: Any) -> Duration | None:
    return parse_duration(raw) if raw else None


def _priority(p: dict[str, Any]) -> Priority:
    return Priority(id=p["id"], canonical=p["canonical"], name=p.get("name", ""), description=p.get("description", ""),
                    response=_d(p.get("response")), updates=_d(p.get("updates")),
                    vendor_engaged=_d(p.get("vendor_engaged")), resolution=_d(p.get("resolution")),
                    update_channel=p.get("update_channel", ""))


def build_msp(d: dict[str, Any], file: str) -> Msp:
    return Msp(
        name=d["name"], region=d.get("region", ""), country=d.get("country", ""),
        tiers=tuple(MspTier(t["id"], t["name"], tuple(t.get("scope", ())), bool(t.get("engages_vendor")),
                            t.get("internal_notes", "")) for t in d["tiers"]),
        priorities=tuple(_priority(p) for p in d["priorities"]),
        olas=tuple(Ola(o["from"], o["to"], o["priority"], parse_duration(o["within"])) for o in d.get("olas", ())),
        contacts=tuple(build_contact(c) for c in d.get("contacts", ())),
        timezone=d.get("timezone"), alignment_level=(d.get("checks") or {}).get("alignment", "warning"),
        internal_notes=d.get("internal_notes", ""), file=file,
    )


def build_client(d: dict[str, Any], file: str) -> Client:
    brand = d.get("branding") or {}
    return Client(
        id=d["id"], name=d["name"], vendors=tuple(d["vendors"]), logo=brand.get("logo", ""),
        accent=brand.get("accent", ""),
        exceptions=tuple(ClientException(e["vendor"], e.get("plan"), e.get("contract", ""),
                                         e.get("escalated_by_msp", True), e.get("tier"),
                                         tuple(build_contact(c) for c in e.get("contacts", ())), e.get("note", ""))
                         for e in d.get("exceptions", ())),
        sla=tuple((s["priority"], tuple((m, parse_duration(s[m])) for m in MEASURES if s.get(m)))
                  for s in d.get("sla", ())),
        internal_notes=d.get("internal_notes", ""), file=file, region=d.get("region", ""),
        country=d.get("country", ""), timezone=d.get("timezone", ""),
    )
