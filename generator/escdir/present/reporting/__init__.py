"""Every report escdir prints, behind one registry: ``REPORTERS[(kind, format)]``.

A reporter is ``reporter(result, stream) -> None``. The kinds, and what ``result`` is:

* ``validate`` (text, json, github): anything with ``problems`` and ``files``, e.g.
  :class:`escdir.check.validate.Result` or :class:`.problems.Problems`;
* ``diff`` (markdown, json, github): :class:`escdir.derive.diff.DiffResult`;
* ``stale`` (text, json): :class:`escdir.check.stale.StaleReport`;
* ``show`` (text, json): the card of :func:`escdir.derive.outage.card.quick_card`;
* ``lookup`` (text, json): :class:`.card.LookupMiss`, when show/when/rma found no valid vendor;
* ``when`` (text, json): :class:`escdir.derive.clock.timeline.Timeline`;
* ``rma`` (text, json): :class:`.outage.RmaResult`.

Every ``--format`` choice of the CLI is :func:`formats` of its kind, and the commands print only
through :func:`report` (tests/test_reporting.py checks both). JSON problems use one key set,
:meth:`escdir.errors.Problem.to_json`: ``file``, ``line``, ``column``, ``level``, ``code``, ``path``,
``message``, ``hint``.

The pieces every reporter shares are written once: the problem line (:mod:`.lines`), the GitHub
annotation escaper (:mod:`.github`) and the problem's JSON (:meth:`escdir.errors.Problem.to_json`).
Text goes through :mod:`escdir.present.termsafe`. Entries are named, not imported, so ``escdir --help``
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
    ("show", "json"): "card:show_json",
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
    found: Reporter = getattr(import_module(f"{__name__}.{module}"), name)
    return found


def report(kind: str, fmt: str, result: Any, stream: TextIO) -> None:
    """Write ``result`` to ``stream`` with the reporter for ``(kind, fmt)``."""
    reporter(kind, fmt)(result, stream)
