"""escdir: a vendor escalation directory built from per-vendor YAML files."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

__version__ = "0.1.0"


def today() -> date:
    """The date checks and pages are computed for.

    ``SOURCE_DATE_EPOCH`` (reproducible builds) or ``ESCDIR_TODAY`` (YYYY-MM-DD) override the clock, so
    staleness badges and warnings are reproducible.
    """
    if os.environ.get("ESCDIR_TODAY"):
        try:
            return date.fromisoformat(os.environ["ESCDIR_TODAY"])
        except ValueError:
            from escdir.errors import EscdirError

            raise EscdirError(f"ESCDIR_TODAY={os.environ['ESCDIR_TODAY']!r} is not a YYYY-MM-DD date") from None
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC).date()
    return date.today()
