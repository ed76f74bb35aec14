"""Delivery commands: ``escdir hosting nginx``. Parse, call the library, print, exit.

Exit codes: 0 ok, 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from escdir.errors import EscdirError
from escdir.present.termsafe import echo


@click.group("hosting")
def hosting_command() -> None:
    """Web-server configuration for the client sites of `escdir build --all-clients`."""


@hosting_command.command("nginx")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="MkDocs configuration (its clients/ folder lists the clients).")
@click.option("--site-url", required=True, metavar="URL",
              help="The https:// URL given to `escdir build --all-clients --site-url`; client sites are at URL/<client>/.")
@click.option("--site-dir", type=click.Path(path_type=Path), required=True,
              help="Absolute path of the --all-clients output on the web server.")
@click.option("--htpasswd-dir", type=click.Path(path_type=Path), required=True,
              help="Absolute folder holding one <client>.htpasswd password file per client.")
@click.option("--tls-cert", type=click.Path(path_type=Path), required=True, help="Absolute path of the TLS certificate.")
@click.option("--tls-key", type=click.Path(path_type=Path), required=True, help="Absolute path of the TLS key.")
def hosting_nginx_command(config_file: Path, site_url: str, site_dir: Path, htpasswd_dir: Path, tls_cert: Path,
                          tls_key: Path) -> None:
    """Print an nginx server block: each client's site behind its own password file, nothing else served."""
    from escdir.publish.build import client_ids
    from escdir.publish.clientsites import nginx_config

    try:
        clients = client_ids(config_file)
        if not clients:
            raise EscdirError(f"no client files next to {config_file} (clients/)")
        text = nginx_config(clients, site_url=site_url, site_dir=site_dir, htpasswd_dir=htpasswd_dir,
                            tls_cert=tls_cert, tls_key=tls_key)
    except EscdirError as exc:
        echo(f"escdir: {exc}", err=True)
        sys.exit(2)
    click.echo(text, nl=False)


def register(cli: click.Group) -> None:
    """Attach the delivery commands to the ``escdir`` group."""
    cli.add_command(hosting_command)
