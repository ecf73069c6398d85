"""A rebuild re-indexes only the search parts that hold changed pages, and the index it
publishes is the one a clean build makes, byte for byte. The sample is indexed in parts of
about 7 pages (`SITE_BUILDER_SEARCH_PART_PAGES`), so it has several."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.paths import Paths
from site_builder.search import pagefind

from .sitetools import copy_sample

PER_PART = "7"
STORY = "stories/2024/customer-hero-truong-van-phuc.md"


def build(root: Path) -> str:
    env = os.environ | {"SITE_BUILDER_SEARCH_PART_PAGES": PER_PART}
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--timings"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def parts(root: Path) -> set[str]:
    return {folder.name for folder in Paths(root).search_parts.iterdir()}


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], set[str], str]:
    """The sample built, one story's body edited, built again: the root, its parts before and
    after, and what the rebuild's `--timings` said."""
    root = copy_sample(tmp_path_factory.mktemp("rebuild"))
    build(root)
    before = parts(root)
    story = root / STORY
    text = story.read_text(encoding="utf-8")
    assert "Over three weeks" in text
    story.write_text(text.replace("Over three weeks", "Over three long weeks"), encoding="utf-8")
    timings = build(root)
    return root, before, parts(root), timings


def test_a_rebuild_after_one_edited_story_runs_pagefind_on_its_part_only(rebuilt) -> None:  # type: ignore[no-untyped-def]
    _, before, after, timings = rebuilt
    assert len(before) > 3
    assert len(after - before) == 1  # the edited story's part, made anew
    assert len(before - after) == 1  # and the one it replaces, dropped
    line = next(line for line in timings.splitlines() if line.startswith("search index: Pagefind"))
    assert f"1 of {len(after)} parts indexed" in line


def test_the_rebuilt_site_equals_a_clean_build_byte_for_byte(rebuilt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = rebuilt[0]
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".site-builder", "site"))
    build(clean)
    assert "long weeks" in (root / "site/stories/customer-hero-truong-van-phuc/index.html").read_text(encoding="utf-8")
    rebuilt_files, clean_files = files(root / "site"), files(clean / "site")
    assert sorted(rebuilt_files) == sorted(clean_files)
    assert [rel for rel in clean_files if rebuilt_files[rel] != clean_files[rel]] == []


def test_a_part_a_killed_build_left_half_made_is_not_used(tmp_path: Path) -> None:
    """A part is made in a folder of its own and renamed into place when whole; what a killed
    build leaves is removed, and the index is the same."""
    root = copy_sample(tmp_path / "root")
    build(root)
    index = files(root / "site/pagefind")
    half = Paths(root).search_parts / ".new-killed"
    (half / "bundle").mkdir(parents=True)
    (half / "bundle/pagefind-entry.json").write_text("{", encoding="utf-8")
    build(root)
    assert not half.exists()
    assert files(root / "site/pagefind") == index


def test_a_damaged_cached_part_is_made_anew(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "root")
    build(root)
    index = files(root / "site/pagefind")
    damaged = sorted(Paths(root).search_parts.iterdir())[0]
    (damaged / "prepared/prepared.marshal").write_bytes(b"\x00")
    build(root)
    assert files(root / "site/pagefind") == index


def test_parts_from_a_machine_that_lists_pages_in_another_order_are_made_anew(
        built_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind numbers pages in the order the file system lists them, so a cache CI restored
    from another machine must not mix its parts with parts made here."""
    slim = Paths(built_sample).cache / "search-input"
    pages = sorted(path.relative_to(slim).as_posix() for path in slim.rglob("*.html"))
    monkeypatch.setenv("SITE_BUILDER_SEARCH_PART_PAGES", PER_PART)

    def indexed() -> tuple[int, int]:
        indexing = pagefind.Indexing(slim, pages, tmp_path / "site", tmp_path, tmp_path / "parts")
        code, output = indexing.start().wait()
        assert code == 0, output
        return len(indexing.indexed), len(indexing.parts)

    made, count = indexed()
    assert made == count > 3
    assert indexed() == (0, count)
    monkeypatch.setattr(pagefind, "_reading_order", lambda folder: "another machine's order")
    assert indexed() == (count, count)


def test_a_searched_page_changed_in_place_is_indexed_again(built_sample: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild reads again only the slim pages whose size, time or inode changed; one changed
    in place (the same file) is still read again, and its part indexed again."""
    slim = tmp_path / "slim"
    shutil.copytree(Paths(built_sample).cache / "search-input", slim)
    pages = sorted(path.relative_to(slim).as_posix() for path in slim.rglob("*.html"))
    monkeypatch.setenv("SITE_BUILDER_SEARCH_PART_PAGES", PER_PART)

    def indexed() -> int:
        indexing = pagefind.Indexing(slim, pages, tmp_path / "site", tmp_path, tmp_path / "parts")
        code, output = indexing.start().wait()
        assert code == 0, output
        return len(indexing.indexed)

    assert indexed() > 3
    assert indexed() == 0
    page = slim / next(rel for rel in pages if rel.startswith("stories/"))
    with page.open("r+", encoding="utf-8") as same_file:
        text = same_file.read()
        same_file.seek(0)
        same_file.write(text.replace("<body>", "<body><p>Written in place</p>", 1))
    assert indexed() == 1


def test_a_fault_in_the_indexing_thread_fails_the_index_instead_of_leaving_none(
        built_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong beside the render, the build hears of it: a site is never published
    without its search index."""
    slim = Paths(built_sample).cache / "search-input"
    pages = sorted(path.relative_to(slim).as_posix() for path in slim.rglob("*.html"))

    def broken(self: pagefind.Indexing, merging: object) -> None:
        raise TypeError("a mistake in the merge's code")

    monkeypatch.setattr(pagefind.Indexing, "_finish_merge", broken)
    indexing = pagefind.Indexing(slim, pages, tmp_path / "site", tmp_path, tmp_path / "parts")
    with pytest.raises(pagefind.IndexFormatError, match="a mistake in the merge's code"):
        indexing.start().wait()
    assert not [process for process in indexing.processes if process.poll() is None]
