"""Nothing outside the content root is read or published (issue 20).

A pull request can add symbolic links and edit `mkdocs.yml`. Each test plants a secret outside
the root, links to it the way an attacker would, and checks that `validate` names the link at
its path, that `build` stops before writing `site/`, and that the secret is nowhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.model.containment import OutsideRoot, Root
from site_builder.pages.stage import root_assets

from .conftest import STORY_PATH, VALID_STORY, run_cli, write

SECRET = "Q7-SECRET-OUTSIDE-THE-ROOT"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the root, holding what CI could read but must never publish."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "notes.txt").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def assert_refused(root: Path, where: str) -> None:
    """`validate` reports the link at `where` and `build` writes nothing at all."""
    code, out = run_cli("validate", "--root", root)
    assert code == 1, out
    kind = "folder" if (root / where).is_dir() else "file"
    assert f"{where}:1: {where} is a symbolic link to a {kind} outside the content root" in out, out
    assert "Traceback" not in out
    code, out = run_cli("build", "--root", root)
    assert code == 1, out
    assert not (root / "site").exists()
    assert SECRET not in out


def test_an_asset_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "notes.txt").symlink_to(outside / "notes.txt")
    assert_refused(root, "assets/notes.txt")


def test_an_assets_folder_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    (root / "assets").symlink_to(outside)
    assert_refused(root, "assets")


def test_a_story_linked_from_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    story = VALID_STORY.replace("title:", f"title: {SECRET} #", 1)
    (outside / "leak.md").write_text(story, encoding="utf-8")
    (root / "stories" / "2025" / "leak.md").symlink_to(outside / "leak.md")
    assert_refused(root, "stories/2025/leak.md")


def test_a_stories_folder_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    (outside / "2024").mkdir()
    (root / "stories" / "2024").symlink_to(outside / "2024")
    assert_refused(root, "stories/2024")


def test_a_people_folder_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    people = root / "content" / "people"
    people.rename(outside / "people")
    people.symlink_to(outside / "people")
    assert_refused(root, "content/people")


def test_a_person_file_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    (outside / "ghost.yml").write_text(f"name: {SECRET}\n", encoding="utf-8")
    (root / "content" / "people" / "ghost.yml").symlink_to(outside / "ghost.yml")
    assert_refused(root, "content/people/ghost.yml")


def test_a_content_list_linked_outside_the_root_is_refused(root: Path, outside: Path) -> None:
    principles = root / "content" / "principles.yml"
    principles.rename(outside / "principles.yml")
    principles.symlink_to(outside / "principles.yml")
    assert_refused(root, "content/principles.yml")


def test_a_cover_linked_outside_the_root_is_refused(root: Path, outside: Path, tmp_path: Path) -> None:
    story = root / STORY_PATH
    (story.parent / "cover.png").symlink_to(outside / "notes.txt")
    text = story.read_text(encoding="utf-8").replace("title:", "cover: cover.png\ncover_alt: A team\ntitle:", 1)
    story.write_text(text, encoding="utf-8")
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "'cover' 'cover.png' points outside the content root" in out, out


def test_mkdocs_yml_linked_outside_the_root_is_never_read(root: Path, outside: Path) -> None:
    (outside / "mkdocs.yml").write_text(f"site_name: {SECRET}\n", encoding="utf-8")
    (root / "mkdocs.yml").unlink(missing_ok=True)
    (root / "mkdocs.yml").symlink_to(outside / "mkdocs.yml")
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "mkdocs.yml:1: mkdocs.yml is a symbolic link to a file outside the content root" in out, out
    assert SECRET not in out


def test_links_that_stay_inside_the_root_are_published(root: Path) -> None:
    write(root, "assets/team/real.txt", "shared notes\n")
    os.symlink("team/real.txt", root / "assets" / "alias.txt")
    (root / "assets" / "again").symlink_to(root / "assets" / "team", target_is_directory=True)
    code, out = run_cli("build", "--root", root)
    assert code == 0, out
    assert (root / "site" / "assets" / "alias.txt").read_text(encoding="utf-8") == "shared notes\n"
    assert (root / "site" / "assets" / "again" / "real.txt").is_file()


def test_a_link_loop_is_reported_not_followed(root: Path) -> None:
    (root / "stories" / "2025" / "loop.md").symlink_to(root / "stories" / "2025" / "loop.md")
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "stories/2025/loop.md:1: stories/2025/loop.md is a symbolic link that cannot be followed" in out, out


def test_a_folder_linked_to_its_parent_is_walked_once(root: Path) -> None:
    (root / "stories" / "2025" / "again").symlink_to(root / "stories", target_is_directory=True)
    code, out = run_cli("validate", "--root", root)
    assert code == 0, out  # each story is read once, not again through the link, and not forever
    assert "OK: 1 stories published" in out


def test_the_build_refuses_a_link_made_after_validation(root: Path, outside: Path) -> None:
    """The stage reads assets through the same owner: it never follows a link out, even one
    that appeared between validation and the build."""
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "late.txt").symlink_to(outside / "notes.txt")
    with pytest.raises(OutsideRoot, match="assets/late.txt"):
        root_assets(root)


def test_a_path_with_dots_that_ends_outside_is_outside(root: Path) -> None:
    contained = Root.of(root)
    assert contained.escape(root / "content" / ".." / ".." / "x") == "is outside the content root"
    assert contained.escape(root / "content" / ".." / "stories") is None


@pytest.mark.parametrize("setting, message", [
    ('site_name: !!python/object/apply:os.system ["touch {marker}"]',
     "mkdocs.yml:1: the YAML tag !!python/object/apply:os.system is not allowed in mkdocs.yml"),
    ("site_name: !ENV [GITHUB_TOKEN, Stories]", "mkdocs.yml:1: the YAML tag !ENV is not allowed"),
    ("site_name: Stories\nhooks:\n  - evil.py", "mkdocs.yml:2: 'hooks:' would run Python files"),
    ("site_name: Stories\ntheme:\n  logo: ../../outside/logo.png",
     "mkdocs.yml:3: theme 'logo' '../../outside/logo.png' is outside the content root"),
    ("site_name: Stories\nmarkdown_extensions:\n  - toc\n  - subprocess:Popen:\n      args: [touch, '{marker}']",
     "mkdocs.yml:4: the Markdown extension 'subprocess:Popen' is not allowed in mkdocs.yml"),
    ("site_name: Stories\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [/]",
     "mkdocs.yml:3: the Markdown extension 'pymdownx.snippets' is not allowed"),
    ("site_name: Stories\nplugins:\n  - search\n  - material/projects:\n      projects_dir: /",
     "mkdocs.yml:4: the plugin 'material/projects' is not used by site-builder"),
    ("site_name: Stories\nextra_javascript:\n  - assets/track.js",
     "mkdocs.yml:2: 'extra_javascript' would put a script from the content repository on every page"),
    ("site_name: Stories\nextra_css:\n  - https://cdn.example.com/brand.css",
     "mkdocs.yml:2: extra_css 'https://cdn.example.com/brand.css' must be a stylesheet in the site's assets/"),
])
def test_mkdocs_yml_cannot_run_code_or_read_outside(root: Path, tmp_path: Path, setting: str, message: str) -> None:
    marker = tmp_path / "ran"
    write(root, "evil.py", f"open({str(marker)!r}, 'w').write('ran')\n")
    (root / "mkdocs.yml").write_text(setting.format(marker=marker) + "\n", encoding="utf-8")
    for command in ("validate", "build"):
        code, out = run_cli(command, "--root", root)
        assert code == 1, out
        assert message in out, out
    assert not marker.exists()
    assert not (root / "site").exists()


# -- commands that write into the root never write through a link out of it ---------------------

TRANSCRIPT = """The night shift's coffee

Interviewer: What keeps the team awake at three in the morning?

Mai: Strong coffee, and the customers who call us at that hour.

Interviewer: And what do you say to a new colleague?

Mai: Ask every question twice; nobody minds.
"""


def test_import_never_writes_through_a_link_out_of_the_root(root: Path, outside: Path, tmp_path: Path) -> None:
    (root / "stories" / "2026").symlink_to(outside, target_is_directory=True)
    transcript = tmp_path / "night-shift.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    before = sorted(p.name for p in outside.iterdir())
    code, out = run_cli("import", transcript, "--root", root, "--date", "2026-03-02")
    assert code == 2, out
    assert "is inside stories/2026, a symbolic link to a folder outside the content root; nothing was written" in out, out
    assert sorted(p.name for p in outside.iterdir()) == before


def test_new_story_never_writes_through_a_link_out_of_the_root(root: Path, outside: Path) -> None:
    (root / "stories" / "2026").symlink_to(outside, target_is_directory=True)
    code, out = run_cli("new", "story", "--root", root, "--title", "Night shift", "--kind", "practice",
                        "--principles", "customer-obsession", "--date", "2026-03-02")
    assert code != 0, out
    assert ("stories/2026/night-shift.md is inside stories/2026, a symbolic link to a folder outside the "
            "content root; nothing was written") in out, out
    assert "Traceback" not in out
    assert [p.name for p in outside.iterdir()] == ["notes.txt"]


def test_publish_never_follows_a_link_out_of_the_built_site(tmp_path: Path, outside: Path) -> None:
    """`publish` copies `site/`; a link there (planted, not built) must not carry a file out."""
    root = tmp_path / "root"
    (root / "site" / "assets").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (root / "site" / "assets" / "notes.txt").symlink_to(outside / "notes.txt")
    code, out = run_cli("publish", "--to", tmp_path / "srv", "--root", root)
    assert code == 1, out
    assert "assets/notes.txt is a symbolic link to a file outside the content root; nothing was published" in out, out
    assert not (tmp_path / "srv" / "current").exists()
    assert SECRET not in "".join(p.read_text(errors="replace") for p in (tmp_path / "srv").rglob("*") if p.is_file())


def test_a_content_folder_linked_outside_the_root_is_one_error_and_never_read(root: Path, outside: Path) -> None:
    content = root / "content"
    content.rename(outside / "content")
    content.symlink_to(outside / "content", target_is_directory=True)
    (outside / "content" / "people" / "ghost.yml").write_text(f"name: {SECRET}\n", encoding="utf-8")
    assert_refused(root, "content")
    code, out = run_cli("validate", "--root", root)
    assert sum(line.startswith("content") for line in out.splitlines()) == 1, out
