"""The SLA matrix (plan × severity × product), the clock's rules, uptime, and support tiers."""

from __future__ import annotations

from dataclasses import dataclass

from escdir.model.targets import Target


@dataclass(frozen=True)
class SlaCell:
    plan: str
    severity: str
    response: Target | None = None
    ongoing_response: Target | None = None
    updates: Target | None = None
    workaround: Target | None = None
    resolution: Target | None = None
    note: str = ""
    products: tuple[str, ...] = ()  # targets scoped to these products; () = every product without its own cell

    MEASURES = ("response", "ongoing_response", "updates", "workaround", "resolution")


@dataclass(frozen=True)
class Uptime:
    target_percent: float
    period: str = "monthly"
    credits: str = ""
    plans: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slas:
    pauses: tuple[str, ...] = ()
    business_hours_zone: str = ""  # "" when the vendor does not say; never shown as a fact
    clock_note: str = ""
    uptime: Uptime | None = None
    matrix: tuple[SlaCell, ...] = ()

    def cell(self, plan: str, severity: str, product: str | None = None) -> SlaCell | None:
        """The targets for ``plan`` × ``severity``: the cell scoped to ``product`` when there is one, else the cell
        for every product."""
        cells = [c for c in self.matrix if c.plan == plan and c.severity == severity]
        if product:
            scoped = [c for c in cells if any(p.casefold() == product.casefold() for p in c.products)]
            if scoped:
                return scoped[0]
        return next((c for c in cells if not c.products), None)

    def product_cells(self, plan: str, severity: str) -> list[SlaCell]:
        """Cells for ``plan`` × ``severity`` scoped to products (their targets differ from the general cell)."""
        return [c for c in self.matrix if c.plan == plan and c.severity == severity and c.products]


@dataclass(frozen=True)
class Tier:
    level: str
    name: str = ""
    can: tuple[str, ...] = ()
    cannot: tuple[str, ...] = ()
    reach_next: str = ""
    visibility: str = "public"
