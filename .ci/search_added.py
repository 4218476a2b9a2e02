"""Each article a pull request adds is found by the built site's search.

    python .ci/search_added.py --site site --base REF [--format github]
    python .ci/search_added.py --site site collection/articles/2025/ID.txt ...

The added articles are the texts git lists as added since REF (`git diff --name-only
--diff-filter=A REF -- 'collection/articles/*.txt'`), or the texts named. For each, the
script finds its page in the built site, takes the first words of its title (the page's
heading, as a reader would copy it), types them into the site's own search box in headless
Chromium (the site served on 127.0.0.1, as benchmarks/search_quality.py does) and fails
unless the article's page is among the first results. The site must be built to be served
from the root (no SITE_URL), as a pull request's build is.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the packages live in the repository root
    sys.path.insert(0, str(ROOT))

from build_tools.diagnostics import Diagnostic, formatted  # noqa: E402
from tests.support.browser import TOP, chromium, open_search, serve  # noqa: E402

ARTICLES = "collection/articles/*.txt"  # git's `*` crosses folders: every year's
WORDS = 6  # of the title: enough to single out an article, short enough to type fast
HINT_SEARCH = ("the article's page is built but the search does not find it by its title: "
               "this is a problem of the search index or of the search box (see "
               "docs/about/search.md), not of the article; tell a maintainer")


@dataclass(frozen=True)
class Added:
    """An added article: its text in the repository, and its page in the built site."""

    text: str  # e.g. collection/articles/2025/2025-07-12-x.txt
    page: str | None  # its URL path, e.g. /articles/2025/2025-07-12-x/; None if not built
    title: str


def added_texts(root: Path, base: str) -> tuple[list[str], list[Diagnostic]]:
    """The article texts added since `base`, or the problem that kept git from saying."""
    command = ["git", "diff", "--name-only", "--diff-filter=A", base, "--", ARTICLES]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    except OSError as error:
        return [], [Diagnostic(".", 1, 1, "git", f"git could not run: {error}",
                               "install git (apt-get install git) and run this in a checkout")]
    if done.returncode != 0:
        reason = " ".join(done.stderr.split()) or f"exit code {done.returncode}"
        return [], [Diagnostic(".", 1, 1, "git", f"git diff against `{base}` failed: {reason}",
                               "give a commit this checkout has: fetch it first (actions/"
                               "checkout with fetch-depth: 0), or check the name")]
    return sorted(line for line in done.stdout.splitlines() if line), []


class _Title(HTMLParser):
    """The text of a page's first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.done, self.parts = 0, False, list[str]()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth:
            self.depth -= 1
            self.done = not self.depth

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def title(html: str) -> str:
    reader = _Title()
    reader.feed(html)
    return " ".join("".join(reader.parts).split())


def find_page(site: Path, text: str) -> Added:
    """Where an article's page is in the built site (an article is published at
    articles/YEAR/ID/, ID being its text's file name)."""
    stem = PurePosixPath(text).stem
    for page in sorted(site.glob(f"articles/*/{stem}/index.html")):
        path = "/" + page.parent.relative_to(site).as_posix() + "/"
        return Added(text, path, title(page.read_text("utf-8")))
    return Added(text, None, "")


def query(heading: str) -> str:
    """The first words of a title as a reader types them: without the punctuation around
    them (quotation marks, brackets, commas), nor the words that are only punctuation."""
    words = (_bare(word) for word in heading.split())
    return " ".join([word for word in words if word][:WORDS])


def _bare(word: str) -> str:
    """A word without the punctuation marks and symbols (Unicode's P and S: «», ، ؟ …)
    at its ends."""
    def letter(ch: str) -> bool:
        return unicodedata.category(ch)[0] not in "PS"

    start = next((i for i, ch in enumerate(word) if letter(ch)), len(word))
    end = len(word) - next((i for i, ch in enumerate(reversed(word)) if letter(ch)), 0)
    return word[start:end]


def search(site: Path, articles: Sequence[Added]) -> tuple[list[str], list[Diagnostic]]:
    """Type each article's title into the search box of the built site; what was found,
    and a diagnostic for each article that was not."""
    found, problems = [], []
    with serve(site.resolve()) as base_url, chromium() as browser:
        box = open_search(browser, base_url)
        for article in articles:
            if article.page is None:
                problems.append(Diagnostic(article.text, 1, 1, "no-page", "the built site has "
                                           "no page for this article", "build the site first "
                                           "(python -m build_tools build) and give its folder"))
                continue
            words = query(article.title)
            box.search(words)
            results = box.more(TOP)
            if article.page in results:
                found.append(f"found {article.text} by «{words}»: result "
                             f"{results.index(article.page) + 1} of {len(results)}")
                continue
            problems.append(Diagnostic(
                article.text, 1, 1, "not-found-by-search",
                f"searching for «{words}» (the first words of its title) does not find its "
                f"page {article.page}; the first results: {', '.join(results) or 'none'}",
                HINT_SEARCH))
    return found, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="*", help="article texts (default: those added since "
                                                 "--base)")
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site")
    parser.add_argument("--base", help="the commit the pull request is compared with")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    texts, problems = list(args.texts), list[Diagnostic]()
    if args.base:
        more, problems = added_texts(args.root, args.base)
        texts += more
    found: list[str] = []
    if texts and not problems:
        found, problems = search(args.site, [find_page(args.site, t) for t in texts])
    for line in found:
        print(line, file=sys.stderr)
    if problems:
        print(formatted(problems, args.format))
    if not texts and not problems:
        print("no article added: nothing to search for", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    from build_tools.failures import guarded

    sys.exit(guarded(main))
