"""A site published under a sub-path, as GitHub Pages publishes a project site
(https://owner.github.io/repo/): mkdocs.yml's site_url comes from SITE_URL, and the
sitemap, the canonical links and the 404 page work there."""

from __future__ import annotations

import http.server
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Response

from build_tools import config, pipeline
from build_tools.links import check_site
from tests.conftest import ROOT, SEED_ARTICLE, build, make_repo
from tests.support.browser import SearchBox

pytestmark = pytest.mark.slow  # builds sites under a sub-path

PREFIX = "/repo/"
ARTICLE = SEED_ARTICLE + "/"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """As GitHub Pages serves a project site: the site's files under PREFIX only, and for
    any other path its 404.html with status 404."""

    site: Path

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(self.site / "\0 not under the prefix")
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class Published:
    paths: pipeline.Paths
    url: str  # the site's address, ending in PREFIX


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    """The seed collection built with SITE_URL under PREFIX and served there. The port is
    taken before the build (the address is in the pages), the server started after it
    (a build forks; better with no thread running)."""
    paths = make_repo(tmp_path_factory.mktemp("published"))
    handler = type("Handler", (_PagesHandler,), {"site": paths.site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    with mock.patch.dict(os.environ, {"SITE_URL": url}):  # for this build, not the session's
        build(paths)
    with server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield Published(paths, url)
        finally:
            server.shutdown()


def test_site_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert config.mkdocs_yaml().load((ROOT / "mkdocs.yml").read_text("utf-8"))[
        "site_url"] is None
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/repo")
    settings = config.mkdocs_yaml().load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert settings["site_url"] == "https://owner.github.io/repo"


def test_the_site_settings_are_read_past_the_env_tag(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, null]\nextra:\n  collection:\n    language: en\n", "utf-8")
    assert pipeline.site_settings(pipeline.Paths(tmp_path)).language == "en"


def test_the_sitemap_lists_every_page_under_the_site_url(published: Published) -> None:
    sitemap = (published.paths.site / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert published.url + ARTICLE in locations
    assert locations and all(loc.startswith(published.url) for loc in locations)


def test_canonical_links_carry_the_sub_path(published: Published) -> None:
    page = (published.paths.site / ARTICLE / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{published.url}{ARTICLE}">' in page


def test_the_links_resolve_under_the_sub_path_only(published: Published) -> None:
    assert check_site(published.paths.site, published.url) == []
    at_root = check_site(published.paths.site)  # the 404 page's paths start with /repo/
    assert at_root and {d.path for d in at_root} == {"site/404.html"}


@pytest.mark.browser
def test_a_missing_page_gets_the_styled_404_page_under_the_sub_path(
        published: Published, browser: Browser) -> None:
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    try:
        response = page.goto(published.url + "articles/2099/no-such-article/",
                             wait_until="networkidle")
        assert response is not None and response.status == 404
        assert failed == []
        sheets = page.evaluate("""() => [...document.styleSheets].filter(s => s.href)
            .map(s => [new URL(s.href).pathname, s.cssRules.length])""")
        linked = page.locator("link[rel=stylesheet]").count()
        assert len(sheets) == linked >= 3 and all(rules > 0 for _, rules in sheets), sheets
        assert {path.rsplit("/", 1)[-1] for path, _ in sheets} >= {"collection.css",
                                                                   "pagefind-ui.css"}
        # Material's stylesheet colours the header; without it, it would be transparent.
        header = page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header not in {"", "rgba(0, 0, 0, 0)", "transparent"}
        targets: list[str] = page.evaluate("""() => [
            ...[...document.querySelectorAll('a[href], link[href]')].map(e => e.href),
            ...[...document.querySelectorAll('script[src], img[src]')].map(e => e.src)]""")
        ours = [t for t in targets if urlsplit(t).netloc == urlsplit(published.url).netloc]
        assert ours and all(urlsplit(t).path.startswith(PREFIX) for t in ours), ours
    finally:
        page.close()


@pytest.mark.browser
def test_the_404_page_searches_under_the_sub_path(published: Published,
                                                  browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(published.url + "no/such/page/")
        page.locator(".pagefind-ui__search-input").wait_for()
        found = SearchBox(page).search("لافروف")
        assert PREFIX + ARTICLE in found, found
    finally:
        page.close()
