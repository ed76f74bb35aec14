"""Query → index → fuzzy match → validation of the one matching file → model.

Only the matched file is validated, and its outcome is cached by content (:mod:`.checked`): the
bytes are read once, judged (from the cache, or by the full validator), and the model is built from
those same bytes — an edit made meanwhile cannot slip in unchecked.

Cross-file rules are reduced to the one that matters here — a duplicate id, which the site build
rejects — reported with the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..construct import build_vendor
from ..errors import Problem
from ..loader import MAX_BYTES, display_path, load_bytes, load_path
from ..model import Vendor
from .checked import cached_problems, store_problems
from .find import FindResult, find
from .index import build_index


@dataclass
class Lookup:
    """The outcome of looking a vendor up: the match, its validated model or its problems."""

    found: FindResult
    vendor: Vendor | None = None
    problems: list[Problem] = field(default_factory=list)
    same_id: list[str] = field(default_factory=list)
    unvalidated_phones: list[tuple[str, str]] = field(default_factory=list)
    file: str = ""

    @property
    def invalid(self) -> bool:
        """Matched a file that fails validation (its data is not trustworthy)."""
        return self.found.match is not None and self.vendor is None

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def validated_vendor(path: Path, *, today: date, use_cache: bool = True) -> tuple[Vendor | None, list[Problem], str]:
    """(model or None, problems, display name) of one file; the model only when it has no errors."""
    file = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem.make("ESC003", file, f"file is {size} bytes; the limit is {MAX_BYTES}")], file
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem.make("ESC001", file, exc.strerror or str(exc))], file
    problems = cached_problems(path, raw, file, today=today) if use_cache else None
    if problems is None:
        from ..validate import check_bytes  # the full validator (schema, checks) only on a cache miss

        outcome = check_bytes(raw, file, today=today, single=True)
        if use_cache:
            store_problems(path, raw, outcome.problems, today=today)
        return outcome.vendor, outcome.problems, file
    if any(p.is_error for p in problems):
        return None, problems, file
    doc, _problem = load_bytes(raw, file)
    try:
        if doc is not None:
            return build_vendor(doc.data, doc.file), problems, file
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    # The cache said "valid" but the bytes do not build: the cache entry is wrong. Never trust it.
    from ..validate import check_bytes

    outcome = check_bytes(raw, file, today=today, single=True)
    store_problems(path, raw, outcome.problems, today=today)
    return outcome.vendor, outcome.problems, file


def lookup(query: str, directory: Path, *, today: date, use_cache: bool = True) -> Lookup:
    """Find ``query`` in ``directory`` and validate the match; raises EscdirError for a missing directory."""
    entries = build_index(directory, use_cache=use_cache)
    found = find(query, entries)
    if found.match is None:
        return Lookup(found)
    entry = found.match.entry
    vendor, problems, file = validated_vendor(Path(entry.file), today=today, use_cache=use_cache)
    same_id = [e.file for e in entries if e.id == entry.id and e.file != entry.file]
    out = Lookup(found, vendor, problems, same_id, file=file)
    if vendor is None:
        out.unvalidated_phones = raw_phones(Path(entry.file))
    return out


def raw_phones(path: Path) -> list[tuple[str, str]]:
    """(label, number) of phone contacts as written in a file that fails validation — shown marked as such."""
    doc, _problem = load_path(path)
    contacts = doc.data.get("contacts") if doc else None
    out = []
    for c in contacts if isinstance(contacts, list) else ():
        if isinstance(c, dict) and c.get("kind") == "phone" and isinstance(c.get("value"), str):
            label = c.get("label") if isinstance(c.get("label"), str) else c.get("region", "")
            out.append((str(label or ""), c["value"]))
    return out
