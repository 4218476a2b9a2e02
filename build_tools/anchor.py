"""Anchor quotes to spans of the source text. Pure functions: text in, spans out.

A quote is a W3C TextQuoteSelector: the exact characters of the text, optionally with a
prefix and suffix to say which occurrence. Registry names are matched more kindly (through
Arabic folding and clitic prefixes) because a registry cannot know every way a text
spells a name; what a contributor quotes must match exactly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from . import arabic
from .models import Span

# Proclitics that may stand before a name inside one written word (folded spelling).
CLITIC_PREFIXES = frozenset({
    "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
})
# Before a form starting with the article ال, "ل" + "ال" is written "لل".
ARTICLE_CLITICS = frozenset({"لل", "ولل", "فلل"})


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[Span]:
    """Every occurrence of `exact`, keeping those whose context matches prefix/suffix."""
    spans = []
    start = text.find(exact) if exact else -1
    while start != -1:
        end = start + len(exact)
        if text.endswith(prefix, 0, start) and text.startswith(suffix, end):  # no copies
            spans.append(Span(start, end))
        start = text.find(exact, start + 1)
    return spans


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


@dataclass(frozen=True)
class FoldedText:
    """A text with its folded search key and the map back to source offsets."""

    source: str
    folded: str
    index: list[int]

    @classmethod
    def of(cls, source: str) -> FoldedText:
        folded, index = arabic.fold_with_map(source)
        return cls(source, folded, index)

    def to_source(self, start: int, end: int) -> Span:
        return Span(*arabic.folded_span_to_source(self.source, self.index, start, end))


def find_forms(text: FoldedText, forms: Iterable[str]) -> list[Span]:
    """Where any of `forms` is written as a whole word, with or without proclitics."""
    found: set[Span] = set()
    for form in forms:
        key = arabic.fold(form).strip()
        if not key:
            continue
        patterns = [(key, CLITIC_PREFIXES)]
        if key.startswith("ال") and len(key) > 3:
            patterns.append((key[2:], ARTICLE_CLITICS))
        for needle, allowed in patterns:
            found.update(_whole_word_matches(text, needle, allowed))
    # Where one match lies inside another (كيم جونغ وون inside a longer alias), keep the longer.
    ordered = sorted(found, key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in ordered:
        if not any(other.contains(span) for other in kept):
            kept.append(span)
    return kept


def _whole_word_matches(text: FoldedText, needle: str, allowed: frozenset[str]) -> list[Span]:
    folded, spans = text.folded, []
    start = folded.find(needle)
    while start != -1:
        end = start + len(needle)
        word_start = start
        while word_start > 0 and _is_letter(folded[word_start - 1]):
            word_start -= 1
        ends_word = end == len(folded) or not _is_letter(folded[end])
        if ends_word and folded[word_start:start] in allowed:
            spans.append(text.to_source(word_start, end))
        start = folded.find(needle, start + 1)
    return spans


@dataclass(frozen=True)
class Suggestion:
    span: Span
    passage: str
    reason: str


def closest(text: str, quote: str) -> Suggestion | None:
    """The passage of `text` a mistyped quote most likely meant."""
    if not quote.strip():
        return None
    folded = FoldedText.of(text)
    key = arabic.fold(quote)
    at = folded.folded.find(key) if key else -1
    if at != -1:
        span = folded.to_source(at, at + len(key))
        return Suggestion(span, text[span.start:span.end],
                          "the text spells it differently (letters, hamza, diacritics or spaces)")
    best: tuple[float, Span] | None = None
    starts = [0] + [i + 1 for i, ch in enumerate(text) if not _is_letter(ch)]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    for start in starts:
        for length in {len(quote), len(quote) + 2, max(1, len(quote) - 2)}:
            window = text[start:start + length]
            matcher.set_seq1(arabic.fold(window))
            if matcher.real_quick_ratio() < (best[0] if best else 0.0):
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, Span(start, start + len(window)))
    if best is None or best[0] < 0.5:
        return None
    span = best[1]
    return Suggestion(span, text[span.start:span.end], f"{round(best[0] * 100)}% similar")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
