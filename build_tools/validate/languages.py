"""Language tags: that each is real, and that every annotation is written in the
languages the collection asks for."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from babel import Locale

from ..models import (
    ARTICLE_LANGUAGE,
    Localized,
)
from ..read import YamlPath, YamlRecord, display_path
from ..runtime.cache import memoized
from .problems import Problems

LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")  # as common.schema.json


@cache  # Babel's English names of languages, scripts and regions: constant for the process
def _english() -> Locale:
    return Locale("en")


@memoized(maxsize=1024)  # a collection uses a few tags, over and over
def language_problem(tag: str) -> str | None:
    """Why `tag` is not a language tag we know, or None if it is fine."""
    language, *rest = tag.split("-")
    names = _english()
    if language not in names.languages:
        close = _closest_language(language, list(names.languages))
        return f"unknown language `{language}`" + (f" (did you mean `{close}`?)" if close
                                                   else "")
    for part in rest:
        if len(part) == 4 and part not in names.scripts:
            return f"unknown script `{part}`"
        if len(part) == 2 and part not in names.territories:
            return f"unknown region `{part}`"
    return None


def _closest_language(language: str, known: list[str]) -> str | None:
    """`en` for `eng`, `ar` for `ara`; otherwise a close code with the same first letter.

    Plain string similarity alone suggests `ng` for `eng` and `zxx` for `xx`.
    """
    if len(language) == 3 and language[:2] in known:
        return language[:2]
    close = difflib.get_close_matches(language, known, n=5)
    return next((code for code in close if code[:1] == language[:1]), None)


def check_languages(record: YamlRecord, problems: Problems) -> None:
    """Every language tag used as a key or as the `language` value must be a real one."""

    def visit(value: Any, path: YamlPath) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if _is_localized_key(path, key) and (why := language_problem(key)):
                    problems.add(record, (*path, key), "bad-language", why,
                                 "use an ISO 639 code: ar, en, ru, ko, zh, fr ...", key=True)
                visit(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                visit(child, (*path, index))

    visit(record.value, ())
    language = record.value.get("language") if isinstance(record.value, dict) else None
    # A value not shaped like a tag (`arabic`) is the schema's to report, once.
    if isinstance(language, str) and LANGUAGE_TAG.fullmatch(language) \
            and (why := language_problem(language)):
        problems.add(record, ("language",), "bad-language", why,
                     "use an ISO 639 code for the text's language, e.g. ar")


_LOCALIZED_FIELDS = {"summary", "role", "text", "names", "description", "definition"}


def _is_localized_key(path: YamlPath, key: str) -> bool:
    return bool(path) and path[-1] in _LOCALIZED_FIELDS and LANGUAGE_TAG.fullmatch(key) is not None


def localized(value: Mapping[str, str] | None) -> Localized:
    return tuple(sorted((value or {}).items()))


def required_languages(setting: tuple[str, ...], language: Any) -> list[str]:
    """The languages the setting asks of an article in `language`: `article` stands for
    that language. A tag we do not know (the article's, or the setting's) asks nothing: it
    is reported once, where it is written."""
    wanted = [language if tag == ARTICLE_LANGUAGE else tag for tag in setting]
    return list(dict.fromkeys(tag for tag in wanted if _known_language(tag)))


def _known_language(tag: Any) -> bool:
    return isinstance(tag, str) and LANGUAGE_TAG.fullmatch(tag) is not None \
        and language_problem(tag) is None


def value_at(value: Any, path: YamlPath) -> Any:
    """What a YAML document holds at `path`, or None."""
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def _annotations(value: dict[str, Any]) -> Iterator[YamlPath]:
    """Where the summary, each participant's role and each note's text are written (the
    paths schema.is_annotation knows)."""
    yield ("summary",)
    for field, key in (("participants", "role"), ("notes", "text")):
        items = value.get(field)
        for index in range(len(items) if isinstance(items, list) else 0):
            yield (field, index, key)


def check_required_languages(record: YamlRecord, setting: tuple[str, ...],
                             problems: Problems) -> None:
    """Each summary, role and note text is written in every language the setting asks."""
    value: dict[str, Any] = record.value
    wanted = required_languages(setting, value.get("language"))
    language = value.get("language") if _known_language(value.get("language")) else None
    for path in _annotations(value):
        mapping = value_at(value, path)
        if not isinstance(mapping, dict):
            continue  # missing or of the wrong type: reported as such
        missing = [tag for tag in wanted if tag not in mapping]
        if missing:
            problems.add(record, path, "missing-language", _missing_message(path, missing),
                         _missing_hint(path, missing, setting, language), key=True)


def _language_name(tag: str) -> str:
    """`English` for `en`; a tag babel has no name for, or with a script or region, as is."""
    name = _english().languages.get(tag) if "-" not in tag else None
    return name or f"`{tag}`"


def _named_tag(tag: str) -> str:
    """`English (`en`)`: what to call a language, and its key."""
    name = _language_name(tag)
    return name if name.startswith("`") else f"{name} (`{tag}`)"


_WHAT = {"summary": "the summary", "role": "the role", "text": "the note"}


def _missing_message(path: YamlPath, missing: list[str]) -> str:
    return f"{display_path(path)} has no text in " + " or ".join(map(_named_tag, missing))


def _missing_hint(path: YamlPath, missing: list[str], setting: tuple[str, ...],
                  language: str | None) -> str:
    keys = " and ".join(f'`{tag}: "..."`' for tag in missing)
    article = "the article's language" + (f" ({_language_name(language)})" if language else "")
    asked = " and ".join(article if tag == ARTICLE_LANGUAGE else _language_name(tag)
                         for tag in setting)
    return (f"add {keys} under `{path[-1]}:` ({_WHAT[str(path[-1])]} in "
            f"{' and '.join(map(_language_name, missing))}): every summary, participant role "
            f"and note text is written in {asked}")
