"""What the templates read: a page spec and its view, one frozen type per page template,
built of links, texts with their language, pagers, blocks and notes; and the helpers
that pick a name in a language.

A view holds plain text and hrefs, never markup and never a model: a template reads
attributes of it (`view.participants`, `link.href`) and escapes every string itself (see
render/filters.py). Views are frozen and made of tuples, so two specs compare (and hash)
by what the page shows: a running preview re-renders a page only when its spec changed.

Nothing here imports the URL scheme: `urls` builds the links and pagers out of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from .. import arabic
from ..config import Site
from ..models import (
    Localized,
    localized_get,
)
from ..runtime.cache import memoized

# ------------------------------------------------------------------------- pieces


@dataclass(frozen=True, slots=True)
class Text:
    """A string with its language and direction, for `lang`/`dir` on its element."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return "rtl" if arabic.is_rtl_language(self.lang) else "ltr"


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """An article as a list, or a neighbour's link, shows it; `roles`: what a person's
    list says they did in it."""

    href: str
    title: Text
    date: str  # ISO 8601
    id: str
    roles: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a person's, term's or topic's page, by its name."""

    href: str
    name: Text


@dataclass(frozen=True, slots=True)
class CountedLink:
    """A link to a page of a list, and how many articles it lists (or share an entry)."""

    href: str
    name: Text
    count: int


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone an article names as taking part: their page, name, kind and role."""

    href: str
    name: Text
    kind: str  # "person", "organisation"
    roles: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class PagerLink:
    number: int
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page is in a long list (urls.paginate): its items `first` to `last` of
    `total`, and links to the others ("" for none)."""

    number: int
    count: int
    total: int
    first: int
    last: int
    previous: str
    next: str
    pages: tuple[PagerLink, ...]


class Segment(NamedTuple):
    """A run of a block's text; a tuple, so a template unpacks it instead of looking up
    each field (an article has hundreds)."""

    text: str
    kind: str = ""  # "", "entity", "term", "note"
    href: str = ""
    gloss: str = ""  # the id of the Gloss of an entity or term ("" for none)
    note: int = 0  # a note's number, in reading order


@dataclass(frozen=True, slots=True)
class NoteView:
    """An editorial note: `number` counts the notes in the order their quotes come in
    the text; `id`, its anchor, comes from where its quote starts in the text, so a link
    to it holds when a note is added before it (the text itself never changes)."""

    number: int
    id: str
    quote: Text  # the words of the text it is about
    texts: tuple[Text, ...]  # the article's language first


@dataclass(frozen=True, slots=True)
class Gloss:
    """What a person's or term's popover on an article shows, written once in the page
    as text: `id` names its element (the text's links point at it), `href` its page."""

    id: str
    kind: str  # "entity", "term"
    href: str
    name: Text
    text: Text | None  # the definition, or the description; None if it has none


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str
    number: int
    start: int
    end: int
    segments: tuple[Segment, ...]
    notes: tuple[NoteView, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """A Pagefind filter of an article: its label's key, and its values as plain text."""

    label: str  # a key of the interface labels
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Described:
    """What every page of a person's or term's list shows of it: its names, and its text
    (a description, a definition); and its hidden search terms: `search_names` for its
    own forms (weighted like a title), `search_terms` for its text and the forms of the
    entities that text names."""

    id: str
    name: Text
    names: tuple[Text, ...]
    aliases: tuple[Text, ...]
    texts: tuple[Text, ...]
    search_names: tuple[str, ...]
    search_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TermUse:
    """A term's first use in an article: the article, and the sentence that uses it."""

    article: ArticleLink
    before: str
    quote: str
    after: str
    paragraph: str  # the href of its paragraph


@dataclass(frozen=True, slots=True)
class Month:
    """A month of a year's list: its number and its articles."""

    month: int
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True, slots=True)
class MonthLink:
    """A month on the timeline: its number, how many articles, where its list starts."""

    month: int
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class YearLink:
    year: int
    href: str
    count: int
    months: tuple[MonthLink, ...]  # in month order


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A person, organisation, term or topic in an index: its name, its name in the other
    language, and how many articles name or use it."""

    href: str
    name: Text
    other: Text
    count: int


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    href: str
    name: Text
    other: Text
    definition: Text
    count: int


@dataclass(frozen=True, slots=True)
class KindGroup:
    """People, or organisations, in the people index."""

    kind: str  # "person", "organisation": a label's key
    entries: tuple[IndexEntry, ...]


# ------------------------------------------------------------- one view per page

# `label`: the interface label that titles a page without a title of its own.


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """article.md.j2"""

    label: ClassVar[str] = "home"
    id: str
    date: str  # ISO 8601
    date_text: str  # the date as a reader writes it, in the interface language
    year: int
    lang: str
    dir: str
    publisher: Text
    section: Text | None  # for the dateline: None when the text's own section line shows it
    source_url: str | None
    summaries: tuple[Text, ...]  # the article's language first
    participants: tuple[Participant, ...]
    mentions: tuple[Link, ...]
    terms: tuple[Link, ...]
    topics: tuple[Link, ...]
    blocks: tuple[BlockView, ...]
    glosses: tuple[Gloss, ...]  # of the people and terms the text links, each once
    year_href: str
    previous: ArticleLink | None
    next: ArticleLink | None
    search_terms: tuple[tuple[int, tuple[str, ...]], ...]  # (weight, terms)
    search_filters: tuple[SearchFilter, ...]


@dataclass(frozen=True, slots=True)
class EntityPage:
    """entity.md.j2: a page of a person's or organisation's list."""

    label: ClassVar[str] = "home"
    entity: Described
    appearances: tuple[ArticleLink, ...]
    companions: tuple[CountedLink, ...]  # on the first page only
    pager: Pager


@dataclass(frozen=True, slots=True)
class TermPage:
    """term.md.j2: a page of a glossary term's list."""

    label: ClassVar[str] = "home"
    term: Described
    uses: tuple[TermUse, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class TopicPage:
    """topic.md.j2: a page of a topic's list."""

    label: ClassVar[str] = "home"
    id: str
    name: Text
    descriptions: tuple[Text, ...]
    articles: tuple[ArticleLink, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class YearPage:
    """year.md.j2: a page of a year's list."""

    label: ClassVar[str] = "home"
    year: int
    months: tuple[Month, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """timeline.md.j2"""

    label: ClassVar[str] = "timeline"
    years: tuple[YearLink, ...]  # the latest first


@dataclass(frozen=True, slots=True)
class PeopleIndex:
    """people_index.md.j2"""

    label: ClassVar[str] = "people"
    groups: tuple[KindGroup, ...]


@dataclass(frozen=True, slots=True)
class GlossaryIndex:
    """glossary_index.md.j2"""

    label: ClassVar[str] = "glossary"
    terms: tuple[GlossaryEntry, ...]


@dataclass(frozen=True, slots=True)
class TopicsIndex:
    """topics_index.md.j2"""

    label: ClassVar[str] = "topics"
    topics: tuple[IndexEntry, ...]  # in Arabic alphabetical order (collate.order)


@dataclass(frozen=True, slots=True)
class Home:
    """home.md.j2"""

    label: ClassVar[str] = "home"
    article_count: int
    entity_count: int
    term_count: int
    topic_count: int
    latest: tuple[ArticleLink, ...]
    timeline_href: str
    people_href: str
    glossary_href: str
    topics_href: str
    about_href: str


PageView = (ArticlePage | EntityPage | TermPage | TopicPage | YearPage | TimelinePage
            | PeopleIndex | GlossaryIndex | TopicsIndex | Home)


@dataclass(frozen=True)
class PageSpec:
    """A page to make: where it goes, which template renders it, its title ("" for the
    view's label, in the interface language) and what it shows."""

    path: str  # relative to docs/, e.g. "people/sergey-lavrov.md"
    template: str
    title: str
    view: PageView


# ------------------------------------------------------------------------ helpers

# Names and roles come back over and over: a person's on every article they take part in.
@memoized(maxsize=1 << 14)
def texts(values: Localized, order: tuple[str, ...] = ()) -> tuple[Text, ...]:
    """Localised values, the preferred languages first."""
    rank = {lang: i for i, lang in enumerate(order)}
    return tuple(Text(text, lang) for lang, text in
                 sorted(values, key=lambda item: (rank.get(item[0], len(rank)), item[0])))


@memoized(maxsize=1 << 14)
def pick(values: Localized, lang: str, fallback: str = "en") -> Text:
    for wanted in (lang, fallback):
        if (text := localized_get(values, wanted)) is not None:
            return Text(text, wanted)
    tag, text = values[0]
    return Text(text, tag)


def name_in(values: Localized, site: Site) -> Text:
    return pick(values, site.language)


def _guess_lang(text: str) -> str:
    """Aliases carry no language tag: Arabic script or not is enough for direction."""
    return "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "und"


def auto_text(text: str) -> Text:
    return Text(text, _guess_lang(text))
