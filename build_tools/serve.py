"""Preview: generate docs/ in place, build and index it, serve it, redo it on each change.

A save in collection/ regenerates the Markdown; a change in the Markdown makes MkDocs'
live server rebuild the site into .build/preview/site and Pagefind index it there, so the
preview's search box finds what the published site's would.

With `only` (article ids or glob patterns), the preview holds just those articles and the
pages they touch (their people, terms, topics, year, the indexes and home), generated into
.build/preview/docs: a few dozen pages for MkDocs to rebuild, whatever the collection's size.
"""

from __future__ import annotations

import logging
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import failures, pipeline, publish, write
from .config import Site
from .diagnostics import Diagnostic, format_text, summary
from .render import render_preview_problems

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _Problems:
    """The collection's errors as they are now: shown over every page of the preview until
    they are fixed, since the pages below them are the last good ones."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.notice = b""

    def show(self, diagnostics: Sequence[Diagnostic]) -> bool:
        """Take in the errors of the latest check; whether what is shown changed."""
        errors = [d for d in diagnostics if d.is_error]
        notice = render_preview_problems(len(errors), format_text(errors)).encode() \
            if errors else b""
        with self.lock:
            changed, self.notice = notice != self.notice, notice
        return changed


class _PreviewServer(LiveReloadServer):
    """MkDocs' live-reloading server, with the collection's current errors over each page."""

    def __init__(self, problems: _Problems, **options: Any) -> None:
        super().__init__(**options)
        self.problems = problems

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        notice = self.problems.notice
        if not notice:
            return content
        at = content.rfind(b"</body>")
        return content[:at] + notice + content[at:] if at >= 0 else content + notice

    def reload_browsers(self) -> None:
        """Make each open page load again, as after a rebuild: the errors changed, the
        pages did not. (MkDocs' server has no public call for it; mkdocs is pinned <2.)"""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = round(time.monotonic() * 1000)
            self._epoch_cond.notify_all()


class _Regenerate(FileSystemEventHandler):
    """Debounced: a burst of saves triggers one regeneration."""

    def __init__(self, paths: pipeline.Paths, site: Site, only: Sequence[str] = (),
                 shown: Callable[[Sequence[Diagnostic]], None] = lambda _problems: None
                 ) -> None:
        self.paths, self.site, self.only, self.shown = paths, site, only, shown
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"opened", "closed_no_write"} or Path(
                str(event.src_path)).name.startswith("."):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.3, self.run)
            self.timer.start()

    def run(self) -> None:
        try:
            self.shown(_generate(self.paths, self.site, self.only).diagnostics)
        except Exception as error:  # in a timer's thread, it would print a traceback
            problem = failures.explain(error, self.paths.root)
            print(format_text([problem]), file=sys.stderr)
            self.shown([problem])


def preview_docs(paths: pipeline.Paths) -> Path:
    return paths.staging / "preview" / "docs"


def preview_site(paths: pipeline.Paths) -> Path:
    """What the preview serves: MkDocs' output and its search index, rebuilt on each change."""
    return paths.staging / "preview" / "site"


def _generate(paths: pipeline.Paths, site: Site, only: Sequence[str] = ()) -> pipeline.Report:
    report = pipeline.generate(paths, site, docs=preview_docs(paths) if only else None,
                               only=only)
    if report.diagnostics:
        print(format_text(report.diagnostics), file=sys.stderr)
    detail = "; ".join(f"{name}: {seconds:.2f} s, {what}" for name, seconds, what in report.stages)
    print(f"check: {summary(report.diagnostics)}" + (f"; {detail}" if detail else "")
          + ("" if report.ok or _names_nothing(report)
             else " — the preview keeps the last good pages"), file=sys.stderr)
    return report


def _names_nothing(report: pipeline.Report) -> bool:
    """Whether an --only matched no article: then there are no pages to keep."""
    return any(d.code == "no-match" for d in report.diagnostics)


def _preview_config(paths: pipeline.Paths, docs: Path, site_dir: Path,
                    serve_url: str) -> MkDocsConfig:
    from mkdocs.config import load_config

    config = load_config(str(paths.config), docs_dir=str(docs), site_dir=str(site_dir),
                         site_url=serve_url)
    # Articles are never in the nav (DESIGN.md: navigation at scale), so MkDocs would list
    # every one of them at each rebuild; `build` keeps the setting, the preview drops only
    # that message. Every warning still shows.
    config.validation.nav.omitted_files = logging.DEBUG
    return config


def publish_preview(paths: pipeline.Paths, docs: Path, serve_url: str) -> list[Diagnostic]:
    """MkDocs over the preview's `docs`, then Pagefind over what it built, into
    preview_site: the preview's search finds what the published site's would."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    site_dir = preview_site(paths)
    problems: list[Diagnostic] = []
    try:
        build(_preview_config(paths, docs, site_dir, serve_url), serve_url=serve_url)
    except MkDocsException as error:
        problems.append(Diagnostic(
            paths.config.name, 1, 1, "mkdocs", f"the preview was not rebuilt: {error}",
            "the warnings above say which page and why; the preview keeps the last good "
            "pages"))
        return problems
    started = time.perf_counter()
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    detail = publish.index(site_dir, problems)
    print(f"search index: {time.perf_counter() - started:.2f} s, {detail}", file=sys.stderr)
    return problems


def _rebuild(paths: pipeline.Paths, docs: Path, serve_url: str) -> None:
    """What the live server runs on each change. Whatever goes wrong is said as a
    diagnostic: MkDocs' server would print a traceback and stay stuck."""
    try:
        problems = publish_preview(paths, docs, serve_url)
    except Exception as error:  # the preview goes on serving the last good pages
        problems = [failures.explain(error, paths.root)]
    if problems:
        print(format_text(problems), file=sys.stderr)


def _live(server: _PreviewServer, paths: pipeline.Paths, docs: Path) -> None:
    """Serve preview_site, rebuilt by `_rebuild` when `docs` or mkdocs.yml change."""
    server.builder()
    server.watch(str(docs))
    server.watch(str(paths.config))
    try:
        server.serve()  # type: ignore[no-untyped-call]
    finally:
        server.shutdown()


def port_taken(port: int, host: str = "127.0.0.1") -> Diagnostic | None:
    """A problem if another program listens on `port` already, said before anything is built."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as error:
            return Diagnostic(
                ".", 1, 1, "port-taken",
                f"cannot serve on {host}:{port}: {error.strerror or error}",
                f"another program (perhaps another preview) uses it: stop it, or preview on "
                f"another port: python -m build_tools serve --port {port + 1}")
    return None


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def serve(paths: pipeline.Paths, site: Site, port: int, only: Sequence[str] = ()) -> int:
    """Generate, build and index; serve on 127.0.0.1:`port`, rebuilding on each change.
    An `only` that names no article stops here, before serving: there is nothing to see;
    nor does a preview start on a port in use, or beside another build or preview."""
    if (taken := port_taken(port)) is not None:
        print(format_text([taken]), file=sys.stderr)
        return 1
    try:
        with write.exclusive(paths.staging, "preview", lambda _holder: None):
            return _serve(paths, site, port, only)
    except write.Busy as busy:
        print(format_text([pipeline.busy_diagnostic(paths, busy.holder)]), file=sys.stderr)
        return 1


def _serve(paths: pipeline.Paths, site: Site, port: int, only: Sequence[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    report = _generate(paths, site, only)
    if _names_nothing(report):
        print("serve: stopped before serving: an --only names no article", file=sys.stderr)
        return 1
    problems = _Problems()
    problems.show(report.diagnostics)
    host = "127.0.0.1"
    serve_url = f"http://{host}:{port}/"
    docs = preview_docs(paths) if only else paths.docs
    server = _PreviewServer(problems, builder=lambda: _rebuild(paths, docs, serve_url),
                            host=host, port=port, root=str(preview_site(paths)))
    server.error_handler = lambda code: _error_page(preview_site(paths), code)

    def shown(diagnostics: Sequence[Diagnostic]) -> None:
        if problems.show(diagnostics):
            server.reload_browsers()

    observer = Observer()
    observer.schedule(_Regenerate(paths, site, only, shown), str(paths.collection),
                      recursive=True)
    observer.start()
    try:
        _live(server, paths, docs)
    finally:
        observer.stop()
        observer.join()
    return 0
