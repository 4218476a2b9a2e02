"""The one owner of what the tools remember between calls.

Functions whose results are worth keeping (the folding of a word, the URL parts of a
path, a name in a language) are declared `@memoized(...)`: the same memo as
`functools.lru_cache`, but registered here, so that `clear()` forgets every one of them
at the start of each check, build or preview regeneration. No result of one collection
(or of one version of a file) can then reach the next, and a long-running preview holds
no more than one collection's worth.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

Result = TypeVar("Result")

_MEMOS: list[functools._lru_cache_wrapper[Any]] = []


def memoized(maxsize: int | None = 1 << 14,
             ) -> Callable[[Callable[..., Result]], functools._lru_cache_wrapper[Result]]:
    """Remember the last `maxsize` results of a pure function (None: all of them), until
    the next `clear()`."""
    def remember(function: Callable[..., Result]) -> functools._lru_cache_wrapper[Result]:
        memo = functools.lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(memo)
        return memo
    return remember


def clear() -> None:
    """Forget every memoized result: called as a check, build or regeneration starts."""
    for memo in _MEMOS:
        memo.cache_clear()


def sizes() -> dict[str, int]:
    """How many results each memo holds now, by its function's qualified name."""
    return {f"{memo.__module__}.{memo.__qualname__}": memo.cache_info().currsize
            for memo in _MEMOS}
