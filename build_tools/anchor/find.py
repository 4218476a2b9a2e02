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

from .. import arabic
from ..models import Span

# Proclitics that may stand before a name inside one written word (folded spelling).
CLITIC_PREFIXES = frozenset({
    "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
})
# Before a form starting with the article ال, "ل" + "ال" is written "لل".
ARTICLE_CLITICS = frozenset({"لل", "ولل", "فلل"})


# How many places one quote or form may be found at: work and memory stay bounded (3,000
# one-letter quotes of a 2 MB text would otherwise make a billion spans), and a quote that
# common says nothing of which words it means.
MAX_PLACES = 1_000


def find_exact(text: str, exact: str, prefix: str = "", suffix: str = "",
               limit: int = MAX_PLACES) -> list[Span] | None:
    """Every occurrence of `exact` with `prefix` just before it and `suffix` just after;
    None if there are more than `limit` (too many to use, and not worth listing)."""
    if not exact:
        return []
    needle, starts = prefix + exact + suffix, list[int]()
    at = text.find(needle)
    while at != -1:  # overlapping occurrences too
        if len(starts) == limit:
            return None
        starts.append(at + len(prefix))
        at = text.find(needle, at + 1)
    return [Span(start, start + len(exact)) for start in starts]


LONG_TEXT = 100_000  # characters: past this, a text keeps the pairs of letters it has


class Quoted:
    """A text in which many quotes are looked up (`find_exact` for each). In a long text,
    a quote holding a pair of letters the text never has is not there: known from a set
    made once, instead of reading 2 MB for each of a thousand mistyped quotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._pairs: set[str] | None = None

    def find(self, exact: str, prefix: str = "", suffix: str = "",
             limit: int = MAX_PLACES) -> list[Span] | None:
        needle = prefix + exact + suffix
        if len(self.text) > LONG_TEXT and len(needle) >= 2:
            if self._pairs is None:
                text = self.text
                self._pairs = {text[i:i + 2] for i in range(len(text) - 1)}
            if needle[:2] not in self._pairs or needle[-2:] not in self._pairs:
                return []
        return find_exact(self.text, exact, prefix, suffix, limit)


def first_places(text: str, exact: str, count: int) -> list[Span]:
    """The first `count` occurrences of `exact`, however many more there are."""
    spans: list[Span] = []
    at = text.find(exact) if exact else -1
    while at != -1 and len(spans) < count:
        spans.append(Span(at, at + len(exact)))
        at = text.find(exact, at + 1)
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


def find_forms(text: FoldedText, forms: Iterable[str], limit: int = MAX_PLACES) -> list[Span]:
    """Where any of `forms` is written as a whole word, with or without proclitics; each
    form's first `limit` + 1 places at most."""
    found: set[Span] = set()
    for form in forms:
        key = arabic.fold(form).strip()
        if not key:
            continue
        patterns = [(key, CLITIC_PREFIXES)]
        if key.startswith("ال") and len(key) > 3:
            patterns.append((key[2:], ARTICLE_CLITICS))
        for needle, allowed in patterns:
            found.update(_whole_word_matches(text, needle, allowed, limit))
    # Where one match lies inside another (كيم جونغ وون inside a longer alias), keep the longer.
    ordered = sorted(found, key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in ordered:
        if not any(other.contains(span) for other in kept):
            kept.append(span)
    return kept


def _whole_word_matches(text: FoldedText, needle: str, allowed: frozenset[str],
                        limit: int) -> list[Span]:
    folded = text.folded
    spans: list[Span] = []
    start = folded.find(needle)
    while start != -1 and len(spans) <= limit:
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


# What the closest-passage search may compare, in characters of text times characters of
# quote: past it, only the places the quote's trigrams point at are compared.
EXHAUSTIVE_WORK = 4_000_000
TRIGRAMS = 12  # of the quote, spread along it, that vote for places
COMMON_TRIGRAM = 2_000  # a trigram found more often than this says nothing of where
CANDIDATES = 8  # places compared, the most voted for
SHORT_QUOTE = 64  # compared letter by letter at those places; a longer one word by word


def closest(text: str | FoldedText, quote: str, exhaustive_work: int = EXHAUSTIVE_WORK
            ) -> Suggestion | None:
    """The passage of `text` a mistyped quote most likely meant.

    While the text is short, every word start is compared letter by letter
    (`closest_everywhere`, the readable reference); in a long text only the word starts
    near the places the quote's trigrams point at, word by word, so the work grows with
    the text's length, not with its length times the quote's."""
    folded = text if isinstance(text, FoldedText) else FoldedText.of(text)
    if not quote.strip():
        return None
    key = arabic.fold(quote)
    at = folded.folded.find(key) if key else -1
    if at != -1:
        span = folded.to_source(at, at + len(key))
        return Suggestion(span, folded.source[span.start:span.end],
                          "the text spells it differently (letters, hamza, diacritics or spaces)")
    if len(folded.source) * len(quote) <= exhaustive_work:
        return _best(folded.source, quote, key, _word_starts(folded.source, 0, len(folded.source)))
    near = _near_votes(folded, key)
    if len(quote) <= SHORT_QUOTE:
        return _best(folded.source, quote, key, near)
    return _best_by_words(folded.source, quote, key, near)


def closest_everywhere(text: str, quote: str) -> Suggestion | None:
    """`closest`, comparing every word start of the text letter by letter, whatever its
    length: the reference the fast search is tested against."""
    key = arabic.fold(quote)
    if not quote.strip() or (key and key in arabic.fold(text)):
        return closest(text, quote)
    return _best(text, quote, key, _word_starts(text, 0, len(text)))


def _word_starts(text: str, start: int, end: int) -> list[int]:
    starts = [start] if start == 0 else []
    starts += [i + 1 for i in range(max(0, start - 1), min(end, len(text)))
               if not _is_letter(text[i])]
    return starts


def _near_votes(folded: FoldedText, key: str) -> list[int]:
    """Word starts of the source near the places most of the quote's trigrams point at."""
    if len(key) < 3:
        return []
    offsets = sorted({round(i * (len(key) - 3) / max(1, TRIGRAMS - 1))
                      for i in range(TRIGRAMS)})
    votes: dict[int, int] = {}
    for offset in offsets:
        trigram = key[offset:offset + 3]
        if folded.folded.count(trigram) > COMMON_TRIGRAM:
            continue
        at = folded.folded.find(trigram)
        while at != -1:
            bucket = (at - offset) // 8  # a letter dropped or added moves a vote a little
            votes[bucket] = votes.get(bucket, 0) + 1
            at = folded.folded.find(trigram, at + 1)
    chosen = sorted(votes, key=lambda bucket: (-votes[bucket], bucket))[:CANDIDATES]
    starts: set[int] = set()
    for bucket in chosen:
        begin = folded.to_source(max(0, bucket * 8 - 8), max(0, bucket * 8 - 8)).start
        starts.update(_word_starts(folded.source, begin, begin + 24))
    return sorted(starts)


def _best(text: str, quote: str, key: str, starts: Iterable[int],
          lengths: Iterable[int] | None = None) -> Suggestion | None:
    """The window at one of `starts` most like the quote, letter by letter: of the quote's
    length, or two letters more or less (or of `lengths`)."""
    best: tuple[float, Span] | None = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    if lengths is None:
        lengths = {len(quote), len(quote) + 2, max(1, len(quote) - 2)}
    for start in starts:
        for length in lengths:
            window = text[start:start + length]
            matcher.set_seq1(arabic.fold(window))
            if matcher.real_quick_ratio() < (best[0] if best else 0.0):
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, Span(start, start + len(window)))
    return _suggestion(text, best)


def _best_by_words(text: str, quote: str, key: str, starts: Iterable[int]
                   ) -> Suggestion | None:
    """`_best` for a long text: windows of the quote's length compared word by word, a
    few dozen cheap comparisons instead of letter by letter (quadratic in the quote)."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key.split())
    scored = []
    for start in starts:
        matcher.set_seq1(arabic.fold(text[start:start + len(quote)]).split())
        scored.append((matcher.ratio(), start))
    top = max((ratio for ratio, _ in scored), default=0.0)
    tied = [start for ratio, start in scored if ratio == top]
    # Windows a word apart may tie word by word; they differ at their ends, so the letters
    # of their first and last words decide.
    start = max(tied, key=lambda at: (_ends_alike(text[at:at + len(quote)], key), -at)) \
        if len(tied) > 1 else tied[0] if tied else 0
    return _suggestion(text, (top, Span(start, min(len(text), start + len(quote)))))


def _ends_alike(window: str, key: str, size: int = SHORT_QUOTE) -> float:
    folded = arabic.fold(window)
    return sum(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
               for a, b in ((folded[:size], key[:size]), (folded[-size:], key[-size:])))


def _suggestion(text: str, best: tuple[float, Span] | None) -> Suggestion | None:
    if best is None or best[0] < 0.5:
        return None
    span = best[1]
    return Suggestion(span, text[span.start:span.end], f"{round(best[0] * 100)}% similar")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
