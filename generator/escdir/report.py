"""Reporters: text (``file:line:col: level CODE message`` + hint), JSON, GitHub annotations."""

from __future__ import annotations

import os
from typing import TextIO

from .errors import Problem
from .termsafe import json_dump, one_line, term


def _color(stream: TextIO) -> bool:
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def text_report(problems: list[Problem], stream: TextIO, *, files: int | None = None) -> None:
    """``file:line:col: level CODE path: message`` and a ``hint:`` line per problem, then a count.

    File names, paths and messages can quote data: their control characters are printed as escapes
    (:mod:`escdir.termsafe`), and a newline in a file name or key cannot start a forged line."""
    color = _color(stream)
    for p in problems:
        loc = one_line(p.location())
        if color:
            loc = f"\x1b[1m{loc}\x1b[0m"
        where = f"{one_line(p.path)}: " if p.path else ""
        stream.write(f"{loc}: {p.level.value} {p.code} {where}{term(p.message)}\n")
        if p.hint:
            stream.write(f"    hint: {term(p.hint)}\n")
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if files is not None:
        stream.write(f"{files} file{'s' if files != 1 else ''} checked: {errors} error{'s' if errors != 1 else ''}, "
                     f"{warnings} warning{'s' if warnings != 1 else ''}\n")


def json_report(problems: list[Problem], stream: TextIO, *, files: int | None = None) -> None:
    payload = {
        "files": files,
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "problems": [
            {"file": p.file, "line": p.line, "column": p.col, "level": p.level.value, "code": p.code,
             "path": p.path, "message": p.message, "hint": p.hint}
            for p in problems
        ],
    }
    json_dump(payload, stream, indent=2)
    stream.write("\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = term(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_report(problems: list[Problem], stream: TextIO, *, files: int | None = None) -> None:
    for p in problems:
        kind = "error" if p.is_error else "warning"
        props = f"file={_gh_escape(p.file, prop=True)}"
        if p.line:
            props += f",line={p.line},col={p.col}"
        props += f",title={_gh_escape(p.code, prop=True)}"
        where = f"{p.path}: " if p.path else ""
        msg = f"{p.code} {where}{p.message}" + (f"\nhint: {p.hint}" if p.hint else "")
        stream.write(f"::{kind} {props}::{_gh_escape(msg)}\n")


REPORTERS = {"text": text_report, "json": json_report, "github": github_report}
