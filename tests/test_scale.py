"""Large archives: paginated listings, builds split over cores, rebuilds that reuse the last build.

Whatever path a build takes (one engine process or several, from scratch or from the cache),
its output is the same, byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from site_builder.pipeline import pipeline, render
from site_builder.pages.paging import PAGE_SIZE

from .conftest import STORY_PATH, make_root
from .sitetools import copy_sample


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(root: Path, **options: object) -> pipeline.Built:
    built = pipeline.build(root, **options)  # type: ignore[arg-type]
    assert built.checked.ok, built.checked.problems
    return built


def clean_copy(root: Path, target: Path) -> Path:
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("site", ".site-builder"))
    return target


def edit_story(root: Path) -> None:
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line, added after the first build.\n",
                     encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive with more stories than one listing page holds, built once."""
    root = tmp_path_factory.mktemp("archive") / "root"
    generate(PAGE_SIZE * 2 + 5, root)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nsite_url: https://stories.example/\n")
    build(root)
    return root


def cards(page: Path) -> int:
    return page.read_text(encoding="utf-8").count('<article class="sb-card">')


def test_the_stories_index_is_split_into_pages_of_a_fixed_size(archive: Path) -> None:
    site = archive / "site"
    assert cards(site / "stories/index.html") == PAGE_SIZE
    assert cards(site / "stories/page/2/index.html") == PAGE_SIZE
    assert cards(site / "stories/page/3/index.html") == 5
    assert not (site / "stories/page/4").exists()


def test_every_story_is_on_exactly_one_page_of_the_index(archive: Path) -> None:
    site = archive / "site"
    listed: list[str] = []
    for page in [site / "stories/index.html", *sorted((site / "stories/page").glob("*/index.html"))]:
        listed += re.findall(r'class="sb-card__title"><a href="[./]*(?:stories/)?([^"/]+)/"', page.read_text("utf-8"))
    stories = [p.parent.name for p in (site / "stories").glob("*/index.html") if p.parent.name != "page"]
    assert sorted(listed) == sorted(stories)
    assert len(listed) == PAGE_SIZE * 2 + 5


def test_listing_pages_link_to_their_neighbours(archive: Path) -> None:
    second = (archive / "site/stories/page/2/index.html").read_text(encoding="utf-8")
    assert 'href="../../" rel="prev"' in second
    assert 'href="../3/" rel="next"' in second
    assert 'aria-current="page">2<' in second
    first = (archive / "site/stories/index.html").read_text(encoding="utf-8")
    assert 'rel="prev">Previous' not in first and 'href="page/2/" rel="next"' in first


def test_no_page_lists_more_than_one_page_of_cards(archive: Path) -> None:
    for page in (archive / "site").rglob("*.html"):
        assert cards(page) <= PAGE_SIZE, page


def test_a_rebuild_after_one_change_renders_only_what_changed(archive: Path, tmp_path: Path) -> None:
    root = clean_copy(archive, tmp_path / "root")
    build(root)
    story = sorted((root / "stories").rglob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    built = build(root)
    assert built.reused > 0 and built.rendered < built.reused / 4, (built.rendered, built.reused)


def test_a_rebuild_from_the_cache_equals_a_clean_build(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    build(root)
    edit_story(root)
    built = build(root)
    assert built.reused > 0
    reference = clean_copy(root, tmp_path / "reference")
    build(reference)
    assert snapshot(root / "site") == snapshot(reference / "site")


def test_a_changed_listing_card_is_not_served_from_the_cache(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    build(root)
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace("Tết at the call centre", "Tết, once more"),
                     encoding="utf-8")
    build(root)
    for page in ("stories/index.html", "principles/customer-obsession/index.html", "index.html"):
        assert "Tết, once more" in (root / "site" / page).read_text(encoding="utf-8"), page


def test_a_settings_change_renders_every_page_again(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    build(root)
    (root / "mkdocs.yml").write_text("copyright: Lotus Harbour staff\n", encoding="utf-8")
    built = build(root)
    assert built.reused == 0
    assert "Lotus Harbour staff" in (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")


def test_several_engine_processes_give_the_same_site_as_one(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MIN_PAGES_PER_SHARD", 1)  # shard even this small root
    one = copy_sample(tmp_path / "one")
    story = sorted((one / "stories/2025").glob("*.md"))[0]
    shutil.copy(one / "stories/2025/tet-cover.svg", story.parent / "in-the-text.svg")
    story.write_text(story.read_text(encoding="utf-8") + "\n![Lanterns at night](in-the-text.svg)\n",
                     encoding="utf-8")
    built = build(one, jobs=1, use_cache=False)
    three = clean_copy(one, tmp_path / "three")
    built_three = build(three, jobs=3, use_cache=False)
    assert not built_three.engine_warnings, built_three.engine_warnings
    assert snapshot(one / "site") == snapshot(three / "site")
    assert built.engine_warnings == built_three.engine_warnings


def test_the_sitemap_lists_every_page_once(archive: Path) -> None:
    sitemap = (archive / "site/sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = [p for p in (archive / "site").rglob("index.html") if "pagefind" not in p.parts and "admin" not in p.parts]  # /admin/ is the editor, not a page
    assert len(locations) == len(set(locations)) == len(pages)


def test_an_award_with_many_recipients_is_split_into_pages(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    story = (root / STORY_PATH).read_text(encoding="utf-8")
    for number in range(PAGE_SIZE):
        (root / f"content/people/winner-{number}.yml").write_text(f"name: Winner {number}\n", encoding="utf-8")
        (root / f"stories/2025/winner-{number}.md").write_text(
            story.replace('title: "Tết at the call centre"', f'title: "Winner {number}"')
                 .replace("people: [tran-thi-mai, le-van-hung]", f"people: [winner-{number}]")
                 .replace("@mai:", f"@winner-{number}:").replace("@hung:", f"@winner-{number}:"),
            encoding="utf-8")
    built = build(root)
    assert built.checked.ok, built.checked.problems
    site = root / "site/awards/lotus-stars"
    first = (site / "index.html").read_text(encoding="utf-8")
    second = (site / "page/2/index.html").read_text(encoding="utf-8")
    assert first.count('class="sb-recipient"') == PAGE_SIZE
    assert second.count('class="sb-recipient"') == 2
    assert 'href="page/2/" rel="next"' in first
    assert "50 recipients" in second, "the count is the year's, not the page's"


def cached_files(root: Path) -> set[str]:
    html = root / ".site-builder/cache/html"
    return {p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file()}


def test_the_build_cache_holds_page_html_only(tmp_path: Path) -> None:
    """Share pictures and theme files are written by every build: keeping them would double
    what the cache walks and holds."""
    root = make_root(tmp_path)
    build(root)
    kept = cached_files(root) - {".site-builder-cache.json"}
    assert kept and all(rel.endswith("index.html") for rel in kept), sorted(kept)[:5]
    assert "stories/tet-night-shift/index.html" in kept


def test_a_removed_story_leaves_the_cache_and_the_site(archive: Path, tmp_path: Path) -> None:
    root = clean_copy(archive, tmp_path / "root")
    build(root)
    removed = sorted((root / "stories").rglob("*.md"))[3]
    page = f"stories/{removed.stem}/index.html"
    assert page in cached_files(root)
    removed.unlink()
    built = build(root)
    assert built.reused > 0
    assert page not in cached_files(root)
    assert not (root / "site" / page).exists()
    reference = clean_copy(root, tmp_path / "reference")
    build(reference)
    assert snapshot(root / "site") == snapshot(reference / "site")


def test_a_fresh_checkout_with_the_kept_cache_equals_a_clean_build(tmp_path: Path) -> None:
    """As CI builds a merge: the repository checked out anew, `.site-builder/cache` restored
    (copies of its files), one story edited."""
    root = make_root(tmp_path)
    build(root)
    checkout = clean_copy(root, tmp_path / "checkout")
    shutil.copytree(root / ".site-builder/cache", checkout / ".site-builder/cache")
    edit_story(checkout)
    built = build(checkout)
    assert built.reused > 0 and built.rendered < built.reused, (built.rendered, built.reused)
    reference = clean_copy(checkout, tmp_path / "reference")
    build(reference)
    assert snapshot(checkout / "site") == snapshot(reference / "site")
