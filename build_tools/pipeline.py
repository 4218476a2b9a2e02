"""The pipeline: discover → read → validate → anchor → collate → render → write → publish.

Everything is read and checked before anything is written; output is staged and swapped
into place only when every stage succeeded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import functools
import gc
import itertools
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import publish, validate, write
from .collate import (
    Inputs,
    Listing,
    Neighbours,
    PageSpec,
    article_pages,
    iter_pages,
    list_pages,
    neighbours,
    preview_collection,
)
from .config import Paths, Site, settings_problems, site_settings, worker_count
from .diagnostics import Diagnostic, relative
from .discover import ArticleFiles, CollectionFiles, discover
from .models import Article, Collection
from .publish.fonts import web_fonts
from .render import render
from .runtime.executor import Share, Shares, isolated
from .runtime.usage import Report
from .validate import CheckCache, Checking, CheckResult


def check(paths: Paths, cache: CheckCache | None = None, only: Sequence[str] = (),
          workers: int = 0, site: Site | None = None) -> CheckResult:
    """Check the collection; with `only` (article ids or glob patterns such as 2025-07-*),
    just those articles and the registries; in `workers` processes (0: see Site.workers);
    by the settings `site` (default: those of mkdocs.yml)."""
    site = site_settings(paths) if site is None else site
    files, problems = discover(paths.collection, paths.root)
    if only:
        files, problems = _select(files, problems, only)
    problems.extend(settings_problems(paths, site))
    workers = worker_count(Site(workers=workers), len(files.articles)) if cache is None else 1
    return validate.validate(files, problems, cache, workers, site.required_languages)


def _select(files: CollectionFiles, problems: list[Diagnostic], only: Sequence[str],
            ) -> tuple[CollectionFiles, list[Diagnostic]]:
    chosen = tuple(a for a in files.articles
                   if any(fnmatch.fnmatchcase(a.id, pattern) for pattern in only))
    kept = {relative(p, files.root) for a in chosen for p in (a.text, a.sidecar)} | {
        relative(p, files.root) for paths in files.registries.values() for p in paths}
    problems = [d for d in problems if d.path in kept]
    ids = sorted({a.id for a in files.articles})
    for pattern in only:
        if not any(fnmatch.fnmatchcase(a.id, pattern) for a in chosen):
            problems.append(Diagnostic(
                "collection/articles", 1, 1, "no-match", f"no article id matches `{pattern}`",
                _closest_ids(pattern, ids) + "give an article's id (its file name without "
                ".txt/.yml), or a pattern such as 2025-07-*"))
    return replace(files, articles=chosen), problems


def _closest_ids(wanted: str, ids: Sequence[str]) -> str:
    """The ids a mistyped `--only` most likely meant, as the first line of a hint: those
    that contain it (a date alone, a slug alone), else those spelt most like it."""
    chosen = [i for i in ids if wanted in i][:3] or difflib.get_close_matches(
        wanted, ids, n=3, cutoff=0.6)
    return f"closest ids: {', '.join(chosen)}\n" if chosen else ""


def _check_stage(paths: Paths, result: list[CheckResult], cache: CheckCache,
                 only: Sequence[str], site: Site) -> str:
    result.append(check(paths, cache, only, site=site))
    collection = result[0].collection
    return "failed" if collection is None else _counts(len(collection.articles), collection)


def _counts(articles: int, registries: Collection) -> str:
    return (f"{articles} articles, {len(registries.entities)} people and organisations, "
            f"{len(registries.terms)} terms, {len(registries.topics)} topics")


def _assets() -> dict[str, bytes]:
    return {"assets/javascripts/arabic-fold.js":
            resources.files("build_tools.arabic").joinpath("arabic-fold.js").read_bytes(),
            **web_fonts()}


@dataclass
class Memo:
    """What a running preview keeps between regenerations, so that saving one sidecar
    re-reads, re-checks and re-renders only what that file changes."""

    check: CheckCache = field(default_factory=CheckCache)
    synced: dict[str, bytes] = field(default_factory=dict)  # what the last sync wrote
    # An article's page, or a list's pages, by the list's first page: what they were made
    # from, and their files.
    made: dict[str, tuple[Inputs, list[tuple[str, bytes]]]] = field(default_factory=dict)
    # Other pages (indexes, home): cheap to make, dear to render; rendered from this spec.
    pages: dict[str, tuple[PageSpec, bytes]] = field(default_factory=dict)
    # Each article's listing, by the article (an unchanged file gives the same object).
    listings: dict[int, tuple[Article, Listing]] = field(default_factory=dict)

    def listing(self, article: Article) -> Listing:
        kept = self.listings.get(id(article))
        if kept is None or kept[0] is not article:
            kept = self.listings[id(article)] = (article, Listing.of(article))
        return kept[1]


def generated(collection: Collection, site: Site, memo: Memo) -> Iterator[tuple[str, bytes]]:
    """(path in docs/, bytes) of every generated file, one at a time, re-rendering only
    what changed since `memo` was last used."""
    yield from _regenerated(collection, site, memo)
    yield from _assets().items()


def _regenerated(collection: Collection, site: Site, memo: Memo) -> Iterator[tuple[str, bytes]]:
    reused: list[str] = []
    asked: dict[str, Inputs] = {}

    def unchanged(path: str, inputs: Callable[[], Inputs]) -> bool:
        before, now = memo.made.get(path), inputs()
        if before is not None and before[0] == now:
            reused.append(path)
            return True
        asked[path] = now
        return False

    fresh: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    others: dict[str, tuple[PageSpec, bytes]] = {}
    for page in iter_pages(collection, site, unchanged, memo.listing):
        first = _first_page(page.path)
        if first in asked:
            data = _page_bytes(page, site)
            fresh[first].append((page.path, data))
        else:
            before = memo.pages.get(page.path)
            data = (before[1] if before is not None and before[0] == page
                    else _page_bytes(page, site))
            others[page.path] = (page, data)
        yield page.path, data
    for path in reused:
        yield from memo.made[path][1]
    memo.made = {path: memo.made[path] for path in reused} | {
        path: (inputs, fresh[path]) for path, inputs in asked.items()}
    memo.pages = others
    memo.listings = {id(a): memo.listings[id(a)] for a in collection.articles}


def _first_page(path: str) -> str:
    """The first page of the list `path` is a page of (people/x/page-2.md: people/x.md)."""
    head, _, tail = path.rpartition("/page-")
    return f"{head}.md" if head and tail.removesuffix(".md").isdigit() else path


# What a SOURCE_DATE_EPOCH may be: gzip (MkDocs' sitemap.xml.gz) stores it in 32 bits.
_EPOCHS = (0, 2**32 - 1)


def source_date_epoch(dates: Iterable[dt.date]) -> str:
    """Dates in the built site come from the data, so two builds give the same bytes.
    The latest article's date, held within what every tool reads: an article may be dated
    in any year from 1 to 9999, a timestamp only from 1970 to 2106."""
    latest = max(dates, default=dt.date(2025, 1, 1))
    seconds = int(dt.datetime.combine(latest, dt.time(), dt.UTC).timestamp())
    return str(min(max(seconds, _EPOCHS[0]), _EPOCHS[1]))


_MEMOS: dict[tuple[Path, Path, tuple[str, ...]], Memo] = {}


def generate(paths: Paths, site: Site, *, docs: Path | None = None,
             only: Sequence[str] = ()) -> Report:
    """Check, then write the generated Markdown in place (for the preview): into docs/, or
    into `docs` with only the articles `only` names and the pages they touch.

    What was read and made is kept for the next call in this process (a running preview),
    which then re-reads, re-checks and re-renders only what changed."""
    target = docs or paths.docs
    memo = _MEMOS.setdefault((paths.root, target, tuple(only)), Memo())
    report = Report()
    result: list[CheckResult] = []
    report.timed("check", lambda: _check_stage(paths, result, memo.check, only, site))
    report.diagnostics = result[0].diagnostics
    collection = result[0].collection
    if collection is None:
        return report
    if only:
        collection = preview_collection(collection)

    def generate_stage() -> str:
        files = generated(collection, site, memo)
        if docs is not None:
            files = itertools.chain(files, _hand_written(paths.docs).items())
        synced: dict[str, bytes] = {}

        def recorded() -> Iterator[tuple[str, bytes]]:
            for path, data in files:
                synced[path] = data
                yield path, data

        summary = _sync(recorded(), target, memo.synced)
        memo.synced = synced
        return summary

    report.timed("generate", generate_stage)
    # What the memo holds lives as long as the preview: the cyclic garbage collector need
    # not walk it again (a second or two per full pass at 10,000 articles). Objects freed
    # by reference counting are still freed.
    gc.freeze()
    return report


def _hand_written(docs: Path) -> dict[str, bytes]:
    """The files of docs/ that are not generated (about/, stylesheets): a preview in its
    own folder needs them too."""
    generated_files = write.read_manifest(docs)
    return {path.relative_to(docs).as_posix(): path.read_bytes()
            for path in sorted(docs.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in
                                          path.relative_to(docs).parts)
            and path.relative_to(docs).as_posix() not in generated_files}


def _sync(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], target: Path,
          known: Mapping[str, bytes] | None = None) -> str:
    stats = write.sync(files, target, known)
    return f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed"


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _say_waiting(holder: str) -> None:
    print(f"waiting for {holder}, which is writing this checkout, to finish", file=sys.stderr)


def build(paths: Paths, site: Site,
          waiting: Callable[[str], None] = _say_waiting) -> Report:
    """Check, generate, build with MkDocs, index for search; swap in only on success.

    One build or preview at a time writes a checkout (write.exclusive): a build waits for
    another build, and is refused by a running preview."""
    try:
        with write.exclusive(paths.staging, "build", waiting):
            return _build(paths, site)
    except write.Busy as busy:
        return Report(diagnostics=(busy_diagnostic(paths, busy.holder),))


def busy_diagnostic(paths: Paths, holder: str) -> Diagnostic:
    return Diagnostic(
        relative(paths.staging / write.LOCK, paths.root), 1, 1, "busy",
        f"{holder} is running in this checkout, and writes docs/ and site/ too",
        "stop it (Ctrl-C in its terminal) and run the command again; to build while you "
        "preview, work in another clone")


def unwritable_outputs(paths: Paths) -> list[Diagnostic]:
    """A problem for each folder a build must write but cannot, found before it starts."""
    problems = []
    for folder in (paths.root, paths.docs, paths.site, paths.staging):
        if (error := write.unwritable(folder)) is not None:
            name = relative(folder, paths.root) if folder != paths.root else "."
            problems.append(Diagnostic(
                name, 1, 1, "unwritable",
                f"the build cannot write in {name}: {error.strerror or error}",
                f"make it writable (chmod -R u+w {name}) or move it away; nothing was "
                "built or replaced"))
    return problems


def _build(paths: Paths, site: Site) -> Report:
    """The build itself. Each stage runs in a process of its own, forked from this one,
    which stays small: what a stage takes is given back when it ends (CPython keeps the
    memory it frees), so the build's memory is that of its largest stage, not of all of
    them together."""
    report = Report(diagnostics=tuple(unwritable_outputs(paths)))
    if not report.ok:
        return report
    for current in (paths.docs, paths.site):
        write.recover(current)
    staged_docs, staged_site = paths.staging / "docs", paths.staging / "site"
    checked, epoch = isolated(lambda: _check_and_generate(paths, site, staged_docs))
    report.merge(checked)
    if epoch is None:
        return report
    stages: list[tuple[str, Callable[[list[Diagnostic]], str]]] = [
        ("mkdocs", lambda problems: publish.mkdocs_build(paths.config, staged_docs,
                                                         staged_site, problems)),
        ("search index", lambda problems: publish.index(staged_site, problems))]
    with _environment(SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH") or epoch):
        for name, action in stages:
            done = isolated(functools.partial(_stage, name, action))
            report.merge(done)
            if done.diagnostics:
                return report
    write.swap_in(staged_docs, paths.docs)
    write.swap_in(staged_site, paths.site)
    return report


def _stage(name: str, action: Callable[[list[Diagnostic]], str]) -> Report:
    """A publishing stage, timed, with the problems it found."""
    report, problems = Report(), list[Diagnostic]()
    report.timed(name, lambda: action(problems))
    report.diagnostics = tuple(problems)
    return report


def _check_and_generate(paths: Paths, site: Site, staged_docs: Path,
                        ) -> tuple[Report, str | None]:
    """Check, and generate into the staging area; what was done, and the build's
    SOURCE_DATE_EPOCH, or None if the check failed.

    Each of the build's processes checks its share of the articles and keeps them; this
    one gets back only what the lists take from each (collate.Listing), and once all is
    checked makes the lists while the others make the pages of the articles they kept."""
    report = Report()
    listings: list[Listing] = []
    forked: list[Shares[_Job]] = []  # made by the check, once it knows how many articles
    # Reading builds a large graph of objects with few cycles, kept to the end: the cyclic
    # collector, run while it grows and again while pages are made, would walk it over and
    # over to free nothing. Forked processes inherit this; each then freezes what it holds.
    gc.disable()
    try:
        with ExitStack() as running:

            def check_stage() -> str:
                files, discovered = discover(paths.collection, paths.root)
                checking, problems = validate.prepare(files, discovered,
                                                      languages=site.required_languages)
                problems.extend(settings_problems(paths, site))
                job = _Job(files.articles, checking, checking.collection(()), site, staged_docs)
                shares = running.enter_context(
                    Shares(worker_count(site, len(files.articles)), job))
                forked.append(shares)
                for part in shares.run(_check_share):
                    for listing, found in part:
                        problems.extend(found)
                        if listing is not None:
                            listings.append(listing)
                report.diagnostics = validate.outcome(problems)
                return "failed" if not report.ok else _counts(len(listings), job.registries)

            def shares() -> Shares[_Job] | None:
                return forked[0] if forked else None

            report.timed("check", check_stage, shares)
            gc.freeze()
            gc.enable()
            if not report.ok:
                return report, None
            listings.sort(key=lambda listing: (listing.ref.date, listing.ref.id))
            report.timed("generate",
                         lambda: _generate_into(forked[0], listings, paths.docs), shares)
    finally:
        gc.enable()
    return report, source_date_epoch(listing.ref.date for listing in listings)


@dataclass(frozen=True)
class _Job:
    """What each process of a build inherits."""

    articles: Sequence[ArticleFiles]
    checking: Checking
    registries: Collection  # checking.collection(()): the registries, sorted once
    site: Site
    target: Path


def _check_share(share: Share[_Job]) -> list[tuple[Listing | None, list[Diagnostic]]]:
    """Check this process's share of the articles and keep them; their listings."""
    job, kept, checked = share.shared, [], []
    for files in share.mine(job.articles):
        article, found = validate.check_article(files, job.checking)
        checked.append((None if article is None else Listing.of(article), found))
        if article is not None:
            kept.append(article)
    share.kept["articles"] = kept
    return checked


def _write_article_share(share: Share[_Job], around: Neighbours) -> tuple[set[str], int, int]:
    """Render and write the pages of the articles this process kept."""
    gc.freeze()
    gc.enable()
    job = share.shared
    pages = article_pages(share.kept.pop("articles"), around, job.registries, job.site)
    return write.write_files(_rendered(pages, job.site), job.target, staged=True)


def _rendered(pages: Iterable[PageSpec], site: Site) -> Iterator[tuple[str, bytes]]:
    for page in pages:
        yield page.path, _page_bytes(page, site)


def _page_bytes(page: PageSpec, site: Site) -> bytes:
    return render(page, site.language).encode("utf-8")


def _generate_into(shares: Shares[_Job], listings: Sequence[Listing], docs: Path) -> str:
    """Every file into the staging area, over a copy of `docs`: the articles' pages by the
    processes that kept them, the rest by this one meanwhile; the stage's summary."""
    job = shares.shared
    target = job.target
    write.stage_copy(docs, target)
    previous = write.read_manifest(target)
    shares.start(_write_article_share, neighbours([listing.ref for listing in listings]))
    names, written, unchanged = write.write_files(
        _rendered(list_pages(listings, job.registries, job.site), job.site), target,
        staged=True)
    assets = write.write_files(_assets(), target, staged=True)
    for share_names, share_written, share_unchanged in [assets, *shares.results()]:
        names |= share_names
        written, unchanged = written + share_written, unchanged + share_unchanged
    removed = write.finish(target, previous, names)
    pages = sum(1 for name in names if name.endswith(".md"))
    return (f"{pages} pages, {written} written, {unchanged} unchanged, {removed} removed"
            + (f", {shares.count} processes" if shares.count > 1 else ""))


__all__ = ["Paths", "Report", "Site", "build", "busy_diagnostic", "check", "generate",
           "site_settings", "source_date_epoch", "unwritable_outputs"]
