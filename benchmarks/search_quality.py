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
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `build_tools` lives in the repository root
    sys.path.insert(0, str(ROOT))

from benchmarks.machine import one_line as machine  # noqa: E402
from tests.support.browser import chromium, serve  # noqa: E402
from tests.support.search_quality import (  # noqa: E402
    HELD_OUT,
    NEGATIVE,
    QUERIES,
    Report,
    Row,
    evaluate,
    load_queries,
)
from tests.support.synthetic import copy_site_sources  # noqa: E402

# The query sets measured by default, each with its section of DOC.
QUERY_SETS = {"search-quality": QUERIES, "search-quality-heldout": HELD_OUT}
DOC = ROOT / "docs" / "about" / "search.md"


def build_site(target: Path) -> Path:
    """Build the seed collection (tests/fixtures/seed/, which the query sets describe) in a
    copy at `target`."""
    from build_tools import pipeline

    copy_site_sources(target)
    shutil.copytree(ROOT / "tests" / "fixtures" / "seed", target / "collection")
    paths = pipeline.Paths(target)
    report = pipeline.build(paths, pipeline.site_settings(paths))
    if not report.ok:
        raise SystemExit("build failed: " + "; ".join(d.message for d in report.diagnostics))
    return paths.site


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
