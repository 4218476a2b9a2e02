"""The only module that writes the site's sources and output.

Generated files are listed in `docs/.generated`, so hand-written pages beside them are
never touched. A build is staged next to `docs/` and `site/` and swapped in only when
everything succeeded; a build that fails or is killed leaves the previous ones intact.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".generated"
LOCK = "lock"  # in the staging folder: held by the build or preview writing this checkout


class Busy(Exception):
    """Another preview holds this checkout's lock."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


@contextlib.contextmanager
def exclusive(staging: Path, what: str, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the checkout's lock while writing docs/, site/ and the staging folder.

    A build waits for another build (`waiting` is told who holds it), since one ends by
    itself; a preview never does, so a build or preview that finds one running raises
    Busy. The kernel releases the lock when its holder dies: a killed build leaves none."""
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
    try:
        fd = os.open(staging / LOCK, flags, 0o644)
    except FileNotFoundError:
        staging.mkdir(parents=True)
        fd = os.open(staging / LOCK, flags, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if what == "preview" or holder.startswith("preview"):
                raise Busy(holder) from None
            waiting(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{what} (process {os.getpid()})\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """Who holds the lock, as it wrote itself in the lock file. A holder writes its name
    just after it takes the lock: one found at that moment is given a moment to write it
    (a build's wait, or a preview's refusal, then names it)."""
    for _ in range(50):
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if holder:
            return holder
        time.sleep(0.01)
    return "a build"


def unwritable(folder: Path) -> OSError | None:
    """Why nothing can be made in `folder` (or in the folder it would be made in), if so:
    found before a build replaces anything, rather than halfway through the swap."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    probe = folder / f".probe-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as error:
        return error
    return None


def remove_tree(folder: Path) -> None:
    """Remove `folder` and everything in it; read-only folders in it are made writable
    first (as `rm -rf` does for their owner), so a build can clear what one left."""
    if not (folder.exists() or folder.is_symlink()):
        return
    try:
        shutil.rmtree(folder)
    except OSError:
        _owner_may_change(folder)
        for place, folders, _files in os.walk(folder):  # top down: made readable, then read
            for name in folders:
                _owner_may_change(Path(place, name))
        shutil.rmtree(folder)


def _owner_may_change(folder: Path) -> None:
    if not folder.is_symlink():
        os.chmod(folder, folder.stat().st_mode | stat.S_IRWXU)


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a new inode and rename: a hard link to the old file keeps the old bytes.

    The new file is named after this process (not by `tempfile`, whose random names cost
    more than the write). One left in the staging area by a killed build goes when the
    next build clears it (stage_copy); one left elsewhere (docs/ by a killed preview, the
    fonts' cache) stays, hidden (MkDocs leaves out dot files), until the same process id
    writes that file again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_manifest(target: Path) -> set[str]:
    try:
        return set((target / MANIFEST).read_text("utf-8").split("\n")) - {""}
    except FileNotFoundError:
        return set()


def sync(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], target: Path,
         known: Mapping[str, bytes] | None = None) -> WriteStats:
    """Make the generated part of `target` equal `files`, writing only what changed.

    `files` may be a stream of (path, bytes) pairs: each is written as it comes, so the
    pages of a large site need not all be in memory at once. `known`: what the caller's
    previous sync into `target` wrote; a file given again with equal bytes is taken to be
    on disk already, unread (a preview regenerating every page)."""
    previous = read_manifest(target)
    names, written, unchanged = write_files(files, target, known)
    return WriteStats(written, unchanged, finish(target, previous, names))


def write_files(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], target: Path,
                known: Mapping[str, bytes] | None = None, *, staged: bool = False,
                ) -> tuple[set[str], int, int]:
    """The first half of sync: write what changed; (names, written, unchanged). Several
    processes may each write their share of the files, then one calls finish().

    `staged`: nothing reads `target` before it is swapped in (write.swap_in), so a file it
    does not hold yet is written in place, and each folder is listed once instead of each
    file being looked for (a file made costs half the system calls)."""
    written = unchanged = 0
    names: set[str] = set()
    listed: dict[Path, set[str]] = {}
    for relative_path, data in sorted(files.items()) if isinstance(files, Mapping) else files:
        names.add(relative_path)
        path = target / relative_path
        if known is not None and known.get(relative_path) == data:
            unchanged += 1
        elif (staged and path.name not in _listing(path.parent, listed)
              and _write_new(path, data)) or _write_if_changed(path, data):
            written += 1
        else:
            unchanged += 1
    return names, written, unchanged


def _listing(folder: Path, listed: dict[Path, set[str]]) -> set[str]:
    """The names in `folder`, made if missing; listed once."""
    if folder not in listed:
        try:
            listed[folder] = set(os.listdir(folder))
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)  # another process may make it too
            listed[folder] = set()
    return listed[folder]


def _write_new(path: Path, data: bytes) -> bool:
    """Write a file that does not exist; False if it does after all."""
    try:
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    return True


def finish(target: Path, previous: set[str], names: set[str]) -> int:
    """The second half of sync: remove what was generated before and is not now, and list
    what is; the number of files removed."""
    removed = 0
    for stale in sorted(previous - names):
        path = target / stale
        if path.is_file():
            path.unlink()
            removed += 1
            _remove_empty_parents(path.parent, target)
    _write_if_changed(target / MANIFEST, "".join(f"{name}\n" for name in sorted(names)).encode())
    return removed


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    write_atomically(path, data)
    return True


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def stage_copy(source: Path, staging: Path) -> None:
    """A copy of `source` made of hard links: instant, and untouched by later writes."""
    remove_tree(staging)
    if source.is_dir():
        shutil.copytree(source, staging, copy_function=os.link, symlinks=True)
    else:
        staging.mkdir(parents=True)


def _old(current: Path) -> Path:
    return current.with_name(f".{current.name}.old")


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one system call (Linux renameat2), if the system can."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                       _RENAME_EXCHANGE)
    return bool(result == 0)


def swap_in(staged: Path, current: Path) -> None:
    """Replace `current` by `staged` atomically where the system allows it.

    Elsewhere two renames are used, and a crash between them is undone by recover().
    """
    if current.exists() and _exchange(staged, current):
        _discard(staged)
        return
    old = _old(current)
    remove_tree(old)
    if current.exists():
        os.replace(current, old)
    os.replace(staged, current)
    _discard(old)


def _discard(folder: Path) -> None:
    """Remove the tree a swap replaced. The new one is in place already: a tree that
    cannot be removed now is left to the next build, which clears it first."""
    with contextlib.suppress(OSError):
        remove_tree(folder)


def recover(current: Path) -> None:
    """Finish or undo a swap that a killed build left half done."""
    old = _old(current)
    if old.exists() and not current.exists():
        os.replace(old, current)
    elif old.exists():
        remove_tree(old)
