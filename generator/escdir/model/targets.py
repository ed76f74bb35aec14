"""Targets as published: a value with its bound and qualifier, other published values, not offered, unknown."""

from __future__ import annotations

from dataclasses import dataclass

from escdir.model.durations import Duration


@dataclass(frozen=True)
class Alternative:
    """Another published value for the same target, with the source that states it."""

    duration: Duration
    source: str = ""
    note: str = ""


BOUND_WORDS = {"within": "within", "less_than": "<", "about": "about"}
QUALIFIER_WORDS = {"commitment": "", "target": "target", "reasonable_efforts": "reasonable efforts",
                   "best_effort": "best effort"}


@dataclass(frozen=True)
class Target:
    """A target as published: a value with its bound and qualifier, or explicitly not offered, or unknown."""

    duration: Duration | None
    or_as_agreed: bool = False
    note: str = ""
    bound: str = ""
    qualifier: str = ""
    percent: float | None = None
    not_offered: bool = False
    unknown: str = ""
    source: str = ""
    alternatives: tuple[Alternative, ...] = ()

    @property
    def for_due_time(self) -> Duration | None:
        """The duration a due time is computed from: the value, or the longest published alternative; None when
        not offered or unknown."""
        values = [d for d in (self.duration, *(a.duration for a in self.alternatives)) if d is not None]
        if not values or self.not_offered or self.unknown:
            return None
        return max(values, key=lambda d: (not d.is_best_effort, d.rank()))

    def human(self) -> str:
        if self.not_offered:
            return "not offered"
        if self.unknown or self.duration is None:
            return "not known" + (f" ({self.unknown})" if self.unknown else "")
        text = self.duration.human()
        if self.bound and self.bound != "within":
            text = f"{BOUND_WORDS[self.bound]} {text}"
        if self.qualifier and QUALIFIER_WORDS.get(self.qualifier):
            text += f" ({QUALIFIER_WORDS[self.qualifier]})"
        if self.percent is not None:
            text += f" in {self.percent:g}% of cases"
        if self.or_as_agreed:
            text += " or as agreed"
        if self.alternatives:
            text += "; also published: " + ", ".join(
                a.duration.human() + (f" ({a.source})" if a.source else "") for a in self.alternatives)
        return text
