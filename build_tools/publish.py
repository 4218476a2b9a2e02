"""The thin glue to the publishing engine (MkDocs + Material) and the search indexer.

Kept small on purpose: generation writes plain Markdown, so another engine that reads
`mkdocs.yml` and `docs/` could replace this module alone.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

from .diagnostics import Diagnostic


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_build(config: Path, docs: Path, site: Path, problems: list[Diagnostic]) -> str:
    """`mkdocs build --strict` with docs_dir and site_dir pointed at the staging area."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with redirect_stdout(io.StringIO()):
            cfg = load_config(str(config), docs_dir=str(docs), site_dir=str(site), strict=True)
            build(cfg)
    except (MkDocsException, OSError) as error:
        detail = "; ".join(handler.messages) or str(error)
        problems.append(Diagnostic(config.name, 1, 1, "mkdocs", f"mkdocs build failed: {detail}",
                                   "this is a problem in the site's configuration or templates, "
                                   "not in the collection"))
    finally:
        logger.removeHandler(handler)
    pages = sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0
    return f"{pages} HTML files"


def index(site: Path, problems: list[Diagnostic]) -> str:
    """The search index: Pagefind over the built site, into site/pagefind/.

    Only pages that mark their main container with `data-pagefind-body` (articles, people,
    terms) are indexed. Every page is Arabic to the stemmer, whatever script a name is in,
    so one index serves every query (`--force-language ar`). The CLI rather than the
    asyncio API, so a build can run where an event loop already runs (a test's browser).
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "ar"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()
        problems.append(Diagnostic("site", 1, 1, "pagefind",
                                   f"search indexing failed: {' '.join(detail[-3:])}",
                                   "this is a problem in the site's templates or in Pagefind, "
                                   "not in the collection"))
        return "failed"
    pages = re.search(r"Indexed (\d+) pages?", run.stdout)
    return f"{pages.group(1) if pages else '?'} pages indexed"
