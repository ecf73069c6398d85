"""What Pagefind reads: a slim copy of each searched page, kept between builds.

Pagefind parses every byte of the HTML it is given, and three quarters of a page is the
theme around the indexed region. The build gives it instead a folder of slim pages (the same
language and indexed region, nothing else), written as the engine's pages are finished, and
kept in the build cache, so a rebuild rewrites only the pages it rendered again.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

BODY_START = "<div data-pagefind-body>"
BODY_END = "</article>"  # the theme's content column closes right after the indexed region
_LANG = re.compile(r'<html lang="([^"]+)"')
_MARKER = ".updating"


def slim_page(page_html: str) -> str | None:
    """The part of a rendered page that Pagefind reads, as a page of its own; None when the
    page is not indexed."""
    start = page_html.find(BODY_START)
    if start < 0:
        return None
    end = page_html.find(BODY_END, start)
    lang = _LANG.search(page_html, 0, 2000)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head><meta charset="utf-8">'
            f"</head><body>{page_html[start:end if end >= 0 else len(page_html)]}</body></html>")


class SearchInput:
    """The folder of slim pages. A marker stays in it from `open` until `close`, which the
    build calls once its cache is saved: after a failed build the folder is made anew."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def open(self, whole: bool) -> bool:
        """Start an update; True when the folder was emptied (every page must be put again)."""
        marker = self.folder / _MARKER
        fresh = whole or marker.exists() or not self.folder.is_dir()
        if fresh:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
        marker.touch()
        return fresh

    def put(self, rel: str, page_html: str) -> None:
        """The slim copy of the finished page at `rel` (its path in the site)."""
        slim = slim_page(page_html)
        if slim is not None:
            path = self.folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            partial.write_text(slim, encoding="utf-8")
            os.replace(partial, path)

    def settle(self, indexed: Iterable[str], site: Path) -> None:
        """Keep exactly the pages in `indexed`: remove pages that are gone, and copy in any page
        that was not put this time (reused from the cache after the folder was made anew)."""
        wanted = set(indexed)
        for directory, _, files in os.walk(self.folder, topdown=False):
            for name in files:
                rel = (Path(directory) / name).relative_to(self.folder).as_posix()
                if rel != _MARKER and rel not in wanted:
                    (Path(directory) / name).unlink()
        for rel in sorted(wanted):
            if not (self.folder / rel).is_file() and (site / rel).is_file():
                self.put(rel, (site / rel).read_text(encoding="utf-8"))

    def close(self) -> None:
        (self.folder / _MARKER).unlink(missing_ok=True)
