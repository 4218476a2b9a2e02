"""A sidecar's quotes and forms to spans of its text, or a problem that says where the
closest passage is."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from ..diagnostics import Diagnostic, Severity, one_line
from ..models import (
    Annotation,
    AnnotationKind,
    Entity,
    Quote,
    SourceText,
    Span,
)
from ..validate.problems import Problems
from ..validate.sidecar import Draft
from . import find

# How many mistyped quotes of one sidecar get a closest passage: each search reads the
# whole text, so past this a hint says only how to copy the quote.
MAX_SUGGESTIONS = 20


class _Lookups:
    """What a sidecar's quotes are looked up in: its text, folded once and with the pairs of
    letters it has (find.Quoted), and the closest-passage searches it has left."""

    def __init__(self, source: SourceText) -> None:
        self.folded = find.FoldedText.of(source.text)
        self.quoted = find.Quoted(source.text)
        self.left = MAX_SUGGESTIONS

    def closest(self, quote: str) -> find.Suggestion | str | None:
        """The closest passage, None if there is none, or why it was not searched for."""
        if self.left <= 0:
            return (f"(no closest passage searched: more than {MAX_SUGGESTIONS} quotes of this "
                    "sidecar are not in the text; fix the first ones, then check again)")
        self.left -= 1
        return find.closest(self.folded, quote)


def _not_found(draft: Draft, source: SourceText, quote: Quote, what: str,
               lookups: _Lookups) -> Diagnostic:
    suggestion = lookups.closest(quote.exact)
    hint = "copy the words exactly from the text file, character for character"
    if isinstance(suggestion, str):
        hint += f"\n{suggestion}"
    elif suggestion:
        line, column = find.line_and_column(source.text, suggestion.span.start)
        hint = (f"closest passage ({suggestion.reason}) at {draft.text_path}:{line}:{column}: "
                f"«{one_line(suggestion.passage)}»\n" + hint)
    return Diagnostic(draft.record.path, quote.line, quote.column, "quote-not-found",
                      f"{what} «{quote.exact}» is not in the text", hint)


def _context_not_found(draft: Draft, source: SourceText, quote: Quote,
                       spans: list[Span]) -> Diagnostic:
    """The words are in the text, but `prefix`/`suffix` match none of their places."""
    text = source.text
    context = " and ".join(f"{side} «{value}»" for side, value in
                           (("prefix", quote.prefix), ("suffix", quote.suffix)) if value)
    places = []
    for span in spans[:5]:
        line, column = find.line_and_column(text, span.start)
        passage = text[max(0, span.start - len(quote.prefix)):span.end + len(quote.suffix)]
        places.append(f"at {draft.text_path}:{line}:{column}: «{one_line(passage)}»")
    return Diagnostic(draft.record.path, quote.line, quote.column, "quote-not-found",
                      f"note quote «{quote.exact}» is in the text, but not with its {context}",
                      "\n".join(["the text around it reads:", *places,
                                  "copy `prefix` and `suffix` exactly from the text file, "
                                  "spaces included"]))


def _block_of(source: SourceText, starts: list[int], span: Span) -> int | None:
    """The index of the block holding `span`; `starts`: where each block starts."""
    index = bisect.bisect_right(starts, span.start) - 1
    if index >= 0 and source.blocks[index].span.contains(span):
        return index
    return None


def anchor_quotes(draft: Draft, source: SourceText, entities: Mapping[str, Entity],
            problems: Problems) -> list[Annotation]:
    text = source.text
    annotations: list[Annotation] = []
    starts = [block.span.start for block in source.blocks]
    lookups = _Lookups(source)

    def place(spans: Iterable[Span], kind: AnnotationKind, target: str, quote: Quote) -> None:
        for span in spans:
            block = _block_of(source, starts, span)
            if block is None:
                problems.extend([Diagnostic(
                    draft.record.path, quote.line, quote.column, "quote-crosses-blocks",
                    f"«{quote.exact}» runs across a line or paragraph break",
                    "quote words from within one paragraph")])
                return
            annotations.append(Annotation(span, kind, target, block))

    def too_common(quote: Quote, what: str) -> Diagnostic:
        return Diagnostic(
            draft.record.path, quote.line, quote.column, "quote-too-common",
            f"{what} «{quote.exact}» occurs more than {find.MAX_PLACES:,} times in the text",
            "quote the longer words the annotation is about, as they stand in the text")

    for _, link in draft.parts.glossary:
        spans = lookups.quoted.find(link.quote.exact)
        if spans is None:
            problems.extend([too_common(link.quote, "glossary quote")])
        elif not spans:
            problems.extend([_not_found(draft, source, link.quote, "glossary quote", lookups)])
        place(spans or (), AnnotationKind.TERM, link.term, link.quote)

    for index, note in draft.parts.notes:
        number = index + 1
        spans = lookups.quoted.find(note.quote.exact, note.quote.prefix, note.quote.suffix)
        if spans == [] and (anywhere := find.first_places(text, note.quote.exact, 5)):
            problems.extend([_context_not_found(draft, source, note.quote, anywhere)])
        elif spans == []:
            problems.extend([_not_found(draft, source, note.quote, "note quote", lookups)])
        elif spans is None or len(spans) > 1:
            shown = ", ".join(str(find.line_and_column(text, s.start)[0])
                              for s in find.first_places(text, note.quote.prefix
                                                           + note.quote.exact
                                                           + note.quote.suffix, 10))
            count = (f"more than {find.MAX_PLACES:,}" if spans is None else str(len(spans)))
            more = spans is None or len(spans) > 10
            problems.extend([Diagnostic(
                draft.record.path, note.quote.line, note.quote.column, "quote-ambiguous",
                f"note quote «{note.quote.exact}» occurs {count} times (text lines {shown}"
                f"{', …' if more else ''})",
                "add `prefix:` (the words just before it) or `suffix:` (just after it) to say "
                "which one the note is about")])
        else:
            place(spans, AnnotationKind.NOTE, str(number), note.quote)

    folded = lookups.folded
    waiting = set(draft.parts.waiting)  # malformed forms: neither these nor registry names
    named = [(p.entity, p.forms, p.line, p.column) for i, p in draft.parts.participants
             if ("participants", i, "forms") not in waiting] + [
        (m.entity, m.forms, m.line, m.column) for i, m in draft.parts.mentions
        if ("mentions", i, "forms") not in waiting]
    for entity_id, forms, line, column in named:
        if forms:
            for form in forms:
                spans = lookups.quoted.find(form.exact)
                if spans is None:
                    problems.extend([too_common(form, "form")])
                elif not spans:
                    problems.extend([_not_found(draft, source, form, "form", lookups)])
                place(spans or (), AnnotationKind.ENTITY, entity_id, form)
            continue
        entity = entities.get(entity_id)
        if entity is None:
            continue
        spans = find.find_forms(folded, entity.forms)
        if len(spans) > find.MAX_PLACES:
            problems.extend([Diagnostic(
                draft.record.path, line, column, "named-too-often",
                f"`{entity_id}` is named more than {find.MAX_PLACES:,} times in the text; "
                f"only the first {find.MAX_PLACES:,} are linked",
                "give `forms:` with the exact spellings to link, or leave it as it is",
                Severity.WARNING)])
            spans = spans[:find.MAX_PLACES]
        if not spans:
            problems.extend([Diagnostic(
                draft.record.path, line, column, "not-named",
                f"`{entity_id}` is not named in the text under any of its registry names",
                f"add `forms:` with the exact spelling the text uses, or add that spelling to "
                f"`aliases` in {entity.path}", Severity.WARNING)])
        place(spans, AnnotationKind.ENTITY, entity_id, Quote(entity_id, line=line, column=column))
    # In the models' order (span, kind, target, block), by key: comparing them as models
    # would call Python for every comparison.
    return sorted(set(annotations), key=lambda a: (a.span.start, a.span.end, a.kind, a.target,
                                                   a.block))
