"""ProperDocs (the maintained MkDocs 1.x fork) builds the sample site exactly as MkDocs does.

`properdocs build` runs the escdir plugin through its `mkdocs.plugins` entry point. The test builds the repository's
sample project with both engines on the golden files' day and compares: the same files, every file byte for byte
(the `generator` meta tag, which names the engine, aside), and each vendor page holding its golden body.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from escdir.publish.build import build_site

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
PROPERDOCS = Path(sys.executable).parent / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')

pytestmark = pytest.mark.skipif(not PROPERDOCS.exists(), reason="properdocs is not installed (extra: properdocs)")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    work = tmp_path_factory.mktemp("engines")
    env_day = {"ESCDIR_TODAY": "2026-11-23"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESCDIR_TODAY", env_day["ESCDIR_TODAY"])
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mkdocs_site = build_site(ROOT / "mkdocs.yml", work / "mkdocs-site")
        proc = subprocess.run([str(PROPERDOCS), "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                               "-d", str(work / "properdocs-site")], capture_output=True, text=True, timeout=300,
                              cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    out = {"mkdocs": _files(mkdocs_site), "properdocs": _files(work / "properdocs-site")}
    shutil.rmtree(work, ignore_errors=True)
    return out


def test_properdocs_builds_the_same_files(sites: dict[str, dict[str, bytes]]) -> None:
    assert sorted(sites["properdocs"]) == sorted(sites["mkdocs"])
    assert any(name.startswith("vendors/") for name in sites["properdocs"])


def test_properdocs_writes_every_file_as_mkdocs_does(sites: dict[str, dict[str, bytes]]) -> None:
    engine_tags = {GENERATOR.search(sites[e]["index.html"]).group() for e in ("mkdocs", "properdocs")}  # type: ignore[union-attr]
    assert len(engine_tags) == 2, "the generator tag should name each engine (else this test compares nothing)"
    differ = [name for name, data in sites["mkdocs"].items()
              if GENERATOR.sub(b"", data) != GENERATOR.sub(b"", sites["properdocs"][name])]
    assert differ == []


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.html")), ids=lambda p: p.stem)
def test_properdocs_vendor_page_holds_the_body_escdir_rendered(sites: dict[str, dict[str, bytes]],
                                                               golden: Path) -> None:
    """Each vendor page holds the body escdir's Site renders for this build (the goldens render the same pages
    for no particular reader; the build's reader comes from msp.yaml, escdir.derive.reader)."""
    from datetime import date

    from escdir.publish.site import Site

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESCDIR_TODAY", "2026-11-23")
        build = Site(ROOT).prepare(today=date(2026, 11, 23))
    body = build.pages[f"vendors/{golden.stem}.md"].html
    page = sites["properdocs"][f"vendors/{golden.stem}/index.html"].decode("utf-8")
    # on_post_page adds <wbr> inside very long words (escdir.present.longwords); the body is the page before that.
    assert body in page.replace("<wbr>", "")
