"""Which file is which vendor: the search terms of every vendor file, cached so ``show`` stays fast.

The cache only decides *which file to open*; what is shown always comes from a full validation
of that one file (:mod:`.lookup`). It can never serve stale names:

* every file is ``stat``-ed on every run and its entry reused only when (mtime_ns, ctime_ns,
  size, inode) are all unchanged — ``ctime`` cannot be set back by ``touch`` or an editor;
* a file changed in the last :data:`RACY_NS` is never cached (coarse file-system clocks could
  otherwise hide a second edit within the same tick — git's "racily clean" rule);
* the stat happens before the read, so an edit during the read leaves a key that cannot match.

The cache is JSON (never pickle) in the user's cache directory, outside the repository, so a
pull request cannot plant one. A cache that is unreadable or malformed is ignored and rebuilt.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ..cache import cache_dir, path_key, read_json, write_json
from ..files import SUFFIXES, data_files  # noqa: F401  (SUFFIXES: one rule, re-exported)
from ..loader import load_path
from .find import Entry

_LISTS = ("aliases", "products", "serial_prefixes", "circuit_ids", "hostnames", "contracts")
CACHE_VERSION = 2  # 2: join keys and contract numbers (the one matcher's terms)
RACY_NS = 2_000_000_000


def vendor_files(directory: Path) -> list[Path]:
    """Vendor files in ``directory``: the same rule as every other command (:func:`escdir.files.data_files`)."""
    return data_files(directory)


def cache_file(directory: Path) -> Path:
    return cache_dir() / f"index-{path_key(directory)}.json"


def entry_from_data(data: Any, stem: str, file: str) -> Entry:
    """Terms from raw (not yet validated) YAML data; anything of the wrong type is ignored."""
    data = data if isinstance(data, dict) else {}

    def text(value: Any, default: str) -> str:
        return value if isinstance(value, str) and value.strip() else default

    def texts(value: Any) -> tuple[str, ...]:
        return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()

    keys = data.get("join_keys") if isinstance(data.get("join_keys"), dict) else {}
    asns = keys.get("asns")
    contracts = data.get("contracts")
    return Entry(id=text(data.get("id"), stem), name=text(data.get("name"), stem), file=file,
                 aliases=texts(data.get("aliases")), products=texts(data.get("products")),
                 serial_prefixes=texts(keys.get("serial_prefixes")), circuit_ids=texts(keys.get("circuit_ids")),
                 asns=tuple(a for a in asns if isinstance(a, int) and not isinstance(a, bool))
                 if isinstance(asns, list) else (),
                 hostnames=texts(keys.get("hostnames")),
                 contracts=texts([c.get("number") for c in contracts if isinstance(c, dict)])
                 if isinstance(contracts, list) else ())


def _key(st: os.stat_result) -> list[int]:
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def _read_cache(path: Path) -> dict[str, Any]:
    raw = read_json(path)
    if not isinstance(raw, dict) or raw.get("version") != CACHE_VERSION or not isinstance(raw.get("files"), dict):
        return {}
    files: dict[str, Any] = raw["files"]
    return files


def _cached_entry(item: Any, key: list[int], file: str) -> Entry | None:
    if not isinstance(item, dict) or item.get("key") != key:
        return None
    fields = item.get("entry")
    if not isinstance(fields, dict):
        return None
    try:
        entry = Entry(id=fields["id"], name=fields["name"], file=file,
                      **{k: tuple(fields[k]) for k in _LISTS}, asns=tuple(fields["asns"]))
    except (KeyError, TypeError):
        return None
    strings = (entry.id, entry.name, *(s for k in _LISTS for s in getattr(entry, k)))
    ints = all(isinstance(a, int) and not isinstance(a, bool) for a in entry.asns)
    return entry if ints and all(isinstance(s, str) for s in strings) else None


def _write_cache(path: Path, files: dict[str, Any]) -> None:
    write_json(path, {"version": CACHE_VERSION, "files": files})


def build_index(directory: Path, *, use_cache: bool = True) -> list[Entry]:
    """One :class:`Entry` per vendor file in ``directory`` (raises EscdirError if it does not exist)."""
    files = vendor_files(directory)
    cache_path = cache_file(directory)
    cached = _read_cache(cache_path) if use_cache else {}
    fresh: dict[str, Any] = {}
    entries: list[Entry] = []
    now = time.time_ns()
    changed = False
    for path in files:
        name = path.name
        try:
            st = path.stat()
        except OSError:
            entries.append(Entry(id=path.stem, name=path.stem, file=str(path)))
            continue
        key = _key(st)
        entry = _cached_entry(cached.get(name), key, str(path))
        if entry is None:
            changed = True
            doc, _problem = load_path(path)
            entry = entry_from_data(doc.data if doc else None, path.stem, str(path))
        if now - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS:
            fields = {"id": entry.id, "name": entry.name, "asns": list(entry.asns)}
            fresh[name] = {"key": key, "entry": fields | {k: list(getattr(entry, k)) for k in _LISTS}}
        entries.append(entry)
    if use_cache and (changed or set(fresh) != set(cached)):
        _write_cache(cache_path, fresh)
    return entries
