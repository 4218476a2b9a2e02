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
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import arabic, pipeline
from build_tools.arabic import reference
from build_tools.diagnostics import Diagnostic
from build_tools.read import records
from build_tools.runtime import cache
from build_tools.validate import schema
from tests.conftest import SEED, SEED_ARTICLE, make_repo

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


def test_the_reference_gives_the_shared_vectors() -> None:
    """The vectors arabic-fold.js is also held to (tests/test_arabic.py)."""
    for vector in VECTORS:
        assert reference.fold(vector["input"]) == vector["fold"]
        assert reference.search_terms(vector["input"]) == vector["terms"]
        assert reference.query_terms(vector["input"]) == vector["query"]


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


# ------------------------------------------------------------------------ the YAML reader


def read_both(text: str) -> tuple[Any, Any]:
    """What the fast reader and ruamel.yaml alone make of `text`, in comparable form."""
    data = text.encode("utf-8")
    return (as_compared(records._read_yaml("t.yml", data, fast=True)),
            as_compared(records._read_yaml("t.yml", data, fast=False)))


def as_compared(read: tuple[records.YamlRecord | None, list[Diagnostic]]) -> Any:
    record, problems = read
    if record is None:
        return None, problems
    # Values compared with their types: 1 == 1.0 == True would hide a difference.
    return ((typed(record.value), record.value_at, record.key_at, record.plain), problems)


def typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, value


def test_real_files_read_alike_and_through_libyaml() -> None:
    for path in SEED_FILES:
        if path.suffix == ".yml":
            text = path.read_text(encoding="utf-8")
            assert records._compose_fast(text) is not None, path  # the fast path is taken
            fast, slow = read_both(text)
            assert fast == slow, path


KEYS = ["date", "language", "source", "summary", "participants", "id", "role", "en", "ar",
        "ru", "ko-Latn", "quote", "quotes", "notes", "text", "terms", "topics", "names",
        "aliases", "kind", "description", "retrieved", "url", "prefix", "suffix", "yes",
        "12", "null", "كلمة", "with space", "x-y_z"]
PLAIN_SCALARS = ["ar", "en", "kim-jong-un", "Lavrov", "وزير الخارجية الروسي", "2025-07-12",
                 "2025-7-1", "yes", "No", "on", "12", "-3", "1.5", "1e3", ".inf", "0x1F",
                 "0o17", "017", "1_000", "3:30", "null", "~", "Null", "true", "True",
                 "Kim Jong Un (KCNA)", "https://example.org/a?b=c", "a.b/c", "«الأزمة»",
                 "في 12 تموز/يوليو", "شؤون الدولة", "مسؤول، مسئول", "Sergeï"]
# Letters that may stand anywhere in a plain scalar (no indicators, no `: ` or ` #`).
PLAIN_LETTERS = ARABIC_LETTERS + ARABIC_MARKS + DIGITS + "abcxyzKLMéß.-/()،«»" + INVISIBLE[:4]

plain_scalar = st.one_of(
    st.sampled_from(PLAIN_SCALARS),
    st.text(alphabet=PLAIN_LETTERS + " ", min_size=1, max_size=30).map(str.strip)
    .filter(lambda s: s != "" and s[0] not in "-." and "  " not in s))
printable = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
quoted_scalar = st.one_of(
    st.text(printable, max_size=30).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.text(st.characters(max_codepoint=0xFFFF, codec="utf-8"), max_size=30)
    .map(lambda s: json.dumps(s, ensure_ascii=True)),  # escapes
    st.text(alphabet=PLAIN_LETTERS + " :#'\"", max_size=30)
    .map(lambda s: "'" + s.replace("'", "''") + "'"),
    st.sampled_from(PLAIN_SCALARS).map(lambda s: f'"{s}"'))
# Written before a scalar now and then: a tag (core or not) or an anchor.
scalar_prefix = st.sampled_from(["", "", "", "", "!!str ", "!!int ", "!local ", "&a "])
scalar = st.one_of(plain_scalar, quoted_scalar,
                   st.builds(str.__add__, scalar_prefix, quoted_scalar))
# Now and then no value at all (`key:`): ruamel.yaml alone reads a file holding one.
scalar_or_none = st.integers(0, 49).flatmap(lambda n: st.just("") if n == 49 else scalar)
comment = st.one_of(st.just(""), st.text(alphabet=PLAIN_LETTERS + " #:'\"", max_size=20)
                    .map(lambda s: "  # " + s))


@st.composite
def block_mapping(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    """The lines of a block mapping at `indent`: sidecar-shaped, sometimes not quite."""
    pad = " " * indent
    lines: list[str] = []
    for number, key in enumerate(draw(st.lists(st.sampled_from(KEYS), min_size=1,
                                               max_size=5))):
        if number and draw(st.integers(0, 4)) == 0:
            lines.append(pad + "#" + draw(comment))
        shown = draw(st.sampled_from([key, key, key, f'"{key}"', f"'{key}'"]))
        kind = draw(st.sampled_from(["scalar", "scalar", "mapping", "list", "records", "flow"]
                                    if depth < 3 else ["scalar"]))
        if kind == "scalar":
            lines.append(f"{pad}{shown}: {draw(scalar_or_none)}{draw(comment)}".rstrip(" "))
        elif kind == "mapping":
            lines += [f"{pad}{shown}:{draw(comment)}", *draw(block_mapping(indent + 2, depth + 1))]
        elif kind == "list":
            items = draw(st.lists(scalar, min_size=1, max_size=4))
            lines += [f"{pad}{shown}:", *(f"{pad}  - {item}".rstrip(" ") for item in items)]
        elif kind == "records":  # a list of mappings, as participants and notes are
            lines.append(f"{pad}{shown}:")
            for _ in range(draw(st.integers(1, 3))):
                record = draw(block_mapping(indent + 4, depth + 1))
                lines += [f"{pad}  - {record[0].lstrip()}", *record[1:]]
        else:
            items = draw(st.lists(st.one_of(plain_scalar, quoted_scalar).filter(
                lambda s: not any(ch in s for ch in ",[]{}")), max_size=4))
            lines.append(f"{pad}{shown}: [{', '.join(items)}]")
    return lines


@st.composite
def sidecar_yaml(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["", "# yaml-language-server: $schema=x.schema.json\n",
                                 "---\n"]))
    lines = draw(block_mapping())
    if any(" &a " in line for line in lines) and draw(st.booleans()):
        lines.append("again: *a")  # an alias of the last anchored value
    return head + "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n# the end\n"]))


@pytest.mark.filterwarnings("ignore::ruamel.yaml.error.ReusedAnchorWarning")
@given(sidecar_yaml())
@settings(max_examples=500)
def test_random_sidecars_read_alike(text: str) -> None:
    fast, slow = read_both(text)
    assert fast == slow


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_any_text_the_fast_reader_takes_reads_alike(text: str) -> None:
    if records._compose_fast(text) is not None:
        fast, slow = read_both(text)
        assert fast == slow


# ----------------------------------------------------------------- the schema's fast path

SCHEMA_OF = {"articles": "sidecar", "people": "entity", "glossary": "term", "topics": "topic"}


def seed_records() -> list[tuple[str, Any]]:
    """(schema name, value) of every YAML file of the seed collection."""
    found = []
    for path in SEED_FILES:
        if path.suffix == ".yml":
            record, problems = records.read_yaml(path.name, path.read_bytes())
            assert record is not None and not problems, path
            found.append((SCHEMA_OF[path.relative_to(SEED).parts[0]], record.value))
    return found


SEED_RECORDS = seed_records()
# Values a mutation writes: every type YAML can give, and text that breaks or keeps the
# schema's patterns, formats and lengths.
ODD_VALUES: list[Any] = [
    "text", "", " ", 0, 12, -1, 1.0, 1.5, True, False, None, [], ["text"], ["a", "a"], {},
    {"en": "text"}, {"ar": "نص", "en": ""}, {"EN": "x"}, {"en": 12}, "2025-07-12",
    "2025-02-30", "2025/07/12", "kim-jong-un", "Kim Jong Un", "-kim", "ar", "en", "ko-Latn",
    "xx-yy", "person", "organisation", "people", "https://example.org", "ftp://x", "ar-EG",
    "a" * 101, "ن" * 5000,
]
odd_value = st.sampled_from(ODD_VALUES).map(lambda value: json.loads(json.dumps(value)))  # a copy
NEW_KEYS = ["id", "role", "en", "ar", "ko-Latn", "quote", "quotes", "text", "notes",
            "summary", "participants", "terms", "topics", "aliases", "kind", "names",
            "particpants", "Summary", "url", "prefix", "suffix", "extra", "1", ""]


def paths_in(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in a value, itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_in(item, (*path, index))
    return found


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A seed file's value changed in one to four places."""
    sidecars = [record for record in SEED_RECORDS if record[0] == "sidecar"]
    name, value = draw(st.one_of(st.sampled_from(sidecars), st.sampled_from(SEED_RECORDS)))
    value = json.loads(json.dumps(value))  # a copy to change
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths_in(value)))
        target = get(value, path)
        parent, last = (get(value, path[:-1]), path[-1]) if path else (None, None)
        change = draw(st.sampled_from(["retype", "remove", "add", "empty", "lengthen",
                                       "repeat", "grow", "redate", "rename"]))
        if change == "retype" and parent is not None:
            parent[last] = draw(odd_value)
        elif change == "remove" and parent is not None:
            del parent[last]
        elif change == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(NEW_KEYS))] = draw(odd_value)
        elif change == "add" and isinstance(target, list):
            target.append(draw(odd_value))
        elif change == "empty" and parent is not None:
            parent[last] = type(target)() if isinstance(target, str | list | dict) else None
        elif change == "lengthen" and isinstance(target, str) and parent is not None:
            parent[last] = target * draw(st.sampled_from([2, 50, 3000]))
        elif change == "repeat" and isinstance(target, list) and target:
            target.append(json.loads(json.dumps(target[0])))
        elif change == "grow" and isinstance(target, list):
            target.extend(f"grown-{i}" for i in range(draw(st.sampled_from([3, 150]))))
        elif change == "redate" and (dates := [p for p in paths_in(value) if p and isinstance(
                get(value, p), str) and re.fullmatch(r"\d{4}-\d\d-\d\d", get(value, p))]):
            date = draw(st.sampled_from(dates))  # one of the file's dates, for another
            get(value, date[:-1])[date[-1]] = draw(st.sampled_from(
                ["2025-02-30", "2025-13-01", "2024-02-29"]))
        elif change == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(NEW_KEYS))] = parent.pop(last)
    return name, value


def assert_fast_path_agrees(name: str, value: Any) -> None:
    """A yes of the fast path is never wrong, and where jsonschema finds nothing it says yes.

    The second is more than the fast path promises (it only answers "certainly valid?",
    and may send a valid file to jsonschema): it holds because the schemas use only the
    keywords the fast path answers exactly for the values YAML gives, which is what keeps
    it fast. Should a schema gain a keyword it answers loosely, relax this to the first."""
    errors = list(schema.validator(name).iter_errors(value))
    assert schema.certainly_valid(name, value) == (errors == []), [e.message for e in errors]


def test_every_schema_compiles_to_a_fast_check() -> None:
    assert all(schema._fast_check(name) is not None for name in schema.SCHEMAS)


def test_the_seed_files_are_valid_by_both() -> None:
    assert len(SEED_RECORDS) > 20
    for name, value in SEED_RECORDS:
        assert schema.certainly_valid(name, value)
        assert_fast_path_agrees(name, value)


@given(mutated())
@settings(max_examples=1000)
def test_the_fast_path_agrees_with_jsonschema_on_mutated_files(named: tuple[str, Any]) -> None:
    assert_fast_path_agrees(*named)


# ------------------------------------------------------------------ what the tools remember


def test_what_is_remembered_is_the_caches_and_changes_no_verdict(tmp_path: Path) -> None:
    """A check of the seed, with mistakes that take folding (a mistyped quote), language
    tags and the schema to report, says the same after `cache.clear()` as before it."""
    paths = make_repo(tmp_path / "repo")
    sidecar = paths.collection / f"{SEED_ARTICLE}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8")
                       .replace('quote: "الأزمة الأوكرانية"', 'quote: "الازمه الاوكرانيه"')
                       .replace("  en: \"On 12 July", "  eng: \"On 12 July")
                       .replace("mentions:", "mentionz:"), encoding="utf-8")
    before = pipeline.check(paths, workers=1).diagnostics
    assert {"quote-not-found", "unknown-field"} <= {d.code for d in before}, before
    remembered = cache.sizes()
    for name in ("arabic.fold._piece", "arabic.fold._alphabet",
                 "validate.languages.language_problem"):
        assert remembered[f"build_tools.{name}"] > 0, name

    cache.clear()
    assert set(cache.sizes().values()) == {0}
    assert pipeline.check(paths, workers=1).diagnostics == before
