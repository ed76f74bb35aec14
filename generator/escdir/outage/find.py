"""Find a vendor by id, name, alias or product, tolerating typos (rapidfuzz).

1. An exact match (case, spaces and punctuation ignored) on any term wins outright; the same
   exact term on two vendors is ambiguous.
2. Otherwise each vendor scores the best WRatio of its terms. Vendors within :data:`MARGIN`
   points of the best, and above :data:`CUTOFF`, are the candidates: one is a match, several are
   ambiguous, none is "not found" (with the nearest names as suggestions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from rapidfuzz import fuzz, process

CUTOFF = 75.0
MARGIN = 5.0
SUGGEST = 50.0
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Entry:
    """What the finder knows about one vendor file: its names, and where the file is."""

    id: str
    name: str
    file: str = ""
    aliases: tuple[str, ...] = ()
    products: tuple[str, ...] = ()

    def terms(self) -> list[tuple[str, str]]:
        """(kind, text) pairs to match against."""
        return ([("id", self.id), ("name", self.name)] + [("alias", a) for a in self.aliases]
                + [("product", p) for p in self.products])


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    kind: str
    term: str

    def describe(self, *, with_file: bool = False) -> str:
        """``northwind-networks  Northwind Networks  (alias 'NWN', score 100)``, plus the file if asked."""
        where = f"  [{self.entry.file}]" if with_file and self.entry.file else ""
        return f"{self.entry.id}  {self.entry.name}  ({self.kind} {self.term!r}, score {self.score:.0f}){where}"


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


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: ``Northwind-Networks, Inc.`` → ``northwind networks inc``."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def find(query: str, entries: list[Entry], *, cutoff: float = CUTOFF, margin: float = MARGIN) -> FindResult:
    """Match ``query`` against ``entries`` (see the module docstring for the rules)."""
    q = normalise(query)
    if not q:
        return FindResult(query)
    flat: list[tuple[int, str, str]] = []
    for i, entry in enumerate(entries):
        flat += [(i, kind, text) for kind, text in entry.terms() if text]
    choices = [normalise(text) for _i, _k, text in flat]
    exact: dict[int, Candidate] = {}
    for (i, kind, text), key in zip(flat, choices, strict=True):
        if i not in exact and key == q:
            exact[i] = Candidate(entries[i], 100.0, kind, text)
    if len(exact) > 1:  # the same id in two files: the one named <id>.yaml is the vendor (the other is a copy)
        owners = [c for c in exact.values() if c.kind == "id" and PurePath(c.entry.file).stem == c.entry.id]
        if len(owners) == 1 and all(c.entry.id == owners[0].entry.id for c in exact.values()):
            return FindResult(query, match=owners[0])
    if len(exact) == 1:
        return FindResult(query, match=next(iter(exact.values())))
    if exact:
        return FindResult(query, candidates=tuple(sorted(exact.values(), key=lambda c: c.entry.id)))

    best: dict[int, Candidate] = {}
    for _choice, score, pos in process.extract(q, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=SUGGEST):
        i, kind, text = flat[pos]
        if i not in best or score > best[i].score:
            best[i] = Candidate(entries[i], float(score), kind, text)
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.entry.id))
    if not ranked or ranked[0].score < cutoff:
        return FindResult(query, suggestions=tuple(ranked[:3]))
    top = [c for c in ranked if c.score >= max(cutoff, ranked[0].score - margin)]
    if len(top) == 1:
        return FindResult(query, match=top[0])
    return FindResult(query, candidates=tuple(top[:10]))
