"""A newcomer follows the editor guide from an empty folder to a story on the built site."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from site_builder.resources import guide_dir

from .sitetools import free_port, site_builder, wait_for


GUIDE_COMMANDS = ("site-builder new story", "site-builder validate", "site-builder serve", "site-builder build",
                  "site-builder edit")


def test_the_guide_documents_every_step_of_this_journey() -> None:
    guide = (guide_dir() / "editor-guide.md").read_text(encoding="utf-8")
    for command in GUIDE_COMMANDS:
        assert command in guide, command
    assert "did you mean" in guide, "the guide shows how an error tells you the fix"


def test_from_scaffold_to_error_to_preview_to_published_page(tmp_path: Path) -> None:
    root = tmp_path / "our-stories"
    assert site_builder("init", str(root), "--install", "git+https://git.example.com/tools/site-builder.git@0123456789abcdef0123456789abcdef01234567").returncode == 0

    # 1. Scaffold a story from the command line, as the guide shows.
    new = site_builder("new", "story", "--root", str(root), "--title", "Mentoring on Mondays", "--kind", "practice",
                       "--principles", "ownership", "--people", "alex-example", "--date", "2026-03-02")
    assert new.returncode == 0, new.stdout
    story = root / "stories/2026/mentoring-on-mondays.md"
    assert story.is_file()
    # The editor writes the story in place of the scaffold's placeholders (validation refuses them).
    scaffold = story.read_text(encoding="utf-8")
    front = scaffold[:scaffold.index("\n---\n", 4) + 5]
    text = front + "\nEvery Monday, two colleagues sit together for an hour and fix one thing.\n"

    # 2. A typical slip: the editor writes `principle:`. Validation names the line and the fix.
    story.write_text(text.replace("principles: [ownership]", "principle: [ownership]"), encoding="utf-8")
    checked = site_builder("validate", "--root", str(root))
    assert checked.returncode == 1
    line = next(i for i, t in enumerate(story.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("principle:"))
    assert f"stories/2026/mentoring-on-mondays.md:{line}: unknown key 'principle' in the front matter " \
           "(did you mean 'principles'?)" in checked.stdout
    story.write_text(text, encoding="utf-8")  # the fix the hint suggests
    assert site_builder("validate", "--root", str(root)).returncode == 0

    # 3. Preview: the story is there, and an edit shows up without restarting.
    port = free_port()
    preview = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(root),
                                "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        page = f"http://127.0.0.1:{port}/stories/mentoring-on-mondays/"
        wait_for(page, "Mentoring on Mondays")
        story.write_text(text.replace('title: "Mentoring on Mondays"', 'title: "Mentoring on Mondays, revisited"'),
                         encoding="utf-8")
        wait_for(page, "Mentoring on Mondays, revisited", 30)
    finally:
        preview.send_signal(signal.SIGTERM)
        preview.wait(timeout=20)

    # 4. Build: the story is on the site, in the listings and on its principle's page.
    assert site_builder("build", "--root", str(root)).returncode == 0
    site = root / "site"
    assert "Mentoring on Mondays, revisited" in (site / "stories/mentoring-on-mondays/index.html").read_text("utf-8")
    assert "mentoring-on-mondays/" in (site / "stories/index.html").read_text("utf-8")
    assert "mentoring-on-mondays/" in (site / "principles/ownership/index.html").read_text("utf-8")
    assert "Mentoring on Mondays, revisited" in (site / "feed.xml").read_text("utf-8")
