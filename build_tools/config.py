"""The settings of a collection and its site, read once: where things are (`Paths`), and
what shapes the pages and the check (`Site`, from `extra.collection` in mkdocs.yml)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, relative
from .models import ARTICLE_LANGUAGE, REQUIRED_LANGUAGES
from .validate import LANGUAGE_TAG, language_problem


@dataclass(frozen=True)
class Paths:
    """Where things are. Everything is relative to the repository root."""

    root: Path

    @property
    def collection(self) -> Path:
        return self.root / "collection"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def staging(self) -> Path:
        return self.root / ".build"


@dataclass(frozen=True)
class Site:
    """The collection's settings (extra.collection in mkdocs.yml), read once: what shapes
    the pages (the interface language, list sizes) and the languages annotations need."""

    language: str = "ar"
    latest: int = 10
    # Year, people, organisations, terms, topics, publisher in the search box. Pagefind
    # writes them in a random order; searchindex.merge sorts them, so a site with
    # filters is still byte-for-byte reproducible.
    search_filters: bool = True
    # Articles per page of a person, term, topic or year: longer lists continue on
    # <page>/page-2.md ..., so no page grows with the collection.
    page_size: int = 100
    # Processes a build checks and generates with: 0 = one per CPU for a collection of
    # PARALLEL_FROM articles or more (below that, starting them costs more than it saves).
    workers: int = 0
    # The languages every summary, participant role and note text is written in
    # (`article`: the article's own); `check` enforces them.
    required_languages: tuple[str, ...] = REQUIRED_LANGUAGES


PARALLEL_FROM = 1000


def site_settings(paths: Paths) -> Site:
    """`extra.collection` of mkdocs.yml: the language of generated labels (ar or en) and the
    languages every annotation is written in."""
    from ruamel.yaml.error import YAMLError

    try:
        config = mkdocs_yaml().load(paths.config.read_text("utf-8"))
        settings = config["extra"]["collection"]
    except (OSError, YAMLError, KeyError, TypeError):
        return Site()
    if not isinstance(settings, dict):
        return Site()
    return Site(language=str(settings.get("language", Site.language)),
                required_languages=_tags(settings.get("required_languages", REQUIRED_LANGUAGES)))


def _tags(value: Any) -> tuple[str, ...]:
    """A setting's list of language tags; anything else as text, for the check to report."""
    if isinstance(value, list | tuple):
        return tuple(map(str, value))
    return (str(value),)


def settings_problems(paths: Paths, site: Site) -> list[Diagnostic]:
    """A required language that is neither a language tag we know nor `article`."""
    problems = []
    for tag in site.required_languages:
        why = "not a language tag" if not LANGUAGE_TAG.fullmatch(tag) else language_problem(tag)
        if tag != ARTICLE_LANGUAGE and why:
            line, column = _setting_at(paths, "required_languages")
            problems.append(Diagnostic(
                relative(paths.config, paths.root), line, column, "bad-setting",
                f"extra.collection.required_languages: `{tag}`: {why}",
                "list language tags (en, ar, ru ...), and `article` for each article's own "
                "language: required_languages: [article, en]"))
    return problems


def _setting_at(paths: Paths, key: str) -> tuple[int, int]:
    """Where `key:` is written in mkdocs.yml (1, 1 if it cannot be found)."""
    try:
        text = paths.config.read_text("utf-8")
    except OSError:
        return 1, 1
    match = re.search(rf"^(\s*){key}:", text, re.MULTILINE)
    if match is None:
        return 1, 1
    return text.count("\n", 0, match.start()) + 1, len(match.group(1)) + 1



def mkdocs_yaml() -> Any:
    """A safe YAML reader that knows mkdocs.yml's `!ENV` tag (`site_url: !ENV [SITE_URL,
    null]`), which a plain safe reader refuses. Its own constructor class, so that no
    other YAML read by the tools (a sidecar) accepts the tag."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode

    class MkDocsConstructor(SafeConstructor):
        pass

    def environment(constructor: SafeConstructor, node: Node) -> Any:
        """As MkDocs reads it: the first variable set, else the last item (the default)."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        names, default = ((items[:-1], constructor.construct_object(items[-1]))
                          if len(items) > 1 else (items, None))
        for name in names:
            if isinstance(name, ScalarNode) and name.value in os.environ:
                return os.environ[name.value]
        return default

    MkDocsConstructor.add_constructor("!ENV", environment)
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = MkDocsConstructor
    return yaml


def worker_count(site: Site, articles: int) -> int:
    if site.workers > 0:
        return site.workers
    return (os.cpu_count() or 1) if articles >= PARALLEL_FROM else 1
