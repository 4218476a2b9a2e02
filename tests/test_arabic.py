"""Arabic folding: shared vectors, the JavaScript mirror, and properties that always hold."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import arabic

ROOT = Path(__file__).resolve().parent.parent
VECTORS_PATH = ROOT / "tests" / "data" / "arabic_vectors.json"
MIRROR_PATH = ROOT / "build_tools" / "arabic" / "arabic-fold.js"
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))

# Characters whose Unicode properties changed after Python's database (14.0 for 3.11)
# and so fold differently under Node's newer ICU. Not our tables' doing.
UNICODE_VERSION_DRIFT = frozenset({0x1171E})  # AHOM CONSONANT SIGN MEDIAL RA: Mn -> Mc

# The mirror runs on stdin commands so one Node process answers a whole batch.
NODE_RUNNER = r"""
const fold = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  let answer;
  if (request.kind === "texts") {
    answer = request.texts.map((t) => ({fold: fold.fold(t), terms: fold.searchTerms(t),
                                        query: fold.queryTerms(t)}));
  } else if (request.kind === "search") {
    answer = request.texts.map((t) => fold.searchQuery(t));
  } else if (request.kind === "tables") {
    answer = fold.tables;
  } else {
    answer = {};
    for (const [low, high] of request.ranges) {
      for (let code = low; code <= high; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue;
        const ch = String.fromCodePoint(code);
        const folded = fold.fold(ch);
        const word = fold.searchTerms(ch).length > 0;
        if (folded !== ch || !word) answer[code] = [folded, word];
      }
    }
  }
  process.stdout.write(JSON.stringify(answer));
});
"""


def run_mirror(request: dict[str, Any]) -> Any:
    """Answer `request` with the JavaScript mirror, or skip/fail when Node is missing."""
    node = shutil.which("node")
    if node is None:
        message = "node is not installed: cannot check the JavaScript mirror"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [node, "-e", NODE_RUNNER, str(MIRROR_PATH)], input=json.dumps(request),
        capture_output=True, text=True, encoding="utf-8", check=True, timeout=120,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def mirror_answers() -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = run_mirror(
        {"kind": "texts", "texts": [v["input"] for v in VECTORS]})
    return answers


def vector_id(vector: dict[str, Any]) -> str:
    return str(vector["why"])[:60]


ARABIC_ALPHABET = (
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"  # letters
    "ٱٲٳکیۀڤپ"  # other alef forms, Persian letters
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0654\u0655\u0670\u06d6\u08f0\u0640"  # marks
    "٠١٩۰۹"  # digits
    "\u200b\u200c\u200d\u200f\u2067\u2069\ufeff\u00ad\u00a0 "  # invisibles and spaces
)
# Every character folds to at most one character, so any match in the folded text lies
# on source character boundaries.
domain_text = st.text(alphabet=ARABIC_ALPHABET + "abcÉéïL!", max_size=40)
any_text = st.text(max_size=40)
bounded = settings(derandomize=True, max_examples=200, deadline=None)


# --- the shared vectors ----------------------------------------------------------------


def test_vectors_cover_enough_cases() -> None:
    assert len(VECTORS) >= 80
    for vector in VECTORS:
        assert set(vector) == {"input", "fold", "terms", "query", "why"}


@pytest.mark.parametrize("vector", VECTORS, ids=vector_id)
def test_python_matches_vector(vector: dict[str, Any]) -> None:
    assert arabic.fold(vector["input"]) == vector["fold"]
    assert arabic.search_terms(vector["input"]) == vector["terms"]
    assert arabic.query_terms(vector["input"]) == vector["query"]


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[vector_id(v) for v in VECTORS])
def test_javascript_matches_vector(index: int, mirror_answers: list[dict[str, Any]]) -> None:
    vector = VECTORS[index]
    assert mirror_answers[index] == {"fold": vector["fold"], "terms": vector["terms"],
                                     "query": vector["query"]}


# --- the JavaScript mirror beyond the vectors -------------------------------------------


def test_mirror_tables_equal_python_tables() -> None:
    tables = run_mirror({"kind": "tables"})
    assert tables == {
        "MARK_RANGES": [list(r) for r in arabic.MARK_RANGES],
        "INVISIBLE_RANGES": [list(r) for r in arabic.INVISIBLE_RANGES],
        "CHAR_FOLDS": [list(r) for r in arabic.CHAR_FOLDS],
        "HAMZA_CARRIERS": list(arabic.HAMZA_CARRIERS),
        "CONJUNCTIONS": list(arabic.CONJUNCTIONS),
        "DETERMINERS": list(arabic.DETERMINERS),
        "MIN_STEM": arabic.MIN_STEM,
        "PROCLITICS": list(arabic.PROCLITICS),
        "SEARCH_MARK": arabic.SEARCH_MARK,
    }


# Planes 0 and 1 hold every script and symbol; 2-3 are CJK ideographs (folded to
# themselves), 14 holds tags and variation selectors (removed), 15-16 private use.
SWEEP_RANGES = [(0x0000, 0x1FFFF), (0xE0000, 0xE01EF)]


@pytest.mark.slow  # runs the JavaScript mirror in Node.js over every code point
def test_mirror_folds_every_character_like_python() -> None:
    answers = run_mirror({"kind": "sweep", "ranges": SWEEP_RANGES})
    differences = []
    for low, high in SWEEP_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if 0xD800 <= code <= 0xDFFF or code in UNICODE_VERSION_DRIFT:
                continue
            if unicodedata.category(ch) == "Cn":  # unassigned in Python's Unicode database
                continue
            folded = arabic.fold(ch)
            python = [folded, bool(arabic.search_terms(ch))]
            javascript = answers.get(str(code), [ch, True])
            if python != javascript:
                differences.append(f"U+{code:04X} python={python} javascript={javascript}")
    assert differences == []


def random_texts(count: int, seed: int) -> list[str]:
    """Texts from the characters folding cares about, to compare Python and JS at scale."""
    alphabet = list(ARABIC_ALPHABET + "Sergeï Lavrov ÉÇß!،.-0123")
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(count)]


@pytest.mark.slow  # runs the JavaScript mirror in Node.js
def test_mirror_agrees_on_random_texts() -> None:
    texts = random_texts(2000, seed=20250712)
    answers = run_mirror({"kind": "texts", "texts": texts})
    for text, answer in zip(texts, answers, strict=True):
        assert answer == {"fold": arabic.fold(text), "terms": arabic.search_terms(text),
                          "query": arabic.query_terms(text)}, text


def test_mirror_builds_the_same_search_query() -> None:
    texts = [v["input"] for v in VECTORS] + random_texts(500, seed=7)
    answers = run_mirror({"kind": "search", "texts": texts})
    assert answers == [arabic.search_query(text) for text in texts]


# --- examples of the API --------------------------------------------------------------


def test_index_and_query_terms_are_marked_and_skip_short_arabic_words() -> None:
    mark = arabic.SEARCH_MARK
    assert arabic.index_terms("في بوتين أي Kim Jong Un D.P.R.K.") == [
        mark + t for t in ("بوتين", "وتين", "تين", "kim", "jong", "un")]
    # An article that could come off never stays on: no query key keeps one.
    assert arabic.index_terms("والدولة للاتحاد الدم") == [
        mark + t for t in ("دوله", "اتحاد", "لاتحاد", "الدم")]
    assert arabic.search_query("وبوتين في") == mark + "وتين"
    assert arabic.search_query("في") == mark * 2  # nothing to look up: matches nothing


@pytest.mark.parametrize(("written", "typed"), [
    ("المسائل", "المسايل"), ("رئيس", "رييس"), ("شؤون", "شوون"), ("رئيس", "رءيس"),
    ("شؤون", "شئون"), ("مسؤول", "مسئول"), ("والمسائل", "مسايل"), ("رؤساء", "روساء")])
def test_a_hamza_seat_typed_as_its_letter_or_another_seat_finds_the_word(
        written: str, typed: str) -> None:
    [key] = arabic.search_query(typed).split()
    assert key in arabic.index_terms(f"قال {written} اليوم")
    # Each time the word is written counts, for its other spelling as for itself.
    assert arabic.index_term_counts([written, "قال", written])[key] == 2


def test_span_extends_over_diacritics_of_last_letter() -> None:
    text = "قال مُحَمَّدٌ\u200f اليوم"
    folded, fmap = arabic.fold_with_map(text)
    start = folded.index("محمد")
    span = arabic.folded_span_to_source(text, fmap, start, start + 4)
    assert text[span[0]:span[1]] == "مُحَمَّدٌ"  # the marks, not the RLM after them


def test_empty_span_maps_to_empty_span() -> None:
    text = "كَتَبَ"
    _, fmap = arabic.fold_with_map(text)
    assert arabic.folded_span_to_source(text, fmap, 1, 1) == (2, 2)
    assert arabic.folded_span_to_source(text, fmap, 3, 3) == (6, 6)


def test_tokens_keep_diacritics_and_skip_leading_invisibles() -> None:
    word = "وَالرُّوسِيُّ"
    text = f"\u200f{word}، Sergeï"
    end = 1 + len(word)
    assert arabic.tokens(text) == [(1, end, "والروسي"), (end + 2, end + 8, "sergei")]


@pytest.mark.parametrize(("word", "stems"), [
    ("", []),
    ("فلسطين", ["فلسطين", "سطين", "لسطين"]),
    ("value", ["value"]),
    ("ولد", ["ولد"]),
])
def test_strip_clitics(word: str, stems: list[str]) -> None:
    assert arabic.strip_clitics(word) == stems


@pytest.mark.parametrize(("lang", "rtl"), [
    ("ar", True), ("ar-EG", True), ("AR_eg", True), ("fa", True), ("he", True), ("ur", True),
    ("ps", True), ("yi", True), ("ckb", True), ("dv", True), ("sd", True), ("ug", True),
    ("ckb-IQ", True), ("pa-Arab", True), ("az-Arab-IR", True),
    ("en", False), ("en-US", False), ("ru", False), ("ko", False), ("", False),
    ("ug-Cyrl", False), ("sd-Deva", False), ("arn", False),
])
def test_is_rtl_language(lang: str, rtl: bool) -> None:
    assert arabic.is_rtl_language(lang) is rtl


# --- properties ----------------------------------------------------------------------



@bounded
@given(st.one_of(domain_text, any_text))
def test_fold_is_idempotent(text: str) -> None:
    assert arabic.fold(arabic.fold(text)) == arabic.fold(text)


@bounded
@given(st.one_of(domain_text, any_text))
def test_fold_map_points_into_source_in_order(text: str) -> None:
    folded, fmap = arabic.fold_with_map(text)
    assert folded == arabic.fold(text)
    assert len(fmap) == len(folded)
    assert all(0 <= i < len(text) for i in fmap)
    assert fmap == sorted(fmap)


@bounded
@given(domain_text, st.data())
def test_found_match_maps_back_to_source_with_same_fold(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    needle = arabic.fold(text[start:end])
    folded, fmap = arabic.fold_with_map(text)
    at = folded.find(needle)
    # A slice may cut a waw from its combining hamza, so its fold need not occur at all.
    if needle and at != -1:
        source_start, source_end = arabic.folded_span_to_source(text, fmap, at, at + len(needle))
        assert arabic.fold(text[source_start:source_end]) == needle


@bounded
@given(any_text, st.data())
def test_whole_characters_map_back_to_source_with_same_fold(
    text: str, data: st.DataObject,
) -> None:
    folded, fmap = arabic.fold_with_map(text)
    # Spans starting and ending on the boundary of a source character's folded piece.
    cuts = [i for i in range(len(folded) + 1)
            if i in (0, len(folded)) or fmap[i - 1] != fmap[i]]
    start = data.draw(st.sampled_from(cuts))
    end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
    source_start, source_end = arabic.folded_span_to_source(text, fmap, start, end)
    assert 0 <= source_start <= source_end <= len(text)
    assert arabic.fold(text[source_start:source_end]) == folded[start:end]


@bounded
@given(st.one_of(domain_text, any_text))
def test_tokens_slice_the_source(text: str) -> None:
    previous_end = 0
    for start, end, word in arabic.tokens(text):
        assert previous_end <= start < end <= len(text)
        assert word and arabic.fold(text[start:end]) == word
        assert all(unicodedata.category(c)[0] in "LMN" for c in word)
        previous_end = end


def _attach(chain: str, word: str) -> str | None:
    """A proclitic written onto a word: li + al is written لل (للثقة, not لالثقة); none
    with an article of its own goes onto a word with one (None)."""
    if word.startswith("ال"):
        if chain.endswith(("ال", "لل")):
            return None
        if chain.endswith("ل"):
            return chain + word[1:]
    return chain + word


@pytest.mark.parametrize("base", ["بوتين", "كوريا", "الثقة", "ثقة", "لجنة", "كويت", "وزير",
                                  "روسيا", "فلاديمير", "بلاد", "الكتاب", "Lavrov"])
def test_query_key_is_indexed_whatever_clitics_either_side_carries(base: str) -> None:
    """Pagefind needs every query word: the one key sent must be among the page's terms."""
    forms = [f for chain in ("", *arabic.PROCLITICS) if (f := _attach(chain, base))]
    for typed in forms:
        for written in forms:
            query = arabic.search_query(typed).split()
            assert len(query) == 1 and query[0] in arabic.index_terms(written), (typed, written)


@bounded
@given(st.one_of(domain_text, any_text))
def test_stems_are_long_suffixes_of_the_word(text: str) -> None:
    for _start, _end, word in arabic.tokens(text):
        stems = arabic.strip_clitics(word)
        assert stems[0] == word
        assert len(set(stems)) == len(stems)
        assert all(word.endswith(s) and len(s) >= arabic.MIN_STEM for s in stems[1:])
