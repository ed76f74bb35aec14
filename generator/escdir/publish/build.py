"""Atomic site builds: build into a temporary sibling directory, then swap it in.

A failed build removes only its temporary directory, so the previous site stays as it was.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from escdir.derive.published import Published, published
from escdir.errors import EscdirError
from escdir.load.files import data_files
from escdir.publish.clientsites import client_site_url, finish_client_site
from escdir.publish.clientsites import shard as shard_ids
from escdir.publish.site import Site, SiteFailure, SiteOptions, driving
from escdir.publish.sitedir import build_lock, check_site_dir, new_temp_dir, swap_in

AUDIENCES = ("internal", "client", "public")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(EscdirError):
    """The build failed; the message holds the diagnostics."""


def _config(config_file: Path, site_dir: Path, *, strict: bool, client: str | None = None,
            site_url: str | None = None):
    try:
        cfg = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    except (ConfigurationError, Abort, OSError) as exc:
        raise EscdirError(f"{config_file}: {exc}") from None
    if cfg.plugins.get("escdir") is None:
        raise EscdirError(f"{config_file}: the escdir plugin is not listed under `plugins`")
    if site_url or client:  # checked by escdir.publish.clientsites.client_site_url / the CLI
        # A client site is served at its own URL, never at the internal site's (mkdocs.yml's site_url): without
        # one it has no URL, so its sitemap lists nothing rather than the wrong site's addresses.
        cfg["site_url"] = site_url or None
    return cfg


def site_options(config_file: Path, *, strict: bool = False, audience: str | None = None,
                 client: str | None = None) -> SiteOptions:
    """The plugin's options in ``config_file`` with the command line's on top (read without running an engine)."""
    configured = _plugin_options(_raw_config(config_file, strict=True))
    known = SiteOptions.__dataclass_fields__
    unknown = sorted(map(str, set(configured) - set(known)))
    if unknown:
        raise EscdirError(f"{config_file}: unknown escdir plugin option(s): {', '.join(unknown)}")
    for key, value in configured.items():  # what MkDocs' own config check says, for engines that have none
        want = type(getattr(SiteOptions, key))
        if want is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            configured[key] = tuple(value)
        elif not isinstance(value, want):
            raise EscdirError(f"{config_file}: escdir plugin option {key!r} must be a {want.__name__}, not {value!r}")
    if configured.get("audience", "internal") not in AUDIENCES:
        raise EscdirError(f"{config_file}: escdir plugin option 'audience' must be one of {', '.join(AUDIENCES)}")
    options = SiteOptions(**configured)  # type: ignore[arg-type]
    overrides: dict[str, object] = {}
    if strict:
        overrides["strict"] = True
    if audience:
        overrides["audience"] = audience
    if client is not None:
        overrides.update(client=client, audience="client")
    return replace(options, **overrides)  # type: ignore[arg-type]


def _raw_config(config_file: Path, *, strict: bool = False) -> dict[str, object]:
    """mkdocs.yml's plain keys (tags read as None). ``strict``: a file that cannot be read is an EscdirError."""
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        if strict:
            raise EscdirError(f"{config_file}: cannot be read: {exc}") from None
        return {}
    if strict and not isinstance(raw, dict):
        raise EscdirError(f"{config_file}: not a mapping of settings")
    return raw if isinstance(raw, dict) else {}


def _plugin_options(raw: dict[str, object]) -> dict[str, object]:
    for plugin in raw.get("plugins") or []:  # type: ignore[attr-defined]
        if isinstance(plugin, dict) and isinstance(plugin.get("escdir"), dict):
            return dict(plugin["escdir"])
    return {}


def _sources(config_file: Path) -> list[str]:
    """Configured source directories (docs_dir, vendors_dir, clients_dir, msp_file), read without building."""
    raw = _raw_config(config_file)
    if not raw:
        return []
    options = _plugin_options(raw)
    return [str(raw.get("docs_dir") or "docs"),
            *(str(v) for k, v in options.items() if k in ("vendors_dir", "clients_dir", "msp_file"))]


class UsageError(EscdirError):
    """A command-line value that names nothing escdir knows (exit 2, before anything is built)."""


def check_client(config_file: Path, client: str) -> str:
    """``client`` when it names a client file; :class:`UsageError` for an empty, blank or unknown name.

    Checked before anything is built: a publish script with an empty variable must never get the internal site.
    """
    clients_dir = str(_plugin_options(_raw_config(config_file)).get("clients_dir") or "clients")
    known = client_ids(config_file, clients_dir)
    shown = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if len(known) > 10 else "") or \
        f"none: no client files in {clients_dir}/"
    if not client.strip():
        raise UsageError(f"--client is empty; give a client id (known: {shown}). Nothing was built")
    if client not in known:
        raise UsageError(f"--client {client!r}: no such client (known: {shown}). Nothing was built")
    return client


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python/name tags; we only need plain keys, so unknown tags read as None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def target_dir(config_file: Path, site_dir: Path | None) -> Path:
    """The checked output directory (see :mod:`escdir.publish.sitedir`); raises UnsafeSiteDirError."""
    target = site_dir if site_dir is not None else config_file.parent / "site"
    return check_site_dir(target, root=config_file.parent, sources=_sources(config_file))


def _disk_error(exc: OSError, target: Path) -> BuildError:
    reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return BuildError(f"cannot write the site: {reason}{where}; the previous site in {target} was left untouched")


def build_site(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, *, strict: bool = False,
               audience: str | None = None, client: str | None = None, report: list[Published] | None = None,
               site_url: str | None = None, pdf: bool = False, engine: str = "mkdocs") -> Path:
    """Build the site atomically and return its directory. Raises BuildError, leaving any old site intact.

    ``report`` receives what the build published past its warnings (:mod:`escdir.derive.published`). A client site is
    served at ``<site_url>/<client>/`` (:mod:`escdir.publish.clientsites`); ``pdf`` adds the client's PDF to it.
    ``engine``: "mkdocs" (the plugin, also under ProperDocs) or "zensical" (:mod:`escdir.publish.zensical_engine`)."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise EscdirError(f"{config_file}: no such file (run from the project directory or pass --config)")
    if client is not None:
        check_client(config_file, client)
    target = target_dir(config_file, site_dir)
    with build_lock(target):
        tmp = _build_into_temp(config_file, target, strict=strict, audience=audience, client=client, report=report,
                               site_url=site_url, pdf=pdf, engine=engine)
        try:
            swap_in(tmp, target)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise _disk_error(exc, target) from None
    return target


def _build_into_temp(config_file: Path, target: Path, *, strict: bool, audience: str | None,
                     client: str | None, report: list[Published] | None = None, site_url: str | None = None,
                     pdf: bool = False, engine: str = "mkdocs") -> Path:
    site = Site(config_file.parent, site_options(config_file, strict=strict, audience=audience, client=client))
    _quiet_mkdocs()
    try:
        site.check()  # every problem is reported before the engine starts (and before a temporary directory exists)
    except SiteFailure as exc:
        raise BuildError(f"{exc}\nbuild failed: the previous site in {target} was left untouched") from None
    try:
        tmp = new_temp_dir(target)
    except OSError as exc:
        raise _disk_error(exc, target) from None
    url = client_site_url(site_url, client) if client and site_url else site_url
    if engine == "zensical":
        return _zensical_into_temp(site, config_file, tmp, target, client=client, site_url=url, pdf=pdf,
                                   report=report)
    try:
        cfg = _config(config_file, tmp, strict=strict, client=client, site_url=url)
        with driving(site):
            mkdocs_build(cfg)
        _finish(site, tmp, client, site_url=url, pdf=pdf, report=report)
    except (PluginError, Abort) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        # MkDocs turns an event's PluginError into Abort("Aborted with a BuildError!"), raised while handling it.
        cause = exc.__context__ if isinstance(exc, Abort) and isinstance(exc.__context__, PluginError) else exc
        raise BuildError(f"{cause}\nbuild failed: the previous site in {target} was left untouched") from None
    except BaseException as exc:  # noqa: BLE001  (re-raised by _discard after cleaning up)
        _discard(tmp, target, exc)
    return tmp


def _zensical_into_temp(site: Site, config_file: Path, work: Path, target: Path, *, client: str | None,
                        site_url: str | None, pdf: bool, report: list[Published] | None) -> Path:
    """Build with Zensical in ``work`` (its throwaway project); returns the finished site, a sibling of ``target``."""
    from escdir.publish.zensical_engine import build_into

    try:
        out = build_into(site, _raw_config(config_file), config_file, work, site_url=site_url)
        final = work.with_name(work.name + "-site")  # still a temporary name: a killed build's leftovers are removed
        os.rename(out, final)
        shutil.rmtree(work, ignore_errors=True)
        _finish(site, final, client, site_url=site_url, pdf=pdf, report=report)
        return final
    except EscdirError as exc:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(work.with_name(work.name + "-site"), ignore_errors=True)
        raise BuildError(f"{exc}\nbuild failed: the previous site in {target} was left untouched") from None
    except BaseException as exc:  # noqa: BLE001  (re-raised by _discard after cleaning up)
        shutil.rmtree(work.with_name(work.name + "-site"), ignore_errors=True)
        _discard(work, target, exc)


def _finish(site: Site, site_dir: Path, client: str | None, *, site_url: str | None, pdf: bool,
            report: list[Published] | None) -> None:
    """What every engine's build gets afterwards: a client site stays inside its root, with ``pdf`` its PDF
    (escdir.publish.clientpdf); ``report`` receives what the build published past its warnings."""
    if client:
        finish_client_site(site_dir, site_url=site_url)
        if pdf:
            from escdir.publish.clientpdf import write_client_pdf

            write_client_pdf(site_dir, client, title=site.last.title if site.last else client)
    if report is not None:
        state = site.state
        report.append(published(*state, client=client or "") if state else Published(client=client or ""))


def _discard(tmp: Path, target: Path, exc: BaseException) -> NoReturn:
    """A build that failed: remove its temporary directory; a write error becomes one line (the disk is full …)."""
    shutil.rmtree(tmp, ignore_errors=True)
    if isinstance(exc, OSError):
        raise _disk_error(exc, target) from None
    raise exc


class _NotOurs(logging.Filter):
    """Drop MkDocs' copy of our own failure message: `escdir build` prints it once, itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("escdir:")


def _build_one(args: tuple[Path, Path, bool, str, str | None, bool, str]) -> tuple[str, Published | None]:
    config_file, site_dir, strict, client, site_url, pdf, engine = args
    report: list[Published] = []
    try:
        tmp = _build_into_temp(config_file, site_dir, strict=strict, audience=None, client=client, report=report,
                               site_url=site_url, pdf=pdf, engine=engine)
        os.rename(tmp, site_dir)
    except EscdirError as exc:
        return f"{client}: {exc}", None
    except OSError as exc:
        return f"{client}: {_disk_error(exc, site_dir)}", None
    return "", report[0] if report else None


def _die_with_parent() -> None:
    """Worker initializer: a worker gets SIGKILL when the process that started it dies (even by kill -9)."""
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all we have
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def client_ids(config_file: Path, clients_dir: str = "clients") -> list[str]:
    """Ids of the client files (the one data-file rule, escdir.load.files.data_files)."""
    folder = config_file.resolve().parent / clients_dir
    return [p.stem for p in data_files(folder)] if folder.is_dir() else []


def build_all_clients(config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, *,
                      strict: bool = False, jobs: int | None = None, report: list[Published] | None = None,
                      site_url: str | None = None, shard: tuple[int, int] = (1, 1), pdf: bool = False,
                      engine: str = "mkdocs") -> Path:
    """Every client into ``<site-dir>/<client>/``, in parallel processes; swapped in only if all succeed.

    ``report`` receives what the build published past its warnings (one entry: they are the project's).
    ``shard`` (i, n) builds only the i-th of n disjoint parts (:func:`escdir.publish.clientsites.shard`)."""
    from concurrent.futures import ProcessPoolExecutor

    config_file = config_file.resolve()
    if not config_file.is_file():
        raise EscdirError(f"{config_file}: no such file (run from the project directory or pass --config)")
    target = target_dir(config_file, site_dir)
    every = client_ids(config_file)
    if not every:
        raise EscdirError(f"no client files in {config_file.parent / 'clients'}")
    ids = shard_ids(every, *shard)
    if not ids:
        raise EscdirError(f"shard {shard[0]}/{shard[1]} holds no client ({len(every)} client(s) in all)")
    with build_lock(target):
        try:
            tmp = new_temp_dir(target)
        except OSError as exc:
            raise _disk_error(exc, target) from None
        work = [(config_file, tmp / cid, strict, cid, site_url, pdf, engine) for cid in ids]
        try:
            with ProcessPoolExecutor(max_workers=jobs or min(len(ids), os.cpu_count() or 1),
                                     initializer=_die_with_parent) as pool:
                done = list(pool.map(_build_one, work))
            failures = [msg for msg, _ in done if msg]
            if report is not None:
                report += [replace(p, client="") for _, p in done[:1] if p is not None]
            if failures:
                raise BuildError("\n".join(failures).replace(str(tmp), str(target)))
            swap_in(tmp, target)
        except BaseException as exc:  # noqa: BLE001  (re-raised by _discard after cleaning up)
            _discard(tmp, target, exc)
    return target


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


class _ServeLog(logging.Filter):
    """`escdir serve` output: the URL, changes, reloads and problems; MkDocs' dirty-build warning explained once."""

    KEEP = ("Serving on", "Detected file changes", "Reloading browsers", "Building documentation")

    def __init__(self) -> None:
        super().__init__()
        self.explained = False

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        if msg.startswith("A 'dirty' build"):
            if self.explained:
                return False
            self.explained = True
            record.msg = ("serve re-renders only the pages whose content changed (MkDocs calls this a 'dirty' build); "
                          "navigation and search are rebuilt every time. Use --full-rebuild if a page looks stale.")
            record.levelno, record.levelname = logging.INFO, "INFO"
            return True
        return record.levelno >= logging.WARNING or msg.lstrip("[0123456789:] ").startswith(self.KEEP)


def serve_site(config_file: Path = Path("mkdocs.yml"), *, dev_addr: str | None = None, full: bool = False) -> None:
    """Serve with live reload. By default only pages whose content changed are re-rendered.

    While an edit does not validate, the last good site stays up with an error banner on each page (the plugin).
    """
    from mkdocs.commands.serve import serve

    logger = logging.getLogger("mkdocs")
    handler = _EscdirHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_ServeLog())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type=None if full else "dirty")
    finally:
        logger.removeHandler(handler)
