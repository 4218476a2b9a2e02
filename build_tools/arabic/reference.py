# ruff: noqa: RUF002  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""Arabic-aware folding, clitics and search terms, written the plain way: the definition.

`fold` turns a text into the key people actually type against: no diacritics or tatweel,
one alef, one yeh, one heh for ta marbuta, ASCII digits, lowercase Latin without accents,
no invisible formatting characters. `fold_with_map` also says where each folded character
came from, so a match in the key maps back to an exact span of the untouched source.

Hamza. Alef carries a hamza (أ إ آ) so often omitted in typing that the alef is the stable
part: it folds to bare ا. On waw and yeh the carrier is what varies between spelling
conventions (مسؤول / مسئول, شؤون / شئون, رئيس / رءيس), so the hamza is the stable part:
ؤ and ئ fold to the letter ء, which is kept. A decomposed hamza above (U+0654) after و, ي
or ى does the same, so NFC and NFD text fold alike. Cost: موتمر (typed without hamza)
does not meet مؤتمر.

Clitics. `strip_clitics` offers every split the grammar allows: at most one conjunction
(و ف), then at most one preposition (ب ل ك) or article form (ال لل بال كال), leaving at
least three letters. Pagefind requires every word of a query to match, so a query cannot
offer alternatives; it sends one key per word instead (`query_terms`): the word minus the
longest proclitic it may carry (`search_key`). The index holds, for every word, the word,
each of its stems, and the key of each stem (`search_terms`), so whatever clitics the
reader and the text put on a word, the query's key is among the text word's terms:
وبالثقة, بالثقة and الثقة all query ثقه, which a page with الثقة, ثقة or للثقة indexes.
A word that only looks like it carries a clitic is over-stripped alike on both sides
(بوتين queries وتين, which every form of بوتين indexes): a little precision for recall.

Everything here goes one character at a time, in the order and with the tables of
build_tools/arabic/arabic-fold.js, the mirror the search box runs: read the two side by
side. Change both, and tests/data/arabic_vectors.json, together. The build calls the fast
implementations in `fold.py` and `search.py`, which must answer exactly as these do
(tests/test_fast_paths.py); where the two disagree, this module is right.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Removed marks that belong to the letter before them: a span ending at that letter extends
# over them. Every other nonspacing or enclosing mark (categories Mn, Me) is treated alike.
MARK_RANGES: tuple[tuple[int, int], ...] = (
    (0x0640, 0x0640),  # tatweel (kashida): it stretches the letter before it
    (0x064B, 0x065F),  # harakat, tanwin, shadda, sukun, hamza above/below
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x06D6, 0x06ED),  # Quranic annotation signs
    (0x08D3, 0x08FF),  # extended Arabic marks
)

# Removed invisible formatting characters: they belong to no letter.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # zero-width space, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2060),  # word joiner
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # byte order mark (zero-width no-break space)
)

# Letters replaced before Unicode decomposition and lowercasing (which would lose the
# hamza of ؤ/ئ, and cannot fold letters that have no decomposition, such as ł or ى).
CHAR_FOLDS: tuple[tuple[int, str], ...] = (
    (0x0622, "\u0627"),  # alef with madda -> alef
    (0x0623, "\u0627"),  # alef with hamza above -> alef
    (0x0625, "\u0627"),  # alef with hamza below -> alef
    (0x0671, "\u0627"),  # alef wasla -> alef
    (0x0672, "\u0627"),  # alef with wavy hamza above -> alef
    (0x0673, "\u0627"),  # alef with wavy hamza below -> alef
    (0x0624, "\u0621"),  # waw with hamza above -> hamza
    (0x0626, "\u0621"),  # yeh with hamza above -> hamza
    (0x0649, "\u064a"),  # alef maksura -> yeh
    (0x06CC, "\u064a"),  # Farsi yeh -> yeh
    (0x0629, "\u0647"),  # teh marbuta -> heh
    (0x06C3, "\u0647"),  # teh marbuta goal -> heh
    (0x06D5, "\u0647"),  # ae (also the base of heh with yeh above) -> heh
    (0x06C0, "\u0647"),  # heh with yeh above -> heh
    (0x06C1, "\u0647"),  # heh goal -> heh
    (0x06C2, "\u0647"),  # heh goal with hamza above -> heh
    (0x06BE, "\u0647"),  # heh doachashmee -> heh
    (0x06A9, "\u0643"),  # keheh (Persian kaf) -> kaf
    (0x06AA, "\u0643"),  # swash kaf -> kaf
    (0x06A4, "\u0641"),  # veh (foreign v, usually written feh) -> feh
    (0x067E, "\u0628"),  # peh (foreign p, usually written beh) -> beh
    (0x0660, "0"), (0x0661, "1"), (0x0662, "2"), (0x0663, "3"), (0x0664, "4"),  # Arabic-Indic
    (0x0665, "5"), (0x0666, "6"), (0x0667, "7"), (0x0668, "8"), (0x0669, "9"),
    (0x06F0, "0"), (0x06F1, "1"), (0x06F2, "2"), (0x06F3, "3"), (0x06F4, "4"),  # Persian
    (0x06F5, "5"), (0x06F6, "6"), (0x06F7, "7"), (0x06F8, "8"), (0x06F9, "9"),
    (0x00DF, "ss"),  # sharp s: case folding, which lowercasing alone does not do
    (0x03C2, "\u03c3"),  # Greek final sigma -> sigma
    (0x0131, "i"),  # dotless i
    (0x0142, "l"),  # l with stroke (no decomposition)
    (0x00F8, "o"),  # o with stroke
    (0x0111, "d"),  # d with stroke
    (0x00F0, "d"),  # eth
    (0x0127, "h"),  # h with stroke
    (0x00E6, "ae"),  # ae ligature
    (0x0153, "oe"),  # oe ligature
    (0x00FE, "th"),  # thorn
)

HAMZA = "\u0621"
HAMZA_ABOVE = "\u0654"
# Folded letters that a following combining hamza above turns into a hamza (see above).
HAMZA_CARRIERS = ("\u0648", "\u064a")  # waw, yeh (alef maksura has folded to yeh)

CONJUNCTIONS: tuple[str, ...] = ("\u0648", "\u0641")  # wa, fa
DETERMINERS: tuple[str, ...] = (
    "\u0628\u0627\u0644",  # bi + al
    "\u0643\u0627\u0644",  # ka + al
    "\u0644\u0644",  # li + al (the alef is not written)
    "\u0627\u0644",  # al
    "\u0628",  # bi
    "\u0644",  # li
    "\u0643",  # ka
)
MIN_STEM = 3
# Before every indexed search term and every query key (see `index_terms`). A letter no
# text in the collection uses, so no word of a page's visible text begins with it.
SEARCH_MARK = "\u06a8"  # Arabic letter qaf with three dots above

CHAR_FOLD_MAP = {chr(code): target for code, target in CHAR_FOLDS}


def in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


# --------------------------------------------------------------------------- folding


def piece(ch: str) -> str:
    """The folded form of one character on its own (without the hamza rule)."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if (category in ("Mn", "Me") or in_ranges(code, MARK_RANGES)
            or in_ranges(code, INVISIBLE_RANGES)):
        return ""
    if ch in CHAR_FOLD_MAP:
        return CHAR_FOLD_MAP[ch]
    if category == "Zs":
        return " "
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    if decomposed == ch:
        return ch
    if " " in decomposed:
        # Spacing accents (¨, Arabic isolated harakat) vanish like the mark they carry; a
        # ligature of a whole phrase (U+FDFA) stays one character so a word stays a word.
        return "" if not fold(decomposed.replace(" ", "")) else ch
    return fold(decomposed)


def attaches(ch: str) -> bool:
    """Whether `ch` vanishes in folding and belongs to the letter before it."""
    return piece(ch) == "" and not in_ranges(ord(ch), INVISIBLE_RANGES)


def is_word_piece(folded: str) -> bool:
    """Whether a folded piece is made of letters, marks and digits only."""
    return all(unicodedata.category(c)[0] in "LMN" for c in folded)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """fold(text) and, for each folded character, the index in `text` it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    carrier = -1  # where in `folded` a waw/yeh still gathers its marks, else -1
    for index, ch in enumerate(text):
        folded_ch = piece(ch)
        if folded_ch:
            carrier = len(folded) if folded_ch in HAMZA_CARRIERS else -1
            folded.extend(folded_ch)
            origin.extend([index] * len(folded_ch))
        elif not attaches(ch):
            carrier = -1
        elif ch == HAMZA_ABOVE and carrier >= 0:
            folded[carrier] = HAMZA
    return "".join(folded), origin


def fold(text: str) -> str:
    """The search and match key of `text`; fold(fold(x)) == fold(x)."""
    if text.isascii():
        return text.lower()
    return fold_with_map(text)[0]


def folded_span_to_source(text: str, fmap: list[int], start: int, end: int) -> tuple[int, int]:
    """The [start, end) span of `text` that folded characters [start, end) came from.

    The end extends over removed marks that follow the last letter (its diacritics), not
    over invisible formatting characters. An empty span maps to an empty span.
    """
    if start >= end:
        at = fmap[start] if start < len(fmap) else len(text)
        return at, at
    source_start, source_end = fmap[start], fmap[end - 1] + 1
    while source_end < len(text) and attaches(text[source_end]):
        source_end += 1
    return source_start, source_end


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Words of `text` as (start, end, folded word); marks inside a word don't split it.

    A word starts at its first letter or digit and ends after its last one plus the marks
    that follow it; removed characters between letters join them.
    """
    words: list[tuple[int, int]] = []
    start = end = -1  # the word being read, while start >= 0
    for index, ch in enumerate(text):
        folded = piece(ch)
        if folded and is_word_piece(folded):  # a letter or digit: starts or extends a word
            start = index if start < 0 else start
            end = index + 1
        elif folded:  # white space or punctuation: ends the word
            if start >= 0:
                words.append((start, end))
            start = end = -1
        elif start >= 0 and end == index and attaches(ch):  # a mark on the word's last letter
            end = index + 1
    if start >= 0:
        words.append((start, end))
    return [(start, end, fold(text[start:end])) for start, end in words]


def folded_words(text: str) -> list[str]:
    """The folded words of `text`, as tokens() gives them, without their places."""
    return [word for _start, _end, word in tokens(text)]


# -------------------------------------------------------------------- clitics and search


def proclitics() -> tuple[str, ...]:
    """Every conjunction, determiner and conjunction + determiner, longest first."""
    combined = [c + d for c in ("", *CONJUNCTIONS) for d in ("", *DETERMINERS)]
    return tuple(sorted((p for p in combined if p), key=len, reverse=True))


PROCLITICS = proclitics()


def strip_clitics(folded_word: str) -> list[str]:
    """The word, then its stems after each proclitic it may carry, longest prefix first."""
    if not folded_word:
        return []
    stems = [folded_word]
    for prefix in PROCLITICS:
        stem = folded_word[len(prefix):]
        if folded_word.startswith(prefix) and len(stem) >= MIN_STEM and stem not in stems:
            stems.append(stem)
    return stems


def search_key(folded_word: str) -> str:
    """The word minus the longest proclitic it may carry: what a query looks up."""
    stems = strip_clitics(folded_word)
    return stems[1] if len(stems) > 1 else folded_word


def expansion(folded_word: str) -> list[str]:
    """The word, its stems and each stem's key, in that order, each once."""
    stems = strip_clitics(folded_word)
    return list(dict.fromkeys([*stems, *(search_key(stem) for stem in stems[1:])]))


def search_terms(text: str) -> list[str]:
    """What the index holds for `text`: every folded word, its stems and each stem's key,
    first occurrence first, no repeats."""
    terms: list[str] = []
    seen: set[str] = set()
    for _start, _end, word in tokens(text):
        for term in expansion(word):
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return terms


def query_terms(text: str) -> list[str]:
    """What a query looks up: the key of each folded word, first occurrence first."""
    terms: list[str] = []
    for _start, _end, word in tokens(text):
        key = search_key(word)
        if key not in terms:
            terms.append(key)
    return terms


def indexable(term: str) -> bool:
    """Whether a term is worth indexing: not one character, and not an Arabic word under
    MIN_STEM letters (في من أي لا ...: a fallback onto them is never what was meant)."""
    return len(term) > 1 and (len(term) >= MIN_STEM or not ARABIC_SCRIPT.search(term))


ARABIC_SCRIPT = re.compile("[\u0600-\u08ff]")


def search_query(text: str) -> str:
    """What the search box hands Pagefind for `text`: its indexable keys behind SEARCH_MARK,
    or, when none is, a word that matches nothing."""
    keys = [SEARCH_MARK + key for key in query_terms(text) if indexable(key)]
    return " ".join(keys) or SEARCH_MARK * 2


# ------------------------------------------------------- the hidden terms a page is found by


def index_terms(text: str) -> list[str]:
    """`search_terms` (but those left out below, and with those added below), each behind
    SEARCH_MARK: the hidden words a page is found by.

    The search box sends each query key behind the mark too (`search_query`), so queries
    meet only these words, never the page's visible ones. That matters because Pagefind,
    when no indexed word begins with a query word, falls back to the longest indexed word
    that the query word begins with: without the mark an unknown word such as بايدن
    would find every page with أي. With it, the fallback can only reach a marked term,
    that is a whole word of the collection the query word extends (lavrovs -> lavrov).

    Terms that still carry an article (ال لل) that could come off are left out: every
    way to write a proclitic before an article (و ف ب ك) joins it into one proclitic,
    so no query key keeps one (the key of الدولة, والدولة and بالدولة is دوله). That
    makes the index smaller and keeps the keys a half-typed word looks up (الم, المو)
    in a small part of it.

    Readers also type a hamza's seat as its own letter (مسايل for مسائل, رييس, شوون),
    which folds to itself, while ؤ and ئ fold to ء: a word written with them gives the
    terms of that spelling too, after all the others."""
    return list(index_term_counts([text]))


def index_term_counts(texts: Iterable[str]) -> dict[str, int]:
    """`index_terms` of all `texts` together, each with how many of their words it stands
    for (a page holds each term once, weighted by that count)."""
    words = [(text[start:end], word) for text in texts for start, end, word in tokens(text)]
    counts: Counter[str] = Counter()
    for _written, word in words:
        counts.update(word_terms(word))
    for written, word in words:  # then the spelling with و and ي for ؤ and ئ
        seated = fold(written.replace("\u0624", "\u0648").replace("\u0626", "\u064a"))
        if seated != word:
            counts.update(word_terms(seated))
    return counts


def word_terms(folded_word: str) -> list[str]:
    """The marked, indexable terms of one folded word, as `index_terms` gives them."""
    return [SEARCH_MARK + term for term in expansion(folded_word)
            if indexable(term) and not article_comes_off(term)]


def article_comes_off(folded_word: str) -> bool:
    """Whether the word starts with a proclitic holding an article (ال لل وال بال ...)
    that leaves at least MIN_STEM letters."""
    return any(folded_word.startswith(p) and len(folded_word) - len(p) >= MIN_STEM
               for p in PROCLITICS if p.endswith(("\u0627\u0644", "\u0644\u0644")))
