"""Models to page specs: what each page shows, decided here; how it looks, in templates.

A page spec is a path, a template and a typed view (views.ArticlePage, views.EntityPage
...): frozen, made of links, texts with their language and plain strings. Every string
that reaches a template is text: templates escape it. Each page spec knows its own path
so links between pages are computed, never guessed.

- `views`: what templates read: one view type per page template, and its pieces
- `urls`: where each page is and how one links to another; article links, pagination
- `segments`: a block of the text cut into plain and annotated runs
- `search`: the hidden search terms and filters of a page
- `listing`: what the lists take from each article, gathered in one pass
- `article`, `lists`: the pages themselves
- `pages`: every page, in one order
"""

from __future__ import annotations

from .listing import ArticleRef, Inputs, Listing, Neighbours, Use, neighbours
from .pages import article_pages, collate, iter_pages, list_pages, preview_registries
from .search import search_names, weighted_search_terms
from .segments import segments, sentence_around
from .urls import (
    article_path,
    entity_path,
    page_path,
    page_url,
    paginate,
    relative_url,
    term_path,
    topic_path,
    year_path,
)
from .views import PageSpec, PageView, Text, auto_text, pick, texts

__all__ = ["ArticleRef", "Inputs", "Listing", "Neighbours", "PageSpec", "PageView", "Text", "Use",
           "article_pages", "article_path", "auto_text", "collate", "entity_path",
           "iter_pages", "list_pages", "neighbours", "page_path", "page_url", "paginate",
           "pick", "preview_registries", "relative_url", "search_names", "segments",
           "sentence_around", "term_path", "texts", "topic_path", "weighted_search_terms",
           "year_path"]
