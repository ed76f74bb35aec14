"""MkDocs (and ProperDocs) plugin: applies the site :mod:`escdir.publish.site` computes. Events only.

Configured in mkdocs.yml::

    plugins:
      - search
      - escdir:
          vendors_dir: vendors
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from escdir.errors import EscdirError
from escdir.publish.site import Site, SiteBuild, SiteOptions, deferred, driven


class EscdirConfig(Config):
    vendors_dir = c.Type(str, default="vendors")
    audience = c.Choice(("internal", "client", "public"), default="internal")
    strict = c.Type(bool, default=False)
    title = c.Type(str, default="Vendor escalation directory")
    msp_file = c.Type(str, default="msp.yaml")
    clients_dir = c.Type(str, default="clients")
    client = c.Type(str, default="")
    region = c.Type(str, default="")  # who reads the site: the line shown first, the local holidays
    country = c.Type(str, default="")
    # Hand-written pages (paths under docs_dir, e.g. guides/demo.md) whose own inline <script>s may run. Off for
    # every page by default: the Content-Security-Policy then allows only the site's script files (escdir.publish.csp).
    allow_inline_scripts = c.ListOfItems(c.Type(str), default=[])


@contextlib.contextmanager
def _as_plugin_error(prefix: str = "") -> Iterator[None]:
    """An EscdirError becomes MkDocs' PluginError: one line, no traceback."""
    try:
        yield
    except EscdirError as exc:
        raise PluginError(f"{prefix}{exc}") from None


class _GeneratedPage(File):
    """A generated page that says "not modified" when its HTML is what the last build wrote (dirty rebuilds ask)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


class EscdirPlugin(BasePlugin[EscdirConfig]):
    """Adds one page per vendor, the A–Z home page and the severity translator."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.build: SiteBuild | None = None
        self.command = "build"
        self.page_scripts: dict[str, list[str]] = {}  # src_uri -> hashes of an opted-in page's own inline scripts

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this makes MkDocs keep one plugin instance (and its Site) across `serve` rebuilds."""
        self.command = command

    def on_config(self, config):
        from escdir.publish.csp import THEME_DIR

        self.page_scripts = {}  # MkDocs keeps this plugin object across builds in one process: nothing carries over
        # Material's inline snippets as files of the site (escdir.publish.csp); after the user's custom_dir, before Material.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        site = driven()  # `escdir build` hands over the site it has prepared
        if site is None:
            root = Path(config.config_file_path or ".").resolve().parent
            options = SiteOptions.of(self.config)
            if self.site is None or self.site.root != root or self.site.options != options:
                self.site = Site(root, options, serving=self.command == "serve")
            if self.command != "serve":  # serve writes to its own temporary directory
                with _as_plugin_error("escdir: "):
                    self.site.guard_site_dir(Path(config.site_dir), docs_dir=config.docs_dir)
        else:
            self.site = site
        return config

    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        assert self.site is not None
        with _as_plugin_error():
            build = self.site.prepare(directory_urls=config.use_directory_urls, checked=driven() is self.site,
                                      hand_written=[f.src_uri for f in files.documentation_pages()])
        plan = build.plan
        if plan.drop_docs:  # a client site holds only generated pages
            for f in list(files.documentation_pages()):
                files.remove(f)
        for uri, content in plan.files.items():
            files.append(File.generated(config, uri, content=content))
        config.extra_css.extend(css for css in plan.extra_css if css not in config.extra_css)
        if plan.nav is not None:
            config.nav = plan.nav
        elif isinstance(config.nav, list):
            config.nav += [item for item in plan.nav_append if item not in config.nav]
        if plan.site_title:  # Material writes it raw in <title> and through `| e` in title=: escaped Markup suits both
            config.site_name = escape(plan.site_title)
        for uri, page in build.pages.items():
            file = _GeneratedPage.generated(config, uri, content=page.markdown())
            assert isinstance(file, _GeneratedPage)
            file.unchanged = uri in build.unchanged
            files.append(file)
        self.build = build
        return files

    def on_page_content(self, html: str, page, config, files):
        assert self.build is not None
        generated = self.build.pages.get(page.file.src_uri)
        with _as_plugin_error():
            scripts = self.site.page_scripts(self.build, page.file.src_uri, html) if self.site else None
        if scripts is not None:
            self.page_scripts[page.file.src_uri] = scripts
        if generated is not None:
            page.toc = get_toc([{"level": lv, "id": i, "name": n, "children": []} for lv, i, n in generated.toc])
        return Site.body(self.build, page.file.src_uri, html)

    @event_priority(100)  # before Material's search plugin indexes the page
    def on_page_context(self, context, *, page, config, nav):
        """Vendor pages, A–Z pages and the translator stay out of Material's search index, which every page
        fetches whole: vendors are found through escdir's sharded index instead (search_index.py)."""
        generated = self.build.pages.get(page.file.src_uri) if self.build else None
        if generated is not None and deferred(generated):  # its content is still the marker here
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_post_page(self, output: str, page, config) -> str:
        scripts = self.page_scripts.get(page.file.src_uri, []) if page is not None else []
        with _as_plugin_error():  # a vendor page's HTML is rendered here, as its file is written
            output = Site.splice(self.build, page.file.src_uri, output) if page and self.build else output
        return Site.finish_html(output, scripts=scripts, serve=self.command == "serve")

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """The theme's own pages (404.html) get the same policy; sitemap.xml and the like are left alone."""
        return self.on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content

    @event_priority(-100)  # after Material's search plugin has written search_index.json
    def on_post_build(self, config) -> None:
        assert self.site is not None and self.build is not None
        self.site.write_extras(self.build, Path(config.site_dir))

    def on_serve(self, server, config, builder):
        """Rebuild on edits of vendor files, the schemas and the MSP side (msp.yaml, clients/)."""
        assert self.site is not None
        for path in self.site.watched():
            server.watch(str(path))
        return server
