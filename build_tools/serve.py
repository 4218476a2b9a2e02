"""Preview: generate docs/ in place, let MkDocs serve it, regenerate when collection/ changes."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .collate import Site
from .diagnostics import format_text, summary


class _Regenerate(FileSystemEventHandler):
    """Debounced: a burst of saves triggers one regeneration."""

    def __init__(self, paths: pipeline.Paths, site: Site) -> None:
        self.paths, self.site = paths, site
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
        _generate(self.paths, self.site)


def _generate(paths: pipeline.Paths, site: Site) -> bool:
    report = pipeline.generate(paths, site)
    if report.diagnostics:
        print(format_text(report.diagnostics), file=sys.stderr)
    detail = "; ".join(f"{name}: {seconds:.2f} s, {what}" for name, seconds, what in report.stages)
    print(f"check: {summary(report.diagnostics)}" + (f"; {detail}" if detail else "")
          + ("" if report.ok else " — the preview keeps the last good pages"), file=sys.stderr)
    return report.ok


def serve(paths: pipeline.Paths, site: Site, port: int) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    _generate(paths, site)
    observer = Observer()
    observer.schedule(_Regenerate(paths, site), str(paths.collection), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config_file=str(paths.config), dev_addr=f"127.0.0.1:{port}",
                     livereload=True)
    finally:
        observer.stop()
        observer.join()
    return 0
