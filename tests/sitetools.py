"""Helpers for browser tests: build the site from a given vendors dir, serve it locally, launch Chromium.

Nothing here talks to the network beyond 127.0.0.1: the site is served by a threading ``http.server``
on a free port, and Chromium is started with background networking and component updates off.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]



def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` with a fixed identity and no signing or user configuration."""
    import subprocess

    subprocess.run(["git", "-c", "user.name=escdir tests", "-c", "user.email=tests@example.org",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, check=True, capture_output=True)


def git_repo(root: Path, monkeypatch: object) -> Path:
    """Make ``root`` (already filled) a git repository whose first commit holds what it has; hermetic: no user
    hooks or signing (``monkeypatch`` is pytest's, for the environment)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # type: ignore[attr-defined]
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")  # type: ignore[attr-defined]
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def text_edit(file: str, old: str, new: str):  # noqa: ANN201 (an edit: a function of a directory)
    """An edit of ``file`` (relative to the directory the edit is given) that replaces ``old``, found exactly once."""
    def edit(directory: Path) -> None:
        text = (directory / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"fixture drifted: {old!r} not found once in {file}"
        (directory / file).write_text(text.replace(old, new), encoding="utf-8")
    return edit

@functools.cache
def bench_synth():  # noqa: ANN201 (a module loaded from a file path)
    """bench/synth.py (the synthetic-vendor generator the bench uses), loaded once per test process."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("escdir_bench_synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TODAY = "2026-11-23"


class _TaglessLoader(yaml.SafeLoader):
    """mkdocs.yml's `!!python/name:` tag (escdir.publish.engine_guard) reads as None; nothing is imported."""


_TaglessLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """The repo's mkdocs.yml as plain data, without the Zensical guard (`extra.escdir_engine`, a Python tag)."""
    with open(REPO / "mkdocs.yml", encoding="utf-8") as fh:
        cfg = yaml.load(fh, Loader=_TaglessLoader)  # noqa: S506  (a safe loader that drops python tags)
    extra = {k: v for k, v in (cfg.get("extra") or {}).items() if k != "escdir_engine"}
    cfg.pop("extra", None)
    if extra:
        cfg["extra"] = extra
    return cfg


def write_config(workdir: Path, vendors_dir: Path) -> Path:
    """A copy of the repo's mkdocs.yml with absolute docs_dir, theme custom_dir and escdir vendors_dir."""
    cfg = mkdocs_config()
    cfg["docs_dir"] = str((REPO / cfg.get("docs_dir", "docs")).resolve())
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    cfg["site_dir"] = str(workdir / "site")
    for key in ("hooks", "watch"):  # other paths MkDocs resolves against the config file's directory
        if cfg.get(key):
            cfg[key] = [str((REPO / h).resolve()) for h in cfg[key]]
    plugins = []
    for entry in cfg.get("plugins", []):
        if isinstance(entry, dict) and "escdir" in entry:
            options = dict(entry["escdir"] or {})
            options["vendors_dir"] = str(Path(vendors_dir).resolve())
            entry = {"escdir": options}
        elif entry == "escdir":
            entry = {"escdir": {"vendors_dir": str(Path(vendors_dir).resolve())}}
        plugins.append(entry)
    cfg["plugins"] = plugins
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build(workdir: Path, vendors_dir: Path, *, today: str = TODAY) -> Path:
    """Build the site for ``vendors_dir`` into ``workdir/site`` (atomically, via escdir's builder)."""
    from escdir.publish.build import build_site

    config = write_config(workdir, vendors_dir)
    saved = {k: os.environ.get(k) for k in ("ESCDIR_TODAY", "SOURCE_DATE_EPOCH")}
    os.environ["ESCDIR_TODAY"] = today
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return build_site(config, workdir / "site")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def vendors_copy(dest: Path, *extra: Path) -> Path:
    """A vendors dir holding the repo's sample vendors plus ``extra`` YAML files."""
    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted((REPO / "vendors").glob("*.yaml")) + list(extra):
        shutil.copy2(src, dest / src.name)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    """A threading static file server on 127.0.0.1:<free port>; ``url`` ends with a slash."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=f"site-{self.port}", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Server]:
    server = Server(root)
    try:
        yield server
    finally:
        server.close()


_SHARED: list[object] = []  # [playwright, browser] once started


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Playwright's Chromium from /usr/bin/chromium (the distro build; no downloads).

    One per test process, started on first use and shared by every module (a second sync Playwright cannot start
    while another runs, so per-module browsers only worked in some test orders); :func:`stop_chromium` (called by
    conftest at the end of the session) closes it. Tests open and close their own contexts."""
    if not _SHARED:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        _SHARED[:] = [pw, pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)]
    yield _SHARED[1]


def stop_chromium() -> None:
    if _SHARED:
        pw, browser = _SHARED
        _SHARED.clear()
        browser.close()  # type: ignore[attr-defined]
        pw.stop()  # type: ignore[attr-defined]


def home_filter(page, query: str, *, timeout: float = 10_000) -> list[str]:
    """Type ``query`` into the home filter; once escdir has answered it, the ids of the rows shown, best first."""
    page.fill("#esc-filter", query)
    page.wait_for_function("(q) => { const t = document.querySelector('table.esc-az');"
                           " return t && (t.getAttribute('data-query') || '') === q; }", arg=query.strip(),
                           timeout=timeout)
    return page.eval_on_selector_all("table.esc-az:not([hidden]) tbody tr:not([hidden])", "rows => rows.map(r => r.id)")


def material_search(page, query: str, *, timeout: float = 10_000) -> list[str]:
    """Search with Material's header box like a user; return the first link of each result (absolute URLs).

    Material reacts to key events, so ``Locator.fill()`` alone leaves it at "Type to start searching":
    click the box, clear it, type. Waits until Material has answered this query (possibly with nothing).
    """
    box = page.locator(".md-search__input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=timeout)
    page.keyboard.type(query, delay=5)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initializing|Type to start/.test(m.textContent); }", timeout=timeout)
    # escdir's vendor results (escdir-find.js) come from its own index: wait until it has answered this query.
    page.wait_for_function(
        "(q) => { const r = document.querySelector('.md-search-result');"
        " return !r || !window.escdirFind || r.getAttribute('data-esc-query') === q; }", arg=query.strip(),
        timeout=timeout)
    return page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(i => (i.querySelector('a') || {}).href || '')")


def build_internal_and_client(work: Path) -> dict[str, Path]:
    """The samples' internal site and the first client's site (the repo's msp.yaml and clients/), for tests that
    look at both."""
    from escdir.publish.build import build_all_clients

    proj = work / "proj"
    for name in ("vendors", "clients", "site_src"):
        shutil.copytree(REPO / name, proj / name)
    for name in ("mkdocs.yml", "msp.yaml"):
        shutil.copy(REPO / name, proj / name)
    old = os.environ.get("ESCDIR_TODAY")
    os.environ["ESCDIR_TODAY"] = TODAY
    try:
        clients = build_all_clients(proj / "mkdocs.yml", work / "clients")
    finally:
        if old is None:
            os.environ.pop("ESCDIR_TODAY", None)
        else:
            os.environ["ESCDIR_TODAY"] = old
    internal = build(work / "internal", REPO / "vendors")
    return {"internal": internal, "client": min(p for p in clients.iterdir() if p.is_dir())}
