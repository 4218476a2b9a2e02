"""Quotes to spans of the text: `find` holds the pure search functions (exact places, whole
registry names in the folded text, the closest passage to a mistyped quote); `quotes`
anchors a sidecar's quotes and forms with them, saying where each one that is not in the
text most likely is."""

from __future__ import annotations

from .find import (
    LONG_TEXT,
    MAX_PLACES,
    FoldedText,
    Quoted,
    Suggestion,
    closest,
    closest_everywhere,
    find_exact,
    find_forms,
    first_places,
    line_and_column,
)

__all__ = ["LONG_TEXT", "MAX_PLACES", "FoldedText", "Quoted", "Suggestion", "closest",
           "closest_everywhere", "find_exact", "find_forms", "first_places", "line_and_column"]
