"""Raw records to typed models, collecting every problem on the way.

Each file is judged on its own first (YAML, schema, ids, languages), then the collection
as a whole (references between files, quotes against texts). Nothing stops at the first
problem; a model is built only from a file that has none.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import functools
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale

from . import anchor, characters
from .diagnostics import Diagnostic, Severity, one_line, relative
from .discover import ArticleFiles, CollectionFiles
from .models import (
    Annotation,
    AnnotationKind,
    Article,
    Collection,
    Entity,
    EntityKind,
    GlossaryLink,
    Localized,
    Mention,
    Note,
    Participant,
    Quote,
    Sidecar,
    Source,
    SourceText,
    Span,
    Term,
    Topic,
)
from .read import YamlPath, YamlRecord, read_text, read_yaml
from .schema import diagnostics_from_schema, lint_plain_dates
from .shares import Share, Shares

ID_RULE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ARTICLE_ID_RULE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")  # as common.schema.json
SIDECAR_DATES = frozenset({("date",), ("source", "retrieved")})

Model = TypeVar("Model")


@dataclass(frozen=True)
class CheckResult:
    collection: Collection | None  # None when any error was found
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


class Problems:
    """Collects diagnostics for one file at a time."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def add(self, record: YamlRecord, path: YamlPath, code: str, message: str, hint: str,
            *, key: bool = False, severity: Severity = Severity.ERROR) -> None:
        line, column = record.where(path, key=key)
        self.items.append(Diagnostic(record.path, line, column, code, message, hint, severity))

    def errors_in(self, path: str) -> bool:
        return any(d.is_error and d.path == path for d in self.items)


# ------------------------------------------------------------------------ languages


@cache
def _english() -> Locale:
    return Locale("en")


@functools.lru_cache(maxsize=1024)  # a collection uses a few tags, over and over
def language_problem(tag: str) -> str | None:
    """Why `tag` is not a language tag we know, or None if it is fine."""
    language, *rest = tag.split("-")
    names = _english()
    if language not in names.languages:
        close = _closest_language(language, list(names.languages))
        return f"unknown language `{language}`" + (f" (did you mean `{close}`?)" if close
                                                   else "")
    for part in rest:
        if len(part) == 4 and part not in names.scripts:
            return f"unknown script `{part}`"
        if len(part) == 2 and part not in names.territories:
            return f"unknown region `{part}`"
    return None


def _closest_language(language: str, known: list[str]) -> str | None:
    """`en` for `eng`, `ar` for `ara`; otherwise a close code with the same first letter.

    Plain string similarity alone suggests `ng` for `eng` and `zxx` for `xx`.
    """
    if len(language) == 3 and language[:2] in known:
        return language[:2]
    close = difflib.get_close_matches(language, known, n=5)
    return next((code for code in close if code[:1] == language[:1]), None)


def _check_languages(record: YamlRecord, problems: Problems) -> None:
    """Every language tag used as a key or as the `language` value must be a real one."""

    def visit(value: Any, path: YamlPath) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if _is_localized_key(path, key) and (why := language_problem(key)):
                    problems.add(record, (*path, key), "bad-language", why,
                                 "use an ISO 639 code: ar, en, ru, ko, zh, fr ...", key=True)
                visit(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                visit(child, (*path, index))

    visit(record.value, ())
    language = record.value.get("language") if isinstance(record.value, dict) else None
    # A value not shaped like a tag (`arabic`) is the schema's to report, once.
    if isinstance(language, str) and LANGUAGE_TAG.fullmatch(language) \
            and (why := language_problem(language)):
        problems.add(record, ("language",), "bad-language", why,
                     "use an ISO 639 code for the text's language, e.g. ar")


_LOCALIZED_FIELDS = {"summary", "role", "text", "names", "description", "definition"}


def _is_localized_key(path: YamlPath, key: str) -> bool:
    return bool(path) and path[-1] in _LOCALIZED_FIELDS and LANGUAGE_TAG.fullmatch(key) is not None


def _localized(value: Mapping[str, str] | None) -> Localized:
    return tuple(sorted((value or {}).items()))


# ------------------------------------------------------------------------ registries


def _read_record(path: Path, root: Path, schema: str, problems: Problems,
                 date_fields: frozenset[YamlPath] = frozenset()) -> YamlRecord | None:
    shown = relative(path, root)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.extend([Diagnostic(shown, 1, 1, "unreadable", f"cannot read file: "
                                    f"{error.strerror}", "check the file's permissions")])
        return None
    record, found = read_yaml(shown, data)
    problems.extend(found)
    if record is None:
        return None
    if not isinstance(record.value, dict):
        problems.add(record, (), "not-a-mapping", "the file must be a mapping of fields",
                     "write `field: value` lines; see CONTRIBUTING.md for an example")
        return None
    problems.extend(diagnostics_from_schema(record, schema))
    problems.extend(lint_plain_dates(record, date_fields))
    problems.extend(characters.in_record(record))
    _check_languages(record, problems)
    return record


def _check_id(record: YamlRecord, stem: str, problems: Problems, rule: re.Pattern[str],
              example: str, prefix: str = "") -> None:
    """`prefix`: what an id of this kind starts with (an article's date)."""
    if not rule.fullmatch(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
        if prefix and not rule.fullmatch(suggestion):
            suggestion = f"{prefix}-{suggestion}"
        if not rule.fullmatch(suggestion):
            suggestion = example
        kind = f"an article id starts with its date ({prefix}), then" if prefix else "an id"
        problems.add(record, (), "bad-id",
                     f"file name `{stem}` is not a valid id",
                     f"{kind} uses lowercase ASCII letters, digits and single hyphens; "
                     f"rename the file, e.g. to `{suggestion}`")


def _read_registry(paths: Iterable[Path], root: Path, schema: str, problems: Problems,
                   build: Callable[[str, dict[str, Any], str], Model]) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for path in paths:
        record = _read_record(path, root, schema, problems)
        if record is None:
            continue
        _check_id(record, path.stem, problems, ID_RULE, "a-name")
        if not problems.errors_in(record.path):
            models[path.stem] = build(path.stem, record.value, record.path)
    return models


def _entity(id: str, value: dict[str, Any], path: str) -> Entity:
    return Entity(id=id, kind=EntityKind(value["kind"]), names=_localized(value["names"]),
                  aliases=tuple(value.get("aliases", ())),
                  description=_localized(value["description"]), path=path)


def _term(id: str, value: dict[str, Any], path: str) -> Term:
    return Term(id=id, names=_localized(value["names"]), aliases=tuple(value.get("aliases", ())),
                definition=_localized(value["definition"]), path=path)


def _topic(id: str, value: dict[str, Any], path: str) -> Topic:
    return Topic(id=id, names=_localized(value["names"]),
                 description=_localized(value.get("description")), path=path)


# -------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class _Draft:
    """An article whose files are each valid, before cross-references and quotes."""

    files: ArticleFiles
    text_path: str
    record: YamlRecord
    text: SourceText
    sidecar: Sidecar


def _quote(record: YamlRecord, path: YamlPath, exact: str, prefix: str = "",
           suffix: str = "") -> Quote:
    line, column = record.where(path)
    return Quote(exact, prefix, suffix, line, column)


def _sidecar(record: YamlRecord) -> Sidecar:
    value = record.value
    source = value["source"]
    retrieved = source.get("retrieved")
    participants = tuple(
        Participant(
            entity=p["id"], role=_localized(p["role"]),
            forms=tuple(_quote(record, ("participants", i, "forms", j), form)
                        for j, form in enumerate(p.get("forms", ()))),
            line=record.where(("participants", i))[0],
            column=record.where(("participants", i))[1],
        )
        for i, p in enumerate(value["participants"])
    )
    mentions = tuple(
        Mention(
            entity=m["id"],
            forms=tuple(_quote(record, ("mentions", i, "forms", j), form)
                        for j, form in enumerate(m.get("forms", ()))),
            line=record.where(("mentions", i))[0], column=record.where(("mentions", i))[1],
        )
        for i, m in enumerate(value.get("mentions", ()))
    )
    return Sidecar(
        date=dt.date.fromisoformat(value["date"]),
        language=value["language"],
        source=Source(publisher=source["publisher"], section=source.get("section"),
                      url=source.get("url"),
                      retrieved=dt.date.fromisoformat(retrieved) if retrieved else None),
        summary=_localized(value["summary"]),
        participants=participants,
        mentions=mentions,
        glossary=tuple(GlossaryLink(g["term"], _quote(record, ("glossary", i, "quote"),
                                                      g["quote"]))
                       for i, g in enumerate(value.get("glossary", ()))),
        notes=tuple(Note(_quote(record, ("notes", i, "quote"), n["quote"], n.get("prefix", ""),
                            n.get("suffix", "")), _localized(n["text"]))
                    for i, n in enumerate(value.get("notes", ()))),
        topics=tuple(value.get("topics", ())),
    )


def _read_article(files: ArticleFiles, root: Path, problems: Problems) -> _Draft | None:
    text_path = relative(files.text, root)
    try:
        data = files.text.read_bytes()
    except OSError as error:
        problems.extend([Diagnostic(text_path, 1, 1, "unreadable",
                                    f"cannot read file: {error.strerror}",
                                    "check the file's permissions")])
        data = None
    source_text = None
    if data is not None:
        source_text, found = read_text(text_path, data)
        problems.extend(found)
        if source_text is not None:
            problems.extend(characters.in_text(text_path, source_text.text))
    record = _read_record(files.sidecar, root, "sidecar", problems, SIDECAR_DATES)
    if record is None:
        return None
    date = record.value.get("date")
    _check_id(record, files.id, problems, ARTICLE_ID_RULE, "2025-07-12-short-title",
              date if isinstance(date, str) and _is_date(date) else "YYYY-MM-DD")
    _check_article_place(record, files, problems)
    if source_text is None or problems.errors_in(record.path):
        return None
    return _Draft(files, text_path, record, source_text, _sidecar(record))


def _is_date(text: str) -> bool:
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None \
            and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _check_article_place(record: YamlRecord, files: ArticleFiles, problems: Problems) -> None:
    """The id starts with the article's date, and the file sits in that year's folder."""
    date = record.value.get("date")
    if not isinstance(date, str) or not ARTICLE_ID_RULE.fullmatch(files.id) \
            or not _is_date(date):
        return
    if not files.id.startswith(f"{date}-"):
        problems.add(record, ("date",), "id-date-mismatch",
                     f"the file name starts with {files.id[:10]} but `date` is {date}",
                     "an article's id starts with its publication date: fix the date or "
                     "rename both files")
    year = files.sidecar.parent.name
    if year != date[:4]:
        problems.add(record, ("date",), "wrong-year-folder",
                     f"article dated {date} is in the folder `{year}`",
                     f"move both files to collection/articles/{date[:4]}/")


# ------------------------------------------------------------------ cross-references


def _suggest(wanted: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.5)
    if not close:
        close = [key for key in sorted(known) if wanted in key.split("-")][:1]
    return f"did you mean `{close[0]}`?" if close else ""


def _check_references(draft: _Draft, entities: Mapping[str, Entity], terms: Mapping[str, Term],
                      topics: Mapping[str, Topic], present: Mapping[str, set[str]],
                      problems: Problems) -> None:
    record, sidecar = draft.record, draft.sidecar
    kinds = (("participants", [p.entity for p in sidecar.participants], entities, "people"),
             ("mentions", [m.entity for m in sidecar.mentions], entities, "people"),
             ("glossary", [g.term for g in sidecar.glossary], terms, "glossary"),
             ("topics", list(sidecar.topics), topics, "topics"))
    for field, ids, known, folder in kinds:
        for index, wanted in enumerate(ids):
            path: YamlPath = (field, index) if field == "topics" else (
                field, index, "term" if field == "glossary" else "id")
            # A registry file with errors of its own is reported there, not at each use.
            if wanted not in known and wanted not in present[folder]:
                hint = _suggest(wanted, known) or (
                    f"add collection/{folder}/{wanted}.yml, or use an existing id")
                problems.add(record, path, "unknown-reference",
                             f"no {folder} entry `{wanted}` (collection/{folder}/{wanted}.yml)",
                             hint)
    seen: dict[str, int] = {}
    for index, entity in enumerate(
            [p.entity for p in sidecar.participants] + [m.entity for m in sidecar.mentions]):
        field, offset = (("participants", index) if index < len(sidecar.participants)
                         else ("mentions", index - len(sidecar.participants)))
        if entity in seen:
            problems.add(record, (field, offset, "id"), "duplicate-participant",
                         f"`{entity}` is listed twice among participants and mentions",
                         "list each person or organisation once; give a participant all their "
                         "roles in one `role` text")
        seen[entity] = index


# ------------------------------------------------------------------------- anchoring


def _not_found(draft: _Draft, quote: Quote, what: str) -> Diagnostic:
    suggestion = anchor.closest(draft.text.text, quote.exact)
    hint = "copy the words exactly from the text file, character for character"
    if suggestion:
        line, column = anchor.line_and_column(draft.text.text, suggestion.span.start)
        hint = (f"closest passage ({suggestion.reason}) at {draft.text_path}:{line}:{column}: "
                f"«{one_line(suggestion.passage)}»\n" + hint)
    return Diagnostic(draft.record.path, quote.line, quote.column, "quote-not-found",
                      f"{what} «{quote.exact}» is not in the text", hint)


def _context_not_found(draft: _Draft, quote: Quote, spans: list[Span]) -> Diagnostic:
    """The words are in the text, but `prefix`/`suffix` match none of their places."""
    text = draft.text.text
    context = " and ".join(f"{side} «{value}»" for side, value in
                           (("prefix", quote.prefix), ("suffix", quote.suffix)) if value)
    places = []
    for span in spans[:5]:
        line, column = anchor.line_and_column(text, span.start)
        passage = text[max(0, span.start - len(quote.prefix)):span.end + len(quote.suffix)]
        places.append(f"at {draft.text_path}:{line}:{column}: «{one_line(passage)}»")
    return Diagnostic(draft.record.path, quote.line, quote.column, "quote-not-found",
                      f"note quote «{quote.exact}» is in the text, but not with its {context}",
                      "\n".join(["the text around it reads:", *places,
                                  "copy `prefix` and `suffix` exactly from the text file, "
                                  "spaces included"]))


def _block_of(draft: _Draft, starts: list[int], span: Span) -> int | None:
    """The index of the block holding `span`; `starts`: where each block starts."""
    index = bisect.bisect_right(starts, span.start) - 1
    if index >= 0 and draft.text.blocks[index].span.contains(span):
        return index
    return None


def _anchor(draft: _Draft, entities: Mapping[str, Entity], problems: Problems,
            ) -> list[Annotation]:
    text = draft.text.text
    annotations: list[Annotation] = []
    starts = [block.span.start for block in draft.text.blocks]

    def place(spans: Iterable[Span], kind: AnnotationKind, target: str, quote: Quote) -> None:
        for span in spans:
            block = _block_of(draft, starts, span)
            if block is None:
                problems.extend([Diagnostic(
                    draft.record.path, quote.line, quote.column, "quote-crosses-blocks",
                    f"«{quote.exact}» runs across a line or paragraph break",
                    "quote words from within one paragraph")])
                return
            annotations.append(Annotation(span, kind, target, block))

    for link in draft.sidecar.glossary:
        spans = anchor.find_exact(text, link.quote.exact)
        if not spans:
            problems.extend([_not_found(draft, link.quote, "glossary quote")])
        place(spans, AnnotationKind.TERM, link.term, link.quote)

    for number, note in enumerate(draft.sidecar.notes, start=1):
        spans = anchor.find_exact(text, note.quote.exact, note.quote.prefix, note.quote.suffix)
        if not spans and (anywhere := anchor.find_exact(text, note.quote.exact)):
            problems.extend([_context_not_found(draft, note.quote, anywhere)])
        elif not spans:
            problems.extend([_not_found(draft, note.quote, "note quote")])
        elif len(spans) > 1:
            where = ", ".join(str(anchor.line_and_column(text, s.start)[0]) for s in spans)
            problems.extend([Diagnostic(
                draft.record.path, note.quote.line, note.quote.column, "quote-ambiguous",
                f"note quote «{note.quote.exact}» occurs {len(spans)} times (text lines {where})",
                "add `prefix:` (the words just before it) or `suffix:` (just after it) to say "
                "which one the note is about")])
        else:
            place(spans, AnnotationKind.NOTE, str(number), note.quote)

    folded = anchor.FoldedText.of(text)
    named = [(p.entity, p.forms, p.line, p.column) for p in draft.sidecar.participants] + [
        (m.entity, m.forms, m.line, m.column) for m in draft.sidecar.mentions]
    for entity_id, forms, line, column in named:
        if forms:
            for form in forms:
                spans = anchor.find_exact(text, form.exact)
                if not spans:
                    problems.extend([_not_found(draft, form, "form")])
                place(spans, AnnotationKind.ENTITY, entity_id, form)
            continue
        entity = entities.get(entity_id)
        if entity is None:
            continue
        spans = anchor.find_forms(folded, entity.forms)
        if not spans:
            problems.extend([Diagnostic(
                draft.record.path, line, column, "not-named",
                f"`{entity_id}` is not named in the text under any of its registry names",
                f"add `forms:` with the exact spelling the text uses, or add that spelling to "
                f"`aliases` in {entity.path}", Severity.WARNING)])
        place(spans, AnnotationKind.ENTITY, entity_id, Quote(entity_id, line=line, column=column))
    # In the models' order (span, kind, target, block), by key: comparing them as models
    # would call Python for every comparison.
    return sorted(set(annotations), key=lambda a: (a.span.start, a.span.end, a.kind, a.target,
                                                   a.block))


# ---------------------------------------------------------------------------- driver


Registries = tuple[dict[str, Entity], dict[str, Term], dict[str, Topic]]


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
class _Files:
    """Some files as they were read: their paths, stamps and bytes."""

    paths: tuple[str, ...]
    stamps: tuple[Stamp, ...]
    contents: tuple[bytes, ...]


def _still(seen: _Files | None, paths: tuple[str, ...]) -> tuple[bool, _Files]:
    """Whether the files at `paths` are still as `seen` was: by their stamps if those are
    settled, else by their bytes; and what they are now. OSError if one cannot be read."""
    stamps = tuple(_stamp(path) for path in paths)
    if seen is not None and seen.paths == paths and seen.stamps == stamps and _settled(stamps):
        return True, seen
    now = _Files(paths, stamps, tuple(Path(path).read_bytes() for path in paths))
    return seen is not None and seen.paths == paths and seen.contents == now.contents, now


@dataclass
class _Checked:
    files: _Files
    generation: int
    article: Article | None
    diagnostics: list[Diagnostic]


@dataclass
class CheckCache:
    """What a long-running preview keeps between checks: a file whose stamp (time, size,
    inode) or else bytes are unchanged, with unchanged registries, is not parsed, validated
    and anchored again, and gives the same objects, so later stages can tell "unchanged"
    by identity."""

    registry_files: _Files | None = None
    registries: tuple[Registries, list[Diagnostic]] | None = None
    generation: int = 0  # bumped when any registry file changes
    articles: dict[tuple[str, ...], _Checked] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Checking:
    """What checking one article takes: the registries, and the ids of every registry file
    (a reference to a file with errors of its own is reported there, not at each use)."""

    root: Path
    registries: Registries
    present: Mapping[str, set[str]]

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
            cache: CheckCache | None = None) -> tuple[Checking, list[Diagnostic]]:
    """Check what the articles are checked against: the registries, and that no two
    articles share an id; with the problems found so far."""
    problems = Problems()
    problems.extend(discovered)
    registries, found = _registries(files, cache)
    problems.extend(found)
    _check_duplicate_ids(files, files.root, problems)
    present = {folder: {path.stem for path in paths} for folder, paths in files.registries.items()}
    return Checking(files.root, registries, present), problems.items


def outcome(problems: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Every problem once, in file order."""
    return tuple(sorted(set(problems)))


def validate(files: CollectionFiles, discovered: Iterable[Diagnostic] = (),
             cache: CheckCache | None = None, workers: int = 1) -> CheckResult:
    checking, problems = prepare(files, discovered, cache)
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
    now: _Files | None = None
    if cache is not None:
        paths = tuple(str(path) for folder in sorted(files.registries)
                      for path in files.registries[folder])
        try:
            same, now = _still(cache.registry_files, paths)
        except OSError:
            same = False  # read again below, to say what is wrong
        if same and cache.registries is not None:
            cache.registry_files = now  # perhaps touched, not changed: its new stamps
            return cache.registries
    problems = Problems()
    root = files.root
    result = (
        _read_registry(files.registries["people"], root, "entity", problems, _entity),
        _read_registry(files.registries["glossary"], root, "term", problems, _term),
        _read_registry(files.registries["topics"], root, "topic", problems, _topic))
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
        same, now = _still(hit.files if hit else None, key[1:])
    except OSError:
        return check()  # it says what is wrong
    if same and hit is not None:
        hit.files = now  # perhaps touched, not changed: its new stamps
        return hit.article, hit.diagnostics
    article, found = check()
    cache.articles[key] = _Checked(now, cache.generation, article, found)
    return article, found


def _check_share(share: Share[tuple[Sequence[ArticleFiles], Checking]],
                 ) -> list[tuple[Article | None, list[Diagnostic]]]:
    articles, checking = share.shared
    return [check_article(files, checking) for files in share.mine(articles)]


def check_article(files: ArticleFiles, checking: Checking,
                  ) -> tuple[Article | None, list[Diagnostic]]:
    """One article on its own: its files, its references, its quotes."""
    problems = Problems()
    draft = _read_article(files, checking.root, problems)
    if draft is None:
        return None, problems.items
    entities, terms, topics = checking.registries
    _check_references(draft, entities, terms, topics, checking.present, problems)
    annotations = _anchor(draft, entities, problems)
    return Article(id=draft.files.id, text_path=draft.text_path, sidecar_path=draft.record.path,
                   source_text=draft.text, sidecar=draft.sidecar,
                   annotations=tuple(annotations)), problems.items


def _check_duplicate_ids(files: CollectionFiles, root: Path, problems: Problems) -> None:
    by_id: dict[str, list[ArticleFiles]] = defaultdict(list)
    for article in files.articles:
        by_id[article.id].append(article)
    for id, group in sorted(by_id.items()):
        for later in group[1:]:
            problems.extend([Diagnostic(
                relative(later.sidecar, root), 1, 1, "duplicate-id",
                f"article id `{id}` is also used by {relative(group[0].sidecar, root)}",
                "ids are URLs and must be unique: add a word to one file name")])

