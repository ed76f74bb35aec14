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

Without a cache (a fresh clone: the first lookup in an outage is often the cold one) only the four
top-level blocks the finder needs (``id``, ``name``, ``aliases``, ``products``) are cut out of each file
and parsed, by the same loader, instead of the whole ~11 KB file (:func:`quick_entry`: ~20x less YAML).
Any file whose top level is not plainly ``key:`` lines and comments is parsed in full instead.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from functools import lru_cache
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from escdir.derive.outage.find import Entry
from escdir.load.cache import cache_dir, path_key, read_json, write_json
from escdir.load.files import SUFFIXES, data_files  # noqa: F401  (SUFFIXES: one rule, re-exported)
from escdir.load.loader import MAX_BYTES, load_bytes, load_path, quick_data

_LISTS = ("aliases", "products", "serial_prefixes", "circuit_ids", "hostnames", "contracts")
CACHE_VERSION = 2  # 2: join keys and contract numbers (the one matcher's terms)
RACY_NS = 2_000_000_000


def vendor_files(directory: Path) -> list[Path]:
    """Vendor files in ``directory``: the same rule as every other command (:func:`escdir.load.files.data_files`)."""
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


# Every block the matcher reads (escdir.outage.find.Entry): names, and the join keys and contract numbers that
# `show` finds as the browser does. join_keys and contracts are mappings, so the loader reads those blocks.
TERM_KEYS = frozenset({b"id", b"name", b"aliases", b"products", b"join_keys", b"contracts"})
# A line that starts in column 0 and is not blank, a comment or an entry of a block sequence written at the
# key's own indentation (`sources:` then `- url: ...` in column 0): the start of a top-level block.
_TOP_LINE = re.compile(rb"^(?!-[ \t\r]|-$)[^\s#]", re.M)
# The same lines found from the line break before them: a pattern that starts with a literal is scanned for far
# faster (6x over a vendor file); the first line is tested with _TOP_LINE itself.
_TOP_AFTER_BREAK = re.compile(rb"\n(?:[^\s#-]|-(?![ \t\r\n]|\Z))")


def _top_lines(raw: bytes) -> Iterator[int]:
    """Where each line that starts a top-level block begins (see :data:`_TOP_LINE`)."""
    if _TOP_LINE.match(raw):
        yield 0
    for m in _TOP_AFTER_BREAK.finditer(raw):
        yield m.start() + 1
_TOP_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t\r]|$)", re.M)
_LIST_AT_TOP = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*-(?:[ \t\r]|$)", re.M)
# Line breaks YAML 1.1 (PyYAML) knows besides LF and CRLF (a lone CR, NEL, LS, PS): lines are then not what the
# regexes see.
_OTHER_BREAKS = re.compile(rb"\r(?!\n)|\xc2\x85|\xe2\x80[\xa8\xa9]")


def _other_breaks(raw: bytes, limit: int) -> bool:
    """Is there a line break other than LF/CRLF before ``limit``? (:data:`_OTHER_BREAKS`, by byte search first:
    most files have no CR, NEL, LS or PS at all.)"""
    if raw.find(b"\r", 0, limit) < 0 and raw.find(b"\xc2\x85", 0, limit) < 0 and raw.find(b"\xe2\x80", 0, limit) < 0:
        return False
    return _OTHER_BREAKS.search(raw, 0, limit) is not None


def quick_entry(raw: bytes, stem: str, file: str) -> Entry | None:
    """The finder's terms from only the top-level ``id``/``name``/``aliases``/``products`` blocks of ``raw``,
    parsed by the same loader as the whole file; None when the file's shape leaves any doubt (then the caller
    parses the whole file).

    A top-level block runs from its ``key:`` line to the next line that starts in column 0. A value cannot go on
    past such a line in a file that parses: a plain scalar ends there, and a quoted or flow value cut there is
    unclosed, so the cut-out fails to parse and the whole file is read instead. Also read in full: anything but
    a ``key:`` line in column 0 before the last term block (``---``, ``%YAML``, ``"quoted": key``, ``? key``, a
    top-level list), a term key given twice, a line break other than LF/CRLF, a NUL or UTF-16 byte.

    Scanning stops after the last term block (they come first in a vendor file), so the rest of the file is never
    looked at: a file broken further down is still found by its name, and :mod:`.lookup` then reports its problems.
    """
    if len(raw) > MAX_BYTES or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if _LIST_AT_TOP.match(raw):
        return None
    spans: list[tuple[int, int]] = []
    seen: set[bytes] = set()
    current: int | None = None  # where the term block being read started
    for start in _top_lines(raw):
        if current is not None:
            spans.append((current, start))
            current = None
            if len(seen) == len(TERM_KEYS):
                break
        key = _TOP_KEY.match(raw, start)
        if key is None:
            return None
        if key.group(1) in TERM_KEYS:
            if key.group(1) in seen:
                return None
            seen.add(key.group(1))
            current = start
    else:
        if current is not None:
            spans.append((current, len(raw)))
    if not spans:
        return None
    limit = spans[-1][1]
    if b"\x00" in raw[:limit] or _other_breaks(raw, limit):
        return None
    simple = [_simple_block(raw[a:b]) for a, b in spans]
    if all(pair is not None for pair in simple):
        return entry_from_data(dict(pair for pair in simple if pair is not None), stem, file)
    cut = b"".join(raw[a:b] if raw[a:b].endswith(b"\n") else raw[a:b] + b"\n" for a, b in spans)
    try:
        data = quick_data(cut.decode("utf-8"))
    except UnicodeDecodeError:
        data = None
    if data is not None:
        return entry_from_data(data, stem, file)
    doc, problem = load_bytes(cut, file)
    if doc is None or problem is not None:
        return None
    return entry_from_data(doc.data, stem, file)


# A term block the finder reads without the loader: `key: text`, `key: [text, text]`, or `key:` then one `- text`
# per line, with none of YAML's indicator or quoting characters anywhere in a value. Anything else goes to the
# loader (:func:`quick_entry`), so these patterns only ever decide how fast, never what.
_NOT_PLAIN = rb"\[\]{}\"'#&*!|>%@`:\\\n\r"
_SIMPLE = re.compile(rb"([a-z]+)[ \t]*:(?:[ \t]+(?:\[([^" + _NOT_PLAIN + rb"]*)\]|([^" + _NOT_PLAIN + rb",]+))[ \t]*"
                     rb"|[ \t]*((?:\r?\n( *)- [^" + _NOT_PLAIN + rb"]+(?:\r?\n\5- [^" + _NOT_PLAIN + rb"]+)*)))\r?\n?")
_ITEM = re.compile(rb"^ *- ", re.M)
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


@lru_cache(maxsize=1)
def _resolver() -> Any:
    from yaml.resolver import Resolver

    return Resolver()


def _plain_text(item: bytes) -> str | None:
    """``item`` as the loader reads it when that is plainly a string: a plain scalar that YAML 1.1 resolves to
    a string (not ``yes``, ``~``, ``12``, ``0x1F``, ``2026-01-01``...) and holds only printable characters."""
    from yaml import ScalarNode

    try:
        text = item.decode("utf-8").strip(" ")
    except UnicodeDecodeError:
        return None
    if not text or "\t" in text or not text.isprintable() or not _PLAIN_START.match(text):
        return None
    return text if _resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str" else None


def _simple_block(block: bytes) -> tuple[str, str | list[str]] | None:
    """(key, value) of a term block whose value is plain text or a list of plain text written in one of the
    simplest forms; None for anything else (the loader then reads the block)."""
    m = _SIMPLE.fullmatch(block)
    if m is None:
        return None
    key = m.group(1).decode()
    if m.group(3) is not None:
        text = _plain_text(m.group(3))
        return (key, text) if text is not None else None
    parts = m.group(2).split(b",") if m.group(2) is not None else _ITEM.split(m.group(4).strip(b"\r\n"))[1:]
    items = [_plain_text(x.rstrip(b"\r\n")) for x in parts]
    if any(x is None for x in items):
        return None
    return key, [x for x in items if x is not None]


def _read_entry(path: Path) -> Entry:
    """The finder's terms of one file: from its term blocks when that is safe, else from the whole file."""
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    entry = quick_entry(raw, path.stem, str(path)) if raw is not None else None
    if entry is None:
        doc, _problem = load_path(path)
        entry = entry_from_data(doc.data if doc else None, path.stem, str(path))
    return entry


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
    return start_index(directory, use_cache=use_cache).finish()


# Past this many files to read (a fresh clone, or an emptied cache), most of them are read in a forked process
# while this one goes on (imports, the reader, its own share): the cold `show` reads every file's term blocks, and
# the engineer's first lookup in an outage is often that one.
PARALLEL_FROM = 200
CHILD_SHARE = 2 / 3  # the child starts at once; the parent has its own start-up work before its share


def start_index(directory: Path, *, use_cache: bool = True) -> PendingIndex:
    """Start building the index of ``directory``: files listed, the cache consulted, and (when many files must be
    read) a share of them already being read in a forked child. :meth:`PendingIndex.finish` gives the entries."""
    return PendingIndex(directory, use_cache=use_cache)


class PendingIndex:
    """An index being built (see :func:`start_index`). The answer never depends on the child: anything wrong with
    it (it died, its answer does not read back) and :meth:`finish` reads those files itself."""

    def __init__(self, directory: Path, *, use_cache: bool = True) -> None:
        files = vendor_files(directory)
        self.use_cache = use_cache
        self.cache_path = cache_file(directory)
        self.cached = _read_cache(self.cache_path) if use_cache else {}
        self.entries: list[Entry | None] = []
        self.keys: list[tuple[str, list[int], bool]] = []  # (file name, stat key, settled: old enough to cache)
        self.missed: list[tuple[int, Path]] = []
        now = time.time_ns()
        for path in files:
            try:
                st = path.stat()
            except OSError:
                self.entries.append(Entry(id=path.stem, name=path.stem, file=str(path)))
                self.keys.append((path.name, [], False))  # never cached
                continue
            key = _key(st)
            entry = _cached_entry(self.cached.get(path.name), key, str(path))
            if entry is None:
                self.missed.append((len(self.entries), path))
            self.entries.append(entry)
            self.keys.append((path.name, key, now - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS))
        _reap()
        paths = [p for _at, p in self.missed]
        self.child: tuple[int, int, list[Path]] | None = None  # (pid, read end, its paths)
        self.mine = paths
        if len(paths) >= PARALLEL_FROM and sys.platform.startswith("linux"):
            split = len(paths) - int(len(paths) * CHILD_SHARE)
            self.child = _fork_reader(paths[split:])
            if self.child is not None:
                self.mine = paths[:split]

    def finish(self, *, meanwhile: Callable[[], object] | None = None) -> list[Entry]:
        """The entries, in file order. ``meanwhile``: work to do while the child is still reading (called only
        when there is a child: a cold index)."""
        read = [_read_entry(p) for p in self.mine]
        if self.child is not None:
            if meanwhile is not None:
                meanwhile()
            pid, rfd, theirs = self.child
            self.child = None
            with os.fdopen(rfd, encoding="utf-8") as fh:
                text = fh.read()
            # A complete answer is whole JSON with one entry per file (a child that died mid-way leaves neither), so
            # the child's exit is not waited for: it is reaped now if it is gone, else at the next start.
            got = _entries_back(text, theirs)
            _UNREAPED.append(pid)
            _reap()
            read += got if got is not None else [_read_entry(p) for p in theirs]
        for (at, _path), got_entry in zip(self.missed, read, strict=True):
            self.entries[at] = got_entry
        fresh: dict[str, Any] = {}
        for (name, key, settled), known in zip(self.keys, self.entries, strict=True):
            if settled and known is not None:
                fields = {"id": known.id, "name": known.name, "asns": list(known.asns)}
                fresh[name] = {"key": key, "entry": fields | {k: list(getattr(known, k)) for k in _LISTS}}
        if self.use_cache and (self.missed or set(fresh) != set(self.cached)):
            _write_cache(self.cache_path, fresh)
        return [e for e in self.entries if e is not None]


_UNREAPED: list[int] = []  # children whose answer was read but whose exit was not yet seen


def _reap() -> None:
    """Collect the exit of every finished child (a long-running process would otherwise keep zombies)."""
    for pid in list(_UNREAPED):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _UNREAPED.remove(pid)


def _fork_reader(paths: list[Path]) -> tuple[int, int, list[Path]] | None:
    """A forked child that reads ``paths`` and sends their entries back as JSON; None if it cannot be started.
    A child whose parent has gone gets EPIPE writing and exits."""
    try:
        rfd, wfd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(rfd)
        os.close(wfd)
        return None
    if pid == 0:  # the child: no cleanup of the parent's state (atexit, buffers) runs here
        code = 1
        try:
            os.close(rfd)
            with os.fdopen(wfd, "w", encoding="utf-8") as out:
                json.dump([vars(_read_entry(p)) for p in paths], out)  # the fields as they are (asdict deep-copies)
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    return pid, rfd, paths


def _entries_back(text: str, paths: list[Path]) -> list[Entry] | None:
    """The child's entries, or None when they do not read back as one entry per path, in order."""
    try:
        items = json.loads(text)
        fields: list[dict[str, Any]] = [{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}
                                        for item in items]
        entries = [Entry(**f) for f in fields]
    except (ValueError, TypeError, AttributeError):
        return None
    if len(entries) != len(paths) or any(e.file != str(p) for e, p in zip(entries, paths, strict=True)):
        return None
    return entries
