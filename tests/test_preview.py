"""`site-builder serve`: the editor saves a story and the preview shows the change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .sitetools import fetch, free_port, wait_for
from .test_other_root import clinic  # noqa: F401  (fixture)


def edit(path: Path, old: str, new: str) -> None:
    """Save a change to a file, as an editor's editor would."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def preview(clinic: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:  # noqa: F811
    port = free_port()
    log = clinic.parent / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--root", str(clinic), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}/", clinic, process
        finally:
            process.terminate()
            process.wait(timeout=20)
            assert process.returncode == 0, "serve stops cleanly on SIGTERM"
            try:
                os.killpg(process.pid, signal.SIGKILL)  # nothing of the preview may outlive the test
            except ProcessLookupError:
                pass


def test_the_preview_serves_the_site_with_live_reload(preview) -> None:  # type: ignore[no-untyped-def]
    base, _, _ = preview
    html = wait_for(base + "stories/night-rounds/", "Night rounds with Amara")
    assert "livereload" in html


def test_editing_a_story_updates_its_page_and_listings(preview) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = preview
    wait_for(base + "stories/night-rounds/", "Night rounds with Amara")
    edit(root / "stories/night-rounds.md", "Night rounds with Amara", "Night shifts with Amara")
    wait_for(base + "stories/night-rounds/", "Night shifts with Amara", 30)
    wait_for(base + "principles/patients-first/", "Night shifts with Amara", 30)


def test_a_mistake_is_reported_and_the_last_good_page_stays(preview) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = preview
    wait_for(base + "stories/night-rounds/", "Night rounds with Amara")
    edit(root / "stories/night-rounds.md", "kind: interview", "kind: intervew")
    log = root.parent / "serve.log"
    deadline = time.monotonic() + 30
    while "stories/night-rounds.md:5: kind 'intervew'" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.3)
    assert "Night rounds with Amara" in fetch(base + "stories/night-rounds/")


def test_adding_a_person_file_creates_their_page(preview) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = preview
    wait_for(base, "Riverside Care Stories")
    (root / "content/people/li-wei.yml").write_text("name: Li Wei\nrole: Porter\n", encoding="utf-8")
    wait_for(base + "people/li-wei/", "Porter", 30)


def test_search_in_the_preview_explains_it_needs_a_build(preview, page) -> None:  # type: ignore[no-untyped-def]
    base, _, _ = preview
    wait_for(base + "stories/", "Stopping the line")
    page.goto(base + "stories/")
    page.keyboard.press("/")
    page.locator("#sb-search-input").fill("amara")
    status = page.locator("[data-sb-search-status]")
    status.wait_for()
    page.wait_for_function("() => document.querySelector('[data-sb-search-status]').textContent.includes('preview')")
    assert page.locator("[data-sb-static] .sb-card").count() == 2, "the listing still shows every story"


def test_the_preview_shows_a_draft_marked_as_one(preview) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = preview
    wait_for(base, "Riverside Care Stories")
    (root / "stories/draft-rounds.md").write_text(
        "---\ntitle: Draft rounds\ndate: 2025-03-01\nsummary: Not yet.\nkind: article\n"
        "principles: [speak-up]\ndraft: true\n---\n\nStill writing.\n", encoding="utf-8")
    page = wait_for(base + "stories/draft-rounds/", "Draft rounds", 30)
    assert "Preview only: this story is a draft" in page
