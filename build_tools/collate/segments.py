"""A block of the source text cut into plain and annotated runs, and the sentence around
an annotation (a term's first use)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from ..models import (
    Annotation,
    AnnotationKind,
    Block,
)
from .views import Segment


class Target(NamedTuple):
    """What an annotated run links to: the fields of its Segment after the text."""

    kind: str  # "entity", "term", "note"
    href: str
    gloss: str = ""  # the id of the Gloss of an entity or term
    note: int = 0  # a note's number, in reading order


def _chosen(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Links can't nest: where annotations overlap, a note wins (its quote is unique and
    its aside links back to it), then the longest, then the earliest."""
    ordered = sorted(annotations, key=lambda a: a.span.start)
    if all(a.span.end <= b.span.start for a, b in itertools.pairwise(ordered)):
        return ordered  # nearly always: nothing overlaps
    kept: list[Annotation] = []
    taken: list[tuple[int, int]] = []  # the spans of `kept`
    for annotation in sorted(ordered, key=lambda a: (a.kind is not AnnotationKind.NOTE,
                                                     -(a.span.end - a.span.start),
                                                     a.span.start, a.kind)):
        start, end = annotation.span.start, annotation.span.end
        if not any(start < other_end and other_start < end for other_start, other_end in taken):
            kept.append(annotation)
            taken.append((start, end))
    return sorted(kept, key=lambda a: a.span.start)


def segments(block: Block, annotations: Sequence[Annotation],
             link: Mapping[tuple[str, str], Target],
             ) -> tuple[Segment, ...]:
    """Split a block into plain and linked runs whose concatenation is the block's text."""
    if not annotations:
        return (Segment(block.text),) if block.text else ()
    result: list[Segment] = []
    cursor = block.span.start
    for annotation in _chosen(annotations):
        start, end = annotation.span.start, annotation.span.end
        if start > cursor:
            result.append(Segment(block.text[cursor - block.span.start:start - block.span.start]))
        piece = block.text[start - block.span.start:end - block.span.start]
        result.append(Segment(piece, *link[annotation.kind, annotation.target]))
        cursor = end
    if cursor < block.span.end:
        result.append(Segment(block.text[cursor - block.span.start:]))
    return tuple(result)


_SENTENCE_ENDS = ".!?؟"
_SENTENCE_END = re.compile(rf"[{re.escape(_SENTENCE_ENDS)}]\s*")


def sentence_around(block: Block, annotation: Annotation) -> tuple[str, str, str]:
    """(before, quote, after) for the sentence of `block` that holds the annotation."""
    text, offset = block.text, block.span.start
    start, end = annotation.span.start - offset, annotation.span.end - offset
    # After the last sentence end before the quote, and the spaces after it.
    begin = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1
    if begin:
        while begin < start and text[begin].isspace():
            begin += 1
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    return text[begin:start].lstrip("\u00a0 "), text[start:end], text[end:finish].rstrip()
