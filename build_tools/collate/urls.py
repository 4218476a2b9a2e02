"""The URL scheme: where each page is (a Markdown path in docs/), the URL it is published
at, and the relative link from one page to another; links to articles, and long lists
split into pages with their pagers (views.ArticleLink, views.Pager)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from ..models import (
    Article,
)
from ..runtime.cache import memoized
from .views import ArticleLink, Pager, PagerLink, Text

if TYPE_CHECKING:
    from .listing import ArticleRef


@memoized(maxsize=1 << 16)
def page_url(path: str) -> str:
    """The directory URL a Markdown path is published at (use_directory_urls)."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_url(from_path: str, to_path: str, fragment: str = "") -> str:
    start, target = _url_parts(from_path), _url_parts(to_path)
    if start[:1] != target[:1]:  # the usual link, from one section to another
        link = "../" * len(start) + page_url(to_path)
    else:
        common = 0
        while common < min(len(start), len(target)) and start[common] == target[common]:
            common += 1
        link = "".join([*(["../"] * (len(start) - common)),
                        *(f"{part}/" for part in target[common:])])
    link = link or "./"
    return f"{link}#{fragment}" if fragment else link


@memoized(maxsize=1 << 16)
def _url_parts(path: str) -> tuple[str, ...]:
    """The folders of the URL `path` is published at; worked out once per page, as a
    site's links go mostly from a few pages (the lists) to the same ones."""
    parts = tuple(part for part in page_url(path).split("/") if part)
    if path.startswith("/") or {".", ".."} & set(parts):
        raise ValueError(f"not a page path: {path!r}")
    return parts


def article_path(article: Article | ArticleRef) -> str:
    return f"articles/{article.date.year:04d}/{article.id}.md"  # as the folder it is in


def article_link(here: str, article: ArticleRef, roles: tuple[Text, ...] = ()) -> ArticleLink:
    """The link from the page at `here` to an article, as a list shows it."""
    title, date = _shown(article)
    return ArticleLink(relative_url(here, article_path(article)), title, date, article.id,
                       roles)


# An article is in several lists, and on each of their pages: its title and date once.
@memoized(maxsize=1 << 15)
def _shown(article: ArticleRef) -> tuple[Text, str]:
    return Text(article.title, article.language), article.date.isoformat()


def entity_path(entity_id: str) -> str:
    return f"people/{entity_id}.md"


def term_path(term_id: str) -> str:
    return f"glossary/{term_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def year_path(year: int) -> str:
    return f"timeline/{year:04d}.md"


# ------------------------------------------------------------------- long lists

Item = TypeVar("Item")


def page_path(path: str, number: int) -> str:
    """Page `number` of a list that starts on `path`: people/x.md, people/x/page-2.md ..."""
    return path if number == 1 else f"{path.removesuffix('.md')}/page-{number}.md"


def paginate(path: str, items: Sequence[Item], size: int,
             ) -> list[tuple[str, Sequence[Item], Pager]]:
    """(page path, its items, its pager) for each page of a list; one page if it fits."""
    size = max(1, size)
    count = max(1, -(-len(items) // size))
    pages = []
    for number in range(1, count + 1):
        here = page_path(path, number)
        link = {n: relative_url(here, page_path(path, n)) for n in range(1, count + 1)}
        pages.append((here, items[(number - 1) * size:number * size], Pager(
            number=number, count=count, total=len(items),
            first=(number - 1) * size + 1, last=min(number * size, len(items)),
            previous=link.get(number - 1, ""), next=link.get(number + 1, ""),
            pages=tuple(PagerLink(n, link[n], n == number) for n in range(1, count + 1)),
        )))
    return pages
