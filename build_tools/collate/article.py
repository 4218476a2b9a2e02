"""An article's page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

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
from .segments import segments
from .urls import article_path, entity_path, relative_url, term_path, topic_path, year_path
from .views import BlockView, NoteView, PageSpec, Text, article_link, name_in, pick, texts


def article_page(article: Article, previous: ArticleRef | None, following: ArticleRef | None,
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
                         "title": name_in(entity.names, site).text}
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
                     "name": name_in(entities[p.entity].names, site),
                     "kind": str(entities[p.entity].kind),
                     "roles": texts(p.role, (site.language, "en"))}
                    for p in sidecar.participants]
    mentioned = [{"href": relative_url(here, entity_path(m.entity)),
                  "name": name_in(entities[m.entity].names, site)} for m in sidecar.mentions]
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
        "terms": [{"href": relative_url(here, term_path(t)), "name": name_in(terms[t].names, site)}
                  for t in used_terms],
        "topics": [{"href": relative_url(here, topic_path(t)),
                    "name": name_in(topics[t].names, site)} for t in sidecar.topics],
        "blocks": blocks,
        "year_href": relative_url(here, year_path(article.date.year)),
        "search_terms": weighted_search_terms(
            [*(form for e in dict.fromkeys([*(p.entity for p in sidecar.participants),
                                            *(m.entity for m in sidecar.mentions)])
               for form in entities[e].forms),
             *(form for t in used_terms for form in terms[t].forms)], shown),
        "search_filters": (search_filters(article, entities, terms, topics, site)
                           if site.search_filters else []),
        "previous": article_link(here, previous) if previous else None,
        "next": article_link(here, following) if following else None,
    })
