"""What the templates read: page specs, texts with their language and direction, the runs
of a block's text, notes; and the small helpers that pick a name in a language."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import arabic
from ..config import Site
from ..models import (
    Localized,
    localized_get,
)
from .urls import article_path, relative_url

if TYPE_CHECKING:
    from .listing import ArticleRef


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to docs/, e.g. "people/sergey-lavrov.md"
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Text:
    """A string with its language and direction, for `lang`/`dir` on its element."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return "rtl" if arabic.is_rtl_language(self.lang) else "ltr"


@functools.lru_cache(maxsize=1 << 14)  # the same names and roles over and over
def texts(values: Localized, order: tuple[str, ...] = ()) -> tuple[Text, ...]:
    """Localised values, the preferred languages first."""
    rank = {lang: i for i, lang in enumerate(order)}
    return tuple(Text(text, lang) for lang, text in
                 sorted(values, key=lambda item: (rank.get(item[0], len(rank)), item[0])))


@functools.lru_cache(maxsize=1 << 14)
def pick(values: Localized, lang: str, fallback: str = "en") -> Text:
    for wanted in (lang, fallback):
        if (text := localized_get(values, wanted)) is not None:
            return Text(text, wanted)
    tag, text = values[0]
    return Text(text, tag)


class Segment(NamedTuple):
    """A run of a block's text; a tuple, so a template unpacks it instead of looking up
    each field (an article has hundreds)."""

    text: str
    kind: str = ""  # "", "entity", "term", "note"
    href: str = ""
    title: str = ""  # the tooltip of an entity or term
    note: int = 0


@dataclass(frozen=True)
class BlockView:
    kind: str
    number: int
    start: int
    end: int
    segments: tuple[Segment, ...]
    notes: tuple[NoteView, ...] = ()


@dataclass(frozen=True)
class NoteView:
    number: int
    quote: str
    texts: tuple[Text, ...]


def name_in(values: Localized, site: Site) -> Text:
    return pick(values, site.language)


def article_link(here: str, article: ArticleRef) -> dict[str, Any]:
    return {"href": relative_url(here, article_path(article)), **_shown(article)}


@functools.lru_cache(maxsize=1 << 15)  # an article is in several lists, and their pages
def _shown(article: ArticleRef) -> dict[str, Any]:
    return {"title": Text(article.title, article.language), "date": article.date.isoformat(),
            "id": article.id}


def _guess_lang(text: str) -> str:
    """Aliases carry no language tag: Arabic script or not is enough for direction."""
    return "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "und"


def auto_text(text: str) -> Text:
    return Text(text, _guess_lang(text))
