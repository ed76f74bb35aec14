"""Outage commands: ``show``, ``when``, ``rma`` and ``export``. Parse, call the library, report, exit.

Exit codes: 0 ok; 1 vendor not found, ambiguous, failing validation, or no such data (e.g. no RMA
terms); 2 usage or I/O error (bad time, unknown zone, severity, plan or level; missing directory).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from escdir import today
from escdir.errors import EscdirError
from escdir.present.reporting import formats, report
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import echo

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from escdir.derive.outage.index import PendingIndex
    from escdir.derive.reader import Reader
    from escdir.model import Vendor
    from escdir.model.msp import Client, Msp


def _fail(message: str, code: int = 2) -> NoReturn:
    echo(f"escdir: {message}", err=True)
    sys.exit(code)


def _find(query: str, directory: Path, fmt: str, *, use_cache: bool = True, index: PendingIndex | None = None):
    """Look the vendor up; on no match, ambiguity or invalid data report why and exit 1."""
    from escdir.derive.outage.lookup import lookup
    from escdir.derive.project import Project
    from escdir.present.reporting.card import LookupMiss

    project = Project.of_vendors(directory, use_store=use_cache)
    found = lookup(query, directory, today=today(), use_cache=use_cache, project=project, index=index)
    if found.vendor is not None:
        return found
    report("lookup", fmt, LookupMiss(query, found), sys.stdout)
    sys.exit(1)


def _msp_reader(directory: Path) -> Msp | None:
    """What msp.yaml (beside the vendors directory) says about the reader; values it cannot vouch for are left
    out (a country that is not an ISO code, a zone that is not an IANA name), never guessed."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from escdir.load.loader import display_path, load_path
    from escdir.model.msp import Msp
    from escdir.model.regions import country_code

    path = directory.parent / "msp.yaml"
    if not path.is_file():
        return None
    doc, _problem = load_path(path)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}

    def text(key: str) -> str | None:
        value = data.get(key)
        return value.strip() or None if isinstance(value, str) and len(value) <= 60 else None

    zone = text("timezone")
    try:
        if zone is not None:
            ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = None
    country = text("country")
    return Msp(name=str(data.get("name") or "msp.yaml"), tiers=(), priorities=(), timezone=zone,
               region=text("region") or "", country=(country_code(country) if country else None) or "",
               file=display_path(path))


@dataclasses.dataclass(frozen=True)
class _ReaderContext:
    """Who reads (escdir.derive.reader.resolve_reader), in which zone, and — with --client — the MSP and the client."""

    reader: Reader
    zone: ZoneInfo
    msp: Msp | None = None
    client: Client | None = None

    def model(self, vendor: Vendor) -> Vendor:
        """The vendor as this reader may see it: the client's own view of it with --client (the MSP's desk for a
        vendor the MSP escalates); the full model otherwise. Raises InputError when the client does not use it."""
        from escdir.derive.client import client_vendor_view
        from escdir.derive.clock.times import InputError

        if self.client is None:
            return vendor
        if vendor.id not in self.client.vendors:
            raise InputError(f"client {self.client.id!r} does not use {vendor.name} ({vendor.id}); its vendors: "
                             f"{', '.join(self.client.vendors)}")
        return client_vendor_view(vendor, self.client, self.msp)

    def plan(self, vendor: Vendor, requested: str | None) -> str | None:
        """The plan asked for, else (with --client) the client's own plan for the vendor."""
        exc = self.client.exception(vendor.id) if self.client is not None and requested is None else None
        return exc.plan if exc is not None and exc.plan else requested


def _reader(tz_name: str | None, region: str | None, directory: Path, *, audience: str = "internal",
            client: str | None = None) -> _ReaderContext:
    """The reader by escdir.derive.reader.resolve_reader: --region and --tz, then the client file (--client), then
    msp.yaml, then this machine. Raises InputError for a --region that is neither a region label nor a country
    code, an unknown zone, or a client that cannot be read."""
    from escdir.derive.clock.times import InputError, local_zone, zone
    from escdir.derive.reader import PlaceError, ReaderInput, parse_place, resolve_reader

    try:
        flags = parse_place(region) if region is not None else ReaderInput()
    except PlaceError as exc:
        raise InputError(str(exc)) from None
    if tz_name is not None:
        flags = ReaderInput(flags.region, flags.country, zone(tz_name).key)
    msp, found = _msp_reader(directory), None
    if client is not None:
        from escdir.derive.msp import load_client

        msp, found, problems = load_client(directory.parent, client)
        if found is None or msp is None:
            why = next((p.format() for p in problems if p.is_error), "msp.yaml is missing or has errors")
            raise InputError(f"--client {client}: {why}")
    reader = resolve_reader(audience="client" if found is not None else audience, flags=flags, client=found, msp=msp,
                            machine_zone=local_zone().key)
    return _ReaderContext(reader, zone(reader.zone), msp, found)


_CLIENT_HELP = "Answer as this client (clients/NAME.yaml) sees it: for a vendor the MSP escalates, the MSP's desk."
_REGION_HELP = ("Your region label (EMEA, APAC, Americas …) or ISO country code (GB, AU …): picks the line to call "
                "first, regional hours and local holidays (default: msp.yaml's region/country, if present).")


def _party(party: object) -> str:
    from escdir.derive.clock.timeline import party_text
    from escdir.model import Contact, Person

    return party_text(party) if isinstance(party, Contact | Person) else ""


def _dir_option(f):
    return click.option("--dir", "directory", type=click.Path(path_type=Path), default=Path("vendors"),
                        show_default=True, help="Vendors directory.")(f)


@click.command()
@click.argument("query", nargs=-1, required=True)
@_dir_option
@click.option("--format", "fmt", type=click.Choice(formats("show")), default="text", show_default=True)
@click.option("--tz", "tz_name", default=None, help="Your IANA time zone (default: this machine's).")
@click.option("--at", "at", default=None, help="Say open/closed at this ISO 8601 time instead of now.")
@click.option("--no-cache", is_flag=True, help="Do not use the search-index cache.")
@click.option("--region", default=None, help=_REGION_HELP)
@click.option("--client", default=None, help=_CLIENT_HELP)
def show(query: tuple[str, ...], directory: Path, fmt: str, tz_name: str | None, at: str | None,
         no_cache: bool, region: str | None, client: str | None) -> None:
    """Quick card for a vendor found by id, name, alias or product (typos tolerated)."""
    from escdir.derive.outage.index import start_index

    try:  # first, so a cold index is being read (escdir.derive.outage.index) while the rest is imported
        index = start_index(directory, use_cache=not no_cache)
    except EscdirError as exc:
        _fail(str(exc))
    from escdir.derive.clock.times import InputError, parse_moment
    from escdir.derive.outage.card import quick_card

    try:
        ctx = _reader(tz_name, region, directory, client=client)
        tz = ctx.zone
        now, _note = parse_moment(at, tz, option="--at")
        found = _find(" ".join(query), directory, fmt, use_cache=not no_cache, index=index)
        model = ctx.model(found.vendor)
        view = None
        if ctx.client is not None:
            from escdir.derive.align import client_plan
            from escdir.derive.view import vendor_view

            view = vendor_view(model, ctx.reader, plan=client_plan(found.vendor, ctx.client))
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    card = quick_card(model, now=now, zone=tz, today=today(), reader=ctx.reader, view=view)
    warnings = [p.format() for p in found.warnings if p.code != "ESC301"]
    warnings += [f"{found.file}: id {found.vendor.id!r} is also used by {other}: the site build rejects both"
                 for other in found.same_id]
    card = dataclasses.replace(card, warnings=tuple(warnings))
    report("show", fmt, card, sys.stdout)


@click.command()
@click.argument("vendor")
@click.option("--severity", "-s", required=True, help="Vendor severity id (e.g. P1) or canonical sev1..sev4.")
@click.option("--plan", "-p", default=None, help="Plan id (default: the plan of our first contract).")
@click.option("--opened", default=None, help="When the case was opened, ISO 8601 (default: now).")
@click.option("--product", default=None,
              help="The product the case is about, when the vendor scopes targets to products.")
@click.option("--event-at", "event_at", default=None,
              help="When the event that starts an event ladder happened (escalation requested, plan disputed, "
                   "no update …), ISO 8601; without it those steps are shown relative to the event.")
@click.option("--tz", "tz_name", default=None, help="Your IANA time zone (default: this machine's).")
@click.option("--format", "fmt", type=click.Choice(formats("when")), default="text", show_default=True)
@click.option("--region", default=None, help=_REGION_HELP)
@click.option("--client", default=None, help=_CLIENT_HELP)
@_dir_option
def when(vendor: str, severity: str, plan: str | None, opened: str | None, product: str | None,
         event_at: str | None, tz_name: str | None, fmt: str, region: str | None, client: str | None,
         directory: Path) -> None:
    """Escalation timeline: response and update due times, earliest escalation, ladder steps."""
    from escdir.derive.clock.due import NoCoverageError
    from escdir.derive.clock.timeline import escalation_timeline
    from escdir.derive.clock.times import InputError, parse_moment

    try:
        ctx = _reader(tz_name, region, directory, client=client)
        tz = ctx.zone
        start, note = parse_moment(opened, tz, option="--opened")
        event, event_note = parse_moment(event_at, tz, option="--event-at") if event_at else (None, "")
        found = _find(vendor, directory, fmt)
        timeline = escalation_timeline(ctx.model(found.vendor), severity, opened=start, zone=tz,
                                       plan_ref=ctx.plan(found.vendor, plan), reader=ctx.reader, event_at=event,
                                       product=product)
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    except NoCoverageError as exc:
        _fail(str(exc), 1)
    if note or event_note:
        timeline = dataclasses.replace(timeline, notes=(*(n for n in (note, event_note) if n), *timeline.notes))
    report("when", fmt, timeline, sys.stdout)


@click.command()
@click.argument("vendor")
@click.option("--level", "-l", default=None, help="RMA level id (default: the levels our contracts hold).")
@click.option("--severity", "-s", default=None,
              help="The case's severity (vendor id or sev1..sev4): picks the level when dispatch depends on it.")
@click.option("--failed", default=None, help="When the failure was diagnosed, ISO 8601 (default: now).")
@click.option("--tz", "tz_name", default=None, help="The site's IANA time zone (default: this machine's).")
@click.option("--format", "fmt", type=click.Choice(formats("rma")), default="text", show_default=True)
@click.option("--region", default=None, help=_REGION_HELP)
@click.option("--client", default=None, help=_CLIENT_HELP)
@_dir_option
def rma(vendor: str, level: str | None, severity: str | None, failed: str | None, tz_name: str | None, fmt: str,
        region: str | None, client: str | None, directory: Path) -> None:
    """When the replacement part is expected and when the failed unit must be returned."""
    from escdir.derive.clock.rma import estimate, resolve_levels
    from escdir.derive.clock.timeline import resolve_plan, resolve_severity
    from escdir.derive.clock.times import InputError, parse_moment
    from escdir.derive.view import vendor_view
    from escdir.model.durations import Duration
    from escdir.present.reporting.outage import RmaResult

    try:
        ctx = _reader(tz_name, region, directory, client=client)
        reader, tz = ctx.reader, ctx.zone
        moment, _note = parse_moment(failed, tz, option="--failed")
        found = _find(vendor, directory, fmt)
        v = ctx.model(found.vendor)
        if v.call_via:  # a client whose vendor the MSP escalates: replacements go through the MSP too
            _fail(f"{v.name}: {vendor_view(v, reader).first.why}; {v.call_via} arranges replacements "
                  f"({_party(vendor_view(v, reader).first.contact)})", 1)
        sev = resolve_severity(v, severity, resolve_plan(v, ctx.plan(v, None)).plan)[0].id if severity else None
        levels = resolve_levels(v, level, sev)
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    except LookupError as exc:
        _fail(str(exc), 1)
    estimates = [estimate(v, lv, failed=moment, site=tz, country=reader.country, severity=sev) for lv in levels]
    back = v.rma.return_window if v.rma else None
    window = back.human() if isinstance(back, Duration) else ("as the vendor specifies" if back else "")
    view = vendor_view(v, reader)
    rma_desk = v.party(v.rma.contact) if v.rma else None
    report("rma", fmt, RmaResult(v.id, v.name, estimates, tz, window, call_first=_party(
        rma_desk if rma_desk is not None else view.first.contact), why=(
        "the vendor's RMA contact" if rma_desk is not None else view.first.why), place=reader.place), sys.stdout)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Output directory.")
@click.option("--audience", type=click.Choice(["internal", "client", "public"]), default="internal",
              show_default=True, help="Who the exports are for.")
@click.option("--site-name", default="Vendor escalation directory", show_default=True)
@click.option("--region", default=None, help=_REGION_HELP)
def export(paths: tuple[Path, ...], out_dir: Path, audience: str, site_name: str, region: str | None) -> None:
    """Write the JSON API, vCards, renewals.ics and break-glass.html (default input: vendors/)."""
    from escdir.derive.audience import restrict
    from escdir.derive.clock.times import InputError
    from escdir.derive.project import Project
    from escdir.publish.exports import write_all
    from escdir.publish.sitedir import check_site_dir, mark

    # Exports replace files in --out: the same guard as a site dir (never the project's sources, never a
    # non-empty directory escdir did not write).
    out_dir = check_site_dir(out_dir, root=Path.cwd(), sources=[*paths], what="--out")
    try:
        reader = _reader(None, region, (paths[0] if paths and paths[0].is_dir() else Path("vendors")),
                         audience=audience).reader
        result = Project.at(Path.cwd()).vendors(today=today(), paths=paths)
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    for p in result.problems:
        echo(problem_line(p, hint=False), err=True)
    if result.errors:
        _fail(f"{len(result.errors)} error(s): nothing exported (a partial break-glass file is worse than none)", 1)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = write_all([restrict(v, audience) for v in result.vendors], out_dir, today=today(),
                            site_name=site_name, reader=reader)
        mark(out_dir)
    except OSError as exc:
        _fail(f"{out_dir}: {exc.strerror or exc}")
    echo(f"{len(written)} files written to {out_dir} for {len(result.vendors)} vendors ({audience})")


def register(cli: click.Group) -> None:
    """Add the outage commands to the escdir command group."""
    for command in (show, when, rma, export):
        cli.add_command(command)
