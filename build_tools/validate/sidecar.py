"""A sidecar to its model: each well-formed part on its own, so that one mistake does
not hide the others; and the article's text beside it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..discover import ArticleFiles
from ..models import (
    GlossaryLink,
    Localized,
    Mention,
    Note,
    Participant,
    Quote,
    Sidecar,
    Source,
    SourceText,
)
from ..read import ArticleSource, FileBytes, YamlPath, YamlRecord, read_text
from . import characters
from .languages import check_required_languages, localized, value_at
from .problems import Problems
from .registries import ARTICLE_ID_RULE, check_id, read_record
from .schema import Shape, as_meant

if TYPE_CHECKING:
    from .check import Checking



SIDECAR_DATES = frozenset({("date",), ("source", "retrieved")})


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
class Draft:
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
    return localized(mapping)


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
        summary=localized(value["summary"]),
        participants=tuple(participant for _, participant in parts.participants),
        mentions=tuple(mention for _, mention in parts.mentions),
        glossary=tuple(link for _, link in parts.glossary),
        notes=tuple(note for _, note in parts.notes),
        topics=tuple(topic for _, topic in parts.topics),
    )


def _source_text(file: FileBytes, problems: Problems) -> SourceText | None:
    if file.data is None:
        problems.extend([file.unreadable] if file.unreadable else [])
        return None
    source_text, found = read_text(file.path, file.data)
    problems.extend(found)
    if source_text is not None:
        problems.extend(characters.in_text(file.path, source_text.text))
    return source_text


def draft_of(source: ArticleSource, checking: Checking, problems: Problems) -> Draft | None:
    """An article as read: its text, its sidecar's record and the parts of it that can be
    checked, and the sidecar's model if it has no error of its own."""
    files, text_path = source.files, source.text.path
    source_text = _source_text(source.text, problems)
    read = read_record(source.sidecar, "sidecar", problems, SIDECAR_DATES)
    if read is None:
        problems.extend([Diagnostic(
            source.sidecar.path, 1, 1, "not-checked",
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
    check_id(record, files.id, problems, ARTICLE_ID_RULE, "2025-07-12-short-title",
              date if isinstance(date, str) and _is_date(date) else "YYYY-MM-DD")
    _check_article_place(record, files, problems)
    check_required_languages(record, checking.languages, problems)
    parts = _parts(record, shape)
    sidecar = None if problems.errors_in(record.path) else _sidecar(record, parts)
    return Draft(files, text_path, record, source_text, parts, sidecar)


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
