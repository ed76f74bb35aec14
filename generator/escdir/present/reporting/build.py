"""``escdir build`` summary: what a non-strict build published past its warnings.

A count per code, the first few problem lines (client-affecting first, see :mod:`escdir.derive.published`), how many
concern each client site, and the ``--strict`` hint. Nothing is printed for a build without warnings.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from escdir.derive.published import Published
from escdir.present.reporting.lines import problem_line
from escdir.present.termsafe import one_line

#: How many problem lines the summary shows; `escdir validate` lists them all.
SHOWN = 5


def text_summary(result: Published, stream: TextIO) -> None:
    """The summary on ``stream``; nothing when the build had no warnings."""
    if not result.warnings:
        return
    counts = Counter(p.code for p in result.warnings)
    per_code = ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items()))
    n = len(result.warnings)
    stream.write(f"published with {n} warning{'s' if n != 1 else ''} ({per_code}):\n")
    if result.client:
        mine = len(result.for_client(result.client))
        stream.write(f"  {mine} of them concern{'s' if mine == 1 else ''} this client's site ({one_line(result.client)}); "
                     "listed first\n")
    else:
        touched = Counter(c for ids in result.clients for c in ids)
        if touched:
            top = ", ".join(f"{one_line(c)} {k}" for c, k in sorted(touched.items(), key=lambda x: (-x[1], x[0]))[:SHOWN])
            more = f" and {len(touched) - SHOWN} more" if len(touched) > SHOWN else ""
            stream.write(f"  client sites concerned: {top}{more}\n")
    stream.writelines("  " + problem_line(p, hint=False) + "\n" for p in result.ordered()[:SHOWN])
    if n > SHOWN:
        stream.write(f"  … and {n - SHOWN} more: `escdir validate` lists every one\n")
    stream.write("  build with --strict to fail on warnings instead of publishing them\n")
