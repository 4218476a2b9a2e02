"""The preview and the build make every page by the same code (pipeline._check, then
pipeline._generate): for the same collection, the docs/ a preview writes equals the one a
build writes, byte for byte, whether the build works in one process or several, and
whether the preview started fresh or regenerated after edits, additions and deletions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools import pipeline, write
from build_tools.config import Site
from build_tools.runtime.cache import Cache
from tests.conftest import digest, make_repo
from tests.contributions import add_articles
from tests.support import synthetic

SMALL = synthetic.Sizes(people=12, terms=15, topics=5)


def _built_docs(paths: pipeline.Paths, site: Site, target: Path) -> dict[str, str]:
    """What a build generates into its staging area (check and generate, no MkDocs)."""
    report, epoch = pipeline._check_and_generate(paths, site, Cache(keep=False), target,
                                                 staged=True)
    assert report.ok and epoch, [d.message for d in report.diagnostics]
    return _generated(target)


def _generated(docs: Path) -> dict[str, str]:
    """The digest of every generated file of `docs` (as its manifest lists them)."""
    every = digest(docs)
    return {name: every[name] for name in sorted(write.read_manifest(docs))
            if name in every}


def _previewed(paths: pipeline.Paths, site: Site, target: Path) -> dict[str, str]:
    report = pipeline.generate(paths, site, docs=target)
    assert report.ok, [d.message for d in report.diagnostics]
    hand_written = set(digest(paths.docs)) - write.read_manifest(paths.docs)
    return {name: value for name, value in _generated(target).items()
            if name not in hand_written}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def synthetic_repo(tmp_path: Path) -> pipeline.Paths:
    synthetic.write_collection(tmp_path / "repo", 30, 5, SMALL)
    synthetic.copy_site_sources(tmp_path / "repo")
    return pipeline.Paths(tmp_path / "repo")


@pytest.mark.parametrize("workers", [1, 2])
def test_the_preview_writes_what_the_build_writes(synthetic_repo: pipeline.Paths,
                                                  tmp_path: Path, workers: int) -> None:
    site = Site(page_size=4, workers=workers)  # lists of several pages, forked or not
    built = _built_docs(synthetic_repo, site, tmp_path / "built")
    assert built == _previewed(synthetic_repo, site, tmp_path / "preview")
    assert any("/page-2.md" in name for name in built)


def test_a_preview_regenerated_after_edits_writes_what_a_fresh_build_writes(
        tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    site = Site(page_size=2)
    preview = tmp_path / "preview"
    _previewed(paths, site, preview)
    # Edits a contributor makes while the preview runs: new articles (with a new person,
    # term and topic), a sidecar changed, then an article deleted.
    add_articles(paths.collection, 3)
    _previewed(paths, site, preview)
    sidecar = sorted(paths.collection.glob("articles/*/*.yml"))[-1]
    _replace(sidecar, "An invented meeting", "An edited meeting")
    _replace(paths.collection / "people/sergey-lavrov.yml", '"Sergey Lavrov"',
             '"Sergei Lavrov"')
    _previewed(paths, site, preview)
    first_text = sorted(paths.collection.glob("articles/*/*.txt"))[-1]
    first_text.unlink()
    first_text.with_suffix(".yml").unlink()
    regenerated = _previewed(paths, site, preview)
    assert regenerated == _built_docs(paths, site, tmp_path / "built")


def test_a_preview_of_some_articles_writes_their_pages_as_the_build_does(
        synthetic_repo: pipeline.Paths, tmp_path: Path) -> None:
    """`serve --only`: the article's page is the build's, but for links to neighbours
    that are not in the preview."""
    site = Site()
    built = _built_docs(synthetic_repo, site, tmp_path / "built")
    shutil.copytree(synthetic_repo.docs, tmp_path / "docs-copy")
    article = sorted(synthetic_repo.collection.glob("articles/*/*.yml"))[0]
    report = pipeline.generate(synthetic_repo, site, docs=tmp_path / "only",
                               only=[article.stem])
    assert report.ok
    page = f"articles/{article.parent.name}/{article.stem}.md"
    only = _generated(tmp_path / "only")
    assert page in only and page in built
    assert set(only) < set(built) | set(digest(synthetic_repo.docs))
