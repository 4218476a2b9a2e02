"""MkDocs + Material: `mkdocs build --strict` of the generated docs/, its warnings
as diagnostics."""

from __future__ import annotations

import io
import logging
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _forget_source(html: str, **_context: Any) -> str:
    """MkDocs keeps every page's Markdown until the build ends, though nothing reads it once
    converted: at 10,000 articles that is some 400 MB. An empty string (not None) keeps
    `page.title` answering as before (front matter, else the first heading)."""
    page = _context["page"]
    page.markdown = ""
    return html


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
            cfg.plugins.events["page_content"].append(_forget_source)
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
