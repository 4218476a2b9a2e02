"""The thin glue to the publishing engine (MkDocs + Material) and the search indexer.

Kept small on purpose: generation writes plain Markdown, so another engine that reads
`mkdocs.yml` and `docs/` could replace this module alone.
"""

from __future__ import annotations

import io
import logging
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
    so one index serves every query (`force_language`).
    """
    import asyncio

    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> int:
        config = IndexConfig(force_language="ar", output_path=str(site / "pagefind"))
        async with PagefindIndex(config=config) as pagefind:
            added = await pagefind.add_directory(str(site))
        return int(added["page_count"])

    try:
        pages = asyncio.run(run())
    except Exception as error:  # the service reports any failure as a plain exception
        problems.append(Diagnostic("site", 1, 1, "pagefind", f"search indexing failed: {error}",
                                   "this is a problem in the site's templates or in Pagefind, "
                                   "not in the collection"))
        return "failed"
    return f"{pages} pages indexed"
