"""The pipeline: discover → read → validate → anchor → collate → render → write → publish.

Everything is read and checked before anything is written; output is staged and swapped
into place only when every stage succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import publish, write
from .collate import Site, collate
from .diagnostics import Diagnostic
from .discover import discover
from .models import Collection
from .render import render
from .validate import CheckResult, validate

FONT_FILES = ("Amiri-Regular.ttf", "Amiri-Bold.ttf", "LICENSE")


@dataclass(frozen=True)
class Paths:
    """Where things are. Everything is relative to the repository root."""

    root: Path

    @property
    def collection(self) -> Path:
        return self.root / "collection"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def staging(self) -> Path:
        return self.root / ".build"


@dataclass
class Report:
    """What a command did: its diagnostics, and the time and counts of each stage."""

    diagnostics: tuple[Diagnostic, ...] = ()
    stages: list[tuple[str, float, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def timed(self, name: str, action: Callable[[], str]) -> None:
        start = time.perf_counter()
        detail = action()
        self.stages.append((name, time.perf_counter() - start, detail))


def site_settings(paths: Paths) -> Site:
    """`extra.collection` of mkdocs.yml: the language of generated labels (ar or en)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        config = YAML(typ="safe", pure=True).load(paths.config.read_text("utf-8"))
        language = config["extra"]["collection"]["language"]
    except (OSError, YAMLError, KeyError, TypeError):
        return Site()
    return Site(language=str(language))


def check(paths: Paths) -> CheckResult:
    files, problems = discover(paths.collection, paths.root)
    return validate(files, problems)


def _check_stage(paths: Paths, result: list[CheckResult]) -> str:
    result.append(check(paths))
    collection = result[0].collection
    if collection is None:
        return "failed"
    return (f"{len(collection.articles)} articles, {len(collection.entities)} people and "
            f"organisations, {len(collection.terms)} terms, {len(collection.topics)} topics")


def _assets() -> dict[str, bytes]:
    files = {"assets/javascripts/arabic-fold.js":
             resources.files(__package__).joinpath("assets/arabic-fold.js").read_bytes()}
    fonts = resources.files("fontpkg_amiri").joinpath("files")
    for name in FONT_FILES:
        source = fonts.joinpath(name)
        if not source.is_file():
            source = resources.files("fontpkg_amiri").joinpath(name)
        files[f"assets/fonts/{name}"] = source.read_bytes()
    return files


def generate_files(collection: Collection, site: Site) -> dict[str, bytes]:
    files = {page.path: render(page, site.language).encode("utf-8")
             for page in collate(collection, site)}
    files.update(_assets())
    return files


def source_date_epoch(collection: Collection) -> str:
    """Dates in the built site come from the data, so two builds give the same bytes."""
    latest = max((a.date for a in collection.articles), default=dt.date(2025, 1, 1))
    return str(int(dt.datetime.combine(latest, dt.time(), dt.UTC).timestamp()))


def generate(paths: Paths, site: Site) -> Report:
    """Check, then write the generated Markdown into docs/ in place (for the preview)."""
    report = Report()
    result = check(paths)
    report.diagnostics = result.diagnostics
    if result.collection is None:
        return report
    collection = result.collection
    report.timed("generate", lambda: _sync(generate_files(collection, site), paths.docs))
    return report


def _sync(files: dict[str, bytes], target: Path) -> str:
    stats = write.sync(files, target)
    return f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed"


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build(paths: Paths, site: Site) -> Report:
    """Check, generate, build with MkDocs, index for search; swap in only on success."""
    report = Report()
    for current in (paths.docs, paths.site):
        write.recover(current)
    result: list[CheckResult] = []
    report.timed("check", lambda: _check_stage(paths, result))
    report.diagnostics = result[0].diagnostics
    collection = result[0].collection
    if collection is None:
        return report
    staged_docs, staged_site = paths.staging / "docs", paths.staging / "site"
    files: dict[str, bytes] = {}

    def generate_stage() -> str:
        files.update(generate_files(collection, site))
        write.stage_copy(paths.docs, staged_docs)
        return f"{len([p for p in files if p.endswith('.md')])} pages, " + _sync(files,
                                                                                  staged_docs)

    report.timed("generate", generate_stage)
    problems: list[Diagnostic] = []
    with _environment(SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH")
                      or source_date_epoch(collection)):
        report.timed("mkdocs", lambda: publish.mkdocs_build(paths.config, staged_docs,
                                                            staged_site, problems))
    if not problems:
        report.timed("search index", lambda: publish.index(staged_site, problems))
    if problems:
        report.diagnostics = (*report.diagnostics, *problems)
        return report
    write.swap_in(staged_docs, paths.docs)
    write.swap_in(staged_site, paths.site)
    return report
