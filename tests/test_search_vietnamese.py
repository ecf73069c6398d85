"""Search that speaks Vietnamese: đ is d, names find their people, exact spellings and whole
phrases come first. In Chromium, on the sample site and on `tests/roots/vietnamese/`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOTS
from .sitetools import http_server, site_builder

RESULTS = "[data-sb-search-results] .sb-card__title a"


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the search, type `query`, and return the result titles in order."""
    page.keyboard.press("/")
    page.locator("#sb-search-input").fill(query)
    page.wait_for_function("q => document.querySelector('[data-sb-search]').dataset.sbQuery === q", arg=query)
    return page.locator(RESULTS).all_inner_texts()


@pytest.fixture(scope="module")
def branch_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("vietnamese") / "root"
    shutil.copytree(ROOTS / "vietnamese", root)
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    with http_server(root / "site") as base:
        yield base


@pytest.mark.parametrize("query", ["duc", "Duc", "DUC", "Đức", "đức"])
def test_duc_finds_nguyen_van_duc_first(page, sample_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url)
    titles = search(page, query)
    assert titles[0] == "Nguyễn Văn Đức", titles
    assert "Hoàng Đức Long" in titles  # the other Đức is found too


@pytest.mark.parametrize("query", ["dang minh khoa", "Đặng Minh Khoa", "khoa"])
def test_a_full_or_short_name_puts_the_persons_page_first(page, sample_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url)
    assert search(page, query)[0] == "Đặng Minh Khoa"


def test_results_show_the_text_with_its_d_stroke_intact(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url)
    search(page, "duc")
    first = page.locator("[data-sb-search-results] .sb-card").first
    assert "Đức" in first.locator(".sb-card__summary").inner_text()
    assert "\u0335" not in page.locator("[data-sb-search-results]").inner_text()


def test_a_person_result_separates_the_kind_from_the_role(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url)
    search(page, "Nguyễn Văn Đức")
    meta = page.locator("[data-sb-search-results] .sb-card").first.locator(".sb-card__meta").text_content()
    assert " ".join((meta or "").split()) == "Person · Senior Fraud Analyst"  # the badge's CSS capitalises it


@pytest.mark.parametrize("query", ["phan van dat", "dat", "Đạt", "PHAN VĂN ĐẠT"])
def test_phan_van_dat_is_found_without_a_vietnamese_keyboard(page, branch_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(branch_url)
    assert search(page, query)[0] == "Phan Văn Đạt"


def test_dong_and_dong_with_diacritics_find_the_same_pages(page, branch_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(branch_url)
    plain = search(page, "dong")
    page.locator("[data-sb-search-close]").click()
    accented = search(page, "đồng")
    assert set(plain) == set(accented) >= {"Colleagues first at the riverside branch", "The Dong river walk"}


def test_a_query_with_diacritics_puts_the_exact_spelling_first(page, branch_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(branch_url)
    assert search(page, "đồng")[0] == "Colleagues first at the riverside branch"


def test_the_whole_phrase_ranks_above_its_words_apart(page, branch_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(branch_url)
    titles = search(page, "vo gia")
    assert titles[0] == "A gift beyond price", titles
