"""What a build produces, decided by library code; :mod:`escdir.publish.site` wraps it for every engine, which only applies it.

:func:`plan_site` takes the checked project (vendor models, the MSP side) and the build's options and returns a
:class:`SitePlan`: the generated pages, extra files (a client's logo and accent CSS), CSS to add, the navigation,
the site name, whether the hand-written pages are dropped, and the audience-restricted vendors the exports are
written from. Nothing here touches MkDocs objects, so it is tested without a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from escdir.derive.audience import restrict
from escdir.derive.client import client_vendors
from escdir.derive.msp import MspProject
from escdir.derive.outage.find import Entry
from escdir.derive.reader import Reader, ReaderInput, resolve_reader
from escdir.errors import EscdirError
from escdir.model import Vendor
from escdir.present.msp_pages import client_site_pages, internal_msp_pages
from escdir.present.pages import Linker, Page, PageCache, site_bundle
from escdir.present.search_index import SearchRecord, index_files

CLIENT_NAV = [{"Home": "index.md"}, {"What happens when you submit a ticket": "ticket-journey.md"}]
MSP_NAV = {"MSP (internal)": "msp/index.md"}


@dataclass
class SitePlan:
    pages: list[Page]
    exported: list[Vendor]  # the audience-restricted vendors every export is written from
    files: dict[str, bytes] = field(default_factory=dict)  # generated files: uri -> content
    extra_css: list[str] = field(default_factory=list)
    nav: list[dict[str, str]] | None = None  # replaces the configured nav when set
    nav_append: list[dict[str, str]] = field(default_factory=list)  # added to the configured nav
    site_title: str = ""  # the site's name as text ('' = keep the configured one)
    drop_docs: bool = False  # a client site holds only generated pages
    reader: Reader = field(default_factory=Reader)  # whom the pages and exports are for (escdir.derive.reader)


def reader_for(project: MspProject, *, region: str = "", country: str = "", audience: str = "internal",
               client: str = "") -> Reader:
    """The build's reader (escdir.derive.reader.resolve_reader): the build's options (mkdocs.yml / command line), then
    the client file (a client build), then msp.yaml. A build has no machine zone: the browser supplies it."""
    options = ReaderInput(region=region or None, country=(country.upper() or None) if country else None)
    found = project.client(client) if client else None
    return resolve_reader(audience="client" if client else audience, options=options, client=found,
                          msp=project.msp)


def plan_site(vendors: list[Vendor], project: MspProject, *, audience: str, client: str, title: str,
              today: date, linker: Linker, reader: Reader, cache: PageCache | None = None) -> SitePlan:
    """The plan for one build; raises EscdirError for an unknown client."""
    if client:
        return _client_plan(vendors, project, client, linker=linker, reader=reader)
    shown = [restrict(v, audience) for v in vendors]
    pages, index = site_bundle(shown, today=today, linker=linker, title=title, reader=reader, cache=cache)
    plan = SitePlan(pages=pages, exported=shown, files=dict(index), reader=reader)
    if audience == "internal" and project.msp is not None:
        plan.pages += internal_msp_pages(project, vendors, linker=linker)
        plan.nav_append.append(MSP_NAV)
    return plan


def _client_plan(vendors: list[Vendor], project: MspProject, client_id: str, *, linker: Linker,
                 reader: Reader) -> SitePlan:
    client = project.client(client_id)
    if project.msp is None or client is None:
        known = ", ".join(c.id for c in project.clients) or "none"
        raise EscdirError(f"unknown client {client_id!r} (known: {known})")
    files: dict[str, bytes] = {}
    css: list[str] = []
    logo_url = ""
    logo = project.logos.get(client.id)
    if logo is not None:  # checked by content and (SVG) rebuilt from its safe parts when loaded
        logo_url = f"assets/{logo.file_name}"
        files[logo_url] = logo.data
    if client.accent:
        files["stylesheets/client.css"] = (
            f":root > * {{ --md-primary-fg-color: {client.accent}; --md-primary-fg-color--dark: {client.accent}; "
            f"--md-accent-fg-color: {client.accent}; }}\n").encode()
        css.append("stylesheets/client.css")
    pages = client_site_pages(project.msp, client, vendors, linker=linker, logo_url=logo_url, reader=reader)
    files.update(index_files(_page_records(pages, linker)))
    return SitePlan(pages=pages, exported=client_vendors(client, vendors, project.msp), files=files, extra_css=css,
                    nav=list(CLIENT_NAV), site_title=f"{client.name} support", drop_docs=True, reader=reader)


def _page_records(pages: list[Page], linker: Linker) -> list[SearchRecord]:
    """Search records of a client site: its vendor pages' names and tags (client-audience already)."""
    return [SearchRecord(entry=Entry(id=p.src_uri.removeprefix("vendors/").removesuffix(".md"), name=p.title,
                                     aliases=p.tags), href=linker.url(p.src_uri), text=p.search_text)
            for p in pages if p.lean_search and p.src_uri.startswith("vendors/")]
