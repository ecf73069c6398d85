"""Staged pages -> HTML: the engine in one process per core, over only what changed.

A full build deals the pages to shards (see `shards`); a build with a usable cache renders
the pages whose staged source changed, plus the navigation pages, and takes every other
page's HTML from the cache (see `build_cache`). Either way the output is the same, byte for
byte, as a clean single-process build: the sitemap, the one file every page contributes
to, is written afterwards for all pages.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import config as engine_config, runner as engine
from . import cache as build_cache, shards, sitemap
from ..engine.runner import EngineResult
from ..search.pagefind import SLIM, slim_page

MIN_PAGES_PER_SHARD = 250  # below this, a second engine start-up costs more than it saves
MAX_PAGES_PER_SHARD = 3000  # bounds each engine process's memory on large archives
REUSE_AT_MOST = 0.5  # when more than half the pages changed, a full build is as quick


@dataclass(frozen=True)
class Rendered:
    result: EngineResult
    rendered: int  # pages the engine rendered
    reused: int  # pages taken from the cache


def shard_count(pages: int, jobs: int) -> int:
    wanted = max(1, min(jobs, pages // MIN_PAGES_PER_SHARD))
    return max(wanted, math.ceil(pages / MAX_PAGES_PER_SHARD))


def nav_pages(config: dict[str, Any]) -> list[str]:
    return [path for entry in config.get("nav", []) for path in entry.values() if isinstance(path, str)]


def render(engine_name: str, config: dict[str, Any], output: Path, work: Path, source_date_epoch: int | None,
           jobs: int, on_indexed: Callable[[Path], None] | None = None) -> Rendered:
    """Render in two waves: the pages search indexes first, then listings. Between the two,
    `on_indexed(folder)` gets the folder of slim pages to index (see `search_input`), so the
    search index is made beside the listings."""
    docs = Path(config["docs_dir"])
    pages = shards.staged_pages(docs)
    hashes = {page: build_cache.digest((docs / page).read_bytes()) for page in pages}
    cache_key = build_cache.key(engine_name, config)
    cached = build_cache.load(work / "cache", cache_key)
    todo = pages
    if cached is not None:
        changed = [p for p in pages if cached.pages.get(p) != hashes[p]
                   or not (cached.html / shards.output_path(p)).is_file()]
        if len(changed) <= len(pages) * REUSE_AT_MOST:
            todo = changed
        else:
            cached = None
    nav = nav_pages(config)
    first = [p for p in todo if shards.indexed(p)]
    rest = [p for p in todo if not shards.indexed(p)]
    if len(todo) < MIN_PAGES_PER_SHARD:  # a second engine start-up would cost more than the overlap gains
        first, rest = todo, []
    folder = work / "shards"
    if folder.exists():
        shutil.rmtree(folder)
    outputs = []
    reused = 0
    for wave, wave_pages in enumerate((first, rest)):
        if wave and not wave_pages:
            break
        plan = shards.plan(docs, wave_pages, nav, shard_count(len(wave_pages), jobs), first=wave == 0)
        result = _run(engine_name, config, plan, nav, output, folder / str(wave), source_date_epoch, jobs,
                      into_output=wave == 0)
        outputs.append(result.output)
        if not result.ok:
            shutil.rmtree(folder, ignore_errors=True)
            return Rendered(EngineResult(result.returncode, "".join(outputs)), 0, 0)
        if wave == 0:
            fresh = set(todo) | set(nav)
            if cached is not None:
                reused = _reuse(cached, pages, fresh, output)
            slim = search_input(work, output, pages, fresh & set(first), whole=cached is None)
            if on_indexed is not None:
                on_indexed(slim)
    shutil.rmtree(folder, ignore_errors=True)
    sitemap.write(output, str(config.get("site_url") or ""), [shards.page_url(p) for p in pages],
                  sitemap.build_timestamp(source_date_epoch))
    build_cache.save(work / "cache", output, cache_key, hashes)
    (slim / ".updating").unlink(missing_ok=True)  # the slim pages now match the cache
    return Rendered(EngineResult(0, "".join(outputs)), len(pages) - reused, reused)


def _reuse(cached: build_cache.Cached, pages: list[str], fresh: set[str], output: Path) -> int:
    """Link the cached HTML of every page not rendered this time into the output."""
    count = 0
    made: set[Path] = set()
    for page in pages:
        if page in fresh:
            continue
        count += 1
        rel = shards.output_path(page)
        destination = output / rel
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        shards.link_or_copy(cached.html / rel, destination)
    return count


def search_input(work: Path, output: Path, pages: list[str], rendered: set[str], whole: bool) -> Path:
    """The folder Pagefind reads: one slim page per indexed page, kept between builds.

    The engine wrote slim copies of the pages it rendered into `output/SLIM`; they replace
    their old versions here, and pages that are gone leave. A marker stays in the folder until
    the build cache is saved, so after a failed build, or when nothing was reused (`whole`),
    the folder is made again from scratch."""
    folder = work / "cache" / "search-input"
    marker = folder / ".updating"
    if whole or marker.exists() or not folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rendered = set(pages)
    marker.touch()
    indexed = {shards.output_path(p) for p in pages if shards.indexed(p)}
    for page in sorted(rendered):
        rel = shards.output_path(page)
        source = output / SLIM / rel
        if rel in indexed and source.is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, folder / rel)
    for directory, _, files in os.walk(folder, topdown=False):
        for name in files:
            rel = (Path(directory) / name).relative_to(folder).as_posix()
            if rel != marker.name and rel not in indexed:
                (Path(directory) / name).unlink()
    for rel in sorted(indexed):  # a page reused from the cache after the folder was made anew
        if not (folder / rel).is_file() and (output / rel).is_file():
            slim = slim_page((output / rel).read_text(encoding="utf-8"))
            if slim is not None:
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_text(slim, encoding="utf-8")
    shutil.rmtree(output / SLIM, ignore_errors=True)
    return folder


def _run(engine_name: str, config: dict[str, Any], plan: list[shards.Shard], nav: list[str], output: Path,
         folder: Path, source_date_epoch: int | None, jobs: int, into_output: bool) -> EngineResult:
    """One wave of shards at once; the first wave's first shard writes the output folder itself."""
    docs = Path(config["docs_dir"])
    configs = []
    for index, shard in enumerate(plan):
        home = folder / str(index)
        shards.link_docs(docs, home / "docs", shard, nav)
        site_dir = output if into_output and index == 0 else home / "site"
        path = home / "mkdocs.yml"
        path.write_text(engine_config.dump(config | {"docs_dir": str(home / "docs"), "site_dir": str(site_dir)}),
                        encoding="utf-8")
        configs.append(path)
    result = engine.build_many(engine_name, configs, source_date_epoch, parallel=jobs)
    if result.ok:
        for index, shard in enumerate(plan):
            if not (into_output and index == 0):
                shards.merge(output, folder / str(index) / "site", shard)
    return result

