"""The live preview keeps what it loaded (`StoryCache`) between saves of a story: what it then
reports and shows must be exactly what a fresh look at the root gives."""

from __future__ import annotations

import os
import time
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


def _settled(folder: Path) -> None:
    """The folder as if last changed a minute ago: its listing is then kept between looks."""
    os.utime(folder, (time.time() - 60, time.time() - 60))


def _slugs(root: Path, cache: StoryCache) -> list[str]:
    return sorted(story.slug for story in check(root, preview=True, cache=cache).site.all_stories)


def test_a_story_added_to_a_kept_folder_is_found_at_once(root: Path) -> None:
    _settled(root / "stories/2025")
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    (root / "stories/2025/second.md").write_text(
        (root / STORY).read_text(encoding="utf-8").replace("Tết at the call centre", "A second story"),
        encoding="utf-8")
    assert _slugs(root, cache) == _slugs(root, StoryCache()) and "second" in _slugs(root, cache)


def test_a_story_removed_from_a_kept_folder_is_gone_at_once(root: Path) -> None:
    (root / "stories/2025/second.md").write_text((root / STORY).read_text(encoding="utf-8"), encoding="utf-8")
    _settled(root / "stories/2025")
    cache = StoryCache()
    assert "second" in _slugs(root, cache)
    (root / "stories/2025/second.md").unlink()
    assert "second" not in _slugs(root, cache)


def test_a_story_added_right_after_a_look_is_found_the_next_time(root: Path) -> None:
    """A folder changed twice within the file system's clock tick keeps its time: a folder
    changed just before it was listed is listed again."""
    os.utime(root / "stories/2025")  # the folder was written a moment ago
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    before = os.stat(root / "stories/2025")
    (root / "stories/2025/second.md").write_text((root / STORY).read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(root / "stories/2025", ns=(before.st_atime_ns, before.st_mtime_ns))  # as if the clock had not moved
    assert "second" in _slugs(root, cache)


def test_a_story_replaced_by_a_link_outside_the_root_is_refused_in_a_kept_folder(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text((root / STORY).read_text(encoding="utf-8"), encoding="utf-8")
    _settled(root / "stories/2025")
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    (root / STORY).unlink()
    (root / STORY).symlink_to(outside)
    kept = check(root, preview=True, cache=cache)
    assert any(p.path == STORY and "outside the content root" in p.message for p in kept.problems), kept.problems


# The preview's watcher tells the cache which files changed (`tell`); only those are read again.

def _told_save(root: Path, cache: StoryCache, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")
    cache.tell({(root / rel).as_posix()})


def test_a_told_edit_is_what_a_fresh_look_finds(root: Path) -> None:
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    _told_save(root, cache, STORY, (root / STORY).read_text(encoding="utf-8") + "\nA line added in the editor.\n")
    kept = check(root, preview=True, cache=cache)
    fresh = check(root, preview=True)
    assert [s.body for s in kept.site.all_stories] == [s.body for s in fresh.site.all_stories]
    assert any("A line added in the editor." in s.body for s in kept.site.all_stories)


def test_a_told_mistake_is_reported_and_a_told_fix_clears_it(root: Path) -> None:
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    good = (root / STORY).read_text(encoding="utf-8")
    _told_save(root, cache, STORY, good.replace("date:", "date: not a date\nwas_date:", 1))
    assert any(p.path == STORY for p in check(root, preview=True, cache=cache).errors)
    _told_save(root, cache, STORY, good)
    assert check(root, preview=True, cache=cache).problems == check(root, preview=True).problems


def test_a_told_new_story_is_found(root: Path) -> None:
    _settled(root / "stories/2025")
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    _told_save(root, cache, "stories/2025/second.md",
               (root / STORY).read_text(encoding="utf-8").replace("Tết at the call centre", "A second story"))
    assert "second" in _slugs(root, cache)


def test_a_told_removal_is_gone(root: Path) -> None:
    (root / "stories/2025/second.md").write_text((root / STORY).read_text(encoding="utf-8"), encoding="utf-8")
    _settled(root / "stories/2025")
    cache = StoryCache()
    assert "second" in _slugs(root, cache)
    (root / "stories/2025/second.md").unlink()
    cache.tell({(root / "stories/2025/second.md").as_posix()})
    assert "second" not in _slugs(root, cache)


def test_a_load_not_told_still_looks_at_every_story(root: Path) -> None:
    other = "stories/2025/second.md"
    (root / other).write_text((root / STORY).read_text(encoding="utf-8"), encoding="utf-8")
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    _told_save(root, cache, STORY, (root / STORY).read_text(encoding="utf-8") + "\nTold line.\n")
    check(root, preview=True, cache=cache)  # uses up what it was told
    (root / other).write_text((root / other).read_text(encoding="utf-8") + "\nUntold line.\n", encoding="utf-8")
    assert any("Untold line." in s.body for s in check(root, preview=True, cache=cache).site.all_stories)


def test_a_link_in_stories_re_pointed_outside_the_root_is_refused_even_when_told(root: Path, tmp_path: Path) -> None:
    """Where a link points can change without its folder changing: with a link among the
    stories, the walk is made again on every load, and the link judged."""
    inside = root / "drafts/linked.md"
    inside.parent.mkdir()
    inside.write_text((root / STORY).read_text(encoding="utf-8").replace("Tết at the call centre", "Linked"),
                      encoding="utf-8")
    link = root / "stories/2025/linked.md"
    link.symlink_to(inside)
    _settled(root / "stories/2025")
    cache = StoryCache()
    assert not check(root, preview=True, cache=cache).errors
    outside = tmp_path / "outside.md"
    outside.write_text(inside.read_text(encoding="utf-8"), encoding="utf-8")
    link.unlink()
    link.symlink_to(outside)
    _settled(root / "stories/2025")
    cache.tell({link.as_posix()})
    kept = check(root, preview=True, cache=cache)
    assert any(p.path == "stories/2025/linked.md" and "outside the content root" in p.message
               for p in kept.problems), kept.problems


def test_a_story_saved_in_the_same_clock_tick_with_the_same_size_is_read_again(root: Path) -> None:
    """Editors' tools save by writing a new file and renaming it over the old one. A title
    changed letter for letter, in the tick the last save was made in, leaves the size and the
    time as they were; the new file is still seen as new."""
    story = root / STORY
    cache = StoryCache()
    check(root, preview=True, cache=cache)
    before = story.stat()
    saved = story.with_name("saved.tmp")
    saved.write_text(story.read_text(encoding="utf-8").replace("Tết at the call centre", "Tết at the call center"),
                     encoding="utf-8")
    os.utime(saved, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(saved, story)
    assert story.stat().st_size == before.st_size and story.stat().st_mtime_ns == before.st_mtime_ns
    titles = {s.slug: s.title for s in check(root, preview=True, cache=cache).site.all_stories}
    assert titles["tet-night-shift"] == "Tết at the call center"
