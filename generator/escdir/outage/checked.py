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
import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..errors import Level, Problem
from .index import cache_dir

JUDGES = ("PyYAML", "jsonschema", "fastjsonschema", "phonenumbers", "holidays")
_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of escdir's version and sources, the vendor schema, and the judging libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        st = path.stat()
        h.update(f"|{path.name}|{st.st_mtime_ns}|{st.st_size}".encode())
    try:
        h.update((_PACKAGE / "schemas" / "vendor.schema.json").read_bytes())
    except OSError:
        h.update(b"|no schema")
    for dist in JUDGES:
        try:
            h.update(f"|{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            h.update(f"|{dist}=-".encode())
    return h.hexdigest()


def _key(raw: bytes, today: date) -> str:
    return hashlib.sha256(raw).hexdigest() + "|" + today.isoformat() + "|" + code_fingerprint()


def _slot(path: Path) -> Path:
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "checked" / f"{digest}.json"


def cached_problems(path: Path, raw: bytes, file: str, *, today: date) -> list[Problem] | None:
    """The problems recorded for exactly these bytes today, or None when not known."""
    try:
        data = json.loads(_slot(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != _key(raw, today):
            return None
        return [Problem(file=file, line=int(p["line"]), col=int(p["col"]), code=str(p["code"]),
                        message=str(p["message"]), path=str(p["path"]), level=Level(p["level"]), hint=str(p["hint"]))
                for p in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_problems(path: Path, raw: bytes, problems: list[Problem], *, today: date) -> None:
    """Remember the outcome for these bytes (best effort: failures only cost speed)."""
    slot = _slot(path)
    data = {"key": _key(raw, today), "problems": [
        {"line": p.line, "col": p.col, "code": p.code, "message": p.message, "path": p.path,
         "level": p.level.value, "hint": p.hint} for p in problems]}
    try:
        slot.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=slot.parent, prefix=".checked-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(tmp, slot)
    except OSError:
        pass
