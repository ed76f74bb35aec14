"""Validation outcomes of single files, cached by content so ``show`` skips the validator when it can.

The key is the SHA-256 of the file's bytes plus a fingerprint of everything else that decides the
outcome: the date (staleness, future dates), escdir's version, the source files of the escdir
package (name, mtime, size — an edited check changes the key), the vendor schema's bytes, and
the versions of the libraries that judge values (phone numbers, holidays, schema, YAML). So a hit
is the answer a full check would give now. Only the problem list is cached; the model is always
built from the file's current bytes. JSON only, in the user's cache directory.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from ..cache import cache_dir, fingerprint, path_key, read_json, write_json
from ..errors import Problem


def _key(raw: bytes, path: Path, today: date) -> str:
    # The file's name is part of the answer (ESC201: the id must equal the file stem).
    return (hashlib.sha256(raw + b"\0" + path.name.encode("utf-8", "surrogateescape")).hexdigest() + "|"
            + today.isoformat() + "|" + fingerprint())


def _slot(path: Path) -> Path:
    return cache_dir() / "checked" / f"{path_key(path)}.json"


def cached_problems(path: Path, raw: bytes, file: str, *, today: date) -> list[Problem] | None:
    """The problems recorded for exactly these bytes today, or None when not known."""
    try:
        data = read_json(_slot(path))
        if not isinstance(data, dict) or data.get("key") != _key(raw, path, today):
            return None
        return [Problem.from_json(p, file=file) for p in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_problems(path: Path, raw: bytes, problems: list[Problem], *, today: date) -> None:
    """Remember the outcome for these bytes (best effort: failures only cost speed)."""
    data = {"key": _key(raw, path, today), "problems": [p.to_json() for p in problems]}
    write_json(_slot(path), data)
