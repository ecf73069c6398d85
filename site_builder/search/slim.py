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

from .. import folders

# Pagefind folds accents by Unicode decomposition, and đ/Đ (U+0111/U+0110) have none, so
# `duc` would never find Đức. In the slim pages only, each đ becomes `d` followed by a
# combining short stroke (U+0335), which looks the same and which Pagefind's folding removes:
# `duc` then finds it, and a query typed with đ (rewritten the same way by search.js) still
# matches it exactly, so exact spellings rank first. `restore_d` undoes it in what Pagefind
# stores for display; U+0335 appears in no Vietnamese text, so the undoing is exact.
STROKE = "\u0335"
_TO_INDEX = str.maketrans({"đ": "d" + STROKE, "Đ": "D" + STROKE})
_TEXT = re.compile(r">([^<]+)<")

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
    region = page_html[start:end if end >= 0 else len(page_html)]
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head><meta charset="utf-8">'
            f"</head><body>{fold_d(region)}</body></html>")


def fold_d(region: str) -> str:
    """The text between tags with đ/Đ written as d/D plus a stroke (see STROKE); tags and
    attribute values (filter ids, URLs) are left as they are."""
    if "đ" not in region and "Đ" not in region:
        return region
    return _TEXT.sub(lambda m: ">" + m.group(1).translate(_TO_INDEX) + "<", region)


def restore_d(text: str) -> str:
    """`fold_d` undone: what Pagefind stores for results shows đ/Đ again."""
    if STROKE not in text:
        return text
    return text.replace("d" + STROKE, "đ").replace("D" + STROKE, "Đ")


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
        present, _ = folders.prune(self.folder, wanted | {_MARKER}, empty_folders=False)
        for rel in sorted(wanted - present):
            if (site / rel).is_file():
                self.put(rel, (site / rel).read_text(encoding="utf-8"))

    def close(self) -> None:
        (self.folder / _MARKER).unlink(missing_ok=True)
