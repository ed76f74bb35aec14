"""A project on disk: vendors/, msp.yaml and clients/, each file checked against the schema of its kind.

:func:`validate_project` is what ``escdir validate`` runs. The *kind* of a file decides its schema and rules:
``msp.yaml`` is an MSP file, a file in ``clients/`` is a client file, anything else is a vendor file. So
``escdir validate clients/x.yaml`` and ``escdir validate msp.yaml`` check those files against their own schemas
(with the cross-file rules they need: vendor ids, plans, MSP tiers and priorities), instead of the vendor schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .errors import EscdirError, Problem
from .files import data_files
from .loader import display_path
from .model import Vendor
from .validate import Result, check_problems, validate_paths

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
    from .loader import load_path
    from .msp.load import safe_project_path

    kinds = sort_paths(p for p in default_paths(root) if p.exists())
    logos = []
    for path in kinds.clients:
        doc, _problem = load_path(path)
        branding = doc.data.get("branding") if doc is not None else None
        logo = branding.get("logo") if isinstance(branding, dict) else None
        if isinstance(logo, str) and (found := safe_project_path(root, logo)[0]) is not None and found.is_file():
            logos.append(found)
    return [*kinds.vendors, *kinds.msp, *kinds.clients, *logos]


def validate_project(paths: Iterable[Path] = (), *, today: date, root: Path = Path(".")) -> Result:
    """Problems of the given files (default: the whole project at ``root``), each checked as its kind."""
    paths = list(paths) or default_paths(root)
    kinds = sort_paths(paths)
    result = check_problems(kinds.vendors, today=today) if kinds.vendors else Result()
    msp_side = [*kinds.msp, *kinds.clients]
    if msp_side:
        result.problems += _msp_side_problems(msp_side, today=today)
        result.files += len(msp_side)
        result.problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    return result


def _referenced_vendors(project_root: Path, *, today: date) -> list[Vendor]:
    """Models of the vendors the client files name — the only ones the MSP side's rules read — instead of building
    every vendor's model again (the vendor files' own problems come from the fast path)."""
    from .loader import load_path

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
    from .msp.load import load_msp_project

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
