"""Bytes to text, and a text to its blocks (title, section line, paragraphs) with exact
offsets. Nothing here raises on bad input: every problem becomes a `Diagnostic`.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..models import Block, BlockKind, Layout, SourceText, Span

MAX_TEXT_BYTES = 2 * 1024 * 1024

KCNA_INDENT = "\u00a0\u00a0 "

def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def decode(path: str, data: bytes, *, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, refusing what would silently change a character later."""
    if len(data) > limit:
        return None, [Diagnostic(
            path, 1, 1, "file-too-large",
            f"file is {len(data):,} bytes; the limit is {limit:,}",
            "split the article or shorten the annotations; a larger file is not an article "
            "we can review",
        )]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic(
            path, 1, 1, "bom",
            "file starts with a byte-order mark (BOM)",
            "save the file as UTF-8 without BOM (in VS Code: 'Save with Encoding' > 'UTF-8')",
        )]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line, column = position(good, len(good))
        return None, [Diagnostic(
            path, line, column, "not-utf8",
            f"file is not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
            "save the file as UTF-8 (texts in Windows-1256 or ISO-8859-6 must be converted: "
            "iconv -f WINDOWS-1256 -t UTF-8)",
        )]
    problems: list[Diagnostic] = []
    if "\r" in text:
        offset = text.index("\r")
        line, column = position(text, offset)
        kind = "CR LF (Windows)" if text[offset: offset + 2] == "\r\n" else "CR (old Mac)"
        problems.append(Diagnostic(path, line, column, "line-endings",
                                   f"line {line} ends with {kind} line endings",
                                   _line_endings_hint(path)))
    if "\x00" in text:
        line, column = position(text, text.index("\x00"))
        problems.append(Diagnostic(
            path, line, column, "nul-byte", "file contains a NUL byte",
            "this is a binary file or a broken copy; copy the text again as plain UTF-8",
        ))
    return (None if problems else text), problems


def _line_endings_hint(path: str) -> str:
    """How to get LF back. A file in the collection may have been written so by git itself:
    a Windows clone (core.autocrlf=true) made before .gitattributes fixed the line endings
    keeps its CR LF copies, which only a fresh checkout of the file replaces (`git checkout
    -- path` alone skips a file git thinks unchanged; `git add --renormalize` fixes the
    index, not the file)."""
    hint = ("save the file with LF line endings (in VS Code: click 'CRLF' in the status bar "
            "and choose 'LF')")
    if not path.startswith("collection/"):  # a text being added, not a checkout
        return hint
    return (f"{hint}\nif git wrote them (a Windows clone with core.autocrlf=true), have it "
            f"write the file again: git config core.autocrlf false && "
            f"git rm --cached -q {path} && git checkout HEAD -- {path} "
            f"(commit your own edits of the file first)")



def read_text(path: str, data: bytes) -> tuple[SourceText | None, list[Diagnostic]]:
    text, problems = decode(path, data, limit=MAX_TEXT_BYTES)
    if text is None:
        return None, problems
    lines = lines_with_offsets(text)
    if lines and lines[0][1].startswith("/ "):
        blocks = _kcna_blocks(lines)
        layout = Layout.KCNA
    else:
        blocks = _plain_blocks(lines)
        layout = Layout.PLAIN
    if not any(b.kind is BlockKind.TITLE for b in blocks):
        return None, [Diagnostic(
            path, 1, 1, "text-empty", "text has no title line",
            "the first line of a text is its title (or '/ section' then the title, as KCNA "
            "publishes)",
        )]
    if not any(b.kind is BlockKind.PARAGRAPH for b in blocks):
        line = text.count("\n") + 1
        return None, [Diagnostic(
            path, line, 1, "text-no-paragraphs", "text has a title but no paragraphs",
            "after the title, write the paragraphs: one per line indented with two no-break "
            "spaces and a space (KCNA layout), or separated by blank lines (plain layout)",
        )]
    if layout is Layout.KCNA and text.endswith("\n"):
        end = len(text.rstrip("\n"))
        line, column = position(text, end)
        return None, [Diagnostic(
            path, line, column, "text-final-newline",
            "a KCNA text ends with its last paragraph, but this one has a line break after it",
            "KCNA publishes no line break there, and the text must stay byte for byte as "
            "published: remove it (an editor added it on saving; the workspace settings of "
            f"VS Code don't), e.g. with: truncate -s -{len(text) - end} {path}",
        )]
    return SourceText(text=text, layout=layout, blocks=tuple(blocks)), []


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    result: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


def _block(kind: BlockKind, start: int, text: str, number: int = 0) -> Block:
    return Block(kind=kind, span=Span(start, start + len(text)), text=text, number=number)


def _kcna_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    blocks = [_block(BlockKind.SECTION, *lines[0])]
    body = [(offset, line) for offset, line in lines[1:] if line.strip()]
    if body:
        blocks.append(_block(BlockKind.TITLE, *body[0]))
    blocks.extend(
        _block(BlockKind.PARAGRAPH, offset, line, number)
        for number, (offset, line) in enumerate(body[1:], start=1)
    )
    return blocks


def _plain_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """Title = first non-blank line; paragraphs = runs of non-blank lines."""
    runs: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    for offset, line in [*lines, (0, "")]:
        if line.strip():
            current.append((offset, line))
        elif current:
            start = current[0][0]
            runs.append((start, "\n".join(part for _, part in current)))
            current = []
    if not runs:
        return []
    title_offset, title = runs[0]
    title_line = title.split("\n", 1)[0]
    blocks = [_block(BlockKind.TITLE, title_offset, title_line)]
    rest = title[len(title_line) + 1:]
    if rest.strip():
        runs[0] = (title_offset + len(title_line) + 1, rest)
    else:
        runs = runs[1:]
    blocks.extend(
        _block(BlockKind.PARAGRAPH, offset, run, number)
        for number, (offset, run) in enumerate(runs, start=1)
    )
    return blocks
