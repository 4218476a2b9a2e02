"""Search as readers use it: typing into the real Pagefind box of the built site.

Queries are typed the way people type Arabic: without hamza, with heh for ta marbuta, yeh
for alef maqsura, with diacritics or tatweel, glued to a conjunction or preposition, or as a
name in Latin letters. Each must find the article; a nonsense word must find nothing. Nothing may be
fetched from any host but the local server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.support.browser import SearchBox

pytestmark = pytest.mark.browser

VECTORS = Path(__file__).resolve().parent / "data" / "arabic_vectors.json"
ARTICLE = "/articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"

# (query as typed, what it exercises): each must find the article.
FINDS_ARTICLE = [
    ("الاراء", "alef madda typed as bare alef (الآراء)"),
    ("انجاز", "hamza below typed as bare alef (إنجاز)"),
    ("رءيس", "hamza on the line for hamza on yeh (رئيس)"),
    ("دافئه", "heh for ta marbuta (دافئة)"),
    ("الدوله", "heh for ta marbuta (الدولة)"),
    ("المستوي", "yeh for alef maqsura (المستوى)"),
    ("ابدي", "yeh for alef maqsura and no hamza (أبدى)"),
    ("بُوتِين", "diacritics"),
    ("الْحِوَار", "diacritics with the article"),
    ("بوتـــين", "tatweel"),
    ("وبوتين", "conjunction glued on"),
    ("للاتحاد", "li + al"),
    ("وبالثقه", "wa + bi + al, and heh for ta marbuta"),
    ("lavrov", "a name in Latin letters, lowercase"),
    ("Sergei Lavrov", "an alias in Latin letters"),
    ("Kim Jong Un", "an English name"),
    ("putin", "another Latin name"),
    ("كيم جونغ أون", "the registry's Arabic spelling, not the text's (كيم جونغ وون)"),
    ("بوتن", "a registry variant spelling"),
    ("Лавров", "a name in Cyrillic"),
]


@pytest.fixture
def search_box(site_url: str, browser: Browser) -> Iterator[SearchBox]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + ARTICLE.lstrip("/"))
    yield SearchBox(page)
    hosts = {urlsplit(url).hostname or "" for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left the site: {sorted(hosts)}"
    context.close()


def test_search_box_is_in_the_header_in_arabic(search_box: SearchBox) -> None:
    box = search_box.page.locator(".md-header .pagefind-ui__search-input")
    assert box.get_attribute("placeholder") == "ابحث في المجموعة"
    assert search_box.page.locator("#cl-search").get_attribute("dir") == "rtl"


@pytest.mark.parametrize(("query", "why"), FINDS_ARTICLE, ids=[q for q, _ in FINDS_ARTICLE])
def test_query_finds_the_article(search_box: SearchBox, query: str, why: str) -> None:
    """Among the first ten results, as recall@10 counts (benchmarks/search_quality.py)."""
    search_box.search(query)
    assert ARTICLE in search_box.more(10), why


def test_nonsense_finds_nothing(search_box: SearchBox) -> None:
    assert search_box.search("قثغصضشظ") == []


def test_result_shows_date_highlight_and_paragraph_links(search_box: SearchBox) -> None:
    search_box.search("وبوتين")
    page = search_box.page
    result = page.locator(".pagefind-ui__result", has=page.locator(f'a[href="{ARTICLE}"]'))
    assert "(12 يوليو 2025)" in result.locator(".pagefind-ui__result-title").first.inner_text()
    assert result.locator("mark").count() > 0
    paragraphs = result.locator(".pagefind-ui__result-nested .pagefind-ui__result-link")
    hrefs = paragraphs.evaluate_all("links => links.map(a => new URL(a.href).hash)")
    assert hrefs and all(href.startswith("#p") for href in hrefs), hrefs
    assert "#p4" in hrefs  # «... الرفيق فلاديمير فلاديميروفيتش بوتين.»


def test_filter_narrows_to_articles(site_url: str, browser: Browser) -> None:
    """Filters are on by default (collate.Site.search_filters), fetched on demand."""
    page = browser.new_page()
    page.goto(site_url + ARTICLE.lstrip("/"))
    search_box = SearchBox(page)
    assert len(search_box.search("lavrov")) > 1  # the person page, the article, ...
    # Filters are fetched only when asked for (overrides/partials/search.html).
    assert page.locator(".pagefind-ui__filter-panel").count() == 0
    page.locator(".cl-search-filters-button").click()
    page.locator(".pagefind-ui__filter-name", has_text="أشخاص").click()
    page.get_by_label("سيرغي لافروف").check()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pagefind-ui__result-title a')]"
        ".every(a => a.pathname.startsWith('/articles/'))")
    assert search_box.result_pages() == [ARTICLE]
    page.close()


def test_python_and_javascript_fold_alike(search_box: SearchBox, site_url: str) -> None:
    vectors: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))
    page = search_box.page
    page.add_script_tag(url=site_url + "assets/javascripts/arabic-fold.js")
    folded = page.evaluate(
        "inputs => inputs.map(text => [ArabicFold.fold(text), ArabicFold.searchTerms(text),"
        " ArabicFold.queryTerms(text)])",
        [vector["input"] for vector in vectors])
    for vector, (fold, terms, query) in zip(vectors, folded, strict=True):
        assert (fold, terms, query) == (vector["fold"], vector["terms"], vector["query"]), \
            vector["why"]
