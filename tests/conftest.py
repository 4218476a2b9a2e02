"""Shared fixtures: throwaway copies of the repository, built sites, a local server, Chromium."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from build_tools import pipeline
from build_tools.config import Site
from tests.support.browser import CHROMIUM, chromium, serve
from tests.support.synthetic import copy_site_sources

# Property tests run with a fixed seed and no per-example deadline: the same examples on
# every run, so a failure in CI is reproducible and never a matter of luck or load.
settings.register_profile("fixed", derandomize=True, deadline=None)
settings.load_profile("fixed")

ROOT = Path(__file__).resolve().parent.parent
# The seed article and its registries as they were when it entered the collection: tests
# that need to know what an article says use this frozen copy, never the live collection/,
# which grows with every pull request (tests/test_collection.py checks that one).
SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
SEED_ARTICLE = "articles/2025/2025-07-12-kim-jong-un-receives-lavrov"  # inside SEED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test is a slow one: `python3 dev.py test --fast` leaves out every test
    marked `browser` without each having to say `slow` as well."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def make_repo(target: Path, collection: Path = SEED) -> pipeline.Paths:
    """A repository in `target`: the real site sources and a collection (default: the seed)."""
    copy_site_sources(target)
    shutil.copytree(collection, target / "collection")
    return pipeline.Paths(target)


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its path: equal digests mean byte-identical trees."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(paths: pipeline.Paths) -> pipeline.Report:
    report = pipeline.build(paths, Site())
    assert report.ok, "\n".join(d.message for d in report.diagnostics)
    return report


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Paths:
    """The seed collection, built once per test session into a throwaway repository."""
    paths = make_repo(tmp_path_factory.mktemp("repo"))
    build(paths)
    return paths


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Serve any number of built sites on 127.0.0.1; returns a function site_dir -> base URL."""
    with contextlib.ExitStack() as servers:
        yield lambda site: servers.enter_context(serve(site))


@pytest.fixture(scope="session")
def site_url(built_repo: pipeline.Paths, serve_site: Callable[[Path], str]) -> str:
    """The base URL of the seed collection's built site."""
    return serve_site(built_repo.site)


@pytest.fixture(scope="session")
def browser(built_repo: pipeline.Paths) -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright. In CI a missing browser fails.

    The seed collection is built first: a build forks processes, best done before
    Playwright starts a thread in this one (a later build, such as test_hostile's, only
    forks beside the thread asyncio waits for Playwright's driver with)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: apt-get install chromium (as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with chromium() as browser:
        yield browser
