"""The units of a check: the registries first (`prepare`), then one article at a time
(`check_article`: its text, sidecar, references and quotes), each from bytes already read;
every problem collected. Which process checks which article is the pipeline's business."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..anchor.quotes import anchor_quotes
from ..diagnostics import Diagnostic, Severity
from ..discover import CollectionFiles
from ..models import (
    REQUIRED_LANGUAGES,
    Article,
    Collection,
    Registries,
)
from ..read import ArticleSource, FileBytes, YamlPath, display_path
from .problems import Problems
from .references import check_duplicate_ids, check_references
from .registries import entity_model, read_registry, term_model, topic_model
from .sidecar import Draft, draft_of


@dataclass(frozen=True)
class CheckResult:
    collection: Collection | None  # None when any error was found
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class Checking:
    """What checking one article takes: the registries, and the ids of every registry file
    (a reference to a file with errors of its own is reported there, not at each use)."""

    root: Path
    registries: Registries
    present: Mapping[str, set[str]]
    languages: tuple[str, ...] = REQUIRED_LANGUAGES  # of every annotation (the setting)

    def collection(self, articles: Iterable[Article]) -> Collection:
        return Collection(tuple(sorted(articles, key=lambda a: (a.date, a.id))),
                          self.registries, self.root)


def prepare(files: CollectionFiles, registry_files: Mapping[str, Sequence[FileBytes]],
            discovered: Iterable[Diagnostic] = (),
            languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> tuple[Checking, list[Diagnostic]]:
    """Check what the articles are checked against: the registries (`registry_files`, by
    folder), and that no two articles share an id; with the problems found so far.
    `languages`: the languages every summary, role and note text is written in (the
    collection's setting)."""
    problems = Problems()
    problems.extend(discovered)
    registries = Registries.of(
        read_registry(registry_files.get("people", ()), "entity", problems, entity_model),
        read_registry(registry_files.get("glossary", ()), "term", problems, term_model),
        read_registry(registry_files.get("topics", ()), "topic", problems, topic_model))

    check_duplicate_ids(files, files.root, problems)
    present = {folder: {path.stem for path in paths}
               | {path.stem for path in files.misnamed if path.parent.name == folder}
               for folder, paths in files.registries.items()}
    return Checking(files.root, registries, present, languages), problems.items


def outcome(problems: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Every problem once, in file order."""
    return tuple(sorted(set(problems)))


def check_article(source: ArticleSource, checking: Checking,
                  ) -> tuple[Article | None, list[Diagnostic]]:
    """One article on its own, from its files' bytes: its text, its sidecar, its references,
    its quotes; each well-formed part of a sidecar is checked, whatever is wrong elsewhere
    in it. Pure: the same bytes and registries give an equal article and problems."""
    problems = Problems()
    draft = draft_of(source, checking, problems)
    if draft is None:
        return None, problems.items
    registries = checking.registries
    check_references(draft, registries, checking.present, problems)
    annotations = ([] if draft.text is None
                   else anchor_quotes(draft, draft.text, registries.entity, problems))
    problems.extend(_not_checked(draft))
    if draft.sidecar is None or draft.text is None:
        return None, problems.items
    return Article(id=draft.files.id, text_path=draft.text_path, sidecar_path=draft.record.path,
                   source_text=draft.text, sidecar=draft.sidecar,
                   annotations=tuple(annotations)), problems.items


def _not_checked(draft: Draft) -> list[Diagnostic]:
    """One warning for the quotes that wait for another fix: a text that cannot be read, or
    quotes and forms malformed themselves; at the first of them."""
    parts = draft.parts
    if draft.text is None:
        quoted: list[YamlPath] = [
            *(("glossary", i, "quote") for i, _ in parts.glossary),
            *(("notes", i, "quote") for i, _ in parts.notes),
            *((field, i) for field, named in (("participants", parts.participants),
                                              ("mentions", parts.mentions)) for i, _ in named)]
        if not quoted:
            return []
        line, column = min(draft.record.where(path) for path in quoted)
        return [Diagnostic(draft.record.path, line, column, "not-checked",
                           "quotes and names not looked up in the text: it cannot be read",
                           f"fix the errors in {draft.text_path} first; the next check looks "
                           "them up", Severity.WARNING)]
    if not parts.waiting:
        return []
    line, column = min(draft.record.where(path) for path in parts.waiting)
    listed = ", ".join(display_path(path) for path in parts.waiting)
    return [Diagnostic(draft.record.path, line, column, "not-checked",
                       f"not looked up in the text until they are well formed: {listed}",
                       "fix the errors reported in them; the next check looks them up",
                       Severity.WARNING)]
