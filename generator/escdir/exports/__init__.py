"""Exports for use outside the site: JSON API, vCards, renewals calendar and the break-glass page.

:func:`write_all` is called by the MkDocs plugin after the build with the audience-restricted
vendor list, and by ``escdir export``. It only uses the given models — it never reads YAML — so
a client or public build cannot leak internal data through an export.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..model import Vendor
from . import api, breakglass, ics, vcard

_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # the schema's id pattern: ids become file names


def render_all(vendors: list[Vendor], *, today: date, site_name: str = "Vendor escalation directory") -> dict[str, bytes]:
    """Relative path → bytes of every export (nothing written)."""
    for v in vendors:
        if not _SAFE_ID.match(v.id):
            raise ValueError(f"vendor id {v.id!r} cannot be used as a file name")
    files: dict[str, bytes] = {}
    files.update(api.files(vendors, today=today, site_name=site_name))
    files.update(vcard.files(vendors))
    files.update(ics.files(vendors, site_name=site_name))
    files.update(breakglass.files(vendors, today=today, site_name=site_name))
    return files


def write_all(vendors: list[Vendor], out_dir: Path, *, today: date,
              site_name: str = "Vendor escalation directory") -> list[Path]:
    """Write every export under ``out_dir``; returns the written paths, sorted.

    Per-vendor files left over from an earlier run for a vendor that is gone (or no longer in this
    audience) are removed, but only inside ``api/v1/vendors/`` and ``vcards/``.
    """
    files = render_all(vendors, today=today, site_name=site_name)
    written = []
    for rel, data in sorted(files.items()):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    for folder, suffix in ((f"{api.PREFIX}/vendors", ".json"), ("vcards", ".vcf")):
        for old in (out_dir / folder).glob(f"*{suffix}"):
            if old.relative_to(out_dir).as_posix() not in files and old.is_file():
                old.unlink()
    return written
