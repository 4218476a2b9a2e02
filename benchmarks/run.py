"""The benchmark: build a synthetic collection of N articles and measure every stage.

    python benchmarks/run.py --articles 1000 10000

For each N, in fresh processes (so peak memory is per N and per step): generate the
collection (benchmarks/synthetic.py), run `pipeline.build` (check, generate, mkdocs build,
search index: wall, CPU and peak memory of each stage), run the same `mkdocs build` on the
generated docs/ alone (our overhead as a ratio measured in one run), measure what a search
transfers (queries typed into the built site in Chromium), time each part of check
and generate in one process (CPU per article: where our overhead goes), regenerate after one
sidecar changes (time, files written), and time a `serve --only` preview from saving a
sidecar to the page showing the change. Writes docs/about/benchmarks.md (with the machine's
description) and prints the table. At 10,000 articles this takes many minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gc
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import check_generate, machine, search_payload  # noqa: E402
from benchmarks.search_quality import kilobytes  # noqa: E402
from build_tools import collate, pipeline, publish, read, validate, write  # noqa: E402
from build_tools.collate import article as collate_article  # noqa: E402
from build_tools.config import Site  # noqa: E402
from build_tools.discover import discover  # noqa: E402
from build_tools.publish import searchindex  # noqa: E402
from build_tools.render import render  # noqa: E402
from build_tools.runtime.executor import max_resident  # noqa: E402

PAGE = ROOT / "docs/about/benchmarks.md"
Result = TypeVar("Result")
MB = 1024 * 1024
# Pages that list other pages (people/<id>, glossary/<id>, topics/<id>, timeline/<year> and
# the indexes): the largest of them shows whether pagination keeps pages small.
LIST_FOLDERS = ("people", "glossary", "topics", "timeline")


# ----------------------------------------------------------------------- one step each


def measure_build(root: Path) -> dict[str, Any]:
    paths = pipeline.Paths(root)
    start, cpu = time.perf_counter(), _cpu()
    report = pipeline.build(paths, Site())
    if not report.ok:
        raise SystemExit("\n".join(d.message for d in report.diagnostics))
    return {"wall": time.perf_counter() - start, "cpu": _cpu() - cpu,
            "stages": [{"name": u.name, "wall": u.wall, "cpu": u.cpu + u.child_cpu,
                        "peak": max(u.peak_memory, u.child_peak_memory), "detail": u.detail}
                       for u in report.usage],
            **site_sizes(paths.site)}


def site_sizes(site: Path) -> dict[str, Any]:
    articles = sorted(p.stat().st_size for p in site.glob("articles/*/*/index.html"))
    lists = sorted((p.stat().st_size, p.relative_to(site).parent.as_posix())
                   for folder in LIST_FOLDERS for p in (site / folder).rglob("index.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"site_bytes": total, "html_pages": sum(1 for _ in site.rglob("*.html")),
            "article_median": statistics.median(articles) if articles else 0,
            "article_max": articles[-1] if articles else 0,
            "list_max": lists[-1][0] if lists else 0, "list_max_page": lists[-1][1] if lists
            else "", "home": (site / "index.html").stat().st_size}


def measure_mkdocs(root: Path) -> dict[str, Any]:
    """MkDocs alone on the docs/ the build generated: the floor our build sits on."""
    paths = pipeline.Paths(root)
    problems: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="mkdocs-alone-") as site:
        start, cpu = time.perf_counter(), _cpu()
        publish.mkdocs_build(paths.config, paths.docs, Path(site), problems)
        result = {"wall": time.perf_counter() - start, "cpu": _cpu() - cpu,
                  "peak": max_resident(resource.RUSAGE_SELF)}
    if problems:
        raise SystemExit(str(problems))
    return result


def measure_search(root: Path) -> dict[str, Any]:
    """What each query transfers from /pagefind/ on the built site, typed into the search
    box of an article page in Chromium, fast then slowly (benchmarks/search_payload.py)."""
    site = pipeline.Paths(root).site
    page_load, measured = search_payload.measure(site, search_payload.default_queries(site))
    return {"page_load": page_load, "queries": [dataclasses.asdict(m) for m in measured]}


def measure_parts(root: Path) -> dict[str, Any]:
    """CPU seconds of each part of check + generate, in one process and in the pipeline's
    order (so each distinct word is folded once, as in the build): what the target of
    ten per cent of MkDocs has to be met from."""
    paths, site = pipeline.Paths(root), Site()
    spent: dict[str, float] = {}

    def timed(part: str, action: Callable[[], Result]) -> Result:
        start = time.process_time()
        try:
            return action()
        finally:
            spent[part] = spent.get(part, 0.0) + time.process_time() - start

    gc.disable()  # as the build does while it reads; it freezes what it read afterwards
    files, discovered = timed("discover, read the registries",
                              lambda: discover(paths.collection, paths.root))
    checking, _ = timed("discover, read the registries", lambda: validate.prepare(
        files, read.read_registries(files), discovered))
    checked = [timed("read, check, anchor an article", lambda article=article: (
        validate.check_article(read.read_article(article, paths.root), checking)))[0]
               for article in files.articles]
    articles = [article for article in checked if article is not None]
    listings = timed("lists: take what they show of each article",
                     lambda: sorted((collate.Listing.of(a) for a in articles),
                                    key=lambda listing: (listing.ref.date, listing.ref.id)))
    gc.freeze()
    gc.enable()
    registries = checking.registries
    around = collate.neighbours([listing.ref for listing in listings])
    search_terms = collate_article.weighted_search_terms

    def counted_search_terms(*args: Any) -> Any:
        return timed("article pages: their hidden search terms", lambda: search_terms(*args))

    def each(part: str, made: Iterator[collate.PageSpec]) -> Iterator[collate.PageSpec]:
        while (page := timed(part, lambda: next(made, None))) is not None:
            yield page

    def rendered(page: collate.PageSpec) -> bytes:
        return render(page, site.language).encode()

    def pages() -> Iterator[tuple[str, bytes]]:
        with mock.patch.object(collate_article, "weighted_search_terms", counted_search_terms):
            for page in each("article pages: collate",
                             collate.article_pages(articles, around, registries, site)):
                yield page.path, timed("article pages: render", functools.partial(rendered, page))
        for page in each("lists: collate", collate.list_pages(listings, registries, site)):
            yield page.path, timed("lists: render", functools.partial(rendered, page))

    with tempfile.TemporaryDirectory(prefix="parts-") as out:
        before, start = sum(spent.values()), time.process_time()
        write.write_files(pages(), Path(out), staged=True)
        elapsed = time.process_time() - start
    # The search terms are made while collating: counted once, on their own.
    spent["article pages: collate"] -= spent["article pages: their hidden search terms"]
    spent["write every page"] = elapsed - (sum(spent.values()) - before)
    return {"articles": len(articles), "cpu": spent}


def measure_regeneration(root: Path, rounds: int = 3) -> dict[str, Any]:
    """As a running preview does: generate once, then change one summary and generate
    again, `rounds` times; the median round."""
    paths = pipeline.Paths(root)
    first = _timed(lambda: pipeline.generate(paths, Site()))
    sidecar = _a_sidecar(paths)
    original = sidecar.read_bytes()
    measured = []
    try:
        for round_number in range(1, rounds + 1):
            sidecar.write_bytes(original.replace(
                b"(Synthetic article", f"(Edit {round_number}: synthetic article".encode()))
            cpu = time.process_time()
            report, seconds = _timed(lambda: pipeline.generate(paths, Site()))
            detail = next(what for name, _, what in report.stages if name == "generate")
            written = int(detail.partition(" written")[0].rpartition(" ")[2])
            measured.append((seconds, time.process_time() - cpu, written,
                             {name: s for name, s, _ in report.stages}))
    finally:
        sidecar.write_bytes(original)
        pipeline.generate(paths, Site())
    wall, cpu, _, stages = sorted(measured, key=lambda m: m[0])[len(measured) // 2]
    return {"first": first[1], "wall": wall, "cpu": cpu, "stages": stages,
            "rounds": [m[0] for m in measured], "written": max(m[2] for m in measured)}


def measure_preview(root: Path, rounds: int = 3) -> dict[str, Any]:
    """`serve --only ID`: seconds from saving a sidecar to the served page showing it."""
    paths = pipeline.Paths(root)
    sidecar = _a_sidecar(paths)
    article_id = sidecar.stem
    url = f"http://127.0.0.1:{_free_port()}/{_article_url(sidecar)}"
    port = url.split(":")[2].split("/")[0]
    log = root / ".build" / "preview-benchmark.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    original = sidecar.read_bytes()
    start = time.perf_counter()
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "build_tools", "--root", str(root),
                                   "serve", "--only", article_id, "--port", port],
                                  cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(url, b"cl-article", timeout=300)
        startup = time.perf_counter() - start
        times = []
        for round_number in range(1, rounds + 1):
            marker = f"preview-round-{round_number}-{time.time_ns()}".encode()
            saved = time.perf_counter()
            sidecar.write_bytes(original.replace(b"(Synthetic article",
                                                 b"(" + marker + b" synthetic article"))
            _wait_for(url, marker, timeout=120)
            times.append(time.perf_counter() - saved)
            time.sleep(1)
    finally:
        sidecar.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"startup": startup, "times": times, "median": statistics.median(times)}


def _timed(action: Callable[[], pipeline.Report]) -> tuple[pipeline.Report, float]:
    start = time.perf_counter()
    report = action()
    if not report.ok:
        raise SystemExit("\n".join(d.message for d in report.diagnostics))
    return report, time.perf_counter() - start


def _a_sidecar(paths: pipeline.Paths) -> Path:
    """The same article every time: the middle one."""
    sidecars = sorted(paths.collection.glob("articles/*/*.yml"))
    return sidecars[len(sidecars) // 2]


def _article_url(sidecar: Path) -> str:
    year = sidecar.parent.name
    return f"articles/{year}/{sidecar.stem}/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _wait_for(url: str, needle: bytes, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read():
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {needle!r} within {timeout} s")


def _cpu() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


# ----------------------------------------------------------------------------- driver

STEPS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "build": measure_build, "mkdocs": measure_mkdocs, "search": measure_search,
    "parts": measure_parts, "regenerate": measure_regeneration, "preview": measure_preview}


def _step(name: str, root: Path) -> dict[str, Any]:
    """Run one step in a fresh Python: its peak memory is its own. `memory` is the most its
    processes held at once (their proportional set sizes summed, sampled 4 times a second:
    a page shared by two processes counts half in each)."""
    print(f"  {name} ...", file=sys.stderr, flush=True)
    with subprocess.Popen([sys.executable, __file__, "--step", name, str(root)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as run:
        memory = 0
        while run.poll() is None:
            memory = max(memory, sum(_pss(pid) for pid in _process_tree(run.pid)))
            time.sleep(0.25)
        stdout, stderr = run.communicate()
    if run.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{stderr[-3000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "memory": memory}


def _process_tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int(stat.read_text().rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        tree.append(pid := todo.pop())
        todo += children.get(pid, [])
    return tree


def _pss(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def benchmark(articles: int, seed: int, work: Path, reuse: bool = False) -> dict[str, Any]:
    root = work / f"n{articles}"
    saved = root / "results.json"
    if reuse and saved.is_file():
        kept: dict[str, Any] = json.loads(saved.read_text())
        return kept
    print(f"{articles} articles in {root}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks/synthetic.py"), str(root),
                    "--articles", str(articles), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)
    generated = time.perf_counter() - start
    results = {"articles": articles, "synthetic": generated, "load_before": os.getloadavg()}
    for name in STEPS:
        results[name] = _step(name, root)
    results["load_after"] = os.getloadavg()
    results["machine"] = machine.described()
    saved.write_text(json.dumps(results, indent=1))
    return results


# ---------------------------------------------------------------------------- reports


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def _mb(size: float) -> str:
    return f"{size / MB:,.0f} MB" if size >= 10 * MB else f"{size / 1024:,.0f} KB"


def table(results: Sequence[dict[str, Any]]) -> list[str]:
    """The results as Markdown table rows, one column per N."""
    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    def stage(name: str) -> Callable[[dict[str, Any]], str]:
        def cell(r: dict[str, Any]) -> str:
            found = next(s for s in r["build"]["stages"] if s["name"] == name)
            return (f"{_s(found['wall'])} (CPU {_s(found['cpu'])}, "
                    f"peak {_mb(found['peak'])})")
        return cell

    rows = ["| | " + " | ".join(f"{r['articles']:,} articles" for r in results) + " |",
            "|---|" + "---|" * len(results)]
    rows += [
        row("check", stage("check")),
        row("generate (collate, render, write)", stage("generate")),
        row("mkdocs build", stage("mkdocs")),
        row("search index (Pagefind)", stage("search index")),
        row("**whole build**", lambda r: f"**{_s(r['build']['wall'])}** (CPU "
            f"{_s(r['build']['cpu'])})"),
        row("peak memory of the build, all its processes at once", lambda r:
            _mb(r["build"]["memory"])),
        row("check + generate", lambda r: _s(_ours(r))),
        row("mkdocs build of the same docs/ alone", lambda r: f"{_s(r['mkdocs']['wall'])} "
            f"(CPU {_s(r['mkdocs']['cpu'])}, peak {_mb(r['mkdocs']['peak'])})"),
        row("check + generate ÷ mkdocs alone",
            lambda r: f"{_ours(r) / r['mkdocs']['wall']:.0%}"),
        row("site/ size, HTML pages", lambda r: f"{_mb(r['build']['site_bytes'])}, "
            f"{r['build']['html_pages']:,}"),
        row("search: the box itself, loaded with a page", lambda r: kilobytes(
            r["search"]["page_load"])),
        row("search: first query / largest later one (typed fast)", lambda r: " / ".join(
            kilobytes(q) for q in _first_and_later(r, "bytes"))),
        row("… typed slowly (a search after every key)", lambda r: " / ".join(
            kilobytes(q) for q in _first_and_later(r, "slow_bytes"))),
        row("article page HTML: median / largest", lambda r: f"{_mb(r['build']['article_median'])}"
            f" / {_mb(r['build']['article_max'])}"),
        row("largest list page", lambda r: f"{_mb(r['build']['list_max'])} "
            f"(`{r['build']['list_max_page']}`)"),
        row("regenerate after one sidecar change (median of 3)",
            lambda r: f"{_s(r['regenerate']['wall'])} (CPU {_s(r['regenerate'].get('cpu', 0))}), "
            f"{r['regenerate']['written']} file written" + (
                "s" if r["regenerate"]["written"] != 1 else "")),
        row("`serve --only`: save → page shows it (median of 3)",
            lambda r: f"{_s(r['preview']['median'])} (first page after "
            f"{_s(r['preview']['startup'])})"),
        row("load average before / after", lambda r: f"{r['load_before'][0]:.1f} / "
            f"{r['load_after'][0]:.1f}"),
    ]
    return rows


def _first_and_later(result: dict[str, Any], measure: str) -> tuple[int, int]:
    """Bytes the first query transferred, and the most a later one did."""
    first, *later = (query[measure] for query in result["search"]["queries"])
    return first, max(later, default=0)


def _ours(result: dict[str, Any]) -> float:
    return float(sum(s["wall"] for s in result["build"]["stages"]
                     if s["name"] in {"check", "generate"}))


def targets(result: dict[str, Any]) -> list[str]:
    """The issue's targets (set for 10,000 articles) against one result, as table rows."""
    build, ours, alone = result["build"], _ours(result), result["mkdocs"]["wall"]
    checks = [
        ("whole build ≤ 4 min", _s(build["wall"]), build["wall"] <= 240),
        ("check + generate ≤ 20 s", _s(ours), ours <= 20),
        ("check + generate ≤ 10% of mkdocs build", f"{ours / alone:.0%}", ours <= alone / 10),
        ("peak memory of the build ≤ 1.5 GB", _mb(build["memory"]),
         build["memory"] <= 1536 * MB),
        ("regeneration after one sidecar change ≤ 3 s", _s(result["regenerate"]["wall"]),
         result["regenerate"]["wall"] <= 3),
        ("… rewriting only the changed page", f"{result['regenerate']['written']} written",
         result["regenerate"]["written"] == 1),
        ("median article page ≤ 80 KB", _mb(build["article_median"]),
         build["article_median"] <= 80 * 1024),
        ("no list page over 500 KB", _mb(build["list_max"]), build["list_max"] <= 500 * 1024),
        ("`serve --only`: saved to shown ≤ 5 s", _s(result["preview"]["median"]),
         result["preview"]["median"] <= 5),
    ]
    return [f"| {label} | {value} | {'yes' if met else '**no**'} |"
            for label, value, met in checks]


def where_it_goes(result: dict[str, Any]) -> list[str]:
    build = result["build"]
    stage = {s["name"]: s for s in build["stages"]}
    last = stage["generate"]["detail"].rpartition(", ")[2]  # ", 2 processes" if forked
    processes = int(last.split()[0]) if last.endswith(" processes") else 1
    articles = result["articles"]
    ours, mkdocs = _ours(result), result["mkdocs"]["wall"]
    cpu = stage["check"]["cpu"] + stage["generate"]["cpu"]
    lines = [
        f"## Where the time and memory go at {articles:,} articles",
        "",
        f"- **MkDocs** takes {_s(mkdocs)} for {build['html_pages']:,} pages on its own:",
        "  Python-Markdown parses every tag of each page's raw HTML block, then Material",
        "  renders its theme around it. MkDocs keeps every page's source and HTML until it",
        "  ends; `publish/mkdocs.py` drops each source once converted, which halves its memory.",
        f"- **Pagefind** takes {_s(stage['search index']['wall'])} "
        f"({stage['search index']['detail']}), at most {_mb(stage['search index']['peak'])} of",
        "  memory at a time. It holds a whole index while it builds and has no setting to bound",
        "  that (Pagefind issue #842), so the build runs it on parts of at most "
        f"{searchindex.PART_PAGES:,}",
        "  pages and merges their indexes into one (`build_tools/publish/searchindex.py`): the",
        "  browser fetches what it would from a single run.",
        "- **Memory.** Each stage of the build runs in a process of its own, forked from a small",
        "  one, so the memory of one stage is given back before the next starts: at most",
        f"  {_mb(build['memory'])} at once, all processes counted.",
        f"- **Check and generate** take {_s(ours)}, {cpu / articles * 1000:.2f} ms of CPU an "
        f"article, in {_counted(processes, 'process', 'processes')}",
        "  (`build_tools/runtime/executor.py`): each checks a run of the articles, keeps them",
        "  and later renders their pages; only what the lists show of each article comes back",
        "  to the first process, which makes the lists meanwhile. An article costs reading and",
        "  validating its two files (YAML through libyaml, the JSON Schema through a compiled",
        "  fast path), anchoring its quotes, the hidden search terms of its text (its words",
        "  cut and counted in C, each distinct word folded and expanded once per build), and",
        "  rendering (Jinja, with the smallest elements as cached filters).",
    ]
    if ours > 0.1 * mkdocs:
        lines += [
            f"  Ten per cent of MkDocs would be {_s(0.1 * mkdocs)}: "
            f"{1 - 0.1 * mkdocs / ours:.0%} less than now"
            + (",\n  with both processors already busy through both stages." if processes > 1
               else "."),
        ]
    return [*lines, "", *_parts(result, processes, cpu / articles), ""]


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _parts(result: dict[str, Any], processes: int, in_build: float) -> list[str]:
    """The `parts` step as a table: CPU per article of each part, against what ten per
    cent of MkDocs leaves; `in_build`: CPU seconds per article in the build."""
    if "parts" not in result:
        return []
    articles, spent = result["parts"]["articles"], result["parts"]["cpu"]
    budget = 0.1 * result["mkdocs"]["wall"] * processes / articles

    def ms(seconds: float) -> str:
        return f"{seconds / articles * 1000:.2f} ms"

    check = spent["read, check, anchor an article"]
    terms = spent["article pages: their hidden search terms"]
    return [
        f"### CPU per article, part by part ({articles:,} articles, one process)",
        "",
        "Measured by the `parts` step, which runs check and generate in one process,",
        "timing each part (`measure_parts`).",
        "",
        "| part | CPU per article |",
        "|---|---|",
        *(f"| {part} | {ms(seconds)} |" for part, seconds in spent.items()),
        f"| **all of them** | **{ms(sum(spent.values()))}** |",
        f"| ten per cent of MkDocs alone, on {_counted(processes, 'processor', 'processors')}"
        f", if forking cost nothing | {budget * 1000:.2f} ms |",
        "",
        f"Reading, checking and anchoring an article ({ms(check)}) and its hidden search",
        f"terms ({ms(terms)}) take {(check + terms) / articles / budget:.0%} of that "
        "budget on their own; the rest",
        f"(collate, render, lists, write) takes {ms(sum(spent.values()) - check - terms)}. "
        f"The build spends {in_build * 1000:.2f} ms an article,",
        f"{in_build * 1000 - sum(spent.values()) / articles * 1000:.2f} ms more than one "
        "process does: what working in several processes costs.",
    ]


def write_page(results: Sequence[dict[str, Any]], described: dict[str, str], page: Path) -> str:
    text = "\n".join([
        "---",  # a developers' page, in English: overrides/main.html marks its text so
        "# Contributors' and developers' page: in English (overrides/main.html marks its text so).",
        "lang: en",
        "---",
        "",
        "# Benchmarks",
        "",
        "How long the site takes to build as the collection grows, measured with",
        "`python benchmarks/run.py --articles "
        + " ".join(str(r["articles"]) for r in results) + "` on synthetic collections",
        "(`benchmarks/synthetic.py`: about 800 words an article, 2-8 participants, 3-12 glossary",
        "quotes, 0-3 notes, 300 people and organisations, 500 terms, 40 topics, 2019-2025).",
        "Each step runs in a fresh process; times are wall-clock seconds, with CPU seconds",
        "(including programs started, such as Pagefind) and peak resident memory.",
        "",
        f"Machine: {described['cpus']} CPUs ({described['cpu']}), {described['memory']} of "
        f"memory, Python {described['python']}, {described['system']}; measured on "
        f"{described['date']}.",
        "The machine is shared: the load average shows how busy it was, and wall-clock times",
        "above the CPU times mean the build waited for a processor.",
        "",
        *table(results),
        "",
        f"## Targets at {results[-1]['articles']:,} articles",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *targets(results[-1]),
        "",
        *where_it_goes(results[-1]),
        "## What the rows mean",
        "",
        "- **check**: discover, read, validate and anchor every file. **generate**: collate,",
        "  render and write the Markdown of every page (written as it is made, so the pages are",
        "  never all in memory at once). A machine's first build also converts the typeface to",
        "  WOFF2 (about 2 s of CPU, `build_tools/publish/fonts.py`), kept in `~/.cache` for the",
        "  next.",
        "- **mkdocs build of the same docs/ alone** is a second `mkdocs build` of the docs/ the",
        "  build generated: the floor of this stack, against which our own stages are compared.",
        "- **search**: the bytes fetched from `/pagefind/` (bodies as sent) when queries are",
        "  typed into the search box of an article page in Chromium, one after another, as",
        "  `benchmarks/search_payload.py` does: the search box's own files load with the page;",
        "  the first query adds the index chunks and fragments it needs, a later one only those",
        "  not fetched yet. Typed slowly, the box searches after every key.",
        "- **regenerate**: what a running preview does when a sidecar is saved:",
        "  `pipeline.generate`",
        "  a second time in the same process, after one summary changed. Files read again with",
        "  the same bytes are not parsed, checked or rendered again, and only pages whose bytes",
        "  changed are written (the article page: a summary appears nowhere else).",
        "- **`serve --only ID`** previews one article and the pages it touches (its people,",
        "  terms, topics and year, the indexes, home) from `.build/preview/docs`: the time runs",
        "  from writing the sidecar to the served page containing the change (regeneration, then",
        "  MkDocs rebuilding a few dozen pages).",
        "- Lists longer than 100 articles (a person's, a term's, a topic's, a year's) continue",
        "  on `…/page-2/`, so no page grows with the collection.",
        "",
    ])
    # The section benchmarks/check_generate.py writes is its own: kept as it was.
    old = page.read_text("utf-8") if page.exists() else ""
    if check_generate.BEGIN in old and check_generate.END in old:
        kept = old[old.index(check_generate.BEGIN):old.index(check_generate.END)]
        text = text.rstrip("\n") + "\n\n" + kept + check_generate.END + "\n"
    page.write_text(text, "utf-8")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="where to build (default: a temp dir, removed)")
    parser.add_argument("--page", type=Path, default=PAGE, help="the page to write")
    parser.add_argument("--no-page", action="store_true", help="print only")
    parser.add_argument("--reuse", action="store_true",
                        help="with --work: take the results of an N measured before from "
                             "WORK/nN/results.json (measure 10,000 apart, then tabulate both)")
    parser.add_argument("--step", nargs=2, metavar=("STEP", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        name, root = args.step
        print(json.dumps(STEPS[name](Path(root))))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="benchmark-"))
    try:
        results = [benchmark(n, args.seed, work, args.reuse) for n in args.articles]
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(table(results)))
    if not args.no_page:
        write_page(results, results[-1].get("machine") or machine.described(), args.page)
        print(f"wrote {args.page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
