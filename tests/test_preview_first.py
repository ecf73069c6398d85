"""The live preview shows an edited story's page before the engine's build notices the change.

The engine's server is started as `serve` starts it, but told to look at the staging folder
only every 120 s: what changes on screen within seconds can only have come from the page the
preview names on the server's standard input (`engine.runner.render_now`), rendered at once
with what the last build knew, and the browsers reloaded.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.cli.serve import Wakeup, snapshot, updated
from site_builder.engine import runner
from site_builder.model import Story
from site_builder.pipeline import pipeline
from site_builder.validation import check

from .conftest import make_root
from .sitetools import fetch, free_port, wait_for

STORY = "stories/2025/tet-night-shift.md"
PAGE = "stories/tet-night-shift/"
NEVER = "120"  # seconds between the engine's own looks at the staging folder


@dataclass
class Served:
    root: Path
    base: str
    process: subprocess.Popen[str]


def staged_story(root: Path) -> tuple[list[str], Story]:
    """Validate the root and stage the story's own page, as `serve` does on a save."""
    checked = check(root, preview=True)
    assert checked.ok and checked.project is not None, checked.problems
    story = next(s for s in checked.site.stories if s.path.as_posix() == STORY)
    return pipeline.stage_first(checked.project, checked.site, [story]), story


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = make_root(tmp_path)
    checked = check(root, preview=True)
    assert checked.project is not None
    config = pipeline.stage_live(checked.project, checked.site, tmp_path / "site")
    base = f"http://127.0.0.1:{free_port()}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder.engine.serve", "mkdocs", NEVER, "serve", "--config-file", str(config),
         "--dev-addr", base[len("http://"):-1], "--livereload", "--dirty"],
        env=runner.environment(None), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, encoding="utf-8")
    try:
        wait_for(base + PAGE, "Tết at the call centre")
        yield Served(root, base, process)
    finally:
        process.kill()
        process.communicate(timeout=20)


def epoch(html: str) -> int:
    """The site version a served page was made from (the browser reloads on a newer one)."""
    found = re.search(r"livereload\((\d+),", html)
    assert found, "the preview's pages carry the live-reload script"
    return int(found.group(1))


def test_an_edited_story_is_on_screen_before_the_engine_looks_at_the_folder(served: Served) -> None:
    before = epoch(fetch(served.base + PAGE))
    story = served.root / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("Serving each other first", "Answering every call"),
                     encoding="utf-8")
    pages, _ = staged_story(served.root)
    assert pages == ["stories/tet-night-shift.md"]
    runner.render_now(served.process, pages)
    html = wait_for(served.base + PAGE, "Answering every call", 20)
    assert "Serving each other first" not in html
    assert epoch(html) > before, "open browsers are told to reload"
    # The browser's long poll for a reload answers with the newer version at once.
    answer = fetch(served.base + f"livereload/{before}/1")
    assert int(answer) > before


def test_a_page_the_last_build_did_not_know_waits_for_the_next_build(served: Served) -> None:
    runner.render_now(served.process, ["stories/a-story-staged-after-the-build.md", "stories/tet-night-shift.md"])
    time.sleep(1)
    assert served.process.poll() is None
    assert "Tết at the call centre" in fetch(served.base + PAGE)
    served.process.kill()
    output, _ = served.process.communicate(timeout=20)
    assert "Traceback" not in output, output


def test_a_stopped_server_is_not_an_error_for_the_preview(served: Served) -> None:
    served.process.kill()
    served.process.wait(timeout=20)
    runner.render_now(served.process, ["stories/tet-night-shift.md"])  # nothing raised


def test_a_saved_story_wakes_the_preview_without_waiting_for_a_poll(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    wakeup = Wakeup(root)
    try:
        story = root / STORY
        saver = threading.Timer(0.3, lambda: story.write_text(story.read_text(encoding="utf-8") + "\nMore.\n",
                                                              encoding="utf-8"))
        saver.start()
        began = time.monotonic()
        noticed = wakeup.wait(90)
        assert time.monotonic() - began < 60
        saver.join()
        assert noticed is not None and story.as_posix() in noticed
    finally:
        wakeup.stop()


def test_what_a_notification_names_is_all_the_preview_looks_at_again(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    seen = snapshot(root)
    story = root / STORY
    story.write_text(story.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    made = root / "stories/2026/a-new-year.md"
    made.parent.mkdir()
    made.write_text("---\ntitle: A new year\n---\n", encoding="utf-8")
    (root / "content/people").rename(root / "content/staff")
    # Told of the story, the new folder and both ends of the move, it sees what a full look sees.
    noticed = {story.as_posix(), made.parent.as_posix(), (root / "content/people").as_posix(),
               (root / "content/staff").as_posix()}
    assert updated(seen, noticed) == snapshot(root)
    # Told of nothing, it sees nothing new: the full look every so often is what catches that.
    assert updated(seen, set()) == seen
