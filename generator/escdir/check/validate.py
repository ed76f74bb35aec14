"""Validate a set of files or directories: load → schema → checks → model, collecting every problem.

Cold runs over many files use both cores; warm runs (nothing changed) answer from a JSON cache keyed
by each file's content hash, the schema, escdir's version and the date — so it can never serve a stale
answer. The cache lives in the user's cache directory, never in the project (a pull request cannot
plant one), and holds only problems and the small cross-file summary, no code or pickles.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from escdir.check.rules import Summary, cross_file_problems, run_file_checks
from escdir.check.store import ProblemStore
from escdir.errors import EscdirError, Problem
from escdir.load.files import SUFFIXES as SUFFIXES  # noqa: PLC0414  (explicit re-export for mypy: one rule)
from escdir.load.files import data_files
from escdir.load.loader import Document, display_path, load_bytes, read_capped
from escdir.load.schema import schema_problems
from escdir.model import Vendor
from escdir.model.construct import build_vendor

PARALLEL_MIN_FILES = 200


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
    """Vendor files under the given paths (see :func:`escdir.load.files.data_files`); EscdirError for a missing path."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() or path.is_file():
            files += data_files(path)
        elif path.is_symlink():
            files.append(path)  # broken or looping: reading it reports ESC001 naming it
        else:
            raise EscdirError(f"{path}: no such file or directory")
    return files


@dataclass
class FileOutcome:
    """One file's result: its problems, its cross-file summary and (when valid) its model."""

    file: str
    problems: list[Problem]
    summary: Summary | None = None
    vendor: Vendor | None = None
    doc: Document | None = None


def one_per_place(problems: list[Problem]) -> list[Problem]:
    """Where a JSON path has an error, only its first error (schema before rules) is kept — the same mistake is not
    reported twice; warnings at a place without errors are all kept (they say different things). File-level
    problems (no path) are all kept."""
    first_error: dict[str, Problem] = {}
    for p in problems:
        if p.path and p.is_error:
            first_error.setdefault(p.path, p)
    kept = [p for p in problems if not p.path or (p.path not in first_error and not p.is_error)]
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in kept:
        if (p.path, p.code) not in seen or not p.path:
            seen.add((p.path, p.code))
            unique.append(p)
    return sorted(unique + list(first_error.values()))


def check_document(doc: Document, *, today: date, models: bool = True, single: bool = False) -> FileOutcome:
    """Schema, rules and (when valid and asked) the model of one document; ``single``: the only one this process
    checks (see :func:`escdir.load.schema.schema_problems`)."""
    problems = schema_problems(doc, single=single)
    if problems:
        # One pass: the schema's problems and the rules' problems together, one problem per place.
        ctx = run_file_checks(doc, today=today, schema_valid=False)
        return FileOutcome(doc.file, one_per_place(problems + ctx.problems), doc=doc)
    ctx = run_file_checks(doc, today=today)
    ctx.problems[:] = one_per_place(ctx.problems)
    vendor = None
    if models and not any(p.is_error for p in ctx.problems):
        vendor = build_vendor(doc.data, doc.file)
    return FileOutcome(doc.file, list(ctx.problems), Summary.of(ctx), vendor, doc)


def check_file(path: Path, *, today: date, root: Path | None = None, models: bool = True) -> FileOutcome:
    file = display_path(path, root)
    raw, problem = read_capped(path, file)
    if problem:
        return FileOutcome(file, [problem])
    return check_bytes(raw, file, today=today, models=models)  # type: ignore[arg-type]


def check_bytes(raw: bytes, file: str, *, today: date, models: bool = True, single: bool = False) -> FileOutcome:
    doc, problem = load_bytes(raw, file)
    if problem:
        return FileOutcome(file, [problem])
    assert doc is not None
    return check_document(doc, today=today, models=models, single=single)


def combine(outcomes: list[FileOutcome]) -> Result:
    result = Result(files=len(outcomes))
    for o in outcomes:
        result.problems += o.problems
    cross = cross_file_problems([o.summary for o in outcomes if o.summary is not None])
    result.problems += cross
    bad = {p.file for p in cross if p.is_error}
    result.vendors = sorted((o.vendor for o in outcomes if o.vendor and o.file not in bad),
                            key=lambda v: (v.name.casefold(), v.id))
    result.problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    return result


def validate_paths(paths: Iterable[Path], *, today: date | None = None, root: Path | None = None) -> Result:
    """Validate every vendor file under ``paths`` and build the model of the files without errors."""
    today = today or date.today()
    return combine([check_file(f, today=today, root=root) for f in discover(paths)])


# ---- problems-only validation (the `escdir validate` command): cached and parallel -------------------

def outcome_json(o: FileOutcome) -> dict[str, Any]:
    """What the problem store keeps of an outcome (see :class:`escdir.check.store.ProblemStore`)."""
    return _to_json(o)


def _to_json(o: FileOutcome) -> dict[str, Any]:
    return {"problems": [p.to_json() for p in o.problems],
            "summary": asdict(o.summary) if o.summary else None}


def _from_json(file: str, data: dict[str, Any]) -> FileOutcome:
    problems = [Problem.from_json(p, file=file) for p in data["problems"]]
    s = data["summary"]
    summary = None
    if s:
        summary = Summary(file, s["vendor_id"], tuple(s["id_pos"]), tuple(tuple(x) for x in s["phones"]),
                          tuple(s.get("known_gaps", ())))
    return FileOutcome(file, problems, summary)


def _work(batch: list[tuple[bytes, str]], today: date) -> list[dict[str, Any]]:
    return [_to_json(check_bytes(raw, file, today=today, models=False)) for raw, file in batch]


def check_problems(paths: Iterable[Path], *, today: date, root: Path | None = None, cache: bool = True,
                   jobs: int | None = None, store: ProblemStore | None = None) -> Result:
    """Problems of every file (no models): the fast path of `escdir validate`."""
    files = discover(paths)
    outcomes: dict[str, FileOutcome] = {}
    todo: list[tuple[bytes, str, str]] = []
    store = store or ProblemStore(today, enabled=cache)
    order = []
    for path in files:
        file = display_path(path, root)
        order.append(file)
        raw, problem = read_capped(path, file)
        if raw is None:
            outcomes[file] = FileOutcome(file, [problem] if problem else [])
            continue
        key = store.key(raw, path.name)
        hit = store.get(key)
        if hit is not None:
            try:
                outcomes[file] = _from_json(file, hit)
                continue
            except (KeyError, TypeError, ValueError):  # a malformed entry is a miss, never an answer
                pass
        todo.append((raw, file, key))
    fresh = _run(todo, today, jobs)
    for (_raw, file, key), data in zip(todo, fresh, strict=True):
        outcomes[file] = _from_json(file, data)
        store.put(key, data)
    store.save()
    return combine([outcomes[f] for f in order])


def _run(todo: list[tuple[bytes, str, str]], today: date, jobs: int | None) -> list[dict[str, Any]]:
    batch = [(raw, file) for raw, file, _ in todo]
    workers = jobs or os.cpu_count() or 1
    if len(batch) < PARALLEL_MIN_FILES or workers < 2:
        return _work(batch, today)
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from escdir.load.schema import _fast_vendor_check

    _fast_vendor_check()  # compile once here; forked workers inherit it instead of compiling twice more

    size = -(-len(batch) // workers)
    chunks = [batch[i:i + size] for i in range(0, len(batch), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [item for chunk in pool.map(partial(_work, today=today), chunks) for item in chunk]


