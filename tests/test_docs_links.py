"""The README stays a newcomer's first hour, and the pages it sends readers to exist.

The README starts with the two set-up commands and stays under 1,500 words (issue 21, item 8);
the design notes live in docs/, one page per subsystem. Every relative link in the README and in
docs/*.md must reach a file of the repository and, when it names an anchor, a heading of that
file, as GitHub renders it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def prose(text: str) -> str:
    return CODE.sub("", FENCE.sub("", text))


def anchors(path: Path) -> set[str]:
    """The ids GitHub gives the headings of a Markdown file."""
    seen: dict[str, int] = {}
    ids = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        heading = re.match(r"#{1,6} +(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        ids.add(slug if count == 0 else f"{slug}-{count}")
    return ids


def test_the_readme_starts_with_the_set_up_commands_and_fits_in_1500_words() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.split()) <= 1500
    title, blank, rest = text.split("\n", 2)
    assert title.startswith("# ") and blank == "" and rest.startswith("## Set up\n\n```")
    first_block = FENCE.search(rest)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(0).splitlines()[1:-1]]
    assert commands == ["make site", "make test"]


def test_the_readme_links_every_docs_page() -> None:
    text = prose(README.read_text(encoding="utf-8"))
    linked = {target.split("#")[0] for target in LINK.findall(text)}
    assert DOCS
    assert [page.name for page in DOCS if f"docs/{page.name}" not in linked] == []


@pytest.mark.parametrize("page", [README, *DOCS], ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_reaches_a_file_and_its_heading(page: Path) -> None:
    broken = []
    for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.exists() or REPO not in destination.parents:
            broken.append(target)
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(target)
    assert broken == []
