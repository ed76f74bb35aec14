"""Outage commands: ``show``, ``when``, ``rma`` and ``export``. Parse, call the library, report, exit.

Exit codes: 0 ok; 1 vendor not found, ambiguous, failing validation, or no such data (e.g. no RMA
terms); 2 usage or I/O error (bad time, unknown zone, severity, plan or level; missing directory).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import NoReturn

import click

from .. import today
from ..errors import EscdirError
from ..reporting import formats, report
from ..reporting.lines import problem_line
from ..termsafe import echo


def _fail(message: str, code: int = 2) -> NoReturn:
    echo(f"escdir: {message}", err=True)
    sys.exit(code)


def _find(query: str, directory: Path, fmt: str, *, use_cache: bool = True):
    """Look the vendor up; on no match, ambiguity or invalid data report why and exit 1."""
    from ..outage.lookup import lookup
    from ..reporting.card import LookupMiss

    found = lookup(query, directory, today=today(), use_cache=use_cache)
    if found.vendor is not None:
        return found
    report("lookup", fmt, LookupMiss(query, found), sys.stdout)
    sys.exit(1)


def _reader(tz, region: str | None, directory: Path):  # type: ignore[no-untyped-def]
    """The reader: --region, else msp.yaml's region/country (beside the vendors directory)."""
    from ..facts import Reader
    from ..loader import load_path

    country = None
    if region is None:
        doc, _problem = load_path(directory.parent / "msp.yaml") if (directory.parent / "msp.yaml").is_file() \
            else (None, None)
        data = doc.data if doc is not None else {}
        region = data.get("region") if isinstance(data.get("region"), str) else None
        country = data.get("country") if isinstance(data.get("country"), str) else None
    return Reader(zone=tz.key, region=region, country=country)


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
@click.option("--region", default=None, help="Your region or country code, to pick the line to call first "
                                             "(default: msp.yaml's region/country, if present).")
def show(query: tuple[str, ...], directory: Path, fmt: str, tz_name: str | None, at: str | None,
         no_cache: bool, region: str | None) -> None:
    """Quick card for a vendor found by id, name, alias or product (typos tolerated)."""
    from ..clock.times import InputError, parse_moment, zone
    from ..outage.card import quick_card

    try:
        tz = zone(tz_name)
        now, _note = parse_moment(at, tz, option="--at")
        found = _find(" ".join(query), directory, fmt, use_cache=not no_cache)
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    card = quick_card(found.vendor, now=now, zone=tz, today=today(), reader=_reader(tz, region, directory))
    card["warnings"] = [p.format() for p in found.warnings if p.code != "ESC301"]
    card["warnings"] += [f"{found.file}: id {found.vendor.id!r} is also used by {other}: the site build rejects both"
                         for other in found.same_id]
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
@_dir_option
def when(vendor: str, severity: str, plan: str | None, opened: str | None, product: str | None,
         event_at: str | None, tz_name: str | None, fmt: str, directory: Path) -> None:
    """Escalation timeline: response and update due times, earliest escalation, ladder steps."""
    from ..clock.due import NoCoverageError
    from ..clock.timeline import escalation_timeline
    from ..clock.times import InputError, parse_moment, zone

    try:
        tz = zone(tz_name)
        start, note = parse_moment(opened, tz, option="--opened")
        event, event_note = parse_moment(event_at, tz, option="--event-at") if event_at else (None, "")
        found = _find(vendor, directory, fmt)
        timeline = escalation_timeline(found.vendor, severity, opened=start, zone=tz, plan_ref=plan, event_at=event,
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
@_dir_option
def rma(vendor: str, level: str | None, severity: str | None, failed: str | None, tz_name: str | None, fmt: str,
        directory: Path) -> None:
    """When the replacement part is expected and when the failed unit must be returned."""
    from ..clock.rma import estimate, resolve_levels
    from ..clock.timeline import resolve_plan, resolve_severity
    from ..clock.times import InputError, parse_moment, zone
    from ..reporting.outage import RmaResult

    try:
        tz = zone(tz_name)
        moment, _note = parse_moment(failed, tz, option="--failed")
        found = _find(vendor, directory, fmt)
        sev = resolve_severity(found.vendor, severity, resolve_plan(found.vendor, None).plan)[0].id \
            if severity else None
        levels = resolve_levels(found.vendor, level, sev)
    except (InputError, EscdirError) as exc:
        _fail(str(exc))
    except LookupError as exc:
        _fail(str(exc), 1)
    v = found.vendor
    estimates = [estimate(v, lv, failed=moment, site=tz, severity=sev) for lv in levels]
    window = v.rma.return_window.human() if v.rma and v.rma.return_window else ""
    report("rma", fmt, RmaResult(v.id, v.name, estimates, tz, window), sys.stdout)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Output directory.")
@click.option("--audience", type=click.Choice(["internal", "client", "public"]), default="internal",
              show_default=True, help="Who the exports are for.")
@click.option("--site-name", default="Vendor escalation directory", show_default=True)
def export(paths: tuple[Path, ...], out_dir: Path, audience: str, site_name: str) -> None:
    """Write the JSON API, vCards, renewals.ics and break-glass.html (default input: vendors/)."""
    from ..audience import restrict
    from ..exports import write_all
    from ..sitedir import check_site_dir, mark
    from ..validate import validate_paths

    # Exports replace files in --out: the same guard as a site dir (never the project's sources, never a
    # non-empty directory escdir did not write).
    out_dir = check_site_dir(out_dir, root=Path.cwd(), sources=[*paths], what="--out")
    try:
        result = validate_paths(paths or (Path("vendors"),), today=today())
    except EscdirError as exc:
        _fail(str(exc))
    for p in result.problems:
        echo(problem_line(p, hint=False), err=True)
    if result.errors:
        _fail(f"{len(result.errors)} error(s): nothing exported (a partial break-glass file is worse than none)", 1)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = write_all([restrict(v, audience) for v in result.vendors], out_dir, today=today(),
                            site_name=site_name)
        mark(out_dir)
    except OSError as exc:
        _fail(f"{out_dir}: {exc.strerror or exc}")
    echo(f"{len(written)} files written to {out_dir} for {len(result.vendors)} vendors ({audience})")


def register(cli: click.Group) -> None:
    """Add the outage commands to the escdir command group."""
    for command in (show, when, rma, export):
        cli.add_command(command)
