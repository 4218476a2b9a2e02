"""The link check of a built site: every internal link and anchor resolves.

    python -m build_tools.links SITE_DIR [--site-url URL] [--format github]

reads every HTML file of the built site and reports each link, stylesheet, script or image
of this site that points at a missing file or at a missing `id`, as `path:line:col` of the
tag in the built page. A path that starts with `/` is read under the site's own path (that
of `--site-url`, e.g. /repo/ for https://owner.github.io/repo/): MkDocs writes such paths
in 404.html, and a project site on GitHub Pages lives under /repo/. Links to other hosts are
not followed (the site makes no request to one). Exit code 1 when a link is broken.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, formatted, summary

LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}
HINT = ("a page of docs/about/ or docs/assets/ links to a file that is not there: fix the "
        "link; in a generated page, the templates (build_tools/templates/, overrides/) or "
        "the site's configuration (mkdocs.yml) made it, not the collection")

ELSEWHERE = ("the site was built for another address: build it with SITE_URL set to the "
             "address it is published at (mkdocs.yml's site_url), and check it with that "
             "--site-url")


@dataclass(frozen=True)
class Link:
    """A reference in a built page, where its tag starts."""

    reference: str
    line: int
    column: int


@dataclass(frozen=True)
class Page:
    """What the link check needs of a built HTML page: its references and its ids."""

    links: tuple[Link, ...]
    ids: frozenset[str]


class _Reader(HTMLParser):
    """The reference reader: the standard library's HTML parser (see read_page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif (tag, name) in LINKING and value is not None:
                self.links.append(Link(value, line, offset + 1))


def read_page_slowly(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Page(tuple(reader.links), frozenset(reader.ids))


# A comment, or a start tag with its attributes (a quoted value may hold `>`).
_TOKEN = re.compile(r"<!--.*?-->|<([a-zA-Z][^\s/>]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>", re.S)
_VALUE = r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))"""
_ATTRIBUTE = re.compile(rf"""([^\s"'>/=]+){_VALUE}?""")
_ID = re.compile(rf"""(?:^|\s)id{_VALUE}""", re.I)
# Their content is text up to their end tag, never tags.
_RAW_TEXT = {tag: re.compile(f"</{tag}", re.I) for tag in ("script", "style")}
_LINK_TAGS = {tag for tag, _ in LINKING}


def read_page(html: str) -> Page:
    """What `read_page_slowly` reads, nearly four times as fast: a site of 1,000 articles has
    65 million characters of HTML. tests/test_links.py holds the two to the same answers."""
    links, ids = list[Link](), set[str]()
    position, line, line_start = 0, 1, 0
    while (token := _TOKEN.search(html, position)) is not None:
        position = token.end()
        tag, attributes = (token.group(1) or "").lower(), token.group(2) or ""
        if tag in _RAW_TEXT:
            end = _RAW_TEXT[tag].search(html, position)
            position = len(html) if end is None else end.start()
        if tag in _LINK_TAGS:
            start = token.start()
            line += html.count("\n", line_start, start)
            line_start = html.rfind("\n", 0, start) + 1
            for name, value in _attributes(attributes):
                if (tag, name) in LINKING:
                    links.append(Link(value, line, start - line_start + 1))
                elif name == "id":
                    ids.add(value)
        elif tag and (found := _ID.search(attributes)):
            ids.add(_text(_value(found, 1)))
    ids.discard("")
    return Page(tuple(links), frozenset(ids))


def _attributes(attributes: str) -> list[tuple[str, str]]:
    """(name, value) of the attributes that have a value, as HTML reads them."""
    return [(match.group(1).lower(), _text(_value(match, 2)))
            for match in _ATTRIBUTE.finditer(attributes) if match.lastindex != 1]


def _text(value: str) -> str:
    return unescape(value) if "&" in value else value


def _value(match: re.Match[str], first: int) -> str:
    double, single, bare = match.group(first, first + 1, first + 2)
    return str(double if double is not None else single if single is not None else bare)


def site_path(site_url: str | None) -> str:
    """The path the site is published under: /repo/ for https://owner.github.io/repo."""
    path = urlsplit(site_url or "").path.strip("/")
    return f"/{path}/" if path else "/"


def target(page: str, reference: str, files: set[str], base: str = "/",
           ) -> tuple[str, str] | None:
    """The file (relative to the site folder, "" above it) and fragment a reference on
    `page` (e.g. `people/x/index.html`) points at; None if it leaves the site. A folder
    is its index.html, as a web server serves it."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if path.startswith("/"):
        if not (path + "/").startswith(base):
            return "", parts.fragment  # above the site's own path: nothing of ours is there
        path = "/" + path[len(base):]
    file = posixpath.normpath(posixpath.join("/" + posixpath.dirname(page), path)).lstrip("/")
    index = posixpath.join(file, "index.html") if file else "index.html"
    if path.endswith("/") or (file not in files and index in files):
        file = index
    return file, parts.fragment


def broken_links(pages: dict[str, Page], files: set[str], base: str = "/",
                 folder: str = "site") -> list[Diagnostic]:
    """Every reference of `pages` (by path in the site) to a file not among `files` or to
    an id its page does not have."""
    broken = []
    for name, page in sorted(pages.items()):
        for link in page.links:
            found = target(name, link.reference, files, base)
            if found is None:
                continue
            file, fragment = found
            where = (f"{folder}/{name}", link.line, link.column)
            if not file:
                broken.append(Diagnostic(*where, "broken-link", f"`{link.reference}` is not "
                                         f"under the site's path {base}", ELSEWHERE))
            elif file not in files:
                broken.append(Diagnostic(*where, "broken-link", f"`{link.reference}` points at "
                                         f"{file}, which is not in the built site", HINT))
            elif fragment and file in pages and fragment not in pages[file].ids:
                broken.append(Diagnostic(*where, "broken-anchor", f"`{link.reference}`: "
                                         f"{file} has no id `{fragment}`", HINT))
    return broken


def check_site(site: Path, site_url: str | None = None) -> list[Diagnostic]:
    """The broken links of the site built in `site`."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {name: read_page((site / name).read_text("utf-8"))
             for name in files if name.endswith(".html")}
    return broken_links(pages, files, site_path(site_url), site.name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.links",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. site")
    parser.add_argument("--site-url", help="the address it is published at (mkdocs.yml's "
                                           "site_url, e.g. https://owner.github.io/repo/)")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        problems = [Diagnostic(args.site.as_posix(), 1, 1, "no-site",
                               f"{args.site} holds no built site (no index.html)",
                               "build it first: python -m build_tools build")]
    else:
        problems = check_site(args.site, args.site_url)
    if problems:
        print(formatted(problems, args.format))
    print(f"links: {summary(problems)}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    from .failures import guarded

    sys.exit(guarded(main))
