"""Site pages as plain data (no MkDocs here): vendor pages, home table, severity translator.

The MkDocs plugin is a thin adapter over :func:`site_pages`, so another site engine (or the
benchmark's "plain Markdown" floor) can use the same pages.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from escdir.check.rules.budgets import summary_first
from escdir.derive.facts import PlanChoice, describe_plan_coverage, open_now_data, plan_scope
from escdir.derive.lines import LineChoice
from escdir.derive.reader import Reader
from escdir.derive.sev1 import sev1_rules
from escdir.derive.view import LineView, VendorView, vendor_view
from escdir.model import AS_VENDOR_SPECIFIES, CANONICAL, CANONICAL_TITLES, Contact, Plan, RmaLevel, Vendor
from escdir.present.flowchart import ladder_figures
from escdir.present.render import render, slug
from escdir.present.search_index import SearchRecord, index_files, vendor_entry

BODY_MARKER = "ESCDIR-BODY-7f3a"


@dataclass(frozen=True)
class Page:
    """A generated page: ``src_uri`` (Markdown path), title, search tags, and the finished HTML body.

    ``body`` is the HTML, or a function that renders it: a vendor page is rendered when the engine writes it
    (:attr:`html`), so a build never holds every vendor's HTML at once (10,000 vendors: ~1 GB less at the peak).
    :meth:`rendered` gives the same page with its HTML made once (what a live server keeps across rebuilds).
    """

    src_uri: str
    title: str
    body: str | Callable[[], str]
    tags: tuple[str, ...] = ()
    toc: tuple[tuple[int, str, str], ...] = ()  # (level, id, title)
    hide: tuple[str, ...] = ()
    lean_search: bool = False  # one search entry from title/tags/search_text instead of every table cell
    search_text: str = ""
    search_keys: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("serial", prefixes), ("host", patterns)
    search_exclude: bool = False  # left out of Material's search index (it grows with the directory)

    @property
    def html(self) -> str:
        """The page's HTML (rendered now when it is deferred: each call renders it again)."""
        return self.body if isinstance(self.body, str) else self.body()

    def rendered(self) -> Page:
        """This page with its HTML rendered once and kept."""
        return self if isinstance(self.body, str) else dataclasses.replace(self, body=self.body())

    def markdown(self, marker: str = BODY_MARKER) -> str:
        """The page handed to the engine: front matter plus a marker the engine adapter swaps for ``html``."""
        return self._front() + f"\n{marker}\n"

    def plain_markdown(self) -> str:
        """The same page as an ordinary Markdown file (raw HTML block) — the benchmark's floor."""
        return self._front() + f'\n<div class="escdir-page" markdown="0">\n{self.html}\n</div>\n'

    def _front(self) -> str:
        # The home page's title is the site's name: given as the page title too, Material would write
        # "<name> - <name>" in <title>; without one it writes the site name alone.
        meta: dict[str, object] = {} if self.src_uri == "index.md" else {"title": str(escape(self.title))}
        if self.tags:
            # Material renders search-result tags as HTML: escape them like the title.
            meta["tags"] = [str(escape(t)) for t in self.tags]
        if self.hide:
            meta["hide"] = list(self.hide)
        if not meta:
            return ""
        # JSON is valid YAML, and MkDocs reads front matter with a safe loader.
        return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n"


class Linker:
    """Relative URLs between generated and hand-written pages, as the engine will lay them out.

    MkDocs leaves a link that is not to a ``.md`` file as written, so it is relative to the page's URL. Zensical
    resolves every relative link against the page's *source* file and rewrites it for the page's URL
    (``source_relative``): the same target, written from the source's folder.
    """

    def __init__(self, *, directory_urls: bool = True, source_relative: bool = False) -> None:
        self.directory_urls = directory_urls
        self.source_relative = source_relative

    def url(self, src_uri: str) -> str:
        base = src_uri.removesuffix(".md")
        if posixpath.basename(base) == "index":
            return posixpath.dirname(base) + "/" if posixpath.dirname(base) else ""
        return base + "/" if self.directory_urls else base + ".html"

    def rel(self, target_src: str, from_src: str, anchor: str = "") -> str:
        target = self.url(target_src)
        here = from_src if self.source_relative else self.url(from_src)
        here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
        here_dir = "" if here_dir == "/" else here_dir
        rel = posixpath.relpath(target or ".", here_dir or ".")
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if not self.directory_urls and target == "":
            rel = posixpath.relpath("index.html", here_dir or ".")
        return rel + (f"#{anchor}" if anchor else "")


def _sev1_rules(v: Vendor) -> list[dict[str, str]]:
    """The vendor page's wording of :func:`escdir.derive.sev1.sev1_rules` (label and text per rule)."""
    rules = []
    for r in sev1_rules(v):
        s = r.severity
        if r.blocked is None:
            rules.append({"label": f"{s.id} ({s.canonical})", "text": r.open_text, "use": ""})
        else:
            # The number to use instead is rendered apart (isolated left-to-right), not inside the reason text.
            rules.append({"label": f"{s.id} escalation", "text": f"cannot be escalated — {r.blocked.reason}",
                          "use": r.instead.display if r.instead is not None else ""})
    return rules


def ticket_text(v: Vendor) -> str:
    sev_list = ", ".join(f"{s.id} = {s.canonical}" for s in v.severities)
    contract = v.contracts[0] if v.contracts else None
    plan = v.plan(contract.plan) if contract else None
    lines = [
        f"Subject: {v.case_template.subject or '[<severity>] <product/version>: <symptom in five words>'}",
        f"Vendor: {v.name}",
        f"Contract: {contract.number} (plan {plan.name if plan else contract.plan})" if contract else
        "Contract: <contract / customer number>",
        f"Severity: <one of {sev_list}> — business impact justifies it because …",
        "Environment: <product + version, hardware model, serial numbers, topology>",
        "Problem: <what fails, exact error text, since when>",
        "Business impact: <users/sites affected, revenue or cost per hour>",
        "Timeline (UTC): <first seen, changes before it, actions taken with times>",
        "Already tried: <steps and their results — so L1 does not repeat them>",
        "Attachments: " + ("; ".join(d.name for d in v.case_template.diagnostics) or "<logs, captures, screenshots>"),
        "Hypothesis: <what we think is wrong>",
        "Requested action: <e.g. L2 engineer on a call within the SLA, RMA, hotfix>",
        "Callback: <name, 24x7 phone number, time zone>",
    ]
    for item in v.case_template.required_info:
        lines.append(f"Required by {v.name}: {item}: <…>")
    return "\n".join(lines)


def _rma_terms(v: Vendor, lv: RmaLevel) -> str:
    rma = v.rma
    assert rma is not None
    advance = rma.advance_for(lv)
    window = rma.return_for(lv)
    adv = {True: "advance replacement", False: "no advance replacement",
           AS_VENDOR_SPECIFIES: "advance replacement as the vendor specifies"}.get(advance)
    ret = "return " + _return_text(window) if window is not None else ""
    return "; ".join(x for x in (adv, ret) if x)


def _return_text(window: object) -> str:
    return "as the vendor specifies" if window == AS_VENDOR_SPECIFIES else f"within {window.human()}"  # type: ignore[attr-defined]


def _cutoff_zone(v: Vendor, lv: RmaLevel) -> str:
    if lv.timezone == "site":
        return "site time"
    if lv.timezone == "depot":
        return "depot time (zone not recorded)"
    return lv.timezone or v.timezone or "(zone not recorded)"


@dataclass(frozen=True)
class Sev1Line:
    """One Sev1 rule as the page words it: a label, the rule, and the number to use instead (if any)."""

    label: str
    text: str
    use: str = ""


@dataclass(frozen=True)
class HotlineRow:
    """A line of the quick card's table: the view's line and the browser's open-now data for it."""

    line: LineView
    open_json: str


@dataclass(frozen=True)
class VendorPage:
    """Everything ``vendor.html`` shows beyond the model itself, worked out here (the template only formats).

    The lookups (``plan_name``, ``scope`` …) are methods so the template never computes a fact itself."""

    view: VendorView
    stale: bool
    hotlines: tuple[HotlineRow, ...]
    sev1_rules: tuple[Sev1Line, ...]
    flowcharts: tuple[str, ...]
    wait_plans: tuple[str | None, ...]
    wait_sevs: tuple[str, ...]
    held_rma: frozenset[str]
    ticket: str
    guides: str
    summary_first: bool = True  # a summary within its budget comes before the quick card (checks.budgets)

    @property
    def choice(self) -> PlanChoice:
        return self.view.plan

    @property
    def first(self) -> LineChoice:
        return self.view.first

    def plan_name(self, ref: str | None) -> str:
        return self.view.plan_name(ref)

    def plan_names(self, refs: tuple[str, ...]) -> str:
        return ", ".join(self.plan_name(r) for r in refs)

    def scope(self, plans: tuple[str, ...], sevs: tuple[str, ...]) -> str:
        return plan_scope(tuple(plans), tuple(sevs), self.view.vendor)

    def plan_coverage(self, plan: Plan) -> str:
        return describe_plan_coverage(plan, self.view.vendor.timezone)

    def rma_terms(self, lv: RmaLevel) -> str:
        return _rma_terms(self.view.vendor, lv)

    def return_text(self, window: object) -> str:
        return _return_text(window)

    def cutoff_zone(self, lv: RmaLevel) -> str:
        return _cutoff_zone(self.view.vendor, lv)


def vendor_page_data(v: Vendor, *, today: date, linker: Linker, reader: Reader | None = None,
                     view: VendorView | None = None) -> VendorPage:
    """The page's view of ``v`` for ``reader``."""
    view = view or vendor_view(v, reader or Reader())
    src = f"vendors/{v.id}.md"

    flowcharts = tuple(ladder_figures(v.id, lad, lad.severity_label + (f" on {view.plan_name(lad.plan)}" if lad.plan else ""),
                                  view.party) for lad in v.escalation.ladders)
    wait_plans = tuple(sorted({w.plan for w in v.escalation.minimum_wait}, key=lambda p: (p is None, p or "")))
    wait_sevs = tuple(dict.fromkeys(w.severity for w in v.escalation.minimum_wait))

    def open_json(line: LineView) -> str:
        if line.coverage is None or not line.published:
            return json.dumps({"unknown": True})
        return json.dumps(open_now_data(line.coverage, v.timezone, today, view.reader), separators=(",", ":"))

    return VendorPage(
        view=view, stale=v.is_stale(today), hotlines=tuple(HotlineRow(x, open_json(x)) for x in view.lines),
        sev1_rules=tuple(Sev1Line(**r) for r in _sev1_rules(v)), flowcharts=flowcharts, wait_plans=wait_plans,
        wait_sevs=wait_sevs, held_rma=frozenset(c.rma_level for c in v.contracts if c.rma_level),
        ticket=ticket_text(v), guides=linker.rel("guides/index.md", src), summary_first=summary_first(v.summary))


def vendor_page(v: Vendor, *, today: date, linker: Linker, reader: Reader | None = None,
                view: VendorView | None = None) -> Page:
    src = f"vendors/{v.id}.md"

    def html() -> str:
        return render("vendor.html", v=v, pg=vendor_page_data(v, today=today, linker=linker, reader=reader, view=view))

    toc = [(2, "severities", "Severities"), (2, "sla", "SLA"), (2, "escalation", "Escalation"),
           (2, "contacts", "Contacts")]
    toc += [(2, "tiers", "Support tiers")] if v.tiers else []
    toc += [(2, "rma", "RMA")] if v.rma else []
    toc += [(2, "contract", "Contract")] if v.contracts else []
    toc += [(2, "opening-a-case", "Opening a case"), (2, "sources", "Sources")]
    return Page(src_uri=src, title=v.name, body=html, tags=tuple(dict.fromkeys(v.search_terms()[1:])),
                toc=tuple(toc), hide=("navigation",), lean_search=True, search_text=v.summary,
                search_keys=(("serial", v.serial_prefixes), ("host", v.hostnames)))


HOME_ROWS = 100  # up to this many vendors the home page lists them all; beyond, it links A–Z pages
LETTER_ROWS = 150  # vendors per A–Z page (a bigger letter is split into parts)


@dataclass(frozen=True)
class HomeRow:
    """One vendor's row in the home table and on its A–Z page: the line to call, its hours, freshness."""

    v: Vendor
    src: str  # the vendor page's source path
    line: Contact | None
    why: str
    hours: str
    stale: bool
    href: str = ""  # relative to the page the row is shown on (set per page)


@dataclass(frozen=True)
class AzPart:
    """One A–Z page: the vendors whose names start with ``letter`` (part ``part`` of ``parts``)."""

    letter: str  # "A"…"Z" or "#" (digits and other characters)
    part: int
    parts: int
    rows: tuple[HomeRow, ...]

    @property
    def src(self) -> str:
        key = "other" if self.letter == "#" else self.letter.lower()
        return f"az/{key}.md" if self.parts == 1 else f"az/{key}-{self.part}.md"

    @property
    def label(self) -> str:
        if self.parts == 1:
            return self.letter
        return f"{self.letter} ({self.rows[0].v.name[:3]} – {self.rows[-1].v.name[:3]})"


def home_rows(vendors: list[Vendor], *, today: date, reader: Reader | None = None) -> list[HomeRow]:
    """Every vendor's row, A–Z by name (the order of the home table, the A–Z pages and the search index)."""
    from escdir.derive.outage.find import norm

    reader = reader or Reader()
    rows = []
    for v in sorted(vendors, key=lambda v: (norm(v.name), v.id)):
        view = vendor_view(v, reader)
        c = view.first.contact
        hours = next((x.hours for x in view.lines if x.first), "")
        # Say which line it is only where that is not the table's rule (stated once above the table).
        why = "" if view.first.fits or not reader.place else view.first.why
        rows.append(HomeRow(v=v, src=f"vendors/{v.id}.md", line=c, why=why, hours=hours, stale=v.is_stale(today)))
    return rows


def _letter(name: str) -> str:
    from escdir.derive.outage.find import norm

    first = norm(name)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def az_parts(rows: list[HomeRow]) -> list[AzPart]:
    """The A–Z pages: one per initial letter, split into parts of at most :data:`LETTER_ROWS` vendors."""
    groups: dict[str, list[HomeRow]] = {}
    for r in rows:
        groups.setdefault(_letter(r.v.name), []).append(r)
    out = []
    for letter in sorted(groups, key=lambda x: (x == "#", x)):
        members = groups[letter]
        parts = max(1, -(-len(members) // LETTER_ROWS))
        size = -(-len(members) // parts)
        out += [AzPart(letter, k + 1, parts, tuple(members[k * size:(k + 1) * size])) for k in range(parts)]
    return out


def _placed(rows: tuple[HomeRow, ...] | list[HomeRow], linker: Linker, here: str) -> list[HomeRow]:
    return [dataclasses.replace(r, href=linker.rel(r.src, here)) for r in rows]


def home_page(vendors: list[Vendor], *, today: date, linker: Linker, title: str = "Vendor escalation directory",
              reader: Reader | None = None, rows: list[HomeRow] | None = None,
              parts: list[AzPart] | None = None) -> Page:
    """The home page: the find box, the A–Z index and, for a small directory, every vendor's row.

    Its size does not grow with the directory beyond :data:`HOME_ROWS` vendors: readers without JavaScript
    then go home → letter → (part of a big letter) → ``tel:`` link; with JavaScript the find box searches the
    sharded index (:mod:`escdir.present.search_index`).
    """
    reader = reader or Reader()
    rows = rows if rows is not None else home_rows(vendors, today=today, reader=reader)
    parts = parts if parts is not None else az_parts(rows)
    letters: list[dict[str, object]] = []
    for p in parts:
        if p.part == 1:
            letters.append({"letter": p.letter, "href": linker.rel(p.src if p.parts == 1 else _letter_src(p), "index.md"),
                            "count": sum(len(q.rows) for q in parts if q.letter == p.letter)})
    shown = _placed(rows, linker, "index.md") if len(rows) <= HOME_ROWS else []
    region = reader.place
    html = render("home.html", rows=shown, total=len(rows), letters=letters, title=title, today=today, region=region,
                  translator=linker.rel("severity-translator.md", "index.md"),
                  guides=linker.rel("guides/index.md", "index.md"))
    return Page(src_uri="index.md", title=title, body=html, hide=("navigation", "toc"))


def _letter_src(p: AzPart) -> str:
    return "az/other.md" if p.letter == "#" else f"az/{p.letter.lower()}.md"


def az_pages(parts: list[AzPart], *, today: date, linker: Linker, reader: Reader | None = None) -> list[Page]:
    """One page per letter (listing its parts when it is split) and one per part: every row with its hotline."""
    reader = reader or Reader()
    region = reader.place
    pages = []
    by_letter: dict[str, list[AzPart]] = {}
    for p in parts:
        by_letter.setdefault(p.letter, []).append(p)
    for letter, group in by_letter.items():
        title = "Vendors: other characters" if letter == "#" else f"Vendors: {letter}"
        if len(group) > 1:
            src = _letter_src(group[0])
            links = [{"label": p.label, "href": linker.rel(p.src, src), "count": len(p.rows)} for p in group]
            pages.append(Page(src_uri=src, title=title, body=render("az.html", title=title, parts=links, rows=[],
                                                                    home=linker.rel("index.md", src), region=region,
                                                                    today=today),
                              hide=("navigation", "toc"), search_exclude=True))
        for p in group:
            part_title = title if p.parts == 1 else f"{title} ({p.part} of {p.parts})"
            pages.append(Page(src_uri=p.src, title=part_title,
                              body=render("az.html", title=part_title, parts=[], rows=_placed(p.rows, linker, p.src),
                                          home=linker.rel("index.md", p.src), region=region, today=today),
                              hide=("navigation", "toc"), search_exclude=True))
    return pages


def search_records(rows: list[HomeRow], linker: Linker) -> list[SearchRecord]:
    """The search index's records: the matcher's entry of each vendor and the line its row shows."""
    out = []
    for r in rows:
        c = r.line
        out.append(SearchRecord(entry=vendor_entry(r.v), href=linker.url(r.src),
                                line=c.display if c is not None else "", line_href=c.href if c is not None else "",
                                why=r.why if c is not None else (f"no phone line: {r.v.no_phone}" if r.v.no_phone
                                                                  else "see the vendor page"),
                                hours=r.hours, text=r.v.summary))
    return out


TRANSLATOR = "severity-translator.md"


def translator_rows(v: Vendor, canonical: str, *, linker: Linker) -> Markup:
    """``v``'s rows in the translator's table for ``canonical`` (empty when it maps no level there)."""
    entries = [{"v": v, "s": s, "href": linker.rel(f"vendors/{v.id}.md", TRANSLATOR, f"sev-{slug(s.id)}")}
               for s in v.for_canonical(canonical)]
    return Markup(render("translator_rows.html", entries=entries)) if entries else Markup("")  # noqa: S704


def translator_page(vendors: list[Vendor], *, linker: Linker, cache: PageCache | None = None) -> Page:
    """The severity translator; each vendor's rows come from ``cache`` while the vendor is unchanged."""
    src = TRANSLATOR
    groups = []
    for canonical in CANONICAL:
        rows = [cache.translator_rows(v, canonical, linker=linker) if cache else translator_rows(v, canonical,
                                                                                               linker=linker)
                for v in vendors]
        groups.append({"canonical": canonical, "title": CANONICAL_TITLES[canonical], "rows": [r for r in rows if r]})
    html = render("translator.html", groups=groups)
    return Page(src_uri=src, title="Severity translator", body=html, search_exclude=True,
                toc=tuple((2, c, c.capitalize()) for c in CANONICAL))


class PageCache:
    """Rendered vendor pages kept across `mkdocs serve` rebuilds.

    Keyed on the vendor object itself (escdir.derive.project.Project hands back the very same frozen object while its file
    is unchanged), plus everything else a page depends on, so a hit can never be stale.
    """

    def __init__(self) -> None:
        self._pages: dict[int, tuple[Vendor, tuple[object, ...], Page]] = {}
        self._rows: dict[tuple[int, str], tuple[Vendor, bool, Markup]] = {}

    def translator_rows(self, v: Vendor, canonical: str, *, linker: Linker) -> Markup:
        """:func:`translator_rows`, remembered while ``v`` is the same object."""
        hit = self._rows.get((id(v), canonical))
        if hit is not None and hit[0] is v and hit[1] == linker.directory_urls:
            return hit[2]
        rows = translator_rows(v, canonical, linker=linker)
        self._rows[(id(v), canonical)] = (v, linker.directory_urls, rows)
        return rows

    def vendor_page(self, v: Vendor, *, today: date, linker: Linker, reader: Reader | None = None) -> Page:
        key = (today, linker.directory_urls, linker.source_relative, reader)
        hit = self._pages.get(id(v))
        if hit is not None and hit[0] is v and hit[1] == key:
            return hit[2]
        page = vendor_page(v, today=today, linker=linker, reader=reader).rendered()
        self._pages[id(v)] = (v, key, page)
        return page

    def prune(self, vendors: list[Vendor]) -> None:
        alive = {id(v) for v in vendors}
        for k in [k for k in self._pages if k not in alive]:
            del self._pages[k]
        for row in [k for k in self._rows if k[0] not in alive]:
            del self._rows[row]


def site_pages(vendors: list[Vendor], *, today: date, linker: Linker, title: str = "Vendor escalation directory",
               cache: PageCache | None = None, reader: Reader | None = None) -> list[Page]:
    """Home, A–Z pages, severity translator and one page per vendor."""
    return site_bundle(vendors, today=today, linker=linker, title=title, cache=cache, reader=reader)[0]


def site_bundle(vendors: list[Vendor], *, today: date, linker: Linker, title: str = "Vendor escalation directory",
                cache: PageCache | None = None, reader: Reader | None = None) -> tuple[list[Page], dict[str, bytes]]:
    """:func:`site_pages` and the search index's files (:mod:`escdir.present.search_index`), from the same rows."""
    rows = home_rows(vendors, today=today, reader=reader)
    parts = az_parts(rows)
    pages = [home_page(vendors, today=today, linker=linker, title=title, reader=reader, rows=rows, parts=parts),
             translator_page(vendors, linker=linker, cache=cache)]
    pages += az_pages(parts, today=today, linker=linker, reader=reader)
    if cache is None:
        pages += [vendor_page(v, today=today, linker=linker, reader=reader) for v in vendors]
    else:
        pages += [cache.vendor_page(v, today=today, linker=linker, reader=reader) for v in vendors]
        cache.prune(vendors)
    return pages, index_files(search_records(rows, linker))
