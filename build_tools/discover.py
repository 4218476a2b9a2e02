"""Walk `collection/` and list what is there, sorted, pairing each text with its sidecar."""

from __future__ import annotations

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

    for path in sorted(collection.rglob("*")):
        if path.is_symlink():
            report(path, "symlink", "symbolic links are not allowed in the collection",
                   "commit the file itself; a link could point outside the repository")
        elif path.is_file() and path.suffix == ".yaml":
            report(path, "yaml-extension", "registry and sidecar files end in .yml, not .yaml",
                   f"rename it: git mv {path.name} {path.stem}.yml")

    registries = {
        name: tuple(sorted(p for p in (collection / name).glob("*.yml") if _regular(p)))
        for name in REGISTRIES
    }
    articles_dir = collection / "articles"
    texts = {p.with_suffix(""): p for p in articles_dir.rglob("*.txt") if _regular(p)}
    sidecars = {p.with_suffix(""): p for p in articles_dir.rglob("*.yml") if _regular(p)}
    articles = []
    for stem in sorted(texts.keys() | sidecars.keys()):
        text, sidecar = texts.get(stem), sidecars.get(stem)
        if text is None and sidecar is not None:
            report(sidecar, "sidecar-without-text",
                   f"sidecar has no text beside it (expected {stem.name}.txt)",
                   "add the article's text with the same name, or rename the sidecar to match "
                   "its text")
        elif sidecar is None and text is not None:
            report(text, "text-without-sidecar",
                   f"text has no sidecar beside it (expected {stem.name}.yml)",
                   f"create it with: python -m build_tools new {relative(text, root)}")
        elif text is not None and sidecar is not None:
            articles.append(ArticleFiles(stem.name, text, sidecar))
    return CollectionFiles(root, tuple(articles), registries), problems


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
