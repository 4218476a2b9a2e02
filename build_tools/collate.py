"""Models to page specs: what each page shows, decided here; how it looks, in templates.

Every string that reaches a template is text: templates escape it. Each page spec knows
its own path so links between pages are computed, never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, TypeVar

from . import arabic
from .models import (
    REQUIRED_LANGUAGES,
    Annotation,
    AnnotationKind,
    Article,
    Block,
    Collection,
    Entity,
    Localized,
    Term,
    Topic,
    localized_get,
)


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to docs/, e.g. "people/sergey-lavrov.md"
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=1 << 16)
def page_url(path: str) -> str:
    """The directory URL a Markdown path is published at (use_directory_urls)."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_url(from_path: str, to_path: str, fragment: str = "") -> str:
    start, target = _url_parts(from_path), _url_parts(to_path)
    if start[:1] != target[:1]:  # the usual link, from one section to another
        link = "../" * len(start) + page_url(to_path)
    else:
        common = 0
        while common < min(len(start), len(target)) and start[common] == target[common]:
            common += 1
        link = "".join([*(["../"] * (len(start) - common)),
                        *(f"{part}/" for part in target[common:])])
    link = link or "./"
    return f"{link}#{fragment}" if fragment else link


@functools.lru_cache(maxsize=1 << 16)
def _url_parts(path: str) -> tuple[str, ...]:
    """The folders of the URL `path` is published at; worked out once per page (a site of
    10,000 articles computes a million links, mostly from a few pages to the same ones)."""
    parts = tuple(part for part in page_url(path).split("/") if part)
    if path.startswith("/") or {".", ".."} & set(parts):
        raise ValueError(f"not a page path: {path!r}")
    return parts


def article_path(article: Article | ArticleRef) -> str:
    return f"articles/{article.date.year:04d}/{article.id}.md"  # as the folder it is in


def entity_path(entity_id: str) -> str:
    return f"people/{entity_id}.md"


def term_path(term_id: str) -> str:
    return f"glossary/{term_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def year_path(year: int) -> str:
    return f"timeline/{year:04d}.md"


# ------------------------------------------------------------------- text rendering


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


def _chosen(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Links can't nest: where annotations overlap, a note wins (its quote is unique and
    its aside links back to it), then the longest, then the earliest."""
    ordered = sorted(annotations, key=lambda a: a.span.start)
    if all(a.span.end <= b.span.start for a, b in itertools.pairwise(ordered)):
        return ordered  # nearly always: nothing overlaps
    kept: list[Annotation] = []
    taken: list[tuple[int, int]] = []  # the spans of `kept`
    for annotation in sorted(ordered, key=lambda a: (a.kind is not AnnotationKind.NOTE,
                                                     -(a.span.end - a.span.start),
                                                     a.span.start, a.kind)):
        start, end = annotation.span.start, annotation.span.end
        if not any(start < other_end and other_start < end for other_start, other_end in taken):
            kept.append(annotation)
            taken.append((start, end))
    return sorted(kept, key=lambda a: a.span.start)


def segments(block: Block, annotations: Sequence[Annotation],
             link: Mapping[tuple[str, str], Any],
             ) -> tuple[Segment, ...]:
    """Split a block into plain and linked runs whose concatenation is the block's text."""
    if not annotations:
        return (Segment(block.text),) if block.text else ()
    result: list[Segment] = []
    cursor = block.span.start
    for annotation in _chosen(annotations):
        start, end = annotation.span.start, annotation.span.end
        if start > cursor:
            result.append(Segment(block.text[cursor - block.span.start:start - block.span.start]))
        piece = block.text[start - block.span.start:end - block.span.start]
        result.append(Segment(piece, **link[annotation.kind, annotation.target]))
        cursor = end
    if cursor < block.span.end:
        result.append(Segment(block.text[cursor - block.span.start:]))
    return tuple(result)


_SENTENCE_ENDS = ".!?؟"
_SENTENCE_END = re.compile(rf"[{re.escape(_SENTENCE_ENDS)}]\s*")


def sentence_around(block: Block, annotation: Annotation) -> tuple[str, str, str]:
    """(before, quote, after) for the sentence of `block` that holds the annotation."""
    text, offset = block.text, block.span.start
    start, end = annotation.span.start - offset, annotation.span.end - offset
    # After the last sentence end before the quote, and the spaces after it.
    begin = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1
    if begin:
        while begin < start and text[begin].isspace():
            begin += 1
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    return text[begin:start].lstrip("\u00a0 "), text[start:end], text[end:finish].rstrip()


# ------------------------------------------------------------------------ search


def search_names(forms: Iterable[str], texts: Iterable[str] = ()) -> tuple[str, ...]:
    """The marked search terms (arabic.index_terms) of every spelling of the names and of
    the page's other visible `texts`: hidden on the page, they are all a query meets
    (Pagefind does not fold Arabic letter variants or Latin accents, and over-strips
    clitics)."""
    return tuple(arabic.index_terms(" ".join([*dict.fromkeys(forms), *texts])))


# (at least this many words of the page, weight): a term stands once on the page, weighted
# by how often the page says it, so a word costs the index one place per page.
SEARCH_WEIGHTS = ((5, 3), (2, 2), (1, 1))


def weighted_search_terms(forms: Iterable[str], texts: Iterable[str],
                          ) -> list[tuple[int, tuple[str, ...]]]:
    """(weight, marked terms) groups of an article's hidden search terms: the names of
    everyone and every term it annotates, and all it shows."""
    counts = arabic.index_term_counts([*dict.fromkeys(forms), *texts])
    groups: dict[int, list[str]] = {weight: [] for _, weight in SEARCH_WEIGHTS}
    for term, count in counts.items():
        groups[_search_weight(count)].append(term)
    return [(weight, tuple(groups[weight])) for _, weight in SEARCH_WEIGHTS if groups[weight]]


@functools.cache
def _search_weight(count: int) -> int:
    return next(weight for least, weight in SEARCH_WEIGHTS if count >= least)


class Mentions:
    """Which entities a registry text (a definition, a description) names by one of their
    forms: whole folded words, the first possibly behind a clitic. A page naming an entity
    gets all its forms as search names, so a definition that writes بوتين is found by بوتن
    and by Putin too."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.forms: dict[str, tuple[str, ...]] = {}
        self.starts: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for entity in entities:
            self.forms[entity.id] = entity.forms
            for form in entity.forms:
                words = tuple(arabic.folded_words(form))
                if words:
                    self.starts[words[0]].append((words, entity.id))

    def forms_in(self, texts: Iterable[str], itself: str = "") -> list[str]:
        """The forms of every entity but `itself` that `texts` name."""
        found: dict[str, None] = {}
        for text in texts:
            words = arabic.folded_words(text)
            for at, word in enumerate(words):
                for stem in arabic.strip_clitics(word):
                    for form, entity_id in self.starts.get(stem, ()):
                        if tuple(words[at + 1:at + len(form)]) == form[1:]:
                            found.setdefault(entity_id)
        return [form for entity_id in found if entity_id != itself
                for form in self.forms[entity_id]]


def search_filters(article: Article, entities: Mapping[str, Entity], terms: Mapping[str, Term],
                   topics: Mapping[str, Topic], site: Site) -> list[tuple[str, list[str]]]:
    """(label, values) pairs for the search filters of an article page.

    Each value is HTML-escaped here twice, on top of the page's own escaping: Pagefind's
    search box shows filter values as HTML, so a name such as `<img onerror=…>` must
    reach it as `&lt;img onerror=…&gt;`, and Pagefind 1.5.2 decodes the element's text
    twice (`&amp;lt;` in the page becomes `<`). Were it to decode once, values would show
    their `&lt;`, still as text. tests/test_hostile.py checks nothing runs."""
    sidecar = article.sidecar
    named = [entities[p.entity] for p in sidecar.participants] + [
        entities[m.entity] for m in sidecar.mentions]
    by_kind = {kind: list(dict.fromkeys(_name(e.names, site).text for e in named
                                        if str(e.kind) == kind))
               for kind in ("person", "organisation")}
    return [(label, [_twice_escaped(value) for value in values])
            for label, values in (
        ("year", [f"{article.date.year:04d}"]),
        ("person", by_kind["person"]),
        ("organisation", by_kind["organisation"]),
        ("terms", list(dict.fromkeys(_name(terms[g.term].names, site).text
                                     for g in sidecar.glossary))),
        ("topics", [_name(topics[t].names, site).text for t in sidecar.topics]),
        ("publisher", [sidecar.source.publisher]),
    ) if values]


@functools.lru_cache(maxsize=1 << 12)  # names, years, publishers: the same ones over and over
def _twice_escaped(value: str) -> str:
    return html.escape(html.escape(value, quote=False), quote=False)


# ------------------------------------------------------------------------ collation


@dataclass(frozen=True)
class Site:
    """The collection's settings (extra.collection in mkdocs.yml), read once: what shapes
    the pages (the interface language, list sizes) and the languages annotations need."""

    language: str = "ar"
    latest: int = 10
    # Year, people, organisations, terms, topics, publisher in the search box. Pagefind
    # writes them in a random order; searchindex.merge sorts them, so a site with
    # filters is still byte-for-byte reproducible.
    search_filters: bool = True
    # Articles per page of a person, term, topic or year: longer lists continue on
    # <page>/page-2.md ..., so no page grows with the collection.
    page_size: int = 100
    # Processes a build checks and generates with: 0 = one per CPU for a collection of
    # PARALLEL_FROM articles or more (below that, starting them costs more than it saves).
    workers: int = 0
    # The languages every summary, participant role and note text is written in
    # (`article`: the article's own); `check` enforces them.
    required_languages: tuple[str, ...] = REQUIRED_LANGUAGES


PARALLEL_FROM = 1000


class ArticleRef(NamedTuple):
    """What a list, or a neighbour's link, shows of an article."""

    id: str
    date: dt.date
    title: str
    language: str


class Use(NamedTuple):
    """A term's first use in an article: its sentence, and the paragraph's number (0 for
    the title)."""

    before: str
    quote: str
    after: str
    paragraph: int


@dataclass(frozen=True)
class Listing:
    """What the site's lists take from an article: the rest of it stays where it was read
    (see shares.py)."""

    ref: ArticleRef
    roles: tuple[tuple[str, Localized | None], ...]  # everyone it names: role, or None
    uses: tuple[tuple[str, Use], ...]  # each term it annotates, at its first use
    topics: tuple[str, ...]

    @classmethod
    def of(cls, article: Article) -> Listing:
        sidecar = article.sidecar
        roles: dict[str, Localized | None] = {}
        for participant in sidecar.participants:
            roles.setdefault(participant.entity, participant.role)
        for mention in sidecar.mentions:
            roles.setdefault(mention.entity, None)
        first: dict[str, Use] = {}
        for annotation in article.annotations:
            if annotation.kind is AnnotationKind.TERM and annotation.target not in first:
                block = article.source_text.blocks[annotation.block]
                first[annotation.target] = Use(*sentence_around(block, annotation),
                                               block.number)
        return cls(ArticleRef(article.id, article.date, article.title, sidecar.language),
                   tuple(roles.items()), tuple(first.items()),
                   tuple(dict.fromkeys(sidecar.topics)))


# (previous, next) article of each article, by id.
Neighbours = Mapping[str, tuple[ArticleRef | None, ArticleRef | None]]


def neighbours(refs: Sequence[ArticleRef]) -> Neighbours:
    """Each article's previous and next, `refs` being in date order."""
    return {ref.id: (refs[index - 1] if index > 0 else None,
                     refs[index + 1] if index + 1 < len(refs) else None)
            for index, ref in enumerate(refs)}


# What a page is made from: for an article, the article, its neighbours, the registries,
# the settings; for a list, what it shows. A preview that still has the page made from
# equal inputs need not make it again. Made only when asked for (a build never needs them).
Inputs = tuple[Any, ...]
Unchanged = Callable[[str, Callable[[], Inputs]], bool]


def _given(inputs: Inputs) -> Callable[[], Inputs]:
    return lambda: inputs


def collate(collection: Collection, site: Site) -> list[PageSpec]:
    """Every page of the site, sorted by path."""
    return sorted(iter_pages(collection, site), key=lambda page: page.path)


def iter_pages(collection: Collection, site: Site, unchanged: Unchanged | None = None,
               listing: Callable[[Article], Listing] = Listing.of) -> Iterator[PageSpec]:
    """Every page of the site, one at a time (for a preview, and `collate`): each can be
    rendered and written before the next is made. A build makes the same pages with
    article_pages and list_pages, in several processes.

    Pages that `unchanged(path, inputs)` says are made already from equal inputs are left
    out: an article's page, or all the pages of a person's, term's, topic's or year's list
    (`path` is the list's first page). `listing` gives an article's listing (a preview
    keeps them)."""
    listings = [listing(article) for article in collection.articles]
    around = neighbours([listing.ref for listing in listings])
    yield from article_pages(collection.articles, around, collection, site, unchanged)
    yield from list_pages(listings, collection, site, unchanged)


def article_pages(articles: Iterable[Article], around: Neighbours, registries: Collection,
                  site: Site, unchanged: Unchanged | None = None) -> Iterator[PageSpec]:
    """The page of each article, with the registries of `registries` (its articles are
    not looked at)."""
    entities = {e.id: e for e in registries.entities}
    terms = {t.id: t for t in registries.terms}
    topics = {t.id: t for t in registries.topics}
    for article in articles:
        previous, following = around[article.id]
        # Unchanged files give the same objects (validate's cache): comparing is cheap.
        inputs = (article, previous, following, registries.entities, registries.terms,
                  registries.topics, site)
        if unchanged is not None and unchanged(article_path(article), _given(inputs)):
            continue
        yield _article_page(article, previous, following, entities, terms, topics, site)


def list_pages(listings: Sequence[Listing], registries: Collection, site: Site,
               unchanged: Unchanged | None = None) -> Iterator[PageSpec]:
    """Every page but the articles': people, terms, topics, years, indexes, home; from
    the articles' listings (in date order) and the registries of `registries`."""
    entities = {e.id: e for e in registries.entities}
    lists = _Index.of(listings)
    mentions = Mentions(registries.entities)

    def made(path: str, inputs: Callable[[], Inputs]) -> bool:
        # A list shows each article's id, date, title (and role, or quote): its inputs are
        # those, not the article, so saving a summary leaves every list as it was.
        return unchanged is not None and unchanged(path, lambda: (*inputs(), site))

    for entity in registries.entities:
        if not made(entity_path(entity.id), functools.partial(
                lists.entity_inputs, entity, registries.entities)):
            yield from _entity_pages(entity, lists, entities, site, mentions)
    for term in registries.terms:
        if not made(term_path(term.id), functools.partial(
                lists.term_inputs, term, registries.entities)):
            yield from _term_pages(term, lists, site, mentions)
    for topic in registries.topics:
        if not made(topic_path(topic.id), functools.partial(lists.topic_inputs, topic)):
            yield from _topic_pages(topic, lists, site)
    refs = [listing.ref for listing in listings]
    yield from _timeline_pages(refs, site, made)
    yield _people_index(registries.entities, lists, site)
    yield _glossary_index(registries.terms, lists, site)
    yield _topics_index(registries.topics, lists, site)
    yield _home(refs, registries, site)


def preview_collection(collection: Collection) -> Collection:
    """A few articles with only the registry entries they name: their preview has their
    pages and the pages they touch, and no link from those leads outside it."""
    sidecars = [article.sidecar for article in collection.articles]
    named = {p.entity for s in sidecars for p in s.participants} | {
        m.entity for s in sidecars for m in s.mentions}
    used = {g.term for s in sidecars for g in s.glossary}
    listed = {topic for s in sidecars for topic in s.topics}
    return replace(collection,
                   entities=tuple(e for e in collection.entities if e.id in named),
                   terms=tuple(t for t in collection.terms if t.id in used),
                   topics=tuple(t for t in collection.topics if t.id in listed))


def _name(values: Localized, site: Site) -> Text:
    return pick(values, site.language)


def _article_link(here: str, article: ArticleRef) -> dict[str, Any]:
    return {"href": relative_url(here, article_path(article)), **_shown(article)}


@functools.lru_cache(maxsize=1 << 15)  # an article is in several lists, and their pages
def _shown(article: ArticleRef) -> dict[str, Any]:
    return {"title": Text(article.title, article.language), "date": article.date.isoformat(),
            "id": article.id}


def _article_page(article: Article, previous: ArticleRef | None, following: ArticleRef | None,
                  entities: Mapping[str, Entity], terms: Mapping[str, Term],
                  topics: Mapping[str, Topic], site: Site) -> PageSpec:
    here = article_path(article)
    sidecar = article.sidecar
    link: dict[tuple[str, str], dict[str, Any]] = {}  # by (kind, target)
    notes_by_block: dict[int, list[NoteView]] = defaultdict(list)
    by_block: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in article.annotations:
        by_block[annotation.block].append(annotation)
        key = (annotation.kind, annotation.target)
        if annotation.kind is AnnotationKind.NOTE:
            number = int(annotation.target)  # a note's quote is unique: annotated once
            note = sidecar.notes[number - 1]
            notes_by_block[annotation.block].append(NoteView(
                number, note.quote.exact, texts(note.text, ("en", site.language))))
            link[key] = {"kind": "note", "href": f"#n{number}", "note": number}
        elif key in link:
            continue
        elif annotation.kind is AnnotationKind.ENTITY:
            entity = entities[annotation.target]
            link[key] = {"kind": "entity", "href": relative_url(here, entity_path(entity.id)),
                         "title": _name(entity.names, site).text}
        else:
            term = terms[annotation.target]
            link[key] = {"kind": "term", "href": relative_url(here, term_path(term.id)),
                         "title": pick(term.definition, site.language).text}
    blocks = []
    for index, block in enumerate(article.source_text.blocks):
        in_block = by_block.get(index, [])
        blocks.append(BlockView(
            kind=str(block.kind), number=block.number, start=block.span.start,
            end=block.span.end, segments=segments(block, in_block, link),
            notes=tuple(notes_by_block.get(index, ()))))
    participants = [{"href": relative_url(here, entity_path(p.entity)),
                     "name": _name(entities[p.entity].names, site),
                     "kind": str(entities[p.entity].kind),
                     "roles": texts(p.role, (site.language, "en"))}
                    for p in sidecar.participants]
    mentioned = [{"href": relative_url(here, entity_path(m.entity)),
                  "name": _name(entities[m.entity].names, site)} for m in sidecar.mentions]
    used_terms = list(dict.fromkeys(g.term for g in sidecar.glossary))
    section = sidecar.source.section or article.source_text.section_name
    # Everything the page shows, for its hidden search terms.
    shown = [*(block.text for block in article.source_text.blocks),
             article.date.isoformat(), sidecar.source.publisher, section or "", article.id,
             *(text for _, text in sidecar.summary),
             *(text for p in sidecar.participants for _, text in p.role),
             *(text for note in sidecar.notes for _, text in note.text),
             *(text for t in sidecar.topics for _, text in topics[t].names)]
    return PageSpec(here, "article.md.j2", article.title, {
        "article": article,
        "lang": sidecar.language,
        "dir": Text("", sidecar.language).dir,
        "section": section,
        "summaries": texts(sidecar.summary, (sidecar.language, "en")),
        "participants": participants,
        "mentions": mentioned,
        "terms": [{"href": relative_url(here, term_path(t)), "name": _name(terms[t].names, site)}
                  for t in used_terms],
        "topics": [{"href": relative_url(here, topic_path(t)),
                    "name": _name(topics[t].names, site)} for t in sidecar.topics],
        "blocks": blocks,
        "year_href": relative_url(here, year_path(article.date.year)),
        "search_terms": weighted_search_terms(
            [*(form for e in dict.fromkeys([*(p.entity for p in sidecar.participants),
                                            *(m.entity for m in sidecar.mentions)])
               for form in entities[e].forms),
             *(form for t in used_terms for form in terms[t].forms)], shown),
        "search_filters": (search_filters(article, entities, terms, topics, site)
                           if site.search_filters else []),
        "previous": _article_link(here, previous) if previous else None,
        "next": _article_link(here, following) if following else None,
    })


# ------------------------------------------------------------------- long lists

Item = TypeVar("Item")


@dataclass(frozen=True)
class _Index:
    """Who and what each article names, gathered in one pass over the collection (a pass
    per person or term would cost people times articles: minutes at 10,000 articles)."""

    appearances: Mapping[str, list[tuple[ArticleRef, Localized | None]]]  # entity -> role
    together: Mapping[str, Counter[str]]  # entity -> the others named with it
    uses: Mapping[str, list[tuple[ArticleRef, Use]]]  # term -> its first use
    listed: Mapping[str, list[ArticleRef]]  # topic -> articles

    @classmethod
    def of(cls, listings: Iterable[Listing]) -> _Index:
        appearances: dict[str, list[tuple[ArticleRef, Localized | None]]] = defaultdict(list)
        together: dict[str, Counter[str]] = defaultdict(Counter)
        uses: dict[str, list[tuple[ArticleRef, Use]]] = defaultdict(list)
        listed: dict[str, list[ArticleRef]] = defaultdict(list)
        for listing in listings:
            named = [entity_id for entity_id, _ in listing.roles]
            for entity_id, role in listing.roles:
                appearances[entity_id].append((listing.ref, role))
                together[entity_id].update(named)  # itself too: removed below
            for term_id, use in listing.uses:
                uses[term_id].append((listing.ref, use))
            for topic_id in listing.topics:
                listed[topic_id].append(listing.ref)
        for entity_id, counts in together.items():
            del counts[entity_id]
        return cls(appearances, together, uses, listed)

    # What each list shows (see Unchanged).
    def entity_inputs(self, entity: Entity, registry: tuple[Entity, ...]) -> Inputs:
        return (entity, registry, tuple(sorted(self.together.get(entity.id, {}).items())),
                tuple(self.appearances.get(entity.id, ())))

    def term_inputs(self, term: Term, registry: tuple[Entity, ...]) -> Inputs:
        return term, registry, tuple(self.uses.get(term.id, ()))

    def topic_inputs(self, topic: Topic) -> Inputs:
        return topic, tuple(self.listed.get(topic.id, ()))


def page_path(path: str, number: int) -> str:
    """Page `number` of a list that starts on `path`: people/x.md, people/x/page-2.md ..."""
    return path if number == 1 else f"{path.removesuffix('.md')}/page-{number}.md"


def paginate(path: str, items: Sequence[Item], size: int,
             ) -> list[tuple[str, Sequence[Item], dict[str, Any]]]:
    """(page path, its items, its pager) for each page of a list; one page if it fits."""
    size = max(1, size)
    count = max(1, -(-len(items) // size))
    pages = []
    for number in range(1, count + 1):
        here = page_path(path, number)
        link = {n: relative_url(here, page_path(path, n)) for n in range(1, count + 1)}
        pages.append((here, items[(number - 1) * size:number * size], {
            "number": number, "count": count, "total": len(items),
            "first": (number - 1) * size + 1, "last": min(number * size, len(items)),
            "previous": link.get(number - 1, ""), "next": link.get(number + 1, ""),
            "pages": [{"number": n, "href": link[n], "current": n == number}
                      for n in range(1, count + 1)],
        }))
    return pages


def _page_title(title: str, pager: Mapping[str, Any]) -> str:
    return title if pager["number"] == 1 else f"{title} ({pager['number']}/{pager['count']})"


def _entity_pages(entity: Entity, index: _Index, entities: Mapping[str, Entity],
                  site: Site, mentions: Mentions) -> list[PageSpec]:
    appearances = sorted(index.appearances.get(entity.id, ()),
                         key=lambda item: (item[0].date, item[0].id), reverse=True)
    own = {"entity": entity,
           **_registry_page(entity, "descriptions", entity.description, site, mentions)}
    name = own["name"]
    pages = []
    for here, chunk, pager in paginate(entity_path(entity.id), appearances, site.page_size):
        first = pager["number"] == 1
        together = index.together.get(entity.id, Counter()) if first else Counter()
        companions = [{"href": relative_url(here, entity_path(other)),
                       "name": _name(entities[other].names, site), "count": count}
                      for other, count in sorted(together.items(),
                                                 key=lambda kv: (-kv[1], kv[0]))]
        pages.append(PageSpec(here, "entity.md.j2", _page_title(name.text, pager), {
            **own,
            "appearances": [{**_article_link(here, article),
                             "role": texts(role, (site.language, "en")) if role else ()}
                            for article, role in chunk],
            "companions": companions,
            "pager": pager,
        }))
    return pages


def _guess_lang(text: str) -> str:
    """Aliases carry no language tag: Arabic script or not is enough for direction."""
    return "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "und"


def auto_text(text: str) -> Text:
    return Text(text, _guess_lang(text))


def _use(here: str, article: ArticleRef, use: Use) -> dict[str, Any]:
    return {**_article_link(here, article), "lang": article.language,
            "before": use.before, "quote": use.quote, "after": use.after,
            "paragraph": relative_url(here, article_path(article),
                                      f"p{use.paragraph}" if use.paragraph else "")}


def _registry_page(item: Entity | Term, text_name: str, text: Localized, site: Site,
                   mentions: Mentions) -> dict[str, Any]:
    """What every page of a person's or term's list shows of it: its names, and its text
    (a description, a definition) as `text_name`; and its hidden search terms:
    `search_names` for its own forms (weighted like a title), `search_terms` for its text
    and the forms of the entities that text names."""
    described = [value for _, value in text]
    named = mentions.forms_in(described, item.id)
    own = search_names(item.forms)
    return {"name": _name(item.names, site), "names": texts(item.names, (site.language, "en")),
            "aliases": [auto_text(alias) for alias in item.aliases],
            text_name: texts(text, ("en", site.language)),
            "search_names": own,
            "search_terms": tuple(t for t in search_names(named, described) if t not in own)}


def _term_pages(term: Term, index: _Index, site: Site, mentions: Mentions) -> list[PageSpec]:
    uses = sorted(index.uses.get(term.id, ()), key=lambda use: (use[0].date, use[0].id),
                  reverse=True)
    own = {"term": term, **_registry_page(term, "definitions", term.definition, site, mentions)}
    name = own["name"]
    return [PageSpec(here, "term.md.j2", _page_title(name.text, pager), {
        **own,
        "uses": [_use(here, article, use) for article, use in chunk],
        "pager": pager,
    }) for here, chunk, pager in paginate(term_path(term.id), uses, site.page_size)]


def _topic_pages(topic: Topic, index: _Index, site: Site) -> list[PageSpec]:
    listed = sorted(index.listed.get(topic.id, ()), key=lambda a: (a.date, a.id), reverse=True)
    return [PageSpec(here, "topic.md.j2", _page_title(_name(topic.names, site).text, pager), {
        "topic": topic,
        "name": _name(topic.names, site),
        "descriptions": texts(topic.description, ("en", site.language)),
        "articles": [_article_link(here, article) for article in chunk],
        "pager": pager,
    }) for here, chunk, pager in paginate(topic_path(topic.id), listed, site.page_size)]


def _timeline_pages(articles: Iterable[ArticleRef], site: Site,
                    made: Unchanged) -> list[PageSpec]:
    by_year: dict[int, list[ArticleRef]] = defaultdict(list)
    for article in articles:
        by_year[article.date.year].append(article)
    pages = []
    month_pages: dict[tuple[int, int], str] = {}  # where each month's list starts
    for year, items in sorted(by_year.items()):
        ordered = sorted(items, key=lambda a: (a.date, a.id))
        size = max(1, site.page_size)
        for number, article in enumerate(ordered):
            month_pages.setdefault((year, article.date.month),
                                   page_path(year_path(year), number // size + 1))
        if made(year_path(year), _given(tuple(ordered))):
            continue
        for here, chunk, pager in paginate(year_path(year), ordered, site.page_size):
            months: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for article in chunk:
                months[article.date.month].append(_article_link(here, article))
            pages.append(PageSpec(here, "year.md.j2", _page_title(str(year), pager), {
                "year": year, "months": sorted(months.items()), "pager": pager}))
    index = "timeline/index.md"
    years = [{"year": year, "href": relative_url(index, year_path(year)), "count": len(items),
              "months": Counter(a.date.month for a in items),
              "month_hrefs": {month: relative_url(index, path, f"m{month:02d}")
                              for (y, month), path in month_pages.items() if y == year}}
             for year, items in sorted(by_year.items(), reverse=True)]
    pages.append(PageSpec(index, "timeline.md.j2", "", {"label": "timeline", "years": years}))
    return pages


def _people_index(entities: Iterable[Entity], lists: _Index, site: Site) -> PageSpec:
    here = "people/index.md"
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        groups[str(entity.kind)].append({
            "href": relative_url(here, entity_path(entity.id)),
            "name": _name(entity.names, site), "other": pick(entity.names, "en", site.language),
            "count": len(lists.appearances.get(entity.id, ()))})
    return PageSpec(here, "people_index.md.j2", "", {"label": "people",
        "groups": [(kind, sorted(items, key=lambda i: arabic.fold(i["name"].text)))
                   for kind, items in sorted(groups.items(), reverse=True)]})


def _glossary_index(terms: Iterable[Term], lists: _Index, site: Site) -> PageSpec:
    here = "glossary/index.md"
    items = [{"href": relative_url(here, term_path(term.id)), "name": _name(term.names, site),
              "other": pick(term.names, "en", site.language),
              "definition": pick(term.definition, site.language),
              "count": len(lists.uses.get(term.id, ()))}
             for term in terms]
    return PageSpec(here, "glossary_index.md.j2", "", {"label": "glossary",
        "terms": sorted(items, key=lambda i: arabic.fold(i["name"].text))})


def _topics_index(topics: Iterable[Topic], lists: _Index, site: Site) -> PageSpec:
    here = "topics/index.md"
    items = [{"href": relative_url(here, topic_path(topic.id)), "name": _name(topic.names, site),
              "count": len(lists.listed.get(topic.id, ()))} for topic in topics]
    return PageSpec(here, "topics_index.md.j2", "", {"label": "topics",
        "topics": sorted(items, key=lambda i: (-i["count"], arabic.fold(i["name"].text)))})


def _home(articles: Sequence[ArticleRef], registries: Collection, site: Site) -> PageSpec:
    here = "index.md"
    latest = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    return PageSpec(here, "home.md.j2", "", {"label": "home",
        "counts": {"articles": len(articles), "entities": len(registries.entities),
                   "terms": len(registries.terms), "topics": len(registries.topics)},
        "latest": [_article_link(here, a) for a in latest[:site.latest]],
        "links": {name: relative_url(here, f"{name}/index.md")
                  for name in ("timeline", "people", "glossary", "topics", "about")},
    })
