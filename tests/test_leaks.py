"""Drafts and embargoed stories appear nowhere: not in pages, listings, counts, tags, awards,
related links, the sitemap or the search index. Every byte of the output is searched."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from .conftest import make_root, write
from .sitetools import site_builder

DRAFT_MARK = "zorblaxdraft"
EMBARGO_MARK = "quibbembargo"
NOW = "2025-06-01T08:00:00+00:00"


def story(title: str, extra: str, body: str) -> str:
    return f"""\
---
title: {title}
date: 2025-05-30
summary: {title} summary.
kind: profile
principles: [ownership]
departments: [finance]
people: [nguyen-thu-ha]
tags: [{title.split()[0].lower()}tag]
awards: [{{award: lotus-stars, year: 2025}}]
{extra}
---

{body}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Leak test\nsite_url: https://stories.example/\n")
    write(root, "stories/2025/secret-draft.md", story(f"{DRAFT_MARK} plans", "draft: true", f"Body {DRAFT_MARK}."))
    write(root, "stories/2025/later.md", story(f"{EMBARGO_MARK} news", "publish_on: 2025-06-01T09:00",
                                                  f"Body {EMBARGO_MARK}."))
    write(root, "stories/2025/far-future.md", story(f"{EMBARGO_MARK}2 news", "publish_on: 2999-01-01",
                                                       f"Body {EMBARGO_MARK}."))
    write(root, "stories/2025/already-out.md", story("Released yesterday", "publish_on: 2025-05-31",
                                                        "Body released."))
    return root


def build(root: Path, now: str) -> str:
    env = dict(os.environ, SITE_BUILDER_NOW=now)
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root)], env=env,
                            text=True, capture_output=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def every_byte(site: Path) -> bytes:
    """All output, with gzip files (search index chunks, sitemap.xml.gz) unpacked, lowercased."""
    chunks = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            chunks.append(path.as_posix().encode() + b"\n" + data)
    return b"\n".join(chunks).lower()


def test_drafts_and_embargoed_stories_leave_no_trace(root: Path) -> None:
    build(root, NOW)
    output = every_byte(root / "site")
    assert DRAFT_MARK.encode() not in output
    assert EMBARGO_MARK.encode() not in output
    assert b"secret-draft" not in output and b"/later/" not in output and b"far-future" not in output
    assert b"released yesterday" in output, "an embargo in the past is simply published"
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "https://stories.example/stories/already-out/" in sitemap


def test_counts_and_award_pages_ignore_held_back_stories(root: Path) -> None:
    build(root, NOW)
    award = (root / "site/awards/lotus-stars/index.html").read_text(encoding="utf-8")
    assert "Released yesterday" in award
    stories = (root / "site/stories/index.html").read_text(encoding="utf-8")
    assert "2 stories, newest first." in stories


def test_an_embargo_lifts_on_its_moment(root: Path) -> None:
    build(root, "2025-06-01T09:00:00+00:00")
    assert (root / "site/stories/later/index.html").is_file()
    assert not (root / "site/stories/far-future").exists()


def test_validation_still_checks_held_back_stories(root: Path) -> None:
    text = (root / "stories/2025/secret-draft.md").read_text(encoding="utf-8")
    (root / "stories/2025/secret-draft.md").write_text(text.replace("principles: [ownership]", "principles: [owner]"),
                                                        encoding="utf-8")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert "stories/2025/secret-draft.md:6: unknown principle 'owner'" in result.stdout


def test_a_bad_embargo_date_is_an_error_at_its_line(root: Path) -> None:
    text = (root / "stories/2025/later.md").read_text(encoding="utf-8")
    (root / "stories/2025/later.md").write_text(text.replace("2025-06-01T09:00", "next tuesday"), encoding="utf-8")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1
    assert "stories/2025/later.md:11: 'publish_on' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM" in result.stdout


def test_a_picture_in_the_text_is_published_with_the_story(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "stories/2025/team.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    story = (root / "stories/2025/tet-night-shift.md").read_text(encoding="utf-8")
    write(root, "stories/2025/tet-night-shift.md", story + "\n![The night team at 3 a.m.](team.svg)\n")
    build(root, NOW)
    page = (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert '<img alt="The night team at 3 a.m." src="../../media/stories/2025/team.svg">' in page
    assert (root / "site/media/stories/2025/team.svg").is_file()
