"""The live preview keeps what it loaded (`StoryCache`) between saves of a story: what it then
reports and shows must be exactly what a fresh look at the root gives."""

from __future__ import annotations

from pathlib import Path

from site_builder.model import StoryCache
from site_builder.validation import check

from .conftest import make_root

STORY = "stories/2025/tet-night-shift.md"


def fresh_and_kept(root: Path, cache: StoryCache) -> tuple[object, object]:
    fresh, kept = check(root, preview=True), check(root, preview=True, cache=cache)
    return ((fresh.site.people, fresh.site.principles, fresh.site.departments, fresh.site.awards, fresh.problems),
            (kept.site.people, kept.site.principles, kept.site.departments, kept.site.awards, kept.problems))


def test_a_mistake_in_a_person_file_is_still_reported_after_a_story_is_saved(root: Path) -> None:
    person = root / "content/people/le-van-hung.yml"
    person.write_text(person.read_text(encoding="utf-8") + "favourite_colour: green\n", encoding="utf-8")
    cache = StoryCache()
    first = check(root, preview=True, cache=cache)
    assert any(p.path == "content/people/le-van-hung.yml" for p in first.problems), first.problems
    story = root / STORY
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    fresh, kept = fresh_and_kept(root, cache)
    assert kept == fresh


def test_the_people_the_preview_keeps_are_those_a_fresh_look_finds(root: Path) -> None:
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    fresh, kept = fresh_and_kept(root, cache)
    assert kept == fresh


def test_an_edited_person_file_is_read_again_once_the_cache_is_emptied(root: Path) -> None:
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    person = root / "content/people/le-van-hung.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("Lê Văn Hùng", "Lê Văn Hưng"), encoding="utf-8")
    cache.clear()  # what the preview does when anything but a story changes
    kept = check(root, preview=True, cache=cache)
    assert kept.site.people["le-van-hung"].name == "Lê Văn Hưng"
