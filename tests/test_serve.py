"""`serve`, the contributor's preview: a real process on a free port, over the seed fixture.

It refuses an `--only` that names no article before serving, serves a site whose search
finds the article, rebuilds and re-indexes it when a sidecar is saved, and does not list
every page that is not in the navigation.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_tools import arabic, pipeline, serve
from build_tools.config import Site
from build_tools.publish import searchindex
from build_tools.serve import preview_site
from tests.support.browser import SearchBox

from .conftest import ROOT, SEED_ARTICLE, make_repo

pytestmark = pytest.mark.slow  # runs the preview server in a subprocess

ARTICLE_ID = SEED_ARTICLE.rsplit("/", 1)[1]
ARTICLE_URL = f"/articles/2025/{ARTICLE_ID}/"
OMITTED = "exist in the docs directory, but are not included in the"  # MkDocs' INFO line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command(paths: pipeline.Paths, port: int, *args: str) -> list[str]:
    return [sys.executable, "-m", "build_tools", "--root", str(paths.root), "serve",
            "--port", str(port), *args]


@dataclass
class Preview:
    paths: pipeline.Paths
    url: str
    process: subprocess.Popen[str]
    log: Path

    def get(self, path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=5) as response:
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, ready: Any, what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            assert self.process.poll() is None, f"serve ended: {self.log.read_text('utf-8')}"
            assert time.monotonic() < deadline, f"{what}: {self.log.read_text('utf-8')}"
            time.sleep(0.25)


@contextlib.contextmanager
def running(paths: pipeline.Paths, log: Path, *args: str) -> Iterator[Preview]:
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command(paths, port, *args), cwd=ROOT, stdout=output,
                                   stderr=subprocess.STDOUT, text=True)
    preview = Preview(paths, f"http://127.0.0.1:{port}/", process, log)
    try:
        preview.wait_for(lambda: preview.get("pagefind/pagefind-entry.json") is not None,
                         "the preview's search index was never served")
        yield preview
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C in a terminal
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 130, log.read_text("utf-8")
    assert "Traceback" not in log.read_text("utf-8")


def index_words(bundle: Path) -> tuple[set[str], list[str]]:
    """Every word of a Pagefind bundle, and the URLs of its pages."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    [about] = entry["languages"].values()
    _version, pages, chunks, *_ = searchindex.read_chunk(bundle / f"pagefind.{about['hash']}"
                                                                  ".pf_meta")
    words: set[str] = set()
    for _start, _end, name in chunks:
        [chunk] = searchindex.read_chunk(bundle / "index" / f"{name}.pf_index")
        words |= {word for word, *_ in chunk}
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment")
                                       .read_bytes())[len(searchindex.SIGNATURE):])["url"]
            for fragment, _count in pages]
    return words, urls


@pytest.fixture()
def repo(tmp_path: Path) -> pipeline.Paths:
    return make_repo(tmp_path / "repo")


def test_an_only_that_names_no_article_stops_before_serving(repo: pipeline.Paths) -> None:
    mistyped = ARTICLE_ID[:-1]  # ...-lavro
    finished = subprocess.run(command(repo, free_port(), "--only", mistyped), cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=False)

    assert finished.returncode == 1, finished.stderr
    assert f"error: no article id matches `{mistyped}` [no-match]" in finished.stderr
    assert f"    hint: closest ids: {ARTICLE_ID}" in finished.stderr
    assert "Serving on" not in finished.stderr and "Traceback" not in finished.stderr
    assert not preview_site(repo).exists()  # nothing was built for it


def test_the_guide_quotes_what_an_unknown_only_prints(repo: pipeline.Paths) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    found = re.search(r"```text\n(collection/articles:1:1: error: no article id matches "
                      r"`(.+?)` \[no-match\]\n.+?)\n```", guide, re.DOTALL)
    assert found is not None, "CONTRIBUTING.md no longer quotes serve --only's error"
    finished = subprocess.run(command(repo, free_port(), "--only", found.group(2)), cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 1
    assert found.group(1) in finished.stderr


def test_the_closest_ids_are_those_of_that_day_or_spelt_alike() -> None:
    from build_tools.pipeline import _closest_ids

    ids = ["2025-07-11-a", "2025-07-12-kim-jong-un-receives-lavrov", "2025-07-12-other"]
    assert _closest_ids("2025-07-12", ids) == \
        "closest ids: 2025-07-12-kim-jong-un-receives-lavrov, 2025-07-12-other\n"
    assert _closest_ids("2025-07-12-kim-jong-un-recieves-lavrov", ids) == \
        "closest ids: 2025-07-12-kim-jong-un-receives-lavrov\n"  # a typo
    assert _closest_ids("zzzz", ids) == ""


def test_the_preview_is_searchable_and_follows_a_saved_sidecar(
        repo: pipeline.Paths, tmp_path: Path) -> None:
    with running(repo, tmp_path / "serve.log") as preview:
        assert preview.get(ARTICLE_URL) is not None
        words, urls = index_words(preview_site(repo) / "pagefind")
        assert ARTICLE_URL in urls
        # The hidden search terms the article page carries for a name in its text, and
        # for an alias in Latin letters: what a query for them meets.
        assert {*arabic.index_terms("لافروف"), "lavrov"} <= words

        sidecar = repo.collection / f"{SEED_ARTICLE}.yml"
        text = sidecar.read_text("utf-8")
        marker = "Zanzibarquokka"  # in no page until the summary says it
        assert marker.lower() not in words
        sidecar.write_text(text.replace("\n  en: \"", f"\n  en: \"{marker} ", 1), "utf-8")
        preview.wait_for(lambda: marker.lower() in _words_now(repo),
                         "the saved summary never reached the search index")
        page = preview.get(ARTICLE_URL)
        assert page is not None and marker.encode() in page

    log = (tmp_path / "serve.log").read_text("utf-8")
    assert OMITTED not in log  # not one line per article...
    assert "search index:" in log  # ...but what the index holds, at each rebuild


def _words_now(repo: pipeline.Paths) -> set[str]:
    try:
        return index_words(preview_site(repo) / "pagefind")[0]
    except (OSError, ValueError, KeyError, EOFError):
        return set()  # being rebuilt right now


@pytest.mark.browser
def test_the_preview_search_box_finds_the_article(
        repo: pipeline.Paths, tmp_path: Path, browser: Any) -> None:
    with running(repo, tmp_path / "serve.log", "--only", ARTICLE_ID) as preview:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(preview.url + ARTICLE_URL.lstrip("/"))
            box = SearchBox(page)
            assert ARTICLE_URL in box.search("lavrov")
            assert ARTICLE_URL in box.search("الحوار الاستراتيجي")
        finally:
            page.close()


def test_a_real_warning_still_shows_and_a_failed_rebuild_is_a_diagnostic(
        repo: pipeline.Paths, tmp_path: Path) -> None:
    # A hand-written page outside the nav (that alone is not worth a line) with a link to
    # a page that does not exist (that is: a warning, and in strict mode no rebuild).
    (repo.docs / "about" / "draft.md").write_text("# Draft\n\n[a link](missing.md)\n", "utf-8")
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command(repo, port), cwd=ROOT, stdout=output,
                                   stderr=subprocess.STDOUT, text=True)
    preview = Preview(repo, f"http://127.0.0.1:{port}/", process, log)
    try:
        preview.wait_for(lambda: "Serving on" in log.read_text("utf-8"), "serve never served")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    printed = log.read_text("utf-8")
    assert re.search(r"WARNING .*about/draft\.md.*'missing\.md'", printed), printed
    assert "mkdocs.yml:1:1: error: the preview was not rebuilt: Aborted with 1 warnings in " \
           "strict mode! [mkdocs]" in printed
    assert OMITTED not in printed and "Traceback" not in printed


def test_a_regeneration_that_fails_is_told_not_raised(
        repo: pipeline.Paths, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The watcher regenerates in a timer's thread, where an exception would print a
    traceback and the preview would stop following the collection without a word."""
    def full_disk(*_args: object, **_kwargs: object) -> pipeline.Report:
        raise OSError(errno.ENOSPC, "No space left on device", str(repo.docs / "index.md"))

    monkeypatch.setattr(pipeline, "generate", full_disk)
    serve._Regenerate(repo, Site()).run()
    assert capsys.readouterr().err.startswith(
        "docs/index.md:1:1: error: the system refused: No space left on device [os-error]\n"
        "    hint: the disk is full")


@pytest.mark.browser
def test_the_preview_shows_the_collection_s_errors_over_its_pages_until_they_are_fixed(
        repo: pipeline.Paths, tmp_path: Path, browser: Any) -> None:
    sidecar = repo.collection / f"{SEED_ARTICLE}.yml"
    good = sidecar.read_text("utf-8")
    with running(repo, tmp_path / "serve.log", "--only", ARTICLE_ID) as preview:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(preview.url + ARTICLE_URL.lstrip("/"))
            assert page.locator("#cl-preview-problems").count() == 0
            sidecar.write_text(good.replace("id: sergey-lavrov", "id: <b>sergey-lavrof</b>"),
                               "utf-8")
            notice = page.locator("#cl-preview-problems")
            notice.wait_for(state="visible", timeout=60_000)  # the page reloads by itself
            shown = notice.inner_text()
            assert f"collection/{SEED_ARTICLE}.yml:" in shown
            assert "<b>sergey-lavrof</b>" in shown  # as text: the notice holds no markup
            assert page.locator("#cl-preview-problems b").count() == 0
            assert page.locator("article, .md-content").first.is_visible()  # the last good page

            sidecar.write_text(good, "utf-8")
            notice.wait_for(state="detached", timeout=60_000)
        finally:
            page.close()
