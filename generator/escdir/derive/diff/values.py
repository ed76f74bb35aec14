"""How the diff shows model values to a reviewer and decides whether two of them are the same.

Shared by the per-vendor comparison (:mod:`escdir.derive.diff.compare`) and the reporters
(:mod:`escdir.present.reporting.diff`).
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from typing import Any

from escdir.model import Step, Target, Verified
from escdir.model.coverage import Coverage
from escdir.model.durations import Duration


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
        plain = value.duration is not None and not (value.bound or value.qualifier or value.percent is not None
                                                    or value.alternatives)
        text = value.duration.text if plain and value.duration else value.human()
        if plain and value.or_as_agreed:
            text += " or as agreed"
        return text + (f" ({value.note})" if value.note else "")
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
    return bool(_key(a) == _key(b))


def rank_direction(a: Duration | None, b: Duration | None) -> str:
    """weakened / strengthened / "" between two targets; a removed target is weakened."""
    if a is None or b is None:  # nothing was promised by best effort, so adding or removing it changes nothing
        present = a or b
        if present is None or present.is_best_effort:
            return ""
        return "weakened" if b is None else "strengthened"
    return "weakened" if b.rank() > a.rank() else "strengthened" if b.rank() < a.rank() else ""


_FIRMNESS = {"commitment": 0, "": 0, "target": 1, "reasonable_efforts": 2, "best_effort": 3}


def target_direction(a: Target | None, b: Target | None) -> str:
    """:func:`rank_direction` of two SLA targets (the duration due times use); with equal durations, becoming
    not offered / unknown, gaining "or as agreed" or a softer qualifier weakens."""
    d = rank_direction(a.for_due_time if a else None, b.for_due_time if b else None)
    if d or a is None or b is None:
        return d
    if (a.for_due_time is not None) != (b.for_due_time is not None):  # a promise became (or stopped being) unknown
        return "weakened" if b.for_due_time is None else "strengthened"
    softer = (_FIRMNESS.get(b.qualifier, 0) - _FIRMNESS.get(a.qualifier, 0)) or (b.or_as_agreed - a.or_as_agreed)
    return "weakened" if softer > 0 else "strengthened" if softer < 0 else ""
