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
import subprocess
import sys
import tempfile
from pathlib import Path

from . import cbor
from .slim import STROKE, restore_d

BUNDLE = "pagefind"
SIGNATURE = b"pagefind_dcd"


class IndexFormatError(Exception):
    """Pagefind wrote something this version does not know how to make reproducible."""


class Indexing:
    """Pagefind running in the background over a folder of slim pages (see `slim`),
    writing the index into `site_dir/pagefind/`."""

    def __init__(self, slim: Path, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(slim), "--output-path", str(site_dir / BUNDLE),
             "--quiet"], stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> tuple[int, str]:
        try:
            code = self.process.wait()
            self.log.seek(0)
            output = self.log.read().decode("utf-8", "replace")
        finally:
            self.log.close()
        if code == 0:
            canonicalize(self.site_dir / BUNDLE)
        return code, output

    def stop(self) -> None:
        """The build failed elsewhere: end Pagefind."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()


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
