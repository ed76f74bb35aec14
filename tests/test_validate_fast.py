"""The fast paths of validation must give exactly the answers of the slow, thorough ones."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escdir.check.validate import check_problems, validate_paths
from escdir.load.loader import load_path
from escdir.load.schema import _fast_vendor_check, validator

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
# Every fixture that loads (the bad-YAML corpus stops before the schema and has nothing to compare).
YAML_FILES = sorted(p for base in (ROOT / "vendors", ROOT / "tests" / "data") for p in base.rglob("*.y*ml")
                    if load_path(p)[0] is not None)


def _agree(data: object) -> None:
    fast, failure = _fast_vendor_check()
    try:
        fast(data)
        fast_ok = True
    except failure:
        fast_ok = False
    slow_ok = not list(validator().iter_errors(data))
    assert fast_ok == slow_ok, data


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_schema_check_agrees_with_jsonschema(path: Path) -> None:
    doc, _ = load_path(path)
    _agree(doc.data)


LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12),
                   st.sampled_from(["4h", "2-4h", "nbd", "best-effort", "0", "24x7", "2026-02-30", "mon-fri",
                                    "08:00-18:00", "sev1", "phone", "internal", "https://x.example.com/"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_and_slow_agree_on_mutations(data) -> None:
    doc, _ = load_path(ROOT / "vendors" / "quillon-erp.yaml")
    tree = doc.data
    # Walk to a random node and replace it with a random value.
    parent, key, node = None, None, tree
    for _ in range(data.draw(st.integers(1, 6))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) \
            if isinstance(node, list) else []
        if not children:
            break
        k, child = data.draw(st.sampled_from(children))
        parent, key, node = node, k, child
        if not isinstance(child, (dict, list)):
            break
    if parent is not None:
        parent[key] = data.draw(st.one_of(LEAVES, st.lists(LEAVES, max_size=3),
                                          st.dictionaries(st.text(max_size=8), LEAVES, max_size=3)))
    _agree(tree)


def test_cached_parallel_validate_matches_plain(tmp_path: Path) -> None:
    """check_problems (cache + both cores) reports exactly what validate_paths reports, cold and warm."""
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    for i in range(120):
        for src in sorted((ROOT / "vendors").glob("*.yaml")):
            stem = f"{src.stem}-{i}"
            text = src.read_text().replace(f"id: {src.stem}", f"id: {stem}", 1)
            if i == 7:
                text = text.replace("last_verified: 2026", "last_verified: 2027", 1)  # an error (future date)
            (vendors / f"{stem}.yaml").write_text(text)
    expected = validate_paths([vendors], today=TODAY).problems
    cold = check_problems([vendors], today=TODAY, jobs=2).problems
    warm = check_problems([vendors], today=TODAY, jobs=2).problems
    assert cold == expected and warm == expected
    assert any(p.code == "ESC207" for p in expected) and any(p.code == "ESC305" for p in expected)
    # Editing one file changes the answer for it: the cache is keyed on content, never stale.
    shutil.copy(ROOT / "vendors" / "northwind-networks.yaml", vendors / "northwind-networks-3.yaml")
    after = check_problems([vendors], today=TODAY).problems
    assert any(p.code == "ESC201" and p.file.endswith("northwind-networks-3.yaml") for p in after)
    assert after == validate_paths([vendors], today=TODAY).problems
