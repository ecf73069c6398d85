"""Translation files as the browser editor writes them: with Decap's `i18n: multiple_files`
every language has its own file, the first language's too (`story.en.md`), so the loader
takes `<stem>.<first language>.md` as the story itself when there is no `<stem>.md`."""

from __future__ import annotations

from pathlib import Path

from site_builder.model import load

from .conftest import STORY_PATH, VALID_STORY, make_root, write

LANGUAGES = ("en", "vi")
VI = """\
---
title: "Tết ở tổng đài"
summary: Ca đêm đã trả lời mọi cuộc gọi của khách hàng trong dịp Tết.
---

@mai: Khách hàng đầu tiên của chúng tôi là các bạn nghe máy.
"""


def _editor_root(tmp_path: Path) -> Path:
    """The minimal root with its story renamed `tet-night-shift.en.md`, as Decap writes it."""
    root = make_root(tmp_path)
    (root / STORY_PATH).rename(root / STORY_PATH.replace(".md", ".en.md"))
    return root


def test_the_first_language_file_alone_is_the_story_at_its_plain_address(tmp_path: Path) -> None:
    root = _editor_root(tmp_path)
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    assert [s.slug for s in site.all_stories] == ["tet-night-shift"]


def test_a_translation_beside_the_first_language_file_belongs_to_it(tmp_path: Path) -> None:
    root = _editor_root(tmp_path)
    write(root, "stories/2025/tet-night-shift.vi.md", VI)
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    story = site.all_stories[0]
    assert story.translations["vi"].title == "Tết ở tổng đài"


def test_the_story_twice_in_the_first_language_is_an_error_that_says_which_to_keep(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, STORY_PATH.replace(".md", ".en.md"), VALID_STORY)
    site, problems = load(root, languages=LANGUAGES)
    errors = [p for p in problems if p.severity == "error"]
    assert [p.path for p in errors] == ["stories/2025/tet-night-shift.en.md"]
    assert "both the story in 'en'" in errors[0].message and "keep one" in errors[0].hint
    assert [s.slug for s in site.all_stories] == ["tet-night-shift"]
