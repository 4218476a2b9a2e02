"""Files to bytes: the only place the checked files are read from disk. What a file could
not be read for is a diagnostic; later stages take bytes, and are pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, relative
from ..discover import ArticleFiles, CollectionFiles


@dataclass(frozen=True)
class FileBytes:
    """A file's bytes, or why it could not be read; `path` as messages show it."""

    path: str
    data: bytes | None
    unreadable: Diagnostic | None = None

    @property
    def stem(self) -> str:
        return Path(self.path).stem


@dataclass(frozen=True)
class ArticleSource:
    """An article's two files, read."""

    files: ArticleFiles
    text: FileBytes
    sidecar: FileBytes


def read_file(path: Path, root: Path) -> FileBytes:
    shown = relative(path, root)
    try:
        return FileBytes(shown, path.read_bytes())
    except OSError as error:
        return FileBytes(shown, None, Diagnostic(
            shown, 1, 1, "unreadable", f"cannot read file: {error.strerror}",
            "check the file's permissions"))


def read_article(files: ArticleFiles, root: Path) -> ArticleSource:
    return ArticleSource(files, read_file(files.text, root), read_file(files.sidecar, root))


def read_registries(files: CollectionFiles) -> dict[str, tuple[FileBytes, ...]]:
    """Every registry file, by its folder (people, glossary, topics)."""
    return {folder: tuple(read_file(path, files.root) for path in paths)
            for folder, paths in sorted(files.registries.items())}
