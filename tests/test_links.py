"""Every internal link and anchor in the built site resolves (build_tools/links.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import pipeline
from build_tools.links import check_site, read_page, read_page_slowly, site_path
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # checks every link of a built site

# What the built pages hold, and what would trip a reader that is not an HTML parser.
FRAGMENTS = ['<a href="x/">', "<A HREF='y'>", "<a href=z>", '<p id="p1">', "\n", "text ",
             "<p data-x=\"a>b\" id='q'>", '<!-- <a href="c"> -->', "&amp;", "</a>", "<br/>",
             '<script>var s = "<a href=\\"d\\">"; // <p id="no"></script>',
             '<script src="e.js"></script>', '<style>p[id="no"] {}</style>',
             '<link rel="stylesheet" href="f.css">', '<img src="g.png" alt="">',
             '<a href="h?a=1&amp;b=2#p&#51;">', '<span id="">', "<a name=top href>",
             '<div ID="Up" class="x">', "<bdi lang=ar dir=rtl id=n1>",
             "<SCRIPT>'<a href=k>'</SCRIPT>"]


def test_every_internal_link_and_anchor_resolves(built_repo: pipeline.Paths) -> None:
    assert check_site(built_repo.site) == []


def test_the_fast_reader_reads_the_seed_site_as_the_html_parser(
        built_repo: pipeline.Paths) -> None:
    pages = sorted(built_repo.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        assert read_page(html) == read_page_slowly(html), page


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_the_fast_reader_agrees_with_the_html_parser(fragments: list[str]) -> None:
    html = "".join(fragments)
    assert read_page(html) == read_page_slowly(html)


def test_the_link_checker_finds_a_broken_link_and_anchor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">missing</a>\n<a href="a/#p9">anchor</a><a id="x" '
        'href="#x">self</a><a href="https://example.org/">external</a>'
        '<link href="a/style.css"><img src="../a/">', "utf-8")
    (site / "a" / "index.html").write_text('<p id="p1">x</p><a href="../">up</a>', "utf-8")
    found = [(d.path, d.line, d.column, d.code, d.message) for d in check_site(site)]
    assert found == [
        ("site/index.html", 1, 20, "broken-link",
         "`b/` points at b/index.html, which is not in the built site"),
        ("site/index.html", 2, 1, "broken-anchor", "`a/#p9`: a/index.html has no id `p9`"),
        ("site/index.html", 2, 98, "broken-link",
         "`a/style.css` points at a/style.css, which is not in the built site")]


def test_paths_from_the_root_are_read_under_the_site_path(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "main.css").write_text("", "utf-8")
    (site / "404.html").write_text('<link href="/repo/assets/main.css">', "utf-8")
    (site / "index.html").write_text('<a href="/repo/">home</a>', "utf-8")
    assert site_path("https://owner.github.io/repo") == "/repo/"
    assert check_site(site, "https://owner.github.io/repo/") == []
    at_root = check_site(site, "https://owner.github.io/")
    assert [(d.path, d.message) for d in at_root] == [
        ("site/404.html", "`/repo/assets/main.css` points at repo/assets/main.css, which is "
                          "not in the built site"),
        ("site/index.html", "`/repo/` points at repo/index.html, which is not in the built site")]
    elsewhere = check_site(site, "https://owner.github.io/other/")
    assert [d.message for d in elsewhere] == [
        "`/repo/assets/main.css` is not under the site's path /other/",
        "`/repo/` is not under the site's path /other/"]
    assert all("SITE_URL" in d.hint for d in elsewhere)


def test_the_command_annotates_and_fails(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<p>\n  <a href="gone/">x</a></p>', "utf-8")
    command = [sys.executable, "-m", "build_tools.links", str(site), "--format", "github"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=site/index.html,line=2,col=3,title=broken-link::")
    (site / "gone").mkdir()
    (site / "gone" / "index.html").write_text("", "utf-8")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "")
    missing = subprocess.run([*command[:3], str(tmp_path / "none")], cwd=ROOT,
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 1 and "python -m build_tools build" in missing.stdout
