"""Preview: generate docs/ in place, let MkDocs serve it, regenerate when collection/ changes.

With `only` (article ids or glob patterns), the preview holds just those articles and the
pages they touch (their people, terms, topics, year, the indexes and home), generated into
.build/preview/docs: a few dozen pages for MkDocs to rebuild, whatever the collection's size.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .collate import Site
from .diagnostics import format_text, summary


class _Regenerate(FileSystemEventHandler):
    """Debounced: a burst of saves triggers one regeneration."""

    def __init__(self, paths: pipeline.Paths, site: Site, only: Sequence[str] = ()) -> None:
        self.paths, self.site, self.only = paths, site, only
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
        _generate(self.paths, self.site, self.only)


def preview_docs(paths: pipeline.Paths) -> Path:
    return paths.staging / "preview" / "docs"


def _generate(paths: pipeline.Paths, site: Site, only: Sequence[str] = ()) -> bool:
    report = pipeline.generate(paths, site, docs=preview_docs(paths) if only else None,
                               only=only)
    if report.diagnostics:
        print(format_text(report.diagnostics), file=sys.stderr)
    detail = "; ".join(f"{name}: {seconds:.2f} s, {what}" for name, seconds, what in report.stages)
    print(f"check: {summary(report.diagnostics)}" + (f"; {detail}" if detail else "")
          + ("" if report.ok else " — the preview keeps the last good pages"), file=sys.stderr)
    return report.ok


def serve(paths: pipeline.Paths, site: Site, port: int, only: Sequence[str] = ()) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    _generate(paths, site, only)
    observer = Observer()
    observer.schedule(_Regenerate(paths, site, only), str(paths.collection), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config_file=str(paths.config), dev_addr=f"127.0.0.1:{port}",
                     livereload=True, docs_dir=str(preview_docs(paths) if only else paths.docs))
    finally:
        observer.stop()
        observer.join()
    return 0
