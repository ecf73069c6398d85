"""Content root -> validated model -> staged pages -> engine -> published `site/`.

The published folder is replaced only after the engine has fully succeeded: invalid
content or a failed engine run leaves the previous site exactly as it was.
"""

from __future__ import annotations

import calendar
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine_config
from .render import render
from .shards import available_cores
from .search_index import IndexFormatError, Indexing
from .swap import publish
from .model import Problem, Site, Story, StoryCache, load
from .images import ImageError
from .pages.generator import MEDIA, Settings, stage, stage_stories

WORK_DIR = ".site-builder"


class BuildFailed(Exception):
    """The engine failed on valid content: a bug or an environment problem, not an editor's."""

    def __init__(self, output: str) -> None:
        super().__init__("the engine failed")
        self.output = output


@dataclass
class Checked:
    site: Site
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(root: Path, preview: bool = False, cache: StoryCache | None = None) -> Checked:
    """Load and validate everything, including the root's mkdocs.yml."""
    site, problems = load(root, preview=preview, cache=cache)
    try:
        engine_config.read_root_config(root)
    except engine_config.ConfigError as exc:
        problems.append(Problem("mkdocs.yml", exc.line, exc.message, "fix the YAML or remove mkdocs.yml"))
    return Checked(site, problems)


def picture_problem(root: Path, error: ImageError) -> Problem:
    """An undecodable picture, reported at the picture file (the error carries its path)."""
    path = error.path.removeprefix(MEDIA + "/")
    if not path or not (root / path).is_file():
        return Problem(path or ".", 1, str(error), "export the picture again as JPEG, PNG or WebP")
    return Problem(path, 1, error.reason, "export the picture again as JPEG, PNG or WebP")


def source_date_epoch(site: Site) -> int | None:
    """A build date that depends only on the content: midnight UTC of the newest story."""
    if not site.stories:
        return None
    return calendar.timegm(site.stories[0].date.timetuple())


def work_dir(root: Path) -> Path:
    return root / WORK_DIR


def staging_docs(root: Path) -> Path:
    """Where staged pages go: the engine's docs folder."""
    return work_dir(root).resolve() / "staging" / "docs"


def prepare(root: Path, site: Site, site_dir: Path) -> Path:
    """Stage pages and write the engine configuration; return the configuration file."""
    return write_config(prepare_config(root, site, site_dir), root)


def prepare_config(root: Path, site: Site, site_dir: Path, jobs: int = 1) -> dict[str, Any]:
    """Stage pages; return the engine configuration that renders them into `site_dir`."""
    docs = staging_docs(root)
    config = engine_config.derive(root, docs, site_dir, with_tags=bool(site.tags))
    stage(site, root, docs, settings(config), jobs, work_dir(root).resolve() / "cache" / "images")
    return config


def settings(config: dict[str, Any]) -> Settings:
    return Settings(str(config["site_name"]), str(config.get("site_url") or ""))


def stage_first(root: Path, site: Site, site_dir: Path, stories: list[Story]) -> None:
    """Stage only these stories' pages, ahead of a full `prepare` (the preview's fast path)."""
    docs = staging_docs(root)
    stage_stories(site, root, docs, stories, settings(engine_config.derive(root, docs, site_dir, bool(site.tags))))


def write_config(config: dict[str, Any], root: Path) -> Path:
    config_path = work_dir(root).resolve() / "staging" / "mkdocs.yml"
    text = engine_config.dump(config)
    if not config_path.is_file() or config_path.read_text(encoding="utf-8") != text:
        config_path.write_text(text, encoding="utf-8")
    return config_path


def clear_leftovers(work: Path) -> None:
    """Remove what a killed build left behind (its output folder, an old site being deleted)."""
    for leftover in sorted(work.glob("out-*")) + sorted(work.glob("old-*")):
        shutil.rmtree(leftover, ignore_errors=True)


@dataclass
class Built:
    checked: Checked
    engine_output: str = ""
    rendered: int = 0  # pages the engine rendered
    reused: int = 0  # pages whose HTML came from the cache

    @property
    def engine_warnings(self) -> list[str]:
        return [line for line in self.engine_output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def build(root: Path, engine_name: str = "mkdocs", checked: Checked | None = None, jobs: int = 0,
          use_cache: bool = True) -> Built:
    """Validate, then build into `root/site`; invalid content returns before touching anything.

    `jobs` engine processes run at once (0: one per core); unchanged pages come from the cache."""
    checked = checked or check(root)
    if not checked.ok:
        return Built(checked)
    work = work_dir(root)
    work.mkdir(parents=True, exist_ok=True)
    clear_leftovers(work)
    if not use_cache:
        shutil.rmtree(work / "cache", ignore_errors=True)
    output = Path(tempfile.mkdtemp(prefix="out-", dir=work)).resolve()
    output.chmod(0o755)  # mkdtemp makes it private; web servers must be able to read the site
    try:
        jobs = jobs or available_cores()
        try:
            config = prepare_config(root, checked.site, output, jobs)
        except ImageError as exc:  # passed the header check, but the pixels cannot be decoded
            checked.problems.append(picture_problem(root, exc))
            return Built(checked)
        write_config(config, root)  # for a look, or a run of the engine by hand
        indexing: list[Indexing] = []
        try:
            rendered = render(engine_name, config, output, work.resolve(), source_date_epoch(checked.site), jobs,
                              lambda slim: indexing.append(Indexing(slim, output)))
        except BaseException:
            for job in indexing:
                job.stop()
            raise
        result = rendered.result
        if not result.ok:
            for job in indexing:
                job.stop()
            raise BuildFailed(result.output)
        try:
            code, index_output = indexing[0].wait()
        except (IndexFormatError, ValueError) as exc:
            code, index_output = 1, f"cannot make the search index reproducible: {exc}"
        if code != 0:
            raise BuildFailed(f"{result.output}\nThe search index failed:\n{index_output}")
        publish(output, root / "site")
    finally:
        if output.exists():
            shutil.rmtree(output, ignore_errors=True)
    return Built(checked, result.output, rendered.rendered, rendered.reused)
