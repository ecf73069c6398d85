"""Share pictures: every published story's page points at an existing 1200x630 picture made at
build time; held-back stories have none; Vietnamese titles draw with real glyphs."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from site_builder.pipeline.pipeline import build
from site_builder.media import share_card
from site_builder.media.share_card import BOLD, MEDIUM, Card, CardPerson, draw, font
from site_builder.model import load

from .conftest import make_root, write
from .sitetools import copy_sample, page
from .test_leaks import NOW, story
from .test_leaks import build as build_at

VIETNAMESE = "Tết ở Cần Thơ: Đỗ Hải Yến và Nguyễn Văn Đức, những người giữ lửa cho ca đêm ữ ặ ỳ ỹ"
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def metas(html: str) -> dict[str, str]:
    return dict(META.findall(html))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("share"))
    built = build(root)
    assert built.checked.ok
    return root


def test_every_published_story_page_has_an_existing_1200x630_share_picture(sample: Path) -> None:
    site, _ = load(sample)
    for story in site.stories:
        tags = metas(page(sample / "site", f"stories/{story.slug}"))
        url = tags["og:image"]
        assert url == f"https://stories.lotus-harbour.example/share/{story.slug}.jpg", "absolute with site_url"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert story.title in html.unescape(tags["og:image:alt"])
        assert tags["twitter:card"] == "summary_large_image"
        with Image.open(sample / "site" / url.split(".example/", 1)[1]) as picture:
            assert picture.size == (1200, 630) and picture.format == "JPEG"


def test_without_site_url_the_share_picture_is_a_link_from_the_page(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    build(root)
    tags = metas(page(root / "site", "stories/tet-night-shift"))
    assert tags["og:image"] == "../../share/tet-night-shift.jpg"
    assert (root / "site/share/tet-night-shift.jpg").is_file()


def test_drafts_and_embargoed_stories_have_no_share_picture(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "mkdocs.yml", "site_name: Leak test\nsite_url: https://stories.example/\n")
    write(root, "stories/2025/secret-draft.md", story("Draft plans", "draft: true", "Body."))
    write(root, "stories/2025/later.md", story("Later news", "publish_on: 2999-01-01", "Body."))
    write(root, "stories/2025/already-out.md", story("Released yesterday", "publish_on: 2025-05-31", "Body."))
    build_at(root, NOW)
    assert sorted(p.name for p in (root / "site/share").iterdir()) == ["already-out.jpg", "tet-night-shift.jpg"]
    cached = list((root / ".site-builder/cache/share-cards").iterdir())
    assert len(cached) == 2, "nothing of a held-back story is kept in the cache either"


def glyph(face: ImageFont.FreeTypeFont, char: str) -> bytes:
    canvas = Image.new("L", (160, 160))
    ImageDraw.Draw(canvas).text((40, 20), char, font=face, fill=255)
    return canvas.tobytes()


def test_a_vietnamese_title_draws_every_letter_with_its_own_glyph() -> None:
    for name in (BOLD, MEDIUM):
        face = font(name, 64)
        missing = glyph(face, "\u4e00")  # a CJK letter the font lacks: its missing-glyph box
        assert glyph(face, "\u4e01") == missing, "two letters the font lacks draw the same box"
        for char in sorted(set(unicodedata.normalize("NFC", VIETNAMESE)) - {" "}):
            drawn = glyph(face, char)
            assert drawn != missing and any(drawn), f"{char!r} ({name}) is not in the font"


def test_a_share_picture_is_the_same_bytes_every_time_and_comes_from_the_cache(tmp_path: Path) -> None:
    card = Card(VIETNAMESE, "Profile", ("Ownership",), (CardPerson("Đỗ Hải Yến", "ĐY"),), "Lotus Harbour",
                "#007a6c", "#ff6e42")
    first = share_card.make({"share/a.jpg": card}, tmp_path)["share/a.jpg"].read_bytes()
    assert first == draw(card)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(cached.read_bytes())  # untouched content: the next run reads it
    assert share_card.make({"share/a.jpg": card}, tmp_path)["share/a.jpg"].read_bytes() == first
    assert Image.open(io.BytesIO(first)).size == (1200, 630)


def test_a_raster_logo_and_a_consented_portrait_are_drawn(tmp_path: Path) -> None:
    portrait = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 30, 30)).save(portrait, "JPEG")
    plain = Card("Title", "Article", (), (CardPerson("A B", "AB"),), "Site", "#007a6c", "#ff6e42")
    with_photo = Card("Title", "Article", (), (CardPerson("A B", "AB", portrait.getvalue()),), "Site",
                      "#007a6c", "#ff6e42", logo=portrait.getvalue())
    drawn = Image.open(io.BytesIO(draw(with_photo))).convert("RGB")
    assert draw(plain) != draw(with_photo)
    assert drawn.getpixel((1200 - 72 - 58, 630 - 64 - 58)) == pytest.approx((200, 30, 30), abs=12)


def test_a_card_shows_its_own_sites_colours_and_logo_after_another_sites_cards_were_drawn() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (64, 64), (250, 250, 250)).save(logo, "PNG")
    ours = Card("Title", "Article", ("Ownership",), (CardPerson("A B", "AB"),), "Site", "#007a6c", "#ff6e42")
    others = [Card("Title", "Article", ("Ownership",), (CardPerson("A B", "AB"),), "Site", "#007a6c", "#2255aa"),
              Card("Title", "Article", ("Ownership",), (CardPerson("A B", "AB"),), "Site", "#7a0040", "#ff6e42"),
              Card("Title", "Article", ("Ownership",), (CardPerson("A B", "AB"),), "Site", "#007a6c", "#ff6e42",
                   logo=logo.getvalue()),
              Card("Title", "Article", ("Ownership",), (CardPerson("A B", "AB"),), "Other site", "#007a6c", "#ff6e42")]
    alone = draw(ours)
    for other in others:
        assert draw(other) != alone, "another site's colours, logo or name show on its cards"
        assert draw(ours) == alone
    bar = Image.open(io.BytesIO(draw(others[0]))).convert("RGB").getpixel((600, 6))
    assert bar == pytest.approx((0x22, 0x55, 0xaa), abs=8)


@pytest.mark.skipif(not share_card.fork_context(), reason="workers are forked")
def test_cards_drawn_by_worker_processes_are_the_same_bytes_as_drawn_alone(tmp_path: Path) -> None:
    portrait = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 30, 30)).save(portrait, "JPEG")
    cards = {f"share/{n}.jpg": Card(f"Story {n}", "Interview", ("Ownership",),
                                   (CardPerson("A B", "AB", portrait.getvalue()), CardPerson(f"C {n}", "C")),
                                   "Site", "#007a6c", "#ff6e42")
             for n in range(20)}
    files = share_card.make(cards, tmp_path, jobs=2)
    assert {path: file.read_bytes() for path, file in files.items()} == {path: draw(card) for path, card in cards.items()}


def test_share_pictures_are_readable_by_a_web_server_even_from_an_older_private_cache(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert build(root).checked.ok
    cached = sorted((root / ".site-builder/cache/share-cards").glob("*.jpg"))
    assert cached
    for file in cached:  # as an earlier version wrote them
        file.chmod(0o600)
    (root / "site").rename(tmp_path / "first-site")
    assert build(root).checked.ok
    published = sorted((root / "site/share").glob("*.jpg"))
    assert published and all(file.stat().st_mode & 0o004 for file in published)
