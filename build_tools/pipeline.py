"""The pipeline: discover → read → validate → anchor → collate → render → write → publish.

`check`, `generate` (a preview's regeneration) and `build` are stage calls, and all three
take one path through the stages (`_check`, then `_generate`):

1. Discover the files, read the registries and check them (`validate.prepare`).
2. Check every article (`validate.check_article`), each process of the run its share
   (`runtime.executor.Shares`: forked processes, or this one alone); each keeps the
   articles it checked and sends back only what the lists show of them (`Listing`).
3. Make and render every page: each process the pages of the articles it kept, this one
   the lists meanwhile (`collate`, `render`); and write them (`write`).

What differs is only the target (docs/ in place, or the build's staging area), the number
of processes, and the cache (`runtime.cache.Cache`): a preview keeps one from call to
call, so a save re-checks and re-renders only what it changed; a build keeps nothing.
Everything is read and checked before anything is written; a build's output is staged and
swapped into place only when every stage succeeded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import functools
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import collate, publish, read, validate, write
from .collate import Listing, Neighbours
from .config import Paths, Site, settings_problems, site_settings, worker_count
from .diagnostics import Diagnostic, relative
from .discover import ArticleFiles, CollectionFiles, discover
from .models import Article, Registries
from .publish.fonts import web_fonts
from .render import render
from .runtime import cache as memos
from .runtime import memory
from .runtime.cache import Cache, digest_of
from .runtime.executor import Share, Shares, isolated
from .runtime.usage import Report
from .validate import Checking, CheckResult

# -------------------------------------------------------------------- the commands


def check(paths: Paths, cache: Cache | None = None, only: Sequence[str] = (),
          workers: int = 0, site: Site | None = None) -> CheckResult:
    """Check the collection; with `only` (article ids or glob patterns such as 2025-07-*),
    just those articles and the registries; in `workers` processes (0: see Site.workers);
    by the settings `site` (default: those of mkdocs.yml); with what `cache` kept of an
    earlier check (it then runs in this process alone)."""
    site = site_settings(paths) if site is None else site
    memos.clear()
    memory.reading()
    try:
        with ExitStack() as running:
            checked = _check(paths, site, cache or Cache(keep=False), only, workers,
                             running, keep_articles=True)
    finally:
        memory.done()
    if not checked.ok:
        return CheckResult(None, checked.diagnostics)
    return CheckResult(checked.job.checking.collection(checked.articles), checked.diagnostics)


# What a running preview keeps, by repository, target and selection.
_CACHES: dict[tuple[Path, Path, tuple[str, ...]], Cache] = {}


def generate(paths: Paths, site: Site, *, docs: Path | None = None,
             only: Sequence[str] = ()) -> Report:
    """Check, then write the generated Markdown in place (for the preview): into docs/, or
    into `docs` with only the articles `only` names and the pages they touch.

    What was read and made is kept for the next call in this process (a running preview),
    which then re-checks and re-renders only what changed."""
    target = docs or paths.docs
    cache = _CACHES.setdefault((paths.root, target, tuple(only)), Cache())
    extra = _hand_written(paths.docs) if docs is not None else {}
    report, _ = _check_and_generate(paths, site, cache, target, only=only, extra=extra)
    return report


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
    checked, epoch = isolated(lambda: _check_and_generate(
        paths, site, Cache(keep=False), staged_docs, staged=True))
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


def _check_and_generate(paths: Paths, site: Site, cache: Cache, target: Path, *,
                        only: Sequence[str] = (), staged: bool = False,
                        extra: dict[str, bytes] | None = None) -> tuple[Report, str | None]:
    """Check, then generate into `target`; what was done, and the SOURCE_DATE_EPOCH of the
    articles, or None if the check failed. In forked processes if the collection is large
    and `cache` keeps nothing (a build); else in this one."""
    report = Report()
    memos.clear()
    memory.reading()
    try:
        with ExitStack() as running:
            checked = report.timed("check", lambda: _check(paths, site, cache, only, 0, running),
                                   lambda done: done.summary, starts=lambda done: done.shares)
            report.diagnostics = checked.diagnostics
            memory.read()
            if not report.ok:
                return report, None
            report.timed("generate", lambda: _generate(
                checked, target, paths.docs if staged else None, only, extra or {}),
                running=checked.shares)
            cache.sweep()
    finally:
        memory.done()
    return report, source_date_epoch(listing.ref.date for listing in checked.listings)


# ------------------------------------------------------------------- the one path


@dataclass(frozen=True)
class _Job:
    """What each process of a run inherits."""

    articles: Sequence[ArticleFiles]
    checking: Checking
    registries: Registries
    registries_key: str  # the digest of what every article is checked against
    site: Site
    cache: Cache


@dataclass
class _Checked:
    """What the check gives the rest of the run."""

    job: _Job
    shares: Shares[_Job]  # each process holding the articles it checked
    diagnostics: tuple[Diagnostic, ...]
    listings: list[Listing] = field(default_factory=list)  # in date order
    articles: list[Article] = field(default_factory=list)  # if asked to send them back

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def summary(self) -> str:
        return "failed" if not self.ok else _counts(len(self.listings), self.job.registries)


def _check(paths: Paths, site: Site, cache: Cache, only: Sequence[str], workers: int,
           running: ExitStack, keep_articles: bool = False) -> _Checked:
    """Discover, read and check everything; the processes are kept `running` for the
    next step, each holding the articles it checked."""
    files, problems = discover(paths.collection, paths.root)
    if only:
        files, problems = _select(files, problems, only)
    problems.extend(settings_problems(paths, site))
    registry_files = read.read_registries(files)
    registries_key = cache.key(
        repr(site.required_languages),
        *(part for folder in registry_files.values() for file in folder
          for part in (file.path, file.data)),
        *(relative(path, files.root) for path in files.misnamed))
    # Checked again if a registry, the setting, or the list of articles (ids) changed.
    prepare_key = registries_key and cache.key(registries_key, *(
        relative(article.sidecar, files.root) for article in files.articles))
    checking, found = cache.get("registries", prepare_key, lambda: validate.prepare(
        files, registry_files, (), site.required_languages))
    job = _Job(files.articles, checking, checking.registries, registries_key, site, cache)
    count = 1 if cache.keep else worker_count(replace(site, workers=workers or site.workers),
                                               len(files.articles))
    shares = running.enter_context(Shares(count, job))
    checked = _Checked(job, shares, ())
    for part in shares.run(_check_share, keep_articles):
        for listing, article_problems, article in part:
            problems.extend(article_problems)
            if listing is not None:
                checked.listings.append(listing)
            if article is not None:
                checked.articles.append(article)
    checked.diagnostics = validate.outcome([*problems, *found])
    checked.listings.sort(key=lambda listing: (listing.ref.date, listing.ref.id))
    return checked


def _check_share(share: Share[_Job], keep_articles: bool,
                 ) -> list[tuple[Listing | None, list[Diagnostic], Article | None]]:
    """Check this process's share of the articles and keep them; their listings, and their
    problems (and the articles themselves, if asked)."""
    job, kept, checked = share.shared, [], []
    for files in share.mine(job.articles):
        source = read.read_article(files, job.checking.root)
        key = job.cache.key(job.registries_key, source.text.path, source.text.data,
                            source.sidecar.path, source.sidecar.data)
        article, found = job.cache.get("article", key, functools.partial(
            validate.check_article, source, job.checking))
        listing = None if article is None else job.cache.get(
            "listing", key, functools.partial(Listing.of, article))
        if article is not None:
            kept.append((key, article))
        checked.append((listing, found, article if keep_articles else None))
    share.kept["articles"] = kept
    return checked


def _generate(checked: _Checked, target: Path, staged_from: Path | None,
              only: Sequence[str], extra: dict[str, bytes]) -> str:
    """Every file into `target`: the articles' pages by the processes that kept them, the
    rest by this one meanwhile; the stage's summary. `staged_from`: `target` is the build's
    staging area, made a copy of that docs/ first, which nothing reads until it is
    swapped in."""
    staged = staged_from is not None
    job, shares = checked.job, checked.shares
    registries = (collate.preview_registries(job.registries, checked.listings) if only
                  else job.registries)
    pages_key = job.cache.key(job.registries_key, digest_of(job.site), *(
        item.id for kind in (registries.entities, registries.terms, registries.topics)
        for item in kind))
    if staged_from is not None:
        write.stage_copy(staged_from, target)
    previous = write.read_manifest(target)
    shares.start(_write_article_share, collate.neighbours(
        [listing.ref for listing in checked.listings]), registries if only else None,
        pages_key, target, staged)
    files = itertools.chain(_list_files(job, checked.listings, registries, pages_key),
                            _assets().items(), extra.items())
    names, written, unchanged = write.write_files(job.cache.recorded(files), target,
                                                  job.cache.written, staged=staged)
    for share_names, share_written, share_unchanged in shares.results():
        names |= share_names
        written, unchanged = written + share_written, unchanged + share_unchanged
    removed = write.finish(target, previous, names)
    pages = sum(1 for name in names if name.endswith(".md"))
    return (f"{pages} pages, {written} written, {unchanged} unchanged, {removed} removed"
            + (f", {shares.count} processes" if shares.count > 1 else ""))


def _write_article_share(share: Share[_Job], around: Neighbours, registries: Registries | None,
                         pages_key: str, target: Path, staged: bool,
                         ) -> tuple[set[str], int, int]:
    """Make, render and write the pages of the articles this process kept."""
    memory.read()
    job = share.shared
    files = _article_files(job, share.kept.pop("articles"), around,
                           registries or job.registries, pages_key)
    return write.write_files(job.cache.recorded(files), target, job.cache.written,
                             staged=staged)


def _article_files(job: _Job, kept: Sequence[tuple[str, Article]], around: Neighbours,
                   registries: Registries, pages_key: str) -> Iterator[tuple[str, bytes]]:
    """The page of each article: kept from an article with the same digest, neighbours,
    registries and settings, else made and rendered."""
    todo: list[tuple[str, Article]] = []
    for key, article in kept:
        page_key = job.cache.key(pages_key, key, digest_of(around[article.id])) if key else ""
        made = job.cache.lookup("article page", page_key)
        if made is None:
            todo.append((page_key, article))
        else:
            yield from made
    specs = collate.article_pages([article for _, article in todo], around, registries,
                                  job.site)
    for (page_key, _), spec in zip(todo, specs, strict=True):
        yield from job.cache.store("article page", page_key,
                                   [(spec.path, _page_bytes(spec, job.site))])


class _Lists:
    """Which lists a preview has made already from equal inputs (collate's `unchanged`):
    their pages are reused; the pages of the others are kept as they are made."""

    def __init__(self, cache: Cache, pages_key: str) -> None:
        self.cache, self.pages_key = cache, pages_key
        self.reused: list[tuple[str, bytes]] = []
        self.fresh: dict[str, tuple[str, list[tuple[str, bytes]]]] = {}  # first page: key

    def unchanged(self, path: str, inputs: Callable[[], collate.Inputs]) -> bool:
        key = self.cache.key(self.pages_key, path, digest_of(inputs()))
        made = self.cache.lookup("list", key)
        if made is not None:
            self.reused.extend(made)
            return True
        self.fresh[path] = (key, [])
        return False

    def keep(self) -> None:
        for key, made in self.fresh.values():
            self.cache.store("list", key, made)


def _list_files(job: _Job, listings: Sequence[Listing], registries: Registries,
                pages_key: str) -> Iterator[tuple[str, bytes]]:
    """Every page but the articles', rendered (or kept from equal inputs)."""
    lists = _Lists(job.cache, pages_key)
    for spec in collate.list_pages(listings, registries, job.site,
                                   lists.unchanged if job.cache.keep else None):
        fresh = lists.fresh.get(_first_page(spec.path))
        if fresh is not None:
            data = _page_bytes(spec, job.site)
            fresh[1].append((spec.path, data))
        elif job.cache.keep:  # an index or home: cheap to make, dear to render
            data = job.cache.get("page", job.cache.key(pages_key, digest_of(spec)),
                                 functools.partial(_page_bytes, spec, job.site))
        else:
            data = _page_bytes(spec, job.site)
        yield spec.path, data
    yield from lists.reused
    lists.keep()


def _page_bytes(page: collate.PageSpec, site: Site) -> bytes:
    return render(page, site.language).encode("utf-8")


# ----------------------------------------------------------------------- the rest


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


def _counts(articles: int, registries: Registries) -> str:
    return (f"{articles} articles, {len(registries.entities)} people and organisations, "
            f"{len(registries.terms)} terms, {len(registries.topics)} topics")


def _assets() -> dict[str, bytes]:
    return {"assets/javascripts/arabic-fold.js":
            resources.files("build_tools.arabic").joinpath("arabic-fold.js").read_bytes(),
            **web_fonts()}


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


def _hand_written(docs: Path) -> dict[str, bytes]:
    """The files of docs/ that are not generated (about/, stylesheets): a preview in its
    own folder needs them too."""
    generated_files = write.read_manifest(docs)
    return {path.relative_to(docs).as_posix(): path.read_bytes()
            for path in sorted(docs.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in
                                          path.relative_to(docs).parts)
            and path.relative_to(docs).as_posix() not in generated_files}


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


__all__ = ["Paths", "Report", "Site", "build", "busy_diagnostic", "check", "generate",
           "site_settings", "source_date_epoch", "unwritable_outputs"]
