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
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cbor2

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
COMPRESSION = 6
_SORT = re.compile(r'data-pagefind-sort="([^":]+):([^"]*)"')


class IndexFormatError(Exception):
    """Pagefind wrote something this version does not know how to read."""


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
    sources: list[tuple[Path, list[str], int, list[int] | None]] = field(default_factory=list)
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


def _write_named(folder: Path, prefix: str, suffix: str, digits: int, payload: bytes) -> str:
    """Write `payload` as `prefix_<hash>suffix`, with a longer hash if another file already has
    the short one (hundreds of chunks share seven hex digits now and then)."""
    digest = hashlib.sha256(payload).hexdigest()
    name = f"{prefix}_{digest[:digits]}"
    while (folder / f"{name}{suffix}").exists() and (folder / f"{name}{suffix}").read_bytes() != payload:
        digits += 1
        name = f"{prefix}_{digest[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(payload)
    return name


def pagefind_url(rel: str) -> str:
    """The URL Pagefind gives the page at `rel` in the site."""
    return "/" + rel.removesuffix("index.html")


def merge(parts: list[Part], target: Path, shown: Callable[[str], str] = str, chunk_size: int = CHUNK_SIZE) -> None:
    """Write one bundle at `target` holding every page of `parts`, in their order; `shown`
    rewrites what each page's results display (its fragment's text)."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "fragment").mkdir(parents=True)
    (target / "index").mkdir()
    (target / "filter").mkdir()
    entry: dict = {}  # type: ignore[type-arg]
    languages: dict[str, _Language] = {}
    for part in parts:
        part_entry = json.loads((part.folder / ENTRY).read_text(encoding="utf-8"))
        entry = entry or part_entry
        sorts = _sort_values(part)
        for language, info in sorted(part_entry["languages"].items()):
            gathered = languages.setdefault(language, _Language(wasm=info.get("wasm", language)))
            _gather(part, info["hash"], gathered, sorts, target, shown)
        _copy_assets(part.folder, target)
    entry["languages"] = {}
    for language, gathered in sorted(languages.items()):
        meta_name = _write_language(language, gathered, target, chunk_size)
        entry["languages"][language] = {"hash": meta_name.removeprefix("pagefind."), "wasm": gathered.wasm,
                                        "page_count": len(gathered.pages)}
    (target / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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


def _gather(part: Part, meta_hash: str, into: _Language, sorts: dict[str, dict[str, str]], target: Path,
            shown: Callable[[str], str]) -> None:
    meta = read_data(part.folder / f"pagefind.{meta_hash}.pf_meta")
    if len(meta) != 6 or not all(isinstance(item, list) for item in meta[1:]):
        raise IndexFormatError(f"pagefind.{meta_hash}.pf_meta: unexpected layout")
    into.version, pages, chunks, filters, _, fields = meta
    offset = len(into.pages)
    for name in fields:
        if name not in into.fields:
            into.fields.append(name)
    field_map = [-1 - into.fields.index(name) for name in fields]
    remap = None if field_map == [-1 - index for index in range(len(fields))] else field_map
    for number, (fragment, word_count) in enumerate(pages):
        name, url = _copy_fragment(part.folder / "fragment", fragment, target / "fragment", shown)
        into.pages.append([name, word_count])
        for key, value in sorts.get(url, {}).items():
            into.sorts.setdefault(key, []).append((value, offset + number))
        if url not in sorts:
            raise IndexFormatError(f"{fragment}: Pagefind indexed {url}, which is not among the searched pages")
    for name, file_hash in filters:
        filter_name, values = read_data(part.folder / "filter" / f"{file_hash}.pf_filter")
        merged = into.filters.setdefault(filter_name, {})
        for value, numbers in values:
            merged.setdefault(value, []).extend(offset + number for number in numbers)
    into.sources.append((part.folder / "index", [chunk[2] for chunk in chunks], offset, remap))


def _copy_fragment(source: Path, name: str, target: Path, shown: Callable[[str], str]) -> tuple[str, str]:
    """Copy a fragment (a page's stored text and metadata) into the merged bundle; return its
    name there and its URL. Pagefind names fragments by a short hash that is unique only within
    a part, so one that meets another part's under the same name is given a longer one."""
    raw = gzip.decompress((source / f"{name}.pf_fragment").read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{name}.pf_fragment: not a Pagefind fragment")
    text = shown(raw[len(SIGNATURE):].decode("utf-8"))
    data = gzip.compress(SIGNATURE + text.encode("utf-8"), mtime=0)
    url = json.loads(text)["url"]
    path = target / f"{name}.pf_fragment"
    if not path.exists() or path.read_bytes() == data:
        path.write_bytes(data)
        return name, url
    language, digits = name.split("_", 1)
    return _write_named(target, language, ".pf_fragment", len(digits) + 1, data), url


def _copy_assets(source: Path, target: Path) -> None:
    """Pagefind's scripts and search engines (wasm), from the first part that has each."""
    for path in sorted(source.iterdir()):
        if path.is_file() and path.suffix != ".pf_meta" and path.name != ENTRY and not (target / path.name).exists():
            shutil.copyfile(path, target / path.name)


def _words(folder: Path, chunks: list[str], offset: int,
           remap: list[int] | None) -> Iterator[tuple[str, int, list, list]]:  # type: ignore[type-arg]
    """The words of one part in order, with the part's first page number; one chunk in memory."""
    for chunk in chunks:
        value = read_data(folder / f"{chunk}.pf_index")
        if len(value) != 1 or not isinstance(value[0], list):
            raise IndexFormatError(f"{chunk}.pf_index: unexpected layout")
        for word in value[0]:
            if len(word) != 3 or any(len(page) != 3 for page in word[1]):
                raise IndexFormatError(f"{chunk}.pf_index: unexpected word layout")
            if remap is not None:
                for page in word[1] + [page for _, pages in word[2] for page in pages]:
                    page[2] = [remap[-1 - item] if item < 0 else item for item in page[2]]
            yield word[0], offset, word[1], word[2]


def _joined(segments: list[tuple[int, list]]) -> list:  # type: ignore[type-arg]
    """One page list from each part's, in part order. Pagefind stores each page number as the
    difference from the one before, so only the first page of each part's list changes."""
    joined: list = []  # type: ignore[type-arg]
    last = 0
    for offset, pages in segments:
        if pages:
            end = offset + sum(page[0] for page in pages)
            pages[0][0] += offset - last
            last = end
            joined.extend(pages)
    return joined


def _merged_words(sources: list[tuple[Path, list[str], int, list[int] | None]]) -> Iterator[list]:  # type: ignore[type-arg]
    """Every word of every part, in Pagefind's order (by code point), each part's pages joined."""
    streams = [_words(*source) for source in sources]
    word: str | None = None
    pages: list[tuple[int, list]] = []  # type: ignore[type-arg]
    variants: dict[str, list[tuple[int, list]]] = {}  # type: ignore[type-arg]
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


def _packed(word: str, pages: list, variants: dict) -> list:  # type: ignore[type-arg]
    return [word, _joined(pages), [[spelling, _joined(variants[spelling])] for spelling in sorted(variants)]]


def _size(word: list) -> int:  # type: ignore[type-arg]
    """Pagefind's measure of a chunk: word positions plus one per page."""
    return sum(len(page[1]) + 1 for page in word[1]) + sum(
        len(page[1]) + 1 for _, pages in word[2] for page in pages)


def _write_language(language: str, gathered: _Language, target: Path, chunk_size: int) -> str:
    chunks: list[list[str]] = []
    batch: list = []  # type: ignore[type-arg]
    size = 0
    for word in _merged_words(gathered.sources):
        if batch and size >= chunk_size and (_common(batch[-1][0], word[0]) <= KEPT_PREFIX
                                             or size >= OVERSIZE * chunk_size):
            chunks.append(_write_chunk(language, batch, target))
            batch, size = [], 0
        batch.append(word)
        size += _size(word)
    if batch:
        chunks.append(_write_chunk(language, batch, target))
    for index in range(len(chunks) - 1):
        chunks[index][1], chunks[index + 1][0] = _prefixes(chunks[index][1], chunks[index + 1][0])
    filters = [[name, write_data(target / "filter", language, ".pf_filter", 7,
                                 [name, [[value, sorted(numbers)] for value, numbers in sorted(values.items())]])]
               for name, values in sorted(gathered.filters.items())]
    sorts = [[key, [number for _, number in _ordered(values)]] for key, values in sorted(gathered.sorts.items())]
    meta = [gathered.version, gathered.pages, chunks, filters, sorts, gathered.fields]
    return write_data(target, f"pagefind.{language}", ".pf_meta", 10, meta)


def _write_chunk(language: str, words: list, target: Path) -> list[str]:  # type: ignore[type-arg]
    name = write_data(target / "index", language, ".pf_index", 7, [words])
    return [words[0][0], words[-1][0], name]


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
