"""A vendors directory held across builds: re-checks only files whose bytes changed.

`mkdocs serve` revalidates on every save; this keeps that to the edited file plus the cheap
cross-file rules. The cache lives in memory only (nothing a pull request could plant on disk).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .loader import display_path
from .validate import FileOutcome, Result, check_file, combine, discover


@dataclass
class Workspace:
    vendors_dir: Path
    root: Path | None = None
    _cache: dict[Path, tuple[tuple[int, int, date], FileOutcome]] = field(default_factory=dict)

    def validate(self, *, today: date) -> Result:
        outcomes = []
        files = discover([self.vendors_dir])
        for path in files:
            try:
                st = path.stat()
                key = (st.st_mtime_ns, st.st_size, today)
            except OSError:
                key = None
            cached = self._cache.get(path)
            if key is not None and cached is not None and cached[0] == key:
                outcomes.append(cached[1])
                continue
            # The parsed document and its marks are not kept: only problems, summary and model are needed later.
            outcome = replace(check_file(path, today=today, root=self.root), doc=None)
            if key is not None:
                self._cache[path] = (key, outcome)
            outcomes.append(outcome)
        for gone in set(self._cache) - set(files):
            del self._cache[gone]
        return combine(outcomes)

    def display(self, path: Path) -> str:
        return display_path(path, self.root)
