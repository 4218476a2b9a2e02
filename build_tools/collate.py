"""Models to page specs: what each page shows, decided here; how it looks, in templates.

Every string that reaches a template is text: templates escape it. Each page spec knows
its own path so links between pages are computed, never guessed.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import arabic
from .models import (
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


def page_url(path: str) -> str:
    """The directory URL a Markdown path is published at (use_directory_urls)."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_url(from_path: str, to_path: str, fragment: str = "") -> str:
    here, there = page_url(from_path) or ".", page_url(to_path) or "."
    link = posixpath.relpath(there, here)
    link = "./" if link == "." else f"{link}/"
    return f"{link}#{fragment}" if fragment else link


def article_path(article: Article) -> str:
    return f"articles/{article.date.year}/{article.id}.md"


def entity_path(entity_id: str) -> str:
    return f"people/{entity_id}.md"


def term_path(term_id: str) -> str:
    return f"glossary/{term_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def year_path(year: int) -> str:
    return f"timeline/{year}.md"


# ------------------------------------------------------------------- text rendering


@dataclass(frozen=True)
class Text:
    """A string with its language and direction, for `lang`/`dir` on its element."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return "rtl" if arabic.is_rtl_language(self.lang) else "ltr"


def texts(values: Localized, order: Iterable[str] = ()) -> list[Text]:
    """Localised values, the preferred languages first."""
    rank = {lang: i for i, lang in enumerate(order)}
    return [Text(text, lang) for lang, text in
            sorted(values, key=lambda item: (rank.get(item[0], len(rank)), item[0]))]


def pick(values: Localized, lang: str, fallback: str = "en") -> Text:
    for wanted in (lang, fallback):
        if (text := localized_get(values, wanted)) is not None:
            return Text(text, wanted)
    tag, text = values[0]
    return Text(text, tag)


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "", "entity", "term", "note"
    href: str = ""
    tooltip: Text | None = None
    note: int = 0


@dataclass(frozen=True)
class BlockView:
    kind: str
    number: int
    start: int
    end: int
    segments: tuple[Segment, ...]
    notes: tuple[NoteView, ...] = ()
    search_terms: tuple[str, ...] = ()  # folded words and stems, indexed but not shown


@dataclass(frozen=True)
class NoteView:
    number: int
    quote: str
    texts: tuple[Text, ...]


def _chosen(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Links can't nest: where annotations overlap, a note wins (its quote is unique and
    its aside links back to it), then the longest, then the earliest."""
    kept: list[Annotation] = []
    for annotation in sorted(annotations, key=lambda a: (a.kind is not AnnotationKind.NOTE,
                                                         -(a.span.end - a.span.start),
                                                         a.span.start, a.kind)):
        if not any(annotation.span.overlaps(other.span) for other in kept):
            kept.append(annotation)
    return sorted(kept, key=lambda a: a.span.start)


def segments(block: Block, annotations: Iterable[Annotation], link: Mapping[str, Any],
             ) -> tuple[Segment, ...]:
    """Split a block into plain and linked runs whose concatenation is the block's text."""
    result: list[Segment] = []
    cursor = block.span.start
    for annotation in _chosen(annotations):
        start, end = annotation.span.start, annotation.span.end
        if start > cursor:
            result.append(Segment(block.text[cursor - block.span.start:start - block.span.start]))
        piece = block.text[start - block.span.start:end - block.span.start]
        result.append(Segment(piece, **link[f"{annotation.kind}:{annotation.target}"]))
        cursor = end
    if cursor < block.span.end:
        result.append(Segment(block.text[cursor - block.span.start:]))
    return tuple(result)


_SENTENCE_END = re.compile(r"[.!?؟]\s*")


def sentence_around(block: Block, annotation: Annotation) -> tuple[str, str, str]:
    """(before, quote, after) for the sentence of `block` that holds the annotation."""
    text, offset = block.text, block.span.start
    start, end = annotation.span.start - offset, annotation.span.end - offset
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    return text[begin:start].lstrip("\u00a0 "), text[start:end], text[end:finish].rstrip()


# ------------------------------------------------------------------------ search


def search_names(forms: Iterable[str]) -> tuple[str, ...]:
    """Every spelling of a name as written, then folded into search terms (Pagefind does
    not fold Arabic letter variants or Latin accents, and over-strips clitics)."""
    written = list(dict.fromkeys(forms))
    return tuple(dict.fromkeys([*written, *arabic.search_terms(" ".join(written))]))


def search_filters(article: Article, entities: Mapping[str, Entity], terms: Mapping[str, Term],
                   topics: Mapping[str, Topic], site: Site) -> list[tuple[str, list[str]]]:
    """(label, values) pairs for the search filters of an article page."""
    sidecar = article.sidecar
    named = [entities[p.entity] for p in sidecar.participants] + [
        entities[m.entity] for m in sidecar.mentions]
    by_kind = {kind: list(dict.fromkeys(_name(e.names, site).text for e in named
                                        if str(e.kind) == kind))
               for kind in ("person", "organisation")}
    return [(label, values) for label, values in (
        ("year", [str(article.date.year)]),
        ("person", by_kind["person"]),
        ("organisation", by_kind["organisation"]),
        ("terms", list(dict.fromkeys(_name(terms[g.term].names, site).text
                                     for g in sidecar.glossary))),
        ("topics", [_name(topics[t].names, site).text for t in sidecar.topics]),
        ("publisher", [sidecar.source.publisher]),
    ) if values]


# ------------------------------------------------------------------------ collation


@dataclass(frozen=True)
class Site:
    """Settings that shape the pages: the interface language and the site name."""

    language: str = "ar"
    latest: int = 10
    # Off by default: Pagefind 1.5.2 writes the filters of its index (pf_meta) in a random
    # order, so a site with filters is not byte-for-byte reproducible.
    search_filters: bool = False


def collate(collection: Collection, site: Site) -> list[PageSpec]:
    entities = {e.id: e for e in collection.entities}
    terms = {t.id: t for t in collection.terms}
    topics = {t.id: t for t in collection.topics}
    articles = collection.articles
    pages: list[PageSpec] = []
    for index, article in enumerate(articles):
        previous = articles[index - 1] if index > 0 else None
        following = articles[index + 1] if index + 1 < len(articles) else None
        pages.append(_article_page(article, previous, following, entities, terms, topics, site))
    pages.extend(_entity_page(e, articles, entities, site) for e in collection.entities)
    pages.extend(_term_page(t, articles, site) for t in collection.terms)
    pages.extend(_topic_page(t, articles, site) for t in collection.topics)
    pages.extend(_timeline_pages(articles, site))
    pages.append(_people_index(collection.entities, articles, site))
    pages.append(_glossary_index(collection.terms, articles, site))
    pages.append(_topics_index(collection.topics, articles, site))
    pages.append(_home(collection, site))
    return sorted(pages, key=lambda page: page.path)


def _name(values: Localized, site: Site) -> Text:
    return pick(values, site.language)


def _article_link(here: str, article: Article) -> dict[str, Any]:
    return {"href": relative_url(here, article_path(article)),
            "title": Text(article.title, article.sidecar.language),
            "date": article.date.isoformat(), "id": article.id}


def _article_page(article: Article, previous: Article | None, following: Article | None,
                  entities: Mapping[str, Entity], terms: Mapping[str, Term],
                  topics: Mapping[str, Topic], site: Site) -> PageSpec:
    here = article_path(article)
    sidecar = article.sidecar
    link: dict[str, dict[str, Any]] = {}
    for annotation in article.annotations:
        key = f"{annotation.kind}:{annotation.target}"
        if annotation.kind is AnnotationKind.ENTITY:
            entity = entities[annotation.target]
            link[key] = {"kind": "entity", "href": relative_url(here, entity_path(entity.id)),
                         "tooltip": _name(entity.names, site)}
        elif annotation.kind is AnnotationKind.TERM:
            term = terms[annotation.target]
            link[key] = {"kind": "term", "href": relative_url(here, term_path(term.id)),
                         "tooltip": pick(term.definition, site.language)}
        else:
            link[key] = {"kind": "note", "href": f"#n{annotation.target}",
                         "note": int(annotation.target)}
    notes_by_block: dict[int, list[NoteView]] = defaultdict(list)
    for annotation in article.annotations:
        if annotation.kind is AnnotationKind.NOTE:
            number = int(annotation.target)
            note = sidecar.notes[number - 1]
            notes_by_block[annotation.block].append(NoteView(
                number, note.quote.exact, tuple(texts(note.text, ("en", site.language)))))
    blocks = []
    for index, block in enumerate(article.source_text.blocks):
        in_block = [a for a in article.annotations if a.block == index]
        blocks.append(BlockView(
            kind=str(block.kind), number=block.number, start=block.span.start,
            end=block.span.end, segments=segments(block, in_block, link),
            notes=tuple(notes_by_block.get(index, ())),
            search_terms=tuple(arabic.search_terms(block.text))))
    participants = [{"href": relative_url(here, entity_path(p.entity)),
                     "name": _name(entities[p.entity].names, site),
                     "kind": str(entities[p.entity].kind),
                     "roles": texts(p.role, (site.language, "en"))}
                    for p in sidecar.participants]
    mentioned = [{"href": relative_url(here, entity_path(m.entity)),
                  "name": _name(entities[m.entity].names, site)} for m in sidecar.mentions]
    used_terms = list(dict.fromkeys(g.term for g in sidecar.glossary))
    return PageSpec(here, "article.md.j2", article.title, {
        "article": article,
        "lang": sidecar.language,
        "dir": Text("", sidecar.language).dir,
        "section": sidecar.source.section or (
            article.source_text.section.text.removeprefix("/ ").strip()
            if article.source_text.section else None),
        "summaries": texts(sidecar.summary, (sidecar.language, "en")),
        "participants": participants,
        "mentions": mentioned,
        "terms": [{"href": relative_url(here, term_path(t)), "name": _name(terms[t].names, site)}
                  for t in used_terms],
        "topics": [{"href": relative_url(here, topic_path(t)),
                    "name": _name(topics[t].names, site)} for t in sidecar.topics],
        "blocks": blocks,
        "year_href": relative_url(here, year_path(article.date.year)),
        "search_names": search_names(
            form for e in dict.fromkeys([*(p.entity for p in sidecar.participants),
                                         *(m.entity for m in sidecar.mentions)])
            for form in entities[e].forms),
        "search_filters": (search_filters(article, entities, terms, topics, site)
                           if site.search_filters else []),
        "previous": _article_link(here, previous) if previous else None,
        "next": _article_link(here, following) if following else None,
    })


def _entity_page(entity: Entity, articles: Iterable[Article],
                 entities: Mapping[str, Entity], site: Site) -> PageSpec:
    here = entity_path(entity.id)
    appearances = []
    together: Counter[str] = Counter()
    for article in articles:
        roles = [p.role for p in article.sidecar.participants if p.entity == entity.id]
        mentioned = any(m.entity == entity.id for m in article.sidecar.mentions)
        if not roles and not mentioned:
            continue
        appearances.append({**_article_link(here, article),
                            "role": texts(roles[0], (site.language, "en")) if roles else []})
        others = {p.entity for p in article.sidecar.participants} | {
            m.entity for m in article.sidecar.mentions}
        together.update(others - {entity.id})
    companions = [{"href": relative_url(here, entity_path(other)),
                   "name": _name(entities[other].names, site), "count": count}
                  for other, count in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))]
    return PageSpec(here, "entity.md.j2", _name(entity.names, site).text, {
        "entity": entity,
        "name": _name(entity.names, site),
        "names": texts(entity.names, (site.language, "en")),
        "aliases": [auto_text(alias) for alias in entity.aliases],
        "descriptions": texts(entity.description, ("en", site.language)),
        "appearances": sorted(appearances, key=lambda a: (a["date"], a["id"]), reverse=True),
        "companions": companions,
        "search_names": search_names(entity.forms),
    })


def _guess_lang(text: str) -> str:
    """Aliases carry no language tag: Arabic script or not is enough for direction."""
    return "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "und"


def auto_text(text: str) -> Text:
    return Text(text, _guess_lang(text))


def _term_page(term: Term, articles: Iterable[Article], site: Site) -> PageSpec:
    here = term_path(term.id)
    uses = []
    for article in articles:
        found = [a for a in article.annotations
                 if a.kind is AnnotationKind.TERM and a.target == term.id]
        if not found:
            continue
        block = article.source_text.blocks[found[0].block]
        before, quote, after = sentence_around(block, found[0])
        uses.append({**_article_link(here, article), "lang": article.sidecar.language,
                     "before": before, "quote": quote, "after": after,
                     "paragraph": relative_url(here, article_path(article),
                                               f"p{block.number}" if block.number else "")})
    return PageSpec(here, "term.md.j2", _name(term.names, site).text, {
        "term": term,
        "name": _name(term.names, site),
        "names": texts(term.names, (site.language, "en")),
        "aliases": [auto_text(alias) for alias in term.aliases],
        "definitions": texts(term.definition, ("en", site.language)),
        "uses": sorted(uses, key=lambda u: (u["date"], u["id"]), reverse=True),
        "search_names": search_names(term.forms),
    })


def _topic_page(topic: Topic, articles: Iterable[Article], site: Site) -> PageSpec:
    here = topic_path(topic.id)
    listed = [_article_link(here, a) for a in articles if topic.id in a.sidecar.topics]
    return PageSpec(here, "topic.md.j2", _name(topic.names, site).text, {
        "topic": topic,
        "name": _name(topic.names, site),
        "descriptions": texts(topic.description, ("en", site.language)),
        "articles": sorted(listed, key=lambda a: (a["date"], a["id"]), reverse=True),
    })


def _timeline_pages(articles: Iterable[Article], site: Site) -> list[PageSpec]:
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        by_year[article.date.year].append(article)
    pages = []
    for year, items in sorted(by_year.items()):
        here = year_path(year)
        months: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for article in sorted(items, key=lambda a: (a.date, a.id)):
            months[article.date.month].append(_article_link(here, article))
        pages.append(PageSpec(here, "year.md.j2", str(year), {
            "year": year, "months": sorted(months.items())}))
    index = "timeline/index.md"
    years = [{"year": year, "href": relative_url(index, year_path(year)), "count": len(items),
              "months": Counter(a.date.month for a in items)}
             for year, items in sorted(by_year.items(), reverse=True)]
    pages.append(PageSpec(index, "timeline.md.j2", "", {"label": "timeline", "years": years}))
    return pages


def _count_by(articles: Iterable[Article], key: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article in articles:
        sidecar = article.sidecar
        if key == "entity":
            counts.update({p.entity for p in sidecar.participants}
                          | {m.entity for m in sidecar.mentions})
        elif key == "term":
            counts.update({g.term for g in sidecar.glossary})
        else:
            counts.update(set(sidecar.topics))
    return counts


def _people_index(entities: Iterable[Entity], articles: Iterable[Article],
                  site: Site) -> PageSpec:
    here = "people/index.md"
    counts = _count_by(articles, "entity")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        groups[str(entity.kind)].append({
            "href": relative_url(here, entity_path(entity.id)),
            "name": _name(entity.names, site), "other": pick(entity.names, "en", site.language),
            "count": counts[entity.id]})
    return PageSpec(here, "people_index.md.j2", "", {"label": "people",
        "groups": [(kind, sorted(items, key=lambda i: arabic.fold(i["name"].text)))
                   for kind, items in sorted(groups.items(), reverse=True)]})


def _glossary_index(terms: Iterable[Term], articles: Iterable[Article], site: Site) -> PageSpec:
    here = "glossary/index.md"
    counts = _count_by(articles, "term")
    items = [{"href": relative_url(here, term_path(term.id)), "name": _name(term.names, site),
              "other": pick(term.names, "en", site.language),
              "definition": pick(term.definition, site.language), "count": counts[term.id]}
             for term in terms]
    return PageSpec(here, "glossary_index.md.j2", "", {"label": "glossary",
        "terms": sorted(items, key=lambda i: arabic.fold(i["name"].text))})


def _topics_index(topics: Iterable[Topic], articles: Iterable[Article], site: Site) -> PageSpec:
    here = "topics/index.md"
    counts = _count_by(articles, "topic")
    items = [{"href": relative_url(here, topic_path(topic.id)), "name": _name(topic.names, site),
              "count": counts[topic.id]} for topic in topics]
    return PageSpec(here, "topics_index.md.j2", "", {"label": "topics",
        "topics": sorted(items, key=lambda i: (-i["count"], arabic.fold(i["name"].text)))})


def _home(collection: Collection, site: Site) -> PageSpec:
    here = "index.md"
    latest = sorted(collection.articles, key=lambda a: (a.date, a.id), reverse=True)
    return PageSpec(here, "home.md.j2", "", {"label": "home",
        "counts": {"articles": len(collection.articles), "entities": len(collection.entities),
                   "terms": len(collection.terms), "topics": len(collection.topics)},
        "latest": [_article_link(here, a) for a in latest[:site.latest]],
        "links": {name: relative_url(here, f"{name}/index.md")
                  for name in ("timeline", "people", "glossary", "topics", "about")},
    })
