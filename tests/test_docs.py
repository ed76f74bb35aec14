"""Docs cannot drift: commands in the README, the error-code page, and CI running the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from escdir.cli import cli
from escdir.errors import CODES, codes_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in cli.commands if f"escdir {name}" not in README]
    assert missing == []


def test_error_code_page_is_generated_from_the_table() -> None:
    page = (ROOT / "site_src" / "reference" / "error-codes.md").read_text(encoding="utf-8")
    assert page == codes_markdown(), "regenerate with: escdir explain --markdown > site_src/reference/error-codes.md"
    assert all(code in page for code in CODES)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    block = README.split("## Two commands", 1)[1].split("```", 2)[1]
    commands = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(("#", "sh"))]
    assert len(commands) == 2, commands
    test_command = commands[1]
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_links_resolve() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if target.startswith(("http", "mailto:")):
            continue
        assert (ROOT / target).exists() or (ROOT.parent / target.removeprefix("../")).exists(), target


def test_readme_says_the_test_command_needs_root_for_apt_get() -> None:
    block = README.split("## Two commands", 1)[1].split("```", 2)[1]
    lines = block.splitlines()
    test_line = next(i for i, line in enumerate(lines) if "pytest" in line)
    assert "apt-get" in lines[test_line]
    comment = " ".join(line for line in lines[:test_line] if line.startswith("#"))
    assert "root" in comment and "sudo apt-get" in comment
    assert "sudo apt-get install" in README.split("## Two commands", 1)[1].split("##", 1)[0].split("```", 2)[2]


def test_readme_points_only_at_files_in_the_repository() -> None:
    """A file path in backticks or a link names a file of this repository (globs and <placeholders> must match one).
    Directories such as `site/<client>/` or `api/v1/` are what a build writes, not files to read."""
    tops = {p.name for p in ROOT.iterdir()}
    paths = set(re.findall(r"`([\w.<>*-]+/[\w./<>*-]+\.[a-z]+)`", README)) | \
        set(re.findall(r"\]\(([^)#:]+)\)", README))
    assert "site_src/guides/data-model.md" in paths
    outside = [p for p in paths if p.split("/", 1)[0] not in tops]
    assert outside == [], f"not in the repository: {outside}"
    for p in paths:
        if any(ch in p for ch in "*<"):
            assert list(ROOT.glob(re.sub(r"<[^>]*>", "*", p))), p
