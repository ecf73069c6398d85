"""The search index: Pagefind over the built HTML, before the site is published.

It runs on the engine's output, so it works the same whichever engine rendered the pages.
Only regions marked `data-pagefind-body` (stories and people) are indexed, with the filters
and metadata the page templates put there.

Pagefind holds every page's words in memory until it writes (about 0.32 MB a page: 3.3 GB for
10,300 pages), so the pages are indexed in parts of at most `PAGES_PER_PART`, one Pagefind run
after another, and `merge` makes the parts one index on disk, with a few chunks in memory: the
browser sees a single index however large the archive. The merge also writes Pagefind's filter
and metadata files in a fixed order (Pagefind 1.5 writes them in hash-map order), so the same
pages give the same bytes, and shows đ/Đ again in what results display (`slim.restore_d`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .merge import IndexFormatError, Part, merge
from .slim import STROKE, restore_d

__all__ = ["BUNDLE", "IndexFormatError", "Indexing", "pages_per_part"]

BUNDLE = "pagefind"  # the search bundle in the site: Pagefind's scripts and the merged index
PAGES_PER_PART = 1500  # about 500 MB of Pagefind at a time (BENCHMARKS.md)
PAGES_PER_PART_VARIABLE = "SITE_BUILDER_SEARCH_PART_PAGES"  # for tests, and runners with more memory


def pages_per_part() -> int:
    value = os.environ.get(PAGES_PER_PART_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else PAGES_PER_PART


def _shown(fragment: str) -> str:
    """A page as results display it: with đ/Đ, which the index holds folded (see `slim.fold_d`)."""
    return restore_d(fragment.replace("\\u0335", STROKE))


class Indexing:
    """Pagefind over the slim pages `pages` (paths in `slim`), part after part in a background
    thread, then merged into `site_dir/pagefind/`."""

    def __init__(self, slim: Path, pages: list[str], site_dir: Path, work: Path) -> None:
        self.site_dir = site_dir
        size = pages_per_part()
        groups = [pages[start:start + size] for start in range(0, len(pages), size)] or [[]]
        self.parts_folder = work / "index-parts"
        shutil.rmtree(self.parts_folder, ignore_errors=True)
        self.inputs = [slim] if len(groups) == 1 else _part_inputs(slim, groups, self.parts_folder / "input")
        self.parts = [Part(self.parts_folder / "output" / str(index), slim, group) for index, group in enumerate(groups)]
        self.output = ""
        self.code = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.stopped = False
        self.error: Exception | None = None
        self.index_seconds = self.merge_seconds = 0.0  # for `build --timings`
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Indexing:
        self.thread.start()
        return self

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self._index_and_merge()
        finally:
            self.merge_seconds = time.perf_counter() - start - self.index_seconds

    def _index_and_merge(self) -> None:
        start = time.perf_counter()
        for folder, part in zip(self.inputs, self.parts):
            with tempfile.TemporaryFile() as log:
                if self.stopped:
                    return
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(part.folder),
                     "--quiet"], stdout=log, stderr=subprocess.STDOUT)
                self.code = self.process.wait()
                log.seek(0)
                self.output += log.read().decode("utf-8", "replace")
            if self.code != 0:
                return
        self.index_seconds = time.perf_counter() - start
        if self.stopped:
            return
        try:
            merge(self.parts, self.site_dir / BUNDLE, shown=_shown)
        except (IndexFormatError, ValueError, KeyError) as exc:
            self.error = exc

    def wait(self) -> tuple[int, str]:
        """Wait for every part and the merge; raise `IndexFormatError` if Pagefind wrote what the
        merge cannot read."""
        self.thread.join()
        shutil.rmtree(self.parts_folder, ignore_errors=True)
        if self.error is not None:
            raise IndexFormatError(str(self.error))
        return self.code, self.output

    def stop(self) -> None:
        """The build failed elsewhere: end Pagefind."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.thread.is_alive():
            self.thread.join()


def _part_inputs(slim: Path, groups: list[list[str]], folder: Path) -> list[Path]:
    """One folder of slim pages per part, linked rather than copied."""
    inputs = []
    for index, group in enumerate(groups):
        target = folder / str(index)
        for rel in group:
            source = slim / rel
            if source.is_file():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target / rel)
                except OSError:
                    shutil.copyfile(source, target / rel)
        target.mkdir(parents=True, exist_ok=True)
        inputs.append(target)
    return inputs
