"""Page specs to Markdown, through one Jinja2 environment (StrictUndefined, autoescape).

- `templates/`: the markup, one template per page view (collate.views); each reads
  attributes of `view`, the interface `labels`, `ui_lang` and `ui_dir`
- `filters`: every escaping, and the smallest elements (a name, a date, a number)
- `words`: dates, counts (by plural form) and language names in the interface language
- `labels/`: the interface words, one YAML file per interface language, the same keys

Every generated page is a YAML front matter and one raw HTML block. Raw HTML is left
alone by Python-Markdown (and by any engine that reads CommonMark), so what the
templates escape stays escaped: no sidecar, registry or source string can become
Markdown or HTML structure.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING

import jinja2
import yaml  # type: ignore[import-untyped]

from .. import arabic
from ..collate import PageSpec
from .filters import FILTERS, markdown_code, markdown_text, source_text
from .words import WORD_FILTERS

if TYPE_CHECKING:
    from ..validate.published import Summary

__all__ = ["LANGUAGES", "environment", "labels", "markdown_code", "markdown_text", "render",
           "render_changes", "render_preview_problems", "source_text"]

LANGUAGES = ("ar", "en")  # the interface languages: labels/<language>.yml
_FALLBACK = "en"  # for any other site language


# The environment and the labels are the package's own files, which do not change while
# it runs (auto_reload is off): they are read once per process, not memoized per build
# (runtime.cache), so a preview's regeneration does not compile the templates again.
@functools.cache
def labels(language: str) -> Mapping[str, str]:
    """The interface words of `language`, or of English if it has none."""
    if language not in LANGUAGES:
        return labels(_FALLBACK)
    text = resources.files(__package__).joinpath("labels", f"{language}.yml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict), f"labels/{language}.yml is not a mapping"
    return {str(key): str(value) for key, value in loaded.items()}

if TYPE_CHECKING:
    from ..validate.published import Summary

@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools.render", "templates"),
        autoescape=True,
        auto_reload=False,  # part of the package: no template changes while a build runs
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(WORD_FILTERS)  # dates, counts, language names: words.py
    return env


def render(page: PageSpec, language: str) -> str:
    """The page's Markdown, its interface in `language`."""
    template = environment().get_template(page.template)
    direction = "rtl" if arabic.is_rtl_language(language) else "ltr"
    return template.render(page=page, view=page.view, labels=labels(language),
                           ui_lang=language, ui_dir=direction)


def render_preview_problems(count: int, report: str) -> str:
    """The preview's notice of the collection's current errors (`report`: as check prints
    them), laid over each page it serves."""
    return environment().get_template("preview_problems.html.j2").render(count=count,
                                                                          report=report)


def render_changes(summary: Summary) -> str:
    """What a pull request changes in the collection, as Markdown (a job summary)."""
    return environment().get_template("changes.md.j2").render(summary=summary)
