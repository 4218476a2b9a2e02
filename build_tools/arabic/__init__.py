"""Arabic-aware folding, clitics and search terms: one spelling-insensitive key for quotes,
names and search.

- `reference`: the definition, written the plain way, one character at a time, from the
  tables; it reads against `arabic-fold.js`, its mirror in the search box
- `fold`: folding, words and the map back to the source, made fast
- `search`: clitics, search terms and the index's terms, made fast
- `direction`: which languages are written right to left

The names below are the fast ones where there is one (tests/test_fast_paths.py holds them
to the reference); `folded_span_to_source` and `indexable` need none.
"""

from __future__ import annotations

from .direction import is_rtl_language
from .fold import fold, fold_with_map, folded_words, tokens
from .reference import (
    CHAR_FOLDS,
    CONJUNCTIONS,
    DETERMINERS,
    HAMZA_CARRIERS,
    INVISIBLE_RANGES,
    MARK_RANGES,
    MIN_STEM,
    PROCLITICS,
    SEARCH_MARK,
    folded_span_to_source,
    indexable,
)
from .search import (
    index_term_counts,
    index_terms,
    query_terms,
    search_key,
    search_query,
    search_terms,
    strip_clitics,
)

__all__ = ["CHAR_FOLDS", "CONJUNCTIONS", "DETERMINERS", "HAMZA_CARRIERS", "INVISIBLE_RANGES",
           "MARK_RANGES", "MIN_STEM", "PROCLITICS", "SEARCH_MARK", "fold", "fold_with_map",
           "folded_span_to_source", "folded_words", "index_term_counts", "index_terms",
           "indexable", "is_rtl_language", "query_terms", "search_key", "search_query",
           "search_terms", "strip_clitics", "tokens"]
