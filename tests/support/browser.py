"""A built site served on 127.0.0.1 and the Pagefind box driven in headless Chromium.

Shared by the browser tests (tests/conftest.py) and by the benchmarks and CI scripts that
type into the real search box (benchmarks/search_quality.py, .ci/search_added.py).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
NO_RESULTS = "لا نتائج"
TOP = 10  # results a reader looks at: what recall@10 counts, what `more` shows


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class SearchBox:
    """The Pagefind box of an open page, and what the page fetched from /pagefind/."""

    page: Page
    requests: list[Request] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if "/pagefind/" in urlsplit(request.url).path:
            self.pending.add(request)

    def _ended(self, request: Request) -> None:
        if request in self.pending:
            self.pending.discard(request)
            self.requests.append(request)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no /pagefind/ request is in flight."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)

    def transferred(self) -> int:
        """Bytes of the /pagefind/ responses finished since the last call."""
        done, self.requests = self.requests, []
        total = 0
        for request in done:
            sizes = request.sizes()
            body = int(sizes.get("responseBodySize", 0))
            if body <= 0 and int(sizes.get("responseHeadersSize", 0)) > 0:
                # Chromium reports no body size for a worker's script: take its length.
                response = request.response()
                body = int(response.headers.get("content-length", 0)) if response else 0
            total += max(body, 0)
        return total

    def search(self, query: str, delay: float = 10) -> list[str]:
        """Type `query` key by key, `delay` ms apart; the paths of the results on the first
        screen."""
        box = self.page.locator(".pagefind-ui__search-input")
        box.fill("")
        box.click()
        # Pagefind listens to `input` events: type() sends them for Arabic letters too.
        self.page.keyboard.type(query, delay=delay)
        self.page.wait_for_function(
            """([query, none]) => {
                const message = document.querySelector(".pagefind-ui__message")?.textContent ?? "";
                if (!message.includes(query)) return false;
                const results = [...document.querySelectorAll(".pagefind-ui__result")];
                return message.startsWith(none) || (results.length > 0
                    && results.every(r => r.querySelector(".pagefind-ui__result-link")));
            }""", arg=[query, NO_RESULTS])
        return self.result_pages()

    def more(self, limit: int = TOP) -> list[str]:
        """Press "more results" until `limit` results show or there are no more."""
        button = self.page.locator(".pagefind-ui__button")
        while len(pages := self.result_pages()) < limit and button.count():
            shown = self.page.locator(".pagefind-ui__result").count()
            button.first.click()
            self.page.wait_for_function(
                """shown => {
                    const results = [...document.querySelectorAll(".pagefind-ui__result")];
                    return results.length > shown
                        && results.every(r => r.querySelector(".pagefind-ui__result-link"));
                }""", arg=shown)
        return pages[:limit]

    def result_pages(self) -> list[str]:
        links = self.page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
        hrefs: list[str] = links.evaluate_all("links => links.map(a => a.href)")
        return list(dict.fromkeys(urlsplit(href).path for href in hrefs))


def open_search(browser: Browser, base_url: str, path: str = "") -> SearchBox:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + path.lstrip("/"))
    page.locator(".pagefind-ui__search-input").wait_for()
    return SearchBox(page)
