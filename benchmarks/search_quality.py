"""How well the site's search finds Arabic as people type it: a benchmark command.

    python benchmarks/search_quality.py [--site DIR] [--queries FILE] [--no-write]

builds the seed collection into a throwaway copy of the repository (or takes a built site),
serves it on 127.0.0.1, types every query of tests/data/search_queries.yml and of the
held-out tests/data/search_queries_heldout.yml key by key into the real Pagefind box in
headless Chromium, and reads the result titles the box shows.
Per query kind and overall it reports

- recall@10: of the pages the query should find, the share among the first 10 results
  (out of 10 when it should find more than 10);
- precision@10: of the first 10 results (fewer if fewer are returned), the share that are
  pages it should find; a query that returns nothing has no precision and is left out;
- MRR: the mean of 1/rank of the first page it should find (0 if none is in the first 10);
- bytes: what typing the query transferred from /pagefind/ until its first screen of
  results was shown (response bodies, as sent; what the browser already holds is free);

and, for the negative queries, whether each returned nothing. The tables are written into
docs/about/search.md between its `search-quality` and `search-quality-heldout` markers.
tests/test_search_quality.py runs `evaluate` and asserts TARGETS, so a regression fails CI.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `build_tools` lives in the repository root
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Request  # noqa: E402

from benchmarks.machine import one_line as machine  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
# Written by a session that read the collection but not the search's code or QUERIES.
HELD_OUT = ROOT / "tests" / "data" / "search_queries_heldout.yml"
# The query sets measured by default, each with its section of DOC.
QUERY_SETS = {"search-quality": QUERIES, "search-quality-heldout": HELD_OUT}
DOC = ROOT / "docs" / "about" / "search.md"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
NO_RESULTS = "لا نتائج"
NEGATIVE = "negative"
TOP = 10
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


# ---------------------------------------------------------------- site and browser


def build_site(target: Path) -> Path:
    """Build the seed collection (tests/fixtures/seed/, which the query sets describe) in a
    copy at `target`."""
    from benchmarks.synthetic import copy_site_sources
    from build_tools import pipeline

    copy_site_sources(target)
    shutil.copytree(ROOT / "tests" / "fixtures" / "seed", target / "collection")
    paths = pipeline.Paths(target)
    report = pipeline.build(paths, pipeline.site_settings(paths))
    if not report.ok:
        raise SystemExit("build failed: " + "; ".join(d.message for d in report.diagnostics))
    return paths.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class SearchBox:
    """The Pagefind box of an open page, and what the page fetched from /pagefind/."""

    page: Page
    requests: list[Request] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if "/pagefind/" in urlsplit(request.url).path:
            self.pending.add(request)

    def _ended(self, request: Request) -> None:
        if request in self.pending:
            self.pending.discard(request)
            self.requests.append(request)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no /pagefind/ request is in flight."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)

    def transferred(self) -> int:
        """Bytes of the /pagefind/ responses finished since the last call."""
        done, self.requests = self.requests, []
        total = 0
        for request in done:
            sizes = request.sizes()
            body = int(sizes.get("responseBodySize", 0))
            if body <= 0 and int(sizes.get("responseHeadersSize", 0)) > 0:
                # Chromium reports no body size for a worker's script: take its length.
                response = request.response()
                body = int(response.headers.get("content-length", 0)) if response else 0
            total += max(body, 0)
        return total

    def search(self, query: str, delay: float = 10) -> list[str]:
        """Type `query` key by key, `delay` ms apart; the paths of the results on the first
        screen."""
        box = self.page.locator(".pagefind-ui__search-input")
        box.fill("")
        box.click()
        # Pagefind listens to `input` events: type() sends them for Arabic letters too.
        self.page.keyboard.type(query, delay=delay)
        self.page.wait_for_function(
            """([query, none]) => {
                const message = document.querySelector(".pagefind-ui__message")?.textContent ?? "";
                if (!message.includes(query)) return false;
                const results = [...document.querySelectorAll(".pagefind-ui__result")];
                return message.startsWith(none) || (results.length > 0
                    && results.every(r => r.querySelector(".pagefind-ui__result-link")));
            }""", arg=[query, NO_RESULTS])
        return self.result_pages()

    def more(self, limit: int = TOP) -> list[str]:
        """Press "more results" until `limit` results show or there are no more."""
        button = self.page.locator(".pagefind-ui__button")
        while len(pages := self.result_pages()) < limit and button.count():
            shown = self.page.locator(".pagefind-ui__result").count()
            button.first.click()
            self.page.wait_for_function(
                """shown => {
                    const results = [...document.querySelectorAll(".pagefind-ui__result")];
                    return results.length > shown
                        && results.every(r => r.querySelector(".pagefind-ui__result-link"));
                }""", arg=shown)
        return pages[:limit]

    def result_pages(self) -> list[str]:
        links = self.page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
        hrefs: list[str] = links.evaluate_all("links => links.map(a => a.href)")
        return list(dict.fromkeys(urlsplit(href).path for href in hrefs))


def open_search(browser: Browser, base_url: str, path: str = "") -> SearchBox:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + path.lstrip("/"))
    page.locator(".pagefind-ui__search-input").wait_for()
    return SearchBox(page)


# ---------------------------------------------------------------------- measuring


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


def pagefind_version(site: Path) -> str:
    with contextlib.suppress(OSError, ValueError, KeyError):
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
        return str(entry["version"])
    return "?"


# ------------------------------------------------------------------------ writing


def kilobytes(value: float) -> str:
    return f"{value / 1000:.1f} KB"


def table(report: Report) -> str:
    lines = ["| kind | queries | recall@10 | precision@10 | MRR | bytes per query (mean / max) |",
             "|---|---:|---:|---:|---:|---:|"]
    for kind in report.kinds():
        row = report.row(kind)
        if kind == NEGATIVE:
            lines.append(f"| {kind} | {row.queries} | {row.empty}/{row.queries} returned "
                         f"nothing | | | {kilobytes(row.mean_bytes)} / "
                         f"{kilobytes(row.max_bytes)} |")
            continue
        lines.append(_row_line(row))
    lines.append(_row_line(report.overall(), bold=True))
    return "\n".join(lines)


def _row_line(row: Row, bold: bool = False) -> str:
    precision = "n/a" if row.precision is None else f"{row.precision:.3f}"
    cells = [row.kind, str(row.queries), f"{row.recall:.3f}", precision, f"{row.mrr:.3f}",
             f"{kilobytes(row.mean_bytes)} / {kilobytes(row.max_bytes)}"]
    if bold:
        cells = [f"**{cell}**" for cell in cells]
    return "| " + " | ".join(cells) + " |"


def section(report: Report, queries_path: Path) -> str:
    misses = report.misses()
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; headless Chromium "
        f"{report.chromium}, Pagefind {report.pagefind}. "
        f"{len(report.outcomes)} queries from `{_relative(queries_path)}`, typed key by key "
        "into the search box of the built site, one after another in one page.",
        "",
        table(report),
        "",
        f"The first query of a fresh page transferred {kilobytes(report.first_query_bytes)} "
        "(Pagefind's script, its WebAssembly module and the index's entry files included; "
        "the filters are fetched only when asked for); the bytes above are each query's "
        "own.",
    ]
    if misses:
        lines += ["", "Queries below 1.0 recall or precision:", ""]
        lines += [f"- `{o.query.query}` ({o.query.kind}): found {o.found} of "
                  f"{len(o.query.expected)}, returned {len(o.results)}" for o in misses]
    return "\n".join(lines)


def _relative(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(ROOT))
    return str(path)


def replace_section(doc: Path, name: str, body: str) -> None:
    """Replace the text between `<!-- name:begin -->` and `<!-- name:end -->` in `doc`."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = doc.read_text("utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"{doc}: no {begin} … {end} markers")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(f"{head}{begin}\n{body}\n{end}{tail}", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the collection)")
    parser.add_argument("--queries", type=Path,
                        help="only this query file, printed, not written (default: "
                             + ", ".join(_relative(path) for path in QUERY_SETS.values()) + ")")
    parser.add_argument("--doc", type=Path, default=DOC, help="where to write the tables")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    args = parser.parse_args(argv)
    sets = {"": args.queries} if args.queries else QUERY_SETS
    reports: dict[str, Report] = {}
    with contextlib.ExitStack() as stack:
        site = args.site
        if site is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-")))
            print("building the site…", file=sys.stderr)
            site = build_site(folder)
        base_url = stack.enter_context(serve(site.resolve()))
        browser = stack.enter_context(chromium())
        for name, path in sets.items():
            reports[name] = evaluate(browser, base_url, load_queries(path))
            reports[name].pagefind = pagefind_version(site)
    if args.json:
        args.json.write_text(json.dumps(
            [{"kind": o.query.kind, "query": o.query.query, "expected": o.query.expected,
              "results": o.results, "bytes": o.bytes}
             for report in reports.values() for o in report.outcomes],
            ensure_ascii=False, indent=1), "utf-8")
    failed = False
    for name, report in reports.items():
        text = section(report, sets[name])
        print(text)
        if name and not args.no_write:
            replace_section(args.doc, name, text)
            print(f"wrote {_relative(args.doc)} ({name})", file=sys.stderr)
        for problem in report.failures():
            print(f"target missed ({_relative(sets[name])}): {problem}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
