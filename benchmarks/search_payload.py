"""What a search transfers at scale: a benchmark command.

    python benchmarks/search_payload.py [--articles 10000] [--seed 1] [--out DIR | --site DIR]

writes a synthetic collection in the real format (benchmarks/synthetic.py) and builds it
(minutes for 10,000 articles; `--out DIR` keeps the build, `--site DIR` reuses one), serves
the site on 127.0.0.1, opens an article in a fresh headless Chromium, and types queries
into the search box key by key. For each query it counts the bytes of the /pagefind/
responses (bodies as sent) from the moment typing starts until the results are shown and
no /pagefind/ request is left in flight:

- the first query pays for the search itself: pagefind.js, the WebAssembly module, the
  entry and meta files, and the index chunks and result fragments it needs (not the
  filters: the search box fetches them only when the reader asks for them);
- a later query pays only for the index chunks and fragments it has not fetched yet.

Each sequence is typed twice in a fresh browser: fast (10 ms a key, a paste or a quick
typist: one search when typing stops) and slowly (400 ms a key, longer than the box's
300 ms pause: a search, and its fetches, after every key).

Targets: at most 300 KB for the first query and 100 KB for a later one. The numbers are
written into docs/about/search.md between its `search-payload` markers.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `benchmarks` lives in the repository root
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser  # noqa: E402

from benchmarks.machine import one_line as machine  # noqa: E402
from benchmarks.search_quality import (  # noqa: E402
    DOC,
    kilobytes,
    pagefind_version,
    replace_section,
)
from tests.support.browser import SearchBox, chromium, serve  # noqa: E402

FIRST_TARGET, LATER_TARGET = 300_000, 100_000
FAST, SLOW = 10, 400  # ms between keys


@dataclass(frozen=True)
class Measured:
    query: str
    results: int
    bytes: int
    files: int
    slow_bytes: int = 0


@dataclass(frozen=True)
class Payload:
    articles: int
    page_load: int  # the search box's own files, fetched with the page
    queries: list[Measured]
    bundle_bytes: int
    index_chunks: int
    fragments: int
    filter_bytes: int


def build_synthetic(out: Path, articles: int, seed: int) -> Path:
    from build_tools import pipeline
    from tests.support import synthetic

    synthetic.write_collection(out, articles, seed)
    synthetic.copy_site_sources(out)
    paths = pipeline.Paths(out)
    report = pipeline.build(paths, pipeline.site_settings(paths))
    if not report.ok:
        raise SystemExit("build failed: " + "; ".join(d.message for d in report.diagnostics))
    for name, seconds, detail in report.stages:
        print(f"{name:>12}: {seconds:7.1f} s  {detail}", file=sys.stderr)
    return paths.site


def default_queries(site: Path) -> list[str]:
    """A common word first, then a person's name, a Latin name and a glossary term, all
    taken from the built site so they exist whatever the seed."""
    people = sorted(p.name for p in (site / "people").iterdir() if p.is_dir())
    terms = sorted(p.name for p in (site / "glossary").iterdir() if p.is_dir())
    person = _title(site / "people" / people[len(people) // 3])
    term = _title(site / "glossary" / terms[len(terms) // 3])
    latin = people[len(people) // 2].split("-")[-1]
    return ["التعاون", person, latin, term, "الاستراتيجية"]


def _title(page: Path) -> str:
    html = (page / "index.html").read_text("utf-8")
    start = html.index('<h1 id="name">') + len('<h1 id="name">')
    inner = html[start:html.index("</h1>", start)]
    text = "".join(part.split(">", 1)[-1] for part in inner.split("<"))
    return " ".join(text.split())


def first_article(site: Path) -> str:
    article = min(p for p in (site / "articles").rglob("index.html"))
    return article.parent.relative_to(site).as_posix() + "/"


def measure(site: Path, queries: Sequence[str]) -> tuple[int, list[Measured]]:
    with serve(site) as base_url, chromium() as browser:
        page_load, fast = _session(browser, base_url + first_article(site), queries, FAST)
        _, slow = _session(browser, base_url + first_article(site), queries, SLOW)
    return page_load, [Measured(f.query, f.results, f.bytes, f.files, s.bytes)
                       for f, s in zip(fast, slow, strict=True)]


def _session(browser: Browser, url: str, queries: Sequence[str], delay: float,
             ) -> tuple[int, list[Measured]]:
    """A fresh browser context: open `url`, type each query `delay` ms a key."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    box = SearchBox(page)
    page.goto(url)
    page.locator(".pagefind-ui__search-input").wait_for()
    box.settle()
    page_load = box.transferred()
    measured = []
    for query in queries:
        results = box.search(query, delay)
        box.settle()
        files = len(box.requests)
        measured.append(Measured(query, len(results), box.transferred(), files))
    context.close()
    return page_load, measured


def bundle_stats(site: Path) -> tuple[int, int, int, int]:
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return (sum(p.stat().st_size for p in files),
            len(list((bundle / "index").glob("*"))), len(list((bundle / "fragment").glob("*"))),
            sum(p.stat().st_size for p in (bundle / "filter").glob("*")))


def section(payload: Payload, version: str) -> str:
    first, later = payload.queries[0], payload.queries[1:]
    worst = max(later, key=lambda m: m.bytes) if later else first
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; Pagefind {version}, "
        f"a synthetic collection of {payload.articles:,} articles (`benchmarks/synthetic.py "
        "--seed 1`): the index is "
        f"{kilobytes(payload.bundle_bytes)} in all ({payload.index_chunks} index chunks, "
        f"{payload.fragments:,} page fragments, {kilobytes(payload.filter_bytes)} of "
        "filters). Opening an article fetches the search box itself "
        f"({kilobytes(payload.page_load)}); then, typing one query after another:",
        "",
        f"| query | results | files | typed fast ({FAST} ms a key) | "
        f"typed slowly ({SLOW} ms a key) |",
        "|---|---:|---:|---:|---:|",
    ]
    for number, item in enumerate(payload.queries):
        label = "first" if number == 0 else "later"
        lines.append(f"| {label}: `{item.query}` | {item.results} | {item.files} | "
                     f"{kilobytes(item.bytes)} | {kilobytes(item.slow_bytes)} |")
    slowest = max(later, key=lambda m: m.slow_bytes) if later else first
    lines += [
        "",
        f"Typed fast, the first query transferred {kilobytes(first.bytes)} (target ≤ "
        f"{kilobytes(FIRST_TARGET)}) and the largest later one {kilobytes(worst.bytes)} "
        f"(target ≤ {kilobytes(LATER_TARGET)}); typed slowly, {kilobytes(first.slow_bytes)} "
        f"and {kilobytes(slowest.slow_bytes)}. Results are those on the first screen; files "
        "are those of the fast typing.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="build the synthetic collection here, and keep it")
    where.add_argument("--site", type=Path, help="a site already built from it")
    parser.add_argument("--query", action="append", help="a query (repeat; default: chosen "
                                                         "from the site)")
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        site = args.site
        if site is None:
            out = args.out or Path(stack.enter_context(
                tempfile.TemporaryDirectory(prefix="search-payload-")))
            print(f"building {args.articles} synthetic articles in {out}…", file=sys.stderr)
            site = build_synthetic(out, args.articles, args.seed)
        site = site.resolve()
        queries = args.query or default_queries(site)
        page_load, measured = measure(site, queries)
        total, chunks, fragments, filters = bundle_stats(site)
        articles = sum(1 for _ in (site / "articles").rglob("index.html"))
        payload = Payload(articles, page_load, measured, total, chunks, fragments, filters)
        text = section(payload, pagefind_version(site))
    print(text)
    print(json.dumps([m.__dict__ for m in measured], ensure_ascii=False), file=sys.stderr)
    if not args.no_write:
        replace_section(args.doc, "search-payload", text)
    first, later = measured[0].bytes, max((m.bytes for m in measured[1:]), default=0)
    missed = first > FIRST_TARGET or later > LATER_TARGET
    if missed:
        print(f"target missed: first {first} B, later {later} B", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
