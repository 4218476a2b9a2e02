"""The driver: the registries first, then one article at a time (its files, references
and quotes), in this process or in forked ones; every problem collected."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..anchor.quotes import anchor_quotes
from ..diagnostics import Diagnostic, Severity
from ..discover import ArticleFiles, CollectionFiles
from ..models import (
    REQUIRED_LANGUAGES,
    Article,
    Collection,
)
from ..read import YamlPath, display_path
from ..runtime.executor import Share, Shares
from .cache import CheckCache, Checked, StampedFiles, still
from .problems import Problems
from .references import check_duplicate_ids, check_references
from .registries import Registries, entity_model, read_registry, term_model, topic_model
from .sidecar import Draft, read_article


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
        entities, terms, topics = self.registries
        return Collection(
            articles=tuple(sorted(articles, key=lambda a: (a.date, a.id))),
            entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
            terms=tuple(sorted(terms.values(), key=lambda t: t.id)),
            topics=tuple(sorted(topics.values(), key=lambda t: t.id)),
            root=self.root,
        )


def prepare(files: CollectionFiles, discovered: Iterable[Diagnostic] = (),
            cache: CheckCache | None = None,
            languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> tuple[Checking, list[Diagnostic]]:
    """Check what the articles are checked against: the registries, and that no two
    articles share an id; with the problems found so far. `languages`: the languages every
    summary, role and note text is written in (the collection's setting)."""
    problems = Problems()
    problems.extend(discovered)
    registries, found = _registries(files, cache)
    problems.extend(found)
    check_duplicate_ids(files, files.root, problems)
    present = {folder: {path.stem for path in paths}
               | {path.stem for path in files.misnamed if path.parent.name == folder}
               for folder, paths in files.registries.items()}
    return Checking(files.root, registries, present, languages), problems.items


def outcome(problems: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Every problem once, in file order."""
    return tuple(sorted(set(problems)))


def validate(files: CollectionFiles, discovered: Iterable[Diagnostic] = (),
             cache: CheckCache | None = None, workers: int = 1,
             languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> CheckResult:
    checking, problems = prepare(files, discovered, cache, languages)
    checked: list[tuple[Article | None, list[Diagnostic]]] = []
    if workers > 1 and cache is None:
        with Shares(workers, (files.articles, checking)) as shares:
            checked = [one for part in shares.run(_check_share) for one in part]
    else:
        seen: set[tuple[str, ...]] = set()
        for article_files in files.articles:
            key = (str(checking.root), str(article_files.text), str(article_files.sidecar))
            seen.add(key)
            checked.append(_cached_article(key, cache, functools.partial(
                check_article, article_files, checking)))
        if cache is not None:
            cache.articles = {key: value for key, value in cache.articles.items() if key in seen}
    articles = []
    for article, found in checked:
        problems.extend(found)
        if article is not None:
            articles.append(article)
    diagnostics = outcome(problems)
    if any(d.is_error for d in diagnostics):
        return CheckResult(None, diagnostics)
    return CheckResult(checking.collection(articles), diagnostics)


def _registries(files: CollectionFiles, cache: CheckCache | None,
                ) -> tuple[Registries, list[Diagnostic]]:
    now: StampedFiles | None = None
    if cache is not None:
        paths = tuple(str(path) for folder in sorted(files.registries)
                      for path in files.registries[folder])
        try:
            same, now = still(cache.registry_files, paths)
        except OSError:
            same = False  # read again below, to say what is wrong
        if same and cache.registries is not None:
            cache.registry_files = now  # perhaps touched, not changed: its new stamps
            return cache.registries
    problems = Problems()
    root = files.root
    result = (
        read_registry(files.registries["people"], root, "entity", problems, entity_model),
        read_registry(files.registries["glossary"], root, "term", problems, term_model),
        read_registry(files.registries["topics"], root, "topic", problems, topic_model))
    if cache is not None:
        cache.registry_files = now
        cache.registries = (result, problems.items)
        cache.generation += 1
    return result, problems.items


def _cached_article(key: tuple[str, ...], cache: CheckCache | None,
                    check: Callable[[], tuple[Article | None, list[Diagnostic]]],
                    ) -> tuple[Article | None, list[Diagnostic]]:
    if cache is None:
        return check()
    hit = cache.articles.get(key)
    if hit is not None and hit.generation != cache.generation:
        hit = None  # checked against other registries
    try:
        same, now = still(hit.files if hit else None, key[1:])
    except OSError:
        return check()  # it says what is wrong
    if same and hit is not None:
        hit.files = now  # perhaps touched, not changed: its new stamps
        return hit.article, hit.diagnostics
    article, found = check()
    cache.articles[key] = Checked(now, cache.generation, article, found)
    return article, found


def _check_share(share: Share[tuple[Sequence[ArticleFiles], Checking]],
                 ) -> list[tuple[Article | None, list[Diagnostic]]]:
    articles, checking = share.shared
    return [check_article(files, checking) for files in share.mine(articles)]


def check_article(files: ArticleFiles, checking: Checking,
                  ) -> tuple[Article | None, list[Diagnostic]]:
    """One article on its own: its files, its references, its quotes; each well-formed part
    of a sidecar is checked, whatever is wrong elsewhere in it."""
    problems = Problems()
    draft = read_article(files, checking, problems)
    if draft is None:
        return None, problems.items
    entities, terms, topics = checking.registries
    check_references(draft, entities, terms, topics, checking.present, problems)
    annotations = [] if draft.text is None else anchor_quotes(draft, draft.text, entities, problems)
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
