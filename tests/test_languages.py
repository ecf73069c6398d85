"""A site in two languages, as its readers see it: every page in each, linked to each other.

The content root is tests/roots/minimal with `languages: [en, vi]`, Vietnamese names for a
principle and a department, a Vietnamese translation of the Tết interview, and a second story
nobody has translated yet.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOTS, write
from .sitetools import site_builder

EN_STORY = "stories/tet-night-shift/index.html"
VI_STORY = "vi/stories/tet-night-shift/index.html"
UNTRANSLATED = "stories/budget-in-one-page/index.html"

# Every page kind of the minimal root, by its address in the first language.
PAGE_KINDS = ["index.html", "stories/index.html", EN_STORY, "principles/index.html",
              "principles/customer-obsession/index.html", "departments/index.html",
              "departments/customer-care/index.html", "people/index.html", "people/tran-thi-mai/index.html",
              "awards/index.html", "awards/lotus-stars/index.html", "tags/index.html", "tags/tet/index.html"]


def bilingual_root(target: Path) -> Path:
    root = target / "root"
    shutil.copytree(ROOTS / "minimal", root)
    write(root, "mkdocs.yml", """\
        site_name: Lotus Harbour
        site_url: https://stories.example.com/
        extra:
          site_builder:
            languages: [en, vi]
        """)
    principles = (root / "content/principles.yml").read_text(encoding="utf-8")
    (root / "content/principles.yml").write_text(principles.replace(
        "  name: Customer Obsession\n", "  name:\n    en: Customer Obsession\n    vi: Khách hàng là trên hết\n"),
        encoding="utf-8")
    departments = (root / "content/departments.yml").read_text(encoding="utf-8")
    (root / "content/departments.yml").write_text(departments.replace(
        "  name: Customer Care\n", "  name: {en: Customer Care, vi: Chăm sóc khách hàng}\n"), encoding="utf-8")
    story = (root / "stories/2025/tet-night-shift.md").read_text(encoding="utf-8")
    (root / "stories/2025/tet-night-shift.md").write_text(story.replace(
        "  - {award: lotus-stars, year: 2025}\n",
        "  - {award: lotus-stars, year: 2025, citation: Kept every call answered through the holiday.}\n"),
        encoding="utf-8")
    write(root, "stories/2025/tet-night-shift.vi.md", """\
        ---
        title: "Đêm Tết ở tổng đài"
        summary: Ca trực đêm giữ cho mọi cuộc gọi của khách hàng đều có người nghe máy.
        ---

        ## Phục vụ đồng nghiệp trước

        @mai: Khách hàng đầu tiên của chúng tôi là các nhân viên nghe máy.

        Q2 to @hung: Khách hàng thật sự hỏi điều gì?

        @hung: Ứng dụng có chạy trong dịp Tết không.
        """)
    write(root, "stories/2025/budget-in-one-page.md", """\
        ---
        title: The budget on one page
        date: 2025-03-02
        summary: Finance wrote the whole year's budget on a single page anyone can read.
        kind: practice
        principles: [customer-obsession]
        departments: [finance]
        ---

        Every number on the page has a name beside it, so anyone can ask the right person.
        """)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = bilingual_root(tmp_path_factory.mktemp("bilingual"))
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    return root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, "the page has no <html lang>"
    return found.group(1)


@pytest.mark.parametrize("rel", PAGE_KINDS)
def test_every_page_kind_exists_in_vietnamese_under_vi(site: Path, rel: str) -> None:
    assert (site / rel).is_file()
    assert (site / "vi" / rel).is_file()


@pytest.mark.parametrize("rel", PAGE_KINDS)
def test_each_page_says_its_language(site: Path, rel: str) -> None:
    assert html_lang(read(site, rel)) == "en"
    assert html_lang(read(site, "vi/" + rel)) == "vi"


def test_each_page_links_its_translations_with_hreflang(site: Path) -> None:
    english, vietnamese = read(site, EN_STORY), read(site, VI_STORY)
    for page in (english, vietnamese):
        assert '<link rel="alternate" hreflang="en" href="https://stories.example.com/stories/tet-night-shift/">' in page
        assert '<link rel="alternate" hreflang="vi" href="https://stories.example.com/vi/stories/tet-night-shift/">' in page
        assert 'hreflang="x-default" href="https://stories.example.com/stories/tet-night-shift/"' in page


def test_the_header_switches_to_the_same_page_in_the_other_language(site: Path) -> None:
    english = read(site, "principles/customer-obsession/index.html")
    assert re.search(r'<a class="sb-languages__link" href="../../vi/principles/customer-obsession/" hreflang="vi"'
                     r'[^>]*>.*?Tiếng Việt</span></a>', english, re.S)
    vietnamese = read(site, "vi/principles/customer-obsession/index.html")
    assert re.search(r'<a class="sb-languages__link" href="../../../principles/customer-obsession/" hreflang="en"'
                     r'[^>]*>.*?English</span></a>', vietnamese, re.S)


def test_a_translated_story_shows_its_translation_in_vietnamese(site: Path) -> None:
    page = read(site, VI_STORY)
    assert "<title>Đêm Tết ở tổng đài - Lotus Harbour</title>" in page
    assert "Khách hàng đầu tiên của chúng tôi là các nhân viên nghe máy." in page
    assert "Đêm Tết ở tổng đài" not in read(site, EN_STORY)


def test_names_are_in_the_page_language(site: Path) -> None:
    assert "Khách hàng là trên hết" in read(site, VI_STORY)
    assert "Chăm sóc khách hàng" in read(site, VI_STORY)
    assert "Khách hàng là trên hết" not in read(site, EN_STORY)
    assert "Customer Obsession" in read(site, EN_STORY)


def test_links_on_a_vietnamese_page_stay_in_vietnamese(site: Path) -> None:
    page = read(site, VI_STORY)
    tabs = re.findall(r'<a href="([^"]+)" class="md-tabs__link', page)
    assert tabs == ["../../", "../", "../../principles/", "../../departments/", "../../people/", "../../awards/",
                    "../../tags/"]
    assert 'href="../../principles/customer-obsession/"' in page  # vi/principles/..., from vi/stories/tet-night-shift/


def test_the_theme_speaks_the_page_language(site: Path) -> None:
    assert re.search(r'class="md-skip">\s*Skip to content\s*</a>', read(site, EN_STORY))
    vietnamese = read(site, VI_STORY)
    assert "Skip to content" not in vietnamese
    assert re.search(r'class="md-skip">\s*Bỏ qua\s*</a>', vietnamese)  # mkdocs-material's own Vietnamese


def test_an_untranslated_story_is_listed_in_vietnamese_with_its_own_title_and_language(site: Path) -> None:
    listing = read(site, "vi/stories/index.html")
    assert "The budget on one page" in listing
    card = listing[listing.index("The budget on one page") - 600:listing.index("The budget on one page") + 400]
    assert 'lang="en"' in card
    page = read(site, "vi/" + UNTRANSLATED)
    assert html_lang(page) == "vi"
    assert 'lang="en"' in page and "The budget on one page" in page


def test_search_keeps_one_index_per_language(site: Path) -> None:
    entry = read(site, "pagefind/pagefind-entry.json")
    assert '"en":' in entry and '"vi":' in entry


def test_feeds_exist_per_language_and_link_their_language(site: Path) -> None:
    feed = read(site, "vi/feed.xml")
    assert "Đêm Tết ở tổng đài" in feed
    assert "https://stories.example.com/vi/stories/tet-night-shift/" in feed
    assert "Đêm Tết ở tổng đài" not in read(site, "feed.xml")


def test_the_sitemap_lists_each_pages_other_language(site: Path) -> None:
    sitemap = read(site, "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = sitemap[sitemap.index("<loc>https://stories.example.com/vi/stories/tet-night-shift/</loc>"):]
    entry = entry[:entry.index("</url>")]
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://stories.example.com/stories/tet-night-shift/"/>' in entry
    assert '<xhtml:link rel="alternate" hreflang="vi" href="https://stories.example.com/vi/stories/tet-night-shift/"/>' in entry


def test_share_pictures_are_drawn_per_language(site: Path) -> None:
    english = (site / "share/tet-night-shift.jpg").read_bytes()
    vietnamese = (site / "vi/share/tet-night-shift.jpg").read_bytes()
    assert english != vietnamese
    assert 'content="https://stories.example.com/vi/share/tet-night-shift.jpg"' in read(site, VI_STORY)


def test_a_one_language_site_has_no_language_pages_or_links(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(ROOTS / "minimal", root)
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert not (root / "site/vi").exists()
    assert "hreflang" not in (root / "site" / EN_STORY).read_text(encoding="utf-8")


def test_an_award_citation_is_marked_with_the_language_it_is_written_in(site: Path) -> None:
    wall = read(site, "vi/awards/lotus-stars/index.html")
    assert '<p class="sb-recipient__citation" lang="en">Kept every call answered through the holiday.</p>' in wall
    english = read(site, "awards/lotus-stars/index.html")
    assert '<p class="sb-recipient__citation">Kept every call answered through the holiday.</p>' in english


def test_search_results_know_an_untranslated_storys_language(site: Path) -> None:
    vietnamese = read(site, "vi/" + UNTRANSLATED)
    assert '<span data-pagefind-meta="lang">en</span><span data-pagefind-meta="language">tiếng Anh</span>' in vietnamese
    assert 'data-pagefind-meta="lang"' not in read(site, VI_STORY)  # translated: nothing to mark
    assert 'data-pagefind-meta="lang"' not in read(site, UNTRANSLATED)
