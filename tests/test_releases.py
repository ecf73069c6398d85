"""`publish --to DIR` and `rollback --to DIR`, checked through a real HTTP server on DIR/current."""

from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

from .conftest import STORY_PATH, make_root
from .sitetools import http_server, site_builder


def title_served(base: str) -> str:
    with urllib.request.urlopen(base + "stories/tet-night-shift/", timeout=5) as response:  # noqa: S310
        html = response.read().decode("utf-8")
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def retitle(root: Path, title: str) -> None:
    story = root / STORY_PATH
    text = story.read_text(encoding="utf-8")
    start = text.index("title: ")
    end = text.index("\n", start)
    story.write_text(text[:start] + f'title: "{title}"' + text[end:], encoding="utf-8")


def test_publish_a_second_publish_and_a_rollback(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    target = tmp_path / "srv"
    assert site_builder("build", "--root", str(root)).returncode == 0
    first = site_builder("publish", "--root", str(root), "--to", str(target))
    assert first.returncode == 0, first.stdout
    assert (target / "current").is_symlink()
    with http_server(target / "current") as base:  # the symlink is followed on each request
        assert title_served(base) == "Tết at the call centre"
        retitle(root, "Second edition")
        time.sleep(1.1)  # release names carry the second they were made
        assert site_builder("build", "--root", str(root)).returncode == 0
        assert site_builder("publish", "--root", str(root), "--to", str(target)).returncode == 0
        assert title_served(base) == "Second edition"
        rolled = site_builder("rollback", "--to", str(target))
        assert rolled.returncode == 0, rolled.stdout
        assert title_served(base) == "Tết at the call centre"
    assert len(list((target / "releases").iterdir())) == 2


def test_only_the_last_five_releases_are_kept(tmp_path: Path) -> None:
    from site_builder.publish import releases

    site = tmp_path / "site"
    site.mkdir()
    target = tmp_path / "srv"
    import datetime as dt

    for day in range(1, 8):
        (site / "index.html").write_text(f"edition {day}", encoding="utf-8")
        releases.publish(site, target, dt.datetime(2025, 1, day, tzinfo=dt.timezone.utc))
    kept = releases.releases(target)
    assert [p.name[:8] for p in kept] == ["20250103", "20250104", "20250105", "20250106", "20250107"]
    assert releases.current(target) == kept[-1].resolve()
    assert os.readlink(target / "current") == f"releases/{kept[-1].name}"


def test_rollback_with_nothing_earlier_says_so(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert site_builder("publish", "--root", str(root), "--to", str(tmp_path / "srv")).returncode == 0
    result = site_builder("rollback", "--to", str(tmp_path / "srv"))
    assert result.returncode == 1
    assert "nothing earlier to roll back to" in result.stdout


def test_publish_refuses_a_root_that_was_not_built(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = site_builder("publish", "--root", str(root), "--to", str(tmp_path / "srv"))
    assert result.returncode == 1
    assert "run site-builder build first" in result.stdout
