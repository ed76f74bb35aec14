"""Staleness report: entries past their review interval, or that cannot be reviewed at all.

Review due = ``last_verified`` + ``review_every`` (:func:`escdir.model.durations.add_interval`). An
entry without ``review_every`` can never go stale and one without ``sources`` cannot be
re-checked, so both are listed too. Oldest ``last_verified`` first: that is the order to work in.
Its text and JSON forms are in :mod:`escdir.present.reporting.stale`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from escdir.check.validate import check_file, combine, discover
from escdir.errors import Problem

REASONS = {
    "overdue": "review overdue",
    "no-review-interval": "no review_every",
    "no-sources": "no sources",
}


@dataclass(frozen=True)
class StaleEntry:
    vendor: str
    name: str
    file: str
    line: int
    last_verified: date
    review_every: str
    due: date | None
    reasons: tuple[str, ...]

    def days_overdue(self, today: date) -> int | None:
        return (today - self.due).days if self.due and today > self.due else None


@dataclass
class StaleReport:
    today: date
    entries: list[StaleEntry]
    problems: list[Problem]
    checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def stale_report(paths: Iterable[Path], *, today: date, root: Path | None = None) -> StaleReport:
    """Validate ``paths`` and list the entries that need a review on ``today``.

    Files with errors are not judged (their dates cannot be trusted); they come back in ``problems``.
    Raises :class:`escdir.errors.EscdirError` for a path that does not exist.
    """
    outcomes = [check_file(f, today=today, root=root) for f in discover(paths)]
    result = combine(outcomes)
    docs = {o.file: o.doc for o in outcomes if o.doc is not None}
    entries = []
    for v in result.vendors:
        due = v.review_due()
        reasons = tuple(r for r, hit in (("overdue", due is not None and today > due),
                                         ("no-review-interval", not v.review_every),
                                         ("no-sources", not v.sources)) if hit)
        if reasons:
            doc = docs.get(v.file)
            line = doc.marks.at(("last_verified",))[0] if doc else 0
            entries.append(StaleEntry(v.id, v.name, v.file, line, v.last_verified, v.review_every, due, reasons))
    entries.sort(key=lambda e: (e.last_verified, e.vendor))
    return StaleReport(today, entries, result.errors, result.files)
