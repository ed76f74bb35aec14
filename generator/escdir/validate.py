"""Validate a set of files or directories: load → schema → checks → model, collecting every problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .checks import Ctx, cross_file_problems, run_file_checks
from .errors import EscdirError, Problem
from .loader import Document, display_path, load_path
from .model import Vendor, build_vendor
from .schema import schema_problems

SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    vendors: list[Vendor] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def ok(self, *, strict: bool = False) -> bool:
        return not (self.errors or (strict and self.warnings))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Vendor files under the given paths, sorted; raises EscdirError for a path that does not exist."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise EscdirError(f"{path}: no such file or directory")
    return files


@dataclass
class FileOutcome:
    """One file's result: its problems, and the checked context/vendor when it got that far."""

    file: str
    problems: list[Problem]
    ctx: Ctx | None = None
    vendor: Vendor | None = None


def check_document(doc: Document, *, today: date) -> FileOutcome:
    problems = schema_problems(doc)
    if problems:
        return FileOutcome(doc.file, problems)
    ctx = run_file_checks(doc, today=today)
    vendor = None
    if not any(p.is_error for p in ctx.problems):
        vendor = build_vendor(doc.data, doc.file)
    return FileOutcome(doc.file, list(ctx.problems), ctx, vendor)


def check_file(path: Path, *, today: date, root: Path | None = None) -> FileOutcome:
    file = display_path(path, root)
    doc, problem = load_path(path, file=file)
    if problem:
        return FileOutcome(file, [problem])
    assert doc is not None
    return check_document(doc, today=today)


def validate_paths(paths: Iterable[Path], *, today: date | None = None, root: Path | None = None) -> Result:
    """Validate every vendor file under ``paths``; the model holds only files without errors."""
    today = today or date.today()
    files = discover(paths)
    return combine([check_file(f, today=today, root=root) for f in files])


def combine(outcomes: list[FileOutcome]) -> Result:
    result = Result(files=len(outcomes))
    contexts = [o.ctx for o in outcomes if o.ctx is not None]
    for o in outcomes:
        result.problems += o.problems
    cross = cross_file_problems(contexts)
    result.problems += cross
    bad = {p.file for p in cross if p.is_error}
    result.vendors = sorted((o.vendor for o in outcomes if o.vendor and o.file not in bad),
                            key=lambda v: (v.name.casefold(), v.id))
    result.problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    return result
