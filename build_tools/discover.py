"""Walk `collection/` and list what is there, sorted, pairing each text with its sidecar."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, relative

REGISTRIES = ("people", "glossary", "topics")


@dataclass(frozen=True)
class ArticleFiles:
    id: str
    text: Path
    sidecar: Path


@dataclass(frozen=True)
class CollectionFiles:
    root: Path  # the repository root: paths in messages are relative to it
    articles: tuple[ArticleFiles, ...]
    registries: dict[str, tuple[Path, ...]]


def discover(collection: Path, root: Path) -> tuple[CollectionFiles, list[Diagnostic]]:
    problems: list[Diagnostic] = []

    def report(path: Path, code: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(relative(path, root), 1, 1, code, message, hint))

    if not collection.is_dir():
        report(collection, "no-collection", "collection folder not found",
               "run the command from the repository root, or pass --collection PATH")
        return CollectionFiles(root, (), {name: () for name in REGISTRIES}), problems

    entries = sorted(_entries(str(collection)), key=_parts)  # one walk serves every check
    for name, is_symlink, is_file in entries:
        path = Path(name)
        if is_symlink:
            report(path, "symlink", "symbolic links are not allowed in the collection",
                   "commit the file itself; a link could point outside the repository")
        elif is_file and path.suffix == ".yaml":
            report(path, "yaml-extension", "registry and sidecar files end in .yml, not .yaml",
                   f"rename it: git mv {path.name} {path.stem}.yml")

    regular = [name for name, _is_symlink, is_file in entries if is_file]  # links are not
    folders = {str(collection / folder): folder for folder in REGISTRIES}
    in_registry: dict[str, list[Path]] = {folder: [] for folder in REGISTRIES}
    for name in regular:
        if name.endswith(".yml") and (folder := folders.get(os.path.dirname(name))):
            in_registry[folder].append(Path(name))
    registries = {folder: tuple(paths) for folder, paths in in_registry.items()}
    articles_dir = str(collection / "articles") + os.sep
    files = [name for name in regular if name.startswith(articles_dir)]
    # Keyed by the path without its suffix, as Path.with_suffix("") makes it.
    texts = {_without_suffix(p): p for p in files if p.endswith(".txt")}
    sidecars = {_without_suffix(p): p for p in files if p.endswith(".yml")}
    articles = []
    for stem in sorted(texts.keys() | sidecars.keys(), key=lambda name: name.split(os.sep)):
        text, sidecar = texts.get(stem), sidecars.get(stem)
        stem_name = os.path.basename(stem)
        if text is None and sidecar is not None:
            report(Path(sidecar), "sidecar-without-text",
                   f"sidecar has no text beside it (expected {stem_name}.txt)",
                   "add the article's text with the same name, or rename the sidecar to match "
                   "its text")
        elif sidecar is None and text is not None:
            report(Path(text), "text-without-sidecar",
                   f"text has no sidecar beside it (expected {stem_name}.yml)",
                   f"create it with: python -m build_tools new {relative(Path(text), root)}")
        elif text is not None and sidecar is not None:
            articles.append(ArticleFiles(stem_name, Path(text), Path(sidecar)))
    return CollectionFiles(root, tuple(articles), registries), problems


def _entries(folder: str) -> list[tuple[str, bool, bool]]:
    """(path, is a symlink, is a file) of everything under `folder`, as `rglob("*")` lists
    it (not descending into linked folders), from the directory listings alone: a stat and
    a Path per file cost seconds in a collection of 10,000 articles."""
    found: list[tuple[str, bool, bool]] = []
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return found
    for entry in entries:
        is_symlink = entry.is_symlink()
        found.append((entry.path, is_symlink, not is_symlink and entry.is_file()))
        if not is_symlink and entry.is_dir():
            found.extend(_entries(entry.path))
    return found


def _parts(entry: tuple[str, bool, bool]) -> list[str]:
    """Sort as Paths sort: by their parts."""
    return entry[0].split(os.sep)


def _without_suffix(name: str) -> str:
    base, suffix = os.path.splitext(name)
    return base if suffix else name
