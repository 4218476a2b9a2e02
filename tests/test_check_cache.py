"""A running preview checks again only what changed: its cache (runtime.cache.Cache) keeps
each unit's result by the digest of what it was made from, never by object identity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.models import Article
from build_tools.runtime.cache import Cache, digest
from tests.conftest import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> pipeline.Paths:
    return make_repo(tmp_path)


def _article(paths: pipeline.Paths, cache: Cache) -> Article:
    collection = pipeline.check(paths, cache).collection
    assert collection is not None
    [article] = collection.articles
    return article


def _sidecar(paths: pipeline.Paths) -> Path:
    return next(paths.collection.glob("articles/*/*.yml"))


def test_nothing_changed_gives_the_same_objects(repo: pipeline.Paths) -> None:
    cache = Cache()
    assert _article(repo, cache) is _article(repo, cache)


def test_a_file_touched_but_not_changed_is_not_checked_again(repo: pipeline.Paths) -> None:
    cache = Cache()
    first = _article(repo, cache)
    os.utime(_sidecar(repo), ns=(2_000_000_000, 2_000_000_000))
    assert _article(repo, cache) is first


def test_a_file_rewritten_with_the_same_bytes_is_not_checked_again(
        repo: pipeline.Paths) -> None:
    cache = Cache()
    first = _article(repo, cache)
    sidecar = _sidecar(repo)
    data = sidecar.read_bytes()
    sidecar.unlink()
    sidecar.write_bytes(data)  # a new inode and time: only the bytes are the same
    assert _article(repo, cache) is first


def test_a_changed_sidecar_is_checked_again(repo: pipeline.Paths) -> None:
    cache = Cache()
    first = _article(repo, cache)
    sidecar = _sidecar(repo)
    sidecar.write_text(sidecar.read_text("utf-8") + "\n# a comment\n", "utf-8")
    second = _article(repo, cache)
    assert second is not first and second == first


def test_a_changed_registry_checks_every_article_again(repo: pipeline.Paths) -> None:
    cache = Cache()
    first = _article(repo, cache)
    person = next(repo.collection.glob("people/*.yml"))
    person.write_text(person.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert _article(repo, cache) is not first


def test_a_cache_that_keeps_nothing_checks_everything_again(repo: pipeline.Paths) -> None:
    cache = Cache(keep=False)
    first = _article(repo, cache)
    assert _article(repo, cache) is not first and _article(repo, cache) == first


def test_what_a_run_did_not_ask_for_is_forgotten() -> None:
    cache = Cache()
    cache.get("unit", cache.key("a"), lambda: 1)
    cache.get("unit", cache.key("b"), lambda: 2)
    cache.sweep()
    cache.get("unit", cache.key("a"), lambda: 3)
    cache.sweep()
    assert cache.get("unit", cache.key("a"), lambda: 4) == 1
    assert cache.get("unit", cache.key("b"), lambda: 5) == 5


def test_digests_tell_parts_apart() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", None) != digest("a", "")
    assert digest(b"x") == digest("x")
