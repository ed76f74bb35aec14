"""The whole site of one project, computed by library code; an engine only applies it.

:class:`Site` is what every engine drives: the MkDocs/ProperDocs plugin (:mod:`escdir.plugin`) and the Zensical
adapter (:mod:`escdir.zensical`). It holds the :class:`~escdir.derive.project.Project` and the build's options, and across
``serve`` rebuilds the last good data and what each page looked like. :meth:`Site.prepare` does, in one place:

* validation of the vendors and the MSP side, with ``strict`` (warnings fail);
* the serve fallback: while an edit does not validate, the last good data is shown with a banner naming the problems;
* the :class:`~escdir.publish.siteplan.SitePlan` (pages, files, CSS, navigation, title, exports);
* de-duplication against hand-written pages (a hand-written home page wins; any other clash is an error);
* a digest per page, so a live server re-renders only pages whose HTML changed.

``escdir build`` prepares the site itself (a failure is reported before an engine starts) and hands the same
object to the engine with :func:`driving`, instead of changing an engine's configuration.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import escape

from escdir import today as default_today
from escdir.check.validate import Result
from escdir.derive.msp import MspProject
from escdir.derive.project import Project
from escdir.errors import EscdirError, Problem
from escdir.present.pages import BODY_MARKER, Linker, Page, PageCache

# A deferred page's content until its finished HTML is written: a heading, so the theme does not add the title as one
# more (Material adds an <h1> to content without one); the page's own HTML replaces the whole element.
DEFERRED_HTML = f"<h1 hidden>{BODY_MARKER}</h1>"
from escdir.publish.siteplan import SitePlan, plan_site, reader_for

log = logging.getLogger("mkdocs.plugins.escdir")  # MkDocs shows this logger's records; other engines ignore it

BANNER_LINES = 20


class SiteFailure(EscdirError):
    """The site cannot be built; the message holds every diagnostic, one per line."""


@dataclass(frozen=True)
class SiteOptions:
    """The build's options (``plugins: - escdir:`` in mkdocs.yml, or `escdir build`'s flags)."""

    vendors_dir: str = "vendors"
    audience: str = "internal"
    strict: bool = False
    title: str = "Vendor escalation directory"
    msp_file: str = "msp.yaml"
    clients_dir: str = "clients"
    client: str = ""
    region: str = ""  # who reads the site: picks the line shown first and the local holidays
    country: str = ""
    allow_inline_scripts: tuple[str, ...] = ()  # hand-written pages whose own inline scripts may run (escdir.publish.csp)

    @classmethod
    def of(cls, values: Mapping[str, object]) -> SiteOptions:
        """The options from a mapping with these keys (the plugin's checked config); lists become tuples."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v  # type: ignore[arg-type]
                      for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class SiteBuild:
    """One build's site, ready to apply: the plan, the generated pages and which of them are unchanged."""

    plan: SitePlan
    pages: dict[str, Page]  # src_uri -> page, in plan order, without those a hand-written page replaces
    unchanged: frozenset[str]  # src_uris whose HTML is what the previous build (of this Site) wrote
    banner: str  # HTML shown on every page while serving the last good data ('' when the data is good)
    title: str  # the site's name as text (the configured title, or a client site's name)


@dataclass
class Site:
    """One project's site across builds (a live server keeps it; see the module docstring)."""

    root: Path
    options: SiteOptions = field(default_factory=SiteOptions)
    serving: bool = False  # a live server: keep the last good data on a broken edit
    project: Project = field(init=False)
    page_cache: PageCache = field(default_factory=PageCache, repr=False)
    _last_good: tuple[Result, MspProject] | None = field(default=None, repr=False)
    _digests: dict[str, int] = field(default_factory=dict, repr=False)
    _serve_error: str = ""
    _loaded: tuple[date, Result, MspProject] | None = field(default=None, repr=False)
    _export_memo: object | None = field(default=None, repr=False)  # exports.VendorMemo, made on first use
    last: SiteBuild | None = field(default=None, repr=False)  # the latest prepared build
    state: tuple[Result, MspProject] | None = field(default=None, repr=False)  # the data it was made from

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.project = Project.at(self.root, vendors_dir=self.options.vendors_dir, msp_file=self.options.msp_file,
                                  clients_dir=self.options.clients_dir)

    @property
    def sources(self) -> list[str]:
        """The project's source folders and files (a build never writes over them: escdir.publish.sitedir)."""
        return [self.options.vendors_dir, self.options.clients_dir, self.options.msp_file]

    def guard_site_dir(self, site_dir: Path, *, docs_dir: str) -> None:
        """Refuse an output directory over the project's sources or a foreign non-empty one (escdir.publish.sitedir): plain
        `mkdocs build` replaces its site_dir as `escdir build` does, so the same guard. Raises EscdirError."""
        from escdir.publish.sitedir import check_site_dir

        check_site_dir(site_dir, root=self.root, sources=[docs_dir, *self.sources])

    def watched(self) -> list[Path]:
        """What a live server watches besides the docs: the vendors, the schemas, msp.yaml and clients/."""
        paths = [self.project.vendors_dir, self.root / "schema", self.root / self.options.msp_file,
                 self.root / self.options.clients_dir]
        return [p for p in paths if p.exists()]

    def check(self, *, today: date | None = None) -> tuple[Result, MspProject]:
        """Validate the project; raises SiteFailure with every problem (warnings too, when strict).

        Serving, a broken edit does not raise once a good state was seen: the last good data is returned and
        :meth:`prepare` puts the problems on every page.
        """
        day = today or default_today()
        try:
            result = self.project.vendors(today=day)
            project = self.project.msp_side(result.vendors)
        except EscdirError as exc:  # e.g. the vendors directory is missing: one line, never a traceback
            raise SiteFailure(f"escdir: {exc}") from None
        errors = result.errors + project.errors
        warnings = result.warnings + [p for p in project.problems if not p.is_error]
        for p in warnings:
            (log.warning if self.options.strict else log.info)(p.format())
        if errors or (self.options.strict and warnings):
            if not (self.serving and self._last_good is not None):
                raise SiteFailure(failure_text(errors, warnings, strict=self.options.strict))
            self._keep_serving(errors or warnings)
            result, project = self._last_good
        else:
            self._last_good = (result, project)
            if self._serve_error:
                self._serve_error = ""
                self._digests.clear()  # every page drops its banner
        self._loaded = (day, result, project)
        return result, project

    def _keep_serving(self, problems: list[Problem]) -> None:
        lines = [p.format() for p in problems[:BANNER_LINES]]
        more = f"\n… and {len(problems) - BANNER_LINES} more" if len(problems) > BANNER_LINES else ""
        text = "\n".join(lines) + more
        if text != self._serve_error:
            self._digests.clear()  # every page gets the banner
        self._serve_error = text
        log.error("escdir: the last edit does not validate; still serving the last good data:\n%s", text)

    def prepare(self, *, directory_urls: bool = True, hand_written: Iterable[str] = (),
                today: date | None = None, checked: bool = False, links_from_source: bool = False) -> SiteBuild:
        """The site for this build. ``hand_written``: src_uris of the engine's own pages (docs_dir).
        ``checked``: :meth:`check` has just run for this build (``escdir build``), so its result is used.
        ``links_from_source``: the engine resolves links against the source file (Zensical; see pages.Linker)."""
        day = today or default_today()
        if checked and self._loaded is not None and self._loaded[0] == day:
            _day, result, project = self._loaded
        else:
            result, project = self.check(today=day)
        self._loaded = None
        o = self.options
        try:
            plan = plan_site(result.vendors, project, audience=o.audience, client=o.client, title=o.title, today=day,
                             cache=self.page_cache if self.serving else None,
                             linker=Linker(directory_urls=directory_urls, source_relative=links_from_source),
                             reader=reader_for(project, region=o.region, country=o.country, audience=o.audience,
                                               client=o.client))
        except SiteFailure:
            raise
        except EscdirError as exc:  # e.g. an unknown client
            raise SiteFailure(f"escdir: {exc}") from None
        existing = set(hand_written)
        pages: dict[str, Page] = {}
        unchanged: set[str] = set()
        for page in plan.pages:
            if page.src_uri in existing and not plan.drop_docs:
                if page.src_uri != "index.md":
                    raise SiteFailure(f"escdir: {page.src_uri} exists in docs_dir and would hide a generated page")
                continue  # a hand-written home page wins
            if self.serving:  # a live server rewrites only the pages whose HTML changed (dirty rebuilds)
                page = page.rendered()
                digest = hash((page.html, page.title, page.tags, page.toc))
                if self._digests.get(page.src_uri) == digest:
                    unchanged.add(page.src_uri)
                self._digests[page.src_uri] = digest
            pages[page.src_uri] = page
        for gone in set(self._digests) - set(pages):
            del self._digests[gone]
        here = set(pages) | (set() if plan.drop_docs else existing)
        for src in o.allow_inline_scripts:
            if src not in here:
                log.warning("escdir: allow_inline_scripts lists %s, which is not a page of this site: check the path "
                            "(relative to docs_dir, e.g. guides/demo.md)", src)
        self.state = (result, project)
        self.last = SiteBuild(plan, pages, frozenset(unchanged), self.banner(), plan.site_title or o.title)
        return self.last

    def page_scripts(self, build: SiteBuild, src_uri: str, html: str) -> list[str] | None:
        """Hashes of the inline scripts of a page listed in ``allow_inline_scripts`` (its author opted in), taken
        from the page's own content before the theme wraps it; None for any other page. A generated page may not
        opt in (SiteFailure)."""
        if src_uri not in self.options.allow_inline_scripts:
            return None
        if src_uri in build.pages:
            raise SiteFailure(f"escdir: allow_inline_scripts lists {src_uri}, a generated page; only hand-written "
                              "pages may opt in")
        from escdir.publish.csp import inline_hashes

        return inline_hashes(html)[0]

    def banner(self) -> str:
        """The serve banner's HTML ('' when the data is good)."""
        if not self._serve_error:
            return ""
        return ('<div class="admonition danger escdir-serve-error" role="alert"><p class="admonition-title">'
                "The last edit does not validate: this page shows the last good data</p>"
                f"<pre>{escape(self._serve_error)}</pre></div>")

    @staticmethod
    def body(build: SiteBuild, src_uri: str, html: str) -> str:
        """A page's HTML after the engine's Markdown step, with the serve banner. A generated page's own HTML goes in
        here when the theme's search indexes it; a page left out of that index (a vendor page) keeps its marker until
        the finished page is written (:meth:`splice`), so the engine never holds every vendor's HTML at once."""
        page = build.pages.get(src_uri)
        if page is not None and BODY_MARKER in html:
            html = DEFERRED_HTML if deferred(page) else page.html
        return build.banner + html

    @staticmethod
    def splice(build: SiteBuild, src_uri: str, output: str) -> str:
        """The finished page with a generated page's HTML in place of its marker (rendered now, then let go).
        Raises SiteFailure when a generated page lost its marker (a theme that drops ``page.content``)."""
        page = build.pages.get(src_uri)
        if page is None or not deferred(page):
            return output
        head, marker, tail = output.partition(DEFERRED_HTML)
        if not marker:
            raise SiteFailure(f"escdir: the theme did not write the content of {src_uri} (page.content): "
                              "the generated page would be empty")
        html = page.html
        if "<h1" not in html:  # what the theme does for content without a heading
            html = f"<h1>{escape(page.title)}</h1>\n{html}"
        return head + html + tail

    @staticmethod
    def finish_html(html: str, *, scripts: Iterable[str] = (), styles: Iterable[str] = (), serve: bool = False) -> str:
        """Every finished HTML file: <wbr> in very long words (escdir.present.longwords), then the Content-Security-Policy,
        which allows the site's own files plus the given hashes, never hashes taken from the page (escdir.publish.csp)."""
        from escdir.present.longwords import break_long_words
        from escdir.publish.csp import add_csp

        return add_csp(break_long_words(html), scripts=scripts, styles=styles, serve=serve)

    def write_extras(self, build: SiteBuild, site_dir: Path) -> None:
        """The exports (JSON API, vCards, renewals.ics, break-glass.html) and the marker that says escdir built it.
        A live server remembers per-vendor export pieces across rebuilds (exports.VendorMemo)."""
        from escdir.publish.exports import VendorMemo, write_all
        from escdir.publish.sitedir import mark

        if self.serving and not isinstance(self._export_memo, VendorMemo):
            self._export_memo = VendorMemo()
        memo = self._export_memo if self.serving and isinstance(self._export_memo, VendorMemo) else None
        mark(site_dir)  # a one-off build keeps nothing: each export is written and let go
        write_all(build.plan.exported, site_dir, today=default_today(), site_name=build.title,
                  memo=memo, reader=build.plan.reader)


def deferred(page: Page) -> bool:
    """Is the page's HTML put in only when the finished page is written? Pages the theme's search leaves out."""
    return page.lean_search or page.search_exclude


def failure_text(errors: list[Problem], warnings: list[Problem], *, strict: bool) -> str:
    """The diagnostics of a failed build: a count, then each problem on one line."""
    from escdir.present.reporting.lines import problem_line

    shown = errors or warnings
    lines = "\n".join(problem_line(p) for p in shown)
    return (f"escdir: {len(errors)} error(s), {len(warnings)} warning(s)"
            f"{' (strict: warnings fail)' if strict and warnings else ''}:\n{lines}")


_DRIVEN: list[Site] = []


@contextlib.contextmanager
def driving(site: Site) -> Iterator[Site]:
    """Hand ``site`` to the engine run inside this block (`escdir build`); the plugin applies it as it is."""
    _DRIVEN.append(site)
    try:
        yield site
    finally:
        _DRIVEN.remove(site)


def driven() -> Site | None:
    """The site `escdir build` is building in this process, if any."""
    return _DRIVEN[-1] if _DRIVEN else None
