"""What the site's lists take from each article, and who and what each article names,
gathered in one pass over the collection."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..models import (
    AnnotationKind,
    Article,
    Entity,
    Localized,
    Term,
    Topic,
)
from .segments import sentence_around


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
    (see runtime/executor.py)."""

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


@dataclass(frozen=True)
class ListIndex:
    """Who and what each article names, gathered in one pass over the collection (a pass
    per person or term would cost people times articles)."""

    appearances: Mapping[str, list[tuple[ArticleRef, Localized | None]]]  # entity -> role
    together: Mapping[str, Counter[str]]  # entity -> the others named with it
    uses: Mapping[str, list[tuple[ArticleRef, Use]]]  # term -> its first use
    listed: Mapping[str, list[ArticleRef]]  # topic -> articles

    @classmethod
    def of(cls, listings: Iterable[Listing]) -> ListIndex:
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

    # What each list shows of the articles (see Unchanged).
    def entity_inputs(self, entity: Entity) -> Inputs:
        return (entity, tuple(sorted(self.together.get(entity.id, {}).items())),
                tuple(self.appearances.get(entity.id, ())))

    def term_inputs(self, term: Term) -> Inputs:
        return term, tuple(self.uses.get(term.id, ()))

    def topic_inputs(self, topic: Topic) -> Inputs:
        return topic, tuple(self.listed.get(topic.id, ()))


# What a list shows of the articles. A preview that still has the list's pages made from
# equal inputs (and the same registries and settings) need not make them again. Made only
# when asked for: a build never needs them.
Inputs = tuple[Any, ...]
Unchanged = Callable[[str, Callable[[], Inputs]], bool]


def given(inputs: Inputs) -> Callable[[], Inputs]:
    return lambda: inputs
