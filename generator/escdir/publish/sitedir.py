"""Where a site may be written, and switching a new build in without ever showing a half-written site.

A build replaces its output directory wholesale, so the output directory is checked before anything is
touched: it may not be, contain or lie inside the project's sources (the docs dir, vendors/, clients/, schema/,
msp.yaml, the configuration's directory, any git work tree), and an existing non-empty directory is only
replaced when escdir built it (it holds :data:`MARKER`). The check is the same for `escdir build`,
`escdir export` and plain `mkdocs build` (the plugin calls it from ``on_config``).

The switch (:func:`swap_in`) is one ``renameat2(RENAME_EXCHANGE)`` on Linux: a reader sees the old site or
the new one, never neither. Where the platform lacks it, two renames are used and a reader can, for that
instant, find no directory.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from escdir.errors import EscdirError

#: Written into every site escdir builds; only a directory holding it, with :data:`MARKER_TAG` as its first line,
#: is ever replaced. Its mere existence is not enough: an empty or foreign file of that name proves nothing.
MARKER = ".escdir-site"
MARKER_TAG = "escdir-site 1"
MARKER_TEXT = (f"{MARKER_TAG}\n"
               "This directory was built by escdir and is replaced by its next build. Do not keep files here.\n")
#: The marker text of sites built before the tag line existed (still escdir's own words, so still replaceable).
_MARKER_TEXT_V0 = "This directory was built by escdir and is replaced by its next build. Do not keep files here.\n"


class UnsafeSiteDirError(EscdirError):
    """The output directory would destroy something escdir did not create."""


class BuildLockedError(EscdirError):
    """Another build into the same directory is running."""


class SiteDirWriteError(EscdirError):
    """The output directory or its build lock cannot be written (read-only, no permission, no such folder)."""


def _inside(path: Path, other: Path) -> bool:
    return path == other or path.is_relative_to(other)


def _git_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def protected_paths(root: Path, extra: Iterable[Path | str] = ()) -> list[Path]:
    """The project's sources under ``root`` that no output directory may be, contain or lie inside."""
    names = ("vendors", "clients", "schema", "site_src", "docs", "generator", "tests", "msp.yaml", "mkdocs.yml",
             "pyproject.toml", ".git")
    out = [(root / n).resolve() for n in names]
    out += [(root / p).resolve() for p in extra]
    return out


def built_by_escdir(target: Path) -> bool:
    """Whether ``target`` holds escdir's marker: a regular file (not a link) whose text escdir wrote.

    No other sign counts: a folder with ``index.html``, ``sitemap.xml`` and ``api/v1/`` may be anybody's.
    """
    marker = target / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        with open(marker, "rb") as fh:
            head = fh.read(len(MARKER_TEXT) + 1)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace")
    return text.split("\n", 1)[0] == MARKER_TAG or text == _MARKER_TEXT_V0


def _refuse_sources(target: Path, root: Path, sources: Iterable[Path | str], shown: str, what: str) -> None:
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is {'/' if target == Path(target.anchor) else '~'}")
    if _inside(root, target):
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is or contains the project directory {root}")
    for src in protected_paths(root, sources):
        if _inside(target, src) or _inside(src, target):
            relation = "is" if target == src else ("is inside" if _inside(target, src) else "contains")
            raise UnsafeSiteDirError(f"refusing {what} {shown}: it {relation} the project's {src.name}")
    git = _git_root(target) if target.exists() else None
    if git is not None and _inside(git, target):
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is or contains a git work tree ({git})")


def _refuse_foreign(target: Path, shown: str, what: str) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is a file, not a directory")
    try:
        empty = not any(target.iterdir())
    except OSError as exc:
        raise UnsafeSiteDirError(f"refusing {what} {shown}: {exc.strerror or exc}") from None
    if not empty and not built_by_escdir(target):
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is not empty and escdir did not build it "
                                 f"(no {MARKER} file written by escdir); choose an empty or new directory")


def check_site_dir(target: Path, *, root: Path, sources: Iterable[Path | str] = (), what: str = "site dir") -> Path:
    """Resolve ``target`` and refuse it (:class:`UnsafeSiteDirError`) unless replacing it destroys nothing of the user's.

    ``root`` is the project directory (the configuration's directory); ``sources`` adds the configured docs,
    vendors and clients directories when they are not the defaults.
    """
    shown = str(target)
    target = Path(os.path.abspath(target))
    if target.is_symlink():
        raise UnsafeSiteDirError(f"refusing {what} {shown}: it is a symbolic link; give the real directory")
    target = target.resolve()
    _refuse_sources(target, root.resolve(), sources, shown, what)
    _refuse_foreign(target, shown, what)
    return target


def mark(site: Path) -> None:
    """Record that escdir built ``site`` (so the next build may replace it)."""
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock for building into ``target``; :class:`BuildLockedError` if another build holds it.

    While holding it, temporary directories left by killed builds (``.<name>-new-*``, ``.<name>-old-*``) are removed.
    """
    import fcntl

    lock_path = target.parent / f".{target.name}.escdir-lock"
    while True:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:  # a read-only or unwritable folder: one line, nothing touched
            raise SiteDirWriteError(f"cannot write into {target.parent}: {exc.strerror or exc} "
                                    f"(the build lock {lock_path.name}); nothing was changed") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise BuildLockedError(f"another build into {target} is running; try again when it has finished") \
                    from None
            raise SiteDirWriteError(f"cannot lock {lock_path}: {exc.strerror or exc}; nothing was changed") from None
        try:  # the lock file may have been unlinked by the previous holder between our open and flock
            same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        for stale in (*target.parent.glob(f".{target.name}-new-*"), *target.parent.glob(f".{target.name}-old-*")):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        try:
            os.unlink(lock_path)
        except OSError:
            pass
        os.close(fd)


def new_temp_dir(target: Path) -> Path:
    """An empty sibling of ``target`` (same filesystem, so the switch is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700; a site is read by a web server
    return tmp


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2). False where the platform or filesystem lacks it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, target: Path) -> None:
    """Put the finished build ``new`` in place of ``target``; the old tree is deleted afterwards."""
    mark(new)
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.rename(target, old / "site")
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)
