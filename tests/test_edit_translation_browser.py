"""A translation written in the browser editor (issue 23): `site-builder edit` on a site in English
and Vietnamese, an editor opens a story nobody has translated, writes its title, summary and text in the
"Writing in VI" pane beside the English form, and publishes. The translation must be
`<story>.vi.md` beside the story holding only what a translation holds; the story itself stays
`<story>.md`, unchanged; `validate` accepts the root and the built site has the Vietnamese page.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import yaml

from .sitetools import site_builder
from .test_edit_browser import git, open_editor, serve_editor
from .test_languages import bilingual_root

STEM = "stories/2025/budget-in-one-page"
VI_TITLE = "Ngân sách trên một trang"
VI_SUMMARY = "Phòng tài chính viết ngân sách cả năm trên một trang ai cũng đọc được."
VI_BODY = "Mỗi con số trên trang đều có tên người phụ trách bên cạnh."


def editor(browser, base: str):  # type: ignore[no-untyped-def]
    """`open_editor` wide enough for the two languages' forms side by side."""
    return open_editor(browser, base, viewport={"width": 1400, "height": 1000})


def front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n"), text
    return yaml.safe_load(text.split("---\n", 2)[1])


def shoot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    """A screenshot to look at (kept under $SHOTS when set, else beside the test's files)."""
    folder = Path(os.environ.get("SHOTS") or tmp_path)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_translation_written_in_the_browser_is_its_own_file_beside_the_unchanged_story(
        browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = bilingual_root(tmp_path)
    english_before = (root / f"{STEM}.md").read_bytes()
    with serve_editor(root, tmp_path) as editing:
        base = editing.base
        with editor(browser, base) as (page, problems):
            page.goto(base + "admin/#/collections/stories/entries/2025/budget-in-one-page")
            page.locator('[id^="title-field-"]').first.wait_for()
            page.wait_for_timeout(1500)
            shoot(page, tmp_path, "1-opened")
            # With i18n on, Decap shows the form twice: "Writing in EN" on the left, "Writing in VI"
            # on the right, the second with only the translatable fields.
            page.get_by_text("Writing in VI").wait_for()
            page.locator('[id^="title-field-"]').nth(1).fill(VI_TITLE)
            page.locator('[id^="summary-field-"]').nth(1).fill(VI_SUMMARY)
            page.locator('[data-slate-editor="true"]').nth(1).click()
            page.keyboard.type(VI_BODY)
            shoot(page, tmp_path, "2-filled")
            page.get_by_role("button", name="Publish", exact=True).click()
            page.get_by_text("Publish now").click()
            page.get_by_text("Entry saved").first.wait_for()
            shoot(page, tmp_path, "3-saved")
    assert problems == []

    translation = root / f"{STEM}.vi.md"
    assert translation.is_file(), sorted(p.name for p in (root / "stories/2025").iterdir())
    written = translation.read_text(encoding="utf-8")
    # Only what a translation holds: no date, kind, principles, departments or people copied over,
    # and no empty cover_alt for the cover text nobody wrote.
    assert front_matter(written) == {"title": VI_TITLE, "summary": VI_SUMMARY}, written
    assert written.rstrip().endswith(VI_BODY), written
    # The story stays <story>.md (never <story>.en.md), with the same keys, values and text
    # (Decap writes its lists in block style: the form changes, not the content).
    assert not (root / f"{STEM}.en.md").exists()
    english = (root / f"{STEM}.md").read_text(encoding="utf-8")
    assert front_matter(english) == front_matter(english_before.decode("utf-8")), english
    assert english.split("---\n", 2)[2].strip() == english_before.decode("utf-8").split("---\n", 2)[2].strip()
    assert sorted(git(root, "show", "--format=", "--name-only", "HEAD").split()) == [f"{STEM}.md", f"{STEM}.vi.md"]

    check = site_builder("validate", "--root", str(root))
    assert check.returncode == 0, check.stdout + written
    built = site_builder("build", "--root", str(root))
    assert built.returncode == 0, built.stdout
    page_vi = (root / "site/vi/stories/budget-in-one-page/index.html").read_text(encoding="utf-8")
    assert VI_TITLE in page_vi and "Mỗi con số trên trang" in page_vi
    assert VI_TITLE not in (root / "site/stories/budget-in-one-page/index.html").read_text(encoding="utf-8")


def test_a_principle_name_has_one_box_per_language_in_the_browser(
        browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = bilingual_root(tmp_path)
    with serve_editor(root, tmp_path) as editing:
        with editor(browser, editing.base) as (page, problems):
            page.goto(editing.base + "admin/#/collections/principles/entries/principles")
            page.get_by_text("Customer Obsession").first.wait_for()
            # A list item opens from the chevron of its top bar.
            page.locator('[class*="SortableListItem"]').first.locator("button").first.click()
            english, vietnamese = page.locator('[id^="en-field-"]').first, page.locator('[id^="vi-field-"]').first
            english.wait_for(state="visible")
            vietnamese.wait_for(state="visible")
            assert english.input_value() == "Customer Obsession"
            assert vietnamese.input_value() == "Khách hàng là trên hết"
            assert page.locator(f'label[for="{english.get_attribute("id")}"]').inner_text().lower() == "en"
            assert page.locator(f'label[for="{vietnamese.get_attribute("id")}"]').inner_text().lower() == "vi (optional)"
            shoot(page, tmp_path, "4-principles")
    assert problems == []


def test_a_story_edited_or_made_in_english_only_leaves_no_translation_file(
        browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Decap sends a Vietnamese file with every save, empty (or, before the fix, holding the
    story's principles and departments) when nobody wrote Vietnamese: no such file is written,
    so the story stays untranslated rather than translated into nothing."""
    root = bilingual_root(tmp_path)
    with serve_editor(root, tmp_path) as editing:
        base = editing.base
        with editor(browser, base) as (page, problems):
            page.goto(base + "admin/#/collections/stories/entries/2025/budget-in-one-page")
            page.locator('[id^="title-field-"]').first.fill("The budget on one sheet")
            page.get_by_role("button", name="Publish", exact=True).click()
            page.get_by_text("Publish now").click()
            page.get_by_text("Changes saved").wait_for()
            assert git(root, "show", "--format=", "--name-only", "HEAD").split() == [f"{STEM}.md"]

            # A new story from a fresh start of the editor, as test_edit_browser makes one (reached
            # by address from a saved entry, Decap's new form can reset the first field filled).
            page.close()
            page = page.context.new_page()  # open_editor watches every page of its context
            page.goto(base + "admin/")  # still signed in
            page.get_by_role("link", name="Create entry of type Story").click()
            page.locator('[id^="date-field-"]').first.fill("2025-03-04")
            page.locator('[id^="summary-field-"]').first.fill("How the night team hands over.")
            for field, choice in (("kind", "practice"), ("principles", "Customer Obsession")):
                box = page.locator(f'[id^="{field}-field-"]').first
                box.click()
                box.fill(choice)
                page.locator('[id^="react-select"][id*="-option-"]', has_text=choice).first.click()
            page.locator('[data-slate-editor="true"]').first.click()
            page.keyboard.type("At six the night team writes three lines.")
            title = page.locator('[id^="title-field-"]').first
            title.fill("Late shift notes")
            page.wait_for_timeout(300)
            assert title.input_value() == "Late shift notes"
            page.get_by_role("button", name="Publish", exact=True).click()
            page.get_by_text("Publish now").click()
            deadline = time.monotonic() + 30  # a new entry's page is replaced after the save: watch git
            while "late-shift-notes" not in git(root, "log", "-1", "--format=%s"):
                assert time.monotonic() < deadline, (git(root, "log", "-3", "--format=%s"),
                                                     shoot(page, tmp_path, "5-new-story"),
                                                     page.evaluate("[...document.querySelectorAll('[class*=ControlErrorsList]')].map(e => e.closest('[class*=ControlContainer]').innerText)"))
                time.sleep(0.2)
    assert problems == []
    assert git(root, "show", "--format=", "--name-only", "HEAD").split() == ["stories/2025/late-shift-notes.md"]
    assert sorted(p.name for p in (root / "stories/2025").iterdir()) == [
        "budget-in-one-page.md", "late-shift-notes.md", "tet-night-shift.md", "tet-night-shift.vi.md"]
    assert front_matter((root / f"{STEM}.md").read_text(encoding="utf-8"))["title"] == "The budget on one sheet"
    check = site_builder("validate", "--root", str(root))
    assert check.returncode == 0, check.stdout


def test_a_story_opened_in_two_languages_has_no_unsaved_changes_and_can_be_viewed_live(
        browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opened and left alone for a while, a translated story and an untranslated one both say
    "Changes saved" and offer "View Live"; neither says "Unsaved changes"."""
    root = bilingual_root(tmp_path)
    with serve_editor(root, tmp_path) as editing, editor(browser, editing.base) as (page, problems):
        for slug in ("2025/tet-night-shift", "2025/budget-in-one-page"):
            page.goto("about:blank")
            page.goto(editing.base + f"admin/#/collections/stories/entries/{slug}")
            page.get_by_role("link", name="View Live").wait_for()
            page.wait_for_timeout(2000)  # the pickers in the Vietnamese form have loaded their choices
            toolbar = page.locator("body").inner_text().lower()
            assert "unsaved changes" not in toolbar, shoot(page, tmp_path, slug.replace("/", "-"))
            assert "changes saved" in toolbar
            assert page.get_by_role("link", name="View Live").is_visible()
        assert problems == []
    assert git(root, "status", "--porcelain", "--", "stories", "content").strip() == "", "nothing was saved"
