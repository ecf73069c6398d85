"""Share pictures: the 1200x630 image a chat or an intranet shows when a story's link is pasted.

Drawn at build time with Pillow from plain values (`Card`): what goes on a card is decided by
the page generator (`site_builder.pages.share`); this module only draws it. Nothing here knows
a story or the model.

- *Font.* Be Vietnam Pro (Bold and Medium), shipped in `fonts/` under the SIL Open Font
  License 1.1, designed for Vietnamese: every precomposed letter (ắ, ộ, ữ, đ, ...) has its own
  glyph. Text is put in NFC first, so titles typed with combining accents use those glyphs too.
  Nothing is fetched at view time: the picture is a file of the site.
- *Same bytes.* PNG with fixed settings, no metadata, from the same Pillow and FreeType; the
  cache key holds everything that can change the bytes (the card's values and portraits, the
  fonts, Pillow's and FreeType's versions, FORMAT_VERSION), as for covers (`images.py`).
- *Logo.* A raster logo (PNG, JPEG, WebP) is drawn beside the site's name; an SVG logo cannot be
  drawn by Pillow, so the name stands alone then.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from ..processes import fork_context
from ..resources import fonts_dir
from .images import _store

FORMAT_VERSION = 4  # bump when the same card would give other bytes
WIDTH, HEIGHT = 1200, 630
MIME = "image/jpeg"
SUFFIX = ".jpg"
BOLD, MEDIUM = "BeVietnamPro-Bold.ttf", "BeVietnamPro-Medium.ttf"
MAX_PEOPLE = 4  # portraits drawn; more people show as "+N"
_CACHE_NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")  # .png: cards of earlier versions, pruned
_MARGIN = 72
_AVATAR = 116
_TITLE_HEIGHT = 252  # three lines at the largest size, above the people and principles


@dataclass(frozen=True)
class CardPerson:
    name: str
    initials: str
    portrait: bytes | None = None  # the picture file's bytes, only where it may be published


@dataclass(frozen=True)
class Card:
    """Everything drawn on one share picture, as plain values."""

    title: str
    kind: str  # the label, e.g. "Interview"
    principles: tuple[str, ...]
    people: tuple[CardPerson, ...]
    site_name: str
    primary: str  # "#rrggbb": the background
    accent: str  # "#rrggbb": the bar and the kind label
    logo: bytes | None = None  # a raster logo's bytes

    def key(self) -> str:
        """The cache file name (without extension): changes whenever the bytes could."""
        digest = hashlib.sha256()
        parts = [*_drawing_versions(), self.title, self.kind, *self.principles, self.site_name, self.primary,
                 self.accent, _digest(self.logo or b"")]
        for person in self.people:
            parts += [person.name, person.initials, _digest(person.portrait or b"")]
        digest.update("\x00".join(parts).encode("utf-8"))
        return digest.hexdigest()


@functools.lru_cache(maxsize=4096)
def _digest(data: bytes) -> str:
    """A picture's digest, once per picture: a portrait is on every card of its person's stories
    (the bytes object is shared, see `pages.share.cards`, and caches its own hash)."""
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _drawing_versions() -> tuple[str, ...]:
    """What draws a card besides its values, the same for every card: asked once per process,
    not once per card on every build (a tenth of re-checking a cached card)."""
    return (f"v{FORMAT_VERSION}", f"pillow {PIL.__version__}", f"freetype {features.version('freetype2')}",
            f"zlib {features.version('zlib')}", *_font_digests())


@functools.cache
def _font_digests() -> tuple[str, ...]:
    return tuple(hashlib.sha256((fonts_dir() / name).read_bytes()).hexdigest() for name in (BOLD, MEDIUM))


@functools.cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts_dir() / name), size)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _ink_on(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (17, 17, 17) if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else (255, 255, 255)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words in lines no wider than `width` (a word wider than a line stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(title: str, width: int, max_height: int) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size (72 down to 40 px) at which the title fits; cut with … at the smallest."""
    for size in range(72, 39, -4):
        face = font(BOLD, size)
        leading = round(size * 1.2)
        lines = wrap(title, face, width)
        if len(lines) * leading <= max_height:
            return face, lines, leading
    leading = round(size * 1.2)
    keep = max(1, max_height // leading)
    lines = lines[:keep]
    while lines[-1] and face.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += "…"
    return face, lines, leading


@functools.cache
def _circle_mask(size: int) -> Image.Image:
    """A circle with a smooth edge (drawn at 4x, then reduced); the same for every card."""
    mask = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size * 4 - 1, size * 4 - 1), fill=255)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def _circle(picture: Image.Image, size: int) -> Image.Image:
    """A square picture cut to a circle."""
    out = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    out.paste(picture.resize((size, size), Image.Resampling.LANCZOS), (0, 0), _circle_mask(size))
    return out


def _portrait(data: bytes, size: int) -> Image.Image | None:
    try:
        img = Image.open(io.BytesIO(data))
        img.draft("RGB", (size * 2, size * 2))
        img = ImageOps.exif_transpose(img).convert("RGB")
    except Exception:  # validation decoded every picture; a failure here draws initials instead
        return None
    return ImageOps.fit(img, (size * 2, size * 2), Image.Resampling.LANCZOS)


@functools.lru_cache(maxsize=1024)
def _round_portrait(data: bytes, size: int) -> Image.Image | None:
    """A portrait decoded, cropped and cut to a circle once per drawing process: a person is
    on the card of each of their stories. Cards come in order of their path, not of their
    people, so the cache holds every portrait of a site of up to 1,024 pictured people (54 KB
    each); 256 let a site of 300 decode each portrait three times. Callers paste it and never
    change it."""
    picture = _portrait(data, size)
    return _circle(picture, size) if picture is not None else None


@functools.lru_cache(maxsize=16)
def _ring(colour: tuple[int, int, int], size: int) -> tuple[Image.Image, Image.Image]:
    """The disc behind an avatar and its mask, the same on every card of a site."""
    ring = Image.new("RGB", (size, size), colour)
    return ring, _circle(ring, size)


@functools.lru_cache(maxsize=512)
def _initials(initials: str, size: int, background: tuple[int, int, int],
              ink: tuple[int, int, int]) -> Image.Image:
    """A person without a portrait: their initials on a disc, drawn at twice the size, reduced
    and cut to a circle. Once per process for each initials and colours, not on every card of
    their stories (it was a quarter of drawing a card). Callers paste it and never change it."""
    square = Image.new("RGB", (size * 2, size * 2), background)
    draw = ImageDraw.Draw(square)
    draw.text((size, size), _nfc(initials), font=font(BOLD, round(size * 0.8)), fill=ink, anchor="mm")
    return _circle(square, size)


@functools.lru_cache(maxsize=8)
def _background(site_name: str, logo: bytes | None, primary: str, accent: str, kind: str) -> Image.Image:
    """All a card shows above its title: its colour and bar, the logo and the site's name, the
    kind's label. Every card of a site and kind has the same, so it is drawn once per process and
    copied (a sixth of drawing a card). Keyed by every value it shows: two sites, colours, logos
    or kinds never share one. Callers copy it and never change it."""
    primary_rgb, accent_rgb = _rgb(primary), _rgb(accent)
    ink = _ink_on(primary_rgb)
    img = Image.new("RGB", (WIDTH, HEIGHT), primary_rgb)
    canvas = ImageDraw.Draw(img)
    canvas.rectangle((0, 0, WIDTH, 14), fill=accent_rgb)
    x = _MARGIN
    if logo:
        picture = _portrait(logo, 28)
        if picture is not None:
            img.paste(_circle(picture, 56), (x, 48), _circle(picture, 56))
            x += 72
    canvas.text((x, 76), _nfc(site_name), font=font(MEDIUM, 30), fill=ink, anchor="lm")
    kind_face = font(BOLD, 24)
    label = _nfc(kind).upper()
    label_width = round(kind_face.getlength(label))
    canvas.rounded_rectangle((_MARGIN, 128, _MARGIN + label_width + 32, 172), radius=8, fill=accent_rgb)
    canvas.text((_MARGIN + 16, 150), label, font=kind_face, fill=_ink_on(accent_rgb), anchor="lm")
    return img


@functools.lru_cache(maxsize=512)
def _text_mask(text: str, name: str, size: int, anchor: str) -> tuple[Image.Image, tuple[int, int]]:
    """`text` as a coverage mask, and its corner from the anchor point. The same principles are
    on many cards: each line is rasterised once per process (FreeType's part of drawing text is
    most of it). Callers paste through it and never change it."""
    face = font(name, size)
    left, top, right, bottom = face.getbbox(text, anchor=anchor)
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=face, fill=255, anchor=anchor)
    return mask, (left, top)


def _stamp(img: Image.Image, xy: tuple[int, int], text: str, name: str, size: int,
           fill: tuple[int, int, int], anchor: str) -> None:
    """`text` drawn on `img` as `ImageDraw.text` draws it, from a cached mask: Pillow blends a
    colour through a mask as it blends a glyph, so the pixels are the same."""
    mask, (left, top) = _text_mask(text, name, size, anchor)
    img.paste(fill, (xy[0] + left, xy[1] + top), mask)


def draw(card: Card) -> bytes:
    """The card as JPEG bytes: a copy of its prepared background (`_background`), then what is
    its own: the title, the people and the principles."""
    primary = _rgb(card.primary)
    ink = _ink_on(primary)
    soft = tuple(round(c * 0.82 + p * 0.18) for c, p in zip(ink, primary, strict=True))
    img = _background(card.site_name, card.logo, card.primary, card.accent, card.kind).copy()
    canvas = ImageDraw.Draw(img)
    face, lines, leading = _fit_title(_nfc(card.title), WIDTH - 2 * _MARGIN, _TITLE_HEIGHT)
    y = 192
    for line in lines:
        canvas.text((_MARGIN, y), line, font=face, fill=ink)
        y += leading
    shown = card.people[:MAX_PEOPLE]
    right = WIDTH - _MARGIN
    avatars_left = right - len(shown) * (_AVATAR - 20) - 20 if shown else right
    for index, person in enumerate(shown):
        left = avatars_left + index * (_AVATAR - 20)
        round_picture = _round_portrait(person.portrait, _AVATAR) if person.portrait else None
        if round_picture is None:
            round_picture = _initials(person.initials, _AVATAR, ink, primary)
        ring, ring_mask = _ring(primary, _AVATAR + 8)
        img.paste(ring, (left - 4, HEIGHT - 64 - _AVATAR - 4), ring_mask)
        img.paste(round_picture, (left, HEIGHT - 64 - _AVATAR), round_picture)
    if len(card.people) > MAX_PEOPLE:
        canvas.text((right, HEIGHT - 40), f"+{len(card.people) - MAX_PEOPLE}", font=font(MEDIUM, 26),
                    fill=ink, anchor="rs")
    text_width = avatars_left - _MARGIN - 24
    names = ", ".join(_nfc(p.name) for p in card.people)
    if names:
        canvas.text((_MARGIN, HEIGHT - 112), _clip(names, font(MEDIUM, 30), text_width), font=font(MEDIUM, 30),
                    fill=ink, anchor="ls")
    if card.principles:
        principles = " · ".join(_nfc(p) for p in card.principles)
        _stamp(img, (_MARGIN, HEIGHT - 64), _clip(principles, font(MEDIUM, 26), text_width), MEDIUM, 26, soft, "ls")
    buffer = io.BytesIO()
    # JPEG at quality 90: a card is encoded in a fifth of a PNG's time (5 against 38 ms, the
    # largest part of drawing one), for about 40% more bytes (81 against 58 KB), fetched once by
    # a link preview. Text on flat colour shows no visible ringing at this quality.
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _clip(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip(" ,·") + "…"


def make(cards: dict[str, Card], cache_dir: Path, jobs: int = 1) -> dict[str, Path]:
    """Every card's PNG file by its site path: the file in `cache_dir` (named by `Card.key`),
    drawn there first when missing. Workers write the files themselves, so a 10,000-story
    archive never holds its 800 MB of cards in memory. Cache files no card uses are removed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    missing: dict[str, Card] = {}
    for path, card in sorted(cards.items()):
        file = cache_dir / f"{card.key()}{SUFFIX}"
        out[path] = file
        if not _complete(file):
            missing[file.name] = card
    _draw_all(cache_dir, sorted(missing.items()), jobs)
    used = {file.name for file in out.values()}
    for file in cache_dir.iterdir():
        if _CACHE_NAME.match(file.name) and file.name not in used:
            file.unlink(missing_ok=True)
    return out


def _complete(file: Path) -> bool:
    """A whole JPEG, from its start to its end marker. Files are renamed into place whole
    (`images._store`); this also catches one damaged afterwards."""
    try:
        with file.open("rb") as handle:
            head = handle.read(3)
            handle.seek(-2, 2)
            return head == b"\xff\xd8\xff" and handle.read(2) == b"\xff\xd9"
    except OSError:
        return False


_CHUNK = 8  # cards a worker draws per request: few requests, and the two cores end together
_inherited: Sequence[tuple[str, Card]] = ()  # in a pool's worker: the cards it was forked with


def _draw_all(cache_dir: Path, cards: Sequence[tuple[str, Card]], jobs: int) -> None:
    """Draw `cards` (cache file name, card) into `cache_dir`, on `jobs` cores. Workers are forked
    with the cards and are sent only where each chunk starts: a card's portraits are a few
    hundred KB each, pickled to a worker again for every card otherwise (380 MB for 1,000
    stories with photos)."""
    context = fork_context()
    if jobs <= 1 or len(cards) < _CHUNK or context is None:
        _draw_chunk(cache_dir, cards)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_inherit, initargs=(cards,)) as pool:
        list(pool.map(functools.partial(_draw_inherited, cache_dir), range(0, len(cards), _CHUNK)))


def _inherit(cards: Sequence[tuple[str, Card]]) -> None:
    """A worker's start: forked workers get their initializer's arguments without pickling."""
    global _inherited
    _inherited = cards


def _draw_inherited(cache_dir: Path, start: int) -> None:
    _draw_chunk(cache_dir, _inherited[start:start + _CHUNK])


def _draw_chunk(cache_dir: Path, cards: Sequence[tuple[str, Card]]) -> None:
    for name, card in cards:
        _store(cache_dir, name, draw(card), required=True)
