"""The tests run against the locked dependency set, and the lock satisfies pyproject's ranges."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-test.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if m:
            pins[canonicalize_name(m[1])] = m[2]
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in ("test", "bench"):
        reqs += project["optional-dependencies"][extra]
    return [Requirement(r) for r in reqs]


def test_lock_pins_every_dependency_within_pyproject_ranges() -> None:
    pins = _pins()
    assert len(pins) > 20
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is missing from {LOCK.name}: refresh the lock (README, 'The lock')"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {req}"


def test_this_environment_is_the_lock() -> None:
    """The suite must run against exactly the locked versions (README command 2 installs them)."""
    wrong = {}
    for name, version in _pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong[name] = (version, None)
            continue
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"installed packages differ from {LOCK.name} (locked, installed): {wrong}"
