"""Exports for use outside the site: JSON API, vCards, renewals calendar and the break-glass page.

:func:`write_all` is called by the MkDocs plugin after the build with the audience-restricted
vendor list, and by ``escdir export``. It only uses the given models — it never reads YAML — so
a client or public build cannot leak internal data through an export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar, cast

from escdir.derive.reader import Reader
from escdir.derive.view import vendor_view
from escdir.model import Vendor
from escdir.publish.exports import api, breakglass, ics, vcard

T = TypeVar("T")


class VendorMemo:
    """Per-vendor export pieces kept across `mkdocs serve` rebuilds.

    Keyed on the vendor object itself (escdir.derive.project.Project hands back the same frozen object while its file is
    unchanged) plus everything else the piece depends on, so a hit is never stale.
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, int], tuple[Vendor, tuple[object, ...], object]] = {}
        # path -> (bytes written there, size, mtime_ns right after): a rebuild skips a file it would write again
        # byte for byte, as long as nothing has touched it since (serve: ~2,000 export files at 1000 vendors).
        self.written: dict[Path, tuple[bytes, int, int]] = {}

    def unchanged(self, path: Path, data: bytes) -> bool:
        """Did this memo write exactly ``data`` to ``path``, and is the file still as it left it?"""
        prev = self.written.get(path)
        if prev is None:
            return False
        try:
            st = path.stat()
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == prev[1:] and (prev[0] is data or prev[0] == data)

    def wrote(self, path: Path, data: bytes) -> None:
        try:
            st = path.stat()
        except OSError:
            self.written.pop(path, None)
            return
        self.written[path] = (data, st.st_size, st.st_mtime_ns)

    def get(self, kind: str, v: Vendor, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """The piece ``kind`` for ``v`` under ``key``: remembered, or made now and remembered."""
        hit = self._items.get((kind, id(v)))
        if hit is not None and hit[0] is v and hit[1] == key:
            return cast(T, hit[2])  # stored by make() for this kind
        value = make()
        self._items[(kind, id(v))] = (v, key, value)
        return value

    def prune(self, vendors: list[Vendor]) -> None:
        alive = {id(v) for v in vendors}
        for k in [k for k in self._items if k[1] not in alive]:
            del self._items[k]


_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # the schema's id pattern: ids become file names


def render_all(vendors: list[Vendor], *, today: date, site_name: str = "Vendor escalation directory",
               memo: VendorMemo | None = None, reader: Reader | None = None) -> dict[str, bytes]:
    """Relative path → bytes of every export (nothing written), for ``reader`` (the line to call first)."""
    return dict(iter_all(vendors, today=today, site_name=site_name, memo=memo, reader=reader))


def iter_all(vendors: list[Vendor], *, today: date, site_name: str = "Vendor escalation directory",
             memo: VendorMemo | None = None, reader: Reader | None = None) -> Iterator[tuple[str, bytes]]:
    """:func:`render_all` one file at a time. Without ``memo`` nothing is kept: a build writes each file and lets
    it go (10,000 vendors: ~0.5 GB of exports never held at once)."""
    reader = reader or Reader()
    for v in vendors:
        if not _SAFE_ID.fullmatch(v.id):
            raise ValueError(f"vendor id {v.id!r} cannot be used as a file name")
    views = {v.id: memo.get("view", v, (reader,), lambda v=v: vendor_view(v, reader)) if memo  # type: ignore[misc]
             else vendor_view(v, reader) for v in vendors}
    yield from api.iter_files(vendors, today=today, site_name=site_name, memo=memo, views=views)
    yield from vcard.files(vendors, memo=memo, views=views).items()
    yield from ics.files(vendors, site_name=site_name, memo=memo).items()
    yield from breakglass.files(vendors, today=today, site_name=site_name, views=views, memo=memo).items()
    if memo is not None:
        memo.prune(vendors)


def write_all(vendors: list[Vendor], out_dir: Path, *, today: date,
              site_name: str = "Vendor escalation directory", memo: VendorMemo | None = None,
              reader: Reader | None = None) -> list[Path]:
    """Write every export under ``out_dir``; returns the written paths, sorted. Each file is written as it is made.

    Per-vendor files left over from an earlier run for a vendor that is gone (or no longer in this
    audience) are removed, but only inside ``api/v1/vendors/`` and ``vcards/``.
    """
    written: list[Path] = []
    made: set[str] = set()
    for rel, data in iter_all(vendors, today=today, site_name=site_name, memo=memo, reader=reader):
        path = out_dir / rel
        written.append(path)
        made.add(rel)
        if memo is not None and memo.unchanged(path, data):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if memo is not None:
            memo.wrote(path, data)
    for folder, suffix in ((f"{api.PREFIX}/vendors", ".json"), ("vcards", ".vcf")):
        for old in (out_dir / folder).glob(f"*{suffix}"):
            if old.relative_to(out_dir).as_posix() not in made and old.is_file():
                old.unlink()
    return sorted(written)
