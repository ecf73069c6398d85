"""The browser editor on a site with two languages (issue 23): Decap's i18n settings on the
stories collection (one file per language, `<slug>.<language>.md`), only a translation's fields
translatable, names/summaries/roles as one text per language that round-trip `{en: ..., vi: ...}`
and plain text, and the local backend saving the files Decap writes, which then validate."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from site_builder.cms.config import cms_config, dump
from site_builder.cms.local_backend import LocalBackend
from site_builder.model import load

from .conftest import STORY_PATH, VALID_STORY, make_root, write

LANGUAGES = ("en", "vi")
CMS_DIR = Path(__file__).resolve().parents[1] / "site_builder" / "cms"


def collection(config: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in config["collections"] if c["name"] == name)


def test_one_language_has_no_i18n_settings() -> None:
    config = cms_config({})
    assert "i18n" not in config and "i18n" not in collection(config, "stories")
    assert all("i18n" not in f for f in collection(config, "stories")["fields"])


def test_two_languages_give_decaps_one_file_per_language_on_stories() -> None:
    config = cms_config({}, languages=LANGUAGES)
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "vi"], "default_locale": "en"}
    assert collection(config, "stories")["i18n"] is True
    assert "i18n" not in collection(config, "people")


def test_only_what_a_translation_may_hold_is_translatable() -> None:
    stories = collection(cms_config({}, languages=LANGUAGES), "stories")
    translatable = {f["name"] for f in stories["fields"] if f["i18n"] is True}
    assert translatable == {"title", "summary", "cover_alt", "body"}
    assert all(f["i18n"] is False for f in stories["fields"] if f["name"] not in translatable)


def test_names_are_one_text_per_language_the_first_required() -> None:
    principles = collection(cms_config({}, languages=LANGUAGES), "principles")
    [items] = principles["files"][0]["fields"]
    name = next(f for f in items["fields"] if f["name"] == "name")
    assert name["widget"] == "object" and name["words"] is True
    assert [(f["name"], f["required"]) for f in name["fields"]] == [("en", True), ("vi", False)]


@pytest.mark.parametrize(("fmt", "text", "read", "written"), [
    ("site-builder-list", "- id: a\n  name: {en: Ownership, vi: Làm chủ}\n  summary: One text.\n",
     {"items": [{"id": "a", "name": {"en": "Ownership", "vi": "Làm chủ"}, "summary": {"en": "One text."}}]},
     "- id: a\n  name:\n    en: Ownership\n    vi: Làm chủ\n  summary: One text.\n"),
    ("site-builder-person", "name: Hà Thị Lan\nrole: Payroll\nshort_name: Lan\n",
     {"name": "Hà Thị Lan", "role": {"en": "Payroll"}, "short_name": "Lan"},
     "name: Hà Thị Lan\nrole: Payroll\nshort_name: Lan\n"),
])
def test_the_editor_reads_and_writes_names_as_the_files_have_them(
        tmp_path: Path, fmt: str, text: str, read: dict, written: str) -> None:  # type: ignore[type-arg]
    assert shutil.which("node"), "Node.js runs the editor's script; make test installs it (scripts/ensure-cms)"
    config = write(tmp_path, "config.yml", dump(cms_config({}, languages=LANGUAGES)))
    source = write(tmp_path, "in.yml", text)
    done = subprocess.run(["node", str(Path(__file__).parent / "cms_formats_harness.js"),
                           str(CMS_DIR / "static" / "site-builder-cms.js"), str(CMS_DIR / "vendor" / "js-yaml.min.js"),
                           str(config), fmt, str(source)], capture_output=True, text=True, timeout=60, check=True)
    data, out = done.stdout.split("\n---\n", 1)
    assert json.loads(data) == read
    assert out == written


def test_the_files_decap_saves_for_two_languages_validate_as_one_story(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / STORY_PATH).unlink()
    backend = LocalBackend(root, committing=False)
    vi = '---\ntitle: "Tết ở tổng đài"\nsummary: Ca đêm trả lời mọi cuộc gọi.\n---\n\n@mai: Khách hàng đầu tiên.\n'
    backend.handle("persistEntry", {"dataFiles": [
        {"path": "stories/2025/tet-night-shift.en.md", "raw": VALID_STORY, "slug": "tet-night-shift"},
        {"path": "stories/2025/tet-night-shift.vi.md", "raw": vi, "slug": "tet-night-shift"}], "assets": []})
    assert backend.saved[0].paths == ["stories/2025/tet-night-shift.en.md", "stories/2025/tet-night-shift.vi.md"]
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    [story] = site.all_stories
    assert story.slug == "tet-night-shift" and story.translations["vi"].title == "Tết ở tổng đài"


def test_the_editor_sees_a_story_file_as_its_first_language_file(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    listed = backend.handle("entriesByFolder", {"folder": "stories", "extension": "md", "depth": 2})
    assert [e["file"]["path"] for e in listed] == ["stories/2025/tet-night-shift.en.md"]
    assert listed[0]["data"] == VALID_STORY
    entry = backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.en.md"})
    assert entry["data"] == VALID_STORY


def test_the_editor_sees_a_translation_with_its_storys_other_keys_and_saves_it_without_them(
        tmp_path: Path) -> None:
    """What Decap's hidden pickers copy into the Vietnamese form is there as it opens, so opening
    a story changes nothing ("Unsaved changes" on every story before); a save takes it out."""
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    vi_path = root / "stories/2025/tet-night-shift.vi.md"
    vi_path.write_text('---\ntitle: "Tết ở tổng đài"\n---\n\nVăn bản.\n', encoding="utf-8")
    seen = backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.vi.md"})["data"]
    meta = yaml.safe_load(seen.split("---\n", 2)[1])
    assert meta["title"] == "Tết ở tổng đài"
    assert meta["principles"] == ["customer-obsession"] and meta["people"] == ["tran-thi-mai", "le-van-hung"]
    assert seen.endswith("---\n\nVăn bản.\n")
    listed = backend.handle("entriesByFolder", {"folder": "stories", "extension": "md", "depth": 2})
    assert [e["data"] for e in listed if e["file"]["path"].endswith(".vi.md")] == [seen]
    backend.handle("persistEntry", {"dataFiles": [{"path": "stories/2025/tet-night-shift.vi.md", "raw": seen}]})
    assert vi_path.read_text(encoding="utf-8") == "---\ntitle: Tết ở tổng đài\n---\n\nVăn bản.\n"
    # A story nobody translated yet: its other keys alone, and saved back as it is, no file.
    vi_path.unlink()
    seen = backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.vi.md"})["data"]
    assert "title" not in yaml.safe_load(seen.split("---\n", 2)[1])
    backend.handle("persistEntry", {"dataFiles": [{"path": "stories/2025/tet-night-shift.vi.md", "raw": seen}]})
    assert not vi_path.exists()


def test_saving_an_existing_story_in_two_languages_keeps_its_file_name(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    vi = '---\ntitle: "Tết ở tổng đài"\n---\n'
    backend.handle("persistEntry", {"dataFiles": [
        {"path": "stories/2025/tet-night-shift.en.md", "raw": VALID_STORY.replace("Tết at", "Tết in")},
        {"path": "stories/2025/tet-night-shift.vi.md", "raw": vi}], "assets": []})
    assert sorted(p.name for p in (root / "stories/2025").iterdir()) == ["tet-night-shift.md", "tet-night-shift.vi.md"]
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    assert site.all_stories[0].title.startswith("Tết in")


def test_a_translation_decap_saves_keeps_only_what_a_translation_holds(tmp_path: Path) -> None:
    """Decap 3.16's relation pickers, mounted hidden in the Vietnamese form, copy the story's
    principles, departments and people into its translation (seen in a real browser); an empty
    cover text is no cover text. The story's own file is written as Decap sent it."""
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    vi = ('---\ntitle: "Tết ở tổng đài"\nsummary: Ca đêm trả lời mọi cuộc gọi.\ncover_alt: ""\nprinciples:\n'
          '  - customer-obsession\ndepartments:\n  - customer-care\npeople:\n  - tran-thi-mai\n---\n'
          '@mai: Khách hàng đầu tiên.\n\n---\n\nprinciples: stays in the text\n')
    backend.handle("persistEntry", {"dataFiles": [
        {"path": "stories/2025/tet-night-shift.en.md", "raw": VALID_STORY},
        {"path": "stories/2025/tet-night-shift.vi.md", "raw": vi}], "assets": []})
    assert (root / "stories/2025/tet-night-shift.vi.md").read_text(encoding="utf-8") == (
        "---\ntitle: Tết ở tổng đài\nsummary: Ca đêm trả lời mọi cuộc gọi.\n---\n"
        "@mai: Khách hàng đầu tiên.\n\n---\n\nprinciples: stays in the text\n")
    assert (root / STORY_PATH).read_text(encoding="utf-8") == VALID_STORY
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    assert site.all_stories[0].translations["vi"].title == "Tết ở tổng đài"
    # A translation with nothing to take out is written byte for byte as Decap sent it.
    clean = '---\ntitle: "Tết ở tổng đài"\n---\n\nText.\n'
    backend.handle("persistEntry", {"dataFiles": [{"path": "stories/2025/tet-night-shift.vi.md", "raw": clean}]})
    assert (root / "stories/2025/tet-night-shift.vi.md").read_text(encoding="utf-8") == clean


def test_an_empty_translation_decap_sends_is_no_file(tmp_path: Path) -> None:
    """Decap sends every language's file with each save; when nobody wrote Vietnamese it is
    empty (after the copied pickers are taken out) and must not make the story 'translated'."""
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    vi_path = root / "stories/2025/tet-night-shift.vi.md"
    for empty in ("---\n---\n", "---\nprinciples:\n  - customer-obsession\ncover_alt: \"\"\n---\n\n", ""):
        backend.handle("persistEntry", {"dataFiles": [
            {"path": "stories/2025/tet-night-shift.en.md", "raw": VALID_STORY},
            {"path": "stories/2025/tet-night-shift.vi.md", "raw": empty}], "assets": []})
        assert not vi_path.exists(), empty
    assert backend.saved[-1].paths == ["stories/2025/tet-night-shift.md"]
    # Emptied in the form, an existing translation goes, and the save says so.
    vi_path.write_text('---\ntitle: "Tết ở tổng đài"\n---\n', encoding="utf-8")
    backend.handle("persistEntry", {"dataFiles": [
        {"path": "stories/2025/tet-night-shift.en.md", "raw": VALID_STORY},
        {"path": "stories/2025/tet-night-shift.vi.md", "raw": "---\n---\n"}], "assets": []})
    assert not vi_path.exists()
    assert backend.saved[-1].paths == ["stories/2025/tet-night-shift.md", "stories/2025/tet-night-shift.vi.md"]
    site, problems = load(root, languages=LANGUAGES)
    assert [p for p in problems if p.severity == "error"] == []
    assert "vi" not in site.all_stories[0].translations


def test_the_backend_reads_the_languages_once_and_follows_an_edit_of_mkdocs_yml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`site-builder edit`'s backend takes its languages from mkdocs.yml: read once, not for
    every path Decap asks about, and read again when mkdocs.yml changes while the editor runs."""
    from site_builder.project import Project

    opened: list[Path] = []
    real_open = Project.open.__func__  # type: ignore[attr-defined]

    def counting_open(cls: type[Project], root: Path) -> Project:
        opened.append(root)
        return real_open(cls, root)

    monkeypatch.setattr(Project, "open", classmethod(counting_open))
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False)

    def listed() -> list[str]:
        entries = backend.handle("entriesByFolder", {"folder": "stories", "extension": "md", "depth": 2})
        return [e["file"]["path"] for e in entries]

    assert listed() == ["stories/2025/tet-night-shift.md"]  # no mkdocs.yml: one language
    write(root, "mkdocs.yml", "site_name: Culture\nextra:\n  site_builder:\n    languages: [en, vi]\n")
    assert listed() == ["stories/2025/tet-night-shift.en.md"]
    reads = len(opened)
    for _ in range(3):
        assert listed() == ["stories/2025/tet-night-shift.en.md"]
        assert backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.en.md"})["data"] == VALID_STORY
    assert len(opened) == reads, "mkdocs.yml is read again only when it changes"
    write(root, "mkdocs.yml", "site_name: Culture\n")
    assert listed() == ["stories/2025/tet-night-shift.md"]
    write(root, "mkdocs.yml", "site_name: Culture\nextra:\n  site_builder:\n    languages: [en, vi]\n")
    assert listed() == ["stories/2025/tet-night-shift.en.md"]
    write(root, "mkdocs.yml", "site_name: [broken\n")  # unusable: no languages, as before
    assert listed() == ["stories/2025/tet-night-shift.md"]


def test_a_story_nested_too_deep_is_shown_and_saved_as_it_is_without_an_error(tmp_path: Path) -> None:
    """Front matter nested thousands deep cannot be read; the editor still opens and saves its
    translation as Decap sent it, and validation says what is wrong."""
    root = make_root(tmp_path)
    backend = LocalBackend(root, committing=False, languages=LANGUAGES)
    deep = "extra: " + "[" * 5000 + "]" * 5000 + "\n"
    (root / STORY_PATH).write_text(VALID_STORY.replace("---\n", "---\n" + deep, 1), encoding="utf-8")
    assert backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.vi.md"})["data"] is None
    raw = "---\ntitle: Đêm Tết\n" + deep + "---\n\nVăn bản.\n"
    backend.handle("persistEntry", {"dataFiles": [{"path": "stories/2025/tet-night-shift.vi.md", "raw": raw}]})
    assert (root / "stories/2025/tet-night-shift.vi.md").read_text(encoding="utf-8") == raw
    assert backend.handle("getEntry", {"path": "stories/2025/tet-night-shift.vi.md"})["data"] == raw
