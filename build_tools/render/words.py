"""Dates, counts and language names in the words of the interface language, from Babel's
copy of the Unicode CLDR: «12 يوليو 2025», «يوليو 2025», «مقال واحد، مقالان، 3 مقالات،
11 مقالًا», «الإنجليزية».

Plain text out, never markup: a template escapes what these return like any other string.
Digits are the Western ones Babel's `ar` locale writes, the digits the collection's sources
themselves use (KCNA writes «12 من تموز/ يوليو»).

A count is worded by its CLDR plural category (Arabic has six: zero, one, two, few, many,
other); the interface labels hold one phrase per category and noun, e.g. `articles_few:
"{n} مقالات"`, so a language with fewer categories (English: one, other) repeats a phrase.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from jinja2.runtime import Context

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_FALLBACK = "en"


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_FALLBACK)


def plural_category(count: int, language: str) -> str:
    """The CLDR plural category of `count` in `language`: 11 in Arabic is "many"."""
    return str(_locale(language).plural_form(count))


def counted(count: int, noun: str, labels: Mapping[str, str], language: str) -> str:
    """`count` of `noun` in words: the label `<noun>_<category>` with `{n}` filled in."""
    return labels[f"{noun}_{plural_category(count, language)}"].replace("{n}", str(count))


@functools.cache
def day(iso: str, language: str) -> str:
    """An ISO date as a reader writes it: «12 يوليو 2025», "12 July 2025"."""
    return format_date(datetime.date.fromisoformat(iso), "d MMMM y", locale=_locale(language))


@functools.cache
def month_of_year(year: int, month: int, language: str) -> str:
    """A month and its year: «يوليو 2025», "July 2025"."""
    return format_date(datetime.date(year, month, 1), "LLLL y", locale=_locale(language))


@functools.cache
def language_name(code: str, language: str) -> str:
    """A language tag's name in `language`: «الإنجليزية» for `en`, «الكورية (اللاتينية)»
    for `ko-Latn`; the tag itself if CLDR does not know its language."""
    words = _locale(language)
    base, *subtags = code.split("-")
    name = words.languages.get(base.lower())
    if not name:
        return code
    details = [words.scripts.get(tag.title()) or words.territories.get(tag.upper()) or tag
               for tag in subtags]
    return f"{name} ({'، '.join(details)})" if details else str(name)


# As template filters, in the page's interface language (`ui_lang`, `labels`).

@jinja2.pass_context
def _day_filter(context: Context, iso: str) -> str:
    return day(iso, context["ui_lang"])


@jinja2.pass_context
def _month_filter(context: Context, month: int, year: int) -> str:
    return month_of_year(year, month, context["ui_lang"])


@jinja2.pass_context
def _counted_filter(context: Context, count: int, noun: str) -> str:
    return counted(count, noun, context["labels"], context["ui_lang"])


@jinja2.pass_context
def _language_filter(context: Context, code: str) -> str:
    return language_name(code, context["ui_lang"])


WORD_FILTERS = {"day": _day_filter, "month_of": _month_filter, "counted": _counted_filter,
                "language_name": _language_filter}
