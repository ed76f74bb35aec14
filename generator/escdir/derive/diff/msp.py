"""The MSP's own files in the semantic diff: ``msp.yaml`` and ``clients/*.yaml``.

Each side's MSP project is loaded with the vendors of the same side (so a vendor change that breaks a client
promise shows up too), then compared entry by entry: the MSP (priorities = the default client promises, OLAs,
tiers, the MSP's own contacts) and each client (its vendors, promise overrides, exceptions with their contacts,
``escalated_by_msp``, branding). The alignment arithmetic (:func:`escdir.derive.align.unmet_promises`) is run on
both sides: a promise that HEAD can no longer keep is a high flag, on the line of the promise.

An entry's id is ``msp`` for msp.yaml and the client id for a client file; flags carry it in ``Flag.vendor``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any

from escdir.derive.align import Unmet, unmet_promises
from escdir.derive.diff.compare import (
    _DIALLING,
    HOTLINE_KINDS,
    Change,
    FieldChange,
    FileDiff,
    Flag,
    _diff_fields,
    _pair,
)
from escdir.derive.diff.values import fmt, rank_direction, same
from escdir.derive.msp import MspProject, load_msp_project
from escdir.derive.project import CLIENTS_DIR, MSP_FILE
from escdir.errors import Problem
from escdir.load.loader import Document, display_path, load_path
from escdir.model import Contact, Vendor
from escdir.model.msp import MEASURES, Client, Msp

MSP_ENTRY = "msp"


#: What changed in one MSP-side file (msp.yaml or one client): the same record as a vendor's.
EntryDiff = FileDiff


@dataclass
class MspSnapshot:
    """One side's MSP project, its documents (for line numbers) and the promises it cannot keep."""

    project: MspProject = field(default_factory=MspProject)
    docs: dict[str, Document] = field(default_factory=dict)  # entry id -> document
    files: dict[str, str] = field(default_factory=dict)  # entry id -> file as displayed
    vendors: dict[str, Vendor] = field(default_factory=dict)  # this side's valid vendors, by id

    @property
    def problems(self) -> list[Problem]:
        return self.project.problems

    @property
    def failed(self) -> set[str]:
        """Entries present on this side whose model could not be built (the file fails validation)."""
        built = {c.id for c in self.project.clients} | ({MSP_ENTRY} if self.project.msp is not None else set())
        return set(self.files) - built

    def unmet(self) -> dict[tuple[str, str, str, bool], Unmet]:
        """(client, priority, vendor, checkable) -> the unmet promise, for every client built on this side."""
        msp = self.project.msp
        if msp is None:
            return {}
        return {(u.client, u.priority, u.vendor, u.checkable): u for c in self.project.clients
                for u in unmet_promises(msp, c, self.vendors)}


def load_msp_snapshot(root: Path | None, vendors: list[Vendor]) -> MspSnapshot:
    """The MSP side of the project at ``root`` (None: a bare vendors directory, which has none)."""
    if root is None or not ((root / MSP_FILE).is_file() or (root / CLIENTS_DIR).is_dir()):
        return MspSnapshot()
    project = load_msp_project(root, vendors)
    snap = MspSnapshot(project=project, vendors={v.id: v for v in vendors})
    paths = [root / MSP_FILE] if (root / MSP_FILE).is_file() else []
    if (root / CLIENTS_DIR).is_dir():
        from escdir.load.files import data_files

        paths += data_files(root / CLIENTS_DIR)
    for path in paths:
        entry = MSP_ENTRY if path.parent == root else path.stem
        snap.files[entry] = display_path(path, root)
        doc, _problem = load_path(path, file=snap.files[entry])
        if doc is not None:
            snap.docs[entry] = doc
    return snap


# ---- comparing ---------------------------------------------------------------------------------

Directions = dict[str, Callable[[Any, Any], str]]
_RANK: Directions = {m: rank_direction for m in (*MEASURES, "within")}


class _EntryComparison:
    """Changes and flags of one MSP-side entry; lines point into the HEAD document."""

    def __init__(self, entry: str, doc: Document | None, file: str) -> None:
        self.entry, self.doc, self.file = entry, doc, file
        self.changes: list[Change] = []
        self.flags: list[Flag] = []

    def line(self, path: tuple[Any, ...]) -> int:
        return self.doc.marks.at(path)[0] if self.doc is not None else 0

    def change(self, section: str, action: str, subject: str, fcs: list[FieldChange], path: tuple[Any, ...]) -> None:
        self.changes.append(Change(section, action, subject, tuple(fcs), self.line(path)))

    def flag(self, level: str, rule: str, message: str, path: tuple[Any, ...]) -> None:
        self.flags.append(Flag(level, rule, self.entry, message, self.file, self.line(path)))

    def keyed(self, section: str, label: str, old: Any, new: Any, key: Callable[[Any], Any], where: tuple[Any, ...],
              directions: Directions | None = None, skip: tuple[str, ...] = ()) -> list[tuple[Any, Any, list[FieldChange],
                                                                                             tuple[Any, ...]]]:
        out = []
        for o, n, j in _pair(old, new, key):
            path = where + ((j,) if j is not None else ())
            fcs = [] if o is None or n is None else _diff_fields(o, n, skip, directions)
            if o is None or n is None or fcs:
                self.change(section, "added" if o is None else "removed" if n is None else "changed",
                            f"{label} {key(n if n is not None else o)}", fcs, path)
                out.append((o, n, fcs, path))
        return out

    def contacts(self, old: tuple[Contact, ...], new: tuple[Contact, ...], where: tuple[Any, ...], whose: str) -> None:
        """The numbers clients are told to call: a changed or removed line is a high flag, as for vendors."""
        for o, n, _fcs, path in self.keyed("contacts", f"{whose} contact", old, new, lambda c: c.id, where,
                                           skip=("has_coverage", "verified")):
            c = n or o
            dialled = [] if o is None or n is None else [f for f in _fields_changed(o, n) if f in _DIALLING]
            if c.kind in HOTLINE_KINDS and n is None:
                self.flag("high", "hotline", f"{whose} contact {c.id} {o.value} removed", path)
            elif c.kind in HOTLINE_KINDS and dialled:
                what = "; ".join(f"{f} {fmt(getattr(o, f))} → {fmt(getattr(n, f))}" for f in dialled)
                self.flag("high", "hotline", f"{whose} contact {c.id} changed: {what}", path + (dialled[0],))

    def promises(self, label: str, targets: list[tuple[str, Any, Any]], path: tuple[Any, ...],
                 who: Callable[[str], str] = lambda measure: "") -> None:
        """Targets promised to clients, as (measure, before, after): slower or removed is flagged; ``who(measure)``
        names the clients that get the promise."""
        fcs = [FieldChange(m, a, b, rank_direction(a, b)) for m, a, b in targets if not same(a, b)]
        if fcs:
            self.change("promises", "changed", label, fcs, path)
        for f in fcs:
            if f.direction == "weakened":
                self.flag("medium", "promise-weakened", f"{label}: {f.name.replace('_', ' ')} {fmt(f.old)} → "
                          f"{fmt(f.new)}{who(f.name)} — check that each affected client's contract allows it",
                          path + (f.name,))


def _fields_changed(a: Any, b: Any) -> list[str]:
    return [f.name for f in fields(a) if not same(getattr(a, f.name), getattr(b, f.name))]


def _inheriting(clients: list[Client], priority: str, measure: str, shown: int = 5) -> str:
    """The clients that get the MSP's default for ``measure`` of ``priority`` (no target of their own)."""
    ids = [c.id for c in clients if not any(pid == priority and measure in dict(m) for pid, m in c.sla)]
    if not ids:
        return "; no client gets this default"
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"; {len(ids)} client(s) get this default: {', '.join(ids[:shown])}{more}"


def _compare_msp(old: Msp, new: Msp, doc: Document | None, file: str, clients: list[Client]) -> _EntryComparison:
    cmp = _EntryComparison(MSP_ENTRY, doc, file)
    for o, n, j in _pair(old.priorities, new.priorities, lambda p: p.id):
        path = ("priorities",) + ((j,) if j is not None else ())
        p = n or o
        if o is None or n is None:
            cmp.change("promises", "added" if o is None else "removed", f"priority {p.id}", [], path)
            if n is None:
                cmp.flag("medium", "promise-weakened", f"priority {p.id} removed: clients lose its promises", path)
            continue
        cmp.promises(f"priority {p.id} (the default promise)", [(m, getattr(o, m), getattr(n, m)) for m in MEASURES],
                     path, partial(_inheriting, clients, p.id))
        if fcs := _diff_fields(o, n, MEASURES):
            cmp.change("promises", "changed", f"priority {p.id}", fcs, path)
    for o, n, fcs, path in cmp.keyed("olas", "OLA", old.olas, new.olas,
                                     lambda x: f"{x.from_tier} → {x.to_tier} {x.priority}", ("olas",), _RANK):
        weak = [f for f in fcs if f.direction == "weakened"]
        if n is None or weak:
            what = f"within {fmt(o.within)} → {fmt(n.within)}" if n is not None else "removed"
            cmp.flag("medium", "ola-weakened", f"OLA {o.from_tier} → {o.to_tier} for {o.priority}: {what}", path)
    cmp.keyed("tiers", "tier", old.tiers, new.tiers, lambda t: t.id, ("tiers",))
    cmp.contacts(old.contacts, new.contacts, ("contacts",), "MSP")
    if fcs := _diff_fields(old, new, ("tiers", "priorities", "olas", "contacts", "file")):
        cmp.change("msp", "changed", "MSP settings", fcs, (fcs[0].name,))
    return cmp


def _default(msp: Msp | None, priority: str, measure: str) -> Any:
    p = msp.priority(priority) if msp is not None else None
    return getattr(p, measure) if p is not None else None


def _compare_client(old: Client, new: Client, doc: Document | None, base: MspSnapshot,
                    head: MspSnapshot) -> _EntryComparison:
    cmp = _EntryComparison(new.id, doc, new.file)
    gone = [v for v in old.vendors if v not in new.vendors]
    came = [v for v in new.vendors if v not in old.vendors]
    for vid in came:
        cmp.change("client-vendors", "added", f"vendor {vid}", [], ("vendors", new.vendors.index(vid)))
        cmp.flag("low", "client-vendors", f"{new.name} now uses {vid}: its page appears on the client's site",
                 ("vendors", new.vendors.index(vid)))
    for vid in gone:
        cmp.change("client-vendors", "removed", f"vendor {vid}", [], ("vendors",))
        cmp.flag("medium", "client-vendors", f"{vid} removed from {new.name}: the client's site loses its page and "
                 "the client is no longer told how it is escalated", ("vendors",))
    if not gone and not came and old.vendors != new.vendors:  # the order of the client's home page
        cmp.change("client-vendors", "changed", "vendor order", [FieldChange("vendors", old.vendors, new.vendors)],
                   ("vendors",))
    old_sla, new_sla = {p: dict(m) for p, m in old.sla}, {p: dict(m) for p, m in new.sla}
    for pid in dict.fromkeys([*new_sla, *old_sla]):
        # The promise the client gets: its own target where it has one, else the MSP's default on that side.
        targets = []
        for m in MEASURES:
            a, b = old_sla.get(pid, {}).get(m), new_sla.get(pid, {}).get(m)
            if not same(a, b):
                targets.append((m, a or _default(base.project.msp, pid, m), b or _default(head.project.msp, pid, m)))
        path = ("sla", [p for p, _ in new.sla].index(pid)) if pid in new_sla else ("sla",)
        cmp.promises(f"{new.name} {pid}", targets, path)
    for o, n, fcs, path in cmp.keyed("exceptions", "exception for", old.exceptions, new.exceptions,
                                     lambda e: e.vendor, ("exceptions",), skip=("contacts",)):
        vendor = (n or o).vendor
        was, now = _escalated(base, old, vendor), _escalated(head, new, vendor)
        if was != now:  # who the client is told to call changed (a vendor's MSP-only rule wins over the flag)
            who = "call us (the MSP)" if now else f"call {vendor} directly, with its client-visible contacts"
            cmp.flag("high", "escalation-flip", f"{vendor} for {new.name}: escalated by the MSP {fmt(was)} → "
                     f"{fmt(now)} (escalated_by_msp); the client will now be told to {who}",
                     path + (("escalated_by_msp",) if n is not None else ()))
    for o, n, j in _pair(old.exceptions, new.exceptions, lambda e: e.vendor):
        if o is not None and n is not None and j is not None:
            cmp.contacts(o.contacts, n.contacts, ("exceptions", j, "contacts"), f"{new.name} {n.vendor}")
    if fcs := _diff_fields(old, new, ("vendors", "sla", "exceptions", "file")):
        cmp.change("client", "changed", "client", fcs, (fcs[0].name,))
    logos = [s.project.logos.get(new.id) for s in (base, head)]
    if old.logo == new.logo and None not in logos and logos[0] != logos[1]:  # the same file, new picture
        cmp.change("client", "changed", "logo", [FieldChange("logo", f"{old.logo} (before)",
                                                             f"{new.logo} (replaced)")], ("branding", "logo"))
    return cmp


def _escalated(snap: MspSnapshot, client: Client, vendor_id: str) -> bool:
    """Whether the MSP escalates the vendor for the client, as the client's site says (:func:`escalated_by_msp`)."""
    from escdir.derive.audience import escalated_by_msp

    vendor = snap.vendors.get(vendor_id)
    if vendor is None:
        exc = client.exception(vendor_id)
        return exc is None or exc.escalated_by_msp
    return escalated_by_msp(vendor, client)


def _entry_name(snap: MspSnapshot, entry: str) -> str:
    if entry == MSP_ENTRY:
        return snap.project.msp.name if snap.project.msp else MSP_FILE
    client = snap.project.client(entry)
    return client.name if client else entry


def compare_msp_sides(base: MspSnapshot, head: MspSnapshot, base_label: str,
                      head_label: str) -> tuple[list[EntryDiff], list[Flag]]:
    """Per-entry changes of the MSP side and their risk flags (including promises that became unmeetable)."""
    entries: list[EntryDiff] = []
    flags: list[Flag] = []
    order = sorted(set(base.files) | set(head.files), key=lambda e: (e != MSP_ENTRY, e))
    for entry in order:
        in_base, in_head = entry in base.files, entry in head.files
        bad_base, bad_head = entry in base.failed, entry in head.failed
        file = head.files.get(entry) or base.files[entry]
        name = _entry_name(head, entry) if in_head else _entry_name(base, entry)
        if bad_base or bad_head:
            where = " and ".join(s for s, bad in ((f"BASE ({base_label})", bad_base),
                                                  (f"HEAD ({head_label})", bad_head)) if bad)
            reason = f"fails validation on {where}; not compared"
            entries.append(EntryDiff(entry, name, "not-compared", file, reason=reason))
            if bad_head:
                line = next((p.line for p in head.problems if p.file == file and p.is_error), 0)
                flags.append(Flag("high", "invalid", entry, reason, file, line))
            else:
                flags.append(Flag("low", "invalid", entry, f"{base.files[entry]} {reason}"))
            continue
        if not in_base or not in_head:
            entries.append(EntryDiff(entry, name, "added" if not in_base else "removed", file))
            if not in_head and entry != MSP_ENTRY:
                flags.append(Flag("medium", "client-vendors", entry, f"client {entry} removed: its site is no longer "
                                  "built (take the published copy down too)"))
            continue
        if entry == MSP_ENTRY:
            assert base.project.msp is not None and head.project.msp is not None
            cmp = _compare_msp(base.project.msp, head.project.msp, head.docs.get(entry), file, head.project.clients)
        else:
            old, new = base.project.client(entry), head.project.client(entry)
            assert old is not None and new is not None
            cmp = _compare_client(old, new, head.docs.get(entry), base, head)
        flags += cmp.flags
        if cmp.changes:
            entries.append(EntryDiff(entry, name, "changed", file, cmp.changes))
    flags += _alignment_flags(base, head, entries)
    return entries, flags


def _alignment_flags(base: MspSnapshot, head: MspSnapshot, entries: list[EntryDiff]) -> list[Flag]:
    """Re-run the alignment arithmetic on both sides: promises HEAD cannot keep (that BASE could) are flagged."""
    before, after = base.unmet(), head.unmet()
    flags = []
    by_id = {e.id: e for e in entries}
    for key, u in after.items():
        if key in before:
            continue
        file, line = _promise_place(head, u)
        if u.checkable:
            flags.append(Flag("high", "unmeetable", u.client, f"now unmeetable: {u.message}", file, line))
        else:
            flags.append(Flag("medium", "unmeetable", u.client, f"can no longer be checked: {u.message}", file, line))
        _note(by_id, entries, head, u.client, Change("alignment", "unmeetable" if u.checkable else "unchecked",
                                                     f"{u.priority} with {u.vendor}",
                                                     (FieldChange("chain", None, u.message),), line))
    for key, u in before.items():
        if key not in after and u.client in head.files and u.client not in head.failed:
            _note(by_id, entries, head, u.client, Change("alignment", "meetable", f"{u.priority} with {u.vendor}",
                                                         (FieldChange("chain", u.message, None),)))
    return flags


def _note(by_id: dict[str, EntryDiff], entries: list[EntryDiff], head: MspSnapshot, client: str,
          change: Change) -> None:
    """Add an alignment change to the client's entry (a client changed only through the MSP or a vendor gets one)."""
    entry = by_id.get(client)
    if entry is None:
        entry = by_id[client] = EntryDiff(client, _entry_name(head, client), "changed", head.files.get(client, ""))
        entries.append(entry)
    entry.changes.append(change)


def _promise_place(snap: MspSnapshot, u: Unmet) -> tuple[str, int]:
    """The HEAD file and line of the promise: the client's override, or the MSP's default target."""
    entry, path = (u.client, ("sla", u.index, u.measure)) if u.in_client else (
        MSP_ENTRY, ("priorities", u.index, u.measure))
    doc = snap.docs.get(entry)
    return snap.files.get(entry, ""), doc.marks.at(path)[0] if doc is not None else 0
