"""What a long-running preview keeps between checks: files unchanged since they were
last read are not checked again."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..models import (
    Article,
)
from .registries import Registries

Stamp = tuple[int, int, int, int]  # modified and changed (ns), size, inode


def _stamp(path: Path | str) -> Stamp:
    status = os.stat(path)
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino


def _settled(stamps: Iterable[Stamp]) -> bool:
    """Whether files were last changed well before now: a file changed again within the
    clock's granularity could keep its stamp, so a fresh stamp is not trusted (as git's
    index does with "racily clean" files)."""
    now = time.time_ns()
    return all(now - stamp[1] > 2_000_000_000 for stamp in stamps)


@dataclass(frozen=True)
class StampedFiles:
    """Some files as they were read: their paths, stamps and bytes."""

    paths: tuple[str, ...]
    stamps: tuple[Stamp, ...]
    contents: tuple[bytes, ...]


def still(seen: StampedFiles | None, paths: tuple[str, ...]) -> tuple[bool, StampedFiles]:
    """Whether the files at `paths` are still as `seen` was: by their stamps if those are
    settled, else by their bytes; and what they are now. OSError if one cannot be read."""
    stamps = tuple(_stamp(path) for path in paths)
    if seen is not None and seen.paths == paths and seen.stamps == stamps and _settled(stamps):
        return True, seen
    now = StampedFiles(paths, stamps, tuple(Path(path).read_bytes() for path in paths))
    return seen is not None and seen.paths == paths and seen.contents == now.contents, now


@dataclass
class Checked:
    files: StampedFiles
    generation: int
    article: Article | None
    diagnostics: list[Diagnostic]


@dataclass
class CheckCache:
    """What a long-running preview keeps between checks: a file whose stamp (time, size,
    inode) or else bytes are unchanged, with unchanged registries, is not parsed, validated
    and anchored again, and gives the same objects, so later stages can tell "unchanged"
    by identity."""

    registry_files: StampedFiles | None = None
    registries: tuple[Registries, list[Diagnostic]] | None = None
    generation: int = 0  # bumped when any registry file changes
    articles: dict[tuple[str, ...], Checked] = dataclasses.field(default_factory=dict)
