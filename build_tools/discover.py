"""Walk `collection/` and list what is there, sorted, pairing each text with its sidecar."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, relative

REGISTRIES = ("people", "glossary", "topics")
FOLDERS = ("articles", *REGISTRIES)


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
    # Files whose extension is misspelt (.yaml, .YML, .TXT): reported once, as such, and
    # not again as a missing sidecar or an unknown id.
    misnamed: tuple[Path, ...] = ()


def discover(collection: Path, root: Path) -> tuple[CollectionFiles, list[Diagnostic]]:
    problems: list[Diagnostic] = []

    def report(path: Path, code: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(relative(path, root), 1, 1, code, message, hint))

    if collection.is_symlink() or not _inside(collection, root):
        report(collection, "symlink", "the collection folder is a link to somewhere else",
               "keep the collection's files in the repository's own collection/ folder")
        return CollectionFiles(root, (), {name: () for name in REGISTRIES}), problems
    if not collection.is_dir():
        report(collection, "no-collection", "collection folder not found",
               "run the command from the repository root, or pass --collection PATH")
        return CollectionFiles(root, (), {name: () for name in REGISTRIES}), problems

    entries = sorted(_entries(str(collection)), key=_parts)  # one walk serves every check
    stray: set[str] = set()
    stray_folders: tuple[str, ...] = ()  # reported once, with nothing under them
    misnamed: list[Path] = []
    for name, is_symlink, is_file in entries:
        if name.startswith(stray_folders):
            stray.add(name)
            continue
        path = Path(name)
        if is_symlink:
            report(path, "symlink", "symbolic links are not allowed in the collection",
                   "commit the file itself; a link could point outside the repository")
        elif is_file and path.suffix == ".yaml":
            report(path, "yaml-extension", "registry and sidecar files end in .yml, not .yaml",
                   f"rename it: {_rename(path, path.with_suffix('.yml'), root)}")
            misnamed.append(path)
        elif (place := _misplaced(path, collection, root, is_file)) is not None:
            report(path, *place)
            if place[0] == "extension-case":
                misnamed.append(path)
            stray.add(name)
            if not is_file:
                stray_folders += (name + os.sep,)

    regular = [name for name, _is_symlink, is_file in entries
               if is_file and name not in stray]  # links are not files
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
    misnamed_stems = {_without_suffix(str(path)) for path in misnamed}
    for stem in sorted(texts.keys() | sidecars.keys(), key=lambda name: name.split(os.sep)):
        text, sidecar = texts.get(stem), sidecars.get(stem)
        if stem in misnamed_stems and (text is None or sidecar is None):
            continue  # its other half is there, under an extension reported above
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
    return CollectionFiles(root, tuple(articles), registries, tuple(misnamed)), problems


def _rename(path: Path, to: Path, root: Path) -> str:
    """The command that renames `path` to `to`, from the repository root (where every
    command runs); plain `mv`, since a new file is not known to git yet."""
    return f"mv {relative(path, root)} {relative(to, root)}"


def _inside(folder: Path, root: Path) -> bool:
    """Whether `folder`, with every link on the way resolved, is inside the repository."""
    return folder.resolve().is_relative_to(root.resolve())


def _misplaced(path: Path, collection: Path, root: Path, is_file: bool
               ) -> tuple[str, str, str] | None:
    """(code, message, hint) for an entry of `collection` that is not part of its format;
    None for one that is (or that a later check explains)."""
    parts = path.relative_to(collection).parts
    what = "file" if is_file else "folder"
    top = parts[0]
    if top not in FOLDERS:
        close = difflib.get_close_matches(top.lower(), FOLDERS, n=1, cutoff=0.6)
        hint = f"collection/ holds only the folders {', '.join(FOLDERS)}; move or delete it"
        if close and not is_file:
            meant = collection / close[0]
            moves = (f"{relative(path, root)}/* {relative(meant, root)}/" if meant.is_dir()
                     else f"{relative(path, root)} {relative(meant, root)}")
            hint = f"did you mean `{close[0]}/`? move its files: mv {moves}"
        return (f"stray-{what}", f"`{top}` is not part of the collection, so it is not "
                "published", hint)
    wanted = (".txt", ".yml") if top == "articles" else (".yml",)
    depth = 3 if top == "articles" else 2  # articles/YYYY/<id>.txt, people/<id>.yml
    if len(parts) == 1 or (top == "articles" and len(parts) == 2 and not is_file):
        return None
    if len(parts) != depth or not is_file:
        place = "collection/articles/YYYY/" if top == "articles" else f"collection/{top}/"
        return (f"stray-{what}", f"a {what} here is not part of the collection, so it is not "
                "published", f"{place} holds only {' and '.join('*' + w for w in wanted)} "
                f"files; move {'it' if is_file else 'its files'} there or delete it")
    if path.suffix in wanted or path.suffix == ".yaml":
        return None
    if path.suffix.lower() in wanted:
        return ("extension-case", f"`{path.suffix}` must be written `{path.suffix.lower()}`, "
                "or the file is not published",
                f"rename it: {_rename(path, path.with_suffix(path.suffix.lower()), root)}")
    return ("stray-file", "this file is not part of the collection, so it is not published",
            f"this folder holds only {' and '.join('*' + w for w in wanted)} files; rename, move "
            "or delete it")


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
