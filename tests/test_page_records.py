"""A rebuild keeps the staged pages whose inputs did not change, and stages exactly what a fresh
staging would, whatever was edited.

Each case edits a generated archive after a first staging, stages it again (pages kept by their
records), and compares every staged file with a fresh staging of the same content in a new
folder. The edits are the ones a pull request makes: a story's text, its title, date, people,
tags, cover or state; a person, a principle, a portrait, the site's name; a story removed; an
embargo lifting with the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image

from bench.corpus import generate, translate
from site_builder.pages import stage as stage_module
from site_builder.pipeline import pipeline
from site_builder.validation import check

STORIES = 100
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


def staged(root: Path, now: dt.datetime = NOW, jobs: int = 1) -> tuple[dict[str, bytes], int]:
    """Every staged file of `root` at `now`, and how many pages were rendered (not kept)."""
    checked = check(root)
    assert checked.ok and checked.project is not None, checked.problems
    site = dataclasses.replace(checked.site, now=now)
    rendered = 0
    real_render = stage_module.Generator.render

    def counting(self: stage_module.Generator, page: stage_module.Page) -> object:
        nonlocal rendered
        rendered += 1
        return real_render(self, page)

    stage_module.Generator.render = counting  # type: ignore[method-assign]
    try:
        pipeline.stage_site(checked.project, site, pipeline.engine_settings(checked.project, site, root / "out"), jobs)
    finally:
        stage_module.Generator.render = real_render  # type: ignore[method-assign]
    docs = checked.project.paths.staged_docs
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}, rendered


def fresh(root: Path, tmp_path: Path, now: dt.datetime = NOW) -> dict[str, bytes]:
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".site-builder", "site"))
    return staged(copy, now)[0]


def stories(root: Path) -> list[Path]:
    return sorted((root / "stories").rglob("*.md"))


def edit_front(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    change(meta)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "PNG")
    return buffer.getvalue()


def with_pictures(root: Path) -> Path:
    """Give the archive a cover on one story and a portrait on one of its people."""
    story = stories(root)[3]
    (story.parent / "cover.png").write_bytes(png((200, 40, 40)))
    edit_front(story, lambda meta: meta.update(cover="cover.png", cover_alt="A red wall"))
    person_id = yaml.safe_load(story.read_text(encoding="utf-8").split("---\n", 2)[1])["people"][0]
    person = root / f"content/people/{person_id}.yml"
    (root / "content/people/photos").mkdir(parents=True, exist_ok=True)
    (root / "content/people/photos/face.png").write_bytes(png((40, 200, 40)))
    person.write_text(person.read_text(encoding="utf-8") + "photo: photos/face.png\nphoto_alt: Smiling\n"
                      "photo_consent: true\n", encoding="utf-8")
    return root


def add_text(root: Path) -> None:
    story = stories(root)[10]
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more sentence for the rebuild.\n", encoding="utf-8")


def retitle(root: Path) -> None:
    edit_front(stories(root)[11], lambda meta: meta.update(title="A title changed after the first build"))


def redate(root: Path) -> None:
    edit_front(stories(root)[12], lambda meta: meta.update(date=dt.date(2016, 1, 2)))


def another_person(root: Path) -> None:
    def change(meta: dict[str, object]) -> None:
        people = list(meta.get("people") or [])
        candidates = sorted(p.stem for p in (root / "content/people").glob("*.yml"))
        meta["people"] = people + [next(p for p in candidates if p not in people)]
    edit_front(stories(root)[13], change)


def retag(root: Path) -> None:
    """Three stories spell a tag one way and two another: the site's spelling flips with one edit."""
    for index, spelling in enumerate(["Lantern Crew", "Lantern Crew", "lantern crew", "lantern crew", "lantern crew"]):
        edit_front(stories(root)[20 + index], lambda meta, s=spelling: meta.update(tags=[s]))


def flip_tag(root: Path) -> None:
    edit_front(stories(root)[22], lambda meta: meta.update(tags=["Lantern Crew"]))


def make_draft(root: Path) -> None:
    edit_front(stories(root)[14], lambda meta: meta.update(draft=True))


def remove_story(root: Path) -> None:
    stories(root)[15].unlink()


def rename_person(root: Path) -> None:
    person_id = yaml.safe_load(stories(root)[16].read_text(encoding="utf-8").split("---\n", 2)[1])["people"][0]
    path = root / f"content/people/{person_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["role"] = "Head of a team renamed after the first build"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rename_principle(root: Path) -> None:
    path = root / "content/principles.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Stay Curious", "Stay Curious Always", 1), encoding="utf-8")


def new_cover(root: Path) -> None:
    (stories(root)[3].parent / "cover.png").write_bytes(png((40, 40, 200)))


def new_portrait(root: Path) -> None:
    (root / "content/people/photos/face.png").write_bytes(png((200, 200, 40)))


def rename_site(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_name: Renamed", 1)
                      if "site_name:" in config.read_text(encoding="utf-8")
                      else config.read_text(encoding="utf-8") + "site_name: Renamed Stories\n", encoding="utf-8")


EDITS = [add_text, retitle, redate, another_person, flip_tag, make_draft, remove_story, rename_person,
         rename_principle, new_cover, new_portrait, rename_site]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("records") / "root"
    generate(STORIES, root)
    with_pictures(root)
    retag(root)
    return root


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_a_restaging_after_an_edit_equals_a_fresh_one(archive: Path, tmp_path: Path,
                                                      edit: Callable[[Path], None]) -> None:
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    staged(root)
    edit(root)
    again, _ = staged(root)
    assert again == fresh(root, tmp_path)


def test_an_edited_text_renders_its_story_page_and_no_other_story_page(archive: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    _, first = staged(root)
    add_text(root)
    _, second = staged(root)
    # the story's own page, and the listings (rendered each time they are not kept) that list it
    assert first > STORIES and second < 40, (first, second)


def test_an_embargo_lifting_with_the_clock_publishes_the_story_everywhere(archive: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    edit_front(stories(root)[17], lambda meta: meta.update(publish_on="2026-07-01T09:00:00+07:00"))
    before, _ = staged(root, NOW)
    later = NOW + dt.timedelta(days=60)
    after, _ = staged(root, later)
    assert after != before
    assert after == fresh(root, tmp_path, later)


def test_two_languages_and_page_workers_keep_and_render_the_same_pages(archive: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    translate(root)
    monkeypatch.setattr(stage_module, "MIN_PAGES_PER_WORKER", 20)  # forked workers even for a small archive
    staged(root, jobs=2)
    retitle(root)
    again, _ = staged(root, jobs=2)
    assert any(path.startswith("vi/") for path in again)
    assert again == fresh(root, tmp_path)


def test_a_staged_page_changed_by_hand_is_rendered_again(archive: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    first, _ = staged(root)
    docs = root / ".site-builder/cache/staging/docs"
    page = next(path for path in sorted(first) if path.startswith("stories/") and path.endswith(".md")
                and path.count("/") == 1 and path != "stories/index.md")
    (docs / page).write_text("changed by hand\n", encoding="utf-8")
    again, _ = staged(root)
    assert again[page] == first[page]


def test_a_fresh_checkout_with_the_kept_cache_renders_only_the_edited_page(archive: Path, tmp_path: Path) -> None:
    """CI checks the repository out anew and restores `.site-builder/cache` from its cache:
    every staged file is then a copy, with a stamp of its own."""
    root = tmp_path / "root"
    shutil.copytree(archive, root)
    staged(root)
    checkout = tmp_path / "checkout"
    shutil.copytree(root, checkout, ignore=shutil.ignore_patterns(".site-builder", "site"))
    shutil.copytree(root / ".site-builder/cache", checkout / ".site-builder/cache")  # copies: new inodes
    add_text(checkout)
    again, rendered = staged(checkout)
    assert rendered < 40, rendered
    assert again == fresh(checkout, tmp_path)
