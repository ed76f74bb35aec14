"""The one problem line: ``file:line:col: level CODE path: message``, then ``    hint: ...``.

Every printer of a problem (``escdir validate``, ``stale``, ``diff``, ``show``, ``export``, the MkDocs
plugin's failure message) and :meth:`escdir.errors.Problem.format` use :func:`problem_line`, so the
format is written once. Terminal text is made safe here with :mod:`escdir.present.termsafe`: every field is
:func:`~escdir.present.termsafe.one_line`-d, so a file name, key or message cannot move the cursor or start a
forged line of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escdir.present.termsafe import one_line

if TYPE_CHECKING:
    from escdir.errors import Problem

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def _same(text: str) -> str:
    return text


def problem_line(p: Problem, *, hint: bool = True, color: bool = False, safe: bool = True) -> str:
    """``p`` as ``file:line:col: level CODE path: message`` (+ ``\\n    hint: ...`` when ``hint`` and it has one).

    ``color`` makes the location bold (only the location is coloured). ``safe=False`` gives the raw text,
    for logs and data that are escaped later (JSON); everything printed to a terminal keeps ``safe``."""
    esc = one_line if safe else _same
    loc = esc(f"{p.file}:{p.line}:{p.col}" if p.line else p.file)
    if color:
        loc = f"{BOLD}{loc}{RESET}"
    where = f"{esc(p.path)}: " if p.path else ""
    text = f"{loc}: {p.level.value} {p.code} {where}{esc(p.message)}"
    if hint and p.hint:
        text += f"\n    hint: {esc(p.hint)}"
    return text
