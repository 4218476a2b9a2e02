"""The interface labels: the same keys in every language, and every label a template or
a view asks for exists in each."""

from __future__ import annotations

import re
import typing
from importlib import resources

import pytest

from build_tools.collate import views
from build_tools.collate.search import FILTER_LABELS
from build_tools.models import EntityKind
from build_tools.render import LANGUAGES, labels

_TEMPLATES = resources.files("build_tools.render").joinpath("templates")
_USED = re.compile(r"""labels\[["'](\w+)["']\]""")


def _asked_for() -> set[str]:
    """Every key the templates name, and those a template looks up by a view's value."""
    named = {key for template in _TEMPLATES.iterdir() if template.name.endswith(".j2")
             for key in _USED.findall(template.read_text("utf-8"))}
    page_labels = {view.label for view in typing.get_args(views.PageView)}
    return named | page_labels | set(FILTER_LABELS) | {str(kind) for kind in EntityKind}


def test_every_language_has_the_same_labels() -> None:
    keys = {language: set(labels(language)) for language in LANGUAGES}
    assert all(found == keys["en"] for found in keys.values()), keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_asked_for_exists(language: str) -> None:
    assert _asked_for() - set(labels(language)) == set()
    assert all(text.strip() for text in labels(language).values())


def test_another_language_falls_back_to_english() -> None:
    assert labels("ru") == labels("en")
