"""The one owner of what the tools remember between calls.

`Cache` keeps the results of the pipeline's units by content digest (below).

Functions whose results are worth keeping (the folding of a word, the URL parts of a path,
a name in a language) are declared `@memoized(...)`: the same memo as
`functools.lru_cache`, but registered here, so that `clear()` forgets every one of them
at the start of each check, build or preview regeneration. No result of one collection
(or of one version of a file) can then reach the next, and a long-running preview holds
no more than one collection's worth.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable, Iterable, Iterator
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


def digest(*parts: bytes | str | None) -> str:
    """A content digest of `parts`: SHA-256 of each, length-prefixed, so that no two
    sequences of parts give the same bytes."""
    hashed = hashlib.sha256()
    for part in parts:
        data = b"" if part is None else part.encode() if isinstance(part, str) else part
        hashed.update(b"-" if part is None else len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


def digest_of(value: object) -> str:
    """A content digest of a value made of models, views and builtins: its pickle. Equal
    values may pickle differently (pickle shares an object met twice); that costs a miss,
    never a wrong hit: unequal values never pickle alike."""
    return digest(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class Cache:
    """The results of pure units (an article checked, its listing, a page made and
    rendered), by the digest of everything they were made from, never by object identity.

    A running preview keeps one from regeneration to regeneration, so that saving a
    sidecar re-checks and re-renders only what the file changes. What a run did not ask
    for is forgotten when it ends (`sweep`): the cache holds one collection's worth.

    A build's cache keeps nothing (`keep=False`): every unit is computed, no digest is
    taken. Its work is shared among forked processes, whose memory dies with them.
    """

    def __init__(self, *, keep: bool = True) -> None:
        self.keep = keep
        self._results: dict[tuple[str, str], Any] = {}
        self._used: set[tuple[str, str]] = set()
        # What the last run wrote, by path: a file given again with equal bytes is taken to
        # be on disk already, unread.
        self.written: dict[str, bytes] = {}
        self._writing: dict[str, bytes] = {}

    def key(self, *parts: bytes | str | None) -> str:
        """The digest of `parts`; "" (nothing is kept under it) for a cache that keeps
        nothing."""
        return digest(*parts) if self.keep else ""

    def lookup(self, kind: str, key: str) -> Any | None:
        """What was kept under `kind` and `key`, or None."""
        if not key:
            return None
        self._used.add((kind, key))
        return self._results.get((kind, key))

    def store(self, kind: str, key: str, result: Result) -> Result:
        if key:
            self._results[kind, key] = result
            self._used.add((kind, key))
        return result

    def get(self, kind: str, key: str, make: Callable[[], Result]) -> Result:
        """What was kept under `kind` and `key`, else `make()`, kept."""
        found = self.lookup(kind, key)
        return found if found is not None else self.store(kind, key, make())

    def recorded(self, files: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        """`files`, each noted as written by this run (by a cache that keeps anything)."""
        for path, data in files:
            if self.keep:
                self._writing[path] = data
            yield path, data

    def sweep(self) -> None:
        """A run wrote its files: forget what it did not ask for (deleted or changed
        files), and remember what it wrote."""
        self._results = {used: self._results[used] for used in self._used
                         if used in self._results}
        self._used = set()
        self.written, self._writing = self._writing, {}
