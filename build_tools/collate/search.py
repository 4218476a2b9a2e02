"""The hidden search terms and the search filters of the pages, as plain text (the
template escapes them: render/filters.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from .. import arabic
from ..config import Site
from ..models import (
    Article,
    Entity,
    Term,
    Topic,
)
from ..runtime.cache import memoized
from .views import SearchFilter, name_in


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
                          ) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(weight, marked terms) groups of an article's hidden search terms: the names of
    everyone and every term it annotates, and all it shows."""
    counts = arabic.index_term_counts([*dict.fromkeys(forms), *texts])
    groups: dict[int, list[str]] = {weight: [] for _, weight in SEARCH_WEIGHTS}
    for term, count in counts.items():
        groups[_search_weight(count)].append(term)
    return tuple((weight, tuple(groups[weight])) for _, weight in SEARCH_WEIGHTS
                 if groups[weight])


@memoized(maxsize=None)  # a few hundred counts at most
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


# The labels of an article's search filters (keys of the interface labels), in order.
FILTER_LABELS = ("year", "person", "organisation", "terms", "topics", "publisher")


def search_filters(article: Article, entities: Mapping[str, Entity], terms: Mapping[str, Term],
                   topics: Mapping[str, Topic], site: Site) -> tuple[SearchFilter, ...]:
    """The search filters of an article page, the empty ones left out. The values are
    plain text: they are escaped twice when rendered (render.filters.pagefind_filter)."""
    sidecar = article.sidecar
    named = [entities[p.entity] for p in sidecar.participants] + [
        entities[m.entity] for m in sidecar.mentions]
    by_kind = {kind: tuple(dict.fromkeys(name_in(e.names, site).text for e in named
                                         if str(e.kind) == kind))
               for kind in ("person", "organisation")}
    values = (
        (f"{article.date.year:04d}",),
        by_kind["person"],
        by_kind["organisation"],
        tuple(dict.fromkeys(name_in(terms[g.term].names, site).text for g in sidecar.glossary)),
        tuple(name_in(topics[t].names, site).text for t in sidecar.topics),
        (sidecar.source.publisher,),
    )
    return tuple(SearchFilter(label, shown)
                 for label, shown in zip(FILTER_LABELS, values, strict=True) if shown)
