"""Clitics and search terms as `reference.py` defines them, made fast.

The index holds the search terms of every word of every page, so `index_term_counts`
runs over every word of the collection, most of them repeats: each
distinct word is folded and expanded into its terms once and remembered (`runtime.cache`
owns what is remembered, and clears it per build), and the terms of a text are gathered
and counted by `itertools`, `map` and `Counter`, in C, rather than by a Python loop.

tests/test_fast_paths.py holds every function here to its reference on random and real
texts.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable

from ..runtime.cache import memoized
from .fold import fold_word, folded_words, tokens, written_words
from .reference import (
    MIN_STEM,
    PROCLITICS,
    SEARCH_MARK,
    article_comes_off,
    indexable,
)

_PROCLITIC_INITIALS = frozenset(p[0] for p in PROCLITICS)


def strip_clitics(folded_word: str) -> list[str]:
    """The word, then its stems after each proclitic it may carry, longest prefix first."""
    if not folded_word:
        return []
    stems = [folded_word]
    if folded_word[0] not in _PROCLITIC_INITIALS:  # most words: skip trying every prefix
        return stems
    for prefix in PROCLITICS:
        stem = folded_word[len(prefix):]
        if folded_word.startswith(prefix) and len(stem) >= MIN_STEM and stem not in stems:
            stems.append(stem)
    return stems


@memoized(maxsize=1 << 17)
def _stems(folded_word: str) -> tuple[str, ...]:
    return tuple(strip_clitics(folded_word))


def search_key(folded_word: str) -> str:
    """The word minus the longest proclitic it may carry: what a query looks up."""
    stems = _stems(folded_word)
    return stems[1] if len(stems) > 1 else folded_word


def search_terms(text: str) -> list[str]:
    """What the index holds for `text`: every folded word, its stems and each stem's key,
    first occurrence first, no repeats."""
    return list(dict.fromkeys(term for word in folded_words(text) for term in _expansion(word)))


def query_terms(text: str) -> list[str]:
    """What a query looks up: the key of each folded word, first occurrence first."""
    return list(dict.fromkeys(search_key(word) for _start, _end, word in tokens(text)))


def index_terms(text: str) -> list[str]:
    """`search_terms` (but those left out, and with those added), each behind SEARCH_MARK:
    the hidden words a page is found by. `reference.index_terms` says which, and why."""
    return list(index_term_counts([text]))


def index_term_counts(texts: Iterable[str]) -> dict[str, int]:
    """`index_terms` of all `texts` together, each with how many of their words it stands
    for (a page holds each term once, weighted by that count)."""
    # Joined by a space, the texts are cut at word breaks into words as written; each is
    # folded and expanded into its terms once and remembered (the same words come back in
    # every text), and the terms are counted in C: terms in the order words first occur,
    # then those of their spellings with و and ي for ؤ and ئ (see reference.index_terms).
    text = " ".join(texts)
    runs = written_words(text)
    known = _written()
    new = set(runs).difference(known.terms)
    if len(known.terms) + len(new) > _WRITTEN_KEPT:
        known.terms.clear()
        known.seated.clear()
        new = set(runs)
    for run in new:
        known.terms[run], known.seated[run] = _written_terms(run)
    counts = Counter(itertools.chain.from_iterable(map(known.terms.__getitem__, runs)))
    if "\u0624" in text or "\u0626" in text:
        counts.update(Counter(itertools.chain.from_iterable(map(known.seated.__getitem__,
                                                                runs))))
    return counts


class _WrittenTerms:
    """The terms of each word as written, and of its spelling with و and ي for ؤ and ئ:
    dicts that `map` reads in C, where a memoized function would be called once per word
    of every text. Emptied past _WRITTEN_KEPT words."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[str, ...]] = {}
        self.seated: dict[str, tuple[str, ...]] = {}


_WRITTEN_KEPT = 1 << 18


@memoized(maxsize=1)
def _written() -> _WrittenTerms:
    """The terms of the words indexed since the cache was last cleared."""
    return _WrittenTerms()


def _written_terms(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The terms of a word as written (between two word breaks), and those of its spelling
    with و and ي for ؤ and ئ if that folds otherwise."""
    word = fold_word(run)
    if "\u0624" in run or "\u0626" in run:
        other = fold_word(run.replace("\u0624", "\u0648").replace("\u0626", "\u064a"))
        if other != word:
            return _word_terms(word), _word_terms(other)
    return _word_terms(word), ()


@memoized(maxsize=1 << 17)
def _word_terms(folded_word: str) -> tuple[str, ...]:
    """The marked, indexable terms of one folded word, as `index_terms` gives them."""
    return tuple(SEARCH_MARK + term for term in _expansion(folded_word)
                 if indexable(term) and not article_comes_off(term))


def _expansion(folded_word: str) -> tuple[str, ...]:
    """The word, its stems and each stem's key, in that order, each once."""
    stems = _stems(folded_word)
    return tuple(dict.fromkeys([*stems, *(search_key(stem) for stem in stems[1:])]))


def search_query(text: str) -> str:
    """What the search box hands Pagefind for `text`: its indexable keys behind SEARCH_MARK,
    or, when none is, a word that matches nothing."""
    keys = [SEARCH_MARK + key for key in query_terms(text) if indexable(key)]
    return " ".join(keys) or SEARCH_MARK * 2
