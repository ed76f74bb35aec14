"""A client's site as one PDF to send, rendered from the built pages with the site's print stylesheet (WeasyPrint).

The PDF is made from the client site that was just built (so it can hold nothing that site does not): the home
page, the ticket journey and every vendor page, in that order, each starting on a new page. The pages' article
content is put into one document with the site's own stylesheets, which WeasyPrint reads with the ``print``
media type (the same rules a browser's print uses). Links between the site's pages become links inside the PDF;
links to the site's other files are dropped (their text stays); https, mailto and tel links are kept. WeasyPrint
may read only files inside the site (no network, nothing else on the disk).

WeasyPrint is an optional dependency: ``pip install escdir[pdf]``.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from escdir.errors import EscdirError

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_HEAD = re.compile(r"<head>(.*?)</head>", re.DOTALL)
_ATTR = re.compile(r'\b(href|src)="([^"]*)"')


def pdf_name(client: str) -> str:
    """The PDF's file name inside the client's site."""
    return f"{client}-support.pdf"


def _pages(site: Path) -> list[Path]:
    vendors = sorted(site.glob("vendors/*/index.html")) or sorted(site.glob("vendors/*.html"))
    first = [p for p in (site / "index.html", site / "ticket-journey" / "index.html", site / "ticket-journey.html")
             if p.is_file()]
    return first + vendors


def _anchor(rel: str) -> str:
    return "page-" + re.sub(r"[^a-z0-9]+", "-", rel.lower()).strip("-")


def _rewrite(html: str, page: str, anchors: dict[str, str]) -> str:
    """Resolve each link of ``page`` (a path inside the site): site pages become in-PDF anchors, other site files
    lose their link, assets become paths from the site's root (the document's base)."""
    def one(m: re.Match[str]) -> str:
        attr, value = m[1], m[2]
        parts = urlsplit(value.replace("&amp;", "&"))
        if parts.scheme in ("https", "mailto", "tel") or value.startswith("#"):
            return m[0]
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            return f'data-dropped-{attr}=""'
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path or posixpath.basename(page)))
        for candidate in (target, posixpath.join(target, "index.html")):
            if candidate in anchors:
                return f'{attr}="#{anchors[candidate]}"' if attr == "href" else f'data-dropped-{attr}=""'
        if target.startswith("..") or attr == "href":
            return f'data-dropped-{attr}=""'
        return f'{attr}="{escape(target)}"'

    return _ATTR.sub(one, html)


def client_pdf(site: Path, *, title: str) -> bytes:
    """The PDF of the client site built in ``site``. Raises EscdirError when WeasyPrint is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # (no type information published)
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
    except ImportError as exc:  # the optional extra
        raise EscdirError(f"--pdf needs WeasyPrint: pip install 'escdir[pdf]' ({exc})") from None
    except OSError as exc:  # installed, but the system's Pango library is missing
        raise EscdirError(f"--pdf: WeasyPrint cannot load its text layout library (Pango): {exc}") from None
    root = site.resolve()
    pages = _pages(root)
    if not pages:
        raise EscdirError(f"{site}: no client pages to print")
    rels = [p.relative_to(root).as_posix() for p in pages]
    anchors = {rel: _anchor(rel) for rel in rels}
    sections: list[str] = []
    for page, rel in zip(pages, rels, strict=True):
        found = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if found is not None:
            style = ' style="break-before: page"' if sections else ""  # each page on a new sheet
            sections.append(f'<section id="{anchors[rel]}"{style}>{_rewrite(found[1], rel, anchors)}</section>')
    head = _HEAD.search(pages[0].read_text(encoding="utf-8"))
    links = [m[0] for m in re.finditer(r'<link rel="stylesheet"[^>]*>', head[1] if head else "")]
    document = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
                f"{''.join(links)}</head><body><div class=\"md-content\"><article class=\"md-content__inner "
                f"md-typeset\">{''.join(sections)}</article></div></body></html>")

    class _InsideSite(URLFetcher):  # type: ignore[misc]
        """Only files of this site: a page cannot make the PDF fetch from the network or the rest of the disk."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(root.as_uri() + "/"):
                raise ValueError(f"not a file of the site: {url}")
            return super().fetch(url, headers)

    html = weasyprint.HTML(string=document, base_url=(root / "index.html").as_uri(),
                           url_fetcher=_InsideSite(allowed_protocols={"file"}))
    pdf: bytes = html.write_pdf(metadata={"title": title})
    return pdf


def write_client_pdf(site: Path, client: str, *, title: str) -> Path:
    """Write the client's PDF into its site (so it is published, and access-controlled, with it)."""
    out = site / pdf_name(client)
    out.write_bytes(client_pdf(site, title=title))
    return out
