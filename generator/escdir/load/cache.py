"""The one on-disk cache: one directory, one fingerprint, one atomic JSON writer.

Used by ``escdir validate`` (problems by file content), ``show``/``when``/``rma`` (the finder's index and
per-file outcomes). Everything here only ever costs or saves time: a miss, a corrupt file, a read-only home
or a full disk fall back to doing the work. The cache lives in the user's cache directory (never in the
project, so a pull request cannot plant one) and holds JSON only — no code, no pickles.

The fingerprint covers everything that decides an answer besides the file's own bytes and name: escdir's
version and sources, the schemas, and the versions of the libraries that judge values.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from escdir import __version__

#: Libraries whose version changes answers (phone rules, holidays, schema semantics, YAML parsing).
JUDGES = ("PyYAML", "jsonschema", "fastjsonschema", "phonenumbers", "holidays")
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """$ESCDIR_CACHE_DIR, else $XDG_CACHE_HOME/escdir, else ~/.cache/escdir."""
    if os.environ.get("ESCDIR_CACHE_DIR"):
        return Path(os.environ["ESCDIR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "escdir"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of escdir's version and sources, the shipped schemas, and the judging libraries' versions."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        st = path.stat()
        h.update(f"|{path.relative_to(_PACKAGE)}|{st.st_mtime_ns}|{st.st_size}".encode())
    for schema in sorted((_PACKAGE / "schemas").glob("*.json")):
        try:
            h.update(schema.read_bytes())
        except OSError:
            h.update(b"|no schema")
    for dist, found in installed_versions(JUDGES).items():
        h.update(f"|{dist}={found or '-'}".encode())
    return h.hexdigest()


def _dist_key(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """The installed version of each distribution (None: not installed), read from the names of the
    ``<name>-<version>.dist-info`` (or ``.egg-info``) folders on ``sys.path``, first one wins, as
    :mod:`importlib.metadata` finds them, without its import (~30 ms on every ``escdir show``)."""
    wanted = {_dist_key(n): n for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            stem, dot, kind = item.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            name, _sep, rest = stem.partition("-")
            key = _dist_key(name)
            if key in wanted and key not in found and rest:
                found[key] = rest.split("-")[0]
    return {n: found.get(_dist_key(n)) for n in names}


def path_key(path: Path) -> str:
    """A stable file name for data about ``path`` (its resolved location)."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def read_json(path: Path) -> Any:
    """The JSON at ``path``, or None when missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` atomically (temp file + rename); failures are ignored (they only cost speed)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                # dumps, not dump: json.dump streams through the pure-Python encoder (~10x slower on the index).
                out.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass
