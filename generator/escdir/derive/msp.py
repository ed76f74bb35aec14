"""Load and check msp.yaml and clients/*.yaml with the same loader guarantees as vendor files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from escdir.check.rules.values import contact_problems, text_problems
from escdir.derive.align import alignment_problems
from escdir.errors import Level, Problem
from escdir.load.files import data_files
from escdir.load.loader import Document, display_path, jsonpath, load_path
from escdir.load.schema import schema_problems
from escdir.model import Vendor
from escdir.model.msp import Client, Msp, build_client, build_msp

if TYPE_CHECKING:  # Pillow and the XML checks load only when a client has a logo (escdir show never needs them)
    from escdir.check.logo import Logo


@dataclass
class MspProject:
    """The MSP side of a project; empty (msp None, no clients) for a plain vendor directory."""

    msp: Msp | None = None
    clients: list[Client] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    logos: dict[str, Logo] = field(default_factory=dict)  # client id -> checked logo, ready to publish

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def client(self, ref: str) -> Client | None:
        return next((c for c in self.clients if c.id == ref), None)


def _add(out: list[Problem], doc: Document, code: str, path: tuple[Any, ...], message: str, *,
         key: bool = False, level: Level | None = None) -> None:
    line, col = doc.marks.at(path, key=key)
    out.append(Problem.make(code, doc.file, message, line=line, col=col, path=jsonpath(path), level=level))


def _check_contacts(out: list[Problem], doc: Document, contacts: list[dict[str, Any]], prefix: tuple[Any, ...]) -> None:
    """The vendor files' contact rules (escdir.check.rules.values.contact_problems); an MSP publishes its own numbers,
    so a value is always required here."""
    for i, c in enumerate(contacts):
        if "value" not in c:
            _add(out, doc, "ESC102", prefix + (i,), "'value' is required")

    def add(code: str, path: tuple[Any, ...], message: str) -> None:
        _add(out, doc, code, path, message)
    contact_problems(contacts, prefix, add)


def safe_project_path(root: Path, raw: str) -> tuple[Path | None, str]:
    """Resolve a path from data inside ``root``; returns (path, "") or (None, reason)."""
    candidate = Path(raw)
    if candidate.is_absolute() or raw.startswith("~"):
        return None, "absolute paths are not allowed"
    if ".." in candidate.parts:
        return None, "`..` is not allowed"
    full = root / candidate
    try:
        resolved = full.resolve(strict=False)
    except (OSError, RuntimeError):
        return None, "cannot be resolved"
    if not resolved.is_relative_to(root.resolve()):
        return None, "resolves (through a symlink) outside the project"
    return resolved, ""


def _load(path: Path, root: Path, schema: str, out: list[Problem]) -> Document | None:
    doc, problem = load_path(path, file=display_path(path, root))
    if problem:
        out.append(problem)
        return None
    assert doc is not None
    found = schema_problems(doc, schema)
    out += found
    return None if found else doc


def _check_text(doc: Document, out: list[Problem]) -> None:
    """Direction and control characters (ESC214, ESC216) and placeholders, as in vendor files."""
    def add(code: str, path: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        _add(out, doc, code, path, message, key=key)
    text_problems(doc.data, (), add)


def _check_msp(doc: Document, out: list[Problem]) -> None:
    d = doc.data
    _check_text(doc, out)
    tiers = {t["id"] for t in d["tiers"]}
    prios = {p["id"] for p in d["priorities"]}
    for i, o in enumerate(d.get("olas", ())):
        for key, known in (("from", tiers), ("to", tiers), ("priority", prios)):
            if o[key] not in known:
                _add(out, doc, "ESC405", ("olas", i, key), f"unknown {'priority' if key == 'priority' else 'tier'} "
                                                          f"{o[key]!r} (known: {', '.join(sorted(known))})")
    _check_contacts(out, doc, d.get("contacts", []), ("contacts",))


def _check_client(doc: Document, msp: Msp | None, vendors: dict[str, Vendor], root: Path,
                  out: list[Problem]) -> Logo | None:
    d = doc.data
    _check_text(doc, out)
    stem = Path(doc.file).stem
    if d["id"] != stem:
        _add(out, doc, "ESC201", ("id",), f"id {d['id']!r} but the file is {stem}.yaml")
    for i, ref in enumerate(d["vendors"]):
        if ref not in vendors:
            _add(out, doc, "ESC401", ("vendors", i), f"unknown vendor {ref!r} (no valid vendors/{ref}.yaml)")
        elif not vendors[ref].client_summary:
            _add(out, doc, "ESC406", ("vendors", i),
                 f"client {d['id']!r} ({d['name']}) uses {vendors[ref].name} ({vendors[ref].file}), which has no "
                 "client_summary: its pages on this client's site show no summary")
    for i, e in enumerate(d.get("exceptions", ())):
        if e["vendor"] not in d["vendors"]:
            _add(out, doc, "ESC402", ("exceptions", i, "vendor"),
                 f"exception for {e['vendor']!r}, which is not in this client's `vendors`")
        vendor = vendors.get(e["vendor"])
        if vendor is not None and e.get("plan") and vendor.plan(e["plan"]) is None:
            _add(out, doc, "ESC203", ("exceptions", i, "plan"),
                 f"{vendor.name} has no plan {e['plan']!r} (known: {', '.join(p.id for p in vendor.plans) or 'none'})")
        if msp is not None and e.get("tier") and msp.tier(e["tier"]) is None:
            _add(out, doc, "ESC405", ("exceptions", i, "tier"), f"unknown MSP tier {e['tier']!r}")
        _check_contacts(out, doc, e.get("contacts", []), ("exceptions", i, "contacts"))
    for i, s in enumerate(d.get("sla", ())):
        if msp is not None and msp.priority(s["priority"]) is None:
            _add(out, doc, "ESC405", ("sla", i, "priority"), f"unknown MSP priority {s['priority']!r}")
    logo = (d.get("branding") or {}).get("logo")
    if logo:
        resolved, reason = safe_project_path(root, logo)
        if resolved is None:
            _add(out, doc, "ESC212", ("branding", "logo"), f"{logo!r}: {reason}")
        elif not resolved.is_file():
            _add(out, doc, "ESC403", ("branding", "logo"), f"{logo!r} does not exist")
        else:
            from escdir.check.logo import LogoError, load_logo

            try:
                return load_logo(resolved)
            except LogoError as exc:
                _add(out, doc, "ESC215", ("branding", "logo"), f"{logo!r} {exc}")
            except OSError as exc:
                _add(out, doc, "ESC215", ("branding", "logo"), f"{logo!r} cannot be read ({exc.strerror})")
    return None


def load_msp_project(root: Path, vendors: list[Vendor], *, msp_file: str = "msp.yaml",
                     clients_dir: str = "clients") -> MspProject:
    """Load msp.yaml and clients/*.yaml under ``root``, check them against the (valid) vendors."""
    project = MspProject()
    msp_path = root / msp_file
    client_files = data_files(root / clients_dir) if (root / clients_dir).is_dir() else []
    if not msp_path.is_file():
        if client_files:
            project.problems.append(Problem.make("ESC001", display_path(msp_path, root),
                                                 "clients/ exists but msp.yaml is missing",
                                                 hint="add msp.yaml describing the MSP's tiers and priorities"))
        return project
    out = project.problems
    msp_doc = _load(msp_path, root, "msp", out)
    if msp_doc is not None:
        before = len(out)
        _check_msp(msp_doc, out)
        if not any(p.is_error for p in out[before:]):
            project.msp = build_msp(msp_doc.data, msp_doc.file)
    by_id = {v.id: v for v in vendors}
    docs = []
    for path in client_files:
        doc = _load(path, root, "client", out)
        if doc is None:
            continue
        before = len(out)
        logo = _check_client(doc, project.msp, by_id, root, out)
        if not any(p.is_error for p in out[before:]):
            project.clients.append(build_client(doc.data, doc.file))
            if logo is not None:
                project.logos[project.clients[-1].id] = logo
            docs.append(doc)
    if project.msp is not None and msp_doc is not None:
        for client, doc in zip(project.clients, docs, strict=True):
            out += alignment_problems(project.msp, msp_doc, client, doc, by_id)
    return project


def load_client(root: Path, client_id: str, *, msp_file: str = "msp.yaml",
                clients_dir: str = "clients") -> tuple[Msp | None, Client | None, list[Problem]]:
    """msp.yaml and ``clients/<client_id>.yaml`` under ``root``, each checked against its schema and for unsafe
    text, but not against the vendors (a command-line ``--client`` knows only the vendor it shows). The client is
    None when its file is missing or has errors; the problems say why."""
    out: list[Problem] = []
    msp: Msp | None = None
    msp_path = root / msp_file
    if msp_path.is_file() and (doc := _load(msp_path, root, "msp", out)) is not None:
        before = len(out)
        _check_msp(doc, out)
        if not any(p.is_error for p in out[before:]):
            msp = build_msp(doc.data, doc.file)
    path = root / clients_dir / f"{client_id}.yaml"
    if not _CLIENT_ID.fullmatch(client_id) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in data_files(root / clients_dir))) if (root / clients_dir).is_dir() \
            else "none"
        out.append(Problem.make("ESC001", display_path(path, root), f"no client {client_id!r} (known: {known or 'none'})"))
        return msp, None, out
    doc = _load(path, root, "client", out)
    if doc is None:
        return msp, None, out
    before = len(out)
    _check_text(doc, out)
    if doc.data["id"] != path.stem:
        _add(out, doc, "ESC201", ("id",), f"id {doc.data['id']!r} but the file is {path.stem}.yaml")
    if any(p.is_error for p in out[before:]):
        return msp, None, out
    return msp, build_client(doc.data, doc.file), out


_CLIENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # the client schema's id pattern: ids are file names
