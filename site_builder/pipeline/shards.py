"""Split the staged pages across several engine processes, and put their outputs together.

MkDocs renders one page at a time in one process. Story pages do not link to each other
through the engine (every generated link is already a URL), so a build can be cut into
shards that each render a share of the pages, one process per core. Every shard also gets
the pages the navigation points to, so its header tabs resolve; only the first shard's
copy of those, and of the static files, is kept.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import folders
from ..staged import FRAGMENTS, StagedPage, output_path


def link_or_copy(source: str | Path, destination: str | Path) -> None:
    """A hard link (no bytes copied), or a copy where the file system refuses one."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


@dataclass
class Shard:
    pages: list[StagedPage] = field(default_factory=list)  # the staged pages this shard renders
    weight: int = 0
    statics: bool = False  # the first shard also copies media, assets and theme files


def deal(docs: Path, pages: Iterable[StagedPage], nav_pages: Iterable[str], count: int,
         first: bool = True) -> list[Shard]:
    """Deal pages to `count` shards by size, biggest first, so the shards finish together.

    Navigation pages are left out: every shard renders them (see `link_docs`). With `first`,
    the first shard also copies the static files."""
    nav = set(nav_pages)
    shards = [Shard(statics=first and index == 0) for index in range(max(1, count))]
    sized = sorted(((docs / p.source).stat().st_size, p.source, p) for p in pages if p.source not in nav)
    for size, _, page in reversed(sized):
        lightest = min(shards, key=lambda s: s.weight)
        lightest.pages.append(page)
        lightest.weight += size + 4096  # the theme costs about as much as 4 KB of Markdown
    for shard in shards:
        shard.pages.sort(key=lambda p: p.source)
    return shards


def link_docs(docs: Path, target: Path, shard: Shard, nav_pages: Iterable[str], as_is: frozenset[str] = frozenset()) -> None:
    """A docs folder for one shard: hard links to its pages, the files they link to (the
    engine rewrites a link only to a file among its own) and the nav pages. The statics shard
    also gets every other file, but those published `as_is` (`link_as_is`)."""
    if target.exists():
        shutil.rmtree(target)
    wanted = {p.source for p in shard.pages} | set(nav_pages)
    if shard.statics:
        wanted |= {rel for rel in folders.files(docs, skip={FRAGMENTS}) if not rel.endswith(".md") and rel not in as_is}
    else:
        wanted |= {file for page in shard.pages for file in page.files}
    for rel in sorted(wanted):
        source = docs / rel
        if not source.is_file():
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, destination)


def link_as_is(docs: Path, output: Path, as_is: Iterable[str]) -> None:
    """Publish staged files the engine would only copy (thousands of share pictures, most of
    the bytes of a site) as hard links: no byte is copied, on a rebuild or a full build. A
    file only its owner may read (one cached by an earlier version) is made readable, as the
    engine's copy was."""
    made: set[Path] = set()
    for rel in as_is:
        destination = output / rel
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        link_or_copy(docs / rel, destination)
        mode = os.stat(destination).st_mode
        if mode & 0o444 != 0o444:
            os.chmod(destination, (mode | 0o444) & 0o7777)


def merge(into: Path, shard_output: Path, shard: Shard) -> None:
    """Move one shard's own pages into the combined output (its nav pages and statics stay out)."""
    for page in shard.pages:
        rel = output_path(page.source)
        destination = into / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(shard_output / rel, destination)
