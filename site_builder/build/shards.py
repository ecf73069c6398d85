"""Split the staged pages across several engine processes, and put their outputs together.

MkDocs renders one page at a time in one process. Story pages do not link to each other
through the engine (every generated link is already a URL), so a build can be cut into
shards that each render a share of the pages, one process per core. Every shard also gets
the pages the navigation points to, so its header tabs resolve; only the first shard's
copy of those, and of the static files, is kept.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..pages.generator import FRAGMENTS, fragment_path
from ..search.pagefind import SLIM


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def link_or_copy(source: Path, destination: Path) -> None:
    """A hard link (no bytes copied), or a copy where the file system refuses one."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def output_path(page: str) -> str:
    """The HTML file the engine writes for the staged page `page` (directory URLs)."""
    path = PurePosixPath(page)
    if path.name == "index.md":
        return (path.parent / "index.html").as_posix().removeprefix("./")
    return (path.with_suffix("") / "index.html").as_posix()


def indexed(page: str) -> bool:
    """Story and person pages: the ones in the search index (their first page only)."""
    parts = PurePosixPath(page).parts
    return len(parts) == 2 and parts[0] in ("stories", "people") and parts[1] != "index.md"


def page_url(page: str) -> str:
    """`stories/tet.md` -> `stories/tet/`, `stories/index.md` -> `stories/`, `index.md` -> ``."""
    html = output_path(page)
    return html.removesuffix("index.html")


@dataclass
class Shard:
    pages: list[str] = field(default_factory=list)  # staged Markdown pages this shard renders
    weight: int = 0
    statics: bool = False  # the first shard also copies media, assets and theme files


def staged_pages(docs: Path) -> list[str]:
    """Every staged Markdown page, as a posix path in `docs`."""
    found = []
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs).as_posix()
        if not rel.startswith(FRAGMENTS + "/"):
            found.append(rel)
    return sorted(found)


def plan(docs: Path, pages: Iterable[str], nav_pages: Iterable[str], count: int, first: bool = True) -> list[Shard]:
    """Deal pages to `count` shards by size, biggest first, so the shards finish together.

    Navigation pages are left out: every shard renders them (see `link_docs`). With `first`,
    the first shard also copies the static files."""
    nav = set(nav_pages)
    shards = [Shard(statics=first and index == 0) for index in range(max(1, count))]
    sized = sorted(((docs / p).stat().st_size, p) for p in pages if p not in nav)
    for size, page in reversed(sized):
        lightest = min(shards, key=lambda s: s.weight)
        lightest.pages.append(page)
        lightest.weight += size + 4096  # the theme costs about as much as 4 KB of Markdown
    for shard in shards:
        shard.pages.sort()
    return shards


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


def linked_files(docs: Path, page: str) -> set[str]:
    """Files a page's Markdown links to (pictures in a story): the engine rewrites those links
    only when the file is among its documentation files, so a shard needs them too."""
    found = set()
    base = posixpath.dirname(page)
    for target in _LINK_TARGET.findall((docs / page).read_text(encoding="utf-8")):
        if "://" in target or target.startswith(("/", "#", "mailto:", "tel:")):
            continue
        path = posixpath.normpath(posixpath.join(base, target.split("#", 1)[0]))
        if not path.startswith("../") and not path.endswith(".md") and (docs / path).is_file():
            found.add(path)
    return found


def link_docs(docs: Path, target: Path, shard: Shard, nav_pages: Iterable[str]) -> None:
    """A docs folder for one shard: hard links to its pages, their fragments and the nav pages."""
    if target.exists():
        shutil.rmtree(target)
    wanted = set(shard.pages) | set(nav_pages)
    if shard.statics:
        wanted |= {p.relative_to(docs).as_posix() for p in docs.rglob("*")
                   if p.is_file() and p.suffix != ".md" and not p.relative_to(docs).as_posix().startswith(FRAGMENTS)}
    for page in list(wanted):
        if page.endswith(".md") and (docs / fragment_path(page)).is_file():
            wanted.add(fragment_path(page))
        if page.endswith(".md") and not shard.statics:
            wanted |= linked_files(docs, page)
    for rel in sorted(wanted):
        source = docs / rel
        if not source.is_file():
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, destination)


def merge(into: Path, shard_output: Path, shard: Shard) -> None:
    """Move one shard's own pages into the combined output (its nav pages and statics stay out)."""
    for page in shard.pages:
        for rel in (output_path(page), f"{SLIM}/{output_path(page)}"):
            source = shard_output / rel
            if source.is_file() or rel == output_path(page):
                destination = into / rel
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, destination)
