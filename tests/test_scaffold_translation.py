"""`site-builder new story --lang LANGUAGE --from SLUG`: a translation scaffold beside the story
(issue 23), its texts marked TODO and its body copied to translate; it validates as written
(warnings for the TODOs), and each refusal is one line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import STORY_PATH, make_root, write
from .sitetools import site_builder

TRANSLATION = "stories/2025/tet-night-shift.vi.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Stories\nextra:\n  site_builder:\n    languages: [en, vi]\n")
    return root


def translate(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return site_builder("new", "story", "--root", str(root), *args)


def test_the_translation_holds_the_texts_to_translate_and_the_body(root: Path) -> None:
    done = translate(root, "--lang", "vi", "--from", "tet-night-shift")
    assert done.returncode == 0, done.stdout
    text = (root / TRANSLATION).read_text(encoding="utf-8")
    front, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    assert 'title: "TODO: translate: Tết at the call centre"' in front
    assert 'summary: "TODO: translate: How the night shift' in front
    assert [line.split(":")[0] for line in front.splitlines() if not line.startswith("#")] == ["title", "summary"]
    assert body.strip() == (root / STORY_PATH).read_text(encoding="utf-8").split("---\n", 2)[2].strip()


def test_the_translation_validates_with_a_warning_for_each_todo(root: Path) -> None:
    translate(root, "--lang", "vi", "--from", "tet-night-shift")
    checked = site_builder("validate", "--root", str(root))
    assert checked.returncode == 0, checked.stdout
    assert f"{TRANSLATION}:" in checked.stdout and "the title still starts with TODO" in checked.stdout


def test_beside_a_story_the_browser_editor_wrote_it_is_named_after_the_story(root: Path) -> None:
    (root / STORY_PATH).rename(root / "stories/2025/tet-night-shift.en.md")
    done = translate(root, "--lang", "vi", "--from", "tet-night-shift")
    assert done.returncode == 0, done.stdout
    assert (root / TRANSLATION).is_file()


@pytest.mark.parametrize(("args", "says"), [
    (["--lang", "vi", "--from", "no-such-story"], "no story has the address /stories/no-such-story/"),
    (["--lang", "fr", "--from", "tet-night-shift"], "'fr' is not one of the site's languages (en, vi)"),
    (["--lang", "en", "--from", "tet-night-shift"], "is already written in 'en'"),
    (["--lang", "vi"], "a translation needs both --lang LANGUAGE and --from SLUG"),
])
def test_a_translation_that_cannot_be_is_refused_in_one_line(root: Path, args: list[str], says: str) -> None:
    done = translate(root, *args)
    assert done.returncode == 2
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("error: ") and says in done.stdout
    assert not (root / TRANSLATION).exists()


def test_an_existing_translation_is_never_replaced(root: Path) -> None:
    write(root, TRANSLATION, '---\ntitle: "Tết ở tổng đài"\n---\n')
    done = translate(root, "--lang", "vi", "--from", "tet-night-shift")
    assert done.returncode == 2 and "tet-night-shift.vi.md is already there" in done.stdout
    assert (root / TRANSLATION).read_text(encoding="utf-8") == '---\ntitle: "Tết ở tổng đài"\n---\n'
