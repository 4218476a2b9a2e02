"""End to end: the seed collection built into a site, checked page by page."""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.config import Site
from tests.conftest import ROOT, build, digest, make_repo
from tests.html import Element, parse

pytestmark = pytest.mark.slow  # builds whole sites


def _page(paths: pipeline.Paths, url_path: str) -> Element:
    return parse((paths.site / url_path / "index.html").read_text("utf-8"))


def test_article_page_shows_annotations_and_paragraph_anchors(built_repo: pipeline.Paths) -> None:
    collection = pipeline.check(built_repo).collection
    assert collection is not None
    article = collection.articles[0]
    page = _page(built_repo, f"articles/{article.date.year}/{article.id}")
    ids = {e.attrs.get("id") for e in page.iter()}
    for paragraph in article.source_text.paragraphs:
        assert f"p{paragraph.number}" in ids
    summaries = {e.attrs["lang"]: e.attrs["dir"] for e in page.find_all(cls="cl-summary")}
    assert summaries == {"ar": "rtl", "en": "ltr"}
    text = page.find_all("section", cls="cl-text")[0]
    terms = text.find_all("a", cls="cl-term")
    # Each term's definition is in the page, as text, for its popover and screen readers.
    glosses = {e.attrs["id"]: e for e in page.find_all(cls="cl-gloss")}
    assert terms and all(glosses[a.attrs["aria-describedby"]].find_all(cls="cl-gloss-text")[0]
                         .text.strip() for a in terms)
    assert len(page.find_all(cls="cl-note")) == len(article.sidecar.notes)
    entity_links = {a.attrs["href"] for a in page.find_all("a", cls="cl-entity")}
    for participant in article.sidecar.participants:
        assert f"../../../people/{participant.entity}/" in entity_links


def test_every_generated_block_declares_language_and_direction(built_repo: pipeline.Paths) -> None:
    for html in sorted(built_repo.site.rglob("*.html")):
        if "about" in html.parts or html.name == "404.html":
            continue
        page = parse(html.read_text("utf-8"))
        for container in page.find_all(cls="cl-page"):
            for element in container.iter():
                if element.tag in {"p", "div", "section", "aside", "article", "dl", "li",
                                   "blockquote", "h1"} and element.text.strip():
                    assert _declared(container, element), f"{html}: <{element.tag}> lacks lang/dir"


def _declared(container: Element, element: Element) -> bool:
    """An element has lang and dir itself or from its nearest ancestor inside the page."""
    path = _path_to(container, element)
    return any("lang" in e.attrs and "dir" in e.attrs for e in path)


def _path_to(root: Element, target: Element) -> list[Element]:
    if root is target:
        return [root]
    for child in root.children:
        if isinstance(child, Element) and (found := _path_to(child, target)):
            return [root, *found]
    return []


def test_index_pages_link_the_collection_together(built_repo: pipeline.Paths) -> None:
    site = built_repo.site
    expected = {
        "": ["timeline/", "people/", "glossary/", "topics/"],
        "people/sergey-lavrov": ["articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"],
        "glossary/strategic-dialogue": ["articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"],
        "topics/dprk-russia-relations": ["articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"],
        "timeline": ["timeline/2025/"],
        "timeline/2025": ["articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"],
    }
    for page_path, targets in expected.items():
        page = _page(built_repo, page_path)
        base = f"/{page_path}/" if page_path else "/"
        hrefs = {posixpath.normpath(posixpath.join(base, a.attrs["href"].split("#")[0])) + "/"
                 for a in page.find_all("a") if "href" in a.attrs
                 and not a.attrs["href"].startswith(("http", "#"))}
        for target in targets:
            assert f"/{target}" in hrefs, f"{page_path} does not link to {target}"
            assert (site / target / "index.html").is_file()


def test_articles_are_not_in_the_navigation(built_repo: pipeline.Paths) -> None:
    page = _page(built_repo, "")
    nav = [e for e in page.find_all("nav") if "md-nav--primary" in e.attrs.get("class", "")]
    assert nav
    assert not any("articles/" in a.attrs.get("href", "") for a in nav[0].find_all("a"))


def test_no_page_refers_to_another_host(built_repo: pipeline.Paths) -> None:
    for html in sorted(built_repo.site.rglob("*.html")):
        page = parse(html.read_text("utf-8"))
        for element in page.iter():
            for attribute in ("src", "href"):
                value = element.attrs.get(attribute, "")
                if element.tag == "a" and attribute == "href":
                    continue  # a link the reader may follow is not a request
                assert not value.startswith(("http:", "https:", "//")), f"{html}: {value}"
    css = "\n".join(p.read_text("utf-8") for p in built_repo.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_a_failed_build_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    build(paths)
    before = (digest(paths.docs), digest(paths.site))
    sidecar = next(paths.collection.glob("articles/*/*.yml"))
    sidecar.write_text(sidecar.read_text("utf-8").replace("participants:", "participantz:"))
    report = pipeline.build(paths, Site())
    assert not report.ok
    assert (digest(paths.docs), digest(paths.site)) == before


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = make_repo(tmp_path / "a"), make_repo(tmp_path / "b")
    build(first)
    build(second)
    assert digest(first.docs) == digest(second.docs)
    assert digest(first.site) == digest(second.site)


def test_rebuilding_unchanged_input_rewrites_no_page(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    build(paths)
    report = build(paths)
    generate = next(detail for name, _, detail in report.stages if name == "generate")
    assert " 0 written," in generate, generate


@pytest.mark.parametrize("generated", ["docs/index.md", "docs/articles/2025/x.md",
                                       "docs/people/x.md", "docs/assets/fonts/x.woff2", "site/x"])
def test_generated_files_are_never_committed(generated: str) -> None:
    result = subprocess.run(["git", "check-ignore", "-q", generated], cwd=ROOT)
    assert result.returncode == 0, f"{generated} is not ignored by .gitignore"
