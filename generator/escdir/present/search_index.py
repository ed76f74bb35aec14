"""escdir's own search index: sharded, so what a browser fetches for one query does not grow with the directory.

Material's search fetches one ``search_index.json`` on every page load and builds a lunr index from it in a
worker; with every vendor in it, both grew with N (1.5 MB fetched before the first result at 1000 vendors).
Vendor pages, the A–Z pages and the severity translator are therefore left out of Material's index (it keeps
the guides), and vendors are found by ``escdir-find.js`` — the home filter and the header search — through
this index, with the same rules as ``escdir show`` (:mod:`escdir.derive.outage.find`):

``search/escdir/manifest.json``
    ``{"v", "id", "n", "chunk", "buckets"}``: the record count, records per chunk, postings buckets, and a content
    id the browser appends to every fetch (a rebuilt site is never mixed with a cached old shard).
``search/escdir/r<k>.json``
    records ``k*chunk …`` in A–Z order: ``[name, href, terms, serials, hosts, line, line_href, why, hours, text]``
    (:meth:`escdir.derive.outage.find.Entry.record` plus where the page is and the line the home table shows).
``search/escdir/p<b>.json``
    postings: ``{key: [record numbers, delta-encoded]}`` for every key whose FNV-1a hash (of :func:`route`)
    falls in bucket ``b``.

Keys (compact = the matcher's compact form of a term):

- ``3xyz`` every 3-character sequence and ``2xy`` every 2-character sequence of a compact term — a vendor in
  tiers 0-3 holds every sequence of every (compact) query word, so the intersection is a superset of the
  direct matches; 2-character sequences also find typo candidates;
- ``^xyz`` / ``^xy``: the first 3 / 2 characters of a compact term (tiers 0 and 1 come from these few first);
- ``s<prefix>``: a serial prefix, compact (a full serial number looks up each of its own starts);
- ``h<labels>``: the last (up to 3) literal labels of a host-name pattern.

Everything in a record is text written with ``textContent`` by the browser, except ``href`` (a site-relative
page path) and ``line_href`` (``tel:``/``https:``/``mailto:`` only, checked here and again in the browser).
A client build hands in client-audience records only, so nothing internal can reach its index.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass

from escdir.derive.outage.find import Entry, compact, expand, norm
from escdir.model import Vendor

DIR = "search/escdir"
CHUNK = 32  # records per chunk file (~13 KB)
BUCKET_BYTES = 6000  # target size of one postings file
MAX_BUCKETS = 4096
SAFE_SCHEMES = ("tel:", "https:", "mailto:")


@dataclass(frozen=True)
class SearchRecord:
    """One vendor as the browser's matcher sees it, with the line the home table shows for it."""

    entry: Entry
    href: str  # the vendor page, relative to the site root
    line: str = ""
    line_href: str = ""
    why: str = ""
    hours: str = ""
    text: str = ""  # the one-line summary shown under a header-search result (cut to TEXT_LIMIT)

    def json(self) -> list[object]:
        r = self.entry.record()
        href = self.line_href if self.line_href.lower().startswith(SAFE_SCHEMES) else ""
        return [r["n"], self.href, r["t"], r["s"], r["h"], self.line, href, self.why, self.hours, snippet(self.text)]


TEXT_LIMIT = 160  # characters of summary kept as the result snippet


def snippet(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (what ``charCodeAt`` sees in the browser)."""
    data = key.encode("utf-16-le")
    h = 0x811C9DC5
    for k in range(0, len(data), 2):
        h ^= data[k] | (data[k + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def route(key: str) -> str:
    """What decides a key's bucket: serial keys by their first two characters, so every start of one full serial
    number (``snw``, ``snwn``, ``snwn7``, …) is in one bucket; any other key by itself."""
    return key[:3] if key.startswith("s") else key


def host_key(pattern: str) -> str:
    """``*.noc.meridian-fibre.example.org`` → ``hmeridian-fibre.example.org`` (its last literal labels)."""
    n = norm(pattern)
    tail = n.rsplit("*", 1)[-1]
    labels = [x for x in tail.split(".") if x]
    if "*" in n and not tail.startswith(".") and labels:
        labels = labels[1:]  # "*foo.example.com": the first label is only partly literal
    return "h" + ".".join(labels[-3:])


def record_keys(entry: Entry) -> set[str]:
    """Every postings key of one vendor (see the module docstring)."""
    compacts = [c for _kind, text in entry.terms() for t in expand(text) if (c := compact(t))]
    blob = "|".join(compacts)  # sequences across a "|" are dropped: they span two terms
    keys = {"3" + g for g in {blob[i:i + 3] for i in range(len(blob) - 2)} if "|" not in g}
    keys.update("2" + g for g in {blob[i:i + 2] for i in range(len(blob) - 1)} if "|" not in g)
    keys.update("^" + c[:3] for c in compacts)
    keys.update("^" + c[:2] for c in compacts)
    keys.update("s" + c for s in entry.serial_prefixes if len(c := compact(s)) >= 2)
    keys.update(host_key(h) for h in entry.hostnames)
    return keys


def index_files(records: list[SearchRecord]) -> dict[str, bytes]:
    """The index's files (site-relative path → bytes); records are put in A–Z order of their names."""
    ordered = sorted(records, key=lambda r: (norm(r.entry.name), r.entry.id))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(ordered):
        for key in record_keys(r.entry):
            postings[key].append(i)
    # About 3 bytes a posting (delta-encoded numbers are mostly short) and 10 a key: buckets of ~BUCKET_BYTES.
    size = 3 * sum(len(v) for v in postings.values()) + 10 * len(postings)
    buckets = max(1, min(MAX_BUCKETS, math.ceil(size / BUCKET_BYTES)))
    shards: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
    for k in sorted(postings):
        ids = postings[k]
        shards[fnv1a(route(k)) % buckets][k] = [ids[0], *(b - a for a, b in zip(ids, ids[1:], strict=False))]
    body = {f"p{b}.json": _dump(s) for b, s in enumerate(shards)}
    chunks = max(1, math.ceil(len(ordered) / CHUNK))
    body.update({f"r{k}.json": _dump([r.json() for r in ordered[k * CHUNK:(k + 1) * CHUNK]]) for k in range(chunks)})
    digest = hashlib.sha256()
    for name in sorted(body):
        digest.update(name.encode() + b"\0" + body[name])
    manifest = {"v": 1, "id": digest.hexdigest()[:12], "n": len(ordered), "chunk": CHUNK, "buckets": buckets}
    files = {f"{DIR}/{name}": data for name, data in body.items()}
    files[f"{DIR}/manifest.json"] = _dump(manifest)
    return files


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def vendor_entry(v: Vendor) -> Entry:
    """The matcher's entry of a (possibly audience-restricted) vendor model."""
    return Entry(id=v.id, name=v.name, file=v.file, aliases=v.aliases, products=v.products,
                 serial_prefixes=v.serial_prefixes, circuit_ids=v.circuit_ids, asns=v.asns, hostnames=v.hostnames,
                 contracts=tuple(c.number for c in v.contracts))
