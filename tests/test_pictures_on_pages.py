"""Covers and portraits are published resized: WebP and JPEG sizes, width and height set, cached."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from site_builder.pipeline import pipeline

from .conftest import STORY_PATH, VALID_STORY, line_of, make_root, run_cli, write


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def with_pictures(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    (root / "stories/2025/cover.jpg").write_bytes(jpeg(2000, 1000))
    story = root / STORY_PATH
    story.write_text(story.read_text(encoding="utf-8").replace(
        "people: [tran-thi-mai, le-van-hung]",
        "people: [tran-thi-mai, le-van-hung]\ncover: cover.jpg\ncover_alt: Red lanterns over the desks"),
        encoding="utf-8")
    (root / "content/people/photos").mkdir(parents=True)
    (root / "content/people/photos/mai.jpg").write_bytes(jpeg(600, 600))
    person = root / "content/people/tran-thi-mai.yml"
    person.write_text(person.read_text(encoding="utf-8")
                      + "photo: photos/mai.jpg\nphoto_alt: Mai smiling\nphoto_consent: true\n", encoding="utf-8")
    return root


def test_a_cover_is_published_in_webp_and_jpeg_sizes_with_its_dimensions(tmp_path: Path) -> None:
    root = with_pictures(tmp_path)
    assert pipeline.build(root).checked.ok
    page = (root / "site/stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="sb-cover">(.*?)</figure>', page, re.S)
    assert figure, page
    markup = figure.group(1)
    assert 'type="image/webp"' in markup and "cover-480.webp 480w" in markup and "cover-1440.webp 1440w" in markup
    assert 'width="1440" height="720"' in markup
    media = root / "site/media/stories/2025"
    with Image.open(media / "cover-960.webp") as image:
        assert (image.format, image.size) == ("WEBP", (960, 480))
    with Image.open(media / "cover-1440.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1440, 720))
    assert not (media / "cover.jpg").exists(), "the 2000 px original is not published"


def test_a_portrait_is_published_small_for_avatars(tmp_path: Path) -> None:
    root = with_pictures(tmp_path)
    assert pipeline.build(root).checked.ok
    page = (root / "site/people/tran-thi-mai/index.html").read_text(encoding="utf-8")
    avatar = re.search(r'<picture><source type="image/webp" srcset="([^"]+)" sizes="120px">', page)
    assert avatar and "mai-384.webp 384w" in avatar.group(1)
    with Image.open(root / "site/media/content/people/photos/mai-96.jpg") as image:
        assert image.size == (96, 96)


def test_resized_pictures_are_reused_from_the_cache(tmp_path: Path) -> None:
    root = with_pictures(tmp_path)
    assert pipeline.build(root).checked.ok
    cache = root / ".site-builder/cache/images"
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(made) == 12  # 3 cover widths and 3 portrait widths, each in WebP and JPEG
    (root / STORY_PATH).write_text((root / STORY_PATH).read_text(encoding="utf-8") + "\nMore text.\n",
                                   encoding="utf-8")
    assert pipeline.build(root).checked.ok
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == made


def test_a_cover_that_cannot_be_decoded_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = with_pictures(tmp_path)
    data = jpeg(2000, 1000)
    (root / "stories/2025/cover.jpg").write_bytes(data[: len(data) // 3])  # an unfinished copy
    before = (root / "site").exists()
    code, out = run_cli("build", "--root", root)
    assert code == 1, out
    story = (root / STORY_PATH).read_text(encoding="utf-8")
    assert f"{STORY_PATH}:{line_of(story, 'cover:')}: 'cover' 'cover.jpg' cannot be read" in out, out
    assert "Traceback" not in out
    assert (root / "site").exists() == before


def test_a_cut_off_jpeg_fails_validation_at_its_line_not_the_build(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 40, 40)).save(buffer, "JPEG", quality=90)
    (root / "stories/2025/cover.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    story = VALID_STORY.replace("tags:", "cover: cover.jpg\ncover_alt: The night shift\ntags:", 1)
    write(root, STORY_PATH, story)
    code, output = run_cli("validate", "--root", root)
    assert code == 1, output
    assert f"{STORY_PATH}:{line_of(story, 'cover:')}: 'cover' 'cover.jpg' cannot be read as an image" in output
    assert "cut off" in output
    assert not (root / "site").exists()
