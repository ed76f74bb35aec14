"""Stops a plain ``zensical build`` (or ``zensical serve``) of an escdir project before it writes anything.

Zensical reads mkdocs.yml but does not run the escdir plugin, and skips plugins it does not know without a word: it
would publish the hand-written guides with no vendor pages at all, an empty runbook. mkdocs.yml therefore names this
module in a YAML tag (``extra: {escdir_engine: !!python/name:escdir.publish.engine_guard.ENGINE}``). Every engine resolves
the tag while reading the file, before building:

* MkDocs and ProperDocs import this module and get a harmless string (the escdir plugin builds the site);
* imported from Zensical's configuration reader (found on the call stack), the import raises a YAML error, which
  Zensical reports as a configuration error, and it exits 1 having written nothing. The message says what to run instead: ``escdir build --engine zensical``.
"""

from __future__ import annotations

import sys
from types import FrameType

import yaml

MESSAGE = ("this is an escdir project: Zensical does not run the escdir plugin and would publish a site without "
           "vendor pages. Build it with `escdir build --engine zensical` (or `escdir build` for MkDocs).")



def _zensical_is_reading() -> bool:
    """Whether this import happens inside Zensical's code (its configuration reader), not merely in a process that
    has Zensical loaded."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).split(".")[0] == "zensical":
            return True
        frame = frame.f_back
    return False


if _zensical_is_reading():
    raise yaml.YAMLError(MESSAGE)

#: What mkdocs.yml's ``extra.escdir_engine`` holds under MkDocs and ProperDocs.
ENGINE = "escdir"
