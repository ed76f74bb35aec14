"""Command line: parse flags, call the library, report, exit. No YAML or Jinja here.

Exit codes: 0 clean, 1 problems found (errors, or warnings with --strict), 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from escdir import today
from escdir.errors import CODES, EscdirError
from escdir.present.reporting import formats, report
from escdir.present.termsafe import echo, safe_stream

FORMATS = click.Choice(sorted(formats("validate")))


class _Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        # Click uses exit 2 for usage errors already; make sure nothing else escapes as a traceback.
        try:
            return super().main(*args, **kwargs)
        except EscdirError as exc:
            echo(f"escdir: {exc}", err=True)
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
    """Validate vendor files, msp.yaml and clients/*.yaml, each against its own schema (default: the whole project).

    Exit 0 clean, 1 problems, 2 usage/IO error."""
    from escdir.derive.project import Project

    try:
        result = Project.at(Path(".")).validate(paths, today=today())
    except EscdirError as exc:
        echo(f"escdir: {exc}", err=True)
        sys.exit(2)
    report("validate", fmt, result, sys.stdout)
    sys.exit(0 if result.ok(strict=strict) else 1)


@cli.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the whole table as Markdown.")
def explain(code: str | None, markdown: bool) -> None:
    """Explain an error code (or list them all)."""
    if markdown:
        from escdir.errors import codes_markdown

        click.echo(codes_markdown(), nl=False)
        return
    if code is None:
        for c in CODES.values():
            click.echo(f"{c.code}  {c.level.value:<7}  {c.title}")
        return
    spec = CODES.get(code.upper())
    if spec is None:
        echo(f"escdir: unknown code {code!r}; run `escdir explain` for the list", err=True)
        sys.exit(2)
    click.echo(f"{spec.code} ({spec.level.value}): {spec.title}\n  hint: {spec.hint}")


@cli.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="MkDocs configuration.")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Output directory (default: site/).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--audience", type=click.Choice(["internal", "client", "public"]), default=None,
              help="Who the site is for (default: internal).")
@click.option("--client", default=None, help="Build one client's site (clients/<NAME>.yaml).")
@click.option("--all-clients", is_flag=True, help="Build every client into <site-dir>/<client>/, in parallel.")
@click.option("--shard", default=None, metavar="I/N",
              help="With --all-clients: build only the I-th of N disjoint parts of the clients (a CI matrix).")
@click.option("--site-url", default=None, metavar="URL",
              help="https:// URL the site is served at; client sites at URL/<client>/ (gives each its sitemap).")
@click.option("--pdf", is_flag=True, help="Client builds: add <client>-support.pdf to each client's site (escdir[pdf]).")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="Site engine: MkDocs (or ProperDocs) through the plugin, or Zensical (Material's successor).")
def build(config_file: Path, site_dir: Path | None, strict: bool, audience: str | None, client: str | None,
          all_clients: bool, shard: str | None, site_url: str | None, pdf: bool, engine: str) -> None:
    """Build the site atomically: a failed build leaves the previous site untouched."""
    from escdir.derive.published import Published
    from escdir.present.reporting.build import text_summary
    from escdir.publish.build import BuildError, build_all_clients, build_site

    if client is not None and all_clients:
        raise click.UsageError("--client and --all-clients exclude each other")
    if (client is not None or all_clients) and audience not in (None, "client"):
        raise click.UsageError("client builds are always --audience client")
    if shard and not all_clients:
        raise click.UsageError("--shard splits --all-clients")
    if pdf and not (client or all_clients):
        raise click.UsageError("--pdf is for client builds (--client or --all-clients)")
    from escdir.publish.clientsites import check_site_url, parse_shard

    try:
        part = parse_shard(shard) if shard else (1, 1)
        if site_url:
            check_site_url(site_url)
    except EscdirError as exc:
        raise click.UsageError(str(exc)) from None
    published: list[Published] = []
    try:
        if all_clients:
            out = build_all_clients(config_file, site_dir, strict=strict, report=published, site_url=site_url,
                                    shard=part, pdf=pdf, engine=engine)
        else:
            out = build_site(config_file, site_dir, strict=strict, audience=audience, client=client, report=published,
                             site_url=site_url, pdf=pdf, engine=engine)
    except BuildError as exc:
        echo(str(exc), err=True)
        sys.exit(1)
    echo(f"site built in {out}")
    for summary in published:
        text_summary(summary, safe_stream(sys.stderr))


@cli.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="MkDocs configuration.")
@click.option("-a", "--dev-addr", default=None, help="IP:PORT to serve on (default 127.0.0.1:8000).")
@click.option("--full-rebuild", is_flag=True, help="Re-render every page on each change (default: changed pages).")
def serve(config_file: Path, dev_addr: str | None, full_rebuild: bool) -> None:
    """Serve the site with live reload (vendor YAML, schema, msp.yaml and clients/ changes rebuild)."""
    from escdir.publish.build import serve_site

    serve_site(config_file, dev_addr=dev_addr, full=full_rebuild)


def _register_command_modules() -> None:
    """Commands of the later pipeline stages live in escdir/commands/<name>.py, each with register(cli)."""
    import importlib

    for name in ("review", "outage", "publish"):
        importlib.import_module(f"{__package__}.commands.{name}").register(cli)


_register_command_modules()


def main() -> None:
    cli()


if __name__ == "__main__":  # python -m escdir.cli
    main()
