"""Collation's pure helpers: page URLs, the relative links between pages, and a block cut
into plain and linked runs. Properties, not examples: a link lands where it points, and
the runs of a block put together are the block."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.collate import page_url, relative_url, segments
from build_tools.collate.segments import Target
from build_tools.collate.views import Segment
from build_tools.models import Annotation, AnnotationKind, Block, BlockKind, Span

HOST = "https://example.org/collection/"  # a site under a sub-path, as GitHub Pages serves

FOLDERS = st.sampled_from(["articles", "2025", "people", "glossary", "topics", "timeline",
                           "page-2", "kim-jong-un", "a"])
STEMS = st.sampled_from(["index", "2025", "page-2", "kim-jong-un", "people", "a", "new-era"])
PAGES = st.builds(lambda folders, stem: "/".join([*folders, stem]) + ".md",
                  st.lists(FOLDERS, max_size=3), STEMS)


@pytest.mark.parametrize(("path", "url"), [
    ("index.md", ""),
    ("people/index.md", "people/"),
    ("people/kim-jong-un.md", "people/kim-jong-un/"),
    ("people/kim-jong-un/page-2.md", "people/kim-jong-un/page-2/"),
    ("articles/2025/2025-07-12-kim-jong-un-receives-lavrov.md",
     "articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"),
])
def test_a_page_is_published_at_its_directory_url(path: str, url: str) -> None:
    assert page_url(path) == url


@given(PAGES, PAGES)
def test_a_relative_link_lands_on_the_page_it_points_at(here: str, there: str) -> None:
    link = relative_url(here, there)

    assert urljoin(HOST + page_url(here), link) == HOST + page_url(there)
    assert not link.startswith("/") and "//" not in link
    assert link.endswith("/"), "a directory URL, as MkDocs publishes it"


@given(PAGES, PAGES, st.sampled_from(["p3", "n1", "names"]))
def test_a_fragment_is_kept_after_the_page(here: str, there: str, fragment: str) -> None:
    assert relative_url(here, there, fragment) == f"{relative_url(here, there)}#{fragment}"


def test_a_link_to_the_page_itself_is_dot_slash() -> None:
    assert relative_url("people/kim-jong-un.md", "people/kim-jong-un.md") == "./"
    assert relative_url("index.md", "index.md") == "./"


@pytest.mark.parametrize("path", ["/people/a.md", "people/../a.md", "./a.md"])
def test_a_path_outside_the_site_is_refused(path: str) -> None:
    with pytest.raises(ValueError, match="not a page path"):
        relative_url("index.md", path)


# ------------------------------------------------------------------------ segments

KINDS = st.sampled_from(list(AnnotationKind))


@st.composite
def blocks_with_annotations(draw: st.DrawFn) -> tuple[Block, list[Annotation]]:
    """A block somewhere in its text, and annotations of spans inside it, overlapping or
    not, as anchoring may leave them."""
    text = draw(st.text("ابت جو", min_size=1, max_size=40))
    offset = draw(st.integers(0, 500))
    annotations = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(KINDS)
        annotations.append(Annotation(Span(offset + start, offset + end), kind,
                                      str(draw(st.integers(1, 3)))))
    block = Block(BlockKind.PARAGRAPH, Span(offset, offset + len(text)), text, 1)
    return block, annotations


def _links(annotations: list[Annotation]) -> dict[tuple[str, str], Target]:
    return {(a.kind, a.target): Target(str(a.kind), f"#{a.kind}-{a.target}")
            for a in annotations}


def _linked_spans(block: Block, runs: tuple[Segment, ...]) -> list[tuple[Span, Segment]]:
    at, spans = block.span.start, []
    for run in runs:
        if run.kind:
            spans.append((Span(at, at + len(run.text)), run))
        at += len(run.text)
    return spans


@given(blocks_with_annotations())
def test_the_runs_of_a_block_put_together_are_the_block(
        case: tuple[Block, list[Annotation]]) -> None:
    block, annotations = case

    runs = segments(block, annotations, _links(annotations))

    assert "".join(run.text for run in runs) == block.text
    assert all(run.text for run in runs), "no empty run"


@given(blocks_with_annotations())
def test_each_link_is_one_annotation_and_links_never_overlap(
        case: tuple[Block, list[Annotation]]) -> None:
    block, annotations = case

    linked = _linked_spans(block, segments(block, annotations, _links(annotations)))

    by_place = {(a.span, f"#{a.kind}-{a.target}") for a in annotations}
    assert {(span, run.href) for span, run in linked} <= by_place
    for (first, _), (second, _) in itertools.pairwise(linked):
        assert first.end <= second.start
    # Only overlaps are left out: every annotation not linked overlaps one that is.
    kept = [span for span, _ in linked]
    for annotation in annotations:
        assert annotation.span in kept or any(annotation.span.overlaps(s) for s in kept)


@given(blocks_with_annotations())
def test_a_note_wins_over_what_it_overlaps(case: tuple[Block, list[Annotation]]) -> None:
    block, annotations = case
    notes = [a for a in annotations if a.kind is AnnotationKind.NOTE]

    linked = _linked_spans(block, segments(block, annotations, _links(annotations)))

    kept_notes = [span for span, run in linked if run.kind == "note"]
    for note in notes:  # a note is only left out for another note
        assert note.span in kept_notes or any(note.span.overlaps(s) for s in kept_notes)
