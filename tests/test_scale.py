"""Scale: the synthetic collection, pagination of long lists, and the `serve --only` preview.

Fast on purpose (a few dozen articles, small registries) and without timing asserts: the
numbers are measured by benchmarks/run.py and recorded in docs/about/benchmarks.md.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from build_tools import pipeline, publish, write
from build_tools.collate import article_path, collate, paginate
from build_tools.collate.views import EntityPage
from build_tools.config import Site
from build_tools.diagnostics import Diagnostic
from build_tools.models import Collection
from build_tools.publish import searchindex
from build_tools.runtime.cache import Cache
from tests.conftest import ROOT, digest
from tests.html import parse
from tests.support import synthetic

SMALL = synthetic.Sizes(people=12, terms=15, topics=5)


def _repo(target: Path, articles: int = 20, seed: int = 1) -> pipeline.Paths:
    synthetic.write_collection(target, articles, seed, SMALL)
    synthetic.copy_site_sources(target)
    return pipeline.Paths(target)


def _collection(paths: pipeline.Paths) -> Collection:
    result = pipeline.check(paths)
    assert result.collection is not None, [d.message for d in result.diagnostics]
    return result.collection


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Paths:
    return _repo(tmp_path_factory.mktemp("synthetic"))


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first, second, other = (_repo(tmp_path / name, 8, seed) for name, seed in
                            (("a", 1), ("b", 1), ("c", 2)))
    assert digest(first.collection) == digest(second.collection)
    assert digest(first.collection) != digest(other.collection)


def test_a_small_collection_is_the_start_of_a_large_one(tmp_path: Path) -> None:
    small, large = _repo(tmp_path / "small", 5), _repo(tmp_path / "large", 9)
    small_articles = digest(small.collection / "articles")
    large_articles = digest(large.collection / "articles")
    assert small_articles.items() <= large_articles.items()


def test_the_generator_never_writes_into_the_repository() -> None:
    with pytest.raises(SystemExit):
        synthetic.write_collection(ROOT, 1, 1, SMALL)


def test_synthetic_output_passes_check_and_every_annotation_anchors(
        small_repo: pipeline.Paths) -> None:
    result = pipeline.check(small_repo)
    assert result.diagnostics == ()  # not even a "not named in the text" warning
    collection = result.collection
    assert collection is not None and len(collection.articles) == 20
    for article in collection.articles:
        text, sidecar = article.source_text.text, article.sidecar
        assert not text.endswith("\n") and text.startswith("/ ")
        assert all(p.text.startswith("\u00a0\u00a0 ") for p in article.source_text.paragraphs)
        assert 2 <= len(sidecar.participants) <= 8 and 3 <= len(sidecar.glossary) <= 12
        anchored = {(a.kind, a.target) for a in article.annotations}
        assert {("entity", p.entity) for p in sidecar.participants} <= anchored
        assert {("term", g.term) for g in sidecar.glossary} <= anchored
        assert len(sidecar.notes) == sum(1 for kind, _ in anchored if kind == "note")


def test_paginate_splits_a_list_into_linked_pages() -> None:
    pages = paginate("people/x.md", list(range(7)), 3)
    assert [(path, list(items)) for path, items, _ in pages] == [
        ("people/x.md", [0, 1, 2]), ("people/x/page-2.md", [3, 4, 5]),
        ("people/x/page-3.md", [6])]
    first, second, last = (pager for _, _, pager in pages)
    assert (first.previous, first.next) == ("", "page-2/")
    assert (second.previous, second.next) == ("../", "../page-3/")
    assert (last.first, last.last, last.total, last.next) == (7, 7, 7, "")
    assert [p.current for p in second.pages] == [False, True, False]
    assert [path for path, _, _ in paginate("topics/y.md", [], 3)] == ["topics/y.md"]


def test_long_lists_are_split_and_every_article_stays_listed(
        small_repo: pipeline.Paths) -> None:
    collection = _collection(small_repo)
    site = Site(page_size=4)
    pages = {page.path: page for page in collate(collection, site)}
    appearances: dict[str, list[str]] = {}
    for article in sorted(collection.articles, key=lambda a: (a.date, a.id), reverse=True):
        for participant in article.sidecar.participants:
            appearances.setdefault(participant.entity, []).append(article.id)
    busiest, listed = max(appearances.items(), key=lambda item: len(item[1]))
    assert len(listed) > 2 * site.page_size, "the test needs a list of three pages or more"
    paths = [f"people/{busiest}.md"] + [
        f"people/{busiest}/page-{n}.md" for n in range(2, -(-len(listed) // 4) + 1)]
    assert [p for p in pages if p.startswith(f"people/{busiest}")] == sorted(paths)
    views = [pages[path].view for path in paths]
    assert all(isinstance(view, EntityPage) for view in views)
    shown = [link.id for view in views if isinstance(view, EntityPage)
             for link in view.appearances]
    assert shown == listed  # newest first, each once, none lost between pages
    assert all(isinstance(view, EntityPage) and len(view.appearances) <= 4 and
               view.pager.total == len(listed) for view in views)
    assert not any("/page-" in path for path in pages if path.startswith("articles/"))


@pytest.mark.slow  # builds a whole site
def test_a_small_synthetic_build_succeeds_with_paginated_pages(tmp_path: Path) -> None:
    paths = _repo(tmp_path, 20)
    report = pipeline.build(paths, Site(page_size=4))
    assert report.ok, [d.message for d in report.diagnostics]
    assert [u.name for u in report.usage] == ["check", "generate", "mkdocs", "search index"]
    assert all(u.cpu >= 0 and u.peak_memory > 0 for u in report.usage)
    second_pages = sorted(paths.site.glob("people/*/page-2/index.html"))
    assert second_pages
    page = parse(second_pages[0].read_text("utf-8"))
    pager = page.find_all("nav", cls="cl-pager")[0]
    links = {a.attrs["href"] for a in pager.find_all("a")}
    assert "../" in links  # back to the first page, which is the entity's own URL
    timeline = parse((paths.site / "timeline/index.html").read_text("utf-8"))
    for link in timeline.find_all("a"):
        href = link.attrs.get("href", "")
        if "#m" in href:
            target = paths.site / "timeline" / href.split("#")[0] / "index.html"
            assert f'id="{href.split("#")[1]}"' in target.read_text("utf-8"), href


def test_serve_only_generates_exactly_the_pages_the_article_touches(
        small_repo: pipeline.Paths, tmp_path: Path) -> None:
    article = _collection(small_repo).articles[3]
    preview = tmp_path / "preview"
    report = pipeline.generate(small_repo, Site(), docs=preview, only=[article.id])
    assert report.ok, [d.message for d in report.diagnostics]
    sidecar = article.sidecar
    touched = {article_path(article), "index.md", "timeline/index.md", "people/index.md",
               "glossary/index.md", "topics/index.md", f"timeline/{article.date.year}.md"}
    touched |= {f"people/{p.entity}.md" for p in sidecar.participants}
    touched |= {f"people/{m.entity}.md" for m in sidecar.mentions}
    touched |= {f"glossary/{g.term}.md" for g in sidecar.glossary}
    touched |= {f"topics/{t}.md" for t in sidecar.topics}
    generated = {path for path in write.read_manifest(preview)
                 if path.endswith(".md") and not path.startswith("about/")}
    assert generated == touched
    assert (preview / "about/index.md").is_file()  # the navigation's hand-written pages
    assert not (small_repo.docs / ".generated").exists()  # docs/ itself is left alone


def test_serve_only_names_a_pattern_that_matches_nothing(small_repo: pipeline.Paths,
                                                         tmp_path: Path) -> None:
    report = pipeline.generate(small_repo, Site(), docs=tmp_path / "p", only=["1999-*"])
    assert not report.ok
    assert [d.code for d in report.diagnostics] == ["no-match"]


def test_regenerating_after_one_sidecar_change_rewrites_only_its_page(tmp_path: Path) -> None:
    paths = _repo(tmp_path, 12)
    assert pipeline.generate(paths, Site()).ok
    article = _collection(paths).articles[5]
    sidecar = paths.root / article.sidecar_path
    sidecar.write_text(sidecar.read_text("utf-8").replace("(Synthetic article",
                                                          "(Edited synthetic article"), "utf-8")
    report = pipeline.generate(paths, Site())
    assert report.ok
    detail = dict((name, what) for name, _, what in report.stages)["generate"]
    assert ", 1 written, " in detail, detail
    page = (paths.docs / article_path(article)).read_text("utf-8")
    assert "Edited synthetic article" in page


def test_several_processes_generate_the_same_bytes_as_one(small_repo: pipeline.Paths,
                                                          tmp_path: Path) -> None:
    digests = []
    for workers in (1, 3):
        target = tmp_path / str(workers)
        _report, epoch = pipeline._check_and_generate(
            small_repo, Site(workers=workers), Cache(keep=False), target, staged=True)
        assert epoch
        digests.append(digest(target))
    assert digests[0] == digests[1]
    one, three = (pipeline.check(small_repo, workers=n) for n in (1, 3))
    assert one.collection == three.collection and one.diagnostics == three.diagnostics


# ------------------------------------------------------------------ the search index


def _index_content(bundle: Path) -> dict[str, Any]:
    """What a Pagefind bundle says, page numbers and field numbers resolved: each word's
    pages and variants (by URL, with locations), each filter's pages, the pages."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    [about] = entry["languages"].values()
    _version, pages, chunks, filters, _sorts, fields = searchindex.read_chunk(
        bundle / f"pagefind.{about['hash']}.pf_meta")
    url = [json.loads(gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment")
                                      .read_bytes())[len(searchindex.SIGNATURE):])["url"]
           for fragment, _words in pages]

    def located(numbered: list[list[Any]]) -> dict[str, Any]:
        found, number = {}, 0
        for delta, locations, meta_locations in numbered:
            number += delta
            found[url[number]] = (locations, [fields[-loc - 1] if loc < 0 else loc
                                              for loc in meta_locations])
        return found

    words = {}
    for start, _to, name in chunks:
        [chunk] = searchindex.read_chunk(bundle / "index" / f"{name}.pf_index")
        for word, numbered, variants in chunk:
            assert start <= word
            words[word] = (located(numbered), {form: located(more) for form, more in variants})
    values = {}
    for _filter, name in filters:
        label, chunk = searchindex.read_chunk(bundle / "filter" / f"{name}.pf_filter")
        values[label] = {value: sorted(url[n] for n in numbers) for value, numbers in chunk}
    return {"words": words, "filters": values, "pages": sorted(url),
            "word counts": sorted(zip(url, (count for _f, count in pages), strict=True))}


@pytest.mark.slow  # runs Pagefind on the whole and on its parts
def test_a_search_index_built_in_parts_holds_what_one_pagefind_run_would(
        tmp_path: Path) -> None:
    paths = _repo(tmp_path / "repo", 20)
    assert pipeline.build(paths, Site()).ok
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(paths.site),
                    "--output-path", str(whole), "--force-language", "und"],
                   check=True, capture_output=True)
    assert len(searchindex.parts(paths.site, 6)) > 3
    built = []
    for _ in range(2):
        shutil.rmtree(paths.site / "pagefind")
        problems: list[Diagnostic] = []
        summary = publish.index(paths.site, problems, part_pages=6)
        assert not problems and "parts" in summary
        built.append(digest(paths.site / "pagefind"))
    assert built[0] == built[1]  # the same bytes each time, though Pagefind's are not
    merged = _index_content(paths.site / "pagefind")
    assert merged == _index_content(whole)
    assert len(merged["pages"]) == 20 + 12 + 15  # articles, people, terms


@pytest.mark.slow  # runs benchmarks/run.py in a subprocess
def test_the_benchmark_command_runs_every_step_and_writes_its_page(tmp_path: Path) -> None:
    """benchmarks/run.py as a contributor runs it, at a size that takes a minute: every
    step succeeds and the page gets the table, the targets and the parts of our CPU."""
    page = tmp_path / "benchmarks.md"
    run = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--articles", "24", "--work", str(tmp_path / "w"),
         "--page", str(page)], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    text = page.read_text("utf-8")
    for heading in ("## Targets at 24 articles", "## Where the time and memory go at 24 articles",
                    "### CPU per article, part by part (24 articles, one process)"):
        assert f"\n{heading}\n" in text
    parts = json.loads((tmp_path / "w/n24/results.json").read_text("utf-8"))["parts"]
    assert parts["articles"] == 24
    assert set(parts["cpu"]) >= {"read, check, anchor an article", "article pages: render",
                                 "lists: render", "write every page"}
    assert all(seconds >= 0 for seconds in parts["cpu"].values())
    for part in parts["cpu"]:
        assert f"| {part} | " in text
    search = json.loads((tmp_path / "w/n24/results.json").read_text("utf-8"))["search"]
    assert search["page_load"] > 0
    assert len(search["queries"]) == 5
    first = search["queries"][0]
    assert first["bytes"] > 0 and first["results"] > 0
    assert "| search: first query / largest later one (typed fast) | " in text
