"""The collection's own vocabulary as frozen data. No I/O here."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of character offsets into a source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Layout(enum.StrEnum):
    KCNA = "kcna"  # "/ section", title, one paragraph per line indented by NBSP NBSP space
    PLAIN = "plain"  # title, blank line, paragraphs separated by blank lines


class BlockKind(enum.StrEnum):
    SECTION = "section"
    TITLE = "title"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """One block of a source text; `text` is exactly `source[span.start:span.end]`."""

    kind: BlockKind
    span: Span
    text: str
    number: int = 0  # 1-based for paragraphs, 0 for the section line and the title


@dataclass(frozen=True)
class SourceText:
    text: str
    layout: Layout
    blocks: tuple[Block, ...]

    @functools.cached_property
    def title(self) -> Block:
        return next(b for b in self.blocks if b.kind is BlockKind.TITLE)

    @property
    def section(self) -> Block | None:
        return next((b for b in self.blocks if b.kind is BlockKind.SECTION), None)

    @property
    def section_name(self) -> str | None:
        """The section the text names on its first line ("/ الاقتصاد" -> الاقتصاد), if any."""
        section = self.section
        return section.text.removeprefix("/ ").strip() if section else None

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind is BlockKind.PARAGRAPH)

    def block_at(self, span: Span) -> Block | None:
        """The block that wholly contains `span`, if any."""
        return next((b for b in self.blocks if b.span.contains(span)), None)


# Localised strings: language tag (BCP 47, e.g. "ar", "en", "ru-Latn") -> text.
Localized = tuple[tuple[str, str], ...]


# The languages every summary, participant role and note text is written in, unless the
# collection's settings say otherwise; `article` stands for the article's own language.
ARTICLE_LANGUAGE = "article"
REQUIRED_LANGUAGES = (ARTICLE_LANGUAGE, "en")


def localized_get(values: Localized, lang: str) -> str | None:
    return next((text for tag, text in values if tag == lang), None)


class EntityKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Entity:
    """A person or organisation from `collection/people/<id>.yml`."""

    id: str
    kind: EntityKind
    names: Localized
    aliases: tuple[str, ...]
    description: Localized
    path: str

    @functools.cached_property
    def forms(self) -> tuple[str, ...]:
        """Every spelling by which the entity may appear in a text."""
        return _forms(self.names, self.aliases)


@dataclass(frozen=True)
class Term:
    """A glossary term from `collection/glossary/<id>.yml`."""

    id: str
    names: Localized
    aliases: tuple[str, ...]
    definition: Localized
    path: str

    @functools.cached_property
    def forms(self) -> tuple[str, ...]:
        """Every spelling by which the term may appear in a text."""
        return _forms(self.names, self.aliases)


def _forms(names: Localized, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Names, then aliases, each once."""
    return tuple(dict.fromkeys([*(text for _, text in names), *aliases]))


@dataclass(frozen=True)
class Topic:
    id: str
    names: Localized
    description: Localized
    path: str


@dataclass(frozen=True)
class Source:
    publisher: str
    section: str | None = None
    url: str | None = None
    retrieved: dt.date | None = None


@dataclass(frozen=True)
class Quote:
    """A TextQuoteSelector: the exact text, optionally disambiguated by what precedes/follows."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    line: int = 0  # where the quote is written in the sidecar, for messages
    column: int = 0


@dataclass(frozen=True)
class Participant:
    entity: str
    role: Localized
    forms: tuple[Quote, ...] = ()
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Mention:
    """An entity the text names without taking part (a country, a party)."""

    entity: str
    forms: tuple[Quote, ...] = ()
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class GlossaryLink:
    term: str
    quote: Quote


@dataclass(frozen=True)
class Note:
    quote: Quote
    text: Localized


@dataclass(frozen=True)
class Sidecar:
    """The human-written annotations of one article."""

    date: dt.date
    language: str
    source: Source
    summary: Localized
    participants: tuple[Participant, ...]
    mentions: tuple[Mention, ...]
    glossary: tuple[GlossaryLink, ...]
    notes: tuple[Note, ...]
    topics: tuple[str, ...]


class AnnotationKind(enum.StrEnum):
    ENTITY = "entity"
    TERM = "term"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Annotation:
    """An annotation anchored to a span of the source text."""

    span: Span
    kind: AnnotationKind
    target: str  # entity id, term id, or note number as text
    block: int = 0  # index into SourceText.blocks


@dataclass(frozen=True)
class Article:
    id: str
    text_path: str
    sidecar_path: str
    source_text: SourceText
    sidecar: Sidecar
    annotations: tuple[Annotation, ...] = field(default=())

    @functools.cached_property
    def date(self) -> dt.date:
        return self.sidecar.date

    @functools.cached_property
    def title(self) -> str:
        return self.source_text.title.text.strip()


@dataclass(frozen=True)
class Registries:
    """A collection's people and organisations, glossary terms and topics, each sorted by
    id and found by id: what every article is checked against and every page made with."""

    entities: tuple[Entity, ...] = ()
    terms: tuple[Term, ...] = ()
    topics: tuple[Topic, ...] = ()

    @classmethod
    def of(cls, entities: Iterable[Entity], terms: Iterable[Term],
           topics: Iterable[Topic]) -> Registries:
        return cls(tuple(sorted(entities, key=lambda e: e.id)),
                   tuple(sorted(terms, key=lambda t: t.id)),
                   tuple(sorted(topics, key=lambda t: t.id)))

    @functools.cached_property
    def entity(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    @functools.cached_property
    def term(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    @functools.cached_property
    def topic(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}


@dataclass(frozen=True)
class Collection:
    """Every article, in date order, and the registries."""

    articles: tuple[Article, ...]
    registries: Registries
    root: Path = Path(".")

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.registries.entities

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.registries.terms

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.registries.topics
