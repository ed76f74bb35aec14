"""Safe YAML loading with source positions.

Built directly on the C parser's event stream (no PyYAML composer or constructor),
which gives us, in one pass:

* line/column marks for every key and value, so later stages point at the exact value;
* duplicate keys as errors (PyYAML silently keeps the last one);
* bounded alias expansion and nesting depth (an alias bomb fails in microseconds, and the
  recursive Cython composer, which segfaults on ~100k nested brackets, is never used);
* no custom tags, no Python objects, dates kept as their source text for the schema.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from escdir.errors import Problem

try:  # the C parser is much faster; fall back to the pure-Python one when libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

_Y = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TS = (_Y + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_ALLOWED_COLLECTION_TAGS = {None, "!", _Y + "map", _Y + "seq"}
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

Path_ = tuple[str | int, ...]
_SCALAR, _ALIAS, _MAP_START, _MAP_END = ev.ScalarEvent, ev.AliasEvent, ev.MappingStartEvent, ev.MappingEndEvent
_SEQ_END, _STREAM_START, _STREAM_END = ev.SequenceEndEvent, ev.StreamStartEvent, ev.StreamEndEvent
_DOC_START, _DOC_END = ev.DocumentStartEvent, ev.DocumentEndEvent


@dataclass(frozen=True)
class Marks:
    """Source positions (1-based line, column) of values and keys, by path."""

    values: dict[Path_, tuple[int, int]]
    keys: dict[Path_, tuple[int, int]]

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path``; the key's position when ``key``; nearest known ancestor otherwise."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


@dataclass(frozen=True)
class Document:
    """A loaded file: plain data (dicts, lists, str, int, float, bool, None) plus marks."""

    file: str
    data: dict[str, Any]
    marks: Marks
    sha: str = ""


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as shown in diagnostics: relative to ``root`` (or the cwd) when inside it."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return os.path.relpath(path, base) if path.is_absolute() and path.resolve().is_relative_to(
                base.resolve()) else str(path)
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
            continue
    return str(path)


def read_text(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (optional BOM); anything else is ESC002 naming the first bad line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem.make("ESC002", file, "file is UTF-16 encoded", line=1, col=1)
    if b"\x00" in raw:
        before = raw[: raw.index(b"\x00")]
        line, col = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem.make("ESC002", file, "file looks binary (contains NUL bytes)", line=line, col=col)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem.make("ESC002", file, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", line=line, col=col,
                                  hint="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)")


def too_large(size: int, file: str, *, max_bytes: int = MAX_BYTES) -> Problem | None:
    """ESC003 when ``size`` bytes is over the limit (the one place that says so), else None."""
    if size > max_bytes:
        return Problem.make("ESC003", file, f"file is {size} bytes; the limit is {max_bytes}")
    return None


def read_capped(path: Path, file: str, *, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, Problem | None]:
    """The one size-limited read of a data file: its bytes, or ESC003 (too large) / ESC001 (unreadable).

    At most ``max_bytes + 1`` bytes are read, so a file that grows between the size check and the read (or a
    device that reports no size) is still refused instead of filling memory.
    """
    try:
        problem = too_large(path.stat().st_size, file, max_bytes=max_bytes)
        if problem:
            return None, problem
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, Problem.make("ESC001", file, exc.strerror or str(exc))
    return (None, too_large(len(raw), file, max_bytes=max_bytes)) if len(raw) > max_bytes else (raw, None)


def load_path(path: Path, *, file: str | None = None, max_bytes: int = MAX_BYTES) -> tuple[Document | None, Problem | None]:
    """Read and parse one file. Returns the document or the one problem that stopped it."""
    file = file or str(path)
    raw, problem = read_capped(path, file, max_bytes=max_bytes)
    if raw is None:
        return None, problem
    return load_bytes(raw, file)


def load_bytes(raw: bytes, file: str) -> tuple[Document | None, Problem | None]:
    import hashlib

    text, problem = read_text(raw, file)
    if problem:
        return None, problem
    assert text is not None
    try:
        data, marks = _build(text, file)
    except _Stop as stop:
        return None, stop.problem
    return Document(file=file, data=data, marks=marks, sha=hashlib.sha1(raw).hexdigest()), None


def quick_data(text: str) -> dict[str, Any] | None:
    """The data of ``text`` when it is plain YAML, as :func:`load_bytes` would give it, without the line marks
    (which is what makes it quick: ``escdir show`` reads every file's name blocks on a cold cache).

    Plain means one document of mappings, sequences and untagged scalars: no anchor, alias, tag, merge key or
    duplicate key, within the nesting and size limits. Anything else is None, and the caller uses
    :func:`load_bytes`, which says what is wrong. Scalars go through the same rules (:func:`_scalar`).
    """
    loader = _Loader(text)
    stack: list[list[Any]] = []  # [container, (), pending key or None]: _build's shape, so _attach serves both
    root: Any = None
    documents = 0
    budget = MAX_NODES
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()
            cls = event.__class__
            if cls is _STREAM_END:
                break
            if cls is _DOC_START:
                documents += 1
                if documents > 1:
                    return None
                continue
            if cls is _STREAM_START or cls is _DOC_END:
                continue
            if cls is _MAP_END or cls is _SEQ_END:
                done = stack.pop()[0]
                if stack:
                    _attach(stack, done)
                else:
                    root = done
                continue
            if cls is _ALIAS or event.anchor is not None or event.tag is not None:
                return None
            parent: list[Any] | None = stack[-1] if stack else None
            if parent is not None and parent[2] is None and parent[0].__class__ is dict:  # a key
                if cls is not _SCALAR:
                    return None
                key = event.value
                if key in parent[0] or (key == "<<" and event.implicit[0]):
                    return None
                parent[2] = key
                continue
            budget -= 1
            if budget < 0:
                return None
            if cls is _SCALAR:
                value = _scalar(loader, event, "")
                if stack:
                    _attach(stack, value)
                else:
                    root = value
                continue
            if len(stack) >= MAX_DEPTH:
                return None
            stack.append([{} if cls is _MAP_START else [], (), None])
    except (yaml.YAMLError, _Stop):
        return None
    finally:
        loader.dispose()
    return root if isinstance(root, dict) else None


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _scalar(loader: Any, event: ev.ScalarEvent, file: str) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    value = event.value
    if tag == _STR or tag == _TS:  # dates stay text: the schema checks their form, the model parses them
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOL_VALUES.get(value.lower(), bool(value))
    if tag in (_INT, _FLOAT):
        node = yaml.ScalarNode(tag, value)
        try:
            return loader.construct_yaml_int(node) if tag == _INT else loader.construct_yaml_float(node)
        except (ValueError, TypeError, IndexError):  # e.g. `!!int ""` indexes an empty string
            return value
    line, col = _pos(event.start_mark)
    raise _Stop(Problem.make("ESC009", file, f"tag {event.tag!r} is not allowed", line=line, col=col))


def _build(text: str, file: str) -> tuple[dict[str, Any], Marks]:
    loader = _Loader(text)
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    # stack entries: [container, path, pending_key, anchor, node_count]
    stack: list[list[Any]] = []
    budget = MAX_NODES
    root: Any = None
    documents = 0
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()  # dispatched on its exact class below, not narrowed by isinstance (hot path)
            cls = event.__class__  # one type lookup per event; `is` tests below (this loop is the hot path)
            if cls is _SCALAR:
                pass
            elif cls is _STREAM_END:
                break
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    line, col = _pos(event.start_mark)
                    raise _Stop(Problem.make("ESC006", file, "a second YAML document starts here", line=line, col=col))
                continue
            elif cls is _STREAM_START or cls is _DOC_END:
                continue
            elif cls is _MAP_END or cls is _SEQ_END:
                done, path, _key, anchor, count = stack.pop()
                if anchor:
                    anchors[anchor] = (done, count)
                    open_anchors.discard(anchor)
                if stack:
                    stack[-1][4] += count
                    _attach(stack, done)
                else:
                    root = done
                continue

            line, col = _pos(event.start_mark)
            parent = stack[-1] if stack else None
            # A scalar in key position of a mapping is a key.
            if parent is not None and parent[2] is None and parent[0].__class__ is dict:
                if cls is not _SCALAR or (event.tag not in (None, "!", _STR)):
                    if cls is _SCALAR:
                        raise _Stop(Problem.make("ESC009", file, f"tag {event.tag!r} on a key", line=line, col=col))
                    raise _Stop(Problem.make("ESC012", file, "mapping key must be plain text", line=line, col=col))
                key = event.value
                if key == "<<" and event.implicit[0]:
                    raise _Stop(Problem.make("ESC013", file, "merge key `<<` is not supported", line=line, col=col))
                if key in parent[0]:
                    first = keys.get(parent[1] + (key,), (0, 0))
                    raise _Stop(Problem.make("ESC008", file, f"duplicate key {key!r} (first defined on line {first[0]})",
                                             line=line, col=col, path=_jsonpath(parent[1])))
                parent[2] = key
                keys[parent[1] + (key,)] = (line, col)
                continue

            path = _child_path(stack)
            values[path] = (line, col)
            budget -= 1
            if cls is _ALIAS:
                if event.anchor in open_anchors:
                    raise _Stop(Problem.make("ESC010", file, f"alias *{event.anchor} refers to itself", line=line, col=col))
                if event.anchor not in anchors:
                    raise _Stop(Problem.make("ESC011", file, f"alias *{event.anchor} is not defined", line=line, col=col))
                value, count = anchors[event.anchor]
                budget -= count
                if budget < 0:
                    raise _Stop(Problem.make("ESC010", file, f"expanding *{event.anchor} exceeds {MAX_NODES} values",
                                             line=line, col=col))
                if stack:
                    stack[-1][4] += count + 1
                    _attach(stack, value)
                else:
                    root = value
                continue
            if budget < 0:
                raise _Stop(Problem.make("ESC010", file, f"more than {MAX_NODES} values", line=line, col=col))
            anchor = event.anchor
            if cls is _SCALAR:
                value = _scalar(loader, event, file)
                if anchor:
                    anchors[anchor] = (value, 1)
                if stack:
                    stack[-1][4] += 1
                    _attach(stack, value)
                else:
                    root = value
                continue
            if event.tag not in _ALLOWED_COLLECTION_TAGS:
                raise _Stop(Problem.make("ESC009", file, f"tag {event.tag!r} is not allowed", line=line, col=col))
            if len(stack) >= MAX_DEPTH:
                raise _Stop(Problem.make("ESC010", file, f"nesting deeper than {MAX_DEPTH} levels", line=line, col=col))
            if anchor:
                open_anchors.add(anchor)
            container: Any = {} if cls is _MAP_START else []
            stack.append([container, path, None, anchor, 1])
    except yaml.MarkedYAMLError as exc:
        raise _Stop(_syntax_problem(exc, text, file)) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark attribute of this kind
        line = col = 0
        position = getattr(exc, "position", None)
        if isinstance(position, int):  # libyaml reports a byte offset into the UTF-8 text, PyYAML a character index
            before = (text.encode("utf-8")[:position].decode("utf-8", "replace")
                      if _Loader.__name__.startswith("C") else text[:position])
            line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _Stop(Problem.make("ESC004", file, str(exc).splitlines()[0] if str(exc) else "cannot parse",
                                 line=line, col=col)) from None
    finally:
        loader.dispose()

    if root is None:
        raise _Stop(Problem.make("ESC005", file, "no data in file"))
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        raise _Stop(Problem.make("ESC007", file, f"top level is {kind}, expected a mapping", line=1, col=1))
    return root, Marks(values, keys)


_NESTING_MESSAGES = ("maximum nesting depth", "nesting depth")
_OPENERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}


def _unclosed(exc: yaml.MarkedYAMLError, problem: str, at: tuple[int, int]) -> tuple[str, str]:
    """(' (flow sequence opened at 3:11 was never closed)', hint) for an unclosed construct; ('', generic hint)."""
    hint = "check indentation, quoting and the `key: value` form at the position shown"
    context = exc.context or ""
    if exc.context_mark is None or not context:
        return "", hint
    cline, ccol = _pos(exc.context_mark)
    what = context.removeprefix("while parsing a ").removeprefix("while scanning a ").strip()
    pair = next((v for k, v in _OPENERS.items() if k in what), None)
    if pair and ("expected ','" in problem or "stream end" in problem or "document end" in problem):
        hint = (f"the `{pair[0]}` at line {cline}, column {ccol} is never closed: add `{pair[1]}` "
                f"(or a missing comma) before the position shown")
    elif "quoted scalar" in what:
        hint = f"the quote opened at line {cline}, column {ccol} is never closed"
    if (cline, ccol) == at:
        return "", hint
    never = "expected" in problem or "end of stream" in problem or "stream end" in problem
    return f" ({what} opened at {cline}:{ccol}{' was never closed' if never else ''})", hint


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """One positioned problem for a parser error, the same whatever PyYAML/libyaml version raised it.

    libyaml (0.2.5 as shipped in PyYAML >= 6.0.2) has its own nesting limit, which can fire before ours because its
    scanner looks ahead; both limits are ESC010. For an unclosed construct, the message names where it *opened*
    (PyYAML's context mark) and the hint is about that error, not a generic one.
    """
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark else (0, 0)
    problem = exc.problem or ""
    if any(m in problem for m in _NESTING_MESSAGES):
        return Problem.make("ESC010", file, f"nesting deeper than {MAX_DEPTH} levels", line=line, col=col)
    if "undefined alias" in f"{exc.context or ''} {problem}":
        return Problem.make("ESC011", file, " ".join(x for x in (exc.context, problem) if x), line=line, col=col)
    opened, hint = _unclosed(exc, problem, (line, col))
    message = (problem or "cannot parse") + opened
    lines = text.splitlines()
    if mark and 0 < line <= len(lines) and "\t" in lines[line - 1][: col + 1]:
        message += " (a tab: YAML is indented with spaces only)"
        hint = "replace the tab with spaces: YAML is indented with spaces only"
    return Problem.make("ESC004", file, message, line=line, col=col, hint=hint)


def _child_path(stack: list[list[Any]]) -> Path_:
    if not stack:
        return ()
    container, key = stack[-1][0], stack[-1][2]
    path: Path_ = stack[-1][1]
    if container.__class__ is dict:
        return path + (key,)
    return path + (len(container),)


def _attach(stack: list[list[Any]], value: Any) -> None:
    top = stack[-1]
    if top[0].__class__ is dict:
        top[0][top[2]] = value
        top[2] = None
    else:
        top[0].append(value)


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _jsonpath(path: Path_) -> str:
    """``$.contacts[0].value``; odd keys are quoted, so a key cannot forge a line of diagnostics."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            out += f".{part}"
        else:
            out += "[" + json.dumps(part, ensure_ascii=True) + "]"
    return out


jsonpath = _jsonpath
