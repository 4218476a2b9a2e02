# ruff: noqa: RUF001  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""Every fast path agrees with the plain implementation beside it.

- Arabic folding (`arabic.fold`, `arabic.search`) with `arabic.reference`, the definition
  written one character at a time, on random and real texts;
- the schema's fast path (`validate.schema.certainly_valid`) with jsonschema, on the real
  files and on random mutations of them;
- the YAML fast path (libyaml) with ruamel.yaml alone, on the real files and on random
  sidecar-shaped YAML;
- and what these remember is the cache's: cleared, it holds nothing, and a check gives
  the same diagnostics after as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import arabic
from build_tools.arabic import reference
from build_tools.runtime import cache
from tests.conftest import SEED

VECTORS = json.loads((Path(__file__).parent / "data" / "arabic_vectors.json")
                     .read_text(encoding="utf-8"))
SEED_FILES = sorted(SEED.rglob("*.*"))

# ----------------------------------------------------------------------- Arabic folding

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱٲٳکیۀڤپکڪۃھ"
ARABIC_MARKS = ("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655"
                "\u0670\u06d6\u06e1\u08f0\u0640")  # harakat, hamza above/below, tatweel ...
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
# Latin letters with accents, precomposed and with combining marks.
LATIN = "abcdeiklnorsvzABCDEKLSÉéèêëïîçÇñüößæœþðłøđħı" + "e\u0301" + "i\u0308"
INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\u2069\ufeff"
SPACE_AND_PUNCTUATION = " \n\t\u00a0\u2003.,;:!?«»()-/،؛؟٪'\"…"
OTHERS = "\ufefb\ufdfa\u00bd\u2460\u00a8\u02dc\ufe70ς\u0130Å"  # ligatures, spacing accents

arabic_text = st.text(alphabet=ARABIC_LETTERS + ARABIC_MARKS + " ", max_size=60)
mixed_text = st.text(alphabet=(ARABIC_LETTERS + ARABIC_MARKS + DIGITS + LATIN + INVISIBLE
                               + SPACE_AND_PUNCTUATION + OTHERS), max_size=120)
# Words put together, long enough for the paths that only long texts take.
wordy_text = st.lists(st.one_of(arabic_text, mixed_text, st.sampled_from(
    ["وبالثقة", "للثقة", "مسؤول", "مسئول", "رئيس", "و\u0654", "ي\u0654ر", "Sergeï", "ﻻ"])),
    max_size=12).map(" ".join)
any_text = st.text(max_size=80)
texts = st.one_of(arabic_text, mixed_text, wordy_text, any_text)


def seed_texts() -> list[str]:
    """The seed article, its paragraphs, and every line of its sidecar and registries."""
    article = next(SEED.glob("articles/*/*.txt")).read_text(encoding="utf-8")
    lines = [line for path in SEED_FILES if path.suffix == ".yml"
             for line in path.read_text(encoding="utf-8").splitlines()]
    return [article, *article.split("\n\n"), *lines]


REAL_TEXTS = [vector["input"] for vector in VECTORS] + seed_texts()


def assert_folding_agrees(text: str) -> None:
    assert arabic.fold(text) == reference.fold(text)
    assert arabic.fold_with_map(text) == reference.fold_with_map(text)
    assert arabic.tokens(text) == reference.tokens(text)
    assert arabic.folded_words(text) == reference.folded_words(text)
    folded, fmap = reference.fold_with_map(text)
    for start, end in [(0, len(folded)), (0, 0), (len(folded), len(folded)),
                       *((i, i + 1) for i in range(len(folded))),
                       *((i, i + 3) for i in range(len(folded) - 2))]:
        assert (arabic.folded_span_to_source(text, fmap, start, end)
                == reference.folded_span_to_source(text, fmap, start, end))


def assert_search_agrees(text: str) -> None:
    assert arabic.search_terms(text) == reference.search_terms(text)
    assert arabic.query_terms(text) == reference.query_terms(text)
    assert arabic.search_query(text) == reference.search_query(text)
    assert arabic.index_terms(text) == reference.index_terms(text)
    for _start, _end, word in reference.tokens(text):
        assert arabic.strip_clitics(word) == reference.strip_clitics(word)
        assert arabic.search_key(word) == reference.search_key(word)


@given(texts)
@settings(max_examples=400)
def test_folding_agrees_with_the_reference(text: str) -> None:
    assert_folding_agrees(text)


@given(texts)
@settings(max_examples=400)
def test_search_terms_agree_with_the_reference(text: str) -> None:
    assert_search_agrees(text)


@given(st.lists(texts, max_size=6))
@settings(max_examples=200)
def test_index_term_counts_agree_with_the_reference(page: list[str]) -> None:
    # Items, not the dicts: the order of the terms is part of the answer.
    assert (list(arabic.index_term_counts(page).items())
            == list(reference.index_term_counts(page).items()))


@given(st.lists(texts, min_size=1, max_size=4))
@settings(max_examples=100)
def test_a_fresh_alphabet_agrees_with_the_reference(page: list[str]) -> None:
    """The fast tables are learned from the texts met: from nothing, they are exact too."""
    for text in page:
        cache.clear()
        assert_folding_agrees(text)
        assert_search_agrees(text)


def test_real_texts_fold_and_index_as_the_reference_does() -> None:
    for fresh in (True, False):
        for text in REAL_TEXTS:
            if fresh:
                cache.clear()
            assert_folding_agrees(text)
            assert_search_agrees(text)
    assert (list(arabic.index_term_counts(REAL_TEXTS).items())
            == list(reference.index_term_counts(REAL_TEXTS).items()))


def test_the_public_names_are_the_fast_ones() -> None:
    assert arabic.fold.__module__ == "build_tools.arabic.fold"
    assert arabic.index_term_counts.__module__ == "build_tools.arabic.search"
