"""Editors' text is never trusted markup: it always goes through Markdown and the sanitizer.

Cards, story headers and people grids are built by our templates from escaped values and
skip both (see `staged.fill_fragments`). These tests fail if a template or the generator
lets anything an editor wrote into that trusted path unescaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import escape

from site_builder.model import load
from site_builder.pages.generator import BodyMisplaced, Generator
from site_builder.pages.stage import generate
from site_builder.staged import FRAGMENTS

from .conftest import STORY_PATH, VALID_STORY, write
from .sitetools import site_builder

MARK = "<script>window.__planted=1</script>"  # raw HTML that must never reach a page as HTML


def plant(root: Path) -> None:
    """Put raw HTML into every field an editor writes: story, person, principle, department, award."""
    story = (VALID_STORY.replace('title: "Tết at the call centre"', f"title: 'Tết {MARK} at the call centre'")
             .replace("summary: How", f"summary: {MARK} How")
             .replace("tags: [tết, night shift]", f"tags: [tết, '{MARK}']")
             .replace("@mai: Our first", f"@mai: {MARK} Our first"))
    write(root, STORY_PATH, story)
    person = root / "content/people/tran-thi-mai.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: Trần Thị Mai", f"name: 'Trần {MARK} Mai'")
                      + f"role: '{MARK} Lead'\nbio: '{MARK} bio'\n", encoding="utf-8")
    for file in ("principles.yml", "departments.yml", "awards.yml"):
        path = root / "content" / file
        path.write_text(path.read_text(encoding="utf-8").replace("name: ", f"name: {MARK} ", 1), encoding="utf-8")


def test_no_fragment_holds_raw_editor_html(root: Path) -> None:
    plant(root)
    site, problems = load(root)
    assert not [p for p in problems if p.severity == "error"], problems
    files = generate(site)
    fragments = {path: json.loads(text) for path, text in files.items() if path.startswith(FRAGMENTS + "/")}
    assert fragments, "the generator made no trusted fragments at all"
    for path, parts in fragments.items():
        for part in parts:
            assert MARK not in part, f"raw editor HTML in the trusted fragment of {path}"
    escaped = str(escape(MARK))
    assert any(escaped in part for parts in fragments.values() for part in parts), \
        "the planted text should appear in the fragments, escaped"


def test_the_story_body_stays_markdown_outside_every_fragment(root: Path) -> None:
    plant(root)
    site, _ = load(root)
    files = generate(site)
    page = files["stories/tet-night-shift.md"]
    assert f"{MARK} Our first customers" in page  # the Markdown the sanitizer will see
    assert not any("Our first customers" in text for path, text in files.items() if path.startswith(FRAGMENTS))


def test_a_template_that_trusts_the_body_fails_the_build(root: Path) -> None:
    site, _ = load(root)
    generator = Generator(site)
    story_template = generator.env.loader.get_source(generator.env, "story.md")[0]  # type: ignore[union-attr]
    assert "{{ body }}" in story_template
    broken = story_template.replace("{{ body }}", "{{ trusted(body) }}")
    generator.env.loader = ChoiceLoader([DictLoader({"story.md": broken}), generator.env.loader])  # type: ignore[list-item]
    with pytest.raises(BodyMisplaced, match="outside trusted"):
        generator.render(generator.story_page(site.stories[0]))


def test_planted_html_is_inert_in_the_built_pages(root: Path) -> None:
    plant(root)
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    for page in (root / "site").rglob("*.html"):
        assert MARK not in page.read_text(encoding="utf-8"), f"{page} holds the planted tag as HTML"
    story = (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert "Our first customers" in story


def test_every_placeholder_is_filled_and_no_engine_hook_is_needed(root: Path) -> None:
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    config = (root / ".site-builder/cache/staging/mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks: []" in config  # the build runs no code inside the engine
    listing = (root / "site/stories/index.html").read_text(encoding="utf-8")
    assert "sb-card" in listing
    for page in (root / "site").rglob("*.html"):
        assert "data-sb-fragment" not in page.read_text(encoding="utf-8"), page
