"""A content root written by someone else, outside the repository, builds with either engine."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .sitetools import links, page, site_builder


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A small hospital group with its own principles, people and award."""
    root = tmp_path / "riverside"
    write(root, "mkdocs.yml", """
        site_name: Riverside Care Stories
        theme:
          palette:
            scheme: default
            primary: red
    """)
    write(root, "content/principles.yml", """
        - id: patients-first
          name: Patients First
          summary: Every decision starts at the bedside.
          description: We ask **what the patient would want** before anything else.
        - id: speak-up
          name: Speak Up
          summary: Anyone can stop the line when something looks unsafe.
    """)
    write(root, "content/departments.yml", """
        - id: nursing
          name: Nursing
        - id: pharmacy
          name: Pharmacy
          summary: Medicines, safely.
    """)
    write(root, "content/awards.yml", """
        - id: golden-stethoscope
          name: Golden Stethoscope
          summary: For care beyond the rota.
    """)
    write(root, "content/people/amara-obi.yml", """
        name: Amara Obi
        role: Ward Sister
        department: nursing
        short_name: Amara
    """)
    write(root, "content/people/jonas-berg.yml", """
        name: Jonas Berg
        role: Chief Pharmacist
        department: pharmacy
        short_name: Jonas
    """)
    write(root, "stories/night-rounds.md", """
        ---
        title: Night rounds with Amara
        date: 2024-11-03
        summary: What a ward sister notices at 3 a.m. that nobody else does.
        kind: interview
        principles: [patients-first]
        departments: [nursing]
        people: [amara-obi, jonas-berg]
        awards: [{award: golden-stethoscope, year: 2024}]
        tags: [nights]
        ---

        Amara has walked the same corridor for eleven years.

        Q1 to @amara: What do you look for first?

        @amara: Who is awake and should not be.

        - the patient who is too quiet
        - the drip that is nearly empty

        Q2 by @jonas to @amara: When do you call pharmacy?

        @amara: Earlier than you would like, Jonas.
    """)
    write(root, "stories/sub/stop-the-line.md", """
        ---
        title: Stopping the line
        date: 2025-02-14
        summary: A pharmacist paused a ward round and nobody minded.
        kind: practice
        principles: [speak-up, patients-first]
        departments: [pharmacy]
        people: [jonas-berg]
        ---

        @jonas: I asked everyone to wait for two minutes. It was the right two minutes.
    """)
    return root


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_another_root_builds_with_either_engine(clinic: Path, engine: str) -> None:
    result = site_builder("build", "--root", str(clinic), "--engine", engine)
    assert result.returncode == 0, result.stdout
    site = clinic / "site"
    story = page(site, "stories/night-rounds")
    hrefs = links(story)
    for target in ("principles/patients-first/", "departments/nursing/", "people/amara-obi/",
                   "people/jonas-berg/", "awards/golden-stethoscope/", "tags/nights/"):
        assert f"../../{target}" in hrefs, target
    assert "Riverside Care Stories" in story
    principle = page(site, "principles/patients-first")
    assert "../../stories/night-rounds/" in links(principle)
    assert "../../stories/stop-the-line/" in links(principle)
    assert "<strong>what the patient would want</strong>" in principle
    person = page(site, "people/jonas-berg")
    assert "../../stories/stop-the-line/" in links(person)
    assert "Golden Stethoscope 2024" in page(site, "people/amara-obi")
    award = page(site, "awards/golden-stethoscope")
    assert "../../stories/night-rounds/" in links(award)


def test_both_engines_build_the_same_pages(clinic: Path, tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "copy"
    shutil.copytree(clinic, other)
    assert site_builder("build", "--root", str(clinic), "--engine", "mkdocs").returncode == 0
    assert site_builder("build", "--root", str(other), "--engine", "properdocs").returncode == 0
    pages = sorted(p.relative_to(clinic / "site").as_posix() for p in (clinic / "site").rglob("*.html"))
    assert pages == sorted(p.relative_to(other / "site").as_posix() for p in (other / "site").rglob("*.html"))
    for rel in ("stories/night-rounds/index.html", "principles/speak-up/index.html"):
        ours = (clinic / "site" / rel).read_text(encoding="utf-8")
        theirs = (other / "site" / rel).read_text(encoding="utf-8")
        body = lambda html: html[html.index('<article'):html.index("</article>")]  # noqa: E731
        assert body(ours) == body(theirs)


def test_moving_a_story_between_folders_keeps_its_address(clinic: Path) -> None:
    (clinic / "stories/2025").mkdir()
    (clinic / "stories/sub/stop-the-line.md").rename(clinic / "stories/2025/stop-the-line.md")
    assert site_builder("build", "--root", str(clinic)).returncode == 0
    assert (clinic / "site/stories/stop-the-line/index.html").is_file()


def test_an_engine_failure_exits_3_and_keeps_the_previous_site(clinic: Path) -> None:
    assert site_builder("build", "--root", str(clinic)).returncode == 0
    before = {p: p.read_bytes() for p in (clinic / "site").rglob("*") if p.is_file()}
    with (clinic / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("markdown_extensions:\n  - pymdownx.no_such_extension\n")  # allowed, not installed
    result = site_builder("build", "--root", str(clinic))
    assert result.returncode == 3, result.stdout
    assert "previous site was left in place" in result.stdout
    assert "Traceback" not in result.stdout
    assert {p: p.read_bytes() for p in (clinic / "site").rglob("*") if p.is_file()} == before


def test_a_broken_mkdocs_yml_is_reported_with_its_line(clinic: Path) -> None:
    (clinic / "mkdocs.yml").write_text("site_name: x\ntheme:\n  palette: [unclosed\nfoo: 1\n", encoding="utf-8")
    result = site_builder("validate", "--root", str(clinic))
    assert result.returncode == 1
    assert "mkdocs.yml:4: YAML syntax error" in result.stdout


def test_init_scaffolds_a_root_that_builds(tmp_path: Path) -> None:
    root = tmp_path / "new-site"
    assert site_builder("init", str(root), "--install", "git+https://git.example.com/tools/site-builder.git@0123456789abcdef0123456789abcdef01234567").returncode == 0
    assert site_builder("validate", "--root", str(root)).returncode == 0
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert (root / "site/stories/welcome/index.html").is_file()
    assert "/site/" in (root / ".gitignore").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty(clinic: Path) -> None:
    result = site_builder("init", str(clinic))
    assert result.returncode == 2
    assert "not empty" in result.stdout


def test_the_roots_mkdocs_yml_sets_name_and_colours(clinic: Path) -> None:
    assert site_builder("build", "--root", str(clinic)).returncode == 0
    home = (clinic / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Riverside Care Stories</title>" in home
    assert 'data-md-color-primary="red"' in home


def test_without_mkdocs_yml_sensible_defaults_apply(clinic: Path) -> None:
    (clinic / "mkdocs.yml").unlink()
    assert site_builder("build", "--root", str(clinic)).returncode == 0
    home = (clinic / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Our stories</title>" in home
    assert "assets/site-builder/site.css" in home
