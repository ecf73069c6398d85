"""A build killed at any moment leaves the previous site complete and servable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import STORY_PATH, make_root
from .sitetools import http_server, site_builder


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_sigkill_at_any_moment_leaves_a_whole_site(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    before = snapshot(root / "site")
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("Tết at the call centre", "Tết, again"),
                     encoding="utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns("site", ".site-builder"))
    assert site_builder("build", "--root", str(reference)).returncode == 0
    after = snapshot(reference / "site")
    assert before != after

    started = time.monotonic()
    assert site_builder("build", "--root", str(reference)).returncode == 0
    duration = time.monotonic() - started
    outcomes = []
    for fraction in (0.05, 0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1):
        process = subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--root", str(root)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(duration * fraction)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        now = snapshot(root / "site")
        assert now in (before, after), f"a build killed at {fraction:.0%} left a partial site"
        outcomes.append("new" if now == after else "old")
        with http_server(root / "site") as base:
            import urllib.request

            with urllib.request.urlopen(base + "stories/tet-night-shift/") as response:  # noqa: S310
                assert response.status == 200
    assert "old" in outcomes, "some kills landed before the swap"
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert snapshot(root / "site") == after
    assert not list((root / ".site-builder").glob("out-*")), "leftovers of killed builds are cleared"


def test_the_replaced_site_is_removed_after_the_build_returns(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("Tết at the call centre", "Tết, again"),
                     encoding="utf-8")
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert "Tết, again" in (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    deadline = time.monotonic() + 30
    while list((root / ".site-builder").glob("old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list((root / ".site-builder").glob("old-*")), "the old site is still in the work folder"


def test_an_old_site_left_behind_is_removed_by_the_next_build(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    left = root / ".site-builder/old-killed/site"
    shutil.copytree(root / "site", left)  # as if the removal had been killed with the machine
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert not left.exists()
