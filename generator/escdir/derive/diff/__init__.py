"""Semantic diff of two versions of the project (vendor files, msp.yaml, clients/), with risk flags for reviewers.

Both sides go through the normal pipeline (load → schema → checks → model) and the *models*
are compared, so reformatting, key order and comments never show up as changes. A side is
a git revision (read with ``git ls-tree`` / ``git cat-file`` into memory, never checked out),
a directory, or the working tree. Reporters (Markdown, JSON, GitHub annotations) are in
:mod:`escdir.present.reporting.diff`. The MSP's files (``msp.yaml``, ``clients/``) are compared by :mod:`.msp`.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from escdir.check.validate import FileOutcome, Result, check_document, combine, discover
from escdir.derive.diff.compare import Change, FieldChange, FileDiff, Flag, compare_vendor, hotlines
from escdir.derive.diff.msp import EntryDiff, MspSnapshot, compare_msp_sides, load_msp_snapshot
from escdir.derive.project import CLIENTS_DIR, MSP_FILE
from escdir.errors import EscdirError, Problem
from escdir.load.files import SUFFIXES
from escdir.load.loader import MAX_BYTES, Document, display_path, load_bytes, load_path, too_large
from escdir.model import Vendor

if TYPE_CHECKING:
    from escdir.derive.project import Project

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
    "sla-strengthened": "an SLA or RMA target got faster: a stronger promise, confirm it against the source",
    "copied-number": "a new vendor lists a phone number another vendor already has",
    "unmeetable": "a client promise the chain (our answer + OLAs + the vendor's response) can no longer keep",
    "promise-weakened": "a promise to clients (an MSP priority or a client's own target) got slower or was removed",
    "ola-weakened": "an internal OLA between MSP tiers got slower or was removed",
    "escalation-flip": "a client's escalated_by_msp changed: whom the client is told to call for a vendor",
    "client-vendors": "a vendor added to or removed from a client's site, or a client removed",
}


#: What changed in one vendor file (the record is the same for every file kind: :class:`.compare.FileDiff`).
VendorDiff = FileDiff


@dataclass
class Side:
    """One side of the comparison: what was loaded and what validation said about it."""

    label: str
    result: Result
    docs: dict[str, Document]  # by file stem (= vendor id)
    files: dict[str, str]  # stem -> file as displayed
    msp: MspSnapshot = field(default_factory=MspSnapshot)  # msp.yaml and clients/ (empty for a vendors folder)

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
    entries: list[EntryDiff] = field(default_factory=list)  # msp.yaml and the client files

    @property
    def semantic_change(self) -> bool:
        return any(v.status != "not-compared" for v in self.vendors) or any(
            e.status != "not-compared" for e in self.entries)

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


def _git_msp_tree(rev: str, root: Path, dest: Path) -> Path:
    """Write msp.yaml and clients/ (with its assets) of ``rev`` under ``dest``, for the MSP loader to read.

    A blob larger than the loader's limit is written as limit + 1 bytes: the loader then reports it as too large
    (ESC003) without escdir reading an untrusted, huge file into memory."""
    listing = _git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", rev, "--", MSP_FILE, CLIENTS_DIR + "/")
    if listing.returncode:
        raise EscdirError(f"git ls-tree {rev}: {os.fsdecode(listing.stderr).strip()}")
    for entry in filter(None, listing.stdout.split(b"\0")):
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha, size = meta.split()
        path = Path(os.fsdecode(name))
        if kind != b"blob" or mode == b"120000" or ".." in path.parts or path.is_absolute():
            continue  # symlinks are not followed out of the revision
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if int(size) > MAX_BYTES:
            target.write_bytes(b"\0" * (MAX_BYTES + 1))
            continue
        blob = _git(root, "cat-file", "blob", os.fsdecode(sha))
        if blob.returncode:
            raise EscdirError(f"git cat-file {rev}:{path}: {os.fsdecode(blob.stderr).strip()}")
        target.write_bytes(blob.stdout)
    _git_logos(rev, root, dest)
    return dest


def _git_logos(rev: str, root: Path, dest: Path) -> None:
    """Client logos that live outside clients/ (``branding.logo``), so the logo checks see the revision's file."""
    from escdir.derive.msp import safe_project_path
    from escdir.load.files import data_files

    clients = dest / CLIENTS_DIR
    for path in data_files(clients) if clients.is_dir() else []:
        doc, _problem = load_path(path)
        branding = doc.data.get("branding") if doc is not None else None
        logo = branding.get("logo") if isinstance(branding, dict) else None
        if not isinstance(logo, str) or safe_project_path(dest, logo)[0] is None or (dest / logo).exists():
            continue
        size = _git(root, "cat-file", "-s", f"{rev}:{logo}")
        if size.returncode or not size.stdout.strip().isdigit():
            continue  # not in the revision: the logo check reports it
        (dest / logo).parent.mkdir(parents=True, exist_ok=True)
        if int(size.stdout) > MAX_BYTES:
            (dest / logo).write_bytes(b"\0" * (MAX_BYTES + 1))
        else:
            (dest / logo).write_bytes(_git(root, "cat-file", "blob", f"{rev}:{logo}").stdout)


def _msp_side(spec: str | None, root: Path, vendors_dir: str, result: Result) -> MspSnapshot:
    """The MSP side next to the vendors: the project root of the working tree, a checkout, or a git revision."""
    if spec is None:
        return load_msp_snapshot(root, result.vendors)
    if Path(spec).is_dir():
        checkout = Path(spec)
        return load_msp_snapshot(checkout if (checkout / vendors_dir).is_dir() else None, result.vendors)
    with tempfile.TemporaryDirectory(prefix="escdir-diff-") as tmp:
        return load_msp_snapshot(_git_msp_tree(spec, root, Path(tmp)), result.vendors)


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
            problem = too_large(len(raw), file)
            if problem:
                loaded.append((file, None, problem))
            else:
                loaded.append((file, *load_bytes(raw, file)))
    result = combine([_outcome(doc, problem, file, today) for file, doc, problem in loaded])
    msp = _msp_side(spec, root, vendors_dir, result)
    result.problems += msp.problems  # every reporter shows a side's problems, the MSP files' included
    result.files += len(msp.files)
    return Side(
        label="working tree" if spec is None else spec,
        result=result,
        docs={Path(file).stem: doc for file, doc, _ in reversed(loaded) if doc is not None},
        files={Path(file).stem: file for file, _, _ in reversed(loaded)},
        msp=msp,
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
    flags += _copied_numbers(base, head)
    entries, msp_flags = compare_msp_sides(base.msp, head.msp, base.label, head.label)
    flags += msp_flags
    flags.sort(key=lambda f: (-LEVELS.index(f.level), f.vendor, f.line, f.rule, f.message))
    return DiffResult(base, head, vendors, flags, compared, entries)


def _copied_numbers(base: Side, head: Side) -> list[Flag]:
    """A phone number a vendor gained in HEAD that another vendor already lists: flagged on the vendor that gained it
    (the file the pull request changes), where validation's ESC305 may point at the other, untouched file."""
    owners: dict[str, list[Vendor]] = {}
    for v in head.result.vendors:
        for c in v.contacts:
            if c.kind == "phone" and c.value:
                owners.setdefault(c.value, []).append(v)
    had = {(v.id, c.value) for v in base.result.vendors for c in v.contacts if c.kind == "phone"}
    flags = []
    for v in head.result.vendors:
        doc = head.docs.get(v.id)
        for j, c in enumerate(v.contacts):
            others = sorted({o.id for o in owners.get(c.value, []) if o.id != v.id}) if c.kind == "phone" else []
            if others and (v.id, c.value) not in had:
                line = doc.marks.at(("contacts", j, "value"))[0] if doc is not None else 0
                flags.append(Flag("high", "copied-number", v.id, f"contact {c.id} {c.value} is also listed by "
                                  f"{', '.join(others)}: check this vendor's own documents — a copied number "
                                  "sends an outage call to the wrong vendor", v.file, line))
    return flags


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


def diff(base: str, head: str | None = None, *, root: Path | None = None, vendors_dir: str = "vendors",
         today: date | None = None, project: Project | None = None) -> DiffResult:
    """Compare BASE with HEAD (default: the working tree); each is a git revision or a directory.

    ``project`` is the working tree's project (its root and vendors folder); by default the git work tree around the
    current directory. Raises :class:`EscdirError` for a side that cannot be read (unknown revision, missing
    directory).
    """
    from escdir import today as default_today
    from escdir.derive.project import Project

    if project is None:
        project = Project.at(root or repo_root(Path.cwd()) or Path.cwd(), vendors_dir=vendors_dir)
    day = today or default_today()
    return compare_sides(load_side(base, root=project.root, vendors_dir=vendors_dir, today=day),
                         load_side(head, root=project.root, vendors_dir=vendors_dir, today=day))
