"""Semantic diff of two versions of the vendors directory, with risk flags for reviewers.

Both sides go through the normal pipeline (load → schema → checks → model) and the *models*
are compared, so reformatting, key order and comments never show up as changes. A side is
a git revision (read with ``git ls-tree`` / ``git cat-file`` into memory, never checked out),
a directory, or the working tree. Reporters (Markdown, JSON, GitHub annotations) are in
:mod:`escdir.diff_report`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .coverage import Coverage
from .durations import Duration
from .errors import EscdirError, Problem
from .loader import MAX_BYTES, Document, display_path, load_bytes, load_path
from .model import Rma, SlaCell, Step, Target, Vendor, Verified
from .validate import SUFFIXES, FileOutcome, Result, check_document, combine, discover

#: Flag levels, weakest first; ``--fail-on`` compares positions in this tuple.
LEVELS = ("low", "medium", "high")

#: Flag rules and what they mean (the reporters and docs list these).
RULES = {
    "hotline": "a phone line or outage alias changed or removed",
    "visibility": "an item moved from internal to client or public visibility",
    "sla-weakened": "an SLA or RMA target weakened or removed",
    "step-removed": "an escalation ladder step or ladder removed",
    "unverified": "contacts changed without bumping last_verified",
    "source-removed": "a source URL removed",
    "invalid": "a file fails validation, so it was not compared",
    "todo": "TODO placeholder text (from `escdir new`) left in an entry",
}


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


@dataclass
class VendorDiff:
    id: str
    name: str
    status: str  # added, removed, changed, not-compared
    file: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


@dataclass
class Side:
    """One side of the comparison: what was loaded and what validation said about it."""

    label: str
    result: Result
    docs: dict[str, Document]  # by file stem (= vendor id)
    files: dict[str, str]  # stem -> file as displayed

    @property
    def errors(self) -> list[Problem]:
        return self.result.errors

    @property
    def failed(self) -> set[str]:
        bad = {p.file for p in self.result.errors}
        return {stem for stem, file in self.files.items() if file in bad}


@dataclass
class DiffResult:
    base: Side
    head: Side
    vendors: list[VendorDiff]
    flags: list[Flag]
    compared: int = 0

    @property
    def semantic_change(self) -> bool:
        return any(v.status != "not-compared" for v in self.vendors)

    @property
    def invalid(self) -> bool:
        return bool(self.base.errors or self.head.errors)

    def flags_at_or_above(self, level: str) -> list[Flag]:
        floor = LEVELS.index(level)
        return [f for f in self.flags if LEVELS.index(f.level) >= floor]


# ---- loading a side ----------------------------------------------------------------------------

def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EscdirError(f"cannot run git: {exc}") from None


def repo_root(start: Path) -> Path | None:
    """Top of the git work tree containing ``start``, or None outside one (or without git)."""
    try:
        proc = _git(start, "rev-parse", "--show-toplevel")
    except EscdirError:
        return None
    return Path(os.fsdecode(proc.stdout.strip())) if proc.returncode == 0 else None


def _git_documents(rev: str, root: Path, vendors_dir: str) -> list[tuple[str, bytes]]:
    if rev.startswith("-") or _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode:
        raise EscdirError(f"{rev!r} is neither a directory nor a git revision in {root}")
    listing = _git(root, "ls-tree", "-z", "--full-tree", rev, "--", Path(vendors_dir).as_posix() + "/")
    if listing.returncode:
        raise EscdirError(f"git ls-tree {rev}: {os.fsdecode(listing.stderr).strip()}")
    out = []
    for entry in filter(None, listing.stdout.split(b"\0")):
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        path = os.fsdecode(name)
        if kind != b"blob" or mode == b"120000" or Path(path).suffix not in SUFFIXES:
            continue  # sub-trees, submodules and symlinks are not vendor files
        blob = _git(root, "cat-file", "blob", os.fsdecode(sha))
        if blob.returncode:
            raise EscdirError(f"git cat-file {rev}:{path}: {os.fsdecode(blob.stderr).strip()}")
        out.append((path, blob.stdout))
    return sorted(out)


def _outcome(doc: Document | None, problem: Problem | None, file: str, today: date) -> FileOutcome:
    if problem or doc is None:
        return FileOutcome(file, [problem] if problem else [])
    return check_document(doc, today=today)


def load_side(spec: str | None, *, root: Path, vendors_dir: str = "vendors", today: date) -> Side:
    """Load and validate one side: None = working tree, a directory, or a git revision."""
    loaded: list[tuple[str, Document | None, Problem | None]] = []
    if spec is None or Path(spec).is_dir():
        directory = root / vendors_dir if spec is None else Path(spec)
        if spec is not None and (directory / vendors_dir).is_dir():
            directory = directory / vendors_dir  # a checkout's root was given
        for path in discover([directory]):
            file = display_path(path, root)
            loaded.append((file, *load_path(path, file=file)))
    else:
        for file, raw in _git_documents(spec, root, vendors_dir):
            if len(raw) > MAX_BYTES:
                loaded.append((file, None, Problem.make("ESC003", file, f"file is {len(raw)} bytes; "
                                                        f"the limit is {MAX_BYTES}")))
            else:
                loaded.append((file, *load_bytes(raw, file)))
    result = combine([_outcome(doc, problem, file, today) for file, doc, problem in loaded])
    return Side(
        label="working tree" if spec is None else spec,
        result=result,
        docs={Path(file).stem: doc for file, doc, _ in reversed(loaded) if doc is not None},
        files={Path(file).stem: file for file, _, _ in reversed(loaded)},
    )


# ---- comparing ---------------------------------------------------------------------------------

def compare_sides(base: Side, head: Side) -> DiffResult:
    """Per-vendor changes and risk flags between two loaded sides."""
    old = {v.id: v for v in base.result.vendors}
    new = {v.id: v for v in head.result.vendors}
    vendors: list[VendorDiff] = []
    flags: list[Flag] = []
    compared = 0
    for stem in sorted(set(base.files) | set(head.files)):
        in_base, in_head = stem in base.files, stem in head.files
        bad_base = in_base and (stem in base.failed or stem not in old)
        bad_head = in_head and (stem in head.failed or stem not in new)
        file = head.files.get(stem) or base.files[stem]
        if bad_base or bad_head:
            where = " and ".join(s for s, bad in ((f"BASE ({base.label})", bad_base),
                                                  (f"HEAD ({head.label})", bad_head)) if bad)
            reason = f"fails validation on {where}; not compared"
            name = getattr(new.get(stem) or old.get(stem), "name", stem)
            vendors.append(VendorDiff(stem, name, "not-compared", file, reason=reason))
            if bad_head:  # point at the first error, where the author has to look
                line = next((p.line for p in head.errors if p.file == head.files[stem]), 0)
                flags.append(Flag("high", "invalid", stem, reason, head.files[stem], line))
            else:
                flags.append(Flag("low", "invalid", stem, f"{base.files[stem]} {reason}"))
        elif not in_base:
            vendors.append(_added(new[stem]))
            flags += _todo_flags(stem, base.docs.get(stem), head.docs.get(stem))
        elif not in_head:
            vendors.append(VendorDiff(stem, old[stem].name, "removed", file))
            lines = hotlines(old[stem])
            if lines:
                flags.append(Flag("high", "hotline", stem, f"vendor {stem} removed together with its "
                                  f"{len(lines)} phone line(s) / outage alias(es)"))
        else:
            compared += 1
            changes, vendor_flags = compare_vendor(old[stem], new[stem], head.docs.get(stem))
            flags += vendor_flags
            if changes:
                flags += _todo_flags(stem, base.docs.get(stem), head.docs.get(stem))
                vendors.append(VendorDiff(stem, new[stem].name, "changed", file, changes))
    flags.sort(key=lambda f: (-LEVELS.index(f.level), f.vendor, f.line, f.rule, f.message))
    return DiffResult(base, head, vendors, flags, compared)


def _todos(data: Any, path: tuple[Any, ...] = ()) -> dict[str, tuple[Any, ...]]:
    """Placeholder strings left by `escdir new` (they start with TODO), with their paths."""
    if isinstance(data, str):
        return {data: path} if data.lstrip().startswith("TODO") else {}
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    out: dict[str, tuple[Any, ...]] = {}
    for key, value in items:
        out = _todos(value, path + (key,)) | out
    return out


def _todo_flags(stem: str, old: Document | None, new: Document | None) -> list[Flag]:
    fresh = {text: path for text, path in _todos(new.data if new else {}).items()
             if text not in _todos(old.data if old else {})}
    if not fresh or new is None:
        return []
    line = min(new.marks.at(path)[0] for path in fresh.values())
    return [Flag("medium", "todo", stem, f"{len(fresh)} TODO placeholder(s) left in the entry, "
                 f"e.g. {min(fresh, key=lambda t: new.marks.at(fresh[t]))!r}", new.file, line)]


def _added(v: Vendor) -> VendorDiff:
    changes = [Change("contacts", "added", f"contact {c.id} ({c.kind})", (FieldChange("value", None, c.value),))
               for c in v.contacts]
    return VendorDiff(v.id, v.name, "added", v.file, changes)


# ---- comparing one vendor ----------------------------------------------------------------------

HOTLINE_KINDS = ("phone", "outage_alias")
_DIALLING = ("kind", "value", "coverage", "severities", "plans", "msp_only")  # what a caller relies on
_OWN_SECTIONS = ("file", "audience", "contacts", "people", "contracts", "slas", "escalation", "rma", "sources",
                 "severities", "plans", "tiers")


def hotlines(v: Vendor) -> list[Any]:
    """The contacts an engineer dials or mails in an outage: phone lines and outage aliases."""
    return [c for c in v.contacts if c.kind in HOTLINE_KINDS]


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


def _same(a: Any, b: Any) -> bool:
    return _key(a) == _key(b)


def rank_direction(a: Duration | None, b: Duration | None) -> str:
    """weakened / strengthened / "" between two targets; a removed target is weakened."""
    if a is None or b is None:  # nothing was promised by best effort, so adding or removing it changes nothing
        if (a or b) is None or (a or b).is_best_effort:
            return ""
        return "weakened" if b is None else "strengthened"
    return "weakened" if b.rank() > a.rank() else "strengthened" if b.rank() < a.rank() else ""


def _target_direction(a: Target | None, b: Target | None) -> str:
    d = rank_direction(a and a.duration, b and b.duration)
    if d or a is None or b is None or a.or_as_agreed == b.or_as_agreed:
        return d
    return "weakened" if b.or_as_agreed else "strengthened"


Directions = dict[str, Callable[[Any, Any], str]]


def _diff_fields(a: Any, b: Any, skip: Sequence[str] = (), directions: Directions | None = None,
                 get: Callable[[Any, str], Any] = getattr) -> list[FieldChange]:
    out = []
    for f in fields(a):
        old, new = get(a, f.name), get(b, f.name)
        if f.name not in skip and not _same(old, new):
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
    for rule in (_same, lambda a, b: a.action == b.action, lambda a, b: _same(a.after, b.after)):
        for j, s in enumerate(new):
            if j not in pairs and (o := next((o for o in left if rule(o, s)), None)) is not None:
                pairs[j] = o
                left.remove(o)
    out: list[tuple[str, Step | None, Step | None, int | None]] = []
    for j, s in enumerate(new):
        o = pairs.get(j)
        if o is None or not _same(o, s):
            out.append(("added" if o is None else "changed" if _same(o.after, s.after) else "retimed", o, s, j))
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
            fcs = [FieldChange(m, a, b, _target_direction(a, b) if m != "note" else "")
                   for m in (*SlaCell.MEASURES, "note")
                   for a, b in [(getattr(o, m) if o else None, getattr(n, m) if n else None)] if not _same(a, b)]
            subject = f"{(n or o).plan} × {(n or o).severity}"
            if fcs or o is None or n is None:
                self.change("sla", "added" if o is None else "removed" if n is None else "changed", subject, fcs, path)
            if weak := [f for f in fcs if f.direction == "weakened"]:
                self.flag("medium", "sla-weakened", f"SLA {subject} weakened: "
                          + "; ".join(f"{f.name} {fmt(f.old)} → {fmt(f.new)}" for f in weak), path + (weak[0].name,))
        if not _same(old.uptime, new.uptime):
            a, b = (u.target_percent if u else None for u in (old.uptime, new.uptime))
            d = "weakened" if a is not None and (b is None or b < a) else "strengthened" if b != a else ""
            self.change("sla", "changed", "uptime", [FieldChange("uptime", old.uptime, new.uptime, d)], ("slas", "uptime"))
            if d == "weakened":
                self.flag("medium", "sla-weakened", f"uptime target {fmt(a)} → {fmt(b)} %", ("slas", "uptime"))
        if fcs := _diff_fields(old, new, ("matrix", "uptime")):
            self.change("sla", "changed", "SLA clock", fcs, ("slas", "clock"))

    def ladders(self) -> None:
        for o, n, j in _pair(self.old.escalation.ladders, self.new.escalation.ladders, lambda x: (x.severity, x.plan)):
            lad = n or o
            name = f"ladder {lad.severity}" + (f" ({lad.plan})" if lad.plan else "")
            where = ("escalation", "ladders") + ((j,) if j is not None else ())
            if o is None or n is None:
                self.change("ladders", "added" if o is None else "removed", name,
                            [FieldChange("steps", o and o.steps, n and n.steps)], where)
                if n is None:
                    self.flag("medium", "step-removed", f"{name} removed ({len(o.steps)} steps)", where)
                continue
            for action, a, b, k in _match_steps(o.steps, n.steps):
                path = where + ("steps",) + ((k,) if k is not None else ())
                subject = f"{name}, step \u201c{_clip((b or a).action)}\u201d"
                directions: Directions = {"after": lambda x, y: "later" if y.rank() > x.rank() else "earlier"}
                fcs = _diff_fields(a, b, directions=directions) if a and b else [
                    FieldChange("after", a and a.after, b and b.after)]
                self.change("ladders", action, subject, fcs, path)
                if action == "removed":
                    self.flag("medium", "step-removed", f"{name}: step at {a.after} \u201c{_clip(a.action)}\u201d removed",
                              path)

    def rma(self) -> None:
        old, new = self.old.rma or Rma(), self.new.rma or Rma()
        for o, n, fcs, path in self.keyed("rma", "RMA level", old.levels, new.levels, lambda x: x.id,
                                          ("rma", "levels"), {"target": rank_direction}):
            for f in fcs:
                if f.direction == "weakened":
                    self.flag("medium", "sla-weakened", f"RMA level {n.id} target {f.old} → {f.new}", path + ("target",))
        if fcs := _diff_fields(old, new, ("levels",), {"advance_replacement": lambda a, b: "weakened" if a else "strengthened"}):
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
        if fcs := _diff_fields(self.old.escalation, self.new.escalation, ("ladders",)):
            self.change("escalation", "changed", "escalation", fcs, ("escalation",))
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


def diff(base: str, head: str | None = None, *, root: Path | None = None, vendors_dir: str = "vendors",
         today: date | None = None) -> DiffResult:
    """Compare BASE with HEAD (default: the working tree); each is a git revision or a directory.

    Raises :class:`EscdirError` for a side that cannot be read (unknown revision, missing directory).
    """
    from . import today as default_today

    root = root or repo_root(Path.cwd()) or Path.cwd()
    day = today or default_today()
    return compare_sides(load_side(base, root=root, vendors_dir=vendors_dir, today=day),
                         load_side(head, root=root, vendors_dir=vendors_dir, today=day))
