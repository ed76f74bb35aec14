"""``escdir build --engine zensical``: the same :class:`~escdir.publish.site.Site`, rendered to files and built by Zensical.

Zensical (Material's successor) reads mkdocs.yml but runs none of MkDocs' plugins, and says nothing about the ones
it skips: a plain ``zensical build`` of this project would publish the hand-written guides without a single vendor.
So escdir applies the site itself, the way the MkDocs plugin does:

1. the Site is checked and planned exactly as for MkDocs (one Project, one plan);
2. a throwaway Zensical project is written beside the output directory: the hand-written pages (none for a client
   site), each generated page as front matter plus a numbered marker, the plan's files, and a configuration derived
   from mkdocs.yml (the escdir plugin removed; navigation, CSS and the site name from the plan; the
   :mod:`escdir.publish.zensical_splice` Markdown extension added, which swaps each marker for the page's HTML);
3. ``zensical build`` runs on it in a child process (its Rust runtime keeps state per process);
4. every HTML file gets ``<wbr>`` in long words and the Content-Security-Policy, then the exports and the marker;
5. every generated page must exist in the output, or the build fails: it never publishes a site without vendors;
6. the finished site is switched in atomically (:func:`escdir.publish.sitedir.swap_in`), as for MkDocs.

What Zensical cannot do yet is refused with a reason and a non-zero exit (:func:`unsupported`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from escdir.errors import EscdirError
from escdir.present.pages import BODY_MARKER, Linker
from escdir.publish.site import Site, SiteBuild, SiteFailure

#: mkdocs.yml plugins the adapter handles: ``search`` (Zensical has its own) and ``escdir`` (applied here).
HANDLED_PLUGINS = ("search", "escdir")
#: mkdocs.yml settings that belong to the original project's layout, not to the generated one.
LAYOUT_KEYS = ("docs_dir", "site_dir", "plugins", "strict", "watch", "dev_addr")
TIMEOUT_S = 1800


class ZensicalError(EscdirError):
    """Zensical cannot build this site; the message says what and why."""


def available() -> bool:
    """Whether Zensical is installed (``pip install 'escdir[zensical]'``); it is never imported here."""
    return importlib.util.find_spec("zensical") is not None


_PYTHON_TAG = re.compile(r"!!python/\S+")
GUARD_TAG = "!!python/name:escdir.publish.engine_guard.ENGINE"


def unsupported(raw: dict[str, Any], text: str = "") -> list[str]:
    """What in the configuration (``raw``, read from ``text``) Zensical would silently skip or escdir cannot pass on
    yet, each as one sentence."""
    out = [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group()}: escdir reads mkdocs.yml without running "
           "Python tags, so it cannot pass this one on to Zensical" for m in _PYTHON_TAG.finditer(text)
           if m.group() != GUARD_TAG]
    for entry in raw.get("plugins") or []:
        name = next(iter(entry)) if isinstance(entry, dict) and entry else entry
        if isinstance(name, str) and name.removeprefix("material/") not in HANDLED_PLUGINS:
            out.append(f"plugin {name!r}: escdir cannot apply it and Zensical would skip it without a word")
    if raw.get("hooks"):
        out.append("hooks: Zensical does not run MkDocs hooks")
    if raw.get("INHERIT"):
        out.append("INHERIT: escdir derives Zensical's configuration from one file only")
    return out


def build_into(site: Site, raw: dict[str, Any], config_file: Path, work: Path, *, site_url: str | None = None) -> Path:
    """Build ``site`` with Zensical inside the empty directory ``work``; returns the finished site directory.

    ``site_url``: where the site is served (a client site's own URL, or none); None keeps mkdocs.yml's for the
    internal site, as the MkDocs build does. Raises :class:`ZensicalError` (Zensical missing, cannot do something,
    failed, or left a page out) or :class:`~escdir.publish.site.SiteFailure` (the data does not validate).
    """
    if not available():
        raise ZensicalError("Zensical is not installed: pip install 'escdir[zensical]' (or use the default engine)")
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ZensicalError(f"{config_file}: {exc}") from None
    problems = unsupported(raw, text)
    if problems:
        raise ZensicalError("Zensical cannot build this configuration yet:\n" + "\n".join(f"  {p}" for p in problems))
    directory_urls = raw.get("use_directory_urls", True) is not False
    root = config_file.parent
    docs_src = (root / str(raw.get("docs_dir") or "docs")).resolve()
    docs = work / "docs"
    hand_written = [p.relative_to(docs_src).as_posix() for p in docs_src.rglob("*.md")] if docs_src.is_dir() else []
    build = site.prepare(directory_urls=directory_urls, hand_written=hand_written, checked=True,
                         links_from_source=True)
    _write_docs(build, docs_src, docs, work / "bodies")
    config = _config(build, raw, root, work)
    if site_url or site.options.client:  # a client site is never served at the internal site's URL
        config.pop("site_url", None)
        if site_url:
            config["site_url"] = site_url
    config_path = work / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_package_parent(), os.environ.get("PYTHONPATH")]))}
    from escdir.publish.build import (
        _die_with_parent,  # the same rule as --all-clients' workers (resolved before the fork)
    )

    try:
        strict = ["--strict"] if site.options.strict else []  # as MkDocs: the engine's own warnings fail too
        proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", *strict, "-f", str(config_path)],
                              cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
                              preexec_fn=_die_with_parent)  # a killed build leaves no Zensical running
    except (OSError, subprocess.SubprocessError) as exc:
        raise ZensicalError(f"cannot run zensical: {exc}") from None
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise ZensicalError(f"zensical build failed (exit {proc.returncode}):\n{tail}")
    out = work / "site"
    missing = [uri for uri in build.pages if not _output(out, uri, directory_urls).is_file()]
    if missing:
        raise ZensicalError(f"Zensical did not write {len(missing)} generated page(s), e.g. {missing[0]}: "
                            "nothing was published")
    styles = theme_style_hashes(out)
    for html in out.rglob("*.html"):
        html.write_text(Site.finish_html(html.read_text(encoding="utf-8"), styles=styles), encoding="utf-8")
    site.write_extras(build, out)
    return out


_STYLE_ELEMENT = re.compile(r'appendChild\(\w+\("style",\{\},([\w$]+)(?:\.toString\(\))?\)\)')
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)


def theme_style_hashes(site_dir: Path) -> tuple[str, ...]:
    """CSP hashes of the style elements the theme's scripts create (Zensical's search dialog builds its look from a
    string constant in its bundle), so the policy can allow exactly those styles instead of ``'unsafe-inline'``.
    A style that cannot be found this way stays blocked: the search then works but is not styled."""
    from escdir.publish.csp import sha256_source

    out: list[str] = []
    for script in sorted((site_dir / "assets" / "javascripts").glob("*.js")):
        source = script.read_text(encoding="utf-8", errors="replace")
        for name in dict.fromkeys(_STYLE_ELEMENT.findall(source)):
            literal = re.search(r"(?<![\w$.])" + re.escape(name) + r"""=(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)""", source)
            if literal is not None:
                text = next(g for g in literal.groups() if g is not None)
                out.append(sha256_source(_JS_ESCAPE.sub(_unescape, text)))
    return tuple(dict.fromkeys(out))


def _unescape(m: re.Match[str]) -> str:
    e = m.group(1)
    if e[0] in "ux" and len(e) > 1:
        return chr(int(e[1:], 16))
    return {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\n": ""}.get(e, e)


def _package_parent() -> str:
    """The directory escdir is imported from, so the child process finds escdir.publish.zensical_splice."""
    return str(Path(__file__).resolve().parents[2])


def _output(site_dir: Path, src_uri: str, directory_urls: bool) -> Path:
    url = Linker(directory_urls=directory_urls).url(src_uri)
    return site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)


def _write_docs(build: SiteBuild, docs_src: Path, docs: Path, bodies: Path) -> None:
    """The hand-written files (without the Markdown pages, for a client site), the plan's files and the pages."""
    if docs_src.is_dir():
        ignore = shutil.ignore_patterns("*.md") if build.plan.drop_docs else None
        shutil.copytree(docs_src, docs, ignore=ignore, symlinks=False)
    docs.mkdir(parents=True, exist_ok=True)
    bodies.mkdir()
    for uri, content in build.plan.files.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_bytes(content)
    for n, (uri, page) in enumerate(build.pages.items()):
        (bodies / f"{n}.json").write_text(json.dumps({"html": page.html, "toc": page.toc}), encoding="utf-8")
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(page.markdown(f"{BODY_MARKER} {n}"), encoding="utf-8")


def _config(build: SiteBuild, raw: dict[str, Any], root: Path, work: Path) -> dict[str, Any]:
    """mkdocs.yml as Zensical should see it for this build."""
    plan = build.plan
    config = {k: v for k, v in raw.items() if k not in LAYOUT_KEYS}
    config.update(docs_dir="docs", site_dir="site")
    if plan.site_title:
        config["site_name"] = plan.site_title
    theme = dict(config.get("theme") or {}) if isinstance(config.get("theme"), dict) else {"name": config.get("theme")}
    # The theme's inline snippets as files of the site (escdir.publish.csp.THEME_DIR: the policy allows no inline script),
    # under the user's own overrides, as the plugin orders them for MkDocs: Zensical takes one custom_dir.
    from escdir.publish.csp import THEME_DIR

    merged = work / "theme"
    shutil.copytree(THEME_DIR, merged)
    if theme.get("custom_dir"):
        shutil.copytree((root / str(theme["custom_dir"])).resolve(), merged, dirs_exist_ok=True)
    theme["custom_dir"] = str(merged)
    config["theme"] = theme
    extra = config.get("extra")
    if isinstance(extra, dict):  # the guard that stops a plain `zensical build` (escdir.publish.engine_guard)
        config["extra"] = {k: v for k, v in extra.items() if k != "escdir_engine"} or None
        if config["extra"] is None:
            del config["extra"]
    config["extra_css"] = [*(config.get("extra_css") or []),
                           *(c for c in plan.extra_css if c not in (config.get("extra_css") or []))]
    if plan.nav is not None:
        config["nav"] = plan.nav
    elif isinstance(config.get("nav"), list):
        config["nav"] = [*config["nav"], *(item for item in plan.nav_append if item not in config["nav"])]
    if "search" in [next(iter(p)) if isinstance(p, dict) else p for p in raw.get("plugins") or []]:
        config["plugins"] = ["search"]
    else:
        config["plugins"] = []
    extensions = list(config.get("markdown_extensions") or [])
    extensions.append({"escdir.publish.zensical_splice": {"bodies": str(work / "bodies")}})
    config["markdown_extensions"] = extensions
    return config


def build_failure(exc: EscdirError) -> str:
    """The one-line-per-problem text of a failed Zensical build."""
    return str(exc) if isinstance(exc, SiteFailure) else f"escdir: {exc}"
