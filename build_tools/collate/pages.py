"""Every page of the site, as page specs in one order: the articles' pages, then the
lists. A preview that still has a page made from equal inputs need not make it again."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from ..config import Site
from ..models import (
    Article,
    Collection,
    Registries,
)
from .article import article_page
from .listing import Inputs, ListIndex, Listing, Neighbours, Unchanged, neighbours
from .lists import (
    entity_pages,
    glossary_index,
    home,
    people_index,
    term_pages,
    timeline_pages,
    topic_pages,
    topics_index,
)
from .search import Mentions
from .urls import entity_path, term_path, topic_path
from .views import PageSpec


def collate(collection: Collection, site: Site) -> list[PageSpec]:
    """Every page of the site, sorted by path."""
    return sorted(iter_pages(collection, site), key=lambda page: page.path)


def iter_pages(collection: Collection, site: Site) -> Iterator[PageSpec]:
    """Every page of the site, one at a time, in the pipeline's order: the articles' pages,
    then the lists (`collate`, and tests; the pipeline makes the same pages with
    `article_pages` and `list_pages`, whose work it shares among processes)."""
    listings = [Listing.of(article) for article in collection.articles]
    around = neighbours([listing.ref for listing in listings])
    yield from article_pages(collection.articles, around, collection.registries, site)
    yield from list_pages(listings, collection.registries, site)


def article_pages(articles: Iterable[Article], around: Neighbours, registries: Registries,
                  site: Site) -> Iterator[PageSpec]:
    """The page of each article, in order, with the registries of `registries` (its
    articles are not looked at)."""
    entities, terms, topics = registries.entity, registries.term, registries.topic
    for article in articles:
        previous, following = around[article.id]
        yield article_page(article, previous, following, entities, terms, topics, site)


def list_pages(listings: Sequence[Listing], registries: Registries, site: Site,
               unchanged: Unchanged | None = None) -> Iterator[PageSpec]:
    """Every page but the articles': people, terms, topics, years, indexes, home; from
    the articles' listings (in date order) and the registries of `registries`.

    The pages of a person's, term's, topic's or year's list are left out when
    `unchanged(path, inputs)` says they were made already from equal inputs (`path`: the
    list's first page; `inputs`: what the list shows of the articles, besides the
    registries and settings, which the caller accounts for)."""
    entities = registries.entity
    lists = ListIndex.of(listings)
    mentions = Mentions(registries.entities)

    def made(path: str, inputs: Callable[[], Inputs]) -> bool:
        # A list shows each article's id, date, title (and role, or quote): its inputs are
        # those, not the article, so saving a summary leaves every list as it was.
        return unchanged is not None and unchanged(path, inputs)

    for entity in registries.entities:
        if not made(entity_path(entity.id), functools.partial(lists.entity_inputs, entity)):
            yield from entity_pages(entity, lists, entities, site, mentions)
    for term in registries.terms:
        if not made(term_path(term.id), functools.partial(lists.term_inputs, term)):
            yield from term_pages(term, lists, site, mentions)
    for topic in registries.topics:
        if not made(topic_path(topic.id), functools.partial(lists.topic_inputs, topic)):
            yield from topic_pages(topic, lists, site)
    refs = [listing.ref for listing in listings]
    yield from timeline_pages(refs, site, made)
    yield people_index(registries.entities, lists, site)
    yield glossary_index(registries.terms, lists, site)
    yield topics_index(registries.topics, lists, site)
    yield home(refs, registries, site)


def preview_registries(registries: Registries, listings: Iterable[Listing]) -> Registries:
    """The registry entries that a few articles name (by their listings): their preview has
    their pages and the pages they touch, and no link from those leads outside it."""
    listings = list(listings)
    named = {entity for listing in listings for entity, _ in listing.roles}
    used = {term for listing in listings for term, _ in listing.uses}
    listed = {topic for listing in listings for topic in listing.topics}
    return replace(registries,
                   entities=tuple(e for e in registries.entities if e.id in named),
                   terms=tuple(t for t in registries.terms if t.id in used),
                   topics=tuple(t for t in registries.topics if t.id in listed))
