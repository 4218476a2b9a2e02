"""Folding as `reference.py` defines it, made fast: `fold`, `fold_with_map`, `tokens`.

Folding runs over every text, name and quote of the collection, often more than once, so
it is the inner loop of check and generate. The reference goes one character at a time in
Python; this module does the same work with `str.replace`, `str.split`, `str.translate`
and `re`, whose loops run in C. They need tables of what folding does to each character,
and a table of every character there is would be large and slow to build: `_Alphabet`
builds them from the characters actually met (a collection has a few hundred), learning
each new one from `reference.piece` before any text that holds it is folded, so the
tables are always exact for the text at hand.

tests/test_fast_paths.py holds every function here to its reference on random and real
texts. What the alphabet learned is the cache's (`runtime.cache`): cleared per build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..runtime.cache import memoized
from . import reference
from .reference import HAMZA_ABOVE, INVISIBLE_RANGES, in_ranges


@memoized(maxsize=None)  # a collection has a few hundred distinct characters
def _piece(ch: str) -> str:
    return reference.piece(ch)


@memoized(maxsize=None)
def _attaches(ch: str) -> bool:
    return _piece(ch) == "" and not in_ranges(ord(ch), INVISIBLE_RANGES)


# Texts up to this long are looked at through a set of their characters; longer ones
# through a compiled pattern, whose scan does no Python work per character (a set does
# some, and compiling a pattern does not pay off on a word).
_SHORT_TEXT = 32


class _Replacements:
    """Characters and the strings they become, applied as `str.translate` would.

    `str.translate` looks up every character of a text in a dict; here the few characters
    of a text that change are found by one pattern and each rewritten by `str.replace`,
    which leaves the many that don't change to C. Replacing one character after another
    gives what translating all at once would because every replacement is folded already
    (fold is idempotent): none holds a character that is replaced in turn."""

    def __init__(self) -> None:
        self.table: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None  # the keys of `table`, once needed

    def update(self, replacements: dict[str, str]) -> None:
        if replacements:
            self.table.update(replacements)
            self._pattern = None

    def present(self, text: str) -> set[str]:
        """The characters of `text` that are replaced."""
        if len(text) <= _SHORT_TEXT or not self.table:  # an empty class is no pattern
            return self.table.keys() & set(text)
        if self._pattern is None:
            self._pattern = re.compile(_character_class(self.table))
        return set(self._pattern.findall(text))

    def apply(self, text: str, present: set[str]) -> str:
        """`text` with every character replaced; `present` as `self.present(text)`."""
        for ch in present:
            text = text.replace(ch, self.table[ch])
        return text


def _character_class(chars: Iterable[str], negated: bool = False) -> str:
    return f"[{'^' if negated else ''}{''.join(re.escape(ch) for ch in sorted(chars))}]"


class _Alphabet:
    """What folding does to each character seen so far, as tables that C code applies
    (`str.replace`, `str.translate`, `re`). The tables grow with every new character met,
    learned from the reference before a text holding it is folded, so they stay exact."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.table = _Replacements()  # character -> its folded piece, where they differ
        self.kinds: dict[int, str] = {}  # character -> w(ord), a(ttached), i(nvisible), b(reak)
        self.removed: set[str] = set()  # characters whose piece is empty
        self.expanding: set[str] = set()  # characters whose piece is longer than one
        self.marks: list[str] = []  # characters of kind b but white space (punctuation)
        self._unknown: re.Pattern[str] | None = None  # any character not in `known`, once needed

    def learn(self, text: str) -> None:
        """Learn the characters of `text` not seen before."""
        if len(text) > _SHORT_TEXT:
            if self._unknown is None:
                self._unknown = re.compile(_character_class(self.known, negated=True)
                                           if self.known else "(?s:.)")
            if self._unknown.search(text) is None:
                return
        new = set(text) - self.known
        if not new:
            return
        table: dict[str, str] = {}
        for ch in new:
            piece = _piece(ch)
            if piece != ch:
                table[ch] = piece
            if not piece:
                self.removed.add(ch)
                self.kinds[ord(ch)] = "a" if _attaches(ch) else "i"
            else:
                self.kinds[ord(ch)] = "w" if reference.is_word_piece(piece) else "b"
            if self.kinds[ord(ch)] == "b" and not ch.isspace():
                self.marks.append(ch)
            if len(piece) > 1:
                self.expanding.add(ch)
            self.known.add(ch)
        self.table.update(table)
        self._unknown = None

    def runs(self, text: str) -> list[str]:
        """`text` cut at every word break into its words as written (`text` learned
        already). Every white space character breaks words, and `str.split` cuts there;
        the few other breaks become spaces first, so one `str.split` cuts at them all (a
        scan for each of a handful of characters is cheaper than a splitting pattern)."""
        for mark in self.marks:
            if mark in text:
                text = text.replace(mark, " ")
        return text.split()

    def changed(self, text: str) -> set[str]:
        """The characters of `text` that folding changes (learning any new ones)."""
        self.learn(text)
        return self.table.present(text)


@memoized(maxsize=1)
def _alphabet() -> _Alphabet:
    """The alphabet of the texts folded since the cache was last cleared."""
    return _Alphabet()


# Over a text spelled as kinds (see _Alphabet): a word character, then word characters and
# removed ones up to the last word character, then the marks attached to it (not across an
# invisible character).
_WORD_KINDS = re.compile("w(?:[wai]*w)?a*")


def fold(text: str) -> str:
    """The search and match key of `text`; fold(fold(x)) == fold(x)."""
    if text.isascii():  # ASCII only needs lowercasing
        return text.lower()
    alphabet = _alphabet()
    changed = alphabet.changed(text)
    if HAMZA_ABOVE in changed:
        return fold_with_map(text)[0]
    return alphabet.table.apply(text, changed)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """fold(text) and, for each folded character, the index in `text` it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    alphabet = _alphabet()
    changed = alphabet.changed(text)
    if HAMZA_ABOVE not in changed and not changed & alphabet.expanding:
        # Each character folds to at most one: the map skips the removed ones.
        removed = changed & alphabet.removed
        origin = _kept_indexes(text, removed) if removed else list(range(len(text)))
        return alphabet.table.apply(text, changed), origin
    # A combining hamza or a character folding to several: rare, and the reference's
    # character-by-character loop is exactly what it needs.
    return reference.fold_with_map(text)


def _kept_indexes(text: str, removed: set[str]) -> list[int]:
    """The indexes of the characters of `text` not in `removed`, gathered a run at a time."""
    kept: list[int] = []
    last = 0
    for match in re.finditer(_character_class(removed) + "+", text):
        kept.extend(range(last, match.start()))
        last = match.end()
    kept.extend(range(last, len(text)))
    return kept


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Words of `text` as (start, end, folded word); marks inside a word don't split it.

    A word starts at its first letter or digit and ends after its last one plus the marks
    that follow it; removed characters between letters join them. Found by one pattern
    over the text spelled as the kinds of its characters, instead of a loop over them.
    """
    if not text:
        return []
    alphabet = _alphabet()
    alphabet.learn(text)
    kinds = text.translate(alphabet.kinds)
    return [(match.start(), match.end(), fold_word(text[match.start():match.end()]))
            for match in _WORD_KINDS.finditer(kinds)]


@memoized(maxsize=1 << 17)  # a word comes back in text after text
def fold_word(word: str) -> str:
    """fold(word), remembered."""
    return fold(word)


def folded_words(text: str) -> list[str]:
    """The folded words of `text`, as tokens() gives them, without their places.

    Between two word breaks, whatever is not a word character folds to nothing, so folding
    the whole run as written gives the word: one cut in C (_Alphabet.runs) instead of a
    match per word, and each distinct run folded once (fold_word).
    """
    alphabet = _alphabet()
    alphabet.learn(text)
    return [word for run in alphabet.runs(text) if (word := fold_word(run))]


def written_words(text: str) -> list[str]:
    """`text` cut at every word break into its words as written (see _Alphabet.runs)."""
    alphabet = _alphabet()
    alphabet.learn(text)
    return alphabet.runs(text)
