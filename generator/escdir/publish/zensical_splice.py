"""Python-Markdown extension for the Zensical adapter (:mod:`escdir.publish.zensical_engine`): swaps a generated page's
marker for the page's finished HTML and gives Zensical its table of contents, as the MkDocs plugin does in
``on_page_content``.

Listed only in the configuration escdir writes for Zensical, with ``bodies``: a directory of ``<n>.json`` files
(``{"html": ..., "toc": [[level, id, title], ...]}``) written by the same build. A page whose Markdown holds
``ESCDIR-BODY-7f3a <n>`` becomes exactly that HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markupsafe import escape

from escdir.present.pages import BODY_MARKER

_MARKER = re.compile(rf"{BODY_MARKER} (\d+)")


class _Splice(Postprocessor):
    def __init__(self, md: Markdown, bodies: Path) -> None:
        super().__init__(md)
        self.bodies = bodies

    def run(self, text: str) -> str:
        found = _MARKER.search(text)
        if found is None:
            return text  # a hand-written page
        body = json.loads((self.bodies / f"{found.group(1)}.json").read_text(encoding="utf-8"))
        # Zensical reads the table of contents from md.toc_tokens after the conversion (zensical.markdown.render).
        self.md.toc_tokens = [
            {"level": level, "id": ident, "name": title, "html": str(escape(title)), "data-toc-label": "",
             "children": []} for level, ident, title in body["toc"]]
        return str(body["html"])


class SpliceExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"bodies": ["", "directory of the page bodies written by escdir"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        md.postprocessors.register(_Splice(md, Path(self.getConfig("bodies"))), "escdir_splice", 0)


def makeExtension(**kwargs: Any) -> SpliceExtension:  # noqa: N802  (Python-Markdown's entry point)
    return SpliceExtension(**kwargs)
