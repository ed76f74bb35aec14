"""``escdir new``: a commented vendor file with every important section and TODO placeholders.

Design: the scaffold *as generated* fails ``escdir validate`` until it is filled in. Every value
an engineer acts on in an outage (numbers, addresses, URLs, dates, coverage hours, time targets)
is a ``"TODO: ..."`` string that the schema or the checks reject, so a half-finished entry with a
made-up hotline or SLA cannot be merged. TODO placeholders in plain text (names, notes) cannot be
told apart from real text by validation; :func:`todo_lines` lists them and ``escdir diff`` flags
them for the reviewer.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from importlib import resources
from pathlib import Path

from escdir.errors import EscdirError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # the schema's `id` pattern
TEMPLATE = "new_vendor.yaml"
SUFFIXES = (".yaml", ".yml")


class VendorExistsError(EscdirError):
    """The target file (or the same id with the other suffix) already exists."""


def default_name(vendor_id: str) -> str:
    """``acme-networks`` → ``Acme Networks``: a starting point, to be replaced by the vendor's spelling."""
    return " ".join(part.capitalize() for part in vendor_id.split("-") if part)


def render_new_vendor(vendor_id: str, *, today: date, name: str | None = None) -> str:
    """The scaffold text for ``vendor_id``; raises :class:`EscdirError` for an id the schema rejects."""
    if not ID_PATTERN.fullmatch(vendor_id):
        raise EscdirError(f"{vendor_id!r} is not a vendor id: use lower-case letters, digits and hyphens "
                          "(e.g. acme-networks); it becomes the file name and the page URL")
    name = name or default_name(vendor_id)
    template = resources.files("escdir").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
    # json.dumps gives a double-quoted string YAML reads back unchanged, whatever the name holds.
    return (template.replace("__NAME_YAML__", json.dumps(name, ensure_ascii=False))
            .replace("__NAME__", " ".join(name.split()))
            .replace("__ID__", vendor_id)
            .replace("__TODAY__", today.isoformat()))


def todo_lines(text: str) -> list[int]:
    """1-based numbers of lines holding a TODO placeholder value (comments excluded)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if "TODO" in line.split("#", 1)[0]]


def write_new_vendor(vendor_id: str, directory: Path, *, today: date, name: str | None = None,
                     force: bool = False) -> Path:
    """Write ``<directory>/<vendor_id>.yaml``; refuses to overwrite unless ``force``.

    Raises :class:`VendorExistsError` when the file (or ``<id>.yml``) exists, :class:`EscdirError`
    for a bad id or an unwritable directory.
    """
    text = render_new_vendor(vendor_id, today=today, name=name)
    target = directory / f"{vendor_id}.yaml"
    existing = [directory / f"{vendor_id}{s}" for s in SUFFIXES if (directory / f"{vendor_id}{s}").exists()]
    if existing and not (force and existing == [target]):
        hint = "" if existing != [target] else "; pass --force to replace it"
        raise VendorExistsError(f"{existing[0]} already exists{hint}")
    if not directory.is_dir() and not directory.parent.is_dir():
        raise EscdirError(f"{directory}: no such folder, and neither is {directory.parent} "
                          "(create it first, or run from the project directory)")
    try:
        directory.mkdir(exist_ok=True)  # one level only (e.g. vendors/ in a new project); the CLI says so
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
        with os.fdopen(os.open(target, flags, 0o644), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:  # created between the check and the write
        raise VendorExistsError(f"{target} already exists; pass --force to replace it") from None
    except OSError as exc:
        raise EscdirError(f"{target}: {exc.strerror or exc}") from None
    return target
