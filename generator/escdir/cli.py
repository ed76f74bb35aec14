"""Command line: parse flags, call the library, report, exit. No YAML or Jinja here.

Exit codes: 0 clean, 1 problems found (errors, or warnings with --strict), 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import today
from .errors import CODES, EscdirError
from .report import REPORTERS

FORMATS = click.Choice(sorted(REPORTERS))


class _Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        # Click uses exit 2 for usage errors already; make sure nothing else escapes as a traceback.
        try:
            return super().main(*args, **kwargs)
        except EscdirError as exc:
            click.echo(f"escdir: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="escdir")
def cli() -> None:
    """Vendor escalation directory: validate vendor YAML and build the runbook site."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate vendor files (default: vendors/). Exit 0 clean, 1 problems, 2 usage/IO error."""
    from .validate import validate_paths

    try:
        result = validate_paths(paths or (Path("vendors"),), today=today())
    except EscdirError as exc:
        click.echo(f"escdir: {exc}", err=True)
        sys.exit(2)
    REPORTERS[fmt](result.problems, sys.stdout, files=result.files)
    sys.exit(0 if result.ok(strict=strict) else 1)


@cli.command()
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Explain an error code (or list them all)."""
    if code is None:
        for c in CODES.values():
            click.echo(f"{c.code}  {c.level.value:<7}  {c.title}")
        return
    spec = CODES.get(code.upper())
    if spec is None:
        click.echo(f"escdir: unknown code {code!r}; run `escdir explain` for the list", err=True)
        sys.exit(2)
    click.echo(f"{spec.code} ({spec.level.value}): {spec.title}\n  hint: {spec.hint}")


def main() -> None:
    cli()
