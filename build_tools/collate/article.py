"""An article's page: the view of its text cut into annotated runs, its notes, who and
what it names, its neighbours and its hidden search terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from babel.dates import format_date

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
    Gloss,
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
    glosses: list[Gloss] = []
    notes_by_block: dict[int, list[NoteView]] = defaultdict(list)
    by_block: dict[int, list[Annotation]] = defaultdict(list)
    numbers = _note_numbers(article.annotations)
    for annotation in article.annotations:
        by_block[annotation.block].append(annotation)
        key = (annotation.kind, annotation.target)
        if annotation.kind is AnnotationKind.NOTE:
            note = sidecar.notes[int(annotation.target) - 1]  # a note's quote is unique
            number, anchor = numbers[annotation.target], f"note-{annotation.span.start}"
            notes_by_block[annotation.block].append(NoteView(
                number, anchor, auto_text(note.quote.exact),
                texts(note.text, (sidecar.language, site.language))))
            link[key] = Target("note", f"#{anchor}", note=number)
        elif key in link:
            continue
        else:
            gloss = _gloss(annotation, here, entities, terms, site)
            glosses.append(gloss)
            link[key] = Target(gloss.kind, gloss.href, gloss.id)
    blocks = tuple(BlockView(kind=str(block.kind), number=block.number,
                             start=block.span.start, end=block.span.end,
                             segments=segments(block, by_block.get(index, []), link),
                             notes=tuple(sorted(notes_by_block.get(index, ()),
                                                key=lambda note: note.number)))
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
        date_text=format_date(article.date, format="long", locale=site.language),
        year=article.date.year,
        lang=sidecar.language,
        dir=Text("", sidecar.language).dir,
        publisher=auto_text(sidecar.source.publisher),
        # The text's own section line (a block) is the section: the dateline need not repeat it.
        section=(auto_text(section) if section and not article.source_text.section_name
                 else None),
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
        glosses=tuple(glosses),
        year_href=relative_url(here, year_path(article.date.year)),
        previous=article_link(here, previous) if previous else None,
        next=article_link(here, following) if following else None,
        search_terms=weighted_search_terms(
            [*(form for e in named for form in entities[e].forms),
             *(form for t in used_terms for form in terms[t].forms)], shown),
        search_filters=(search_filters(article, entities, terms, topics, site)
                        if site.search_filters else ()),
    ))


def _note_numbers(annotations: Sequence[Annotation]) -> dict[str, int]:
    """Each note's number (by its target, its place in the sidecar): notes are numbered in
    the order their quotes come in the text, as a reader meets them."""
    starts = sorted((a.span.start, a.target) for a in annotations
                    if a.kind is AnnotationKind.NOTE)
    return {target: number for number, (_, target) in enumerate(starts, start=1)}


def _gloss(annotation: Annotation, here: str, entities: Mapping[str, Entity],
           terms: Mapping[str, Term], site: Site) -> Gloss:
    """The popover of a person or term the text names: its name, its definition or
    description in the interface language, its page."""
    if annotation.kind is AnnotationKind.ENTITY:
        entity = entities[annotation.target]
        return Gloss(f"gloss-entity-{entity.id}", "entity",
                     relative_url(here, entity_path(entity.id)), name_in(entity.names, site),
                     pick(entity.description, site.language) if entity.description else None)
    term = terms[annotation.target]
    return Gloss(f"gloss-term-{term.id}", "term", relative_url(here, term_path(term.id)),
                 name_in(term.names, site),
                 pick(term.definition, site.language) if term.definition else None)
