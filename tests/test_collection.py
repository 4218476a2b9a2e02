"""The live collection/, whatever it holds: it checks clean, builds, and publishes every text.

These tests know nothing of what collection/ contains. Each runs on the collection as it is,
on the seed, on the live collection with three more articles that strangers could send
(each naming known people, a new person, a new term and a new topic), and on it with every
sidecar edited in ways `check` accepts. So a correct pull request cannot turn them red, and
a collection of 1 article or 10,000 is held to the same rules.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.links import check_site, read_page, target
from tests.conftest import ROOT, SEED, build, make_repo
from tests.contributions import add_articles, edit_sidecars
from tests.html import parse

pytestmark = pytest.mark.slow  # builds the live collection


def _as_it_is(collection: Path) -> None:
    del collection


def _with_three_more(collection: Path) -> None:
    assert len(add_articles(collection, 3)) == 3


def _edited(collection: Path) -> None:
    edit_sidecars(collection)


VARIANTS: dict[str, tuple[Path, Callable[[Path], None]]] = {
    "live": (ROOT / "collection", _as_it_is),
    "seed": (SEED, _as_it_is),
    "live-with-three-more": (ROOT / "collection", _with_three_more),
    "live-edited": (ROOT / "collection", _edited),
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> pipeline.Paths:
    """A throwaway repository holding one variant of the collection, checked and built."""
    source, change = VARIANTS[request.param]
    target = tmp_path_factory.mktemp(request.param)
    collection = target / "collection-source"
    shutil.copytree(source, collection)
    change(collection)
    paths = make_repo(target / "repo", collection)
    checked = pipeline.check(paths)
    assert checked.diagnostics == (), "\n".join(
        f"{d.path}:{d.line}:{d.column}: {d.message}" for d in checked.diagnostics)
    build(paths)
    return paths


def test_every_article_page_holds_its_source_text_character_for_character(
        repo: pipeline.Paths) -> None:
    collection = pipeline.check(repo).collection
    assert collection is not None and collection.articles
    for article in collection.articles:
        source = article.source_text.text
        page = parse((repo.site / "articles" / str(article.date.year) / article.id
                      / "index.html").read_text("utf-8"))
        blocks = sorted(
            (int(e.attrs["data-source-start"]), int(e.attrs["data-source-end"]), e.text)
            for e in page.find_all(cls="cl-source"))
        assert blocks, article.id
        cursor = 0
        for start, end, text in blocks:
            assert source[cursor:start].strip("\n") == "", f"{article.id}: gap at {cursor}"
            assert text == source[start:end], f"{article.id}: block {start}..{end} differs"
            cursor = end
        assert source[cursor:].strip("\n") == "", f"{article.id}: text after {cursor} missing"


def test_every_internal_link_and_anchor_resolves(repo: pipeline.Paths) -> None:
    assert check_site(repo.site) == []


def test_every_page_is_reachable_from_the_home_page(repo: pipeline.Paths) -> None:
    """Articles are not in the navigation, so the index pages must lead to each of them."""
    files = {p.relative_to(repo.site).as_posix() for p in repo.site.rglob("*") if p.is_file()}
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        page = queue.pop()
        for link in read_page((repo.site / page).read_text("utf-8")).links:
            found = target(page, link.reference, files)
            if found and found[0].endswith(".html") and found[0] in files \
                    and found[0] not in seen:
                seen.add(found[0])
                queue.append(found[0])
    pages = {name for name in files if name.endswith("index.html")}
    assert sorted(pages - seen) == []


def test_every_entry_of_every_registry_has_its_page(repo: pipeline.Paths) -> None:
    collection = pipeline.check(repo).collection
    assert collection is not None
    for folder, entries in (("people", collection.entities), ("glossary", collection.terms),
                            ("topics", collection.topics)):
        for entry in entries:
            assert (repo.site / folder / entry.id / "index.html").is_file(), f"{folder}/{entry.id}"
