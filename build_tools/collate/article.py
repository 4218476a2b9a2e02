"""An article's page: the view of its text cut into annotated runs, its notes, who and
what it names, its neighbours and its hidden search terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ..config import Site
from ..models import (
    Annotation,
    AnnotationKind,
    Article,
    Entity,
    Term,
    Topic,
)
from .listing import ArticleRef
from .search import search_filters, weighted_search_terms
from .segments import Target, segments
from .urls import (
    article_link,
    article_path,
    entity_path,
    relative_url,
    term_path,
    topic_path,
    year_path,
)
from .views import (
    ArticlePage,
    BlockView,
    Link,
    NoteView,
    PageSpec,
    Participant,
    Text,
    auto_text,
    name_in,
    pick,
    texts,
)


def article_page(article: Article, previous: ArticleRef | None, following: ArticleRef | None,
                  entities: Mapping[str, Entity], terms: Mapping[str, Term],
                  topics: Mapping[str, Topic], site: Site) -> PageSpec:
    here = article_path(article)
    sidecar = article.sidecar
    link: dict[tuple[str, str], Target] = {}  # by (kind, target)
    notes_by_block: dict[int, list[NoteView]] = defaultdict(list)
    by_block: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in article.annotations:
        by_block[annotation.block].append(annotation)
        key = (annotation.kind, annotation.target)
        if annotation.kind is AnnotationKind.NOTE:
            number = int(annotation.target)  # a note's quote is unique: annotated once
            note = sidecar.notes[number - 1]
            notes_by_block[annotation.block].append(NoteView(
                number, auto_text(note.quote.exact), texts(note.text, ("en", site.language))))
            link[key] = Target("note", f"#n{number}", note=number)
        elif key in link:
            continue
        elif annotation.kind is AnnotationKind.ENTITY:
            entity = entities[annotation.target]
            link[key] = Target("entity", relative_url(here, entity_path(entity.id)),
                               name_in(entity.names, site).text)
        else:
            term = terms[annotation.target]
            link[key] = Target("term", relative_url(here, term_path(term.id)),
                               pick(term.definition, site.language).text)
    blocks = tuple(BlockView(kind=str(block.kind), number=block.number,
                             start=block.span.start, end=block.span.end,
                             segments=segments(block, by_block.get(index, []), link),
                             notes=tuple(notes_by_block.get(index, ())))
                   for index, block in enumerate(article.source_text.blocks))
    used_terms = tuple(dict.fromkeys(g.term for g in sidecar.glossary))
    section = sidecar.source.section or article.source_text.section_name
    # Everything the page shows, for its hidden search terms.
    shown = [*(block.text for block in article.source_text.blocks),
             article.date.isoformat(), sidecar.source.publisher, section or "", article.id,
             *(text for _, text in sidecar.summary),
             *(text for p in sidecar.participants for _, text in p.role),
             *(text for note in sidecar.notes for _, text in note.text),
             *(text for t in sidecar.topics for _, text in topics[t].names)]
    named = dict.fromkeys([*(p.entity for p in sidecar.participants),
                           *(m.entity for m in sidecar.mentions)])
    return PageSpec(here, "article.md.j2", article.title, ArticlePage(
        id=article.id,
        date=article.date.isoformat(),
        year=article.date.year,
        lang=sidecar.language,
        dir=Text("", sidecar.language).dir,
        publisher=auto_text(sidecar.source.publisher),
        section=auto_text(section) if section else None,
        source_url=sidecar.source.url,
        summaries=texts(sidecar.summary, (sidecar.language, "en")),
        participants=tuple(Participant(relative_url(here, entity_path(p.entity)),
                                       name_in(entities[p.entity].names, site),
                                       str(entities[p.entity].kind),
                                       texts(p.role, (site.language, "en")))
                           for p in sidecar.participants),
        mentions=tuple(Link(relative_url(here, entity_path(m.entity)),
                            name_in(entities[m.entity].names, site)) for m in sidecar.mentions),
        terms=tuple(Link(relative_url(here, term_path(t)), name_in(terms[t].names, site))
                    for t in used_terms),
        topics=tuple(Link(relative_url(here, topic_path(t)), name_in(topics[t].names, site))
                     for t in sidecar.topics),
        blocks=blocks,
        year_href=relative_url(here, year_path(article.date.year)),
        previous=article_link(here, previous) if previous else None,
        next=article_link(here, following) if following else None,
        search_terms=weighted_search_terms(
            [*(form for e in named for form in entities[e].forms),
             *(form for t in used_terms for form in terms[t].forms)], shown),
        search_filters=(search_filters(article, entities, terms, topics, site)
                        if site.search_filters else ()),
    ))
