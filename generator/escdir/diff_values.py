"""How the diff shows model values to a reviewer and decides whether two of them are the same.

Shared by the per-vendor comparison (:mod:`escdir.diff_compare`) and the reporters
(:mod:`escdir.diff_report`).
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from typing import Any

from .coverage import Coverage
from .durations import Duration
from .model import Step, Target, Verified


def fmt(value: Any) -> str:
    """A model value as a reviewer reads it (phone numbers are already E.164 in the model)."""
    if value is None or value == () or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (Duration, date)):
        return str(value)
    if isinstance(value, Target):
        return value.duration.text + (" or as agreed" if value.or_as_agreed else "") + (
            f" ({value.note})" if value.note else "")
    if isinstance(value, Coverage):
        return value.describe()
    if isinstance(value, Verified):
        return f"{value.on} ({value.method}{', ' + value.by if value.by else ''})"
    if isinstance(value, Step):
        return f"{value.after} {value.axis}: {value.action}" + (f" [{value.whom}]" if value.whom else "")
    if isinstance(value, tuple):
        return "; ".join(" / ".join(map(fmt, x)) if isinstance(x, tuple) else fmt(x) for x in value)
    if is_dataclass(value) and not isinstance(value, type):
        return ", ".join(f"{f.name}={fmt(getattr(value, f.name))}" for f in fields(value)
                         if getattr(value, f.name) != _default(f))
    return str(value)


def _default(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    return f.default_factory() if f.default_factory is not MISSING else MISSING


def _key(v: Any) -> Any:
    """Value for equality: durations by meaning (1h == 60m), dataclasses field by field."""
    if isinstance(v, Duration):
        return ("duration", v.kind, v.low, v.high, v.business)
    if is_dataclass(v) and not isinstance(v, type):
        return (type(v).__name__, *(_key(getattr(v, f.name)) for f in fields(v)))
    if isinstance(v, tuple):
        return tuple(_key(x) for x in v)
    return v


def same(a: Any, b: Any) -> bool:
    """Equal by meaning: see :func:`_key`."""
    return _key(a) == _key(b)


def rank_direction(a: Duration | None, b: Duration | None) -> str:
    """weakened / strengthened / "" between two targets; a removed target is weakened."""
    if a is None or b is None:  # nothing was promised by best effort, so adding or removing it changes nothing
        if (a or b) is None or (a or b).is_best_effort:
            return ""
        return "weakened" if b is None else "strengthened"
    return "weakened" if b.rank() > a.rank() else "strengthened" if b.rank() < a.rank() else ""


def target_direction(a: Target | None, b: Target | None) -> str:
    """:func:`rank_direction` of two SLA targets; with equal durations, gaining "or as agreed" weakens."""
    d = rank_direction(a and a.duration, b and b.duration)
    if d or a is None or b is None or a.or_as_agreed == b.or_as_agreed:
        return d
    return "weakened" if b.or_as_agreed else "strengthened"
