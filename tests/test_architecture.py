"""The tree shows the pipeline: stage packages in data-flow order, and imports point only down it.

Stages (each package's ``__init__`` docstring says what enters and what leaves):
load → model → check → derive → present → publish. ``model`` holds the frozen types every later stage reads, so it
comes before ``check`` (the checks build it). Modules at the package root (``cli``, ``errors``, ``plugin``, the
``commands`` package and ``__init__``) are the edge: they may import any stage, and no stage imports them, except
``errors`` (the one exception type and problem record every stage raises) and ``escdir`` itself (version, today).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "generator" / "escdir"
STAGES = ("load", "model", "check", "derive", "present", "publish")
EDGE = {"cli", "plugin", "commands", "__main__"}
SHARED = {"errors", ""}  # importable from every stage: escdir.errors and escdir (version, today)


def _module(path: Path) -> str:
    rel = path.relative_to(PKG).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; the package uses absolute imports"
            if node.module and (node.module == "escdir" or node.module.startswith("escdir.")):
                base = node.module.removeprefix("escdir").lstrip(".")
                if not base:  # from escdir import x: x may be a module, or a name such as __version__
                    found.update(a.name for a in node.names
                                 if (PKG / f"{a.name}.py").exists() or (PKG / a.name / "__init__.py").exists())
                else:
                    found.add(base)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("escdir.") for a in node.names if a.name.startswith("escdir."))
    return found


def _stage(module: str) -> str:
    return module.split(".")[0] if module else ""


SOURCES = sorted(PKG.rglob("*.py"))


def test_root_holds_only_the_edge() -> None:
    root = {p.stem for p in PKG.glob("*.py")} - {"__init__"}
    dirs = {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert root <= EDGE | SHARED, f"modules at the root that belong in a stage package: {sorted(root - EDGE - SHARED)}"
    assert dirs <= set(STAGES) | EDGE, f"packages that are not stages: {sorted(dirs - set(STAGES) - EDGE)}"


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_enters_and_leaves(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PKG / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "Enters:" in doc and "Leaves:" in doc, f"{stage}/__init__.py docstring must say what enters and leaves"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PKG).as_posix())
def test_imports_point_down_the_pipeline(path: Path) -> None:
    here = _stage(_module(path))
    if here not in STAGES:
        return  # the edge imports anything
    rank = STAGES.index(here)
    for target in _imports(path):
        there = _stage(target)
        if there in SHARED:
            continue
        assert there not in EDGE, f"{_module(path)} imports the edge module {target}"
        assert there in STAGES, f"{_module(path)} imports {target}, which is in no stage"
        assert STAGES.index(there) <= rank, (
            f"{_module(path)} ({here}) imports {target} ({there}), which is later in the pipeline")
