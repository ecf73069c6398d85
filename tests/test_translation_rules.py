"""What validation says about translations and names in two languages, as an editor reads it:
the file, the line, what is wrong and how to fix it; every problem in one run; nothing built."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run_cli, write
from .test_languages import bilingual_root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return bilingual_root(tmp_path)


def validate(root: Path) -> tuple[int, str]:
    return run_cli("validate", "--root", root)


def test_the_bilingual_root_validates(root: Path) -> None:
    code, out = validate(root)
    assert code == 0, out


def test_a_translation_cannot_name_other_people(root: Path) -> None:
    path = root / "stories/2025/tet-night-shift.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title: "Đêm Tết ở tổng đài"\n', 'title: "Đêm Tết ở tổng đài"\npeople: [nguyen-thu-ha]\n'), encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert ("stories/2025/tet-night-shift.vi.md:3: 'people' comes from tet-night-shift.md: a translation holds only "
            "title, summary, cover_alt and the text, and inherits the rest (remove 'people:' here; change it in "
            "tet-night-shift.md, for every language)") in out


def test_a_translation_cannot_change_principles_or_the_date(root: Path) -> None:
    path = root / "stories/2025/tet-night-shift.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "---\n\n", "principles: [ownership]\ndate: 2025-02-01\n---\n\n", 1), encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert "tet-night-shift.vi.md:4: 'principles' comes from tet-night-shift.md" in out
    assert "tet-night-shift.vi.md:5: 'date' comes from tet-night-shift.md" in out
    assert "2 errors in 1 file" in out


def test_a_translations_interview_labels_must_name_the_storys_people(root: Path) -> None:
    path = root / "stories/2025/tet-night-shift.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("@hung: Ứng dụng", "@ha: Ứng dụng"), encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert "stories/2025/tet-night-shift.vi.md:" in out and "@ha" in out


def test_a_translation_into_a_language_the_site_lacks(root: Path) -> None:
    write(root, "stories/2025/tet-night-shift.fr.md", "---\ntitle: La nuit du Têt\n---\n\nTexte.\n")
    code, out = validate(root)
    assert code == 1
    assert ("stories/2025/tet-night-shift.fr.md:1: tet-night-shift.fr.md is a translation into 'fr', which is not "
            "one of the site's languages (en, vi) (add fr to extra.site_builder.languages in mkdocs.yml, or rename "
            "the file)") in out


def test_a_translation_of_a_story_that_does_not_exist(root: Path) -> None:
    write(root, "stories/2025/night-shift.vi.md", "---\ntitle: Ca đêm\n---\n\nVăn bản.\n")
    code, out = validate(root)
    assert code == 1
    assert ("stories/2025/night-shift.vi.md:1: night-shift.vi.md is a translation of night-shift.md, which does not "
            "exist") in out


def test_a_translation_in_the_storys_own_language(root: Path) -> None:
    story = root / "stories/2025/budget-in-one-page.md"
    story.write_text(story.read_text(encoding="utf-8").replace("kind: practice\n", "kind: practice\nlang: vi\n"),
                     encoding="utf-8")
    write(root, "stories/2025/budget-in-one-page.vi.md", "---\ntitle: Ngân sách\n---\n\nVăn bản.\n")
    code, out = validate(root)
    assert code == 1
    assert "stories/2025/budget-in-one-page.vi.md:1: budget-in-one-page.md is already written in 'vi'" in out


def test_a_story_in_a_language_the_site_lacks(root: Path) -> None:
    story = root / "stories/2025/budget-in-one-page.md"
    story.write_text(story.read_text(encoding="utf-8").replace("kind: practice\n", "kind: practice\nlang: fr\n"),
                     encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert "stories/2025/budget-in-one-page.md:6: 'lang: fr' is not one of the site's languages (en, vi)" in out


def test_a_name_in_a_language_the_site_lacks_and_one_without_the_first_language(root: Path) -> None:
    path = root / "content/departments.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  name: {en: Customer Care, vi: Chăm sóc khách hàng}\n",
                        "  name: {en: Customer Care, fr: Service client}\n")
    text = text.replace("  name: Finance\n", "  name: {vi: Tài chính}\n")
    path.write_text(text, encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert ("content/departments.yml:2: 'name' has text in 'fr', which is not one of the site's languages (en, vi)"
            in out)
    assert "content/departments.yml:4: 'name' has no text in en, the site's first language (add 'en: ...'" in out


def test_languages_site_builder_has_no_interface_text_for_are_refused_at_their_line(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("[en, vi]", "[en, fr]"), encoding="utf-8")
    code, out = validate(root)
    assert code == 1
    assert ("mkdocs.yml:5: extra.site_builder.languages has 'fr'; site-builder has interface text in en, vi"
            in out)


def test_a_translation_that_links_out_of_the_root_is_never_read(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: SECRET-TITLE\n---\n\nSECRET-TEXT\n", encoding="utf-8")
    os.symlink(secret, root / "stories/2025/budget-in-one-page.vi.md")
    code, out = validate(root)
    assert code == 1
    assert "stories/2025/budget-in-one-page.vi.md" in out and "SECRET" not in out
    assert run_cli("build", "--root", root)[0] != 0
    assert not (root / "site").exists()
