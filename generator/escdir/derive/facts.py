"""The derived view: answers worked out once from the (audience-restricted) model, read by every output.

Pages, the quick card, ``show``, ``when``, ``rma``, exports, client pages, the SLA/OLA alignment check and the
browser's open-now script all ask these functions, so they cannot disagree:

* :func:`effective_plan` — which plan applies, and how that was decided (or that it is not known);
* :func:`governing` — the coverage that governs a plan × severity, its zone and where the zone came from
  (the most specific explicit statement wins), and any condition it depends on;
* :func:`line_to_call` (from :mod:`escdir.derive.lines`) — the line to call first for the reader, and why that one;
* :func:`open_now_data` — what the browser needs to say "open now" (weekly windows and holiday dates).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from escdir.derive.clock.due import Calendar
from escdir.derive.lines import LineChoice, line_to_call
from escdir.derive.reader import Reader
from escdir.model import Condition, Plan, Team, Vendor
from escdir.model.coverage import UNKNOWN, Coverage
from escdir.model.regions import countries_of, is_catch_all, label_fits

HOLIDAY_DAYS_AHEAD = 400


@dataclass(frozen=True)
class PlanChoice:
    plan: Plan | None
    how: str  # how it was decided, or why no plan could be decided

    @property
    def known(self) -> bool:
        return self.plan is not None


def effective_plan(vendor: Vendor, *, requested: str | None = None, client_plan: str | None = None) -> PlanChoice:
    """The plan that applies: asked for > the client's own contract > our contract > the only plan; else unknown.

    Raises LookupError for a ``requested`` plan the vendor does not have.
    """
    def find(ref: str) -> Plan | None:
        return vendor.plan(ref) or next((p for p in vendor.plans if p.name.casefold() == ref.casefold()), None)

    if requested:
        plan = find(requested)
        if plan is None:
            known = ", ".join(p.id for p in vendor.plans) or "none recorded"
            raise LookupError(f"{vendor.name} has no plan {requested!r} (plans: {known})")
        return PlanChoice(plan, "as asked")
    if client_plan:
        plan = find(client_plan)
        return PlanChoice(plan, f"the client's contract ({client_plan})" if plan else
                          f"the client's plan {client_plan!r} is not among the vendor's plans")
    if vendor.contracts:
        c = vendor.contracts[0]
        plan = vendor.plan(c.plan)
        how = f"our contract {c.number}" if c.number else "our contract"
        others = [x.plan for x in vendor.contracts[1:] if x.plan != c.plan]
        if others:
            how += f"; we also hold {', '.join(others)}"
        return PlanChoice(plan, how)
    if len(vendor.plans) == 1:
        return PlanChoice(vendor.plans[0], "the only plan recorded")
    if vendor.plans:
        return PlanChoice(None, f"no contract recorded and {len(vendor.plans)} plans "
                                f"({', '.join(p.id for p in vendor.plans)}): choose one")
    return PlanChoice(None, "no plans recorded")


@dataclass(frozen=True)
class Governed:
    """The coverage that governs a case, resolved to a zone, with the condition it may depend on."""

    calendar: Calendar
    zone_source: str
    only_if: tuple[Condition, ...] = ()
    otherwise: Governed | None = None
    source: str = ""  # which statement governs: "plan", "severity P1 on the plan", "no plan"

    @property
    def coverage(self) -> Coverage:
        return self.calendar.coverage


def region_for(cov: Coverage, reader: Reader, declared: dict[str, tuple[str, ...]] | None = None) -> str | None:
    """Which of a regional coverage's region names serves ``reader`` (by country when known, through
    :mod:`escdir.model.regions`; else by region label), or the reader's own label when none does."""
    serving = [name for name, _inner in cov.regions
               if label_fits(name, country=reader.country, region=reader.region, declared=declared)]
    if serving:  # the most specific label wins: "UK and Ireland" over "EMEA" for a reader in GB
        return min(serving, key=lambda n: len(countries_of(n, declared) or ()) or 10_000)
    if reader.country or reader.region:
        return next((name for name, _inner in cov.regions if is_catch_all(name)), reader.region)
    return reader.region


def _resolve_zone(cov: Coverage, vendor_zone: str | None, clock_zone: str, reader: Reader,
                  declared: dict[str, tuple[str, ...]] | None = None) -> tuple[Coverage, str]:
    """The most specific explicit statement wins: the coverage's own zone > the SLA clock's
    `business_hours_zone: customer` > the vendor's zone; none of them → unknown zone."""
    if cov.kind in ("always", "unknown", "none"):
        return cov, ""
    if cov.kind == "regions":
        cov = cov.for_region(region_for(cov, reader, declared))
        if cov.kind in ("always", "unknown", "none"):
            return cov, ""
    if cov.zone == "customer":
        return cov, "the customer's zone (stated on the coverage)"
    if cov.zone:
        return cov, f"{cov.zone} (stated on the coverage)"
    if clock_zone == "customer":
        return replace(cov, zone="customer"), "the customer's zone (slas.clock.business_hours_zone)"
    if vendor_zone:
        return cov, f"{vendor_zone} (the vendor's zone)"
    return cov, "not recorded"


def governing(vendor: Vendor, plan: Plan | None, severity: str, reader: Reader) -> Governed:
    """What governs ``severity`` on ``plan``: its own coverage (perhaps conditional) over the plan's."""
    if plan is None:
        cov, src = replace(UNKNOWN, note="the plan is not known"), "no plan known"
        return Governed(Calendar(cov, vendor.timezone, reader.zone, reader.country), "", source=src)
    sc = plan.severity_coverage(severity)
    own = dict(plan.coverage_by_severity).get(severity) is not None

    def make(cov: Coverage, source: str) -> Governed:
        declared = {name.strip().casefold(): countries for name, countries in vendor.regions}
        cov, zone_source = _resolve_zone(cov, vendor.timezone, vendor.slas.business_hours_zone, reader, declared)
        return Governed(Calendar(cov, vendor.timezone, reader.zone, reader.country), zone_source, source=source)

    source = f"{severity} on {plan.name}" if own else f"{plan.name}"
    if sc.only_if:
        base = make(sc.otherwise or plan.coverage, f"{plan.name}" + ("" if sc.otherwise is None else
                                                                       f", {severity} otherwise"))
        cond = make(sc.coverage, source)
        return replace(cond, only_if=sc.only_if, otherwise=base)
    return make(sc.coverage, source)


@dataclass(frozen=True)
class OnDuty:
    """Which team serves a case at a moment: ``team`` None with ``why`` when none is open or it is not known."""

    team: Team | None
    why: str = ""


def team_on_duty(vendor: Vendor, plan: Plan | None, moment: datetime, reader: Reader) -> OnDuty | None:
    """The first of the plan's teams whose coverage is open at ``moment`` (follow-the-sun); None when the plan
    names no teams."""
    if plan is None or not plan.teams:
        return None
    for team in plan.teams:
        cov, _ = _resolve_zone(team.coverage, vendor.timezone, vendor.slas.business_hours_zone, reader)
        is_open = cov.is_open(moment, vendor.timezone, reader.zone, reader.country)
        if is_open is None:
            why = cov.why_not_computable(vendor.timezone, reader.zone, reader.country) or cov.describe(vendor.timezone)
            return OnDuty(None, f"not known: the hours of {team.name} cannot be worked out ({why})")
        if is_open:
            return OnDuty(team)
    return OnDuty(None, "no team is on duty then")


def describe_severity_coverage(plan: Plan, severity: str, vendor_zone: str | None) -> str:
    sc = plan.severity_coverage(severity)
    text = sc.coverage.describe(vendor_zone)
    if sc.only_if:
        otherwise = (sc.otherwise or plan.coverage).describe(vendor_zone)
        text += " only if " + "; ".join(c.human() for c in sc.only_if) + f", otherwise {otherwise}"
    return text


def describe_plan_coverage(plan: Plan, vendor_zone: str | None) -> str:
    """'Mon–Fri 08:00–18:00 Europe/Berlin; P1: 24×7 only if the case is opened by phone, otherwise …'."""
    cov = plan.coverage
    # the vendor's own words qualify the hours (e.g. "in the timezone of the Customer's HQ site"): keep them
    parts = [cov.describe(vendor_zone) + (f" ({cov.note})" if cov.note and cov.kind == "hours" else "")]
    parts += [f"{sev}: {describe_severity_coverage(plan, sev, vendor_zone)}" for sev, _ in plan.coverage_by_severity]
    if plan.teams:
        parts.append("served by " + ", then ".join(f"{t.name} ({t.coverage.describe(vendor_zone)})"
                                                   for t in plan.teams))
    return "; ".join(parts)


def plan_scope(plans: tuple[str, ...], severities: tuple[str, ...], vendor: Vendor) -> str:
    """'Premium only', 'P1–P2 only', '' when it applies to all: the scope a page shows next to an item."""
    bits = []
    if plans:
        names = [p.name if (p := vendor.plan(ref)) else ref for ref in plans]
        bits.append(" / ".join(names))
    if severities:
        bits.append(", ".join(severities))
    return (" · ".join(bits) + " only") if bits else ""


def open_now_data(cov: Coverage, vendor_zone: str | None, today: date, reader: Reader) -> dict[str, object]:
    """What the browser needs to say "open now": 'always', 'unknown', or weekly windows plus holiday dates."""
    cov, _ = _resolve_zone(cov, vendor_zone, "vendor", reader)
    if cov.always:
        return {"always": True}
    if cov.no_support:  # never open
        return {"windows": [], "tz": "UTC", "holidays": []}
    # The browser supplies the customer's zone itself ('local'); everything else must be known here.
    if not cov.computable(vendor_zone, "UTC" if cov.customer_zone else None, reader.country):
        return {"unknown": True}
    zone = "local" if cov.customer_zone else (cov.zone or vendor_zone)
    holidays = [d.isoformat() for d in cov.holidays.dates(today - timedelta(days=1),
                                                            today + timedelta(days=HOLIDAY_DAYS_AHEAD), reader.country)]
    return {"windows": cov.weekly_json(vendor_zone), "tz": zone, "holidays": holidays}


__all__ = [
    "Governed",
    "LineChoice",
    "OnDuty",
    "PlanChoice",
    "Reader",
    "describe_plan_coverage",
    "describe_severity_coverage",
    "effective_plan",
    "governing",
    "line_to_call",
    "open_now_data",
    "plan_scope",
    "team_on_duty",
]
