"""Every page but the articles': people, terms, topics, years, the indexes and home,
each as its view (views.EntityPage, views.TermPage ...)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..config import Site
from ..models import (
    Entity,
    Localized,
    Registries,
    Term,
    Topic,
)
from .listing import ArticleRef, ListIndex, Unchanged, Use, given
from .order import alphabetical_key
from .search import Mentions, search_names
from .urls import (
    article_link,
    article_path,
    entity_path,
    page_path,
    paginate,
    relative_url,
    term_path,
    topic_path,
    year_path,
)
from .views import (
    ArticleLink,
    CountedLink,
    Described,
    EntityPage,
    GlossaryEntry,
    GlossaryIndex,
    Home,
    IndexEntry,
    KindGroup,
    Month,
    MonthLink,
    Pager,
    PageSpec,
    PeopleIndex,
    TermPage,
    TermUse,
    TimelinePage,
    TopicPage,
    TopicsIndex,
    YearLink,
    YearPage,
    auto_text,
    name_in,
    pick,
    texts,
)


def _page_title(title: str, pager: Pager) -> str:
    return title if pager.number == 1 else f"{title} ({pager.number}/{pager.count})"


def entity_pages(entity: Entity, index: ListIndex, entities: Mapping[str, Entity],
                  site: Site, mentions: Mentions) -> list[PageSpec]:
    appearances = sorted(index.appearances.get(entity.id, ()),
                         key=lambda item: (item[0].date, item[0].id), reverse=True)
    described = _described(entity, entity.description, site, mentions)
    pages = []
    for here, chunk, pager in paginate(entity_path(entity.id), appearances, site.page_size):
        first = pager.number == 1
        together = index.together.get(entity.id, Counter()) if first else Counter()
        companions = tuple(CountedLink(relative_url(here, entity_path(other)),
                                       name_in(entities[other].names, site), count)
                           for other, count in sorted(together.items(),
                                                      key=lambda kv: (-kv[1], kv[0])))
        pages.append(PageSpec(here, "entity.md.j2", _page_title(described.name.text, pager),
                              EntityPage(
            entity=described,
            appearances=tuple(article_link(here, article,
                                           texts(role, (site.language, "en")) if role else ())
                              for article, role in chunk),
            companions=companions,
            pager=pager,
        )))
    return pages


def _use(here: str, article: ArticleRef, use: Use) -> TermUse:
    return TermUse(article_link(here, article), use.before, use.quote, use.after,
                   relative_url(here, article_path(article),
                                f"p{use.paragraph}" if use.paragraph else ""))


def _described(item: Entity | Term, text: Localized, site: Site,
               mentions: Mentions) -> Described:
    """What every page of a person's or term's list shows of it; `text`: its description
    or definition."""
    shown = [value for _, value in text]
    named = mentions.forms_in(shown, item.id)
    own = search_names(item.forms)
    return Described(
        id=item.id,
        name=name_in(item.names, site),
        names=texts(item.names, (site.language, "en")),
        aliases=tuple(auto_text(alias) for alias in item.aliases),
        texts=texts(text, (site.language, "en")),
        search_names=own,
        search_terms=tuple(t for t in search_names(named, shown) if t not in own))


def term_pages(term: Term, index: ListIndex, site: Site, mentions: Mentions) -> list[PageSpec]:
    uses = sorted(index.uses.get(term.id, ()), key=lambda use: (use[0].date, use[0].id),
                  reverse=True)
    described = _described(term, term.definition, site, mentions)
    return [PageSpec(here, "term.md.j2", _page_title(described.name.text, pager), TermPage(
        term=described,
        uses=tuple(_use(here, article, use) for article, use in chunk),
        pager=pager,
    )) for here, chunk, pager in paginate(term_path(term.id), uses, site.page_size)]


def topic_pages(topic: Topic, index: ListIndex, site: Site) -> list[PageSpec]:
    listed = sorted(index.listed.get(topic.id, ()), key=lambda a: (a.date, a.id), reverse=True)
    name = name_in(topic.names, site)
    return [PageSpec(here, "topic.md.j2", _page_title(name.text, pager), TopicPage(
        id=topic.id,
        name=name,
        descriptions=texts(topic.description, (site.language, "en")),
        articles=tuple(article_link(here, article) for article in chunk),
        pager=pager,
    )) for here, chunk, pager in paginate(topic_path(topic.id), listed, site.page_size)]


def timeline_pages(articles: Iterable[ArticleRef], site: Site,
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
        if made(year_path(year), given(tuple(ordered))):
            continue
        for here, chunk, pager in paginate(year_path(year), ordered, site.page_size):
            months: dict[int, list[ArticleLink]] = defaultdict(list)
            for article in chunk:
                months[article.date.month].append(article_link(here, article))
            pages.append(PageSpec(here, "year.md.j2", _page_title(str(year), pager), YearPage(
                year=year,
                months=tuple(Month(month, tuple(links)) for month, links in sorted(months.items())),
                pager=pager)))
    index = "timeline/index.md"
    years = tuple(YearLink(
        year=year, href=relative_url(index, year_path(year)), count=len(items),
        months=tuple(MonthLink(month, count, relative_url(index, month_pages[year, month],
                                                           f"m{month:02d}"))
                     for month, count in sorted(Counter(a.date.month for a in items).items())))
        for year, items in sorted(by_year.items(), reverse=True))
    pages.append(PageSpec(index, "timeline.md.j2", "", TimelinePage(years)))
    return pages


def people_index(entities: Iterable[Entity], lists: ListIndex, site: Site) -> PageSpec:
    here = "people/index.md"
    groups: dict[str, list[IndexEntry]] = defaultdict(list)
    for entity in entities:
        groups[str(entity.kind)].append(IndexEntry(
            relative_url(here, entity_path(entity.id)), name_in(entity.names, site),
            pick(entity.names, "en", site.language),
            len(lists.appearances.get(entity.id, ()))))
    return PageSpec(here, "people_index.md.j2", "", PeopleIndex(tuple(
        KindGroup(kind, tuple(sorted(entries, key=_alphabetical)))
        for kind, entries in sorted(groups.items(), reverse=True))))


def glossary_index(terms: Iterable[Term], lists: ListIndex, site: Site) -> PageSpec:
    here = "glossary/index.md"
    entries = [GlossaryEntry(relative_url(here, term_path(term.id)), name_in(term.names, site),
                             pick(term.names, "en", site.language),
                             pick(term.definition, site.language),
                             len(lists.uses.get(term.id, ())))
               for term in terms]
    return PageSpec(here, "glossary_index.md.j2", "", GlossaryIndex(
        tuple(sorted(entries, key=_alphabetical))))


def topics_index(topics: Iterable[Topic], lists: ListIndex, site: Site) -> PageSpec:
    here = "topics/index.md"
    entries = [IndexEntry(relative_url(here, topic_path(topic.id)), name_in(topic.names, site),
                          pick(topic.names, "en", site.language),
                          len(lists.listed.get(topic.id, ()))) for topic in topics]
    return PageSpec(here, "topics_index.md.j2", "", TopicsIndex(
        tuple(sorted(entries, key=_alphabetical))))


def _alphabetical(entry: IndexEntry | GlossaryEntry) -> tuple[tuple[int, str], str]:
    """Arabic alphabetical order, the article ال ignored (order.py); the link breaks ties."""
    return alphabetical_key(entry.name.text), entry.href


def home(articles: Sequence[ArticleRef], registries: Registries, site: Site) -> PageSpec:
    here = "index.md"
    latest = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    return PageSpec(here, "home.md.j2", "", Home(
        article_count=len(articles), entity_count=len(registries.entities),
        term_count=len(registries.terms), topic_count=len(registries.topics),
        latest=tuple(article_link(here, a) for a in latest[:site.latest]),
        timeline_href=relative_url(here, "timeline/index.md"),
        people_href=relative_url(here, "people/index.md"),
        glossary_href=relative_url(here, "glossary/index.md"),
        topics_href=relative_url(here, "topics/index.md"),
        about_href=relative_url(here, "about/index.md"),
    ))
