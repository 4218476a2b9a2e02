# ruff: noqa: RUF001  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""Reading a text keeps every character: blocks slice the file exactly, in order.

Paragraph numbers are the anchors readers cite and every annotation is an offset into the
file, so the reader may split a text but never change, drop or reorder a character.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.models import Block, BlockKind, Layout, SourceText
from build_tools.read import KCNA_INDENT, read_text
from tests.conftest import SEED as SEED_COLLECTION
from tests.conftest import SEED_ARTICLE

SEED = SEED_COLLECTION / f"{SEED_ARTICLE}.txt"


def read(text: str) -> SourceText:
    source, problems = read_text("t.txt", text.encode("utf-8"))
    assert source is not None, problems
    assert problems == []
    return source


def gaps(source: SourceText) -> list[str]:
    """What lies between consecutive blocks, after checking each block slices the file."""
    text, blocks = source.text, source.blocks
    between = []
    for before, block in zip((None, *blocks), blocks, strict=False):
        assert text[block.span.start:block.span.end] == block.text
        if before is not None:
            assert before.span.end <= block.span.start, "blocks out of order or overlapping"
            between.append(text[before.span.end:block.span.start])
    return between


def rebuild(source: SourceText) -> str:
    """The file again, from what precedes the first block, the blocks, the gaps, the rest."""
    blocks = source.blocks
    head = source.text[:blocks[0].span.start]
    tail = source.text[blocks[-1].span.end:]
    body = blocks[0].text + "".join(gap + block.text
                                    for gap, block in zip(gaps(source), blocks[1:], strict=True))
    return head + body + tail


def kinds(blocks: tuple[Block, ...]) -> list[BlockKind]:
    return [block.kind for block in blocks]


# ------------------------------------------------------------------------ the seed article


def test_seed_article_keeps_every_character() -> None:
    text = SEED.read_bytes().decode("utf-8")
    source = read(text)

    assert source.text == text
    assert gaps(source) == ["\n"] * (len(source.blocks) - 1)
    assert rebuild(source) == text
    assert "\n".join(block.text for block in source.blocks) == text


def test_seed_article_structure() -> None:
    source = read(SEED.read_text("utf-8"))

    assert source.layout is Layout.KCNA
    assert kinds(source.blocks) == [BlockKind.SECTION, BlockKind.TITLE] + [BlockKind.PARAGRAPH] * 12
    assert source.section is not None
    assert source.section.text == "/ النشاطات الثورية للامين العام لحزب العمل الكوري كيم جونغ وون"
    assert source.title.text == "التقى القائد المحترم كيم جونغ وون بوزير الخارجية للاتحاد الروسي"
    assert [p.number for p in source.paragraphs] == list(range(1, 13))
    assert all(p.text.startswith(KCNA_INDENT) for p in source.paragraphs)
    assert source.paragraphs[0].text.startswith(KCNA_INDENT + "في يوم 12 من تموز/ يوليو")
    assert source.paragraphs[-1].text.endswith("لروسيا العظيمة.")
    assert all(block.number == 0 for block in source.blocks[:2])


# --------------------------------------------------------------------------- plain layout

PLAIN = ("Title of the article\n"
         "\n"
         "First paragraph, which may\n"
         "continue on a second line.\n"
         "\n"
         "Second paragraph.\n")


def test_plain_layout() -> None:
    source = read(PLAIN)

    assert source.layout is Layout.PLAIN
    assert source.section is None
    assert source.title.text == "Title of the article"
    assert [p.text for p in source.paragraphs] == [
        "First paragraph, which may\ncontinue on a second line.", "Second paragraph."]
    assert [p.number for p in source.paragraphs] == [1, 2]
    assert gaps(source) == ["\n\n", "\n\n"]
    assert rebuild(source) == PLAIN


def test_plain_layout_with_extra_blank_lines_and_no_final_newline() -> None:
    text = "\n\nTitle\n\n\n\u00a0\nعنوان الفقرة\u00a0الأولى\nتتمة\n \n\nالفقرة الثانية"
    source = read(text)

    assert source.title.text == "Title"
    assert [p.text for p in source.paragraphs] == ["عنوان الفقرة\u00a0الأولى\nتتمة",
                                                  "الفقرة الثانية"]
    assert gaps(source) == ["\n\n\n\u00a0\n", "\n \n\n"]
    assert rebuild(source) == text


def test_plain_title_followed_directly_by_a_paragraph() -> None:
    source = read("Title\nFirst paragraph\n\nSecond paragraph")

    assert source.title.text == "Title"
    assert [p.text for p in source.paragraphs] == ["First paragraph", "Second paragraph"]
    assert gaps(source) == ["\n", "\n\n"]


# ----------------------------------------------------------------------------- properties

_LETTERS = st.sampled_from([*"ابتجدكلمنوي", "أ", "ة", "\u064e", *"abc ,./", "\u00a0", "\t"])
_ANY = st.characters(exclude_categories=["Cs"], exclude_characters="\n\r\x00")
_LINE = st.one_of(
    st.just(""),
    st.sampled_from([" ", "\u00a0", "\u00a0\u00a0 ", "\t", "/ ", "/"]),
    st.text(_LETTERS, min_size=1, max_size=30),
    st.text(_LETTERS, min_size=1, max_size=30).map(lambda line: KCNA_INDENT + line),
    st.text(st.one_of(_LETTERS, _ANY), min_size=1, max_size=12),
)
_TEXTS = st.tuples(
    st.sampled_from(["", "/ القسم\n", "/ \n"]),
    st.lists(_LINE, max_size=14),
    st.sampled_from(["", "\n", "\n\n"]),
).map(lambda parts: parts[0] + "\n".join(parts[1]) + parts[2])


@settings(max_examples=200, derandomize=True)
@given(_TEXTS)
def test_any_text_is_sliced_without_loss(text: str) -> None:
    source, problems = read_text("t.txt", text.encode("utf-8"))
    kcna = text.startswith("/ ")
    content = [line for line in text.split("\n")[kcna:] if line.strip()]  # title, paragraphs
    if source is None:
        assert len(content) < 2
        assert [p.code for p in problems] == ["text-no-paragraphs" if content else "text-empty"]
        return
    assert problems == []
    assert source.layout is (Layout.KCNA if kcna else Layout.PLAIN)
    assert source.text == text
    assert rebuild(source) == text

    outside = [source.text[:source.blocks[0].span.start], *gaps(source),
               source.text[source.blocks[-1].span.end:]]
    assert all(part.isspace() or not part for part in outside), "only blank space between blocks"
    assert all("\n" in gap for gap in gaps(source)), "every block starts on a line of its own"
    for block in source.blocks:
        assert all(line.strip() for line in block.text.split("\n")), "no blank line in a block"
    assert "\n" not in source.title.text
    assert [p.number for p in source.paragraphs] == list(range(1, len(source.paragraphs) + 1))
    if kcna:
        assert [b.text for b in source.blocks[1:]] == content
        assert "\n" not in source.blocks[0].text
    else:
        assert "\n".join(b.text for b in source.blocks).split("\n") == content
