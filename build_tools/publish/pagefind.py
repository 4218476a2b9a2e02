"""Pagefind: the search index of the built site, in bounded parts merged into one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..diagnostics import Diagnostic
from . import searchindex


def index(site: Path, problems: list[Diagnostic],
          part_pages: int = searchindex.PART_PAGES) -> str:
    """The search index: Pagefind over the built site, into site/pagefind/.

    Only pages that mark their main container with `data-pagefind-body` (articles, people,
    terms) are indexed. One index serves every page and query, whatever its script, and
    without Pagefind's stemmer (`--force-language und`): queries meet the pages only on
    the hidden terms `arabic.index_terms` writes, folded and clitic-free, and Snowball's
    Arabic suffix stripping on top of them cut keys so short that a prefix match found
    unrelated words (كرة -> كرامة). Measured in docs/about/search.md.

    Pagefind runs once per part of the site (`searchindex.parts`), AT_ONCE at a time, so
    its memory stays bounded whatever the collection's size, and `searchindex.merge` joins
    the parts into one bundle, the same bytes for the same site. The CLI rather than the
    asyncio API, so a build can run where an event loop already runs (a test's browser).
    """
    # Named by process: Pagefind runs of a build that was killed may still be writing
    # theirs, which this run clears but never shares.
    for stale in site.parent.glob("pagefind-parts-*"):
        shutil.rmtree(stale, ignore_errors=True)
    work = site.parent / f"pagefind-parts-{os.getpid()}"
    globs = searchindex.parts(site, part_pages)
    if not globs:
        return "no searchable pages"

    def run(number: int) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob",
                   globs[number], "--output-path", str(work / str(number)),
                   "--force-language", "und"]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    try:
        with ThreadPoolExecutor(searchindex.AT_ONCE) as pool:
            for finished in pool.map(run, range(len(globs))):
                if finished.returncode != 0:
                    detail = (finished.stderr or finished.stdout).strip().splitlines()
                    problems.append(Diagnostic(
                        "site", 1, 1, "pagefind",
                        f"search indexing failed: {' '.join(detail[-3:])}",
                        "this is a problem in the site's templates or in Pagefind, "
                        "not in the collection"))
                    return "failed"
        merged = searchindex.merge([work / str(n) for n in range(len(globs))],
                                   site / "pagefind")
    except (OSError, ValueError, KeyError, TypeError) as error:
        problems.append(Diagnostic("site", 1, 1, "pagefind",
                                   f"the parts of the search index were not merged: {error}",
                                   "Pagefind's index format may have changed: see "
                                   "build_tools/publish/searchindex.py"))
        return "failed"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return (f"{merged.pages:,} pages indexed in {len(globs)} "
            f"part{'s' if len(globs) != 1 else ''}, {merged.chunks:,} index chunks, "
            f"{merged.filters} filters")
