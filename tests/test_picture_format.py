"""A picture's format is decided by its bytes, in one place (`media/formats.py`), never by its
name: an SVG with a script saved as `team.png` is an SVG with a script (issue 20)."""

from __future__ import annotations

import pytest

from .conftest import STORY_PATH, run_cli
from .test_images import photo


def png(width: int, height: int) -> bytes:
    return photo(width, height, fmt="PNG")


def jpeg(width: int, height: int) -> bytes:
    return photo(width, height)


SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
INERT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _cover(root, name: str, data: bytes) -> None:
    story = root / STORY_PATH
    (story.parent / name).write_bytes(data)
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("title:", f"cover: {name}\ncover_alt: The team\ntitle:", 1), encoding="utf-8")


@pytest.mark.parametrize("name", ["team.png", "team.jpg", "team.webp", "team.gif"])
def test_an_svg_with_a_script_under_a_raster_name_is_refused(root, name: str) -> None:
    _cover(root, name, SCRIPTED_SVG)
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert f"'cover' '{name}' is an SVG picture but its name ends in .{name.split('.')[-1]}" in out, out


def test_an_inert_svg_under_a_raster_name_is_refused_too(root) -> None:
    """The server would send it as a PNG, and the page would show a broken picture."""
    _cover(root, "team.png", b"<?xml version='1.0'?>\n<!-- drawn by hand -->\n" + INERT_SVG)
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "rename it to end in .svg" in out, out


def test_a_raster_picture_named_svg_is_refused(root) -> None:
    _cover(root, "team.svg", png(20, 10))
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "'cover' 'team.svg' is a PNG picture but its name ends in .svg; rename it to end in .png" in out, out


def test_a_jpeg_saved_as_png_is_published_by_its_content(root) -> None:
    """Phones and chat apps do this; the picture is decoded and re-encoded by content."""
    _cover(root, "team.png", jpeg(1600, 900))
    code, out = run_cli("validate", "--root", root)
    assert code == 0, out


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.com/x"><text>x</text></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
])
def test_an_svg_that_can_run_or_load_anything_is_refused(root, svg: bytes) -> None:
    _cover(root, "team.svg", svg)
    code, out = run_cli("validate", "--root", root)
    assert code == 1
    assert "'cover' 'team.svg' is an SVG with scripts or event handlers" in out, out


def test_an_svg_that_links_inside_itself_is_inert(root) -> None:
    _cover(root, "team.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs>'
           b'<circle id="c" r="2"/></defs><use href="#c"/><use xlink:href = "#c"/></svg>')
    code, out = run_cli("validate", "--root", root)
    assert code == 0, out
