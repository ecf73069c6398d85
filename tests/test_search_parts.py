"""A large archive is indexed in parts, merged into one index: results, facet counts and date
order are the same as when Pagefind indexes every page at once. Here the sample is indexed in
parts of about 7 pages (`SITE_BUILDER_SEARCH_PART_PAGES`), and compared in Chromium with the sample
indexed in one part."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .sitetools import copy_sample, http_server

PER_PART = 7


@pytest.fixture(scope="module")
def split_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = copy_sample(tmp_path_factory.mktemp("parts"))
    env = os.environ | {"SITE_BUILDER_SEARCH_PART_PAGES": str(PER_PART)}
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with http_server(root / "site") as base:
        yield base, root / "site"


def test_the_parts_make_one_index_of_every_page(split_url) -> None:  # type: ignore[no-untyped-def]
    _, site = split_url
    assert [d.name for d in site.iterdir() if d.name.startswith("pagefind")] == ["pagefind"]
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    searched = list((site.parent / ".site-builder/cache/search-input").rglob("*.html"))
    assert len(searched) > 3 * PER_PART
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(searched)


def results(page, base: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(base)
    page.keyboard.press("/")
    page.locator("#sb-search-input").fill(query)
    page.wait_for_function("q => document.querySelector('[data-sb-search]').dataset.sbFacets === q", arg=query)
    return page.locator("[data-sb-search-results] .sb-card__title a").all_inner_texts()


def facet_options(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("[data-sb-search-facets] option").all_inner_texts()


def status(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-sb-search-status]").inner_text()


@pytest.mark.parametrize("query", ["customer", "tet", "night shift"])
def test_merged_parts_find_as_many_pages_with_the_same_facet_counts(page, split_url, sample_url: str,
                                                                      query: str) -> None:  # type: ignore[no-untyped-def]
    results(page, sample_url, query)
    whole_status, whole_facets = status(page), facet_options(page)
    results(page, split_url[0], query)
    assert status(page) == whole_status  # "N results for ..."
    assert facet_options(page) == whole_facets  # every value with its count


def test_a_name_still_puts_the_persons_page_first_across_parts(page, split_url) -> None:  # type: ignore[no-untyped-def]
    assert results(page, split_url[0], "duc")[0] == "Nguyễn Văn Đức"


def test_a_filtered_listing_keeps_its_date_order_across_parts(page, split_url, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    def listing(base: str) -> list[str]:
        page.goto(base + "stories/?kind=profile")
        page.wait_for_selector("[data-sb-browse][data-sb-ready]")
        return page.locator("[data-sb-results] .sb-card__title a").all_inner_texts()

    whole = listing(sample_url)
    assert len(whole) >= 3
    assert listing(split_url[0]) == whole
