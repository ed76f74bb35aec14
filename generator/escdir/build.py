"""Atomic site builds: build into a temporary sibling directory, then swap it in.

A failed build removes only its temporary directory, so the previous site stays as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .errors import EscdirError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(EscdirError):
    """The build failed; the message holds the diagnostics."""


def _config(config_file: Path, site_dir: Path, *, strict: bool, audience: str | None, client: str | None = None):
    try:
        cfg = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    except (ConfigurationError, Abort, OSError) as exc:
        raise EscdirError(f"{config_file}: {exc}") from None
    plugin = cfg.plugins.get("escdir")
    if plugin is None:
        raise EscdirError(f"{config_file}: the escdir plugin is not listed under `plugins`")
    if strict:
        plugin.config.strict = True
    if audience:
        plugin.config.audience = audience
    if client:
        plugin.config.client = client
        plugin.config.audience = "client"
    return cfg


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, *, strict: bool = False,
               audience: str | None = None, client: str | None = None) -> Path:
    """Build the site atomically and return its directory. Raises BuildError, leaving any old site intact."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise EscdirError(f"{config_file}: no such file (run from the project directory or pass --config)")
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    cfg = None
    try:
        cfg = _config(config_file, tmp, strict=strict, audience=audience, client=client)
        _quiet_mkdocs()
        mkdocs_build(cfg)
    except (PluginError, Abort) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        plugin = cfg.plugins.get("escdir") if cfg is not None else None
        detail = getattr(plugin, "failure", "") or str(exc)
        raise BuildError(f"{detail}\nbuild failed: the previous site in {target} was left untouched") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, target)
    return target


class _NotOurs(logging.Filter):
    """Drop MkDocs' copy of our own failure message: `escdir build` prints it once, itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("escdir:")


def _build_one(args: tuple[Path, Path, bool, str]) -> str:
    config_file, site_dir, strict, client = args
    try:
        build_site(config_file, site_dir, strict=strict, client=client)
    except EscdirError as exc:
        return f"{client}: {exc}"
    return ""


def client_ids(config_file: Path, clients_dir: str = "clients") -> list[str]:
    folder = config_file.resolve().parent / clients_dir
    return sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []


def build_all_clients(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, *,
                      strict: bool = False, jobs: int | None = None) -> Path:
    """Every client into ``<site-dir>/<client>/``, in parallel processes; swapped in only if all succeed."""
    from concurrent.futures import ProcessPoolExecutor

    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    ids = client_ids(config_file)
    if not ids:
        raise EscdirError(f"no client files in {config_file.parent / 'clients'}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    work = [(config_file, tmp / cid, strict, cid) for cid in ids]
    try:
        with ProcessPoolExecutor(max_workers=jobs or min(len(ids), os.cpu_count() or 1)) as pool:
            failures = [msg for msg in pool.map(_build_one, work) if msg]
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if failures:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError("\n".join(failures).replace(str(tmp), str(target)))
    _swap(tmp, target)
    return target


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames on one filesystem; the old tree is deleted after."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / "site")
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _quiet_mkdocs() -> None:
    # MkDocs logs through "mkdocs"; show its warnings and errors, not the INFO chatter.
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _EscdirHandler) for h in logger.handlers):
        handler = _EscdirHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.addFilter(_NotOurs())
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


class _EscdirHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (CliRunner swaps it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):
        import sys

        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def serve_site(config_file: Path = Path("mkdocs.yml"), *, dev_addr: str | None = None, full: bool = False) -> None:
    """Serve with live reload. By default only pages whose content changed are re-rendered."""
    from mkdocs.commands.serve import serve

    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type=None if full else "dirty")
