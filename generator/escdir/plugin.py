"""MkDocs plugin: validate vendors/ once per build and add the generated pages. Events only.

Configured in mkdocs.yml::

    plugins:
      - search
      - escdir:
          vendors_dir: vendors
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import today
from .pages import BODY_MARKER, Linker, Page, site_pages
from .validate import Result
from .workspace import Workspace

log = logging.getLogger("mkdocs.plugins.escdir")


class EscdirConfig(Config):
    vendors_dir = c.Type(str, default="vendors")
    audience = c.Choice(("internal", "client", "public"), default="internal")
    strict = c.Type(bool, default=False)
    title = c.Type(str, default="Vendor escalation directory")


class EscdirPlugin(BasePlugin[EscdirConfig]):
    """Adds one page per vendor, the A–Z home page and the severity translator."""

    def __init__(self) -> None:
        self.workspace: Workspace | None = None
        self.pages: dict[str, Page] = {}
        self.result: Result | None = None
        self.failure: str = ""  # diagnostics of the last failed build, for `escdir build`

    def on_config(self, config):  # noqa: ANN001 - MkDocs' signature
        root = Path(config.config_file_path or ".").resolve().parent
        vendors = (root / self.config.vendors_dir).resolve()
        if self.workspace is None or self.workspace.vendors_dir != vendors:
            self.workspace = Workspace(vendors, root=root)
        return config

    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:  # noqa: ANN001
        assert self.workspace is not None
        result = self.workspace.validate(today=today())
        self.result = result
        errors = result.errors
        strict_fail = self.config.strict and result.warnings
        for p in result.warnings:
            (log.warning if self.config.strict else log.info)(p.format())
        self.failure = ""
        if errors or strict_fail:
            shown = errors or result.warnings
            lines = "\n".join(p.format() + (f"\n    hint: {p.hint}" if p.hint else "") for p in shown)
            self.failure = (f"escdir: {len(errors)} error(s), {len(result.warnings)} warning(s) in "
                            f"{self.workspace.vendors_dir.name}/{' (strict: warnings fail)' if strict_fail else ''}"
                            f":\n{lines}")
            raise PluginError(self.failure)
        vendors = self.workspace.audience_view(result.vendors, self.config.audience)
        linker = Linker(directory_urls=config.use_directory_urls)
        self.pages = {}
        for page in site_pages(vendors, today=today(), linker=linker, title=self.config.title):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                if page.src_uri != "index.md":
                    raise PluginError(f"escdir: {page.src_uri} exists in docs_dir and would hide a generated page")
                continue  # a hand-written home page wins
            files.append(File.generated(config, page.src_uri, content=page.markdown()))
            self.pages[page.src_uri] = page
        return files

    def on_page_content(self, html: str, page, config, files):  # noqa: ANN001
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        page.toc = get_toc([{"level": lv, "id": i, "name": n, "children": []} for lv, i, n in generated.toc])
        return generated.html if BODY_MARKER in html else html

    def on_serve(self, server, config, builder):  # noqa: ANN001
        assert self.workspace is not None
        server.watch(str(self.workspace.vendors_dir))
        schema_dir = self.workspace.root / "schema"
        if schema_dir.is_dir():
            server.watch(str(schema_dir))
        return server
