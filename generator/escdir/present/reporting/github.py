"""GitHub Actions workflow commands (``::error file=...::message``): the one escaper, and problems as annotations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from escdir.errors import Problem
from escdir.present.termsafe import term


def gh_escape(text: str, *, prop: bool = False) -> str:
    """``text`` as GitHub reads it in a workflow command: ``%``, CR and LF encoded; in a property
    (``prop``: ``file=``, ``title=``) also ``:`` and ``,``. Control characters are made visible first."""
    text = term(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotate(kind: str, message: str, *, title: str = "", file: str = "", line: int = 0,
             col: int | None = None) -> str:
    """One ``::kind props::message`` line (with its newline); ``line`` (and ``col``) only with a ``file``."""
    props = []
    if file:
        props.append(f"file={gh_escape(file, prop=True)}")
        if line:
            props.append(f"line={line}")
            if col is not None:
                props.append(f"col={col}")
    if title:
        props.append(f"title={gh_escape(title, prop=True)}")
    return f"::{kind} {','.join(props)}::{gh_escape(message)}\n"


def problem_annotations(problems: Iterable[Problem], stream: TextIO) -> None:
    """An ``::error``/``::warning`` annotation per problem, on its file and line; the hint is its second line."""
    for p in problems:
        where = f"{p.path}: " if p.path else ""
        msg = f"{p.code} {where}{p.message}" + (f"\nhint: {p.hint}" if p.hint else "")
        stream.write(annotate("error" if p.is_error else "warning", msg, title=p.code, file=p.file,
                              line=p.line, col=p.col))
