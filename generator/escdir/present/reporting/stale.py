"""``escdir stale`` reporters: text (a line per entry, then a count) and JSON."""

from __future__ import annotations

from typing import TextIO

from escdir.check.stale import REASONS, StaleReport
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import json_dump, one_line, safe_stream


def text_stale(report: StaleReport, stream: TextIO) -> None:
    """One ``file:line: vendor: ...`` line per entry, then a count (controls from data shown as escapes)."""
    stream = safe_stream(stream)
    stream.writelines(problem_line(p, hint=False) + "\n" for p in report.errors)
    for e in report.entries:
        where = one_line(f"{e.file}:{e.line}" if e.line else e.file)
        bits = []
        for reason in e.reasons:
            if reason == "overdue":
                bits.append(f"review overdue by {e.days_overdue(report.today)} days "
                            f"(due {e.due}, every {e.review_every})")
            else:
                bits.append(REASONS[reason])
        stream.write(f"{where}: {e.vendor}: last verified {e.last_verified}; {'; '.join(bits)}\n")
    skipped = f", {len({p.file for p in report.errors})} skipped with errors" if report.errors else ""
    stream.write(f"{len(report.entries)} of {report.checked} entr{'y' if report.checked == 1 else 'ies'} "
                 f"need review on {report.today}{skipped}\n")


def json_stale(report: StaleReport, stream: TextIO) -> None:
    """The same entries as data, with due dates and days overdue."""
    payload = {
        "today": report.today.isoformat(), "checked": report.checked,
        "entries": [{"vendor": e.vendor, "name": e.name, "file": e.file, "line": e.line,
                     "last_verified": e.last_verified.isoformat(), "review_every": e.review_every or None,
                     "due": e.due.isoformat() if e.due else None, "days_overdue": e.days_overdue(report.today),
                     "reasons": list(e.reasons)} for e in report.entries],
        "errors": [p.to_json() for p in report.errors],
    }
    json_dump(payload, stream, indent=2)
    stream.write("\n")

