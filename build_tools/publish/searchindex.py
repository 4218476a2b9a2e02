"""Pagefind's search index, built in parts of bounded size and merged into one bundle.

Pagefind holds the whole index in memory while it builds: 5.7 GB at 10,000 articles, with
no setting to bound it (Pagefind issue #842). So `publish.index` runs Pagefind on parts of
the site of at most PART_PAGES searchable pages each (`parts`), and `merge` joins their
bundles into the one bundle the search box loads, holding one index chunk of each part
at a time. The browser then fetches exactly what it would from a single run: one meta
file, and per query word the one chunk whose range holds it.

The bundle (Pagefind 1.5, `pagefind/src/index/`): each file is gzip of `pagefind_dcd` and
one CBOR value.

- `pagefind.<lang>_<hash>.pf_meta`: [version, pages [[fragment name, word count]],
  index chunks [[from, to, name]], filters [[filter, name]], sorts, meta fields];
- `index/<name>.pf_index`: [[word, pages, variants]], words in code point order; each page
  [page number less the previous page's (the first: itself), locations, meta locations],
  a meta location below 0 naming a field, -(its place in the meta fields + 1); each
  variant [form, pages];
- `filter/<name>.pf_filter`: [filter, [[value, page numbers]]];
- `fragment/<name>.pf_fragment`: one page's JSON; copied as it is.

Names are `<lang>_` and the start of the SHA-1 of the uncompressed file, hex digits
unpadded as Pagefind writes them: 7 digits, 10 for the meta file, one more on a clash.
Chunks are cut by their encoded size. The merged bundle is byte-for-byte reproducible:
Pagefind writes filters in a random order (hash maps seeded per run); the merge sorts them.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import itertools
import json
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from ..runtime import memory

SIGNATURE = b"pagefind_dcd"
HASH_DIGITS, META_HASH_DIGITS = 7, 10
# Besides articles, the sections whose pages carry data-pagefind-body (templates/entity,
# term). Every part holds such pages: Pagefind indexes every page of a run that has none.
REGISTRIES = ("people", "glossary")
# Searchable pages a Pagefind run indexes at most (about 0.65 MB of its memory each), and
# how many runs at once: Pagefind works mostly on one core, so two use both of a 2-core
# machine, in about 1 GB together.
PART_PAGES = 750
AT_ONCE = 2
# Uncompressed bytes an index chunk grows to before the next starts: the unit a query word
# fetches. Pagefind's own come to about 65 KB; at 10,000 articles a third of that cut what a
# slowly typed two-word query fetched from 146 KB to 82 KB (docs/about/search.md), for 3 KB
# more in the meta file every search loads first. A word with more pages than that has a
# chunk of its own.
CHUNK_BYTES = 24_000


class IndexFormatError(ValueError):
    """A file of a bundle holds something this module does not know how to merge."""


# --------------------------------------------------------------------- the parts


def parts(site: Path, size: int = PART_PAGES) -> list[str]:
    """Pagefind globs (relative to `site`) that share out its searchable pages: articles a
    month at a time, in order, then people and terms; at most `size` pages a part unless a
    single month or section holds more."""
    units: list[tuple[str, int]] = []
    articles = site / "articles"
    for year in sorted(p for p in articles.iterdir() if p.is_dir()) if articles.is_dir() else ():
        months: dict[str, int] = {}  # an article's id starts with its date
        for page in sorted(year.glob("*/index.html")):
            month = page.parent.name[:7]
            months[month] = months.get(month, 0) + 1
        units += [(f"articles/{year.name}/{month}*/index.html", n) for month, n in months.items()]
    for section in REGISTRIES:
        if count := sum(1 for _ in (site / section).glob("*/index.html")):
            units.append((f"{section}/**/*.html", count))
    groups: list[list[str]] = []
    filled = size
    for glob, count in units:
        if filled + count > size:
            groups.append([])
            filled = 0
        groups[-1].append(glob)
        filled += count
    return ["{" + ",".join(group) + "}" if len(group) > 1 else group[0] for group in groups]


# --------------------------------------------------------------------- the files


def _uncompressed(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: no {SIGNATURE.decode()} signature")
    return data[len(SIGNATURE):]


def read_chunk(path: Path) -> Any:
    return cbor2.loads(_uncompressed(path))


def _name(language: str, data: bytes, taken: set[str], digits: int = HASH_DIGITS) -> str:
    """Pagefind's name for `data`: the hash of `full_hash` (SHA-1, each byte as unpadded
    hex), lengthened while the name is taken."""
    full = "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())
    while f"{language}_{full[:digits]}" in taken and digits < len(full):
        digits += 1
    name = f"{language}_{full[:digits]}"
    taken.add(name)
    return name


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + data, compresslevel=6, mtime=0))


@dataclass(frozen=True)
class _Part:
    bundle: Path
    language: str
    entry: dict[str, Any]
    meta: list[Any]

    @classmethod
    def open(cls, bundle: Path) -> _Part:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        languages: dict[str, dict[str, Any]] = entry["languages"]
        if len(languages) != 1:
            raise IndexFormatError(f"{bundle}: {len(languages)} languages, not one")
        [(language, about)] = languages.items()
        meta = read_chunk(bundle / f"pagefind.{about['hash']}.pf_meta")
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == entry["version"]):
            raise IndexFormatError(f"{bundle}: not a Pagefind {entry['version']} meta file")
        if meta[4]:
            raise IndexFormatError(f"{bundle}: sorted pages (data-pagefind-sort) can't be merged")
        return cls(bundle, language, entry, meta)


@dataclass(frozen=True)
class Merged:
    pages: int
    chunks: int
    filters: int


def merge(bundles: Sequence[Path], target: Path) -> Merged:
    """Join the Pagefind bundles of the `parts` (in order) into a new bundle at `target`.
    Raises IndexFormatError on a layout this module does not know."""
    with memory.without_cycles():
        return _merge([_Part.open(bundle) for bundle in bundles], target)


def _merge(opened: list[_Part], target: Path) -> Merged:
    if not opened:
        raise IndexFormatError("no bundle to merge")
    first = opened[0]
    if {(p.language, p.entry["version"]) for p in opened} != {(first.language,
                                                              first.entry["version"])}:
        raise IndexFormatError("the parts differ in language or Pagefind version")
    language = first.language
    for folder in ("fragment", "index", "filter"):
        (target / folder).mkdir(parents=True)
    for asset in first.bundle.iterdir():  # the search box's scripts, styles and WebAssembly
        if asset.is_file() and not asset.name.endswith((".pf_meta", "-entry.json")):
            shutil.copyfile(asset, target / asset.name)
    fields = sorted({field for part in opened for field in part.meta[5]})

    pages: list[list[Any]] = []
    offsets: list[int] = []
    fragments: dict[str, Path] = {}
    for part in opened:
        offsets.append(len(pages))
        for name, word_count in part.meta[1]:
            pages.append([_copy_fragment(part.bundle, name, target, fragments), word_count])

    streams = [_words(part, offset, fields) for part, offset in zip(opened, offsets, strict=True)]
    chunks = _write_chunks(_joined(streams), target / "index", language)
    filters = _merge_filters(opened, offsets, target / "filter", language)
    meta = [first.entry["version"], pages, chunks, filters, [], fields]
    encoded = cbor2.dumps(meta)
    meta_name = _name(language, encoded, set(), META_HASH_DIGITS)
    _write(target / f"pagefind.{meta_name}.pf_meta", encoded)
    entry = {**first.entry, "languages": {language: {
        **first.entry["languages"][language], "hash": meta_name, "page_count": len(pages)}}}
    (target / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return Merged(len(pages), len(chunks), len(filters))


def _copy_fragment(bundle: Path, name: str, target: Path, taken: dict[str, Path]) -> str:
    """Copy a part's fragment; a different page of another part may have its name."""
    source = bundle / "fragment" / f"{name}.pf_fragment"
    if name in taken and taken[name].read_bytes() != source.read_bytes():
        language = name.split("_", 1)[0]
        name = _name(language, _uncompressed(source), set(taken), len(name) - len(language) - 1)
    if name not in taken:
        taken[name] = source
        shutil.copyfile(source, target / "fragment" / f"{name}.pf_fragment")
    return name


# ------------------------------------------------------------------------- words


@dataclass
class _Postings:
    """A word's pages in one part: decoded, and as encoded (the array's items, its head
    left out), so that merging re-encodes only the first page of each part."""

    pages: list[list[Any]]  # [page number less the previous one's, locations, meta locations]
    encoded: bytes
    offset: int  # the pages of the parts before


@dataclass
class _Word:
    word: str
    postings: list[_Postings]
    variants: list[list[Any]]  # [form, pages], their page numbers absolute

    def encode(self) -> bytes:
        pages, last = [], 0
        for postings in self.postings:
            first = postings.pages[0]
            number = first[0] + postings.offset
            pages.append(cbor2.dumps([number - last, *first[1:]]))
            pages.append(postings.encoded[len(cbor2.dumps(first)):])
            last = number + sum(page[0] for page in postings.pages) - first[0]
        count = sum(len(postings.pages) for postings in self.postings)
        variants = [[form, _numbered_from_previous(pages)] for form, pages in self.variants]
        return (b"\x83" + cbor2.dumps(self.word) + _array_head(count) + b"".join(pages)
                + cbor2.dumps(variants))


def _absolute(pages: list[list[Any]], offset: int) -> list[list[Any]]:
    number = offset
    for page in pages:
        number = page[0] = page[0] + number
    return pages


def _numbered_from_previous(pages: list[list[Any]]) -> list[list[Any]]:
    numbered, previous = [], 0
    for page in pages:
        numbered.append([page[0] - previous, *page[1:]])
        previous = page[0]
    return numbered


def _words(part: _Part, offset: int, fields: list[str]) -> Iterator[_Word]:
    """The words of a part in order, their page numbers moved past the parts before and
    their meta field numbers those of the merged `fields`."""
    renumber = {-(i + 1): -(fields.index(f) + 1) for i, f in enumerate(part.meta[5])}
    renumbered = any(old != new for old, new in renumber.items())
    for _from, _to, name in part.meta[2]:
        data = _uncompressed(part.bundle / "index" / f"{name}.pf_index")
        stream = io.BytesIO(data)
        decoder = cbor2.CBORDecoder(stream)
        if stream.read(1) != b"\x81":
            raise IndexFormatError(f"{name}.pf_index: not a Pagefind index chunk")
        for _ in range(_read_array_head(stream)):
            if stream.read(1) != b"\x83":
                raise IndexFormatError(f"{name}.pf_index: a word is not [word, pages, variants]")
            word = decoder.decode()
            start = stream.tell()
            pages = decoder.decode()
            encoded = data[start:stream.tell()]
            variants = decoder.decode()
            if renumbered:
                for page in (*pages, *(page for _form, more in variants for page in more)):
                    page[2] = [renumber.get(loc, loc) for loc in page[2]]
                encoded = cbor2.dumps(pages)
            encoded = encoded[len(_array_head(len(pages))):]
            yield _Word(word, [_Postings(pages, encoded, offset)] if pages else [],
                        [[form, _absolute(more, offset)] for form, more in variants])


def _joined(streams: Iterable[Iterator[_Word]]) -> Iterator[_Word]:
    """The words of all parts in order, each once, with the pages of every part."""
    for _word, same in itertools.groupby(heapq.merge(*streams, key=lambda w: w.word),
                                         key=lambda w: w.word):
        word, *others = same
        variants = {form: pages for form, pages in word.variants}
        for other in others:
            word.postings += other.postings
            for form, pages in other.variants:
                if form in variants:
                    variants[form] += pages
                else:
                    variants[form] = pages
        word.variants = [[form, pages] for form, pages in variants.items()]
        yield word


def _write_chunks(words: Iterable[_Word], folder: Path, language: str) -> list[list[str]]:
    """Write the words in chunks of about CHUNK_BYTES; their [from, to, name] entries."""
    entries: list[list[str]] = []
    taken: set[str] = set()
    encoded: list[bytes] = []
    first = last = ""
    size = 0

    def flush() -> None:
        nonlocal size
        data = b"\x81" + _array_head(len(encoded)) + b"".join(encoded)  # [[word, ...]]
        name = _name(language, data, taken)
        _write(folder / f"{name}.pf_index", data)
        entries.append([first, last, name])
        encoded.clear()
        size = 0

    for word in words:
        if not encoded:
            first = word.word
        last = word.word
        encoded.append(word.encode())
        size += len(encoded[-1])
        if size >= CHUNK_BYTES:
            flush()
    if encoded:
        flush()
    for this, following in itertools.pairwise(entries):  # Pagefind's chunk_meta
        to, start = _prefixes(this[1], following[0])
        if to >= this[0]:
            this[1] = to
        following[0] = start
    return entries


def _read_array_head(stream: io.BytesIO) -> int:
    """The length of the CBOR array that starts here (its head read)."""
    [initial] = stream.read(1) or b"\x00"
    if initial >> 5 != 4 or initial & 31 > 27:
        raise IndexFormatError("an index chunk does not hold a list of words")
    info = initial & 31
    if info < 24:
        return info
    return int.from_bytes(stream.read(1 << (info - 24)), "big")


def _array_head(length: int) -> bytes:
    """The CBOR head of an array of `length` items, in its shortest form."""
    if length < 24:
        return bytes([0x80 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([0x80 | info]) + length.to_bytes(size, "big")
    raise IndexFormatError(f"an array of {length} items")


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest starts of `a` and `b` that tell them apart (Pagefind's get_prefixes)."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common + 1], b[:common + 1]


# ----------------------------------------------------------------------- filters


def _merge_filters(parts: Sequence[_Part], offsets: Sequence[int], folder: Path,
                   language: str) -> list[list[str]]:
    """Each filter's values of all parts, sorted, in one chunk; their [filter, name] entries."""
    filters: dict[str, dict[str, list[int]]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for filter_name, name in part.meta[3]:
            chunk = read_chunk(part.bundle / "filter" / f"{name}.pf_filter")
            if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == filter_name):
                raise IndexFormatError(f"{name}.pf_filter: not the filter chunk of {filter_name!r}")
            values = filters.setdefault(filter_name, {})
            for value, numbers in chunk[1]:
                values.setdefault(value, []).extend(number + offset for number in numbers)
    taken: set[str] = set()
    entries = []
    for filter_name in sorted(filters):
        data = cbor2.dumps([filter_name, [[value, numbers] for value, numbers
                                          in sorted(filters[filter_name].items())]])
        name = _name(language, data, taken)
        _write(folder / f"{name}.pf_filter", data)
        entries.append([filter_name, name])
    return entries
