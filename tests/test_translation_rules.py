"""What validation says about translations and names in two languages, as an editor reads it:
the file, the line, what is wrong and how to fix it; every problem in one run; nothing built."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

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


VI = "stories/2025/tet-night-shift.vi.md"
BUDGET = "stories/2025/budget-in-one-page.md"


class Edit(NamedTuple):
    """An edit of a file of the bilingual root: `old`, found there once, becomes `new`."""

    old: str
    new: str


# One edit (or new file) each, then `validate`: exit 1 and every expected text in its output,
# the file and line first. A change is (path, Edit(old, new)) to edit a file, (path, text) to write one.
REFUSED = [
    pytest.param(
        [(VI, Edit('title: "Đêm Tết ở tổng đài"\n', 'title: "Đêm Tết ở tổng đài"\npeople: [nguyen-thu-ha]\n'))],
        [("stories/2025/tet-night-shift.vi.md:3: 'people' comes from tet-night-shift.md: a translation holds only "
          "title, summary, cover_alt and the text, and inherits the rest (remove 'people:' here; change it in "
          "tet-night-shift.md, for every language)")],
        id="translation-names-other-people"),
    pytest.param(
        [(VI, Edit("---\n\n", "principles: [ownership]\ndate: 2025-02-01\n---\n\n"))],
        ["tet-night-shift.vi.md:4: 'principles' comes from tet-night-shift.md",
         "tet-night-shift.vi.md:5: 'date' comes from tet-night-shift.md",
         "2 errors in 1 file"],
        id="translation-changes-principles-and-date"),
    pytest.param(
        [(VI, Edit("@hung: Ứng dụng", "@ha: Ứng dụng"))],
        ["stories/2025/tet-night-shift.vi.md:", "@ha"],
        id="translation-label-names-someone-outside-the-story"),
    pytest.param(
        [("stories/2025/tet-night-shift.fr.md", "---\ntitle: La nuit du Têt\n---\n\nTexte.\n")],
        [("stories/2025/tet-night-shift.fr.md:1: tet-night-shift.fr.md is a translation into 'fr', which is not "
          "one of the site's languages (en, vi) (add fr to extra.site_builder.languages in mkdocs.yml, or rename "
          "the file)")],
        id="translation-into-a-language-the-site-lacks"),
    pytest.param(
        [("stories/2025/night-shift.vi.md", "---\ntitle: Ca đêm\n---\n\nVăn bản.\n")],
        [("stories/2025/night-shift.vi.md:1: night-shift.vi.md is a translation of night-shift.md, which does not "
          "exist")],
        id="translation-of-no-story"),
    pytest.param(
        [(BUDGET, Edit("kind: practice\n", "kind: practice\nlang: vi\n")),
         ("stories/2025/budget-in-one-page.vi.md", "---\ntitle: Ngân sách\n---\n\nVăn bản.\n")],
        ["stories/2025/budget-in-one-page.vi.md:1: budget-in-one-page.md is already written in 'vi'"],
        id="translation-in-the-storys-own-language"),
    pytest.param(
        [(BUDGET, Edit("kind: practice\n", "kind: practice\nlang: fr\n"))],
        ["stories/2025/budget-in-one-page.md:6: 'lang: fr' is not one of the site's languages (en, vi)"],
        id="story-in-a-language-the-site-lacks"),
    pytest.param(
        [("content/departments.yml", Edit("  name: {en: Customer Care, vi: Chăm sóc khách hàng}\n",
                                          "  name: {en: Customer Care, fr: Service client}\n")),
         ("content/departments.yml", Edit("  name: Finance\n", "  name: {vi: Tài chính}\n"))],
        ["content/departments.yml:2: 'name' has text in 'fr', which is not one of the site's languages (en, vi)",
         "content/departments.yml:4: 'name' has no text in en, the site's first language (add 'en: ...'"],
        id="name-in-a-language-the-site-lacks-and-one-without-the-first"),
    pytest.param(
        [("mkdocs.yml", Edit("[en, vi]", "[en, fr]"))],
        ["mkdocs.yml:5: extra.site_builder.languages has 'fr'; site-builder has interface text in en, vi"],
        id="site-language-without-interface-text"),
]


@pytest.mark.parametrize(("changes", "expected"), REFUSED)
def test_validation_refuses_at_the_file_and_line(
        root: Path, changes: list[tuple[str, Edit | str]], expected: list[str]) -> None:
    for relpath, what in changes:
        if not isinstance(what, Edit):
            write(root, relpath, what)
            continue
        path = root / relpath
        text = path.read_text(encoding="utf-8")
        assert text.count(what.old) == 1, f"{relpath} no longer holds {what.old!r} once: this case tests nothing"
        path.write_text(text.replace(what.old, what.new), encoding="utf-8")
    code, out = validate(root)
    assert code == 1, out
    for text in expected:
        assert text in out


def test_a_translation_that_links_out_of_the_root_is_never_read(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: SECRET-TITLE\n---\n\nSECRET-TEXT\n", encoding="utf-8")
    os.symlink(secret, root / "stories/2025/budget-in-one-page.vi.md")
    code, out = validate(root)
    assert code == 1
    assert "stories/2025/budget-in-one-page.vi.md" in out and "SECRET" not in out
    assert run_cli("build", "--root", root)[0] != 0
    assert not (root / "site").exists()
