"""Make Pagefind's search index byte-for-byte reproducible.

Pagefind 1.5.2 gathers filters in hash maps seeded at random on each run
(`hashbrown::HashMap` in `pagefind/src/index/mod.rs`), so two runs over the same site write:

- each filter chunk (`filter/<lang>_<hash>.pf_filter`) with its values in a different
  order, hence a different content hash and file name;
- the language's meta file (`pagefind.<lang>_<hash>.pf_meta`) with its filter list in a
  different order and those different chunk names, hence a different name too;
- `pagefind-entry.json`, which names the meta file.

Words, fragments and pages are already in a fixed order. Nothing reads a meaning into
either order (the search looks values up by name and pages by number), so this sorts both
and renames the files the way Pagefind names them: `<lang>_` and the start of the SHA-1
of the uncompressed chunk, hex digits unpadded as Pagefind writes them, 7 digits for a
filter chunk and 10 for the meta file, one more on a clash. Files are gzip-compressed
with no timestamp, behind Pagefind's `pagefind_dcd` signature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
FILTER_HASH, META_HASH = 7, 10
META_FILTERS = 3  # the meta file is [version, pages, index chunks, filters, sorts, ...]

Cbor = int | str | list[Any]


class IndexFormatError(ValueError):
    """A file of the index holds something this module does not know how to rewrite."""


# ------------------------------------------------------------- the CBOR subset used


def decode(data: bytes) -> Cbor:
    """Unsigned integers, text strings and definite arrays: all that these files hold."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise IndexFormatError(f"{len(data) - end} bytes after the CBOR value")
    return value


def _decode(data: bytes, at: int) -> tuple[Cbor, int]:
    if at >= len(data):
        raise IndexFormatError("truncated CBOR")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise IndexFormatError(f"CBOR item {major}/{info} not supported")
    if major == 0:
        return length, at
    if major == 3:
        return data[at:at + length].decode("utf-8"), at + length
    if major == 4:
        items: list[Any] = []
        for _ in range(length):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise IndexFormatError(f"CBOR major type {major} not supported")


def encode(value: Cbor) -> bytes:
    """The shortest-form encoding, as minicbor writes it."""
    if isinstance(value, bool):
        raise IndexFormatError("booleans are not supported")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(encode(item) for item in value)


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise IndexFormatError(f"{length} is too large")


# --------------------------------------------------------------------- the files


def read_chunk(path: Path) -> Cbor:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: no {SIGNATURE.decode()} signature")
    return decode(data[len(SIGNATURE):])


def _pagefind_hash(data: bytes) -> str:
    """Pagefind's `full_hash`: SHA-1 with each byte as unpadded hex (`{:x?}`)."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _write_chunk(folder: Path, pattern: str, language: str, value: Cbor, digits: int,
                 taken: set[str]) -> str:
    """Write `value` to `folder`/`pattern` ("{}" for its name), named as Pagefind names it:
    `<language>_<hash>`, a longer hash where the name is taken. Returns the name."""
    data = encode(value)
    full = _pagefind_hash(data)
    while f"{language}_{full[:digits]}" in taken and digits < len(full):
        digits += 1
    name = f"{language}_{full[:digits]}"
    taken.add(name)
    compressed = gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0)
    (folder / pattern.format(name)).write_bytes(compressed)
    return name


def make_reproducible(bundle: Path) -> int:
    """Sort the filters of the Pagefind bundle in `bundle` (site/pagefind/); returns how
    many filter chunks it holds. Raises IndexFormatError on a layout it does not know."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    languages: dict[str, dict[str, Any]] = entry["languages"]
    chunks = 0
    for language in sorted(languages):
        meta_name = str(languages[language]["hash"])
        meta_path = bundle / f"pagefind.{meta_name}.pf_meta"
        meta = read_chunk(meta_path)
        if not (isinstance(meta, list) and len(meta) > META_FILTERS
                and isinstance(meta[META_FILTERS], list)):
            raise IndexFormatError(f"{meta_path.name}: not a Pagefind 1.x meta index")
        filters: list[list[str]] = meta[META_FILTERS]
        if not filters:
            continue
        folder = bundle / "filter"
        values: dict[str, Cbor] = {}
        for name, old in filters:
            old_path = folder / f"{old}.pf_filter"
            chunk = read_chunk(old_path)
            if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == name
                    and isinstance(chunk[1], list)):
                raise IndexFormatError(f"{old_path.name}: not the filter chunk of {name!r}")
            values[name] = [name, sorted(chunk[1], key=lambda item: str(item[0]))]
            old_path.unlink()
        taken: set[str] = set()
        meta[META_FILTERS] = [
            [name, _write_chunk(folder, "{}.pf_filter", language, values[name],
                                FILTER_HASH, taken)]
            for name in sorted(values)]
        chunks += len(values)
        meta_path.unlink()
        languages[language]["hash"] = _write_chunk(bundle, "pagefind.{}.pf_meta", language,
                                                   meta, META_HASH, set())
    entry["languages"] = {language: languages[language] for language in sorted(languages)}
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return chunks
