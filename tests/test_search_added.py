""".ci/search_added.py: the pull-request job finds each added article by searching the
built site for its title, and fails when the search does not find it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import pipeline
from tests.conftest import ROOT, SEED_ARTICLE, make_repo
from tests.support.browser import CHROMIUM

SCRIPT = ROOT / ".ci" / "search_added.py"
TEXT = f"collection/{SEED_ARTICLE}.txt"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _needs_chromium(built_repo: pipeline.Paths) -> None:
    """The seed site is built before the script's browser starts (see conftest.browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium")


def search_added(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                   capture_output=True)


def test_the_seed_article_is_found_by_its_title(built_repo: pipeline.Paths) -> None:
    result = search_added("--site", built_repo.site, TEXT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"found {TEXT} by «التقى القائد المحترم كيم جونغ وون»: result 1 of" in result.stderr


def test_a_page_the_search_does_not_find_fails(built_repo: pipeline.Paths,
                                               tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_repo.site, site)
    page = site / "articles" / "2025" / "2025-01-01-unindexed" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<h1 id="title">مقالة «لا يعرفها» الفهرس</h1>', "utf-8")
    text = "collection/articles/2025/2025-01-01-unindexed.txt"
    result = search_added("--site", site, "--format", "github", TEXT, text)
    assert result.returncode == 1
    assert f"found {TEXT}" in result.stderr
    assert result.stdout.startswith(f"::error file={text},line=1,col=1,"
                                    "title=not-found-by-search::searching for «مقالة لا "
                                    "يعرفها الفهرس» (the first words of its title) does not "
                                    "find its page /articles/2025/2025-01-01-unindexed/")


def test_the_added_articles_come_from_git(built_repo: pipeline.Paths, tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    article = paths.collection / SEED_ARTICLE
    kept = {suffix: article.with_suffix(suffix).read_bytes() for suffix in (".txt", ".yml")}
    for suffix in kept:
        article.with_suffix(suffix).unlink()
    git(paths.root, "init", "-q")
    git(paths.root, "add", "-A")
    git(paths.root, "commit", "-q", "-m", "before the article")
    for suffix, data in kept.items():
        article.with_suffix(suffix).write_bytes(data)
    git(paths.root, "add", "-A")
    git(paths.root, "commit", "-q", "-m", "the article")
    site = ("--site", built_repo.site, "--root", paths.root)
    added = search_added(*site, "--base", "HEAD~1")
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"found {TEXT} by" in added.stderr
    none = search_added(*site, "--base", "HEAD")
    assert (none.returncode, none.stdout) == (0, "")
    assert "no article added" in none.stderr
    unknown = search_added(*site, "--base", "no-such-commit")
    assert unknown.returncode == 1
    assert unknown.stdout.startswith(".:1:1: error: git diff against `no-such-commit` failed")
    assert "fetch-depth: 0" in unknown.stdout
