"""A lean search index for generated vendor pages: what people search for, not every table cell.

Material's search plugin indexes every heading and table cell of a page (≈16 KB per vendor page), and its
worker rebuilds the whole index on every full page load, so search got slower with every vendor. Vendor
pages are therefore excluded from Material's own indexing and get one entry each, built from the model:

- ``title``: the vendor's name (title, tags and text HTML-escaped, as Material renders them as HTML);
- ``tags``: aliases, products and join keys (serial prefixes, circuit ids, ASNs, host names, contract ids) —
  Material boosts tags far above text, which is what puts an exact alias first;
- ``text``: the one-line summary, cut short (it is the snippet shown under the result);
- ``keys`` (ignored by Material, read by ``escdir-find.js``): serial prefixes and host-name patterns, so a
  full serial number finds its prefix and a full host name its pattern.

The entries are appended to ``search/search_index.json`` after Material has written it, so Material's own
JavaScript reads them unchanged. A client build hands in client-audience pages only, so nothing internal can
reach its index.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import escape

from .pages import Page

TEXT_LIMIT = 160  # characters of summary kept as the result snippet


def _snippet(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def lean_entry(page: Page, location: str) -> dict[str, object]:
    """The one search-index entry of a generated vendor page at ``location`` (its URL from the site root)."""
    # Material renders title, text and tags of a result as HTML: escape them (vendor files are untrusted).
    # ``keys`` is only read by escdir-find.js, which writes text nodes, so it stays plain.
    entry: dict[str, object] = {"location": location, "title": str(escape(page.title)),
                                "text": str(escape(_snippet(page.search_text)))}
    if page.tags:
        entry["tags"] = [str(escape(t)) for t in page.tags]
    keys = {k: list(v) for k, v in page.search_keys if v}
    if keys:
        entry["keys"] = keys
    return entry


def append_entries(site_dir: Path, entries: list[dict[str, object]]) -> bool:
    """Add ``entries`` to the search index Material wrote into ``site_dir``; False when there is none."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = data.setdefault("docs", [])
    mine = {e["location"] for e in entries}
    # Dirty rebuilds keep Material's previous index in memory: never list a vendor page twice.
    data["docs"] = [d for d in docs if d.get("location") not in mine] + entries
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
