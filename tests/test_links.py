"""Every internal link and anchor in the built site resolves."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools import pipeline
from tests.html import Element, parse

LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}


def _target(site: Path, page: Path, reference: str) -> tuple[Path, str] | None:
    """The file and fragment a reference on `page` points at; None if it leaves the site."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None
    here = "/" + page.parent.relative_to(site).as_posix() + "/"
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(here, path)) if path else (
        "/" + page.relative_to(site).as_posix())
    file = site / resolved.lstrip("/")
    if file.is_dir() or path.endswith("/"):
        file = file / "index.html"
    return file, parts.fragment


def broken_links(site: Path) -> list[str]:
    pages: dict[Path, Element] = {p: parse(p.read_text("utf-8")) for p in site.rglob("*.html")}
    ids = {p: {e.attrs["id"] for e in tree.iter() if "id" in e.attrs} for p, tree in pages.items()}
    broken = []
    for page, tree in sorted(pages.items()):
        for element in tree.iter():
            for tag, attribute in LINKING:
                if element.tag != tag or attribute not in element.attrs:
                    continue
                reference = element.attrs[attribute]
                target = _target(site, page, reference)
                if target is None:
                    continue
                file, fragment = target
                where = f"{page.relative_to(site)}: {reference}"
                if not file.is_file():
                    broken.append(f"{where} -> missing {file.relative_to(site)}")
                elif fragment and file in ids and fragment not in ids[file]:
                    broken.append(f"{where} -> no id {fragment!r}")
    return broken


def test_every_internal_link_and_anchor_resolves(built_repo: pipeline.Paths) -> None:
    assert broken_links(built_repo.site) == []


def test_the_link_checker_finds_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">missing</a><a href="a/#p9">anchor</a><a id="x" '
        'href="#x">self</a><a href="https://example.org/">external</a>', "utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="p1">x</p>', "utf-8")
    assert broken_links(tmp_path) == ["index.html: b/ -> missing b/index.html",
                                      "index.html: a/#p9 -> no id 'p9'"]
