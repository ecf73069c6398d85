"""Several Pagefind bundles made into one index, as if Pagefind had indexed every page at once.

Pagefind keeps every page's words in memory until it writes its index (about 0.3 MB a page:
3.3 GB for 10,300 pages), so a large archive is indexed in parts, one Pagefind run after
another. The browser could merge the parts (`mergeIndex`), but then every query fetches a
metadata file and word-index chunks from each part, and relevance is scored per part. Here the
parts are merged on disk instead, reading one word-index chunk of each part at a time: the site
gets a single index, the same words, pages, filters and sort orders, at a memory cost of a few
chunks.

The merge also chooses the size of the word-index chunks, which Pagefind fixes: a query fetches
one chunk per word, so smaller chunks mean fewer bytes per search, at the price of a longer chunk
list in the metadata every search loads (BENCHMARKS.md, "one search index made in parts").

The format is Pagefind 1.5's, read and written with `cbor2`:
- `pf_meta`: [version, pages [[fragment, word count]], chunks [[from, to, file]],
  filters [[name, file]], sorts [[name, [page numbers]]], metadata field names];
- `pf_index`: [[word, pages, variants]], where pages are [page-number delta, word positions,
  metadata positions] (a metadata position list starts each field with -1 - its field number)
  and variants are [[spelling with diacritics, pages]];
- `pf_filter`: [name, [[value, [page numbers]]]].
Anything else raises `IndexFormatError`, so a new Pagefind fails the build loudly.

The merge works in two steps. `prepare` reads one part's bundle once into what the merge needs:
its pages, filters and sort values, the fragments as results display them, and each word's page
list as CBOR bytes cut where the merge has to change them (only the first page number of each
part's list moves). The build keeps a prepared part in its cache beside the bundle, so a rebuild
prepares only the parts whose pages changed, and `merge_prepared` joins bytes for the rest
instead of decoding and encoding the whole index again.

After one edited story even joining every part is most of a rebuild (about 3 s at 10,000
stories), so the merge is incremental too. With a state folder in the build cache it keeps
there, after each merge, each part's digest, languages, page counts and fields, each language's
words in order with their sizes and its chunks, and a link to each chunk file (`_keep`). A
merged word's bytes depend only on each part's entry for it and on the page and field numbers,
and where chunks end depends only on the words' sizes. So when the parts are as many, with the
same page counts and fields, and the last merge's version of each changed part can still be
read (`Indexing` removes it after the merge), the words whose entry differs in a changed part
are merged again, the chunk ends found again over all sizes, and a chunk holding the same words
as before, none of them changed, is linked from the last merge; the others are merged and
compressed as in a whole merge (`_write_changed`). Everything else (pages, fragments, filters,
sort orders, metadata) is made as in a whole merge, and the bytes are the same. A state that is
missing, damaged or does not apply makes the merge a whole one.

The merged index does not depend on how pages were split into parts beyond their order: page
numbers follow the parts' order, metadata fields are numbered in name order, filters and sort
orders are sorted, and files are named by content.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import heapq
import html
import io
import json
import marshal
import operator
import os
import re
import shutil
import sys
import tempfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import cbor2

from .. import collector
from ..processes import available_cores

SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 3000  # word positions per chunk (Pagefind's own is 20,000); measured in BENCHMARKS.md
# Pagefind's browser code finds a query word's chunk and also matches longer words that begin with
# it (`gia` finds `giang`), but only within that one chunk. So a chunk, once full, ends only
# between two words that share at most KEPT_PREFIX first letters: every word of three letters or
# more then has all its longer forms in its own chunk. A chunk that still finds no such place
# ends at OVERSIZE times the size.
KEPT_PREFIX = 2
OVERSIZE = 4
ENTRY = "pagefind-entry.json"
PREPARED = "prepared.marshal"  # a prepared part's data, beside its `fragment/` folder
COMPRESSION = 6
# Past this share of a language's word positions in chunks with changed words (a long story
# edited near its start moves the positions of all its words), merging chunk by chunk is slower
# than the whole merge: 5.0 s against 3.8 s at 10,000 stories for three quarters.
WHOLE_ABOVE = 0.5
_SORT = re.compile(r'data-pagefind-sort="([^":]+):([^"]*)"')


class IndexFormatError(Exception):
    """Pagefind wrote something this version does not know how to read."""


# What reading damaged or foreign data raises (bytes cut short, a field missing or of another
# type); each reader adds what else it means by "cannot be read".
DAMAGED = (IndexFormatError, ValueError, EOFError, TypeError, KeyError, IndexError)


@dataclass
class Part:
    """One bundle written by Pagefind, and the slim pages it was made from."""
    folder: Path
    slim: Path
    pages: list[str]  # paths of the slim pages, relative to `slim`


@dataclass
class _Language:
    """What the merge gathers for one language, part after part."""
    pages: list[list] = field(default_factory=list)  # type: ignore[type-arg]
    fields: list[str] = field(default_factory=list)
    filters: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    sorts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    sources: list[tuple[list, int, list[str]]] = field(default_factory=list)  # type: ignore[type-arg]
    wasm: str = ""
    version: str = ""


def read_data(path: Path) -> list:  # type: ignore[type-arg]
    """A Pagefind data file (gzip, signature, CBOR)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: not a Pagefind data file")
    value = cbor2.loads(data[len(SIGNATURE):])
    if not isinstance(value, list):
        raise IndexFormatError(f"{path.name}: unexpected layout")
    return value


def write_data(folder: Path, prefix: str, suffix: str, digits: int, value: list) -> str:  # type: ignore[type-arg]
    """Write `value` under a name derived from its content; return the name without suffix."""
    payload = gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=COMPRESSION, mtime=0)
    return _write_named(folder, prefix, suffix, digits, payload)


def _write_named(folder: Path, prefix: str, suffix: str, digits: int, payload: bytes, digest: str = "",
                 source: Path | None = None) -> str:
    """Write `payload` as `prefix_<hash>suffix`, with a longer hash if another file already has
    the short one (hundreds of chunks share seven hex digits now and then); `digest` is its
    SHA-256 when known. A `source` file holding the payload already is linked, not written."""
    digest = digest or hashlib.sha256(payload).hexdigest()
    name = f"{prefix}_{digest[:digits]}"
    while (folder / f"{name}{suffix}").exists() and (folder / f"{name}{suffix}").read_bytes() != payload:
        digits += 1
        name = f"{prefix}_{digest[:digits]}"
    if source is None:
        (folder / f"{name}{suffix}").write_bytes(payload)
    elif not (folder / f"{name}{suffix}").exists():
        _link(source, folder / f"{name}{suffix}")
    return name


def pagefind_url(rel: str) -> str:
    """The URL Pagefind gives the page at `rel` in the site."""
    return "/" + rel.removesuffix("index.html")


def merge(parts: list[Part], target: Path, shown: Callable[[str], str] = str, chunk_size: int = CHUNK_SIZE) -> None:
    """Write one bundle at `target` holding every page of `parts`, in their order; `shown`
    rewrites what each page's results display (its fragment's text)."""
    with tempfile.TemporaryDirectory(prefix="prepared-", dir=target.parent if target.parent.is_dir() else None) as work:
        prepared = []
        for number, part in enumerate(parts):
            prepare(part, Path(work) / str(number), shown)
            prepared.append(Path(work) / str(number))
        merge_prepared(prepared, [part.folder for part in parts], target, chunk_size)


# --- one part, read once -------------------------------------------------------------------

def prepare(part: Part, into: Path, shown: Callable[[str], str] = str) -> None:
    """Read the bundle of `part` into `into`: `PREPARED` (its pages, filters, sort values and
    words as cut CBOR bytes) and `fragment/` (its fragments as results display them)."""
    (into / "fragment").mkdir(parents=True)
    part_entry = json.loads((part.folder / ENTRY).read_text(encoding="utf-8"))
    sorts = _sort_values(part)
    languages = {}
    for language, info in sorted(part_entry["languages"].items()):
        languages[language] = _prepare_language(part, info["hash"], info.get("wasm", language), sorts, into, shown)
    (into / PREPARED).write_bytes(marshal.dumps({"entry": part_entry, "languages": languages}))


def _sort_values(part: Part) -> dict[str, dict[str, str]]:
    """Each page's `data-pagefind-sort` values, by URL: the merged sort orders need them, and
    Pagefind's files keep only the order, not the values."""
    values = {}
    for rel in part.pages:
        path = part.slim / rel
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            values[pagefind_url(rel)] = {key: html.unescape(value) for key, value in _SORT.findall(text)}
    return values


def _prepare_language(part: Part, meta_hash: str, wasm: str, sorts: dict[str, dict[str, str]], into: Path,
                      shown: Callable[[str], str]) -> dict:  # type: ignore[type-arg]
    meta = read_data(part.folder / f"pagefind.{meta_hash}.pf_meta")
    if len(meta) != 6 or not all(isinstance(item, list) for item in meta[1:]):
        raise IndexFormatError(f"pagefind.{meta_hash}.pf_meta: unexpected layout")
    version, pages, chunks, filters, _, fields = meta
    ordered_fields = sorted(fields)  # numbered by name: the same whatever order Pagefind chose
    field_map = [-1 - ordered_fields.index(name) for name in fields]
    remap = None if field_map == [-1 - index for index in range(len(fields))] else field_map
    prepared_pages, page_sorts = [], []
    for fragment, word_count in pages:
        url = _prepare_fragment(part.folder / "fragment", fragment, into / "fragment", shown)
        if url not in sorts:
            raise IndexFormatError(f"{fragment}: Pagefind indexed {url}, which is not among the searched pages")
        prepared_pages.append([fragment, word_count])
        page_sorts.append(sorted(sorts[url].items()))
    prepared_filters = {}
    for name, file_hash in filters:
        filter_name, values = read_data(part.folder / "filter" / f"{file_hash}.pf_filter")
        prepared_filters[filter_name] = [[value, list(numbers)] for value, numbers in values]
    words = list(_words(part.folder / "index", [chunk[2] for chunk in chunks], remap))
    return {"version": version, "wasm": wasm, "fields": ordered_fields, "pages": prepared_pages,
            "sorts": page_sorts, "filters": prepared_filters, "words": words}


def _prepare_fragment(source: Path, name: str, target: Path, shown: Callable[[str], str]) -> str:
    """A fragment (a page's stored text and metadata) as results display it; return its URL."""
    raw = gzip.decompress((source / f"{name}.pf_fragment").read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{name}.pf_fragment: not a Pagefind fragment")
    text = shown(raw[len(SIGNATURE):].decode("utf-8"))
    (target / f"{name}.pf_fragment").write_bytes(gzip.compress(SIGNATURE + text.encode("utf-8"), mtime=0))
    return str(json.loads(text)["url"])


def _words(folder: Path, chunks: list[str], remap: list[int] | None) -> Iterator[tuple[str, Cut, list]]:  # type: ignore[type-arg]
    """The words of one part in order, their page lists cut (`Cut`); one chunk in memory. The
    bytes come from Pagefind's own CBOR where they can (encoding them again is most of the cost)."""
    for chunk in chunks:
        data = gzip.decompress((folder / f"{chunk}.pf_index").read_bytes())
        if not data.startswith(SIGNATURE + b"\x81") or len(data) < len(SIGNATURE) + 2 or data[len(SIGNATURE) + 1] >> 5 != 4:
            raise IndexFormatError(f"{chunk}.pf_index: unexpected layout")
        stream = io.BytesIO(data)
        stream.seek(len(SIGNATURE) + 1)
        count = _read_head(stream)
        decoder = cbor2.CBORDecoder(stream)
        for _ in range(count):
            start = stream.tell()
            word = decoder.decode()
            if (not isinstance(word, list) or len(word) != 3 or not isinstance(word[0], str)
                    or any(len(page) != 3 for page in word[1]) or any(len(variant) != 2 for variant in word[2])):
                raise IndexFormatError(f"{chunk}.pf_index: unexpected word layout")
            if remap is not None:
                for page in word[1] + [page for _, pages in word[2] for page in pages]:
                    page[2] = [remap[-1 - item] if item < 0 else item for item in page[2]]
                yield word[0], _cut(word[1]), [(spelling, _cut(pages)) for spelling, pages in word[2]]
            else:
                yield word[0], _sliced(word, data[start:stream.tell()]), [(spelling, _cut(pages)) for spelling, pages in word[2]]
        if stream.tell() != len(data):
            raise IndexFormatError(f"{chunk}.pf_index: unexpected layout")


def _read_head(stream: io.BytesIO) -> int:
    """The number in the CBOR head at the stream's position."""
    first = stream.read(1)[0]
    extra = first & 31
    if extra < 24:
        return extra
    if extra > 27:
        raise IndexFormatError("unexpected CBOR head")
    return int.from_bytes(stream.read(1 << (extra - 24)), "big")


def _sliced(word: list, data: bytes) -> Cut:  # type: ignore[type-arg]
    """A word's page list cut from the bytes Pagefind wrote for the word (`data`), checked
    against what `cbor2` writes for its parts; `_cut` where they differ."""
    pages = word[1]
    if not pages:
        return _cut(pages)
    prefix = b"\x83" + _text(word[0]) + _head(4, len(pages))
    first = cbor2.dumps(pages[0])
    variants = cbor2.dumps(word[2]) if word[2] else b"\x80"
    if not (data.startswith(prefix) and data.startswith(first, len(prefix)) and data.endswith(variants)):
        return _cut(pages)
    rest = data[len(prefix) + len(first):len(data) - len(variants)]
    return (len(pages), pages[0][0], sum(page[0] for page in pages), first[1 + len(_head(0, pages[0][0])):], rest,
            sum(len(page[1]) for page in pages) + len(pages))


# A page list cut for joining: (pages, first page number, last page number, the first page's
# CBOR after its number, the other pages' CBOR, size). Pagefind stores each page number as the
# difference from the one before, so joining parts changes only each list's first number.
Cut = tuple[int, int, int, bytes, bytes, int]


def _cut(pages: list) -> Cut:  # type: ignore[type-arg]
    if not pages:
        return (0, 0, 0, b"", b"", 0)
    first = cbor2.dumps(pages[0])
    rest = cbor2.dumps(pages[1:])
    size = sum(len(page[1]) for page in pages) + len(pages)
    return (len(pages), pages[0][0], sum(page[0] for page in pages), first[1 + len(_head(0, pages[0][0])):],
            rest[len(_head(4, len(pages) - 1)):], size)


def _head(major: int, value: int) -> bytes:
    """A CBOR head, as short as the value allows (as `cbor2` and Pagefind write them)."""
    if value < 24:
        return bytes([major << 5 | value])
    for extra, length in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * length):
            return bytes([major << 5 | extra]) + value.to_bytes(length, "big")
    raise ValueError(f"{value} does not fit a CBOR head")


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return _head(3, len(data)) + data


# --- the parts, joined ---------------------------------------------------------------------

@dataclass
class Merged:
    """What a merge did: whether it was incremental, how many word-index chunks the index has,
    and how many of them it merged and compressed (the others were linked from the last merge)."""
    incremental: bool
    chunks: int
    compressed: int
    listings: dict[str, _Listing] = field(default_factory=dict, repr=False)


def merge_prepared(prepared: list[Path], bundles: list[Path], target: Path, chunk_size: int = CHUNK_SIZE,
                   state: Path | None = None, whole_above: float = WHOLE_ABOVE,
                   preloaded: dict[Path, _Prepared] | None = None) -> Merged:
    """Write one bundle at `target` from prepared parts (`prepare`), in their order; `bundles`
    are the parts' Pagefind bundles, for the scripts and search engines. With a `state` folder
    the merge keeps there what the next one needs, and is incremental itself when the last
    merge's state applies and would merge again at most `whole_above` of the index: the same
    bytes either way. `preloaded` holds parts already read (`preload`)."""
    parts = [(preloaded or {}).get(folder) or _read_prepared(folder) for folder in prepared]
    previous = _previous(state, parts, chunk_size, whole_above) if state is not None else None
    merged = None
    if previous is not None:
        try:
            merged = _merge(parts, bundles, target, chunk_size, previous)
        except _Stale:  # a kept chunk gone or damaged: the whole merge after all
            merged = None
    if merged is None:
        merged = _merge(parts, bundles, target, chunk_size, None)
    if state is not None:
        _keep(state, target, parts, chunk_size, merged)
    return merged


@dataclass
class _Prepared:
    """A prepared part as read for the merge: its folder, its data and the digest of its file."""
    folder: Path
    data: dict  # type: ignore[type-arg]
    digest: str


def preload(prepared: list[Path]) -> dict[Path, _Prepared]:
    """The prepared parts already there, read ahead of the merge (while the others are still
    being indexed). A part is renamed into place whole, so one that is there is final; one that
    cannot be read is left for the merge, which reports it."""
    out = {}
    for folder in prepared:
        try:
            out[folder] = _read_prepared(folder)
        except (OSError, *DAMAGED):
            continue
    return out


def _read_prepared(folder: Path) -> _Prepared:
    raw = (folder / PREPARED).read_bytes()
    return _Prepared(folder, marshal.loads(raw), hashlib.sha256(raw).hexdigest())


def _merge(parts: list[_Prepared], bundles: list[Path], target: Path, chunk_size: int,
           previous: _Previous | None) -> Merged:
    shutil.rmtree(target, ignore_errors=True)
    (target / "fragment").mkdir(parents=True)
    (target / "index").mkdir()
    (target / "filter").mkdir()
    entry: dict = {}  # type: ignore[type-arg]
    languages: dict[str, _Language] = {}
    fragments: dict[str, bytes | None] = {}  # names given so far (with their bytes, once read)
    for part, bundle in zip(parts, bundles):
        entry = entry or part.data["entry"]
        for language, data in sorted(part.data["languages"].items()):
            gathered = languages.setdefault(language, _Language(wasm=data["wasm"]))
            _gather(part.folder / "fragment", data, gathered, target, fragments)
        _copy_assets(bundle, target)
    entry["languages"] = {}
    merged = Merged(incremental=previous is not None, chunks=0, compressed=0)
    for language, gathered in sorted(languages.items()):
        meta_name = _write_language(language, gathered, target, chunk_size, previous, merged)
        entry["languages"][language] = {"hash": meta_name.removeprefix("pagefind."), "wasm": gathered.wasm,
                                        "page_count": len(gathered.pages)}
    (target / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return merged


def _gather(fragment_folder: Path, part: dict, into: _Language, target: Path,  # type: ignore[type-arg]
            fragments: dict[str, bytes | None]) -> None:
    into.version = part["version"]
    offset = len(into.pages)
    for name in part["fields"]:
        if name not in into.fields:
            into.fields.append(name)
    source, linked = str(fragment_folder), str(target / "fragment")  # paths as text: 10,000 links at 10,000 stories
    for number, (fragment, word_count) in enumerate(part["pages"]):
        into.pages.append([_link_fragment(source, fragment, linked, fragments), word_count])
        for key, value in part["sorts"][number]:
            into.sorts.setdefault(key, []).append((value, offset + number))
    for filter_name, values in part["filters"].items():
        merged = into.filters.setdefault(filter_name, {})
        for value, numbers in values:
            merged.setdefault(value, []).extend(offset + number for number in numbers)
    into.sources.append((part["words"], offset, part["fields"]))


def _link_fragment(source: str, name: str, target: str, fragments: dict[str, bytes | None]) -> str:
    """Put a prepared fragment into the merged bundle (a hard link); return its name there.
    Pagefind names fragments by a short hash that is unique only within a part, so one that
    meets another part's under the same name is given a longer one."""
    path = os.path.join(source, f"{name}.pf_fragment")
    if name in fragments:
        data = Path(path).read_bytes()
        if fragments[name] is None:
            fragments[name] = Path(target, f"{name}.pf_fragment").read_bytes()
        if fragments[name] == data:
            return name
        language, digits = name.split("_", 1)
        longer = _write_named(Path(target), language, ".pf_fragment", len(digits) + 1, data)
        fragments[longer] = data
        return longer
    fragments[name] = None
    _link(path, os.path.join(target, f"{name}.pf_fragment"))
    return name


def _link(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _copy_assets(source: Path, target: Path) -> None:
    """Pagefind's scripts and search engines (wasm), from the first part that has each."""
    for path in sorted(source.iterdir()):
        if path.is_file() and path.suffix != ".pf_meta" and path.name != ENTRY and not (target / path.name).exists():
            _link(path, target / path.name)


def _cut_pages(cut: Cut) -> list:  # type: ignore[type-arg]
    count, first, _, first_rest, rest, _ = cut
    if not count:
        return []
    return cbor2.loads(_head(4, count) + b"\x83" + _head(0, first) + first_rest + rest)  # type: ignore[no-any-return]


def _remapped(cut: Cut, remap: list[int]) -> Cut:
    pages = _cut_pages(cut)
    for page in pages:
        page[2] = [remap[-1 - item] if item < 0 else item for item in page[2]]
    return _cut(pages)


def _stream(words: list, offset: int, remap: list[int] | None) -> Iterator[tuple[str, int, Cut, list]]:  # type: ignore[type-arg]
    for word, pages, variants in words:
        if remap is not None:
            pages = _remapped(pages, remap)
            variants = [(spelling, _remapped(cut, remap)) for spelling, cut in variants]
        yield word, offset, pages, variants


def _joined(segments: list[tuple[int, Cut]]) -> tuple[bytes, int]:
    """One page list (CBOR) from each part's, in part order, and its size."""
    out: list[bytes] = []
    last = count = size = 0
    for offset, (pages, first, end, first_rest, rest, cut_size) in segments:
        if pages:
            out.append(b"\x83" + _head(0, offset + first - last) + first_rest + rest)
            last = offset + end
            count += pages
            size += cut_size
    return _head(4, count) + b"".join(out), size


def _merged_words(sources: list[tuple[list, int, list[str]]],  # type: ignore[type-arg]
                  fields: list[str]) -> Iterator[tuple[str, bytes, int]]:
    """Every word of every part, in Pagefind's order (by code point), each part's pages joined:
    the word, its CBOR and its size. A part's metadata fields are numbered as in `fields`."""
    streams = []
    for words, offset, part_fields in sources:
        remap = [-1 - fields.index(name) for name in part_fields]
        streams.append(_stream(words, offset, None if remap == [-1 - n for n in range(len(remap))] else remap))
    word: str | None = None
    pages: list[tuple[int, Cut]] = []
    variants: dict[str, list[tuple[int, Cut]]] = {}
    for text, offset, part_pages, part_variants in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
        if text != word:
            if word is not None:
                yield _packed(word, pages, variants)
            word, pages, variants = text, [], {}
        pages.append((offset, part_pages))
        for spelling, variant_pages in part_variants:
            variants.setdefault(spelling, []).append((offset, variant_pages))
    if word is not None:
        yield _packed(word, pages, variants)


def _packed(word: str, pages: list[tuple[int, Cut]], variants: dict[str, list[tuple[int, Cut]]]) -> tuple[str, bytes, int]:
    page_bytes, size = _joined(pages)
    out = [b"\x83", _text(word), page_bytes, _head(4, len(variants))]
    for spelling in sorted(variants):
        variant_bytes, variant_size = _joined(variants[spelling])
        out += [b"\x82", _text(spelling), variant_bytes]
        size += variant_size
    return word, b"".join(out), size


def _size(word: list) -> int:  # type: ignore[type-arg]
    """Pagefind's measure of a chunk: word positions plus one per page."""
    return sum(len(page[1]) + 1 for page in word[1]) + sum(
        len(page[1]) + 1 for _, pages in word[2] for page in pages)


def _write_language(language: str, gathered: _Language, target: Path, chunk_size: int,
                    previous: _Previous | None, merged: Merged) -> str:
    gathered.fields.sort()  # numbered by name, as each part was prepared
    with _Chunks(language, target) as writer:
        if previous is None:
            for batch in _batches(_merged_words(gathered.sources, gathered.fields), chunk_size):
                writer.put(batch)
        else:
            _write_changed(gathered, previous, language, chunk_size, writer)
        chunks = writer.rest()
    merged.listings[language] = writer.listing
    merged.chunks += len(chunks)
    merged.compressed += writer.compressed
    for index in range(len(chunks) - 1):
        chunks[index][1], chunks[index + 1][0] = _prefixes(chunks[index][1], chunks[index + 1][0])
    filters = [[name, write_data(target / "filter", language, ".pf_filter", 7,
                                 [name, [[value, sorted(numbers)] for value, numbers in sorted(values.items())]])]
               for name, values in sorted(gathered.filters.items())]
    sorts = [[key, [number for _, number in _ordered(values)]] for key, values in sorted(gathered.sorts.items())]
    meta = [gathered.version, gathered.pages, chunks, filters, sorts, gathered.fields]
    return write_data(target, f"pagefind.{language}", ".pf_meta", 10, meta)


def _batches(words: Iterable[_Sized], chunk_size: int) -> Iterator[list[_Sized]]:
    """Words (each a tuple that starts with the word and ends with its size) grouped in chunks:
    the one place chunks end, for the whole merge and the incremental one alike."""
    batch: list[_Sized] = []
    size = 0
    for word in words:
        if batch and size >= chunk_size and (_common(batch[-1][0], word[0]) <= KEPT_PREFIX
                                             or size >= OVERSIZE * chunk_size):
            yield batch
            batch, size = [], 0
        batch.append(word)
        size += word[-1]
    if batch:
        yield batch


class _Chunks:
    """Word-index chunks, each written as `write_data` would write `[words]`, in order. Their
    compression (half of a rebuild's merge) runs on every core while the next chunks are
    merged: zlib lets go of Python's lock. A few chunks wait at most, so memory stays flat,
    and they are named and written one after another in order, as before: a chunk linked from
    the last merge (`link`) waits its turn too, since a name depends on the names before it."""

    AHEAD = 8

    def __init__(self, language: str, target: Path) -> None:
        self.language = language
        self.target = target
        self.pool = ThreadPoolExecutor(max_workers=max(1, available_cores()))
        self.pending: deque[tuple[list[tuple[str, int]], Future[bytes] | bytes, str, Path | None]] = deque()
        self.chunks: list[list[str]] = []  # [first word, last word, name], as the metadata lists them
        self.listing = _Listing()
        self.compressed = 0

    def __enter__(self) -> _Chunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def put(self, words: list[tuple[str, bytes, int]]) -> None:
        """Queue one chunk to compress, of merged words (word, CBOR, size)."""
        payload = SIGNATURE + b"\x81" + _head(4, len(words)) + b"".join(word[1] for word in words)
        compressed = self.pool.submit(gzip.compress, payload, compresslevel=COMPRESSION, mtime=0)
        self.pending.append(([(word, size) for word, _, size in words], compressed, "", None))
        self.compressed += 1
        self._write(self.AHEAD)

    def link(self, words: list[tuple[str, int]], source: Path, digest: str) -> None:
        """Queue a chunk the last merge wrote, kept at `source`; one that is gone or not what the
        state says (`digest`) makes the merge a whole one (`_Stale`)."""
        try:
            payload = source.read_bytes()
        except OSError as exc:
            raise _Stale(f"{source.name}: {exc}") from exc
        if hashlib.sha256(payload).hexdigest() != digest:
            raise _Stale(f"{source.name}: changed since the last merge")
        self.pending.append((words, payload, digest, source))
        self._write(self.AHEAD)

    def rest(self) -> list[list[str]]:
        """Every chunk, written, as [first word, last word, name]."""
        self._write(0)
        return self.chunks

    def _write(self, keep: int) -> None:
        while len(self.pending) > keep:
            words, compressed, digest, source = self.pending.popleft()
            payload = compressed if isinstance(compressed, bytes) else compressed.result()
            digest = digest or hashlib.sha256(payload).hexdigest()
            name = _write_named(self.target / "index", self.language, ".pf_index", 7, payload, digest, source)
            self.chunks.append([words[0][0], words[-1][0], name])
            self.listing.add(words, digest, name)


def _common(a: str, b: str) -> int:
    """How many first characters two words share."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common


def _prefixes(last: str, first: str) -> tuple[str, str]:
    """Chunk boundaries as short as tell two neighbours apart (Pagefind's `get_prefixes`)."""
    common = _common(last, first)
    return last[:common + 1], first[:common + 1]


def _ordered(values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A sort order as Pagefind makes it: numerically when every value is a number, else by
    text; pages with equal values in page order."""
    def number(value: str) -> float | None:
        try:
            return float(value)
        except ValueError:
            return None
    if all(number(value) is not None for value, _ in values):
        return sorted(values, key=lambda item: (number(item[0]), item[1]))
    return sorted(values, key=lambda item: (item[0], item[1]))


# --- the merge made incremental ------------------------------------------------------------

STATE = "state.marshal"  # the last merge's state, in the state folder beside `chunks/`
KEPT_CHUNKS = "chunks"  # the last merge's chunk files, linked, named by the SHA-256 of their bytes
_Sized = tuple  # type: ignore[type-arg]  # a word first, its size last: (word, size) or (word, CBOR, size)
_WORD = operator.itemgetter(0)


class _Stale(Exception):
    """The last merge's state does not apply after all: the merge is made whole."""


@dataclass
class _Listing:
    """One language of a merged index as the next merge needs it: its words in order with their
    sizes (where chunks end follows from these alone), its chunks as (first word, last word,
    word count, SHA-256 of the file), and the chunks' names in the index just written."""
    words: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    chunks: list[tuple[str, str, int, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, words: list[tuple[str, int]], digest: str, name: str) -> None:
        self.words += [word for word, _ in words]
        self.sizes += [size for _, size in words]
        self.chunks.append((words[0][0], words[-1][0], len(words), digest))
        self.names.append(name)


@dataclass
class _Previous:
    """The last merge, where it applies to this one: its listings, the folder of its chunk
    files, and per language the words (sorted) whose merged entry may differ now."""
    chunks: Path
    listings: dict[str, _Listing]
    changed: dict[str, list[str]]


def _stamp() -> str:
    """What merged bytes depend on besides the parts: this code, and cbor2's, zlib's and
    Python's versions. A state made by other ones does not apply."""
    hasher = hashlib.sha256(Path(__file__).read_bytes())
    hasher.update(f"{metadata.version('cbor2')} {zlib.ZLIB_RUNTIME_VERSION} {sys.version}".encode())
    return hasher.hexdigest()


def _summary(data: dict) -> dict[str, tuple[int, list[str]]]:  # type: ignore[type-arg]
    """What of a part fixes the merged numbering: its languages, each with its page count (the
    page numbers of the parts after it) and its metadata fields (their numbers in its words)."""
    return {language: (len(part["pages"]), part["fields"]) for language, part in sorted(data["languages"].items())}


def _previous(state: Path, parts: list[_Prepared], chunk_size: int, whole_above: float) -> _Previous | None:
    """The last merge's state, when this merge can be incremental: as many parts, each with the
    same languages, page counts and fields (so no page or field number moves), and the last
    merge's version of each changed part still readable, to tell which words changed. None
    when anything is missing, damaged or different, or when the changed words' chunks hold more
    than `whole_above` of a language's word positions: the merge is then made whole."""
    try:
        saved = _read_state(state / STATE)
        if saved["stamp"] != _stamp() or saved["chunk_size"] != chunk_size or len(saved["parts"]) != len(parts):
            return None
        changed: dict[str, set[str]] = {}
        for part, (folder, digest, summary) in zip(parts, saved["parts"]):
            if _summary(part.data) != summary:
                return None
            if part.digest != digest:
                old = _read_prepared(Path(folder))  # Indexing removes a replaced part after the merge
                if old.digest != digest:
                    return None
                for language, data in part.data["languages"].items():
                    changed.setdefault(language, set()).update(
                        _changed_words(old.data["languages"][language]["words"], data["words"]))
        listings = {language: _Listing(words, sizes, chunks) for language, (words, sizes, chunks) in saved["languages"].items()}
        if set(listings) != {language for part in parts for language in part.data["languages"]} or any(
                len(listing.words) != len(listing.sizes) or sum(chunk[2] for chunk in listing.chunks) != len(listing.words)
                for listing in listings.values()):
            return None
        ordered = {language: sorted(words) for language, words in changed.items()}
        if any(_share(listings[language], words) > whole_above for language, words in ordered.items()):
            return None
    except (OSError, *DAMAGED):
        return None
    return _Previous(state / KEPT_CHUNKS, listings, ordered)


def _share(listing: _Listing, changed: list[str]) -> float:
    """The share of a language's word positions in the last merge's chunks that hold a changed
    word: about what an incremental merge would merge and compress again."""
    firsts = [chunk[0] for chunk in listing.chunks]
    hit = {max(0, bisect.bisect_right(firsts, word) - 1) for word in changed}
    sizes, start = [], 0
    for chunk in listing.chunks:
        sizes.append(sum(listing.sizes[start:start + chunk[2]]))
        start += chunk[2]
    return sum(sizes[index] for index in hit) / max(1, sum(sizes))


def _read_state(path: Path) -> dict:  # type: ignore[type-arg]
    """The state file: the SHA-256 of its content, then the content (marshal)."""
    raw = path.read_bytes()
    if hashlib.sha256(raw[32:]).digest() != raw[:32]:
        raise ValueError(f"{path.name}: damaged")
    saved = marshal.loads(raw[32:])
    if not isinstance(saved, dict):
        raise ValueError(f"{path.name}: unexpected layout")
    return saved


def _changed_words(old: list, new: list) -> set[str]:  # type: ignore[type-arg]
    """The words whose entry differs between two versions of a part, or that one has only: a
    merged word's bytes depend on nothing else than each part's entry and the page numbers."""
    before = {entry[0]: entry for entry in old}
    after = {entry[0]: entry for entry in new}
    return {word for word in before.keys() | after.keys() if before.get(word) != after.get(word)}


def _write_changed(gathered: _Language, previous: _Previous, language: str, chunk_size: int,
                   writer: _Chunks) -> None:
    """One language's chunks from the last merge's: the changed words merged again for their
    sizes, the chunk ends found again over all words (from the sizes alone, as `_batches`
    finds them), each chunk that holds the same words as before and none changed linked, and
    the others merged and compressed as the whole merge does."""
    listing = previous.listings[language]
    changed = previous.changed.get(language, [])
    fresh = [(word, size) for text in changed
             for word, _, size in _merged_words(_within(gathered.sources, text, text), gathered.fields)]
    gone = set(changed)
    kept = [(word, size) for word, size in zip(listing.words, listing.sizes) if word not in gone]
    before = {chunk[:3]: chunk[3] for chunk in listing.chunks}
    for batch in _batches(heapq.merge(kept, fresh), chunk_size):
        first, last = batch[0][0], batch[-1][0]
        digest = before.get((first, last, len(batch)))
        if digest is not None and bisect.bisect_left(changed, first) == bisect.bisect_right(changed, last):
            writer.link(batch, previous.chunks / digest, digest)
            continue
        words = list(_merged_words(_within(gathered.sources, first, last), gathered.fields))
        if [(word, size) for word, _, size in words] != batch:
            raise _Stale(f"{language}: the words from {first!r} to {last!r} are not what the state says")
        writer.put(words)


def _within(sources: list[tuple[list, int, list[str]]], first: str,  # type: ignore[type-arg]
            last: str) -> list[tuple[list, int, list[str]]]:  # type: ignore[type-arg]
    """Each part's words from `first` to `last`, found by bisection (a part's words are sorted)."""
    out = []
    for words, offset, fields in sources:
        start = bisect.bisect_left(words, first, key=_WORD)
        out.append((words[start:bisect.bisect_right(words, last, lo=start, key=_WORD)], offset, fields))
    return out


def _keep(state: Path, target: Path, parts: list[_Prepared], chunk_size: int, merged: Merged) -> None:
    """Keep in `state` what the next merge needs: a link to each chunk file (`KEPT_CHUNKS`), and
    the state file, replaced whole once the links it names exist; chunk files it no longer
    names are removed last. A merge stopped anywhere leaves a state that applies, or one the
    next merge finds wanting (a whole merge then)."""
    chunks = state / KEPT_CHUNKS
    chunks.mkdir(parents=True, exist_ok=True)
    for listing in merged.listings.values():
        for (_, _, _, digest), name in zip(listing.chunks, listing.names):
            written, kept = target / "index" / f"{name}.pf_index", chunks / digest
            if not (kept.exists() and os.path.samefile(written, kept)):
                kept.unlink(missing_ok=True)
                _link(written, kept)
    saved = {"stamp": _stamp(), "chunk_size": chunk_size,
             "parts": [(os.path.abspath(part.folder), part.digest, _summary(part.data)) for part in parts],
             "languages": {language: (listing.words, listing.sizes, listing.chunks)
                           for language, listing in merged.listings.items()}}
    body = marshal.dumps(saved)
    partial = state / f".{STATE}.partial"
    partial.write_bytes(hashlib.sha256(body).digest() + body)
    os.replace(partial, state / STATE)
    used = {chunk[3] for listing in merged.listings.values() for chunk in listing.chunks}
    for path in chunks.iterdir():
        if path.name not in used:
            path.unlink(missing_ok=True)


# --- the merge as a process of its own ------------------------------------------------------

# How the merge process ends, for `Indexing`: a bundle it cannot read (a part to prepare again),
# or the disk refusing a write (errno on its first line).
CANNOT_READ = 3
CANNOT_WRITE = 4
_UNREADABLE = (FileNotFoundError, *DAMAGED)  # any other OSError is a write refused


WHEN_TOLD = "--when-told"
GO = "go\n"  # the line that starts a merge started `--when-told`


def main(argv: list[str]) -> int:
    """`python -m site_builder.search.merge [--state FOLDER] [--when-told] TARGET PREPARED BUNDLE
    [PREPARED BUNDLE ...]`: `merge_prepared` in a process of its own, so the build's own work (the
    cache, the sitemap, the editor) runs beside it on another core instead of waiting for
    Python's lock; with the state folder of the last merge (incremental when it applies).
    `--when-told`: the process starts while parts are still being indexed, reads the parts
    already made, and merges once `GO` comes on its standard input (it ends quietly when the
    input closes without it: the indexing failed or was stopped)."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name if __spec__ else 'merge'}")
    parser.add_argument("--state", type=Path, help="the last merge's state folder")
    parser.add_argument(WHEN_TOLD, action="store_true", dest="told", help=f"merge once {GO.strip()!r} comes on stdin")
    parser.add_argument("target", type=Path)
    parser.add_argument("parts", nargs="+", metavar="PREPARED BUNDLE")
    args = parser.parse_args(argv)
    if len(args.parts) % 2:
        parser.error("each part is two folders: its prepared data and its bundle")
    prepared = [Path(p) for p in args.parts[0::2]]
    preloaded = preload(prepared) if args.told else {}
    if args.told and sys.stdin.readline() != GO:
        return 0
    try:
        merge_prepared(prepared, [Path(b) for b in args.parts[1::2]], args.target, state=args.state,
                       preloaded=preloaded)
    except _UNREADABLE as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return CANNOT_READ
    except OSError as exc:
        print(f"{exc.errno or 0}\n{exc}", file=sys.stderr)
        return CANNOT_WRITE
    return 0


if __name__ == "__main__":
    collector.for_one_run()
    sys.exit(main(sys.argv[1:]))
