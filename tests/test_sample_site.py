"""The sample organisation builds into a complete site an employee can browse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.model import load
from site_builder.project import Project

from .sitetools import card_links, copy_sample, http_server, page, site_builder, slug_of

DRAFT_SLUG = "lotus-stars-2026-shortlist"
DRAFT_TITLE = "Lotus Stars 2026: the shortlist"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "WARNING" not in result.stdout, "the engine had nothing to complain about"
    return root


@pytest.fixture(scope="module")
def model(sample: Path):  # type: ignore[no-untyped-def]
    site, problems = load(sample, languages=Project.open(sample).languages)  # the sample is in en and vi
    assert not [p for p in problems if p.severity == "error"]
    return site


def test_sample_meets_the_size_the_contract_asks_for(model) -> None:  # type: ignore[no-untyped-def]
    assert len(model.principles) >= 8 and len(model.departments) >= 8
    assert len(model.people) >= 16 and len(model.stories) >= 14
    assert {s.kind for s in model.stories} == {"interview", "profile", "practice", "article"}
    assert len(model.recipients["lotus-stars"]) >= 2, "recipients in two different years"
    assert [s.slug for s in model.all_stories if s.draft] == [DRAFT_SLUG]


def test_every_published_story_has_its_stable_address(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    for story in model.stories:
        html = page(sample / "site", f"stories/{story.slug}")
        assert f"<h1>{story.title}</h1>" in html.replace("&#39;", "'").replace("&amp;", "&")


def test_the_draft_is_nowhere_in_the_output(sample: Path) -> None:
    for file in (sample / "site").rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert DRAFT_SLUG.encode() not in data, file
            assert DRAFT_TITLE.encode() not in data, file


def test_a_principle_page_lists_exactly_its_stories(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    for principle_id in model.principles:
        html = page(sample / "site", f"principles/{principle_id}")
        listed = [slug_of(h) for h in card_links(html)]
        assert listed == [s.slug for s in model.by_principle.get(principle_id, [])]


def test_a_person_page_lists_their_stories(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    for person_id in model.people:
        html = page(sample / "site", f"people/{person_id}")
        listed = [slug_of(h) for h in card_links(html)]
        assert listed == [s.slug for s in model.by_person.get(person_id, [])]


def test_the_stories_index_lists_every_story_newest_first(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    listed = [slug_of(h) for h in card_links(page(sample / "site", "stories"))]
    assert listed == [s.slug for s in model.stories]


def test_an_award_page_shows_recipients_by_year(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    html = page(sample / "site", "awards/lotus-stars")
    years = sorted(model.recipients["lotus-stars"], reverse=True)
    positions = [html.index(f'id="sb-year-{year}"') for year in years]
    assert positions == sorted(positions), "newest year first"


def test_vietnamese_tags_get_ascii_addresses(sample: Path) -> None:
    html = page(sample / "site", "tags/tet")
    assert "#tết" in html


def test_interview_turns_name_their_speaker_and_link_to_them(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    interview = next(s for s in model.stories if any(t.addressee for t in s.turns))
    html = page(sample / "site", f"stories/{interview.slug}")
    addressed = next(t for t in interview.turns if t.addressee)
    assert html.count('class="sb-turn sb-turn--') == len(interview.turns)
    assert f'href="../../people/{addressed.addressee}/"' in html
    assert f'<span class="sb-q">Q{addressed.number}</span>' in html


def test_stories_carry_their_facets_into_the_search_index(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    assert (sample / "site/pagefind/pagefind-entry.json").is_file()
    for story in model.stories:
        html = page(sample / "site", f"stories/{story.slug}")
        assert "data-pagefind-body" in html
        for principle in story.principles:
            assert f'data-pagefind-filter="principle:{principle}"' in html
        assert f'data-pagefind-filter="year:{story.year}"' in html
        assert f'data-pagefind-sort="date:{story.date.isoformat()}"' in html


def test_only_stories_and_people_are_search_results(sample: Path) -> None:
    for html_file in (sample / "site").rglob("index.html"):
        rel = html_file.relative_to(sample / "site").as_posix()
        indexed = "data-pagefind-body" in html_file.read_text(encoding="utf-8")
        parts = rel.split("/")[1:] if rel.startswith("vi/") else rel.split("/")  # Vietnamese under /vi/
        expected = len(parts) == 3 and parts[0] in ("stories", "people")
        assert indexed == expected, rel


def test_no_page_carries_a_navigation_of_all_stories(sample: Path, model) -> None:  # type: ignore[no-untyped-def]
    home = (sample / "site/index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-tabs"'):home.index("</nav>", home.index('<nav class="md-tabs"'))]
    assert not any(f"stories/{s.slug}/" in nav for s in model.stories)


def test_no_broken_links_in_the_built_site(sample: Path) -> None:
    """linkchecker crawls the site as a browser gets it: from a real HTTP server on localhost."""
    with http_server(sample / "site") as base:
        linkchecker = Path(sys.executable).with_name("linkchecker")
        result = subprocess.run([str(linkchecker), "--no-status", "--no-warnings", "--threads=4", base],
                                text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                                timeout=600)
    assert result.returncode == 0, result.stdout
    assert " 0 errors found" in result.stdout, result.stdout
    checked = int(result.stdout.split(" URLs checked")[0].rsplit(" ", 1)[-1])
    pages = [p for p in (sample / "site").rglob("*.html") if p.name != "404.html"]
    assert checked >= len(pages), "the crawl reached every page"


def test_the_published_site_is_readable_by_a_web_server(sample: Path) -> None:
    for path in [sample / "site", *(sample / "site").rglob("*")]:
        assert path.stat().st_mode & 0o004, f"{path} is not world-readable"


def test_two_builds_are_byte_identical(sample: Path, tmp_path: Path) -> None:
    again = copy_sample(tmp_path / "again")
    assert site_builder("build", "--root", str(again)).returncode == 0
    first = {p.relative_to(sample / "site"): p.read_bytes() for p in (sample / "site").rglob("*") if p.is_file()}
    second = {p.relative_to(again / "site"): p.read_bytes() for p in (again / "site").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_no_absolute_path_of_the_build_machine_is_in_the_output(sample: Path) -> None:
    marker = str(sample.resolve()).encode()
    for file in (sample / "site").rglob("*"):
        if file.is_file():
            assert marker not in file.read_bytes(), file


def test_source_date_epoch_sets_the_build_date(tmp_path: Path) -> None:
    import os

    root = copy_sample(tmp_path / "dated")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")  # 2023-11-14
    result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root)], env=env,
                            text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap
    header = (root / "site/sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 1699920000  # MkDocs keeps the day: 2023-11-14 00:00 UTC
