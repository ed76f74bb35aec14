"""The one matcher: find a vendor by name, id, alias, product or join key, tolerating typos.

``escdir show`` (this module) and the browser (``site_src/javascripts/escdir-find.js``: the home filter and
the header search) implement the **same rules on the same records** — the records the site's search index is
written from come from :meth:`Entry.record`, and ``tests/test_search_agreement.py`` runs one table of queries
through both. Change one side and that test fails until the other side follows.

Normalisation (both sides): lower case, accents dropped (NFKD), outer blanks trimmed; a *compact* form also
drops blanks and ``- / . , : _ ( )``. A term ``AS64500`` is also the bare number ``64500``.

Every vendor gets a tier for the query (lower is better):

0. a term equals the query (or its compact form, from 3 characters: ``as 64500``, ``BS-Gate5000``), or a
   host name matches one of the vendor's host-name patterns (``x.fabric.example.com`` ~ ``*.example.com``);
1. a term starts with the query, or the query is a full serial number that starts with a serial prefix;
2. every query word starts a word of some term;
3. every query word occurs inside a term (partial circuit ids, contract numbers), or the compact query
   (from 4 characters) occurs inside a compact term;
5. only when no vendor is in tiers 0-3: every query word is within 1 edit (4-7 letters) or 2 edits (8 or
   more) of a word or of the start of a word (optimal string alignment: a swap of two letters is one edit).
   Within tier 5, fewer edits in total rank first.

The browser lists vendors by (tier, edits, A–Z). ``show`` takes the best (tier, edits): one vendor is the
match, several are ambiguous (it names them), none is "not found" with the nearest names as suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

SUGGEST = 50.0  # rapidfuzz WRatio of the "did you mean" list printed when nothing matches
TIERS = {0: "exact", 1: "starts with", 2: "word starts", 3: "contains", 5: "typo"}
_SEP = re.compile(r"[\s\-/.,:_()]+")
_WORD_SPLIT = re.compile(r"[\s\-/.,:_()]+")
_NON_WORD = re.compile(r"[\W_]+")
_AS = re.compile(r"^as\s*(\d+)$")


def norm(text: str) -> str:
    """``Northwind-Networks, Inc.`` → ``northwind-networks, inc.`` (lower case, accents dropped, trimmed)."""
    text = str(text)
    if text.isascii():
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not 0x300 <= ord(ch) <= 0x36F).strip()


def compact(text: str) -> str:
    """``NW-7200 core switch`` → ``nw7200coreswitch``."""
    return _SEP.sub("", norm(text))


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: ``Northwind-Networks, Inc.`` → ``northwind networks inc``."""
    return _NON_WORD.sub(" ", norm(text)).strip()


def allowed(word: str) -> int:
    """Edits tolerated in a query word of this length."""
    return 2 if len(word) >= 8 else 1 if len(word) >= 4 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b`` (a swap counts 1); ``limit + 1`` when above ``limit``."""
    from rapidfuzz.distance import OSA

    d = int(OSA.distance(a, b))
    return d if d <= limit else limit + 1


def glob_match(pattern: str, text: str) -> bool:
    """Does normalised ``text`` match host-name ``pattern``, each ``*`` standing for one or more characters?"""
    parts = norm(pattern).split("*")
    if len(parts) == 1:
        return text == parts[0]
    if not text.startswith(parts[0]):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        found = text.find(part, at + 1)
        if found < 0:
            return False
        at = found + len(part)
    last = parts[-1]
    return len(text) - len(last) >= at + 1 and text.endswith(last)


@dataclass(frozen=True)
class Entry:
    """What the matcher knows about one vendor: its names and join keys, and where its file is."""

    id: str
    name: str
    file: str = ""
    aliases: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    serial_prefixes: tuple[str, ...] = ()
    circuit_ids: tuple[str, ...] = ()
    asns: tuple[int, ...] = ()
    hostnames: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()

    def terms(self) -> list[tuple[str, str]]:
        """(kind, text) pairs to match against, in the order the browser's records list them."""
        return ([("name", self.name), ("id", self.id)] + [("alias", a) for a in self.aliases]
                + [("product", p) for p in self.products] + [("serial prefix", s) for s in self.serial_prefixes]
                + [("circuit id", c) for c in self.circuit_ids] + [("ASN", f"AS{a}") for a in self.asns]
                + [("host", h) for h in self.hostnames] + [("contract", c) for c in self.contracts])

    def record(self) -> dict[str, Any]:
        """The browser's record of this vendor (``escdir-find.js`` ``entry(name, terms, serials, hosts)``)."""
        return {"n": self.name, "t": [text for _kind, text in self.terms()[1:] if text],
                "s": list(self.serial_prefixes), "h": list(self.hostnames)}


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float  # 100 for an exact term, less for each tier and each edit (for display and ordering only)
    kind: str
    term: str
    tier: int = 0
    edits: int = 0

    def describe(self, *, with_file: bool = False) -> str:
        """``northwind-networks  Northwind Networks  (alias 'NWN', exact)``, plus the file if asked."""
        where = f"  [{self.entry.file}]" if with_file and self.entry.file else ""
        how = TIERS.get(self.tier, "score") if self.tier >= 0 else f"score {self.score:.0f}"
        if self.tier == 5:
            how = f"typo, {self.edits} edit{'s' if self.edits != 1 else ''}"
        return f"{self.entry.id}  {self.entry.name}  ({self.kind} {self.term!r}, {how}){where}"


@dataclass(frozen=True)
class FindResult:
    """``match`` when exactly one vendor fits; otherwise ``candidates`` (ambiguous) or ``suggestions``."""

    query: str
    match: Candidate | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[Candidate, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.match is None and len(self.candidates) > 1


class _Prepared:
    """One entry's terms normalised once (the browser's ``entry()``)."""

    __slots__ = ("compacts", "hosts", "joined", "kinds", "serials", "serials_shown", "terms", "words")

    def __init__(self, entry: Entry) -> None:
        kinds: list[tuple[str, str]] = []
        terms: list[str] = []
        for kind, text in entry.terms():
            for t in expand(text):
                if t:
                    kinds.append((kind, text))
                    terms.append(t)
        self.kinds = kinds
        self.terms = terms
        words: dict[str, None] = {}
        for t in terms:
            words.update((w, None) for w in _WORD_SPLIT.split(t) if w)
        self.words = list(words)
        self.joined = "|".join(terms)
        self.compacts = [compact(t) for t in terms]
        shown = [s for s in entry.serial_prefixes if len(compact(s)) >= 2]
        self.serials = [compact(s) for s in shown]
        self.serials_shown = shown
        self.hosts = entry.hostnames


def expand(text: str) -> list[str]:
    """A term as normalised, plus the bare number of an ``AS64500`` term."""
    t = norm(text)
    m = _AS.match(t)
    return [t, m.group(1)] if m else [t]


def _kind_for(p: _Prepared, test: Any) -> tuple[str, str]:
    for (kind, text), t in zip(p.kinds, p.terms, strict=True):
        if test(t):
            return kind, text
    return p.kinds[0] if p.kinds else ("name", "")


def score(p: _Prepared, query: str, *, typos: bool) -> tuple[int, int, str, str] | None:
    """(tier, edits, kind, term) of one prepared entry for ``query``, or None (see the module docstring)."""
    nq, cq = norm(query), compact(query)
    if not nq:
        return 0, 0, "name", ""
    qwords = [w for w in nq.split() if w]
    if nq in p.terms:
        return (0, 0, *p.kinds[p.terms.index(nq)])
    if len(cq) >= 3 and cq in p.compacts:
        return (0, 0, *p.kinds[p.compacts.index(cq)])
    if "." in nq[1:] and " " not in nq:
        for shown in p.hosts:
            if glob_match(shown, nq):
                return 0, 0, "host", shown
    for (kind, text), t in zip(p.kinds, p.terms, strict=True):
        if t.startswith(nq):
            return 1, 0, kind, text
    for s, shown in zip(p.serials, p.serials_shown, strict=True):
        if len(cq) > len(s) and cq.startswith(s):
            return 1, 0, "serial prefix", shown
    if all(any(x.startswith(w) for x in p.words) for w in qwords):
        return (2, 0, *_kind_for(p, lambda t: any(x.startswith(qwords[0]) for x in _WORD_SPLIT.split(t))))
    if all(w in p.joined for w in qwords):
        return (3, 0, *_kind_for(p, lambda t: qwords[0] in t))
    if len(cq) >= 4 and any(cq in c for c in p.compacts):
        return (3, 0, *_kind_for(p, lambda t: cq in compact(t)))
    if not typos:
        return None
    total = 0
    for w in qwords:
        limit = allowed(w)
        if not limit:
            if not any(x.startswith(w) for x in p.words):
                return None
            continue
        best = limit + 1
        for x in p.words:
            d = distance(w, x, limit)
            if len(x) > len(w):
                d = min(d, distance(w, x[:len(w)], limit))
            best = min(best, d)
            if best == 0:
                break
        if best > limit:
            return None
        total += best
    return (5, total, *_kind_for(p, lambda t: True))


def _could_match(entry: Entry, blob: str, query: str, *, typos: bool) -> bool:
    """A cheap necessary condition for :func:`score` (what the browser's index keys promise, see search_index.py):
    every piece of the compact query lies in the vendor's compact terms; a host-like query or a serial number
    may match a pattern or prefix instead; a typo keeps enough 2-letter sequences of each longer word."""
    nq, cq = norm(query), compact(query)
    if "." in nq[1:] and " " not in nq and any(glob_match(h, nq) for h in entry.hostnames):
        return True
    if len(cq) >= 3 and any(cq.startswith(compact(s)) for s in entry.serial_prefixes if len(compact(s)) >= 2):
        return True
    words = [compact(w) for w in nq.split()]
    if not typos:
        return all(p in blob for w in words for p in w.split("|") if p)
    for w in words:
        limit = allowed(w)
        grams = {w[i:i + 2] for i in range(len(w) - 1)}
        if limit and sum(g in blob for g in grams) < len(grams) - 3 * limit:
            return False
    return True


def rank(entries: list[Entry], query: str) -> list[Candidate]:
    """Every matching entry, best first: (tier, edits, input order) — the browser's order."""
    blobs = [compact("|".join(text for _kind, text in e.terms())) for e in entries]
    prepared: dict[int, _Prepared] = {}
    found: list[tuple[int, int, int, Candidate]] = []
    for typos in (False, True):
        for i, (e, blob) in enumerate(zip(entries, blobs, strict=True)):
            if not _could_match(e, blob, query, typos=typos):
                continue
            p = prepared.get(i) or prepared.setdefault(i, _Prepared(e))
            s = score(p, query, typos=typos)
            if s is not None:
                tier, edits, kind, term = s
                found.append((tier, edits, i, Candidate(e, 100.0 - 10 * tier - edits, kind, term, tier, edits)))
        if found:
            break
    return [c for *_k, c in sorted(found, key=lambda x: x[:3])]


def find(query: str, entries: list[Entry]) -> FindResult:
    """Match ``query`` against ``entries`` (see the module docstring for the rules)."""
    if not normalise(query) and not norm(query):
        return FindResult(query)
    ranked = rank(entries, query)
    if not ranked:
        return FindResult(query, suggestions=_suggestions(query, entries))
    best = (ranked[0].tier, ranked[0].edits)
    top = [c for c in ranked if (c.tier, c.edits) == best]
    if len(top) > 1 and best[0] == 0:  # the same id in two files: the one named <id>.yaml is the vendor
        owners = [c for c in top if PurePath(c.entry.file).stem == c.entry.id]
        if len(owners) == 1 and all(c.entry.id == owners[0].entry.id for c in top):
            return FindResult(query, match=owners[0])
    if len(top) == 1:
        return FindResult(query, match=top[0])
    return FindResult(query, candidates=tuple(sorted(top, key=lambda c: c.entry.id)[:10]))


def _suggestions(query: str, entries: list[Entry]) -> tuple[Candidate, ...]:
    """Nearest names when nothing matches (a list to choose from, never a match)."""
    from rapidfuzz import fuzz, process

    q = normalise(query)
    if not q:
        return ()
    flat = [(i, kind, text) for i, e in enumerate(entries) for kind, text in e.terms() if text]
    choices = [normalise(text) for _i, _k, text in flat]
    best: dict[int, Candidate] = {}
    for _choice, value, pos in process.extract(q, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=SUGGEST):
        i, kind, text = flat[pos]
        if i not in best or value > best[i].score:
            best[i] = Candidate(entries[i], float(value), kind, text, tier=-1)
    return tuple(sorted(best.values(), key=lambda c: (-c.score, c.entry.id))[:3])
