"""Every page but the articles': people, terms, topics, years, the indexes and home."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import arabic
from ..config import Site
from ..models import (
    Collection,
    Entity,
    Localized,
    Term,
    Topic,
)
from .listing import ArticleRef, ListIndex, Unchanged, Use, given
from .search import Mentions, search_names
from .urls import (
    article_path,
    entity_path,
    page_path,
    paginate,
    relative_url,
    term_path,
    topic_path,
    year_path,
)
from .views import PageSpec, article_link, auto_text, name_in, pick, texts


def _page_title(title: str, pager: Mapping[str, Any]) -> str:
    return title if pager["number"] == 1 else f"{title} ({pager['number']}/{pager['count']})"


def entity_pages(entity: Entity, index: ListIndex, entities: Mapping[str, Entity],
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
                       "name": name_in(entities[other].names, site), "count": count}
                      for other, count in sorted(together.items(),
                                                 key=lambda kv: (-kv[1], kv[0]))]
        pages.append(PageSpec(here, "entity.md.j2", _page_title(name.text, pager), {
            **own,
            "appearances": [{**article_link(here, article),
                             "role": texts(role, (site.language, "en")) if role else ()}
                            for article, role in chunk],
            "companions": companions,
            "pager": pager,
        }))
    return pages


def _use(here: str, article: ArticleRef, use: Use) -> dict[str, Any]:
    return {**article_link(here, article), "lang": article.language,
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
    return {"name": name_in(item.names, site), "names": texts(item.names, (site.language, "en")),
            "aliases": [auto_text(alias) for alias in item.aliases],
            text_name: texts(text, ("en", site.language)),
            "search_names": own,
            "search_terms": tuple(t for t in search_names(named, described) if t not in own)}


def term_pages(term: Term, index: ListIndex, site: Site, mentions: Mentions) -> list[PageSpec]:
    uses = sorted(index.uses.get(term.id, ()), key=lambda use: (use[0].date, use[0].id),
                  reverse=True)
    own = {"term": term, **_registry_page(term, "definitions", term.definition, site, mentions)}
    name = own["name"]
    return [PageSpec(here, "term.md.j2", _page_title(name.text, pager), {
        **own,
        "uses": [_use(here, article, use) for article, use in chunk],
        "pager": pager,
    }) for here, chunk, pager in paginate(term_path(term.id), uses, site.page_size)]


def topic_pages(topic: Topic, index: ListIndex, site: Site) -> list[PageSpec]:
    listed = sorted(index.listed.get(topic.id, ()), key=lambda a: (a.date, a.id), reverse=True)
    return [PageSpec(here, "topic.md.j2", _page_title(name_in(topic.names, site).text, pager), {
        "topic": topic,
        "name": name_in(topic.names, site),
        "descriptions": texts(topic.description, ("en", site.language)),
        "articles": [article_link(here, article) for article in chunk],
        "pager": pager,
    }) for here, chunk, pager in paginate(topic_path(topic.id), listed, site.page_size)]


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
            months: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for article in chunk:
                months[article.date.month].append(article_link(here, article))
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


def people_index(entities: Iterable[Entity], lists: ListIndex, site: Site) -> PageSpec:
    here = "people/index.md"
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        groups[str(entity.kind)].append({
            "href": relative_url(here, entity_path(entity.id)),
            "name": name_in(entity.names, site), "other": pick(entity.names, "en", site.language),
            "count": len(lists.appearances.get(entity.id, ()))})
    return PageSpec(here, "people_index.md.j2", "", {"label": "people",
        "groups": [(kind, sorted(items, key=lambda i: arabic.fold(i["name"].text)))
                   for kind, items in sorted(groups.items(), reverse=True)]})


def glossary_index(terms: Iterable[Term], lists: ListIndex, site: Site) -> PageSpec:
    here = "glossary/index.md"
    items = [{"href": relative_url(here, term_path(term.id)), "name": name_in(term.names, site),
              "other": pick(term.names, "en", site.language),
              "definition": pick(term.definition, site.language),
              "count": len(lists.uses.get(term.id, ()))}
             for term in terms]
    return PageSpec(here, "glossary_index.md.j2", "", {"label": "glossary",
        "terms": sorted(items, key=lambda i: arabic.fold(i["name"].text))})


def topics_index(topics: Iterable[Topic], lists: ListIndex, site: Site) -> PageSpec:
    here = "topics/index.md"
    items = [{"href": relative_url(here, topic_path(topic.id)), "name": name_in(topic.names, site),
              "count": len(lists.listed.get(topic.id, ()))} for topic in topics]
    return PageSpec(here, "topics_index.md.j2", "", {"label": "topics",
        "topics": sorted(items, key=lambda i: (-i["count"], arabic.fold(i["name"].text)))})


def home(articles: Sequence[ArticleRef], registries: Collection, site: Site) -> PageSpec:
    here = "index.md"
    latest = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    return PageSpec(here, "home.md.j2", "", {"label": "home",
        "counts": {"articles": len(articles), "entities": len(registries.entities),
                   "terms": len(registries.terms), "topics": len(registries.topics)},
        "latest": [article_link(here, a) for a in latest[:site.latest]],
        "links": {name: relative_url(here, f"{name}/index.md")
                  for name in ("timeline", "people", "glossary", "topics", "about")},
    })
