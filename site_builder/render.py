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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import build_cache, engine, engine_config, shards, sitemap
from .engine import EngineResult

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
           jobs: int) -> Rendered:
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
    plan = shards.plan(docs, todo, nav, shard_count(len(todo), jobs))
    result = _run(engine_name, config, plan, nav, output, work, source_date_epoch, jobs)
    if not result.ok:
        return Rendered(result, 0, 0)
    reused = 0
    if cached is not None:
        fresh = set(todo) | set(nav)
        for page in pages:
            if page not in fresh:
                _link(cached.html / shards.output_path(page), output / shards.output_path(page))
                reused += 1
    sitemap.write(output, str(config.get("site_url") or ""), [shards.page_url(p) for p in pages],
                  sitemap.build_timestamp(source_date_epoch))
    build_cache.save(work / "cache", output, cache_key, hashes)
    return Rendered(result, len(pages) - reused, reused)


def _run(engine_name: str, config: dict[str, Any], plan: list[shards.Shard], nav: list[str], output: Path,
         work: Path, source_date_epoch: int | None, jobs: int) -> EngineResult:
    docs = Path(config["docs_dir"])
    folder = work / "shards"
    if folder.exists():
        shutil.rmtree(folder)
    configs = []
    for index, shard in enumerate(plan):
        home = folder / str(index)
        shards.link_docs(docs, home / "docs", shard, nav)
        site_dir = output if index == 0 else home / "site"
        path = home / "mkdocs.yml"
        path.write_text(engine_config.dump(config | {"docs_dir": str(home / "docs"), "site_dir": str(site_dir)}),
                        encoding="utf-8")
        configs.append(path)
    result = engine.build_many(engine_name, configs, source_date_epoch, parallel=jobs)
    if result.ok:
        for index, shard in enumerate(plan[1:], start=1):
            shards.merge(output, folder / str(index) / "site", shard)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _link(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
