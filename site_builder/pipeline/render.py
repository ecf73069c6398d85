"""Staged pages -> finished HTML: the engine in one process per core, over only what changed.

A full build deals the pages to shards (see `shards`); a build with a usable cache renders
the pages whose staged source changed, plus the navigation pages, and takes every other
page's HTML from the cache (see `cache`). Each page the engine renders is then finished
here, outside the engine: its trusted fragments go into their placeholders and, for a
searched page, its slim copy goes to the search input. Either way the output is the same,
byte for byte, as a clean single-process build.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import config as engine_config
from ..engine import runner
from ..engine.runner import EngineResult
from ..search.slim import SearchInput
from ..staged import StagedPage, fill_fragments, fragment_path
from . import cache, shards

MIN_PAGES_PER_SHARD = 250  # below this, a second engine start-up costs more than it saves
MAX_PAGES_PER_SHARD = 3000  # bounds each engine process's memory on large archives
REUSE_AT_MOST = 0.5  # when more than half the pages changed, a full build is as quick


def shard_count(pages: int, jobs: int) -> int:
    wanted = max(1, min(jobs, pages // MIN_PAGES_PER_SHARD))
    return max(wanted, math.ceil(pages / MAX_PAGES_PER_SHARD))


def language_of(source: str, languages: tuple[str, ...]) -> str:
    """The language of a staged page: the first one's are at the root, each other's under
    `<language>/` (`pages.urls.Addresses`)."""
    head = source.split("/", 1)[0]
    return head if head in languages[1:] and "/" in source else languages[0]


def nav_pages(config: dict[str, Any]) -> list[str]:
    return [path for entry in config.get("nav", []) for path in entry.values() if isinstance(path, str)]


@dataclass(frozen=True)
class Work:
    """What this build renders, in two waves, and what it takes from the cache."""

    pages: list[StagedPage]  # every staged page
    hashes: dict[str, str]  # staged page -> digest of its source, for the next build's cache
    stats: dict[str, cache.Stat]  # staged page -> its source's size, time and inode, with its digest
    key: str  # the cache key of this engine and configuration
    cached: cache.Cached | None  # the last build's HTML, when usable
    searched: list[StagedPage]  # first wave: the pages the search index needs
    listings: list[StagedPage]  # second wave: everything else to render

    @property
    def rendered(self) -> list[StagedPage]:
        return self.searched + self.listings


def choose(engine_name: str, configs: list[dict[str, Any]], pages: list[StagedPage], work: Path) -> Work:
    """Which pages to render: all of them, or, with a usable cache, the changed ones. `configs`
    are the engine's configurations, one per language, the first first."""
    docs = Path(configs[0]["docs_dir"])
    keys = [cache.key(engine_name, config) for config in configs]
    key = keys[0] if len(keys) == 1 else cache.digest("|".join(keys).encode("utf-8"))
    cached = cache.load(work / "cache", key)
    hashes, stats = cache.source_digests(docs, [p.source for p in pages], cached)
    todo = pages
    if cached is not None:
        html = str(cached.html)
        changed = [p for p in pages if cached.pages.get(p.source) != hashes[p.source]
                   or not os.path.isfile(f"{html}/{p.html}")]
        if len(changed) <= len(pages) * REUSE_AT_MOST:
            todo = changed
        else:
            cached = None
    nav = {path for config in configs for path in nav_pages(config)}
    todo = todo + [p for p in pages if p.source in nav and p not in todo]
    searched = [p for p in todo if p.indexed]
    listings = [p for p in todo if not p.indexed]
    if len(todo) < MIN_PAGES_PER_SHARD:  # a second engine start-up would cost more than the overlap gains
        searched, listings = todo, []
    return Work(pages, hashes, stats, key, cached, searched, listings)


def render_wave(engine_name: str, config: dict[str, Any], pages: list[StagedPage], output: Path,
                folder: Path, source_date_epoch: int | None, jobs: int, first: bool,
                as_is: tuple[str, ...] = ()) -> EngineResult:
    """Render `pages` (and the navigation pages) into `output`, one engine process per shard;
    the first wave's first shard writes the output folder itself, static files included, but
    those published `as_is`, which are linked into it once the engine is done."""
    docs = Path(config["docs_dir"])
    nav = nav_pages(config)
    plan = shards.deal(docs, pages, nav if first else (), shard_count(len(pages), jobs), first=first)
    configs = []
    for index, shard in enumerate(plan):
        home = folder / str(index)
        shards.link_docs(docs, home / "docs", shard, nav, frozenset(as_is))
        site_dir = output if first and index == 0 else home / "site"
        path = home / "mkdocs.yml"
        path.write_text(engine_config.dump(config | {"docs_dir": str(home / "docs"), "site_dir": str(site_dir)}),
                        encoding="utf-8")
        configs.append(path)
    result = runner.build_many(engine_name, configs, source_date_epoch, parallel=jobs)
    if result.ok:
        for index, shard in enumerate(plan):
            if not (first and index == 0):
                shards.merge(output, folder / str(index) / "site", shard)
        if first:
            shards.link_as_is(docs, output, as_is)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def finish(docs: Path, output: Path, pages: list[StagedPage], search_input: SearchInput) -> None:
    """Complete what the engine rendered: trusted fragments into their placeholders, and the
    slim copy of each searched page into the search input.

    Raises `staged.FragmentLost` when the engine's HTML lost a placeholder."""
    for page in pages:
        path = output / page.html
        text = path.read_text(encoding="utf-8")
        fragments = docs / fragment_path(page.source)
        if fragments.is_file():
            text = fill_fragments(text, json.loads(fragments.read_text(encoding="utf-8")), page.source)
            path.write_text(text, encoding="utf-8")
        if page.indexed:
            search_input.put(page.html, text)


def reuse(work: Work, output: Path) -> int:
    """Link the cached HTML of every page not rendered this time into the output."""
    if work.cached is None:
        return 0
    fresh = {p.source for p in work.rendered}
    count = 0
    made: set[str] = set()
    cached = str(work.cached.html)
    for page in work.pages:
        if page.source in fresh:
            continue
        count += 1
        rel = page.html
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(output / parent, exist_ok=True)
            made.add(parent)
        shards.link_or_copy(f"{cached}/{rel}", output / rel)
    return count
