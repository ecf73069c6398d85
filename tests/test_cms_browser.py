"""The browser editor at /admin/, in real Chromium, against Decap's own local backend.

decap-server (from npm, in .tools/; scripts/ensure-cms) runs in git mode on a free port over a
temporary content root that is a git repository, so saving goes the editorial-workflow way: a
branch `cms/stories/<slug>` holds the new story, as a pull request's branch would. The test
then checks that branch out and runs `site-builder validate` and `build` on it.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import make_root
from .sitetools import REPO, free_port, http_server, site_builder

DECAP_SERVER = REPO / ".tools/node_modules/.bin/decap-server"
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]


def git(root: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=root, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture()
def cms_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A content root in git, built with /admin/ pointed at a decap-server started here."""
    assert DECAP_SERVER.is_file(), "decap-server is not installed: run 'make test' (scripts/ensure-cms)"
    root = make_root(tmp_path)
    port = free_port()
    (root / "mkdocs.yml").write_text(
        "site_name: CMS test\nextra:\n  site_builder:\n    admin:\n      backend: "
        f"{{name: proxy, proxy_url: 'http://127.0.0.1:{port}/api/v1', branch: main}}\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\n.site-builder/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content")
    built = site_builder("build", "--root", str(root))
    assert built.returncode == 0, built.stdout
    env = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    server = subprocess.Popen([str(DECAP_SERVER)], cwd=root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(  # noqa: S310 (localhost only)
                    f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
                    headers={"Content-Type": "application/json"}), timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "decap-server did not start"
                time.sleep(0.2)
        yield root, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def pick(page, field: str, text: str, last: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Choose in a select or relation picker by typing part of the shown name."""
    boxes = page.locator(f'[id^="{field}-field-"]')
    box = boxes.last if last else boxes.first
    box.click()
    box.fill(text)
    page.locator('[id^="react-select"][id*="-option-"]', has_text=text).first.click()


def add_turn(page, speaker: str, said: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_title("Add Component").click()
    page.get_by_role("list").get_by_text("Turn", exact=True).click()
    pick(page, "who", speaker, last=True)
    page.locator('[id^="text-field-"]').last.fill(said)


def test_a_story_made_in_the_browser_is_a_valid_branch_and_a_person_edit_changes_the_file(
        browser, cms_root: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    root, backend = cms_root
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    # decap-server answers 404 when asked for a story's or person's unpublished branch that does
    # not exist yet (the editorial workflow asks before every edit): the protocol, not an error.
    backend_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and m.text != backend_404 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    with http_server(root / "site") as base:
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.startswith(backend) else None)
        page.on("request", lambda r: None if r.url.startswith((base, backend, "data:", "blob:"))
                else outside.append(r.url))
        page.goto(base + "admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Stories", exact=True).first.wait_for()
        page.goto(base + "admin/#/collections/stories/new")
        page.locator('[id^="title-field-"]').fill("Night owls of Customer Care")
        page.locator('[id^="date-field-"]').fill("2025-03-01")
        page.locator('[id^="summary-field-"]').fill("Two colleagues on the late shift.")
        pick(page, "kind", "interview")
        pick(page, "principles", "Customer Obsession")
        pick(page, "departments", "Customer Care")
        pick(page, "people", "Trần Thị Mai")
        pick(page, "people", "Lê Văn Hùng")
        page.locator('[data-slate-editor="true"]').click()
        add_turn(page, "Trần Thị Mai", "The phones ring until two.")
        add_turn(page, "Lê Văn Hùng", "And we answer every one.")
        preview = page.frame_locator("#preview-pane")
        assert preview.locator(".sb-turn__name", has_text="Lê Văn Hùng").first.is_visible()
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Entry saved").first.wait_for()
        page.wait_for_timeout(500)

        branch = "cms/stories/2025/night-owls-of-customer-care"
        assert branch in git(root, "branch", "--list")
        path = "stories/2025/night-owls-of-customer-care.md"
        text = git(root, "show", f"{branch}:{path}")
        assert re.search(r"(?m)^@tran-thi-mai: The phones ring until two\.$", text), text
        assert re.search(r"(?m)^@le-van-hung: And we answer every one\.$", text), text
        git(root, "checkout", "-q", branch)
        check = site_builder("validate", "--root", str(root))
        assert check.returncode == 0, check.stdout + text
        built = site_builder("build", "--root", str(root))
        assert built.returncode == 0, built.stdout
        story = (root / "site/stories/night-owls-of-customer-care/index.html").read_text(encoding="utf-8")
        assert story.count('class="sb-turn sb-turn--answer"') == 2 and "Lê Văn Hùng" in story
        git(root, "checkout", "-q", "main")

        page.goto(base + "admin/#/collections/people")
        page.get_by_text("Lê Văn Hùng").first.click()
        role = page.locator('[id^="role-field-"]')
        role.fill("Night shift lead")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Entry saved").first.wait_for()
        page.wait_for_timeout(500)
        person = git(root, "show", "cms/people/le-van-hung:content/people/le-van-hung.yml")
        assert "role: Night shift lead" in person
        context.close()  # before the site's server stops: a request after that is refused
    assert errors == []
    assert outside == []
