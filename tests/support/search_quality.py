"""Search quality: the query sets, and what typing them into the search box finds.

tests/test_search_quality.py holds the built seed site to TARGETS with `evaluate`;
benchmarks/search_quality.py measures the same and writes docs/about/search.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from tests.support.browser import TOP, open_search

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
# Written by a session that read the collection but not the search's code or QUERIES.
HELD_OUT = ROOT / "tests" / "data" / "search_queries_heldout.yml"
NEGATIVE = "negative"
# What tests/test_search_quality.py holds the search to.
TARGETS = {"recall": 0.95, "recall_per_kind": 0.90, "precision": 0.95}


@dataclass(frozen=True)
class Query:
    kind: str
    query: str
    expected: tuple[str, ...]  # URL paths of the pages it should find; none for a negative
    why: str = ""


def load_queries(path: Path = QUERIES) -> list[Query]:
    from ruamel.yaml import YAML

    items: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    queries = [Query(str(item["kind"]), str(item["query"]),
                     tuple(str(page) for page in item.get("expected") or ()),
                     str(item.get("why", ""))) for item in items]
    for query in queries:
        if (query.kind == NEGATIVE) != (not query.expected):
            raise ValueError(f"{query.query!r}: only negatives, and all of them, expect nothing")
    return queries


@dataclass(frozen=True)
class Outcome:
    query: Query
    results: tuple[str, ...]  # the first TOP result paths, best first
    bytes: int

    @property
    def found(self) -> int:
        return len(set(self.results) & set(self.query.expected))

    @property
    def recall(self) -> float:
        """Of the pages it should find, the share in the first TOP (at most TOP of them
        can be); for a negative, 1 if it returned nothing."""
        if not self.query.expected:
            return float(not self.results)
        return self.found / min(len(self.query.expected), TOP)

    @property
    def precision(self) -> float | None:
        return self.found / len(self.results) if self.results else None

    @property
    def reciprocal_rank(self) -> float:
        for rank, page in enumerate(self.results, 1):
            if page in self.query.expected:
                return 1 / rank
        return 0.0


@dataclass(frozen=True)
class Row:
    kind: str
    queries: int
    recall: float
    precision: float | None
    mrr: float
    mean_bytes: float
    max_bytes: int
    empty: int  # queries that returned nothing


def summarise(kind: str, outcomes: Sequence[Outcome]) -> Row:
    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    precisions = [p for o in outcomes if (p := o.precision) is not None]
    return Row(kind, len(outcomes), mean([o.recall for o in outcomes]),
               mean(precisions) if precisions else None,
               mean([o.reciprocal_rank for o in outcomes]),
               mean([float(o.bytes) for o in outcomes]), max(o.bytes for o in outcomes),
               sum(1 for o in outcomes if not o.results))


@dataclass
class Report:
    outcomes: list[Outcome]
    first_query_bytes: int  # the first query of a fresh page: the index's entry files too
    chromium: str = ""
    pagefind: str = ""

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(o.query.kind for o in self.outcomes))

    def row(self, kind: str) -> Row:
        return summarise(kind, [o for o in self.outcomes if o.query.kind == kind])

    def overall(self) -> Row:
        return summarise("overall", [o for o in self.outcomes if o.query.kind != NEGATIVE])

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.recall < 1 or (o.precision or 1) < 1]

    def failures(self) -> list[str]:
        """Which TARGETS are missed, in words; empty when all are met."""
        problems = []
        overall = self.overall()
        if overall.recall < TARGETS["recall"]:
            problems.append(f"recall@10 {overall.recall:.3f} < {TARGETS['recall']}")
        if (overall.precision or 0) < TARGETS["precision"]:
            problems.append(f"precision@10 {overall.precision} < {TARGETS['precision']}")
        for kind in self.kinds():
            row = self.row(kind)
            if kind == NEGATIVE:
                if row.empty < row.queries:
                    problems.append(f"{row.queries - row.empty} negative queries found pages")
            elif row.recall < TARGETS["recall_per_kind"]:
                problems.append(f"{kind}: recall@10 {row.recall:.3f} < "
                                f"{TARGETS['recall_per_kind']}")
        return problems


def evaluate(browser: Browser, base_url: str, queries: Sequence[Query],
             start: str = "") -> Report:
    """Type every query into one page's search box, as one reader would, in order."""
    box = open_search(browser, base_url, start)
    try:
        outcomes = []
        for query in queries:
            box.search(query.query)
            box.settle()
            spent = box.transferred()
            results = box.more(TOP)
            box.settle()
            box.transferred()  # "more results" is not part of typing the query
            outcomes.append(Outcome(query, tuple(results), spent))
    finally:
        box.page.close()
    return Report(outcomes, outcomes[0].bytes if outcomes else 0, browser.version)
