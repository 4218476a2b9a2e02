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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale

from . import anchor, characters
from .diagnostics import Diagnostic, Severity, one_line, relative
from .discover import ArticleFiles, CollectionFiles
from .models import (
    ARTICLE_LANGUAGE,
    REQUIRED_LANGUAGES,
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
from .read import YamlPath, YamlRecord, display_path, read_text, read_yaml
from .schema import Shape, as_meant, lint_plain_dates, shape
from .shares import Share, Shares

MAX_ID_LENGTH = 100  # as common.schema.json: file names of every stage stay under 255 bytes
_SHORT = rf"(?=.{{1,{MAX_ID_LENGTH}}}$)"
ID_RULE = re.compile(rf"^{_SHORT}[a-z0-9]+(-[a-z0-9]+)*$")
ARTICLE_ID_RULE = re.compile(rf"^{_SHORT}(\d{{4}}-\d{{2}}-\d{{2}})-[a-z0-9]+(-[a-z0-9]+)*$")
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


def required_languages(setting: tuple[str, ...], language: Any) -> list[str]:
    """The languages the setting asks of an article in `language`: `article` stands for
    that language. A tag we do not know (the article's, or the setting's) asks nothing: it
    is reported once, where it is written."""
    wanted = [language if tag == ARTICLE_LANGUAGE else tag for tag in setting]
    return list(dict.fromkeys(tag for tag in wanted if _known_language(tag)))


def _known_language(tag: Any) -> bool:
    return isinstance(tag, str) and LANGUAGE_TAG.fullmatch(tag) is not None \
        and language_problem(tag) is None


def value_at(value: Any, path: YamlPath) -> Any:
    """What a YAML document holds at `path`, or None."""
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def _annotations(value: dict[str, Any]) -> Iterator[YamlPath]:
    """Where the summary, each participant's role and each note's text are written (the
    paths schema.is_annotation knows)."""
    yield ("summary",)
    for field, key in (("participants", "role"), ("notes", "text")):
        items = value.get(field)
        for index in range(len(items) if isinstance(items, list) else 0):
            yield (field, index, key)


def check_required_languages(record: YamlRecord, setting: tuple[str, ...],
                             problems: Problems) -> None:
    """Each summary, role and note text is written in every language the setting asks."""
    value: dict[str, Any] = record.value
    wanted = required_languages(setting, value.get("language"))
    language = value.get("language") if _known_language(value.get("language")) else None
    for path in _annotations(value):
        mapping = value_at(value, path)
        if not isinstance(mapping, dict):
            continue  # missing or of the wrong type: reported as such
        missing = [tag for tag in wanted if tag not in mapping]
        if missing:
            problems.add(record, path, "missing-language", _missing_message(path, missing),
                         _missing_hint(path, missing, setting, language), key=True)


def _language_name(tag: str) -> str:
    """`English` for `en`; a tag babel has no name for, or with a script or region, as is."""
    name = _english().languages.get(tag) if "-" not in tag else None
    return name or f"`{tag}`"


def _named_tag(tag: str) -> str:
    """`English (`en`)`: what to call a language, and its key."""
    name = _language_name(tag)
    return name if name.startswith("`") else f"{name} (`{tag}`)"


_WHAT = {"summary": "the summary", "role": "the role", "text": "the note"}


def _missing_message(path: YamlPath, missing: list[str]) -> str:
    return f"{display_path(path)} has no text in " + " or ".join(map(_named_tag, missing))


def _missing_hint(path: YamlPath, missing: list[str], setting: tuple[str, ...],
                  language: str | None) -> str:
    keys = " and ".join(f'`{tag}: "..."`' for tag in missing)
    article = "the article's language" + (f" ({_language_name(language)})" if language else "")
    asked = " and ".join(article if tag == ARTICLE_LANGUAGE else _language_name(tag)
                         for tag in setting)
    return (f"add {keys} under `{path[-1]}:` ({_WHAT[str(path[-1])]} in "
            f"{' and '.join(map(_language_name, missing))}): every summary, participant role "
            f"and note text is written in {asked}")


# ------------------------------------------------------------------------ registries


def _read_record(path: Path, root: Path, schema: str, problems: Problems,
                 date_fields: frozenset[YamlPath] = frozenset()) -> tuple[YamlRecord, Shape] | None:
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
    verdict = shape(record, schema)
    problems.extend(verdict.diagnostics)
    problems.extend(lint_plain_dates(record, date_fields))
    problems.extend(characters.in_record(record))
    _check_languages(record, problems)
    return record, verdict


def _check_id(record: YamlRecord, stem: str, problems: Problems, rule: re.Pattern[str],
              example: str, prefix: str = "") -> None:
    """`prefix`: what an id of this kind starts with (an article's date)."""
    if len(stem) > MAX_ID_LENGTH:
        problems.add(record, (), "bad-id",
                     f"file name `{stem[:40]}…` is {len(stem)} characters long; an id has at "
                     f"most {MAX_ID_LENGTH}",
                     "rename the file with a shorter id: a few English words are enough")
    elif not rule.fullmatch(stem):
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
        read = _read_record(path, root, schema, problems)
        if read is None:
            continue
        record = read[0]
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
class _Parts:
    """What of a sidecar can be checked against the registries and the text, each entry with
    its index in the file: every entry of a well-formed file; else each entry whose own
    fields are well formed, so that one mistake does not hide the others."""

    participants: tuple[tuple[int, Participant], ...]
    mentions: tuple[tuple[int, Mention], ...]
    glossary: tuple[tuple[int, GlossaryLink], ...]  # term "" where only the quote is usable
    notes: tuple[tuple[int, Note], ...]
    topics: tuple[tuple[int, str], ...]
    waiting: tuple[YamlPath, ...]  # quotes and forms not checked: they are malformed


@dataclass(frozen=True)
class _Draft:
    """An article as read, before cross-references and quotes: its text if it could be read,
    and its sidecar's model if the sidecar has no error of its own."""

    files: ArticleFiles
    text_path: str
    record: YamlRecord
    text: SourceText | None
    parts: _Parts
    sidecar: Sidecar | None


def _quote(record: YamlRecord, path: YamlPath, exact: str, prefix: str = "",
           suffix: str = "") -> Quote:
    line, column = record.where(path)
    return Quote(exact, prefix, suffix, line, column)


def _entries(value: dict[str, Any], field: str) -> list[tuple[int, dict[str, Any]]]:
    items = value.get(field)
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _text(entry: dict[str, Any], key: str, path: YamlPath, shape: Shape) -> str | None:
    """The text at `entry[key]` if the schema has nothing against it."""
    text = entry.get(key)
    return text if isinstance(text, str) and shape.usable((*path, key)) else None


def _forms(record: YamlRecord, entry: dict[str, Any], path: YamlPath,
           shape: Shape) -> tuple[Quote, ...] | None:
    """The forms of a participant or mention; None if they are malformed."""
    forms = entry.get("forms", [])
    if not isinstance(forms, list) or not shape.usable((*path, "forms")) \
            or not all(isinstance(form, str) for form in forms):
        return None
    return tuple(_quote(record, (*path, "forms", j), form) for j, form in enumerate(forms))


def _parts(record: YamlRecord, shape: Shape) -> _Parts:
    value: dict[str, Any] = record.value
    waiting: list[YamlPath] = []
    named: dict[str, list[tuple[int, tuple[str, tuple[Quote, ...], int, int]]]] = {}
    for field in ("participants", "mentions"):
        named[field] = []
        for i, entry in _entries(value, field):
            entity, forms = _text(entry, "id", (field, i), shape), _forms(record, entry,
                                                                        (field, i), shape)
            if forms is None:
                waiting.append((field, i, "forms"))
            if entity is not None:
                line, column = record.where((field, i))
                named[field].append((i, (entity, forms or (), line, column)))
    participants = tuple(
        (i, Participant(entity, _localized_at(value, ("participants", i, "role"), shape),
                        forms, line, column))
        for i, (entity, forms, line, column) in named["participants"])
    mentions = tuple((i, Mention(entity, forms, line, column))
                     for i, (entity, forms, line, column) in named["mentions"])
    glossary = []
    for i, entry in _entries(value, "glossary"):
        quote = _text(entry, "quote", ("glossary", i), shape)
        if quote is None:
            waiting.append(("glossary", i, "quote"))
            continue
        glossary.append((i, GlossaryLink(_text(entry, "term", ("glossary", i), shape) or "",
                                         _quote(record, ("glossary", i, "quote"), quote))))
    notes = []
    for i, entry in _entries(value, "notes"):
        quote, context = _text(entry, "quote", ("notes", i), shape), [
            entry.get(side, "") if shape.usable(("notes", i, side)) else None
            for side in ("prefix", "suffix")]
        if quote is None or not all(isinstance(side, str) for side in context):
            waiting.append(("notes", i, "quote"))
            continue
        notes.append((i, Note(_quote(record, ("notes", i, "quote"), quote, *map(str, context)),
                              _localized_at(value, ("notes", i, "text"), shape))))
    topics = value.get("topics")
    return _Parts(participants, mentions, tuple(glossary), tuple(notes), tuple(
        (i, topic) for i, topic in enumerate(topics if isinstance(topics, list) else [])
        if isinstance(topic, str) and shape.usable(("topics", i))), tuple(waiting))


def _localized_at(value: dict[str, Any], path: YamlPath, shape: Shape) -> Localized:
    mapping = value_at(value, path)
    if not isinstance(mapping, dict) or not shape.usable(path):
        return ()
    return _localized(mapping)


def _sidecar(record: YamlRecord, parts: _Parts) -> Sidecar:
    """The model of a sidecar that has no error."""
    value = record.value
    source = value["source"]
    retrieved = source.get("retrieved")
    return Sidecar(
        date=dt.date.fromisoformat(value["date"]),
        language=value["language"],
        source=Source(publisher=source["publisher"], section=source.get("section"),
                      url=source.get("url"),
                      retrieved=dt.date.fromisoformat(retrieved) if retrieved else None),
        summary=_localized(value["summary"]),
        participants=tuple(participant for _, participant in parts.participants),
        mentions=tuple(mention for _, mention in parts.mentions),
        glossary=tuple(link for _, link in parts.glossary),
        notes=tuple(note for _, note in parts.notes),
        topics=tuple(topic for _, topic in parts.topics),
    )


def _read_source(files: ArticleFiles, text_path: str, problems: Problems) -> SourceText | None:
    try:
        data = files.text.read_bytes()
    except OSError as error:
        problems.extend([Diagnostic(text_path, 1, 1, "unreadable",
                                    f"cannot read file: {error.strerror}",
                                    "check the file's permissions")])
        return None
    source_text, found = read_text(text_path, data)
    problems.extend(found)
    if source_text is not None:
        problems.extend(characters.in_text(text_path, source_text.text))
    return source_text


def _read_article(files: ArticleFiles, checking: Checking, problems: Problems) -> _Draft | None:
    text_path = relative(files.text, checking.root)
    source_text = _read_source(files, text_path, problems)
    read = _read_record(files.sidecar, checking.root, "sidecar", problems, SIDECAR_DATES)
    if read is None:
        problems.extend([Diagnostic(
            relative(files.sidecar, checking.root), 1, 1, "not-checked",
            "references and quotes not checked: the file cannot be read as YAML fields",
            "fix the errors in this file first; the next check looks at everything in it",
            Severity.WARNING)])
        return None
    # A misspelt field is reported as such; what it holds is still checked, as what it means.
    record, shape = read
    if (meant := as_meant(record, "sidecar")) is not None:
        record, shape = meant
        problems.extend(shape.diagnostics)
    date = record.value.get("date")
    _check_id(record, files.id, problems, ARTICLE_ID_RULE, "2025-07-12-short-title",
              date if isinstance(date, str) and _is_date(date) else "YYYY-MM-DD")
    _check_article_place(record, files, problems)
    check_required_languages(record, checking.languages, problems)
    parts = _parts(record, shape)
    sidecar = None if problems.errors_in(record.path) else _sidecar(record, parts)
    return _Draft(files, text_path, record, source_text, parts, sidecar)


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
    record, parts = draft.record, draft.parts
    kinds: tuple[tuple[str, list[tuple[int, str]], Mapping[str, Any], str], ...] = (
        ("participants", [(i, p.entity) for i, p in parts.participants], entities, "people"),
        ("mentions", [(i, m.entity) for i, m in parts.mentions], entities, "people"),
        ("glossary", [(i, g.term) for i, g in parts.glossary if g.term], terms, "glossary"),
        ("topics", list(parts.topics), topics, "topics"))
    for field, ids, known, folder in kinds:
        for index, wanted in ids:
            path: YamlPath = (field, index) if field == "topics" else (
                field, index, "term" if field == "glossary" else "id")
            # A registry file with errors of its own is reported there, not at each use.
            if wanted not in known and wanted not in present[folder]:
                hint = _suggest(wanted, known) or (
                    f"add collection/{folder}/{wanted}.yml, or use an existing id")
                problems.add(record, path, "unknown-reference",
                             f"no {folder} entry `{wanted}` (collection/{folder}/{wanted}.yml)",
                             hint)
    seen: set[str] = set()
    for field, entity in [("participants", p) for p in parts.participants] + [
            ("mentions", m) for m in parts.mentions]:
        index, id = entity[0], entity[1].entity
        if id in seen:
            problems.add(record, (field, index, "id"), "duplicate-participant",
                         f"`{id}` is listed twice among participants and mentions",
                         "list each person or organisation once; give a participant all their "
                         "roles in one `role` text")
        seen.add(id)


# ------------------------------------------------------------------------- anchoring


# How many mistyped quotes of one sidecar get a closest passage: each search reads the
# whole text, so past this a hint says only how to copy the quote.
MAX_SUGGESTIONS = 20


class _Lookups:
    """What a sidecar's quotes are looked up in: its text, folded once and with the pairs of
    letters it has (anchor.Quoted), and the closest-passage searches it has left."""

    def __init__(self, source: SourceText) -> None:
        self.folded = anchor.FoldedText.of(source.text)
        self.quoted = anchor.Quoted(source.text)
        self.left = MAX_SUGGESTIONS

    def closest(self, quote: str) -> anchor.Suggestion | str | None:
        """The closest passage, None if there is none, or why it was not searched for."""
        if self.left <= 0:
            return (f"(no closest passage searched: more than {MAX_SUGGESTIONS} quotes of this "
                    "sidecar are not in the text; fix the first ones, then check again)")
        self.left -= 1
        return anchor.closest(self.folded, quote)


def _not_found(draft: _Draft, source: SourceText, quote: Quote, what: str,
               lookups: _Lookups) -> Diagnostic:
    suggestion = lookups.closest(quote.exact)
    hint = "copy the words exactly from the text file, character for character"
    if isinstance(suggestion, str):
        hint += f"\n{suggestion}"
    elif suggestion:
        line, column = anchor.line_and_column(source.text, suggestion.span.start)
        hint = (f"closest passage ({suggestion.reason}) at {draft.text_path}:{line}:{column}: "
                f"«{one_line(suggestion.passage)}»\n" + hint)
    return Diagnostic(draft.record.path, quote.line, quote.column, "quote-not-found",
                      f"{what} «{quote.exact}» is not in the text", hint)


def _context_not_found(draft: _Draft, source: SourceText, quote: Quote,
                       spans: list[Span]) -> Diagnostic:
    """The words are in the text, but `prefix`/`suffix` match none of their places."""
    text = source.text
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


def _block_of(source: SourceText, starts: list[int], span: Span) -> int | None:
    """The index of the block holding `span`; `starts`: where each block starts."""
    index = bisect.bisect_right(starts, span.start) - 1
    if index >= 0 and source.blocks[index].span.contains(span):
        return index
    return None


def _anchor(draft: _Draft, source: SourceText, entities: Mapping[str, Entity],
            problems: Problems) -> list[Annotation]:
    text = source.text
    annotations: list[Annotation] = []
    starts = [block.span.start for block in source.blocks]
    lookups = _Lookups(source)

    def place(spans: Iterable[Span], kind: AnnotationKind, target: str, quote: Quote) -> None:
        for span in spans:
            block = _block_of(source, starts, span)
            if block is None:
                problems.extend([Diagnostic(
                    draft.record.path, quote.line, quote.column, "quote-crosses-blocks",
                    f"«{quote.exact}» runs across a line or paragraph break",
                    "quote words from within one paragraph")])
                return
            annotations.append(Annotation(span, kind, target, block))

    def too_common(quote: Quote, what: str) -> Diagnostic:
        return Diagnostic(
            draft.record.path, quote.line, quote.column, "quote-too-common",
            f"{what} «{quote.exact}» occurs more than {anchor.MAX_PLACES:,} times in the text",
            "quote the longer words the annotation is about, as they stand in the text")

    for _, link in draft.parts.glossary:
        spans = lookups.quoted.find(link.quote.exact)
        if spans is None:
            problems.extend([too_common(link.quote, "glossary quote")])
        elif not spans:
            problems.extend([_not_found(draft, source, link.quote, "glossary quote", lookups)])
        place(spans or (), AnnotationKind.TERM, link.term, link.quote)

    for index, note in draft.parts.notes:
        number = index + 1
        spans = lookups.quoted.find(note.quote.exact, note.quote.prefix, note.quote.suffix)
        if spans == [] and (anywhere := anchor.first_places(text, note.quote.exact, 5)):
            problems.extend([_context_not_found(draft, source, note.quote, anywhere)])
        elif spans == []:
            problems.extend([_not_found(draft, source, note.quote, "note quote", lookups)])
        elif spans is None or len(spans) > 1:
            shown = ", ".join(str(anchor.line_and_column(text, s.start)[0])
                              for s in anchor.first_places(text, note.quote.prefix
                                                           + note.quote.exact
                                                           + note.quote.suffix, 10))
            count = (f"more than {anchor.MAX_PLACES:,}" if spans is None else str(len(spans)))
            more = spans is None or len(spans) > 10
            problems.extend([Diagnostic(
                draft.record.path, note.quote.line, note.quote.column, "quote-ambiguous",
                f"note quote «{note.quote.exact}» occurs {count} times (text lines {shown}"
                f"{', …' if more else ''})",
                "add `prefix:` (the words just before it) or `suffix:` (just after it) to say "
                "which one the note is about")])
        else:
            place(spans, AnnotationKind.NOTE, str(number), note.quote)

    folded = lookups.folded
    waiting = set(draft.parts.waiting)  # malformed forms: neither these nor registry names
    named = [(p.entity, p.forms, p.line, p.column) for i, p in draft.parts.participants
             if ("participants", i, "forms") not in waiting] + [
        (m.entity, m.forms, m.line, m.column) for i, m in draft.parts.mentions
        if ("mentions", i, "forms") not in waiting]
    for entity_id, forms, line, column in named:
        if forms:
            for form in forms:
                spans = lookups.quoted.find(form.exact)
                if spans is None:
                    problems.extend([too_common(form, "form")])
                elif not spans:
                    problems.extend([_not_found(draft, source, form, "form", lookups)])
                place(spans or (), AnnotationKind.ENTITY, entity_id, form)
            continue
        entity = entities.get(entity_id)
        if entity is None:
            continue
        spans = anchor.find_forms(folded, entity.forms)
        if len(spans) > anchor.MAX_PLACES:
            problems.extend([Diagnostic(
                draft.record.path, line, column, "named-too-often",
                f"`{entity_id}` is named more than {anchor.MAX_PLACES:,} times in the text; "
                f"only the first {anchor.MAX_PLACES:,} are linked",
                "give `forms:` with the exact spellings to link, or leave it as it is",
                Severity.WARNING)])
            spans = spans[:anchor.MAX_PLACES]
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
    _check_duplicate_ids(files, files.root, problems)
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
    """One article on its own: its files, its references, its quotes; each well-formed part
    of a sidecar is checked, whatever is wrong elsewhere in it."""
    problems = Problems()
    draft = _read_article(files, checking, problems)
    if draft is None:
        return None, problems.items
    entities, terms, topics = checking.registries
    _check_references(draft, entities, terms, topics, checking.present, problems)
    annotations = [] if draft.text is None else _anchor(draft, draft.text, entities, problems)
    problems.extend(_not_checked(draft))
    if draft.sidecar is None or draft.text is None:
        return None, problems.items
    return Article(id=draft.files.id, text_path=draft.text_path, sidecar_path=draft.record.path,
                   source_text=draft.text, sidecar=draft.sidecar,
                   annotations=tuple(annotations)), problems.items


def _not_checked(draft: _Draft) -> list[Diagnostic]:
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

