"""The thin glue to the publishing engine (MkDocs + Material, `mkdocs.py`) and the search
indexer (Pagefind, `pagefind.py`, whose parts `searchindex.py` merges); and the typeface
the site serves (`fonts.py`).

Kept small on purpose: generation writes plain Markdown, so another engine that reads
`mkdocs.yml` and `docs/` could replace `mkdocs.py` alone.
"""

from __future__ import annotations

from .mkdocs import mkdocs_build
from .pagefind import index

__all__ = ["index", "mkdocs_build"]
