"""Content root -> published `site/`, as one sequence: check, stage, render, index, sitemap, swap.

Each step returns what the next needs; none calls back up. The published folder is replaced
only after every step has succeeded: invalid content or a failed engine run leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import calendar
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import faults
from ..paths import Paths
from ..project import Project
from ..timings import NONE, Timings
from ..cms.admin import AdminError, admin_ready, write_admin
from ..engine import config as engine_config
from ..media.images import ImageError
from ..model.containment import LINK_HINT, OutsideRoot
from ..model import Problem, Site, Story
from ..pages.generator import navigation
from ..pages.strings import theme_text
from ..pages.stage import Staged, stage, stage_stories, views
from ..processes import available_cores
from ..search.pagefind import IndexFormatError, Indexing
from ..search.slim import SearchInput
from ..staged import MEDIA, FragmentLost
from ..validation import Checked, check
from . import cache, lock, render, sitemap
from .swap import swap_in

LOCK_TIMEOUT = 30 * 60  # seconds a second build waits for the first (CI jobs take minutes)

__all__ = ["BuildFailed", "Built", "Checked", "build", "check"]


class BuildFailed(Exception):
    """The engine failed on valid content: a bug or an environment problem, not an editor's."""

    def __init__(self, output: str) -> None:
        super().__init__("the engine failed")
        self.output = output


@dataclass
class Built:
    checked: Checked
    engine_output: str = ""
    rendered: int = 0  # pages the engine rendered
    reused: int = 0  # pages whose HTML came from the cache

    @property
    def engine_warnings(self) -> list[str]:
        return [line for line in self.engine_output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def picture_problem(error: ImageError) -> Problem:
    """A picture that passed validation but could not be made, reported at the picture file."""
    path = error.path.removeprefix(MEDIA + "/")
    return Problem(path or "(a picture)", 1, error.reason, "export the picture again as JPEG, PNG or WebP")


def source_date_epoch(site: Site) -> int | None:
    """A build date that depends only on the content: midnight UTC of the newest story."""
    if not site.stories:
        return None
    return calendar.timegm(site.stories[0].date.timetuple())


def work_dir(root: Path) -> Path:
    return Paths(root).work


def engine_settings(project: Project, site: Site, site_dir: Path, live: bool = False) -> dict[str, Any]:
    """The engine's configuration: the project's settings laid over ours (`engine.config.derive`),
    for the site's first language."""
    return language_settings(project, site, site_dir, live)[site.lang]


def language_settings(project: Project, site: Site, site_dir: Path, live: bool = False) -> dict[str, dict[str, Any]]:
    """The engine's configuration for each of the site's languages, the first first: each has its
    header tabs, and with more than one language, the theme's interface text in it
    (`theme.language`, which also sets `<html lang>`, by which the search index separates them)."""
    configs = {}
    for view in views(site):
        config = engine_config.derive(project.config, project.paths.staged_docs, site_dir, navigation(view), live)
        if len(site.languages) > 1:
            config["theme"]["language"] = view.lang
        if theme_text(view.lang):  # the search dialog's text (partials/sb-search.html)
            config["extra"] = {**(config.get("extra") or {}), "sb_text": theme_text(view.lang)}
        configs[view.lang] = config
    return configs


def stage_site(project: Project, site: Site, config: dict[str, Any], jobs: int = 1, timings: Timings = NONE) -> Staged:
    """Write the staged pages for `config`, and the configuration beside them (for a look, or
    a run of the engine by hand)."""
    paths = project.paths
    staged = stage(site, project.root, Path(config["docs_dir"]), project.settings, jobs,
                   paths.image_cache, paths.share_card_cache, timings, paths.page_records)
    write_config(config, paths.staged_config)
    return staged


def stage_live(project: Project, site: Site, site_dir: Path) -> Path:
    """Stage everything for the engine's live server; return its configuration file."""
    stage_site(project, site, engine_settings(project, site, site_dir, live=True))
    return project.paths.staged_config


def stage_first(project: Project, site: Site, stories: list[Story]) -> list[str]:
    """Stage only these stories' pages, ahead of a full `stage_live` (the preview's fast path);
    the pages written, relative to the staged docs folder, for the engine to render at once."""
    written = stage_stories(site, project.root, project.paths.staged_docs, stories, project.settings)
    return [rel for rel in written if rel.endswith(".md")]


def write_config(config: dict[str, Any], config_path: Path) -> Path:
    text = engine_config.dump(config)
    if not config_path.is_file() or config_path.read_text(encoding="utf-8") != text:
        config_path.write_text(text, encoding="utf-8")
    return config_path


def clear_leftovers(paths: Paths) -> None:
    """Remove what a killed build left behind (its output folder, an old site being deleted),
    and the staging folder where earlier versions kept it."""
    work = paths.work
    for leftover in [*sorted(work.glob("out-*")), *sorted(work.glob("old-*")), work / "shards", paths.earlier_staging]:
        shutil.rmtree(leftover, ignore_errors=True)


def build(root: Path, engine_name: str = "mkdocs", checked: Checked | None = None, jobs: int = 0,
          use_cache: bool = True, lock_timeout: float = LOCK_TIMEOUT,
          waiting: Callable[[str], None] = lambda message: None, timings: Timings = NONE) -> Built:
    """Validate, then build into `root/site`; invalid content returns before touching anything.

    `jobs` engine processes run at once (0: one per core); unchanged pages come from the cache.
    A second build of the same root waits for the first (`lock.Busy` after `lock_timeout`)."""
    checked = checked or check(root)
    if not checked.ok or checked.project is None:
        return Built(checked)
    paths = Paths(root)
    work = paths.work
    try:
        with lock.exclusive(work, root, lock_timeout, waiting):
            clear_leftovers(paths)
            if not use_cache:
                shutil.rmtree(paths.cache, ignore_errors=True)  # the staging with it: every page anew
            output = Path(tempfile.mkdtemp(prefix="out-", dir=work))
            output.chmod(0o755)  # mkdtemp makes it private; web servers must be able to read the site
            try:
                return _build(checked.project, engine_name, checked, jobs or available_cores(), work, output, timings)
            except BuildFailed as failed:  # asked while the output still holds what filled the disk
                code = _filled_the_disk(failed, work)
                if code is None:
                    raise
            finally:
                shutil.rmtree(output, ignore_errors=True)
            raise BuildFailed(_fault_line(OSError(code, os.strerror(code)), root))  # now the output's space is back
    except OSError as error:  # our own writes: staging, caches, the sitemap, the swap
        raise BuildFailed(_fault_line(error, root)) from None


def _fault_line(error: OSError, root: Path) -> str:
    """One line for a build that a fault stopped; what it needs is about the last site's size."""
    site = Paths(root).site
    needed = faults.tree_size(site) if site.is_dir() else None
    return "error: " + faults.explain(error, "build the site in", work_dir(root), needed, approximate=True)


def _filled_the_disk(failed: BuildFailed, work: Path) -> int | None:
    """The errno, when the engine or the indexer failed because the disk filled. They say so
    in their own words, or not at all (an index file cut short reads as bad JSON), so the disk
    itself is asked too."""
    free = faults.free_space(work)
    full = free is not None and free < faults.FULL_BELOW
    return faults.no_space_in(failed.output) or (errno.ENOSPC if full else None)


def _build(project: Project, engine_name: str, checked: Checked, jobs: int, work: Path, output: Path,
           timings: Timings) -> Built:
    site = checked.site
    try:
        admin_ready(project)  # before minutes of rendering, not after
    except AdminError as exc:
        raise BuildFailed(f"error: {exc}") from None
    configs = language_settings(project, site, output)
    config = configs[site.lang]
    try:
        staged = stage_site(project, site, config, jobs, timings)
    except ImageError as error:  # passed validation, but the pixels could not be made
        checked.problems.append(picture_problem(error))
        return Built(checked)
    except OutsideRoot as escape:  # a link made after validation: still never followed
        checked.problems.append(Problem(escape.rel, 1, f"{escape.rel} {escape.message}", LINK_HINT))
        return Built(checked)
    with timings.phase("render: choose pages"):
        todo = render.choose(engine_name, list(configs.values()), staged.pages, work)
    search_input = SearchInput(work / "cache" / "search-input")
    search_input.open(whole=todo.cached is None)
    with timings.phase("render: searched pages"):
        # Another language's listings render with its searched pages: one engine start-up per
        # shard for that language instead of two. The first language's listings still render
        # beside the search index (`render.language_of`).
        later = [p for p in todo.listings if render.language_of(p.source, tuple(configs)) != site.lang]
        searched = _render(engine_name, configs, todo.searched + later, output, work, site, jobs, True, search_input,
                           staged.as_is)
        reused = render.reuse(todo, output)
        indexed = [p.html for p in todo.pages if p.indexed]
        search_input.settle(indexed, output)
    with timings.phase("search index: parts"):
        indexing = Indexing(search_input.folder, indexed, output, work, project.paths.search_parts)
    indexing.start()  # beside the listings' render and what follows: parts are small, two at a time
    try:
        with timings.phase("render: listings"):
            moved = {p.source for p in later}
            first_listings = [p for p in todo.listings if p.source not in moved]
            listings = _render(engine_name, configs, first_listings, output, work, site, jobs, False, search_input)
        with timings.phase("sitemap, cache, editor"):  # beside the index's merge, a process of its own
            sitemap.write(output, project.settings.url, [p.url for p in staged.pages],
                          sitemap.build_timestamp(source_date_epoch(site)), site.languages)
            cache.save(work / "cache", output, todo.key, todo.hashes, todo.stats, {p.source for p in todo.rendered}, todo.cached)
            search_input.close()  # the slim pages now match the cache
            try:
                write_admin(project, site, output)  # the browser editor, beside the pages
            except AdminError as exc:
                raise BuildFailed(f"error: {exc}") from None
        with timings.phase("search index: waiting"):
            try:
                code, index_output = indexing.wait()
            except (IndexFormatError, ValueError) as exc:
                code, index_output = 1, f"cannot merge the search index: {exc}"
    except BaseException:
        indexing.stop()
        raise
    parts = f"{len(indexing.indexed)} of {len(indexing.parts)} parts indexed, beside the listings"
    timings.record("search index: Pagefind", indexing.index_seconds, parts)
    timings.record("search index: merge", indexing.merge_seconds, parts)
    if code != 0:
        raise BuildFailed(f"{searched.output}{listings.output}\nThe search index failed:\n{index_output}")
    with timings.phase("swap"):
        swap_in(output, project.paths.site)
    return Built(checked, searched.output + listings.output, len(todo.pages) - reused, reused)


def _render(engine_name: str, configs: dict[str, dict[str, Any]], pages: list[Any], output: Path, work: Path,
            site: Site, jobs: int, first: bool, search_input: SearchInput, as_is: tuple[str, ...] = ()) -> render.EngineResult:
    """One wave: the engine over `pages`, one language after another (each with its own
    configuration), then finishing them; a failure raises `BuildFailed`. With `first`, the
    first language's run also writes the output folder's static files (`as_is` beside it)."""
    outputs, code = [], 0
    for index, (language, config) in enumerate(configs.items()):
        mine = [p for p in pages if render.language_of(p.source, tuple(configs)) == language]
        starts = first and index == 0
        if not mine and not starts:
            continue
        result = render.render_wave(engine_name, config, mine, output, work / "shards",
                                    source_date_epoch(site), jobs, starts, as_is if starts else ())
        if not result.ok:
            raise BuildFailed(result.output)
        try:
            render.finish(Path(config["docs_dir"]), output, mine, search_input)
        except FragmentLost as lost:
            raise BuildFailed(f"{result.output}\n{lost}") from None
        outputs.append(result.output)
        code = code or result.returncode
    return render.EngineResult(code, "".join(outputs))
