"""Addresses are plain ASCII slugs, whatever language the title, tag or file name is in."""

from __future__ import annotations

import unicodedata

import pytest

from site_builder.model.slugs import fold, is_slug, short_slug, slugify


@pytest.mark.parametrize("text, slug", [
    ("Tết này về nhà sớm", "tet-nay-ve-nha-som"),
    ("Đà Nẵng", "da-nang"),
    ("Tết ở nhà", "tet-o-nha"),
    ("tết", "tet"),
    ("night shift", "night-shift"),
    ("  Customer -- Obsession!  ", "customer-obsession"),
    ("Q3 2025", "q3-2025"),
    ("!!!", ""),
    ("", ""),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_decomposed_unicode_gives_the_same_slug() -> None:
    """macOS writes file names decomposed (NFD); the address must not change."""
    assert slugify(unicodedata.normalize("NFD", "Tết ở nhà")) == "tet-o-nha"


@pytest.mark.parametrize("text, folded", [
    ("Đà Nẵng", "da nang"),
    ("Hùng", "hung"),
    ("HÙNG", "hung"),
    ("Trần Thị Mai", "tran thi mai"),
    ("Straße", "strasse"),
])
def test_fold_removes_accents_and_capitals(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tags_differing_only_by_accents_or_capitals_are_the_same_tag() -> None:
    assert slugify("Tết") == slugify("tet") == slugify("TẾT")


@pytest.mark.parametrize("text, ok", [
    ("customer-obsession", True),
    ("q3-2025", True),
    ("Customer-Obsession", False),
    ("customer--obsession", False),
    ("-customer", False),
    ("tết", False),
    ("", False),
])
def test_is_slug(text: str, ok: bool) -> None:
    assert is_slug(text) is ok


def test_an_apostrophe_in_a_new_title_leaves_no_dash() -> None:
    assert short_slug("The night shift's coffee") == "the-night-shifts-coffee"
    assert short_slug("Lan\u2019s team, 'quoted'") == "lans-team-quoted"
