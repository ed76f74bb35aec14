"""Text for a terminal: control characters from data made visible instead of obeyed.

Vendor, MSP and client files are untrusted, and so are file names. A raw ESC in a label printed by
``escdir show`` could clear the screen and draw a fake hotline, set the window title, or write to the
clipboard (OSC 52); a CR could overwrite the start of a line; an invisible direction mark could reorder
a number. Validation rejects such characters (ESC214, ESC216), but invalid files are still reported and
file names are never validated, so every printer passes what it prints through this module:

* :func:`term` for terminal text (keeps ``\\n`` and ``\\t`` unless ``one_line``),
* :func:`one_line` for a single value inside a line (newlines become visible too),
* :func:`clean` for JSON-ready data (every string :func:`one_line`-d) before it is laid out,
* :func:`json_text` for JSON output (the same data, the characters as ``\\uXXXX`` escapes),
* :func:`echo` as a drop-in for ``click.echo``.

Each replaced character becomes its escape as Python writes it (``\\x1b``, ``\\x9b``, ``\\u202e``), so
what is shown is what is in the file, and nothing in it acts on the terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

#: C0 controls other than TAB and LF, DEL, C1 controls, and the invisible characters that reorder text
#: (LRM, RLM, ALM, the embeddings/overrides and isolates) or break lines (LINE/PARAGRAPH SEPARATOR).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_LINE_RE = re.compile(f"[{_UNSAFE}\t\n]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def term(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character replaced by its visible escape (``\\x1b``).

    Newlines and tabs are kept, unless ``one_line`` (then they are escaped too, so a value cannot
    forge a line of its own)."""
    return (_UNSAFE_LINE_RE if one_line else _UNSAFE_RE).sub(_visible, text)


def one_line(text: str) -> str:
    """A value shown inside a line: controls, newlines and tabs all visible."""
    return term(text, one_line=True)


def clean(data: Any) -> Any:
    """A copy of JSON-like ``data`` (dicts, lists, tuples, scalars) with every string :func:`one_line`-d."""
    if isinstance(data, str):
        return one_line(data)
    if isinstance(data, dict):
        return {clean(k): clean(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [clean(v) for v in data]
    return data


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_text(data: Any, **kwargs: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, **kwargs)`` that still writes the unsafe characters as
    ``\\uXXXX`` (the same JSON value: only the encoding differs). json already escapes C0 itself;
    this adds DEL, C1 and the invisible direction characters, which ``ensure_ascii=False`` leaves raw."""
    # Outside strings JSON text is ASCII, so every hit is inside a string literal, where \\uXXXX is valid.
    return _UNSAFE_RE.sub(_json_escape, json.dumps(data, ensure_ascii=False, **kwargs))


def json_dump(data: Any, stream: TextIO, **kwargs: Any) -> None:
    """:func:`json_text` written to ``stream``."""
    stream.write(json_text(data, **kwargs))


class SafeStream:
    """Wraps a text stream: everything written goes through :func:`term` first."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(term(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, ...
        return getattr(self._stream, name)


def safe_stream(stream: TextIO) -> TextIO:
    """``stream`` wrapped in :class:`SafeStream` (once)."""
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)  # type: ignore[return-value]


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of :func:`term`-ed text: for messages that quote data, paths or file names."""
    import click

    click.echo(term(message), err=err, nl=nl)
