"""A project on disk: vendors/, msp.yaml and clients/, each file checked against the schema of its kind.

:class:`Project` is the one view of a project that every entry point shares (validate, build, serve, show, diff,
export): where its files are, the one size-limited read (:func:`escdir.load.loader.read_capped`), the one problem store
(:class:`escdir.check.validate.ProblemStore`, on disk, by content) and the one in-memory cache of checked files (kept
across ``serve`` rebuilds, so only an edited file is checked again).

:func:`validate_project` is what ``escdir validate`` runs. The *kind* of a file decides its schema and rules:
``msp.yaml`` is an MSP file, a file in ``clients/`` is a client file, anything else is a vendor file. So
``escdir validate clients/x.yaml`` and ``escdir validate msp.yaml`` check those files against their own schemas
(with the cross-file rules they need: vendor ids, plans, MSP tiers and priorities), instead of the vendor schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from escdir.check.store import ProblemStore
from escdir.errors import EscdirError, Problem
from escdir.load.files import data_files
from escdir.load.loader import display_path, read_capped

if TYPE_CHECKING:  # the validator is loaded when a file needs checking: `show` answers from the store without it
    from escdir.check.validate import FileOutcome, Result
    from escdir.derive.msp import MspProject
    from escdir.model import Vendor

MSP_FILE = "msp.yaml"
CLIENTS_DIR = "clients"
VENDORS_DIR = "vendors"


@dataclass(frozen=True)
class Kinds:
    """Paths sorted by kind, and the project directory the MSP side lives in."""

    vendors: tuple[Path, ...] = ()
    msp: tuple[Path, ...] = ()
    clients: tuple[Path, ...] = ()


def file_kind(path: Path) -> str:
    """'msp', 'client' or 'vendor', from where the file is."""
    if path.name == MSP_FILE:
        return "msp"
    if path.parent.name == CLIENTS_DIR:
        return "client"
    return "vendor"


def sort_paths(paths: Iterable[Path]) -> Kinds:
    vendors: list[Path] = []
    msp: list[Path] = []
    clients: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = data_files(path)
            (clients if path.name == CLIENTS_DIR else vendors).extend(files)
            continue
        if not path.exists() and not path.is_symlink():
            raise EscdirError(f"{path}: no such file or directory")
        {"msp": msp, "client": clients, "vendor": vendors}[file_kind(path)].append(path)
    return Kinds(tuple(vendors), tuple(msp), tuple(clients))


def _project_root(path: Path) -> Path:
    return path.parent if file_kind(path) == "msp" else path.parent.parent


def default_paths(root: Path) -> list[Path]:
    """What ``escdir validate`` without arguments checks: vendors/, and msp.yaml and clients/ when present."""
    paths = [root / VENDORS_DIR]
    if (root / MSP_FILE).is_file():
        paths.append(root / MSP_FILE)
    if (root / CLIENTS_DIR).is_dir():
        paths.append(root / CLIENTS_DIR)
    return paths


def project_files(root: Path) -> list[Path]:
    """Every file ``escdir validate`` without arguments reads under ``root``: the data files of each kind and the
    client logos they name (checked by content, ESC215). CI triggers and hooks must cover all of them."""
    from escdir.derive.msp import safe_project_path
    from escdir.load.loader import load_path

    kinds = sort_paths(p for p in default_paths(root) if p.exists())
    logos = []
    for path in kinds.clients:
        doc, _problem = load_path(path)
        branding = doc.data.get("branding") if doc is not None else None
        logo = branding.get("logo") if isinstance(branding, dict) else None
        if isinstance(logo, str) and (found := safe_project_path(root, logo)[0]) is not None and found.is_file():
            logos.append(found)
    return [*kinds.vendors, *kinds.msp, *kinds.clients, *logos]


@dataclass
class Project:
    """One project: its directories and the state every command shares (see the module docstring).

    ``use_store=False`` (``--no-cache``) checks every file afresh and writes nothing to the store.
    """

    root: Path
    vendors_dir: Path
    msp_file: str = MSP_FILE
    clients_dir: str = CLIENTS_DIR
    use_store: bool = True
    _memo: dict[Path, tuple[tuple[int, int, int, date], FileOutcome]] = field(default_factory=dict, repr=False)
    _stores: dict[date, ProblemStore] = field(default_factory=dict, repr=False)

    @classmethod
    def at(cls, root: Path, *, vendors_dir: str | Path = VENDORS_DIR, msp_file: str = MSP_FILE,
           clients_dir: str = CLIENTS_DIR, use_store: bool = True) -> Project:
        """The project whose files are under ``root`` (``vendors_dir`` relative to it unless absolute)."""
        root = root.resolve()
        return cls(root, (root / vendors_dir).resolve(), msp_file, clients_dir, use_store)

    @classmethod
    def of_vendors(cls, vendors_dir: Path, *, use_store: bool = True) -> Project:
        """The project a vendors directory belongs to (its parent holds msp.yaml and clients/, if any)."""
        vendors_dir = vendors_dir.resolve()
        return cls(vendors_dir.parent, vendors_dir, use_store=use_store)

    def store(self, today: date) -> ProblemStore:
        """The one problem store for ``today`` (loaded once per project object)."""
        if today not in self._stores:
            self._stores[today] = ProblemStore(today, enabled=self.use_store)
        return self._stores[today]

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def read(self, path: Path) -> tuple[bytes | None, Problem | None, str]:
        """(bytes or None, the problem that stopped the read, the file as displayed): the one size-limited read."""
        file = display_path(path)
        raw, problem = read_capped(path, file)
        return raw, problem, file

    def vendors(self, *, today: date, paths: Iterable[Path] = ()) -> Result:
        """Every vendor file (of ``paths``, default the vendors directory) checked, with the models of the valid ones. A file whose (mtime, ctime, size) is what
        it was at the last call is not read again; every outcome also goes into the problem store."""
        from escdir.check.validate import FileOutcome, check_bytes, combine, discover, outcome_json

        outcomes = []
        files = discover(list(paths) or [self.vendors_dir])
        store = self.store(today)
        for path in files:
            try:
                st = path.stat()
                stamp: tuple[int, int, int, date] | None = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, today)
            except OSError:
                stamp = None
            cached = self._memo.get(path)
            if stamp is not None and cached is not None and cached[0] == stamp:
                outcomes.append(cached[1])
                continue
            file = self.display(path)
            raw, problem = read_capped(path, file)
            if raw is None:
                outcome = FileOutcome(file, [problem] if problem else [])
            else:
                # The parsed document and its marks are not kept: only problems, summary and model are needed later.
                outcome = replace(check_bytes(raw, file, today=today), doc=None)
                store.put(store.key(raw, path.name), outcome_json(outcome))
            if stamp is not None:
                self._memo[path] = (stamp, outcome)
            outcomes.append(outcome)
        for gone in set(self._memo) - set(files):
            del self._memo[gone]
        store.save()
        return combine(outcomes)

    def msp_side(self, vendors: list[Vendor]) -> MspProject:
        """msp.yaml and clients/ checked against the given (valid) vendors."""
        from escdir.derive.msp import load_msp_project

        return load_msp_project(self.root, vendors, msp_file=self.msp_file, clients_dir=self.clients_dir)

    def validate(self, paths: Iterable[Path] = (), *, today: date) -> Result:
        """``escdir validate``: problems of the given files (default: the whole project), each checked as its kind."""
        return validate_project(paths, today=today, root=self.root, store=self.store(today))

    def checked(self, path: Path, *, today: date, single: bool = False) -> tuple[Vendor | None, list[Problem], str]:
        """(model or None, problems, file as displayed) of one vendor file; the model only when it has no errors.

        The problems come from the store when it knows these bytes; the model is always built from the bytes just
        read, so an edit made meanwhile cannot slip in unchecked, and a store entry that says "valid" for bytes that
        do not build is never trusted. ``single``: this is the only file this process checks (``escdir show``), so
        the schema check skips compiling the fast validator.
        """
        from escdir.load.loader import load_bytes
        from escdir.model.construct import build_vendor

        raw, problem, file = self.read(path)
        if raw is None:
            return None, [problem] if problem else [], file
        store = self.store(today)
        key = store.key(raw, path.name)
        known = store.problems(key, file)
        if known is not None and any(p.is_error for p in known):
            return None, known, file
        if known is not None:
            doc, _problem = load_bytes(raw, file)
            try:
                if doc is not None:
                    return build_vendor(doc.data, doc.file), known, file
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # the store said "valid" but the bytes do not build: check them in full below
        from escdir.check.validate import check_bytes, outcome_json

        outcome = check_bytes(raw, file, today=today, single=single)
        store.put(key, outcome_json(outcome))
        store.save()
        return outcome.vendor, outcome.problems, file


def validate_project(paths: Iterable[Path] = (), *, today: date, root: Path = Path("."),
                     store: ProblemStore | None = None) -> Result:
    """Problems of the given files (default: the whole project at ``root``), each checked as its kind."""
    from escdir.check.validate import Result, check_problems

    paths = list(paths) or default_paths(root)
    kinds = sort_paths(paths)
    result = check_problems(kinds.vendors, today=today, store=store) if kinds.vendors else Result()
    msp_side = [*kinds.msp, *kinds.clients]
    if msp_side:
        result.problems += _msp_side_problems(msp_side, today=today)
        result.files += len(msp_side)
        result.problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    return result


def _referenced_vendors(project_root: Path, *, today: date) -> list[Vendor]:
    """Models of the vendors the client files name — the only ones the MSP side's rules read — instead of building
    every vendor's model again (the vendor files' own problems come from the fast path)."""
    from escdir.check.validate import validate_paths
    from escdir.load.loader import load_path

    clients_dir, vendors_dir = project_root / CLIENTS_DIR, project_root / VENDORS_DIR
    ids: set[str] = set()
    for path in data_files(clients_dir) if clients_dir.is_dir() else []:
        doc, _problem = load_path(path)
        refs = doc.data.get("vendors") if doc is not None else None
        ids |= {r for r in refs if isinstance(r, str)} if isinstance(refs, list) else set()
    files = [f for i in sorted(ids) for f in (vendors_dir / f"{i}.yaml", vendors_dir / f"{i}.yml")
             if f.is_file() and f.parent == vendors_dir]
    return validate_paths(files, today=today).vendors if files else []


def _msp_side_problems(files: list[Path], *, today: date) -> list[Problem]:
    """Check msp.yaml / client files with the rest of their project (vendor models, the MSP) for cross-references."""
    from escdir.derive.msp import load_msp_project

    out: list[Problem] = []
    by_root: dict[Path, dict[Path, Path]] = {}
    for f in files:
        by_root.setdefault(_project_root(f).resolve(), {})[f.resolve()] = f
    for project_root, wanted in by_root.items():
        project = load_msp_project(project_root, _referenced_vendors(project_root, today=today))
        for p in project.problems:
            asked = wanted.get((project_root / p.file).resolve())
            if asked is not None:
                out.append(replace(p, file=display_path(asked)))
            elif not (project_root / p.file).exists():  # e.g. clients/ without msp.yaml: said, never dropped
                out.append(replace(p, file=display_path(project_root / p.file)))
    return out
