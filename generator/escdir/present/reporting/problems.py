"""``escdir validate`` reporters: text (problem lines + a count), JSON, GitHub annotations."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from escdir.errors import Problem
from escdir.present.reporting.github import problem_annotations
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import json_dump


class Checked(Protocol):
    """What a validation run reports: its problems and how many files it read (None: not counted)."""

    problems: list[Problem]
    files: int | None


@dataclass
class Problems:
    """A plain :class:`Checked` (for problems that do not come from :func:`escdir.check.validate.check_problems`)."""

    problems: list[Problem] = field(default_factory=list)
    files: int | None = None


def _color(stream: TextIO) -> bool:
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def text_report(result: Checked, stream: TextIO) -> None:
    """A :func:`~.lines.problem_line` (with its ``hint:`` line) per problem, then a count when files were counted."""
    color = _color(stream)
    stream.writelines(problem_line(p, color=color) + "\n" for p in result.problems)
    errors = sum(p.is_error for p in result.problems)
    if result.files is not None:
        stream.write(f"{_plural(result.files, 'file')} checked: {_plural(errors, 'error')}, "
                     f"{_plural(len(result.problems) - errors, 'warning')}\n")


def json_data(result: Checked) -> dict[str, Any]:
    """The JSON document of :func:`json_report`; problems in :meth:`Problem.to_json` form."""
    return {"files": result.files, "errors": sum(p.is_error for p in result.problems),
            "warnings": sum(not p.is_error for p in result.problems),
            "problems": [p.to_json() for p in result.problems]}


def json_report(result: Checked, stream: TextIO) -> None:
    """``{"files", "errors", "warnings", "problems": [...]}``."""
    json_dump(json_data(result), stream, indent=2)
    stream.write("\n")


def github_report(result: Checked, stream: TextIO) -> None:
    """An annotation per problem on its file and line."""
    problem_annotations(result.problems, stream)
