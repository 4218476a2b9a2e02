"""Arabic-aware folding, clitics and search terms (`fold.py`), mirrored for the browser by
`arabic-fold.js`: one spelling-insensitive key for quotes, names and search."""

from __future__ import annotations

from .fold import (
    CHAR_FOLDS,
    CONJUNCTIONS,
    DETERMINERS,
    HAMZA_CARRIERS,
    INVISIBLE_RANGES,
    MARK_RANGES,
    MIN_STEM,
    PROCLITICS,
    SEARCH_MARK,
    fold,
    fold_with_map,
    folded_span_to_source,
    folded_words,
    index_term_counts,
    index_terms,
    indexable,
    is_rtl_language,
    query_terms,
    search_key,
    search_query,
    search_terms,
    strip_clitics,
    tokens,
)

__all__ = ["CHAR_FOLDS", "CONJUNCTIONS", "DETERMINERS", "HAMZA_CARRIERS", "INVISIBLE_RANGES",
           "MARK_RANGES", "MIN_STEM", "PROCLITICS", "SEARCH_MARK", "fold", "fold_with_map",
           "folded_span_to_source", "folded_words", "index_term_counts", "index_terms",
           "indexable", "is_rtl_language", "query_terms", "search_key", "search_query",
           "search_terms", "strip_clitics", "tokens"]
