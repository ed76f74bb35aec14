"""Query → index → fuzzy match → validation of the one matching file → model.

Only the matched file is validated, through the project's one problem store
(:meth:`escdir.derive.project.Project.checked`): the bytes are read once, judged (from the store, or by the full
validator), and the model is built from those same bytes — an edit made meanwhile cannot slip in unchecked.

Cross-file rules are reduced to the one that matters here — a duplicate id, which the site build
rejects — reported with the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from escdir.derive.outage.find import FindResult, find
from escdir.derive.outage.index import PendingIndex, build_index
from escdir.derive.project import Project
from escdir.errors import Problem
from escdir.load.loader import load_path
from escdir.model import Vendor


@dataclass
class Lookup:
    """The outcome of looking a vendor up: the match, its validated model or its problems."""

    found: FindResult
    vendor: Vendor | None = None
    problems: list[Problem] = field(default_factory=list)
    same_id: list[str] = field(default_factory=list)
    unvalidated_phones: list[tuple[str, str]] = field(default_factory=list)
    file: str = ""

    @property
    def invalid(self) -> bool:
        """Matched a file that fails validation (its data is not trustworthy)."""
        return self.found.match is not None and self.vendor is None

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def validated_vendor(path: Path, *, today: date, use_cache: bool = True,
                     project: Project | None = None) -> tuple[Vendor | None, list[Problem], str]:
    """(model or None, problems, display name) of one file; the model only when it has no errors."""
    project = project or Project.of_vendors(path.parent, use_store=use_cache)
    return project.checked(path, today=today, single=True)


def lookup(query: str, directory: Path, *, today: date, use_cache: bool = True,
           project: Project | None = None, index: PendingIndex | None = None) -> Lookup:
    """Find ``query`` in ``directory`` and validate the match; raises EscdirError for a missing directory.
    ``index``: the index of ``directory`` already started (:func:`escdir.derive.outage.index.start_index`)."""
    entries = index.finish(meanwhile=_prepare_check) if index is not None else build_index(directory,
                                                                                         use_cache=use_cache)
    found = find(query, entries)
    if found.match is None:
        return Lookup(found)
    entry = found.match.entry
    vendor, problems, file = validated_vendor(Path(entry.file), today=today, use_cache=use_cache, project=project)
    same_id = [e.file for e in entries if e.id == entry.id and e.file != entry.file]
    out = Lookup(found, vendor, problems, same_id, file=file)
    if vendor is None:
        out.unvalidated_phones = raw_phones(Path(entry.file))
    return out


def _prepare_check() -> None:
    """Load what checking the matched file needs (the checker, the vendor schema's validator): a cold index runs
    this while its forked child is still reading, so the time is not added to the lookup's."""
    from escdir.check import validate  # noqa: F401
    from escdir.load.schema import validator

    validator("vendor")


def raw_phones(path: Path) -> list[tuple[str, str]]:
    """(label, number) of phone contacts as written in a file that fails validation — shown marked as such."""
    doc, _problem = load_path(path)
    contacts = doc.data.get("contacts") if doc else None
    out = []
    for c in contacts if isinstance(contacts, list) else ():
        if isinstance(c, dict) and c.get("kind") == "phone" and isinstance(c.get("value"), str):
            label = c.get("label") if isinstance(c.get("label"), str) else c.get("region", "")
            out.append((str(label or ""), c["value"]))
    return out
