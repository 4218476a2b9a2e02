# ruff: noqa: RUF001  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""Anchoring, as pure functions: exact quotes, their limits, registry forms and the closest passage.

The fast closest-passage search of a long text is held to the readable one, which compares
every word start letter by letter: both find the passage a mistyped quote was copied from.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import anchor, arabic
from build_tools.models import Span

WORDS = ["الحوار", "الاستراتيجي", "بين", "وزيري", "الخارجية", "كوريا", "روسيا", "في",
         "جو", "دافئ", "مفعم", "بالثقة", "الرفاقية", "العلاقات", "الثنائية", "تطوير"]


def _naive(text: str, exact: str, prefix: str, suffix: str) -> list[Span]:
    """The definition: every place of `exact` with its prefix before and suffix after."""
    return [Span(i, i + len(exact)) for i in range(len(text) - len(exact) + 1)
            if text.startswith(exact, i) and text.endswith(prefix, 0, i)
            and text.startswith(suffix, i + len(exact))]


@given(text=st.text("ابت ", max_size=60), exact=st.text("ابت ", min_size=1, max_size=3),
       prefix=st.text("ابت ", max_size=2), suffix=st.text("ابت ", max_size=2))
def test_find_exact_is_every_place_with_its_context(text: str, exact: str, prefix: str,
                                                    suffix: str) -> None:
    expected = _naive(text, exact, prefix, suffix)
    assert anchor.find_exact(text, exact, prefix, suffix) == expected
    few = anchor.find_exact(text, exact, prefix, suffix, limit=2)
    assert few == (expected if len(expected) <= 2 else None)


def test_a_quote_found_too_often_is_none_and_its_first_places_are_still_there() -> None:
    text = "ا ب " * 5000
    assert anchor.find_exact(text, "ا") is None
    assert anchor.first_places(text, "ا", 3) == [Span(0, 1), Span(4, 5), Span(8, 9)]
    assert anchor.find_exact(text, "") == []


def _sentences(seed: int, count: int) -> str:
    """Words of news prose, each followed by its number: every passage occurs once."""
    return " ".join(f"{WORDS[(seed * 7 + i * 5 + i * i) % len(WORDS)]} {i}" for i in range(count))


@pytest.mark.slow  # a thousand searches of long texts, each twice
@given(seed=st.integers(0, 10_000), at=st.integers(0, 2000), length=st.integers(12, 80),
       change=st.integers(0, 1000), letter=st.sampled_from("قكمن"))
def test_the_fast_search_finds_the_passage_the_reference_finds(
        seed: int, at: int, length: int, change: int, letter: str) -> None:
    """A passage with one letter replaced: the fast search (forced, as for a long text) and
    the reference find the closest passage where it was copied from."""
    text = _sentences(seed, 400)
    start = text.find(" ", at) + 1
    passage = text[start:start + length]
    i = change % len(passage)
    mistyped = passage[:i] + letter + passage[i + 1:]
    if arabic.fold(mistyped) in arabic.fold(text):
        return  # the change made another passage of the text
    reference = anchor.closest_everywhere(text, mistyped)
    fast = anchor.closest(text, mistyped, exhaustive_work=0)
    assert reference is not None and fast is not None
    for found in (reference, fast):
        assert found.span.start < start + len(passage) and start < found.span.end, (
            found, start, mistyped)


def test_the_search_of_a_short_text_is_the_reference() -> None:
    text = _sentences(3, 80)
    quote = text[40:80].replace("ا", "أ", 1).replace("ي", "ى", 1) + "ق"
    assert anchor.closest(text, quote) == anchor.closest_everywhere(text, quote)


@given(text=st.text("ابتث ", max_size=40), exact=st.text("ابتث ", min_size=1, max_size=3),
       prefix=st.text("ابت", max_size=2), long=st.booleans())
def test_a_long_text_finds_what_find_exact_finds(text: str, exact: str, prefix: str,
                                                  long: bool) -> None:
    """The pairs-of-letters shortcut of a long text never loses a place."""
    if long:
        text += " " * anchor.LONG_TEXT
    assert anchor.Quoted(text).find(exact, prefix) == anchor.find_exact(text, exact, prefix)


# ---------------------------------------------------------------- registry forms

NAME = "كيم جونغ أون"
CLITICS = sorted(anchor.find.CLITIC_PREFIXES)
SPELLINGS = ["كيم جونغ أون", "كيم جونغ اون", "كيمْ جونغ أون"]  # hamza, sukun: the same folded


@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
       places=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(CLITICS),
                                 st.sampled_from(SPELLINGS)), max_size=4))
def test_a_form_is_found_wherever_a_word_spells_it_and_nowhere_else(
        words: list[str], places: list[tuple[int, str, str]]) -> None:
    """The name, however spelt and behind any proclitic, is found as the whole written
    word, clitic included; the words around it are never taken for it."""
    written = list(words)
    for at, clitic, spelling in sorted(places, reverse=True):
        written.insert(min(at, len(written)), clitic + spelling)
    text = " ".join(written)
    expected, at = [], 0
    for word in written:
        if word.endswith(tuple(SPELLINGS)):
            expected.append(Span(at, at + len(word)))
        at += len(word) + 1

    assert anchor.find_forms(anchor.FoldedText.of(text), [NAME]) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("عقد للاتحاد الروسي اجتماعا", ["للاتحاد الروسي"]),  # ل + ال is written لل
    ("وبالاتحاد الروسي", ["وبالاتحاد الروسي"]),
    ("الاتحاد الروسيين", []),  # a longer word is another word
    ("والاتحاد الروسي", ["والاتحاد الروسي"]),
])
def test_a_form_with_the_article_takes_its_proclitics(text: str, found: list[str]) -> None:
    spans = anchor.find_forms(anchor.FoldedText.of(text), ["الاتحاد الروسي"])
    assert [text[span.start:span.end] for span in spans] == found


def test_a_form_inside_a_longer_form_is_not_found_twice() -> None:
    text = "استقبل الرفيق كيم جونغ وون الضيف ثم تحدث كيم جونغ وون"
    spans = anchor.find_forms(anchor.FoldedText.of(text), ["كيم جونغ وون", "الرفيق كيم جونغ وون"])
    assert [text[span.start:span.end] for span in spans] == ["الرفيق كيم جونغ وون", "كيم جونغ وون"]


def test_a_blank_form_finds_nothing() -> None:
    assert anchor.find_forms(anchor.FoldedText.of("كيم جونغ وون"), ["", "  "]) == []


# ---------------------------------------------------------------- the closest passage

def test_a_blank_quote_has_no_closest_passage() -> None:
    assert anchor.closest("الحوار الاستراتيجي", " ") is None


@given(seed=st.integers(0, 1000), first=st.integers(0, 30), words=st.integers(2, 8),
       spelling=st.sampled_from([("ا", "أ"), ("ي", "ى"), ("ر", "رَ"), ("ح", "حـ"), ("", "")]))
def test_a_quote_spelt_differently_is_the_passage_it_spells(
        seed: int, first: int, words: int, spelling: tuple[str, str]) -> None:
    """Hamza, alef maqsura, a diacritic, a tatweel: the suggestion is the very passage, as
    written in the text (every passage of these texts occurs once)."""
    text = _sentences(seed, 40)
    tokens = text.split(" ")
    start = len(" ".join(tokens[:first * 2])) + (1 if first else 0)
    passage = " ".join(tokens[first * 2:first * 2 + words * 2])
    quote = passage.replace(*spelling) if spelling[0] else passage

    found = anchor.closest(text, quote)

    assert found is not None
    assert found.span == Span(start, start + len(passage))
    assert found.passage == text[found.span.start:found.span.end]


@given(seed=st.integers(0, 1000), at=st.integers(0, 300), length=st.integers(12, 60),
       change=st.integers(0, 100), letter=st.sampled_from("قكمن"))
def test_a_mistyped_quote_of_a_short_text_points_at_where_it_was_copied_from(
        seed: int, at: int, length: int, change: int, letter: str) -> None:
    text = _sentences(seed, 50)
    start = text.find(" ", at) + 1
    passage = text[start:start + length]
    i = change % len(passage)
    mistyped = passage[:i] + letter + passage[i + 1:]
    if arabic.fold(mistyped) in arabic.fold(text):
        return  # the change made another passage of the text

    found = anchor.closest(text, mistyped)

    assert found is not None
    assert found.span.start < start + len(passage) and start < found.span.end
    assert found.passage == text[found.span.start:found.span.end]
