"""Cover images and portraits are published small, sized and cached (site_builder.media.images).

Every picture is made here with Pillow, a few dozen pixels to a couple of thousand wide, so
the tests say exactly what goes in and can open what comes out.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from site_builder.media import images
from site_builder.media.images import ImageError, Picture, check, make, plan


def photo(width: int, height: int, mode: str = "RGB", fmt: str = "JPEG", **save: object) -> bytes:
    """A picture with real detail (gradients and a pattern), so encoders have work to do."""
    size = (width, height)
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    img = Image.merge("RGB", (across, down, Image.effect_mandelbrot(size, (-2.0, -1.2, 0.8, 1.2), 60)))
    if mode != "RGB":
        img = img.convert(mode)
    buffer = io.BytesIO()
    img.save(buffer, fmt, **save)
    return buffer.getvalue()


def halves(width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int],
           **save: object) -> bytes:
    """A JPEG whose top half is one colour and bottom half another: shows which way is up."""
    img = Image.new("RGB", (width, height), top)
    img.paste(bottom, (0, height // 2, width, height))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=95, **save)
    return buffer.getvalue()


def transparent_png(width: int = 300, height: int = 200) -> bytes:
    img = Image.new("RGBA", (width, height), (200, 30, 30, 255))
    img.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def pixel(img: Image.Image, x: int, y: int) -> tuple[int, ...]:
    value = img.getpixel((x, y))
    assert isinstance(value, tuple)
    return value


def build(pictures: list[tuple[Picture, bytes]], cache: Path, jobs: int = 1) -> dict[str, bytes]:
    return make(pictures, cache, jobs)


def test_a_cover_is_planned_at_480_960_and_1440_pixels_wide() -> None:
    picture = plan("media/stories/2025/tet.jpg", photo(2000, 1000), "cover")
    assert picture.sources[0][0] == "image/webp" and picture.sources[1][0] == "image/jpeg"
    assert [(r.path, r.width, r.height) for r in picture.sources[0][1]] == [
        ("media/stories/2025/tet-480.webp", 480, 240),
        ("media/stories/2025/tet-960.webp", 960, 480),
        ("media/stories/2025/tet-1440.webp", 1440, 720),
    ]
    assert picture.fallback.path == "media/stories/2025/tet-1440.jpg"
    assert (picture.width, picture.height) == (1440, 720)


def test_a_portrait_is_planned_at_96_192_and_384_pixels_wide() -> None:
    picture = plan("media/content/people/mai.jpg", photo(400, 400), "portrait")
    assert [r.width for r in picture.sources[0][1]] == [96, 192, 384]
    assert picture.fallback.path == "media/content/people/mai-384.jpg"


def test_a_small_picture_is_never_enlarged() -> None:
    assert [r.width for r in plan("media/a.jpg", photo(1000, 500), "cover").sources[0][1]] == [480, 960]
    assert [r.width for r in plan("media/a.jpg", photo(300, 150), "cover").sources[0][1]] == [300]
    assert [r.width for r in plan("media/a.jpg", photo(150, 150), "portrait").sources[0][1]] == [96]


def test_webp_and_jpeg_files_have_the_planned_pixel_sizes(tmp_path: Path) -> None:
    data = photo(1100, 733)
    picture = plan("media/stories/cover.jpg", data, "cover")
    files = build([(picture, data)], tmp_path / "cache")
    assert sorted(files) == sorted(r.path for r in picture.renditions)
    for rendition in picture.renditions:
        img = opened(files[rendition.path])
        assert img.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition.mime]
        assert img.size == (rendition.width, rendition.height)
    assert (picture.width, picture.height) == (960, 640)


def test_a_png_with_transparency_falls_back_to_png_not_jpeg(tmp_path: Path) -> None:
    data = transparent_png()
    picture = plan("media/logo.png", data, "portrait")
    assert [mime for mime, _ in picture.sources] == ["image/webp", "image/png"]
    assert picture.fallback.mime == "image/png" and picture.fallback.path == "media/logo-192.png"
    files = build([(picture, data)], tmp_path / "cache")
    fallback = opened(files[picture.fallback.path])
    assert fallback.format == "PNG" and fallback.mode == "RGBA"
    assert pixel(fallback, 0, 0)[3] == 0, "the transparent half stays transparent"
    assert opened(files["media/logo-96.webp"]).mode == "RGBA"


def test_a_png_without_transparency_falls_back_to_jpeg() -> None:
    picture = plan("media/chart.png", photo(600, 400, fmt="PNG"), "cover")
    assert picture.fallback.mime == "image/jpeg" and picture.fallback.path == "media/chart-480.jpg"


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: turn 90 degrees clockwise to show it
    data = halves(100, 200, (220, 0, 0), (0, 0, 220), exif=exif.tobytes())
    picture = plan("media/people/hung.jpg", data, "portrait")
    assert (picture.width, picture.height) == (192, 96)
    assert [(r.width, r.height) for r in picture.sources[0][1]] == [(96, 48), (192, 96)]
    shown = opened(build([(picture, data)], tmp_path / "cache")[picture.fallback.path]).convert("RGB")
    assert shown.size == (192, 96)
    right, left = pixel(shown, 180, 48), pixel(shown, 10, 48)
    assert right[0] > 150 > right[2], "the stored top (red) is now on the right"
    assert left[2] > 150 > left[0]


def test_camera_metadata_is_not_published(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model 7 Pro"  # Model
    exif[0x0131] = "EditorApp"  # Software
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = photo(640, 480, exif=exif.tobytes(), icc_profile=srgb, comment=b"secret note")
    assert opened(data).getexif()
    picture = plan("media/a.jpg", data, "cover")
    for path, output in build([(picture, data)], tmp_path / "cache").items():
        img = opened(output)
        assert not img.getexif(), path
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(img.info), (path, img.info.keys())
        assert b"PhoneMaker" not in output and b"secret note" not in output


def test_a_cmyk_jpeg_comes_out_as_rgb_in_the_right_colours(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("CMYK", (500, 300), (0, 255, 255, 0)).save(buffer, "JPEG", quality=95)  # red ink
    data = buffer.getvalue()
    picture = plan("media/print.jpg", data, "cover")
    for output in build([(picture, data)], tmp_path / "cache").values():
        img = opened(output)
        assert img.mode == "RGB"
        red, green, blue = pixel(img, 10, 10)
        assert red > 200 and green < 60 and blue < 60


def test_the_same_picture_gives_the_same_bytes_twice(tmp_path: Path) -> None:
    data = photo(1500, 1000)
    picture = plan("media/a.jpg", data, "cover")
    first = build([(picture, data)], tmp_path / "one")
    second = build([(picture, data)], tmp_path / "two")
    assert first == second and len(first) == 6


def test_a_warm_cache_gives_the_same_bytes_as_a_cold_one(tmp_path: Path) -> None:
    data = photo(1500, 1000)
    picture = plan("media/a.jpg", data, "cover")
    cold = build([(picture, data)], tmp_path / "cache")
    assert len(list((tmp_path / "cache").iterdir())) == 6
    assert build([(picture, data)], tmp_path / "cache") == cold


def test_a_warm_cache_does_not_decode_any_picture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pictures = [(plan(f"media/{n}.jpg", d, "cover"), d) for n, d in (("a", photo(900, 600)),
                                                                     ("b", transparent_png()))]
    cold = build(pictures, tmp_path / "cache")

    def no_decoding(*args: object, **kwargs: object) -> Image.Image:
        raise AssertionError("a cached rendition was decoded again")

    monkeypatch.setattr(Image, "open", no_decoding)
    assert build(pictures, tmp_path / "cache") == cold


def test_two_processes_give_the_same_bytes_as_one(tmp_path: Path) -> None:
    sources = {"media/a.jpg": photo(1500, 900), "media/b.png": transparent_png(),
               "media/c.jpg": photo(500, 700), "media/d.png": photo(800, 300, fmt="PNG")}
    pictures = [(plan(path, data, "cover"), data) for path, data in sources.items()]
    one = make(pictures, tmp_path / "one", jobs=1)
    two = make(pictures, tmp_path / "two", jobs=2)
    assert list(two) == list(one) and two == one


def test_a_rendition_is_the_same_made_alone_or_with_its_siblings(tmp_path: Path) -> None:
    """A big JPEG is decoded at a reduced scale that depends on the target width alone."""
    data = photo(2400, 1600)
    picture = plan("media/a.jpg", data, "cover")
    together = build([(picture, data)], tmp_path / "cache")
    small = next(p for p in (tmp_path / "cache").iterdir()
                 if opened(p.read_bytes()).size == (480, 320) and p.suffix == ".webp")
    small.unlink()
    assert build([(picture, data)], tmp_path / "cache") == together


def test_a_cut_off_cache_file_is_made_again_not_served(tmp_path: Path) -> None:
    data = photo(700, 500)
    picture = plan("media/a.jpg", data, "cover")
    good = build([(picture, data)], tmp_path / "cache")
    for cached in (tmp_path / "cache").iterdir():
        cached.write_bytes(cached.read_bytes()[:-40])
    assert build([(picture, data)], tmp_path / "cache") == good
    assert sorted(p.read_bytes() for p in (tmp_path / "cache").iterdir()) == sorted(good.values())


def test_pruning_removes_cache_files_the_site_no_longer_uses(tmp_path: Path) -> None:
    old, new = photo(600, 400), photo(601, 400)
    build([(plan("media/a.jpg", old, "cover"), old)], tmp_path / "cache")
    (tmp_path / "cache" / ".tmp-left-by-a-killed-build").write_bytes(b"x")
    (tmp_path / "cache" / "README").write_text("not ours")
    files = make([(plan("media/a.jpg", new, "cover"), new)], tmp_path / "cache", prune=True)
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(kept) == 3 and "README" in kept
    assert sorted((tmp_path / "cache" / name).read_bytes() for name in kept if name != "README") \
        == sorted(files.values())


def test_corrupt_bytes_give_a_message_not_a_traceback() -> None:
    junk = b"PK\x03\x04 a Word document saved as tet.jpg" * 3
    assert check(junk, "'cover' 'tet.jpg'") == (
        "'cover' 'tet.jpg' cannot be read as an image: the format is unknown or the file is damaged")
    with pytest.raises(ImageError, match="cannot be read as an image"):
        plan("media/tet.jpg", junk, "cover")
    broken = b"\xff\xd8\xff\xe0 a JPEG header and nothing after it" * 3
    message = check(broken, "'cover' 'tet.jpg'")
    assert message is not None and message.startswith("'cover' 'tet.jpg' cannot be read as an image: ")


def test_a_cut_off_jpeg_is_reported_by_check() -> None:
    data = photo(400, 300)
    message = check(data[: len(data) // 2], "'cover' 'tet.jpg'")
    assert message is not None and message.startswith("'cover' 'tet.jpg' cannot be read as an image:")
    assert "the file is cut off" in message
    assert check(data, "'cover' 'tet.jpg'") is None


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cut_off_jpeg_that_reaches_render_names_the_picture(tmp_path: Path, jobs: int) -> None:
    good, cut = photo(400, 300), photo(400, 300)[:900]
    pictures = [(plan("media/stories/ok.jpg", good, "cover"), good),
                (plan("media/stories/tet.jpg", cut, "cover"), cut)]  # the header alone is fine
    with pytest.raises(ImageError, match=r"^media/stories/tet\.jpg cannot be read as an image"):
        make(pictures, tmp_path / "cache", jobs=jobs)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: the shape of a decompression bomb."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_with_a_message() -> None:
    bomb = png_claiming(100_000, 100_000)
    assert len(bomb) < 200
    message = check(bomb, "'photo' 'mai.png'")
    assert message is not None and message.startswith("'photo' 'mai.png' has too many pixels")
    assert "export it smaller" in message
    with pytest.raises(ImageError, match="too many pixels"):
        plan("media/mai.png", bomb, "portrait")


def test_a_picture_just_over_the_pixel_limit_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the limit and twice the limit Pillow only warns; that is refused all the same."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 150)
    message = check(photo(20, 10, fmt="PNG"), "'photo' 'mai.png'")
    assert message is not None and "too many pixels" in message


def test_an_svg_is_published_as_it_is_with_its_viewbox_size(tmp_path: Path) -> None:
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"><rect/></svg>'
    picture = plan("media/stories/chart.svg", svg, "cover")
    assert picture.passthrough and picture.sources == ()
    assert picture.fallback == images.Rendition("media/stories/chart.svg", 640, 360, "image/svg+xml")
    assert (picture.width, picture.height) == (640, 360)
    assert make([(picture, svg)], tmp_path / "cache") == {"media/stories/chart.svg": svg}
    assert check(svg, "'cover' 'chart.svg'") is None


@pytest.mark.parametrize(("root", "size"), [
    ('<svg width="120" height="80">', (120, 80)),
    ('<svg width="120px" height="80px" viewBox="0 0 12 8">', (120, 80)),
    ("<svg width='3in' viewBox='0,0,300,100'>", (288, 96)),
    ('<svg width="100%" height="100%" viewBox="0 0 50.5 20">', (50, 20)),
    ('<svg xmlns="http://www.w3.org/2000/svg">', (None, None)),
])
def test_an_svg_says_its_size_when_it_has_one(root: str, size: tuple[int | None, int | None]) -> None:
    picture = plan("media/a.svg", f"{root}</svg>".encode(), "portrait")
    assert (picture.width, picture.height) == size


def test_an_animated_gif_is_published_as_it_is(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (120, 90), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    data = buffer.getvalue()
    picture = plan("media/party.gif", data, "cover")
    assert picture.passthrough and picture.fallback.mime == "image/gif"
    assert (picture.width, picture.height) == (120, 90)
    assert make([(picture, data)], tmp_path / "cache") == {"media/party.gif": data}


def test_srcset_lists_each_width_with_links_relative_to_the_page() -> None:
    picture = plan("media/stories/my cover.jpg", photo(1000, 500), "cover")
    link = lambda path: "../../" + path  # noqa: E731
    assert picture.srcset("image/webp", link) == (
        "../../media/stories/my%20cover-480.webp 480w, ../../media/stories/my%20cover-960.webp 960w")
    assert picture.srcset("image/jpeg").endswith("media/stories/my%20cover-960.jpg 960w")
    assert picture.srcset("image/avif") == ""


def test_two_pictures_that_would_publish_the_same_file_are_refused(tmp_path: Path) -> None:
    jpeg, png = photo(600, 400), photo(600, 400, fmt="PNG")
    pictures = [(plan("media/a.jpg", jpeg, "cover"), jpeg), (plan("media/a.png", png, "cover"), png)]
    with pytest.raises(ValueError, match="media/a.jpg and media/a.png would both publish media/a-480.webp"):
        make(pictures, tmp_path / "cache")


def test_one_picture_used_twice_is_made_once(tmp_path: Path) -> None:
    data = photo(600, 400)
    picture = plan("media/a.jpg", data, "cover")
    assert make([(picture, data), (picture, data)], tmp_path / "cache") == make(
        [(picture, data)], tmp_path / "other")
