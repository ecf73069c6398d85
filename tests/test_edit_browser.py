"""`site-builder edit` as a comms editor uses it: one command, a story made in the browser.

A fresh git repository of a content root, on a branch named `trunk`, with no `.gitignore` and
a built site and build cache lying untracked beside the content (what made a save commit 747
files before). The real command runs as a subprocess, Chromium creates a story in the form and
saves it, and the repository must then hold exactly one new commit, on `trunk`, with exactly
that file, which `validate` accepts. Ctrl+C (SIGINT) must end the command with exit 0 and
leave no process of it behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import make_root
from .sitetools import free_port, site_builder, wait_for

GIT = ["git", "-c", "user.name=Setup", "-c", "user.email=setup@example.invalid", "-c", "commit.gpgsign=false"]
STORY = "stories/2025/late-shift-handover-notes.md"


def git(root: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=root, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def session_processes(sid: int) -> list[str]:
    """Every live process of a session (the command and anything it started), as 'pid cmdline'."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                command = (entry / "cmdline").read_bytes().replace(bytes(1), b" ").decode()
                found.append(f"{entry.name} {command}")
        except (OSError, ValueError, IndexError):
            continue
    return found


def uncovered(characters: set[str]) -> set[str]:
    """The characters no installed font can draw (fontconfig's view, which Chromium's matches):
    each would show as an empty box."""
    missing = set()
    for char in sorted(characters):
        if char.isspace() or 0x20 <= ord(char) < 0x7F:
            continue
        fonts = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True,
                               check=False).stdout
        if not fonts.strip():
            missing.add(char)
    return missing


@dataclass
class Editing:
    root: Path
    base: str
    process: subprocess.Popen[str]
    log: Path


@contextmanager
def serve_editor(root: Path, tmp_path: Path) -> Iterator[Editing]:
    """`site-builder edit` on `root` as an editor starts it: a git repository on `trunk` with the
    content committed and a built site lying untracked beside it; killed when the block ends."""
    git(root, "init", "-q", "-b", "trunk")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    built = site_builder("build", "--root", str(root))  # site/ and .site-builder/ now lie untracked
    assert built.returncode == 0, built.stdout
    assert (root / "site/index.html").is_file() and not (root / ".gitignore").exists()
    port = free_port()
    log = tmp_path / "edit.log"
    # No global git identity: the save must still commit (a laptop where nobody ran git config).
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "PYTHONUNBUFFERED": "1"}
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "site_builder", "edit", "--root", str(root),
                                    "--dev-addr", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT,
                                   text=True, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).close()  # noqa: S310 (localhost only)
                break
            except OSError:
                assert process.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "site-builder edit did not serve the site: " + log.read_text()
                time.sleep(0.2)
        yield Editing(root, base, process, log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def open_editor(browser, base: str, *, expected_console: Collection[str] = (),  # type: ignore[no-untyped-def]
                **context_options: Any) -> Iterator[tuple[Page, list[str]]]:
    """/admin/ of the editor at `base` in a new browser context (`context_options` as
    `browser.new_context` takes them), signed in ("Login" clicked, the collections shown, the
    session's config.yml served as text/yaml); yields the page and the problems seen on every
    page of the context until the block ends, when the context closes: console errors and
    warnings (but those whose text is one of `expected_console`), uncaught errors, responses of
    400 or more, and requests anywhere but the editor's own address."""
    context = browser.new_context(**context_options)
    problems: list[str] = []
    config_types: list[str] = []
    context.on("console", lambda m: problems.append(m.text)
               if m.type in ("error", "warning") and m.text not in expected_console else None)
    context.on("weberror", lambda e: problems.append(str(e.error)))
    context.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    context.on("response", lambda r: config_types.append(r.headers.get("content-type", ""))
               if r.url.endswith("/admin/config.yml") else None)
    context.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else problems.append(r.url))
    try:
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_role("link", name="Create entry of type Story").wait_for()  # signed in
        assert config_types and all(t.startswith("text/yaml") for t in config_types), config_types
        yield page, problems
    finally:
        context.close()


@pytest.fixture()
def editing(tmp_path: Path) -> Iterator[Editing]:
    with serve_editor(make_root(tmp_path), tmp_path) as served:
        yield served


def test_a_story_saved_in_the_browser_is_one_commit_of_one_file_on_the_checked_out_branch(
        browser, editing: Editing) -> None:  # type: ignore[no-untyped-def]
    root, base = editing.root, editing.base
    printed = editing.log.read_text(encoding="utf-8")
    assert f"{base}admin/" in printed and "branch trunk" in printed, printed
    before = git(root, "rev-parse", "HEAD").strip()

    with open_editor(browser, base) as (page, problems):
        new_story = page.get_by_role("link", name="Create entry of type Story")
        new_story.wait_for()
        # The button reads "New Story", and nothing on the screen is a glyph no font can draw.
        assert new_story.inner_text().strip() == "New Story"
        assert uncovered(set(page.locator("body").inner_text())) == set()
        assert page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length") == 0

        new_story.click()
        page.locator('[id^="title-field-"]').fill("Late shift handover notes")
        page.locator('[id^="date-field-"]').fill("2025-03-04")
        page.locator('[id^="summary-field-"]').fill("How the night team hands over to the morning team.")
        for field, choice in (("kind", "practice"), ("principles", "Customer Obsession"),
                              ("departments", "Customer Care"), ("people", "Trần Thị Mai")):
            box = page.locator(f'[id^="{field}-field-"]').first
            box.click()
            box.fill(choice)
            page.locator('[id^="react-select"][id*="-option-"]', has_text=choice).first.click()
        page.locator('[data-slate-editor="true"]').click()
        page.keyboard.type("At six, the night team writes three lines: what happened, what waits, who to call.")
        assert uncovered(set(page.locator("body").inner_text())) == set()
        # The preview pane wears the site's own styles (the theme's and ours), as on the site.
        preview = page.frame_locator("#preview-pane").locator("h1", has_text="Late shift handover notes")
        preview.wait_for()
        assert preview.evaluate("h => [...h.ownerDocument.styleSheets].filter(s => s.href && "
                                "(s.href.includes('/assets/stylesheets/main.') || s.href.includes('/site-builder/')) "
                                "&& s.cssRules.length > 0).length") == 2
        # Local editing saves straight to the branch: Decap's simple mode, "Publish now".
        page.get_by_role("button", name="Publish", exact=True).click()
        page.get_by_text("Publish now").click()
        page.get_by_text("Entry saved").first.wait_for()
        # Reopened in a fresh load of /admin/ (still signed in), as the editor comes back to it later,
        # the story has "View Live": its page in the live preview, updated without a restart.
        # The page is left first, so that /admin/ loads afresh at the story's address: changed on a
        # loaded /admin/ before Decap's router listens, an address is lost (its list shows instead).
        page.goto("about:blank")
        page.goto(base + "admin/#/collections/stories/entries/2025/late-shift-handover-notes")
        view_live = page.get_by_role("link", name="View Live")
        try:
            view_live.wait_for(timeout=60_000)
        except PlaywrightTimeout:
            pytest.fail(f"no 'View Live' on the reopened story; the screen said {page.locator('body').inner_text()!r}; "
                        f"the console said {problems}")
        live = view_live.get_attribute("href")
        assert live == base + "stories/late-shift-handover-notes/"
        assert "At six, the night team writes three lines" in wait_for(live, "Late shift handover notes", 60)

    story = root / STORY
    assert story.is_file(), sorted(p.name for p in (root / "stories/2025").iterdir())
    assert "title: Late shift handover notes" in story.read_text(encoding="utf-8")
    check = site_builder("validate", "--root", str(root))
    assert check.returncode == 0, check.stdout + story.read_text(encoding="utf-8")
    assert git(root, "symbolic-ref", "--short", "HEAD").strip() == "trunk"
    assert git(root, "rev-parse", "HEAD~1").strip() == before, "exactly one new commit"
    assert git(root, "show", "--stat", "--format=", "--name-only", "HEAD").split() == [STORY]
    assert git(root, "status", "--porcelain", "--", "stories", "content").strip() == ""
    assert git(root, "ls-files", "site", ".site-builder") == "", "the built site and the cache stay out of git"
    assert f"Saved {STORY}" in editing.log.read_text(encoding="utf-8")
    assert problems == []

    editing.process.send_signal(signal.SIGINT)
    assert editing.process.wait(timeout=30) == 0, editing.log.read_text(encoding="utf-8")
    time.sleep(0.5)
    assert session_processes(editing.process.pid) == []
    printed = editing.log.read_text(encoding="utf-8")
    assert "Traceback" not in printed, printed


def test_a_picture_uploaded_in_the_media_library_is_one_commit_of_that_picture(
        browser, editing: Editing) -> None:  # type: ignore[no-untyped-def]
    root, base = editing.root, editing.base
    picture = Path(__file__).resolve().parents[1] / "docs/screenshot-home.png"
    with open_editor(browser, base) as (page, problems):
        page.get_by_role("button", name="Media").click()
        page.set_input_files('input[type="file"]', files=[
            {"name": "harbour.png", "mimeType": "image/png", "buffer": picture.read_bytes()}])
        page.get_by_text("harbour.png").first.wait_for()
        assert page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length") == 0
    assert (root / "assets/uploads/harbour.png").read_bytes() == picture.read_bytes()
    assert git(root, "show", "--format=", "--name-only", "HEAD").split() == ["assets/uploads/harbour.png"]
    assert problems == []
