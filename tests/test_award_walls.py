"""Award walls: recipients with citations, each person once per year with every story naming them.

Validation of the `awards:` shape is line-exact; the pages are checked in real builds of the
minimal root, varied one story at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.pipeline.pipeline import build
from site_builder.model import load

from .conftest import STORY_PATH, VALID_STORY, line_of, run_cli, write

ONE_GRANT = "  - {award: lotus-stars, year: 2025}\n"


def with_awards(awards: str) -> str:
    assert ONE_GRANT in VALID_STORY
    return VALID_STORY.replace(ONE_GRANT, awards, 1)


def problems_of(root: Path) -> list[str]:
    code, out = run_cli("validate", "--root", root)
    assert "Traceback" not in out
    return [line for line in out.splitlines() if line.startswith(STORY_PATH)]


def test_todays_shape_without_people_still_gives_every_story_person_the_award(root: Path) -> None:
    site, problems = load(root)
    assert not problems
    recipients = site.recipients["lotus-stars"][2025]
    assert [r.person.id for r in recipients] == list(site.stories[0].people)


def test_a_recipient_must_be_among_the_storys_people(root: Path) -> None:
    text = with_awards("  - award: lotus-stars\n    year: 2025\n    people: [tran-thi-mai, nguyen-thu-ha]\n")
    write(root, STORY_PATH, text)
    line = line_of(text, "    people:")
    assert any(p.startswith(f"{STORY_PATH}:{line}: ") and "recipient 'nguyen-thu-ha' is not among the story's people" in p
               and "add 'nguyen-thu-ha' to 'people:'" in p for p in problems_of(root)), problems_of(root)


def test_a_recipient_listed_on_its_own_line_is_reported_at_that_line(root: Path) -> None:
    text = with_awards("  - award: lotus-stars\n    year: 2025\n    people:\n      - tran-thi-mai\n      - nguyen-thu-ha\n")
    write(root, STORY_PATH, text)
    line = line_of(text, "      - nguyen-thu-ha")
    assert any(p.startswith(f"{STORY_PATH}:{line}: ") for p in problems_of(root)), problems_of(root)


@pytest.mark.parametrize("citation, says", [
    ("For **bold** work", "Markdown emphasis or code"),
    ("For <b>bold</b> work", "HTML tags"),
    ("See [the story](https://example.com)", "Markdown links"),
    ("For *quiet* work", "Markdown emphasis"),
    ("Kept calm &amp; carried on", "HTML entities"),
])
def test_a_citation_must_be_plain_text(root: Path, citation: str, says: str) -> None:
    text = with_awards(f"  - award: lotus-stars\n    year: 2025\n    citation: '{citation}'\n")
    write(root, STORY_PATH, text)
    line = line_of(text, "    citation:")
    assert any(p.startswith(f"{STORY_PATH}:{line}: ") and "must be plain text" in p and says in p
               for p in problems_of(root)), problems_of(root)


def test_a_citation_has_a_length_limit(root: Path) -> None:
    text = with_awards(f"  - award: lotus-stars\n    year: 2025\n    citation: '{'word ' * 60}'\n")
    write(root, STORY_PATH, text)
    line = line_of(text, "    citation:")
    assert any(p.startswith(f"{STORY_PATH}:{line}: ") and "the limit is 280" in p for p in problems_of(root))


def test_an_unknown_key_in_an_award_suggests_the_right_one(root: Path) -> None:
    text = with_awards("  - award: lotus-stars\n    year: 2025\n    citaton: For the calm\n")
    write(root, STORY_PATH, text)
    line = line_of(text, "    citaton:")
    assert any(p.startswith(f"{STORY_PATH}:{line}: ") and "did you mean 'citation'?" in p for p in problems_of(root))


def test_a_person_receiving_the_same_award_twice_in_one_story_is_an_error(root: Path) -> None:
    text = with_awards("  - {award: lotus-stars, year: 2025, people: [tran-thi-mai]}\n"
                       "  - {award: lotus-stars, year: 2025, people: [tran-thi-mai]}\n")
    write(root, STORY_PATH, text)
    assert any("receives lotus-stars 2025 twice" in p for p in problems_of(root))


def two_stories_naming_mai(root: Path) -> None:
    write(root, STORY_PATH, with_awards(
        "  - {award: lotus-stars, year: 2025, people: [tran-thi-mai], citation: 'Kept the night shift answering.'}\n"
        "  - {award: lotus-stars, year: 2025, people: [le-van-hung]}\n"))
    second = with_awards("  - {award: lotus-stars, year: 2025, people: [tran-thi-mai]}\n")
    second = second.replace('title: "Tết at the call centre"', 'title: "Mai, Lotus Star"').replace(
        "date: 2025-01-27", "date: 2025-02-01")
    write(root, "stories/2025/mai-lotus-star.md", second)


def test_a_person_named_by_two_stories_is_one_card_with_both_stories(root: Path) -> None:
    two_stories_naming_mai(root)
    build(root)
    html = (root / "site/awards/lotus-stars/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="sb-recipient" id="sb-recipient-2025-([a-z-]+)">(.*?)</article>', html, re.S)
    assert [pid for pid, _ in cards] == ["tran-thi-mai", "le-van-hung"], "newest story first, each once"
    mai = cards[0][1]
    assert mai.count('href="../../stories/') == 2
    assert "Kept the night shift answering." in mai
    assert "Mai, Lotus Star" in mai and "Tết at the call centre" in mai
    assert '2 recipients' in html


def test_a_person_page_shows_each_award_as_a_badge(root: Path) -> None:
    two_stories_naming_mai(root)
    build(root)
    html = (root / "site/people/tran-thi-mai/index.html").read_text(encoding="utf-8")
    badges = re.findall(r'<a class="sb-badge" href="([^"]+)">([^<]+)</a>', html)
    assert badges == [("../../awards/lotus-stars/#sb-recipient-2025-tran-thi-mai", "Lotus Stars 2025")]


def test_home_and_the_awards_index_show_recipients_as_cards(root: Path) -> None:
    two_stories_naming_mai(root)
    build(root)
    home = (root / "site/index.html").read_text(encoding="utf-8")
    section = home[home.index('id="sb-recognised"'):]
    assert section.count('class="sb-recipient"') == 2
    assert "Lotus Stars 2025" in section
    index = (root / "site/awards/index.html").read_text(encoding="utf-8")
    assert index.count('class="sb-recipient"') == 2
    assert "2025: 2 recipients" in index
