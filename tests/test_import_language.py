"""`site-builder import` decides a transcript's language by evidence in its text (issue 23):
a Vietnamese transcript becomes a `lang: vi` story on a site that has vi among its languages,
an English one stays in the site's first language, and on a site without Vietnamese the story
is written in the site's language and the report says what to change to publish it as Vietnamese.

The transcripts (tests/transcripts/languages/) were written for these tests in the shapes of
tests/transcripts/seed_shapes/: a two-voices article in Vietnamese and a short English panel
interview that names Vietnamese colleagues (their names alone do not make it Vietnamese).
"""

from __future__ import annotations

from pathlib import Path

from site_builder.importer.language import guess

from .conftest import write
from .sitetools import site_builder

TRANSCRIPTS = Path(__file__).parent / "transcripts" / "languages"
VI_VOICES = TRANSCRIPTS / "vi-two-voices.txt"
EN_PANEL = TRANSCRIPTS / "en-panel.txt"


def make_root(tmp_path: Path, languages: str | None) -> Path:
    """Two people, one principle named in both languages; `languages` as mkdocs.yml gives them."""
    root = tmp_path / "root"
    principle_name = "{en: Customer Obsession, vi: Khách hàng là trên hết}" if languages else "Customer Obsession"
    write(root, "content/principles.yml", f"- id: customer-obsession\n  name: {principle_name}\n"
                                          "  summary: We start from the customer.\n")
    write(root, "content/departments.yml", "- id: workshop\n  name: Workshop\n")
    write(root, "content/awards.yml", "- id: golden-wrench\n  name: Golden Wrench\n  summary: Yearly.\n")
    write(root, "content/people/do-minh-quan.yml", "name: Đỗ Minh Quân\nrole: Workshop Lead\ndepartment: workshop\n"
                                                   "short_name: Quân\n")
    write(root, "content/people/ha-thi-lan.yml", "name: Hà Thị Lan\nrole: Payroll Specialist\ndepartment: workshop\n"
                                                 "short_name: Lan\n")
    (root / "stories").mkdir()
    extra = f"extra:\n  site_builder:\n    languages: {languages}\n" if languages else ""
    write(root, "mkdocs.yml", "site_name: Workshop stories\n" + extra)
    return root


def import_(root: Path, source: Path) -> tuple[int, str, str]:
    """Exit code, output, and the story written."""
    result = site_builder("import", str(source), "--root", str(root), "--date", "2025-06-01")
    [story] = (root / "stories").rglob("*.md")
    return result.returncode, result.stdout, story.read_text(encoding="utf-8")


def front_lines(text: str) -> list[str]:
    return text.split("---\n")[1].splitlines()


def test_a_vietnamese_transcript_becomes_a_lang_vi_story_that_validates(tmp_path: Path) -> None:
    code, out, story = import_(make_root(tmp_path, "[en, vi]"), VI_VOICES)
    assert code == 0, out
    assert "lang: vi" in front_lines(story)
    assert "written in Vietnamese" in out and "'lang: vi' written" in out


def test_an_english_transcript_with_vietnamese_names_stays_in_the_first_language(tmp_path: Path) -> None:
    code, out, story = import_(make_root(tmp_path, "[en, vi]"), EN_PANEL)
    assert code == 0, out
    assert not any(line.startswith("lang:") for line in front_lines(story))


def test_an_english_transcript_on_a_site_whose_first_language_is_vi_says_lang_en(tmp_path: Path) -> None:
    code, out, story = import_(make_root(tmp_path, "[vi, en]"), EN_PANEL)
    assert code == 0, out
    assert "lang: en" in front_lines(story)


def test_a_vietnamese_transcript_on_an_english_only_site_is_written_in_its_language_and_reported(
        tmp_path: Path) -> None:
    code, out, story = import_(make_root(tmp_path, None), VI_VOICES)
    assert not any(line.startswith("lang:") for line in front_lines(story))
    assert "the transcript is Vietnamese" in out and "the site's language is English (en)" in out
    assert "add vi to extra.site_builder.languages in mkdocs.yml" in out
    assert code == 1 and "principles" in out  # the English-only principle is not named in Vietnamese text


def test_a_principle_named_in_its_vietnamese_name_is_found(tmp_path: Path) -> None:
    _, _, story = import_(make_root(tmp_path, "[en, vi]"), VI_VOICES)
    assert "principles: [customer-obsession]" in front_lines(story)


def test_the_share_of_vietnamese_words_decides_not_a_name() -> None:
    assert guess(EN_PANEL.read_text(encoding="utf-8")).language == "en"
    assert guess(VI_VOICES.read_text(encoding="utf-8")).language == "vi"
    assert guess("Chị Lan nói").language == "en"  # too few words to tell: the default
