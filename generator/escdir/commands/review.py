"""Review commands: ``escdir diff``, ``escdir stale``, ``escdir new``. Parse, call the library, report, exit.

Exit codes: 0 ok, 1 findings (flags at or above ``--fail-on``, stale entries, a file that
already exists), 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from escdir import today as default_today
from escdir.errors import EscdirError
from escdir.present.reporting import formats, report
from escdir.present.termsafe import echo


def _fail(message: str) -> None:
    echo(f"escdir: {message}", err=True)
    sys.exit(2)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(formats("diff")), default="markdown",
              show_default=True, help="Markdown (a PR comment), JSON, or GitHub annotations.")
@click.option("--fail-on", type=click.Choice(["high", "medium", "low"]), default=None,
              help="Exit 1 when a risk flag at or above this level is raised.")
@click.option("--vendors-dir", default="vendors", show_default=True,
              help="Vendors folder inside the repository (for git revisions and the working tree).")
def diff_command(base: str, head: str | None, fmt: str, fail_on: str | None, vendors_dir: str) -> None:
    """Semantic diff of the vendor files, msp.yaml and clients/ between BASE and HEAD, with risk flags.

    BASE and HEAD are git revisions (e.g. origin/main, HEAD~1) or directories; HEAD defaults to
    the working tree. Reformatting, key order and comments are not changes.
    """
    from escdir.derive.diff import diff

    try:
        result = diff(base, head, vendors_dir=vendors_dir, today=default_today())
    except EscdirError as exc:
        _fail(str(exc))
    report("diff", fmt, result, sys.stdout)
    sys.exit(1 if fail_on and result.flags_at_or_above(fail_on) else 0)


@click.command("stale")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(formats("stale")), default="text", show_default=True,
              help="Output format.")
@click.option("--today", "on", callback=_date, default=None, metavar="DATE",
              help="Judge staleness on this date (YYYY-MM-DD; default: today or ESCDIR_TODAY).")
def stale_command(paths: tuple[Path, ...], fmt: str, on: date | None) -> None:
    """List entries past their review interval, or without sources or review_every (oldest first).

    Exit 0 when nothing needs review, 1 when something does (or a file has errors), 2 usage/IO error.
    """
    from escdir.check.stale import stale_report

    try:
        stale = stale_report(paths or (Path("vendors"),), today=on or default_today())
    except EscdirError as exc:
        _fail(str(exc))
    report("stale", fmt, stale, sys.stdout)
    sys.exit(1 if stale.entries or stale.errors else 0)


@click.command("new")
@click.argument("vendor_id")
@click.option("--dir", "directory", type=click.Path(path_type=Path, file_okay=False), default=Path("vendors"),
              show_default=True, help="Folder to create the file in.")
@click.option("--name", default=None, help="Display name (default: from the id).")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def new_command(vendor_id: str, directory: Path, name: str | None, force: bool) -> None:
    """Scaffold a commented vendor file <dir>/<VENDOR_ID>.yaml with TODO placeholders.

    The new file fails `escdir validate` until every TODO number, address, URL and target is filled in.
    """
    from escdir.present.scaffold import VendorExistsError, todo_lines, write_new_vendor

    existed = directory.is_dir()
    try:
        path = write_new_vendor(vendor_id, directory, today=default_today(), name=name, force=force)
    except VendorExistsError as exc:
        echo(f"escdir: {exc}", err=True)
        sys.exit(1)
    except EscdirError as exc:
        _fail(str(exc))
    todos = todo_lines(path.read_text(encoding="utf-8"))
    if not existed:
        echo(f"created folder {directory}")
    echo(f"created {path}: fill in the TODO placeholders on lines {', '.join(map(str, todos))}, "
               f"then run `escdir validate {path}`")


def register(cli: click.Group) -> None:
    """Attach the review commands to the ``escdir`` group."""
    for command in (diff_command, stale_command, new_command):
        cli.add_command(command)
