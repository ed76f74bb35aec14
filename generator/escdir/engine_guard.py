"""Stops a plain ``zensical build`` (or ``zensical serve``) of an escdir project before it writes anything.

Zensical reads mkdocs.yml but does not run the escdir plugin, and skips plugins it does not know without a word: it
would publish the hand-written guides with no vendor pages at all, an empty runbook. mkdocs.yml therefore names this
module in a YAML tag (``extra: {escdir_engine: !!python/name:escdir.engine_guard.ENGINE}``). Every engine resolves
the tag while reading the file, before building:

* MkDocs and ProperDocs import this module and get a harmless string (the escdir plugin builds the site);
* under Zensical the import raises a YAML error, which Zensical reports as a configuration error, and it exits 1
  having written nothing. The message says what to run instead: ``escdir build --engine zensical``.
"""

from __future__ import annotations

import sys

import yaml

MESSAGE = ("this is an escdir project: Zensical does not run the escdir plugin and would publish a site without "
           "vendor pages. Build it with `escdir build --engine zensical` (or `escdir build` for MkDocs).")

if "zensical" in sys.modules:  # imported while Zensical reads mkdocs.yml
    raise yaml.YAMLError(MESSAGE)

#: What mkdocs.yml's ``extra.escdir_engine`` holds under MkDocs and ProperDocs.
ENGINE = "escdir"
