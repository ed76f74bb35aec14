"""Every report escdir prints, behind one registry: ``REPORTERS[(kind, format)]``.

A reporter is ``reporter(result, stream) -> None``. The kinds and what ``result`` is:

========== =========================================== ===============================
kind       result                                      formats
========== =========================================== ===============================
validate   :class:`escdir.validate.Result` (``problems``, ``files``)   text, json, github
diff       :class:`escdir.diff.DiffResult`             markdown, json, github
stale      :class:`escdir.stale.StaleReport`           text, json
show       the card dict of :func:`escdir.outage.card.quick_card`      text, json
lookup     :class:`.card.LookupMiss` (show/when/rma found no vendor)   text, json
when       :class:`escdir.outage.timeline.Timeline`    text, json
rma        :class:`.outage.RmaResult`                  text, json
========== =========================================== ===============================

The pieces every reporter shares are written once: the problem line (:mod:`.lines`), the GitHub
annotation escaper (:mod:`.github`) and the problem's JSON (:meth:`escdir.errors.Problem.to_json`).
Text goes through :mod:`escdir.termsafe`. Entries are named, not imported, so ``escdir --help``
does not load the diff machinery; :func:`reporter` imports the one that is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, TextIO

Reporter = Callable[[Any, TextIO], None]

#: (kind, format) -> "module:function" inside this package.
REPORTERS: dict[tuple[str, str], str] = {
    ("validate", "text"): "problems:text_report",
    ("validate", "json"): "problems:json_report",
    ("validate", "github"): "problems:github_report",
    ("diff", "markdown"): "diff:markdown_report",
    ("diff", "json"): "diff:json_report",
    ("diff", "github"): "diff:github_report",
    ("stale", "text"): "stale:text_stale",
    ("stale", "json"): "stale:json_stale",
    ("show", "text"): "card:show_text",
    ("show", "json"): "card:json_out",
    ("lookup", "text"): "card:miss_text",
    ("lookup", "json"): "card:miss_json",
    ("when", "text"): "outage:when_text",
    ("when", "json"): "outage:when_json",
    ("rma", "text"): "outage:rma_text_report",
    ("rma", "json"): "outage:rma_json",
}


def formats(kind: str) -> list[str]:
    """The formats ``kind`` can be reported in, in registry order (the first is the default)."""
    return [fmt for k, fmt in REPORTERS if k == kind]


def reporter(kind: str, fmt: str) -> Reporter:
    """The reporter for ``kind`` in ``fmt``; KeyError if there is none."""
    module, name = REPORTERS[(kind, fmt)].split(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


def report(kind: str, fmt: str, result: Any, stream: TextIO) -> None:
    """Write ``result`` to ``stream`` with the reporter for ``(kind, fmt)``."""
    reporter(kind, fmt)(result, stream)
