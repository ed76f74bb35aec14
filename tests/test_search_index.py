"""The lean search entry of a vendor page: escaped for Material, plain join keys for escdir-find.js."""

from __future__ import annotations

import json
from pathlib import Path

from escdir.pages import Page
from escdir.search_index import append_entries, lean_entry


def test_lean_entry_escapes_what_material_renders_as_html() -> None:
    page = Page("vendors/x.md", "<img src=x onerror=alert(1)>", "", tags=("a&b", "<script>"),
                lean_search=True, search_text="x" * 400, search_keys=(("serial", ("AB<1",)), ("host", ())))
    e = lean_entry(page, "vendors/x/")
    assert e["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert e["tags"] == ["a&amp;b", "&lt;script&gt;"]
    assert len(e["text"]) <= 170
    assert e["keys"] == {"serial": ["AB<1"]}  # read as text by escdir-find.js, never rendered as HTML


def test_append_entries_replaces_a_vendor_entry_instead_of_duplicating(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    path = tmp_path / "search" / "search_index.json"
    path.write_text(json.dumps({"config": {}, "docs": [{"location": "guides/", "title": "G", "text": ""},
                                                       {"location": "vendors/x/", "title": "old", "text": ""}]}))
    assert append_entries(tmp_path, [{"location": "vendors/x/", "title": "new", "text": ""}])
    docs = json.loads(path.read_text())["docs"]
    assert [(d["location"], d["title"]) for d in docs] == [("guides/", "G"), ("vendors/x/", "new")]
    assert not append_entries(tmp_path / "nowhere", [])
