"""A running preview checks again only what changed (validate.CheckCache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools import pipeline, validate
from build_tools.models import Article
from tests.conftest import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> pipeline.Paths:
    paths = make_repo(tmp_path)
    # Stamps of files written just now are not trusted (see validate._settled): age them.
    for path in paths.collection.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return paths


def _article(paths: pipeline.Paths, cache: validate.CheckCache) -> Article:
    collection = pipeline.check(paths, cache).collection
    assert collection is not None
    [article] = collection.articles
    return article


def _sidecar(paths: pipeline.Paths) -> Path:
    return next(paths.collection.glob("articles/*/*.yml"))


def test_nothing_changed_gives_the_same_objects(repo: pipeline.Paths) -> None:
    cache = validate.CheckCache()
    assert _article(repo, cache) is _article(repo, cache)


def test_a_file_touched_but_not_changed_is_not_checked_again(repo: pipeline.Paths) -> None:
    cache = validate.CheckCache()
    first = _article(repo, cache)
    _sidecar(repo).touch()
    assert _article(repo, cache) is first


def test_a_changed_sidecar_is_checked_again(repo: pipeline.Paths) -> None:
    cache = validate.CheckCache()
    first = _article(repo, cache)
    sidecar = _sidecar(repo)
    sidecar.write_text(sidecar.read_text("utf-8") + "\n# a comment\n", "utf-8")
    second = _article(repo, cache)
    assert second is not first and second == first


def test_a_changed_registry_checks_every_article_again(repo: pipeline.Paths) -> None:
    cache = validate.CheckCache()
    first = _article(repo, cache)
    person = next(repo.collection.glob("people/*.yml"))
    person.write_text(person.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert _article(repo, cache) is not first
