"""What every per-file rule of :mod:`escdir.check.rules` works on: :class:`Ctx` (the document with its
source marks, today, the problems found so far) and :func:`list_items` to walk its lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from escdir.errors import Problem
from escdir.load.loader import Document, jsonpath


@dataclass
class Ctx:
    doc: Document
    stem: str
    today: date
    problems: list[Problem] = field(default_factory=list)
    phones: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # E.164 -> path, for cross-file checks

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    def add(self, code: str, path: tuple[Any, ...], message: str, *, key: bool = False, hint: str | None = None) -> None:
        line, col = self.doc.marks.at(path, key=key)
        self.problems.append(Problem.make(code, self.doc.file, message, line=line, col=col,
                                          path=jsonpath(path), hint=hint))


def list_items(data: dict[str, Any], key: str) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """(path, item) for each item of the list ``data[key]``; nothing when it is absent or empty."""
    for i, item in enumerate(data.get(key) or ()):
        yield (key, i), item
