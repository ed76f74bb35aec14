"""Which files in a directory are data files: one rule for every command (validate, build, show, when, rma, diff).

A name ending in ``.yaml``/``.yml`` that is a regular file, or a symbolic link of any kind (a broken link or a
link loop is listed too, so the reader reports it as ESC001 naming the file, instead of one command skipping it
and another failing on it).
"""

from __future__ import annotations

import os
from pathlib import Path

from escdir.errors import EscdirError

SUFFIXES = (".yaml", ".yml")


def data_files(directory: Path) -> list[Path]:
    """Data files in ``directory`` sorted by name (``directory`` itself when it is a file); EscdirError when missing."""
    if directory.is_file():
        return [directory]
    try:
        with os.scandir(directory) as it:
            names = sorted(e.name for e in it if e.name.endswith(SUFFIXES) and _is_data(e))
    except (FileNotFoundError, NotADirectoryError):
        raise EscdirError(f"{directory}: no such file or directory") from None
    except OSError as exc:
        raise EscdirError(f"{directory}: {exc.strerror or exc}") from None
    return [directory / n for n in names]


def _is_data(entry: os.DirEntry[str]) -> bool:
    if entry.is_symlink():
        return True
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return True
