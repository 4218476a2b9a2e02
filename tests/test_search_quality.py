"""Search quality as a test: the benchmark's queries, typed into the real search box.

benchmarks/search_quality.py measures and writes docs/about/search.md; this runs the same
`evaluate` over tests/data/search_queries.yml and the held-out
tests/data/search_queries_heldout.yml on the session's built site and holds it to
the benchmark's TARGETS, so a change to folding, indexing or the search box that loses
Arabic queries fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.search_quality import (
    HELD_OUT,
    NEGATIVE,
    QUERIES,
    TARGETS,
    evaluate,
    load_queries,
)

pytestmark = pytest.mark.browser


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
