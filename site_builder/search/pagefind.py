"""The search index: Pagefind over the built HTML, before the site is published.

It runs on the engine's output, so it works the same whichever engine rendered the pages.
Only regions marked `data-pagefind-body` (stories and people) are indexed, with the filters
and metadata the page templates put there.

The pages are indexed in small parts, and `merge` makes the parts one index on disk: the
browser sees a single index however large the archive. Small parts serve two ends:
- memory: Pagefind holds every page's words until it writes (about 0.32 MB a page: 3.3 GB for
  10,300 pages), and a part holds about `PART_PAGES` pages;
- rebuilds: a page's part is a pure function of its path and of how many pages there are
  (a hash of the path into a power of two of parts), so an edited story changes one part, and
  the others keep their Pagefind bundle, prepared for the merge, in the build cache
  (`Paths.search_parts`, keyed by the digests of the part's slim pages). A rebuild runs Pagefind
  on that one part only; adding pages changes only their parts until the number of parts
  doubles.
Two parts are indexed at a time. The merge keeps its state in the cache too (`MERGE_STATE`), so
after an edit it merges and compresses again only the word-index chunks of the words that
changed. It also writes Pagefind's filter and metadata files in a fixed order (Pagefind 1.5
writes them in hash-map order), so the same pages give the same bytes whichever parts came from
the cache, and shows đ/Đ again in what results display (`slim.restore_d`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from . import merge as merge_module
from . import slim as slim_module
from ..stamps import stamp
from .merge import IndexFormatError, Part, prepare
from .slim import STROKE, restore_d

__all__ = ["BUNDLE", "IndexFormatError", "Indexing", "pages_per_part", "part_of"]

BUNDLE = "pagefind"  # the search bundle in the site: Pagefind's scripts and the merged index
PAGES_PER_PART = 1500  # at most about 500 MB of Pagefind at a time (BENCHMARKS.md)
PART_PAGES = 100  # pages a part holds on average: what a rebuild after one edit re-indexes. At
# 1,000 stories, 200 gave the rebuild's wait for the index 0.65 s and 100 gave 0.47 s (medians of
# 5); a full build took 29.2 and 30.1 s of user CPU (medians of 3, within the runs' spread)
PAGES_PER_PART_VARIABLE = "SITE_BUILDER_SEARCH_PART_PAGES"  # for tests, and runners with more memory
AT_ONCE = 2  # parts indexed at a time: 2 x 100 pages is about 65 MB
FORMAT = 1  # of a cached part; a change here or in the merge's code makes every part anew
MERGE_STATE = "-merge"  # the last merge's state, beside the cache of parts (`search-parts-merge`)
PAGE_DIGESTS = "-pages.json"  # each slim page's digest by its size, time and inode (`search-parts-pages.json`)


def pages_per_part() -> int:
    """The average size of a part (`PART_PAGES`, or a smaller size from the environment)."""
    value = os.environ.get(PAGES_PER_PART_VARIABLE, "")
    size = int(value) if value.isdigit() and int(value) > 0 else PAGES_PER_PART
    return min(size, PART_PAGES)


def part_count(pages: int, size: int) -> int:
    """The number of parts: the smallest power of two that keeps parts at `size` pages on average."""
    count = 1
    while pages > count * size:
        count *= 2
    return count


def part_of(rel: str, count: int) -> int:
    """The part of the page at `rel`: a hash of its path, so other pages never move it."""
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8")).digest()[:8], "big") % count


def _shown(fragment: str) -> str:
    """A page as results display it: with đ/Đ, which the index holds folded (see `slim.fold_d`)."""
    return restore_d(fragment.replace("\\u0335", STROKE))


def _reading_order(folder: Path) -> str:
    """How the file system under `folder` lists a folder of many pages. Pagefind numbers pages
    in the order it reads them, which is that listing order (ext4 orders large folders by a hash
    with a seed of its own), so a part made on another machine, in a cache CI restored, could
    number its pages otherwise than a clean build here: this is part of every part's key."""
    probe = Path(tempfile.mkdtemp(prefix=".order-", dir=folder))
    try:
        for number in range(300):
            (probe / f"a-story-title-of-some-length-{number}").touch()
        return hashlib.sha256("/".join(os.listdir(probe)).encode()).hexdigest()
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _code_digest(folder: Path) -> str:
    """What a cached part depends on besides its pages: this code, Pagefind's and Python's
    versions, and the order the file system lists pages in."""
    hasher = hashlib.sha256(f"{FORMAT} {sys.version} {_reading_order(folder)}".encode())
    for name in ("pagefind", "pagefind_bin", "cbor2"):
        try:
            hasher.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name}==none".encode())
    for module in (merge_module, slim_module):
        hasher.update(Path(str(module.__file__)).read_bytes())
    hasher.update(Path(__file__).read_bytes())
    return hasher.hexdigest()


class _PageDigests:
    """Each slim page's digest, kept by its stamp (`stamps`): a rebuild reads again only the
    pages written since (the search input replaces a changed page, `slim.SearchInput.put`),
    not all 10,000. Kept in `file` (JSON); none
    kept, unreadable or of another layout, every page is read."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.known: dict[str, list[Any]] = {}
        self.used: dict[str, list[Any]] = {}
        if file is not None:
            try:
                known = json.loads(file.read_text(encoding="utf-8"))
                if isinstance(known, dict):
                    self.known = {rel: entry for rel, entry in known.items() if isinstance(entry, list) and len(entry) == 4}
            except (OSError, ValueError):
                pass

    def of(self, slim: Path, rel: str) -> bytes:
        """The page's digest (`-` for a page that is not there)."""
        found = stamp(slim / rel)
        if found is None:
            return b"-"
        entry = self.known.get(rel)
        if entry is not None and tuple(entry[:3]) == found and isinstance(entry[3], str):
            digest = entry[3]
        else:
            digest = hashlib.sha256((slim / rel).read_bytes()).hexdigest()
        self.used[rel] = [*found, digest]
        return bytes.fromhex(digest)

    def save(self) -> None:
        """Keep the digests of this build's pages; one that cannot be written costs time only."""
        if self.file is None or self.used == self.known:
            return
        partial = self.file.with_name(self.file.name + ".partial")
        try:
            partial.write_text(json.dumps(self.used, sort_keys=True, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, self.file)
        except OSError:
            partial.unlink(missing_ok=True)


class MergeFailed(Exception):
    """The merge process ended otherwise than by a part it could not read or a refused write."""


class Indexing:
    """Pagefind over the slim pages `pages` (paths in `slim`), part after part in background
    threads, then merged into `site_dir/pagefind/`. Parts whose pages are unchanged come from
    `cache` (made in `work` and dropped afterwards when there is none)."""

    def __init__(self, slim: Path, pages: list[str], site_dir: Path, work: Path, cache: Path | None = None) -> None:
        self.site_dir = site_dir
        self.slim = slim
        count = part_count(len(pages), pages_per_part())
        groups: list[list[str]] = [[] for _ in range(count)]
        for rel in sorted(pages):
            groups[part_of(rel, count)].append(rel)
        groups = [group for group in groups if group] or [[]]
        self.temporary = cache is None
        self.cache = cache or work / "index-parts"
        if self.temporary:
            shutil.rmtree(self.cache, ignore_errors=True)
        self.cache.mkdir(parents=True, exist_ok=True)
        code = _code_digest(self.cache)
        digests = _PageDigests(None if self.temporary else self.cache.with_name(self.cache.name + PAGE_DIGESTS))
        self.keys = [self._key(code, group, digests) for group in groups]
        digests.save()
        self.parts = [Part(self.cache / key / "bundle", slim, group) for key, group in zip(self.keys, groups)]
        self.indexed: list[int] = []  # the parts Pagefind ran on (the others came from the cache)
        self.output = ""
        self.code = 0
        self.processes: list[subprocess.Popen[bytes]] = []
        self.stopped = False
        self.error: Exception | None = None
        self.lock = threading.Lock()
        self.index_seconds = self.merge_seconds = 0.0  # for `build --timings`
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _key(self, code: str, group: list[str], digests: _PageDigests) -> str:
        hasher = hashlib.sha256(code.encode())
        for rel in group:
            hasher.update(rel.encode("utf-8") + b"\0")
            hasher.update(digests.of(self.slim, rel))
        return hasher.hexdigest()[:32]

    def start(self) -> Indexing:
        self.thread.start()
        return self

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self._index_and_merge()
        except (OSError, MergeFailed) as exc:  # the cache or a part's folder could not be written (a full disk)
            self.error = self.error or exc
        except Exception as exc:  # noqa: BLE001 (a bug here must fail the build, not publish it without search)
            self.error = self.error or MergeFailed(f"{type(exc).__name__}: {exc}")
        finally:
            self.merge_seconds = time.perf_counter() - start - self.index_seconds

    def _index_and_merge(self) -> None:
        start = time.perf_counter()
        self.cache.mkdir(parents=True, exist_ok=True)
        for leftover in [*self.cache.glob(".new-*"), *self.cache.glob(".order-*")]:  # a killed build's
            shutil.rmtree(leftover, ignore_errors=True)
        for attempt in range(2):
            missing = [index for index, key in enumerate(self.keys) if not (self.cache / key).is_dir()]
            merging = self._start_merge()  # reads the parts already made while the others are indexed
            try:
                with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
                    for _ in pool.map(self._index_part, missing):
                        pass
                self.index_seconds = time.perf_counter() - start
                if self.stopped or self.code != 0 or self.error is not None:
                    return
                self._finish_merge(merging)
                break
            except IndexFormatError as exc:
                cached = [key for index, key in enumerate(self.keys) if index not in self.indexed]
                if attempt or not cached:
                    self.error = exc
                    return
                for key in cached:  # a cached part someone damaged: made anew, once
                    shutil.rmtree(self.cache / key, ignore_errors=True)
            finally:
                _end(merging)  # not told to go (the indexing failed, or a fault): it ends unmerged
        kept = set(self.keys)
        for folder in self.cache.iterdir():  # parts of pages that changed or are gone, removed after
            # the merge, which reads the versions they replace (`merge.merge_prepared`)
            if folder.name not in kept:
                shutil.rmtree(folder, ignore_errors=True)

    def _start_merge(self) -> _Merging | None:
        """The merge process (`merge.main`), started to wait for `merge.GO`; None once stopped."""
        pairs = [str(path) for key, part in zip(self.keys, self.parts) for path in (self.cache / key / "prepared", part.folder)]
        state = [] if self.temporary else ["--state", str(self.cache.with_name(self.cache.name + MERGE_STATE))]
        log = tempfile.TemporaryFile()
        with self.lock:
            if self.stopped:
                log.close()
                return None
            process = subprocess.Popen([sys.executable, "-m", merge_module.__name__, *state, merge_module.WHEN_TOLD,
                                        str(self.site_dir / BUNDLE), *pairs],
                                       stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
            self.processes.append(process)
        return process, log

    def _finish_merge(self, merging: _Merging | None) -> None:
        """The parts made one index in the site; raise `IndexFormatError` for a part the merge
        could not read, `OSError` for a write refused."""
        if merging is None:
            return
        process, log = merging
        try:
            try:
                assert process.stdin is not None
                process.stdin.write(merge_module.GO.encode())
                process.stdin.close()
            except (BrokenPipeError, OSError):  # it ended already; its code says why
                pass
            code = process.wait()
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip()
        finally:
            log.close()
        if code == merge_module.CANNOT_READ:
            raise IndexFormatError(said)
        if code == merge_module.CANNOT_WRITE:
            number, _, message = said.partition("\n")
            raise OSError(int(number) if number.isdigit() else 0, message)
        if code != 0 and not self.stopped:
            raise MergeFailed(f"the search index merge ended with code {code}: {said[-2000:]}")

    def _index_part(self, index: int) -> None:
        """Pagefind over one part, prepared for the merge, put in the cache whole: it is built in
        a folder of its own and renamed into place last, so a killed build leaves none half made."""
        if self.stopped or self.code != 0 or self.error is not None:
            return
        part = self.parts[index]
        new = Path(tempfile.mkdtemp(prefix=".new-", dir=self.cache))
        try:
            inputs = _part_input(self.slim, part.pages, new / "input")
            with tempfile.TemporaryFile() as log:
                with self.lock:
                    if self.stopped:
                        return
                    process = subprocess.Popen(
                        [*_pagefind(), "--site", str(inputs), "--output-path",
                         str(new / "bundle"), "--quiet"], stdout=log, stderr=subprocess.STDOUT)
                    self.processes.append(process)
                code = process.wait()
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
            with self.lock:
                self.output += output
                self.indexed.append(index)
                if code != 0:
                    self.code = self.code or code
                    return
            shutil.rmtree(inputs)
            try:
                prepare(Part(new / "bundle", self.slim, part.pages), new / "prepared", _shown)
            except (IndexFormatError, ValueError, KeyError, OSError) as exc:
                self.error = self.error or exc
                return
            os.rename(new, self.cache / self.keys[index])
        finally:
            shutil.rmtree(new, ignore_errors=True)

    def wait(self) -> tuple[int, str]:
        """Wait for every part and the merge; raise `IndexFormatError` if Pagefind wrote what the
        merge cannot read."""
        self.thread.join()
        if self.temporary:
            shutil.rmtree(self.cache, ignore_errors=True)
        if self.error is not None:
            raise IndexFormatError(str(self.error))
        return self.code, self.output

    def stop(self) -> None:
        """The build failed elsewhere: end Pagefind."""
        with self.lock:
            self.stopped = True
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
        if self.thread.is_alive():
            self.thread.join()


_Merging = tuple[subprocess.Popen[bytes], Any]  # the merge process, and the file it writes its output to


def _end(merging: _Merging | None) -> None:
    """A merge process done with: one never told to go (the indexing failed) sees its input
    close and ends without merging."""
    if merging is None:
        return
    process, log = merging
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
    process.wait()
    log.close()  # a second close, after a merge that went, does nothing


@functools.cache
def _pagefind() -> tuple[str, ...]:
    """Pagefind's program, found as `python -m pagefind` finds it, and started directly: that
    command is a Python process that only finds the program and replaces itself with it, 0.06 s
    of the 0.3 s Pagefind takes over one part after an edit. Asked once per build, in the
    indexing thread (the lookup imports asyncio)."""
    from pagefind.service import get_executable

    found = get_executable()
    return (str(found.resolve()),) if found is not None else (sys.executable, "-m", "pagefind")


def _part_input(slim: Path, pages: list[str], target: Path) -> Path:
    """A folder of the part's slim pages, linked rather than copied, made in path order (the
    order Pagefind then reads them in)."""
    target.mkdir(parents=True)
    for rel in pages:
        source = slim / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target / rel)
            except OSError:
                shutil.copyfile(source, target / rel)
    return target
