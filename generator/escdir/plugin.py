"""MkDocs plugin: validate vendors/ once per build and add the generated pages. Events only.

Configured in mkdocs.yml::

    plugins:
      - search
      - escdir:
          vendors_dir: vendors
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import today
from .errors import EscdirError
from .msp.load import MspProject, load_msp_project
from .pages import BODY_MARKER, Linker, Page, PageCache
from .reader import Reader
from .search_index import append_entries, lean_entry
from .sitedir import check_site_dir, mark
from .siteplan import SitePlan, plan_site, reader_for
from .validate import Result
from .workspace import Workspace

if TYPE_CHECKING:  # exports pull in vobject/icalendar: loaded when the build writes them, not at start-up
    from .exports import VendorMemo

log = logging.getLogger("mkdocs.plugins.escdir")


class EscdirConfig(Config):
    vendors_dir = c.Type(str, default="vendors")
    audience = c.Choice(("internal", "client", "public"), default="internal")
    strict = c.Type(bool, default=False)
    title = c.Type(str, default="Vendor escalation directory")
    msp_file = c.Type(str, default="msp.yaml")
    clients_dir = c.Type(str, default="clients")
    client = c.Type(str, default="")
    # Who reads the site: picks the hotline shown first (region/country) and the local holidays (country).
    region = c.Type(str, default="")
    country = c.Type(str, default="")
    # Hand-written pages (paths under docs_dir, e.g. guides/demo.md) whose own inline <script>s may run. Off for
    # every page by default: the Content-Security-Policy then allows only the site's script files (escdir.csp).
    allow_inline_scripts = c.ListOfItems(c.Type(str), default=[])


def site_name_markup(text: str) -> Markup:
    """``site_name`` for a name taken from data.

    MkDocs renders theme templates without autoescape, and Material writes ``config.site_name`` raw into
    <title>, the header, ``aria-label`` and 404.html, but through ``| e`` into ``title=``. An escaped
    ``Markup`` string is right in both: raw output is the escaped text, and ``| e`` leaves Markup as it is.
    """
    return escape(text)


class _GeneratedPage(File):
    """A generated page that says "not modified" when its HTML is what the last build wrote.

    Only dirty rebuilds (`escdir serve`, `mkdocs serve --dirtyreload`) ask; full builds render every page.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


class EscdirPlugin(BasePlugin[EscdirConfig]):
    """Adds one page per vendor, the A–Z home page and the severity translator."""

    def __init__(self) -> None:
        self.workspace: Workspace | None = None
        self.pages: dict[str, Page] = {}
        self.result: Result | None = None
        self.failure: str = ""  # diagnostics of the last failed build, for `escdir build`
        self.project: MspProject | None = None
        self.exported: list = []  # the audience-restricted vendors the exports are written from
        self.reader = Reader()  # whom the pages and exports are for (escdir.reader.resolve_reader)
        self.page_cache = PageCache()
        self.export_memo: VendorMemo | None = None  # created on first use
        self.built: dict[str, int] = {}  # src_uri -> hash of the HTML last written, for dirty rebuilds
        self.last_good: tuple[Result, MspProject] | None = None  # what `serve` shows while an edit is broken
        self.serve_error = ""  # the problems of the broken edit, shown as a banner on every served page
        self.lean: dict[str, dict[str, object]] = {}  # src_uri -> its one search entry (see search_index.py)
        self.site_title = ""  # a client site's name as text (config.site_name holds it HTML-escaped)
        self.page_scripts: dict[str, list[str]] = {}  # src_uri -> hashes of an opted-in page's own inline scripts

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this makes MkDocs keep one plugin instance across `serve` rebuilds (and our caches)."""
        self.command = command

    def on_config(self, config):
        from .csp import THEME_DIR

        root = Path(config.config_file_path or ".").resolve().parent
        self.page_scripts = {}  # MkDocs keeps this plugin object across builds in one process: nothing carries over
        # Material's inline snippets as files of the site (escdir.csp); after the user's custom_dir, before Material.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        vendors = (root / self.config.vendors_dir).resolve()
        if self.workspace is None or self.workspace.vendors_dir != vendors:
            self.workspace = Workspace(vendors, root=root)
        if getattr(self, "command", "build") != "serve":  # serve writes to its own temporary directory
            try:  # plain `mkdocs build` replaces site_dir too: the same guard as `escdir build`
                check_site_dir(Path(config.site_dir), root=root, sources=[
                    config.docs_dir, self.config.vendors_dir, self.config.clients_dir, self.config.msp_file])
            except EscdirError as exc:
                self.failure = f"escdir: {exc}"
                raise PluginError(self.failure) from None
        return config

    def _fail(self, problems: list, warnings: list, strict_fail: bool) -> None:
        from .reporting.lines import problem_line

        shown = problems or warnings
        lines = "\n".join(problem_line(p) for p in shown)
        self.failure = (f"escdir: {len(problems)} error(s), {len(warnings)} warning(s)"
                        f"{' (strict: warnings fail)' if strict_fail else ''}:\n{lines}")
        raise PluginError(self.failure)

    def _keep_serving(self, problems: list) -> None:
        lines = [p.format() for p in problems[:20]]
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        text = "\n".join(lines) + more
        if text != self.serve_error:
            self.built.clear()  # every page gets the banner
        self.serve_error = text
        log.error("escdir: the last edit does not validate; still serving the last good data:\n%s", text)

    def _banner(self) -> str:
        from markupsafe import escape

        return ('<div class="admonition danger escdir-serve-error" role="alert"><p class="admonition-title">'
                "The last edit does not validate: this page shows the last good data</p>"
                f"<pre>{escape(self.serve_error)}</pre></div>")

    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        assert self.workspace is not None
        self.failure = ""
        try:
            result = self.workspace.validate(today=today())
        except EscdirError as exc:  # e.g. vendors_dir missing: a clear message, never a traceback
            self.failure = f"escdir: {exc}"
            raise PluginError(self.failure) from None
        self.result = result
        project = load_msp_project(self.workspace.root or Path("."), result.vendors,
                                   msp_file=self.config.msp_file, clients_dir=self.config.clients_dir)
        self.project = project
        errors = result.errors + project.errors
        warnings = result.warnings + [p for p in project.problems if not p.is_error]
        strict_fail = bool(self.config.strict and warnings)
        for p in warnings:
            (log.warning if self.config.strict else log.info)(p.format())
        if errors or strict_fail:
            if getattr(self, "command", "build") == "serve" and self.last_good is not None:
                # Serving: keep the last good site up (MkDocs would hold every request until the file is fixed)
                # and say on every page, and in the terminal, what is broken.
                self._keep_serving(errors or warnings)
                result, project = self.last_good
            else:
                self._fail(errors, warnings, strict_fail)
        else:
            self.last_good = (result, project)
            if self.serve_error:
                self.serve_error = ""
                self.built.clear()  # every page drops its error banner
        try:
            plan = plan_site(result.vendors, project, audience=self.config.audience, client=self.config.client,
                             title=self.config.title, today=today(), cache=self.page_cache,
                             linker=Linker(directory_urls=config.use_directory_urls),
                             reader=reader_for(project, region=self.config.region, country=self.config.country,
                                                audience=self.config.audience, client=self.config.client))
        except EscdirError as exc:
            self.failure = f"escdir: {exc}"
            raise PluginError(self.failure) from None
        self._apply(plan, files, config)
        pages = plan.pages
        self.pages = {}
        for page in pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                if page.src_uri != "index.md" or self.config.client:
                    raise PluginError(f"escdir: {page.src_uri} exists in docs_dir and would hide a generated page")
                continue  # a hand-written home page wins
            file = _GeneratedPage.generated(config, page.src_uri, content=page.markdown())
            assert isinstance(file, _GeneratedPage)
            digest = hash((page.html, page.title, page.tags, page.toc))
            file.unchanged = self.built.get(page.src_uri) == digest
            self.built[page.src_uri] = digest
            files.append(file)
            self.pages[page.src_uri] = page
        self.lean = {k: v for k, v in self.lean.items() if k in self.pages}
        pages_here = {f.src_uri for f in files.documentation_pages()}
        for src in self.config.allow_inline_scripts:
            if src not in pages_here:
                log.warning("escdir: allow_inline_scripts lists %s, which is not a page of this site: check the path "
                            "(relative to docs_dir, e.g. guides/demo.md)", src)
        return files

    def _apply(self, plan: SitePlan, files: Files, config) -> None:
        """Put the library's plan into MkDocs' terms: files, CSS, navigation, site name."""
        if plan.drop_docs:  # a client site holds only generated pages: drop the internal hand-written guides
            for f in list(files.documentation_pages()):
                files.remove(f)
        for uri, content in plan.files.items():
            files.append(File.generated(config, uri, content=content))
        config.extra_css.extend(css for css in plan.extra_css if css not in config.extra_css)
        if plan.nav is not None:
            config.nav = plan.nav
        elif isinstance(config.nav, list):
            config.nav += [item for item in plan.nav_append if item not in config.nav]
        if plan.site_title:
            self.site_title = plan.site_title
            config.site_name = site_name_markup(plan.site_title)  # Material writes it raw in places
        self.exported = plan.exported
        self.reader = plan.reader

    def on_page_content(self, html: str, page, config, files):
        from .csp import inline_hashes

        generated = self.pages.get(page.file.src_uri)
        if page.file.src_uri in self.config.allow_inline_scripts:
            if generated is not None:
                self.failure = (f"escdir: allow_inline_scripts lists {page.file.src_uri}, a generated page; only "
                                "hand-written pages may opt in")
                raise PluginError(self.failure)
            self.page_scripts[page.file.src_uri] = inline_hashes(html)[0]  # the author's own page, nothing else
        if generated is None:
            return self._banner() + html if self.serve_error else html
        page.toc = get_toc([{"level": lv, "id": i, "name": n, "children": []} for lv, i, n in generated.toc])
        body = generated.html if BODY_MARKER in html else html
        return self._banner() + body if self.serve_error else body

    def on_post_page(self, output: str, page, config) -> str:
        """Every page: <wbr> in very long words of its text (escdir.longwords), then a Content-Security-Policy that
        allows the site's own script files, plus an opted-in hand-written page's own scripts (escdir.csp)."""
        from .csp import add_csp
        from .longwords import break_long_words

        scripts = self.page_scripts.get(page.file.src_uri, []) if page is not None else []
        return add_csp(break_long_words(output), scripts=scripts, serve=getattr(self, "command", "") == "serve")

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """The theme's own pages (404.html) get the same policy; sitemap.xml and the like are left alone."""
        return self.on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content


    @event_priority(100)  # before Material's search plugin indexes the page
    def on_page_context(self, context, *, page, config, nav):
        """Vendor pages get one lean search entry (search_index.py) instead of Material's per-section ones."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.lean_search:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.lean[page.file.src_uri] = lean_entry(generated, page.url)
        return context

    @event_priority(-100)  # after Material's search plugin has written search_index.json
    def on_post_build(self, config) -> None:
        """Lean search entries; exports (JSON API, vCards, renewals.ics, break-glass.html) from the same model."""
        from .exports import VendorMemo, write_all

        append_entries(Path(config.site_dir), [self.lean[k] for k in sorted(self.lean)])
        if self.export_memo is None:
            self.export_memo = VendorMemo()
        title = self.site_title if self.config.client else self.config.title
        mark(Path(config.site_dir))
        write_all(self.exported, Path(config.site_dir), today=today(), site_name=title, memo=self.export_memo,
                  reader=self.reader)

    def on_serve(self, server, config, builder):
        """Rebuild on edits of vendor files, the schemas and the MSP side (msp.yaml, clients/)."""
        assert self.workspace is not None
        root = self.workspace.root or Path(".")
        for path in (self.workspace.vendors_dir, root / "schema", root / self.config.msp_file,
                     root / self.config.clients_dir):
            if path.exists():
                server.watch(str(path))
        return server
