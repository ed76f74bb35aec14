"""The one problem store: each checked file's problems and cross-file summary, on disk, by content.

``escdir validate``, ``show``/``when``/``rma`` and the site build all read and write it (through
:class:`escdir.derive.project.Project`), so a file checked by one is known to the others. The key is the SHA-256 of the
file's bytes and its name (ESC201: the id must equal the file stem); the store's own file name holds the one
fingerprint (:func:`escdir.load.cache.fingerprint`: escdir's sources, the schemas, the judging libraries) and the date
(staleness rules depend on it). So a hit is the answer a full check would give now. Only problems are stored, never
a model: whoever needs the model builds it from the file's current bytes. JSON in the user's cache directory (a pull
request cannot plant one); a missing or malformed store is a miss, never an answer.

Kept free of the validator's imports, so ``escdir show`` answers from the store without loading the schema checker.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from escdir.errors import Problem
from escdir.load.cache import cache_dir, fingerprint, read_json, write_json


def _fingerprint(today: date) -> str:
    # The one fingerprint (escdir.load.cache), plus the date: staleness rules depend on it.
    return hashlib.sha256(f"{fingerprint()}|{today.isoformat()}".encode()).hexdigest()[:16]


class ProblemStore:
    """Outcomes by content key for one day; loaded on first use, written by :meth:`save`."""

    def __init__(self, today: date, *, enabled: bool = True) -> None:
        self.today = today
        self.enabled = enabled
        self.path = cache_dir() / f"validate-{_fingerprint(today)}.json"
        self._entries: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    @staticmethod
    def key(raw: bytes, name: str) -> str:
        """The content key: the file's bytes and its name (the name is part of the answer: ESC201)."""
        return hashlib.sha256(raw + b"\0" + name.encode("utf-8", "surrogateescape")).hexdigest()

    def _all(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            loaded = read_json(self.path) if self.enabled else None
            self._entries = loaded if isinstance(loaded, dict) else {}
        return self._entries

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry ({"problems": [...], "summary": ...}) or None when not known."""
        hit = self._all().get(key)
        return hit if isinstance(hit, dict) else None

    def problems(self, key: str, file: str) -> list[Problem] | None:
        """The stored problems of these bytes, shown as ``file``; None when not known (or malformed)."""
        hit = self.get(key)
        try:
            return None if hit is None else [Problem.from_json(p, file=file) for p in hit["problems"]]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, data: dict[str, Any]) -> None:
        if self._all().get(key) != data:
            self._all()[key] = data
            self._dirty = True

    def save(self) -> None:
        """Write what was added (best effort: a failure only costs speed next time)."""
        if self.enabled and self._dirty and self._entries is not None:
            write_json(self.path, self._entries)
            self._dirty = False
