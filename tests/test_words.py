"""Dates, counts, language names (render/words.py) and the indexes' order (collate/order.py):
the words a reader of the lists meets."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from build_tools.collate.order import alphabetical_key
from build_tools.render import LANGUAGES, labels
from build_tools.render.words import (
    PLURAL_CATEGORIES,
    counted,
    day,
    language_name,
    month_of_year,
    plural_category,
)

_TEMPLATES = resources.files("build_tools.render").joinpath("templates")
_COUNTED = re.compile(r"""counted\(["'](\w+)["']\)|m\.count\([^,]+,\s*["'](\w+)["']\)""")


@pytest.mark.parametrize(("count", "words"), [
    (0, "لا مقالات"),
    (1, "مقال واحد"),
    (2, "مقالان"),
    (3, "3 مقالات"),
    (10, "10 مقالات"),
    (11, "11 مقالًا"),
    (99, "99 مقالًا"),
    (100, "100 مقال"),
    (102, "102 مقال"),
    (103, "103 مقالات"),
    (111, "111 مقالًا"),
])
def test_arabic_counts_take_their_plural_form(count: int, words: str) -> None:
    assert counted(count, "articles", labels("ar"), "ar") == words


@pytest.mark.parametrize(("count", "words"), [(0, "0 articles"), (1, "1 article"),
                                              (2, "2 articles"), (11, "11 articles")])
def test_english_counts(count: int, words: str) -> None:
    assert counted(count, "articles", labels("en"), "en") == words


def test_plural_categories_are_cldr_s() -> None:
    assert [plural_category(n, "ar") for n in (0, 1, 2, 5, 11, 100)] == [
        "zero", "one", "two", "few", "many", "other"]
    assert plural_category(5, "xx-unknown") == "other"  # English rules for an unknown one


def _counted_nouns() -> set[str]:
    return {noun for template in _TEMPLATES.iterdir() if template.name.endswith(".j2")
            for match in _COUNTED.findall(template.read_text("utf-8"))
            for noun in match if noun}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_counted_noun_has_every_plural_form(language: str) -> None:
    nouns = _counted_nouns()
    assert {"articles", "names", "terms", "topics"} <= nouns
    missing = {f"{noun}_{category}" for noun in nouns for category in PLURAL_CATEGORIES
               if f"{noun}_{category}" not in labels(language)}
    assert not missing


def test_dates_in_arabic_month_names() -> None:
    assert day("2025-07-12", "ar") == "12 يوليو 2025"
    assert month_of_year(2025, 7, "ar") == "يوليو 2025"
    assert month_of_year(2024, 1, "ar") == "يناير 2024"
    assert day("2025-07-12", "en") == "12 July 2025"
    assert month_of_year(2025, 7, "xx") == "July 2025"  # unknown: English


def test_language_names_instead_of_codes() -> None:
    assert [language_name(code, "ar") for code in ("ar", "en", "ru", "ko")] == [
        "العربية", "الإنجليزية", "الروسية", "الكورية"]
    assert language_name("ko-Latn", "ar") == "الكورية (اللاتينية)"
    assert language_name("ru", "en") == "Russian"
    assert language_name("qqq", "ar") == "qqq"  # a tag CLDR does not know stays a tag


@pytest.mark.parametrize(("name", "key"), [
    ("الاتحاد الروسي", "اتحاد روسي"),  # the article left out, of every word
    ("حزب العمل الكوري", "حزب عمل كوري"),
    ("ألكسندر ماتسيغورا", "الكسندر ماتسيغورا"),  # أل is not the article: kept, folded
    ("الم", "الم"),  # too short to be the article and a word
    ("جمهوريَّة", "جمهوريه"),  # diacritics count for nothing, ta marbuta as ha
])
def test_alphabetical_key_ignores_the_article(name: str, key: str) -> None:
    assert alphabetical_key(name) == (0, key)


def test_indexes_sort_in_arabic_alphabetical_order() -> None:
    names = ["روسيا", "الاتحاد الروسي", "Zhou", "كيم جونغ أون", "الحوار الاستراتيجي",
             "أندري رودينكو", "alpha", "بيونغ يانغ", "اتحاد"]
    assert sorted(names, key=alphabetical_key) == [
        "اتحاد", "الاتحاد الروسي", "أندري رودينكو", "بيونغ يانغ", "الحوار الاستراتيجي",
        "روسيا", "كيم جونغ أون", "alpha", "Zhou"]
