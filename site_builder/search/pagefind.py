"""The search index: Pagefind over the built HTML, before the site is published.

It runs on the engine's output, so it works the same whichever engine rendered the pages.
Only regions marked `data-pagefind-body` (stories and people) are indexed, with the filters
and metadata the page templates put there.

Pagefind 1.5 writes its filter and metadata files in hash-map order, so two runs over the
same pages differ (an upstream limitation since 1.1). `canonicalize` sorts those files and
renames them by content, so the same content gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import cbor
from .slim import BODY_START, STROKE, restore_d

BUNDLE = "pagefind"  # the first bundle, with Pagefind's scripts; further ones are `pagefind-2`, ...
BUNDLE_LIST = "bundles.json"  # in the first bundle: the others, which search.js merges in
SIGNATURE = b"pagefind_dcd"
# Pagefind holds a whole bundle in memory while it indexes (about 0.32 MB a page: 3.3 GB for 10,300 pages), so a large
# archive is indexed as several bundles, one after another, which the browser merges
# (Pagefind's `mergeIndex`, which also adds up the filter counts). Pages go to bundles in the
# generator's order, newest stories first, so a listing sorted by date stays in order.
PAGES_PER_BUNDLE = 6000  # one bundle up to about 5,800 stories; see the README for 1 GB runners
BUNDLE_FILTER = "bundle"  # which bundle a page is in, when there are several
PAGES_PER_BUNDLE_VARIABLE = "SITE_BUILDER_SEARCH_BUNDLE_PAGES"  # for small runners, and tests


class IndexFormatError(Exception):
    """Pagefind wrote something this version does not know how to make reproducible."""


def pages_per_bundle() -> int:
    value = os.environ.get(PAGES_PER_BUNDLE_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else PAGES_PER_BUNDLE


def bundle_name(index: int) -> str:
    return BUNDLE if index == 0 else f"{BUNDLE}-{index + 1}"


def is_bundle(name: str) -> bool:
    """Whether a top-level folder of the site is a search bundle."""
    return name == BUNDLE or (name.startswith(BUNDLE + "-") and name[len(BUNDLE) + 1:].isdigit())


class Indexing:
    """Pagefind over the slim pages `pages` (paths in `slim`), one bundle at a time in a
    background thread, writing `site_dir/pagefind/`, `site_dir/pagefind-2/`, ..."""

    def __init__(self, slim: Path, pages: list[str], site_dir: Path, work: Path) -> None:
        self.site_dir = site_dir
        size = pages_per_bundle()
        groups = [pages[start:start + size] for start in range(0, len(pages), size)] or [[]]
        self.bundles = len(groups)
        self.inputs = [slim] if self.bundles == 1 else _bundle_inputs(slim, groups, work / "index-input")
        self.output = ""
        self.code = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Indexing:
        self.thread.start()
        return self

    def _run(self) -> None:
        for index, folder in enumerate(self.inputs):
            with tempfile.TemporaryFile() as log:
                if self.stopped:
                    return
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path",
                     str(self.site_dir / bundle_name(index)), "--quiet"], stdout=log, stderr=subprocess.STDOUT)
                self.code = self.process.wait()
                log.seek(0)
                self.output += log.read().decode("utf-8", "replace")
            if self.code != 0:
                return

    def wait(self) -> tuple[int, str]:
        """Wait for every bundle; make each reproducible and list them for search.js."""
        self.thread.join()
        if self.code == 0:
            for index in range(self.bundles):
                canonicalize(self.site_dir / bundle_name(index))
            others = [bundle_name(index) + "/" for index in range(1, self.bundles)]
            (self.site_dir / BUNDLE / BUNDLE_LIST).write_text(json.dumps({"bundles": others}), encoding="utf-8")
        if len(self.inputs) > 1:
            shutil.rmtree(self.inputs[0].parent, ignore_errors=True)
        return self.code, self.output

    def stop(self) -> None:
        """The build failed elsewhere: end Pagefind."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.thread.is_alive():
            self.thread.join()


def _bundle_inputs(slim: Path, groups: list[list[str]], folder: Path) -> list[Path]:
    """One folder per bundle, with its slim pages marked by a `bundle` filter: Pagefind's merge
    orders results by score, so a listing sorted by date asks each bundle in turn (search.js)."""
    shutil.rmtree(folder, ignore_errors=True)
    inputs = []
    for index, group in enumerate(groups):
        target = folder / str(index)
        mark = f'{BODY_START}<span data-pagefind-filter="{BUNDLE_FILTER}:{index + 1}"></span>'
        for rel in group:
            source = slim / rel
            if source.is_file():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                text = source.read_text(encoding="utf-8").replace(BODY_START, mark, 1)
                (target / rel).write_text(text, encoding="utf-8")
        target.mkdir(parents=True, exist_ok=True)
        inputs.append(target)
    return inputs


def _read(path: Path) -> list:  # type: ignore[type-arg]
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: not a Pagefind data file")
    value = cbor.loads(data[len(SIGNATURE):])
    if not isinstance(value, list):
        raise IndexFormatError(f"{path.name}: unexpected layout")
    return value


def _write(folder: Path, prefix: str, suffix: str, digits: int, value: list) -> str:  # type: ignore[type-arg]
    """Write `value` under a name derived from its content; return the name without suffix."""
    payload = gzip.compress(SIGNATURE + cbor.dumps(value), mtime=0)
    name = f"{prefix}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(payload)
    return name


def restore_fragments(bundle: Path) -> None:
    """Show đ/Đ again in what results display (see `slim.fold_d`): each page's stored text,
    title and metadata. The word index keeps the folded form, which is what queries match."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE):
            raise IndexFormatError(f"{path.name}: not a Pagefind fragment")
        text = data[len(SIGNATURE):].decode("utf-8")
        restored = restore_d(text.replace("\\u0335", STROKE))
        if restored != text:
            path.write_bytes(gzip.compress(SIGNATURE + restored.encode("utf-8"), mtime=0))


def canonicalize(bundle: Path) -> None:
    restore_fragments(bundle)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if len(meta) < 4 or not isinstance(meta[3], list):
            raise IndexFormatError("pf_meta: unexpected layout")
        filters = []
        for name, file_hash in sorted(meta[3]):
            path = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(path)
            path.unlink()
            prefix = file_hash.split("_", 1)[0]
            new_hash = _write(bundle / "filter", prefix, ".pf_filter", 7, [filter_name, sorted(values)])
            filters.append([name, new_hash])
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}", ".pf_meta", 10, meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
