"""Search quality as a test: the benchmark's queries, typed into the real search box.

benchmarks/search_quality.py measures and writes docs/about/search.md; this runs the same
`evaluate` over tests/data/search_queries.yml and the held-out
tests/data/search_queries_heldout.yml on the session's built site and holds it to
the benchmark's TARGETS, so a change to folding, indexing or the search box that loses
Arabic queries fails here.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from build_tools import pipeline
from build_tools.arabic import SEARCH_MARK
from tests.support.browser import TOP, open_search
from tests.support.search_quality import (
    HELD_OUT,
    NEGATIVE,
    QUERIES,
    TARGETS,
    evaluate,
    load_queries,
)

pytestmark = pytest.mark.browser



class HiddenTerms(HTMLParser):
    """The words of a built page's hidden search blocks (class cl-search-terms or
    cl-search-names: build_tools/render/templates/*.j2)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside a hidden block: how many elements deep
        self.blocks = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag != "br"
        elif {"cl-search-terms", "cl-search-names"} & set((dict(attrs).get("class") or "")
                                                          .split()):
            self.depth, self.blocks = 1, self.blocks + 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words += data.split()


@pytest.mark.parametrize("path", [QUERIES, HELD_OUT], ids=["queries", "held-out"])
def test_query_file_covers_every_kind(path: Path) -> None:
    queries = load_queries(path)
    kinds = {query.kind for query in queries}
    assert len(queries) >= 60
    assert {"hamza", "ta-marbuta", "alef-maqsura", "diacritics", "tatweel", "clitics",
            "latin-names", "name-variants", "glossary", "multi-word", "digits",
            NEGATIVE} <= kinds
    assert sum(query.kind == NEGATIVE for query in queries) >= 6


@pytest.mark.parametrize("path", [QUERIES, HELD_OUT], ids=["queries", "held-out"])
def test_search_meets_the_quality_targets(site_url: str, browser: Browser, path: Path) -> None:
    report = evaluate(browser, site_url, load_queries(path))
    misses = [f"{o.query.kind} {o.query.query!r}: expected {sorted(o.query.expected)}, "
              f"got {list(o.results)}" for o in report.misses()]
    assert report.failures() == [], "\n".join([*report.failures(), *misses])
    overall = report.overall()
    assert overall.recall >= TARGETS["recall"]
    assert (overall.precision or 0) >= TARGETS["precision"]


def test_hidden_terms_all_carry_the_mark(built_repo: pipeline.Paths) -> None:
    """So that no mark on the screen means no hidden term on the screen (below)."""
    blocks = 0
    for page in sorted(built_repo.site.rglob("*.html")):
        parser = HiddenTerms()
        parser.feed(page.read_text(encoding="utf-8"))
        blocks += parser.blocks
        unmarked = [word for word in parser.words if not word.startswith(SEARCH_MARK)]
        assert not unmarked, f"{page}: hidden terms without the mark: {unmarked[:5]}"
    assert blocks


@pytest.mark.parametrize("path", [QUERIES, HELD_OUT], ids=["queries", "held-out"])
def test_results_never_show_a_hidden_term(site_url: str, browser: Browser, path: Path) -> None:
    """Titles, excerpts and sub-results show the page's visible words, whatever the query:
    the hidden terms (the mark before each) match, they never show."""
    box = open_search(browser, site_url)
    shown = ("[...document.querySelectorAll('#cl-search .pagefind-ui__result-title,"
             " #cl-search .pagefind-ui__result-excerpt, #cl-search .pagefind-ui__result-link')]"
             ".map(e => e.textContent)")
    leaks = []
    try:
        for query in load_queries(path):
            box.search(query.query)
            box.more(TOP)
            texts: list[str] = box.page.evaluate(shown)
            leaks += [f"{query.query!r}: {text[:120]!r}" for text in texts if SEARCH_MARK in text]
            if query.expected:
                assert texts, f"{query.query!r} shows no result"
    finally:
        box.page.close()
    assert not leaks, "\n".join(leaks)
