"""Per-vendor comparison for :mod:`escdir.derive.diff`: the changes between two models of one vendor and
the risk flags they raise (hotlines, visibility, weakened SLAs, removed steps, unverified contacts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from escdir.derive.diff.values import fmt, rank_direction, same, target_direction
from escdir.load.loader import Document
from escdir.model import Rma, SlaCell, Step, Vendor
from escdir.model.durations import Duration


@dataclass
class FileDiff:
    """What changed in one file (a vendor, msp.yaml or one client): ``status`` is added, removed, changed or
    not-compared (then ``reason`` says why)."""

    id: str
    name: str
    status: str
    file: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""

@dataclass(frozen=True)
class FieldChange:
    """One field of one item: model values before and after (None when absent)."""

    name: str
    old: Any
    new: Any
    direction: str = ""  # "weakened" / "strengthened" for targets, "later" / "earlier" for ladder steps


@dataclass(frozen=True)
class Change:
    section: str  # contacts, people, contracts, sla, ladders, rma, visibility, sources, severities, ...
    action: str  # added, removed, changed, renamed, retimed
    subject: str
    fields: tuple[FieldChange, ...] = ()
    line: int = 0  # in the HEAD file when known


@dataclass(frozen=True)
class Flag:
    level: str
    rule: str
    vendor: str
    message: str
    file: str = ""
    line: int = 0


HOTLINE_KINDS = ("phone", "outage_alias")
_DIALLING = ("kind", "value", "coverage", "severities", "plans", "msp_only")  # what a caller relies on
_OWN_SECTIONS = ("file", "audience", "contacts", "people", "contracts", "slas", "escalation", "rma", "sources",
                 "severities", "plans", "tiers")


def hotlines(v: Vendor) -> list[Any]:
    """The contacts an engineer dials or mails in an outage: phone lines and outage aliases."""
    return [c for c in v.contacts if c.kind in HOTLINE_KINDS]


Directions = dict[str, Callable[[Any, Any], str]]


def _diff_fields(a: Any, b: Any, skip: Sequence[str] = (), directions: Directions | None = None,
                 get: Callable[[Any, str], Any] = getattr) -> list[FieldChange]:
    out = []
    for f in fields(a):
        old, new = get(a, f.name), get(b, f.name)
        if f.name not in skip and not same(old, new):
            out.append(FieldChange(f.name, old, new, (directions or {}).get(f.name, lambda x, y: "")(old, new)))
    return out


def _pair(old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, Any, int | None]]:
    """(old, new, HEAD index) matched by key: HEAD order first, then what was removed."""
    pool: dict[Any, list[Any]] = {}
    for o in old:
        pool.setdefault(key(o), []).append(o)
    out = [((pool.get(key(n)) or [None]).pop(0), n, j) for j, n in enumerate(new)]
    used = {id(o) for o, _, _ in out}
    return out + [(o, None, None) for o in old if id(o) not in used]


def _match_steps(old: Sequence[Step], new: Sequence[Step]) -> list[tuple[str, Step | None, Step | None, int | None]]:
    """Pair ladder steps: identical first, then same action (retimed), then same time (reworded)."""
    left, pairs = list(old), {}
    for rule in (same, lambda a, b: a.action == b.action, lambda a, b: same(a.after, b.after)):
        for j, s in enumerate(new):
            if j not in pairs and (o := next((o for o in left if rule(o, s)), None)) is not None:
                pairs[j] = o
                left.remove(o)
    out: list[tuple[str, Step | None, Step | None, int | None]] = []
    for j, s in enumerate(new):
        o = pairs.get(j)
        if o is None or not same(o, s):
            out.append(("added" if o is None else "changed" if same(o.after, s.after) else "retimed", o, s, j))
    return out + [("removed", o, None, None) for o in left]


class _VendorComparison:
    def __init__(self, old: Vendor, new: Vendor, doc: Document | None) -> None:
        self.old, self.new, self.doc = old, new, doc
        self.changes: list[Change] = []
        self.flags: list[Flag] = []

    def line(self, path: tuple[Any, ...]) -> int:
        return self.doc.marks.at(path)[0] if self.doc else 0

    def change(self, section: str, action: str, subject: str, fcs: Sequence[FieldChange] = (),
               path: tuple[Any, ...] = ()) -> None:
        self.changes.append(Change(section, action, subject, tuple(fcs), self.line(path)))

    def flag(self, level: str, rule: str, message: str, path: tuple[Any, ...] = ()) -> None:
        self.flags.append(Flag(level, rule, self.new.id, message, self.new.file, self.line(path)))

    def keyed(self, section: str, label: str, old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any],
              where: tuple[Any, ...], directions: Directions | None = None) -> list[tuple[Any, Any, list[FieldChange], tuple[Any, ...]]]:
        """Added / removed / changed items of one list, matched by ``key``; returns what differed."""
        out = []
        for o, n, j in _pair(old, new, key):
            path = where + ((j,) if j is not None else ())
            subject = f"{label} {key(n if n is not None else o)}"
            fcs = [] if o is None or n is None else _diff_fields(o, n, ("visibility",), directions)
            if o is not None and n is not None and "visibility" in {f.name for f in fields(o)}:
                self.visibility(subject, o.visibility, n.visibility, path + ("visibility",))
            if o is None or n is None or fcs:
                self.change(section, "added" if o is None else "removed" if n is None else "changed", subject, fcs, path)
                out.append((o, n, fcs, path))
        return out

    def visibility(self, subject: str, old: str, new: str, path: tuple[Any, ...]) -> None:
        if old != new:
            self.change("visibility", "changed", subject, [FieldChange("visibility", old, new)], path)
            if old == "internal":
                self.flag("high", "visibility", f"{subject} moved from internal to {new} visibility", path)

    def stronger(self, subject: str, faster: list[FieldChange], path: tuple[Any, ...]) -> None:
        """A faster target is a common typo, and it lets client promises pass the alignment check."""
        self.flag("medium", "sla-strengthened", f"{subject}: stronger promise ("
                  + "; ".join(f"{f.name} {fmt(f.old)} → {fmt(f.new)}" for f in faster)
                  + "): confirm against the source", path)

    def contacts(self) -> None:
        pairs = _pair(self.old.contacts, self.new.contacts, lambda c: c.id)
        for a in [p for p in pairs if p[0] is None]:  # same kind and value under a new id: a rename
            r = next((r for r in pairs if r[1] is None and (r[0].kind, r[0].value) == (a[1].kind, a[1].value)), None)
            if r is not None:
                pairs.remove(r)
                pairs[pairs.index(a)] = (r[0], a[1], a[2])
        unverified = False
        for o, n, j in pairs:
            c = n or o
            path = ("contacts", j) if j is not None else ("contacts",)
            subject = f"contact {c.id} ({c.kind})"
            if o is None or n is None:
                self.change("contacts", "added" if o is None else "removed", subject,
                            [FieldChange("value", o and o.value, n and n.value)], path)
                unverified |= not self._fresh(o, n)
                if n is None and o.kind in HOTLINE_KINDS:
                    self.flag("high", "hotline", f"{subject} {o.value} removed", path)
                continue
            self.visibility(subject, o.visibility, n.visibility, path + ("visibility",))
            fcs = _diff_fields(o, n, ("visibility", "has_coverage"),
                               get=lambda x, k: (x.coverage if x.has_coverage else None) if k == "coverage" else getattr(x, k))
            if not fcs:
                continue
            self.change("contacts", "renamed" if [f.name for f in fcs] == ["id"] else "changed", subject, fcs, path)
            unverified |= not self._fresh(o, n)
            dialled = [f for f in fcs if f.name in _DIALLING]
            if o.kind in HOTLINE_KINDS and dialled:
                what = "; ".join(f"{f.name} {fmt(f.old)} → {fmt(f.new)}" for f in dialled)
                self.flag("high", "hotline", f"{subject} changed: {what}", path + (dialled[0].name,))
        if unverified and not self.new.last_verified > self.old.last_verified:
            self.flag("low", "unverified", f"contacts changed but last_verified is still {self.new.last_verified}: "
                      "bump it (or the contact's verified.on) once the new details are checked", ("last_verified",))

    def _fresh(self, o: Any, n: Any) -> bool:
        """A new or changed contact whose own verified.on is newer than anything before it."""
        if n is None or n.verified is None or n.verified.on <= self.old.last_verified:
            return False
        return o is None or o.verified is None or n.verified.on > o.verified.on

    def slas(self) -> None:
        old, new = self.old.slas, self.new.slas
        for o, n, j in _pair(old.matrix, new.matrix, lambda c: (c.plan, c.severity)):
            path = ("slas", "matrix") + ((j,) if j is not None else ())
            fcs = [FieldChange(m, a, b, target_direction(a, b) if m != "note" else "")
                   for m in (*SlaCell.MEASURES, "note")
                   for a, b in [(getattr(o, m) if o else None, getattr(n, m) if n else None)] if not same(a, b)]
            subject = f"{(n or o).plan} × {(n or o).severity}"
            if fcs or o is None or n is None:
                self.change("sla", "added" if o is None else "removed" if n is None else "changed", subject, fcs, path)
            if weak := [f for f in fcs if f.direction == "weakened"]:
                self.flag("medium", "sla-weakened", f"SLA {subject} weakened: "
                          + "; ".join(f"{f.name} {fmt(f.old)} → {fmt(f.new)}" for f in weak), path + (weak[0].name,))
            if strong := [f for f in fcs if f.direction == "strengthened" and f.old is not None]:
                self.stronger(f"SLA {subject}", strong, path + (strong[0].name,))
        if not same(old.uptime, new.uptime):
            a, b = (u.target_percent if u else None for u in (old.uptime, new.uptime))
            d = "weakened" if a is not None and (b is None or b < a) else "strengthened" if b != a else ""
            self.change("sla", "changed", "uptime", [FieldChange("uptime", old.uptime, new.uptime, d)], ("slas", "uptime"))
            if d == "weakened":
                self.flag("medium", "sla-weakened", f"uptime target {fmt(a)} → {fmt(b)} %", ("slas", "uptime"))
            elif d == "strengthened" and a is not None:
                self.stronger("uptime target", [FieldChange("target_percent", a, b, d)], ("slas", "uptime"))
        if fcs := _diff_fields(old, new, ("matrix", "uptime")):
            self.change("sla", "changed", "SLA clock", fcs, ("slas", "clock"))

    def ladders(self) -> None:
        for o, n, j in _pair(self.old.escalation.ladders, self.new.escalation.ladders, lambda x: (x.severity, x.plan, x.starts_on)):
            lad = n or o
            name = f"ladder {lad.severity_label}" + (f" ({lad.plan})" if lad.plan else "") + (
                "" if lad.from_opening else f" from {lad.event_text.lower()}")
            where = ("escalation", "ladders") + ((j,) if j is not None else ())
            if o is not None and n is not None:
                self.visibility(name, o.visibility, n.visibility, where + ("visibility",))
            if o is None or n is None:
                self.change("ladders", "added" if o is None else "removed", name,
                            [FieldChange("steps", o and o.steps, n and n.steps)], where)
                if n is None:
                    self.flag("medium", "step-removed", f"{name} removed ({len(o.steps)} steps)", where)
                continue
            for action, a, b, k in _match_steps(o.steps, n.steps):
                path = where + ("steps",) + ((k,) if k is not None else ())
                step = b or a
                assert step is not None  # _match_steps pairs at least one side
                subject = f"{name}, step \u201c{_clip(step.action)}\u201d"
                directions: Directions = {"after": lambda x, y: "later" if y.rank() > x.rank() else "earlier"}
                fcs = _diff_fields(a, b, directions=directions) if a and b else [
                    FieldChange("after", a and a.after, b and b.after)]
                self.change("ladders", action, subject, fcs, path)
                if action == "removed" and a is not None:
                    self.flag("medium", "step-removed", f"{name}: step at {a.after} \u201c{_clip(a.action)}\u201d removed",
                              path)

    def rma(self) -> None:
        old, new = self.old.rma or Rma(), self.new.rma or Rma()
        for o, n, fcs, path in self.keyed("rma", "RMA level", old.levels, new.levels, lambda x: x.id,
                                          ("rma", "levels"), {"target": rank_direction}):
            for f in fcs:
                if f.direction == "weakened":
                    self.flag("medium", "sla-weakened", f"RMA level {n.id} target {f.old} → {f.new}", path + ("target",))
                elif f.direction == "strengthened" and f.old is not None:
                    self.stronger(f"RMA level {n.id}", [f], path + ("target",))
        if fcs := _diff_fields(old, new, ("levels", "visibility"), {"advance_replacement": lambda a, b: "weakened" if a else "strengthened"}):
            self.change("rma", "changed", "RMA terms", fcs, ("rma",))

    def contracts(self) -> None:
        def target(v: Vendor, level: str | None) -> Duration | None:
            return next((lv.target for lv in (v.rma or Rma()).levels if lv.id == level), None)

        rma_dir = {"rma_level": lambda a, b: rank_direction(target(self.old, a), target(self.new, b)) if a and b else ""}
        for o, n, fcs, path in self.keyed("contracts", "contract", self.old.contracts, self.new.contracts,
                                          lambda x: x.number, ("contracts",), rma_dir):
            if weak := [f for f in fcs if f.direction == "weakened"]:
                self.flag("medium", "sla-weakened", f"contract {n.number} RMA level {weak[0].old} → {weak[0].new}",
                          path + ("rma_level",))

    def run(self) -> tuple[list[Change], list[Flag]]:
        self.contacts()
        self.keyed("people", "person", self.old.people, self.new.people, lambda x: x.id, ("people",))
        self.contracts()
        self.slas()
        self.ladders()
        old, new = _visibilities(self.old), _visibilities(self.new)
        for label, key in (("escalation", "escalation"), ("RMA terms", "rma"), ("case template", "case_template")):
            self.visibility(label, old[key], new[key], (key, "visibility"))
        if fcs := _diff_fields(self.old.escalation, self.new.escalation, ("ladders", "levels", "visibility")):
            self.change("escalation", "changed", "escalation", fcs, ("escalation",))
        self.keyed("escalation", "escalation level", self.old.escalation.levels, self.new.escalation.levels,
                   lambda x: x.level, ("escalation", "levels"))
        self.rma()
        for o, n, _, path in self.keyed("sources", "source", self.old.sources, self.new.sources, lambda x: x.url,
                                        ("sources",)):
            if n is None:
                self.flag("low", "source-removed", f"source {o.url} removed", path)
        self.keyed("severities", "severity", self.old.severities, self.new.severities, lambda x: x.id, ("severities",))
        self.keyed("plans", "plan", self.old.plans, self.new.plans, lambda x: x.id, ("plans",))
        self.keyed("tiers", "tier", self.old.tiers, self.new.tiers, lambda x: x.level, ("tiers",))
        if fcs := _diff_fields(self.old, self.new, _OWN_SECTIONS):
            self.change("vendor", "changed", "entry", fcs, (fcs[0].name,))
        return self.changes, self.flags


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def compare_vendor(old: Vendor, new: Vendor, doc: Document | None = None) -> tuple[list[Change], list[Flag]]:
    """Changes and risk flags between two versions of one vendor; ``doc`` (HEAD) gives line numbers."""
    return _VendorComparison(old, new, doc).run()


def _visibilities(v: Vendor) -> dict[str, str]:
    """Who may read each audience-filtered section (a vendor without RMA terms has the default's)."""
    return {"escalation": v.escalation.visibility, "rma": (v.rma or Rma()).visibility,
            "case_template": v.case_template.visibility}
