"""Responsive cover images and portraits, made once at build time and kept in a cache.

Colleagues read the site over slow branch-office links, so a 4000-pixel phone photo must never
reach them as it is. Every raster cover or portrait is published as a few sizes of WebP (for
browsers that take it, which is all current ones) and JPEG (or PNG, when the picture has
transparency) with its width and height known, so a page can say `width=`/`height=` and
nothing jumps while it loads. SVG is vector and animated GIF/WebP/PNG would lose their
animation: both are published as they are.

Two steps, so the generator can print the markup before any pixel is touched:

- `plan` reads only an image's header and says which files will exist and how large they are;
- `make` makes those files, reusing what an earlier build left in the cache folder (CI keeps
  it), and spreads the cache misses over the CPU cores.

`check` is for validation: it turns an unreadable picture or a decompression bomb into one
sentence an editor can act on, instead of a traceback in the middle of a build.

Decisions that shape the output, all deliberate:

- Output is untagged sRGB with no metadata at all. An embedded ICC profile (Display P3 from
  phones, CMYK from print exports) is converted to sRGB with LittleCMS and then dropped, since
  browsers assume sRGB for untagged images; EXIF (which can hold GPS positions and camera
  serial numbers), XMP and comments are never copied. The EXIF orientation is applied to the
  pixels first, as `ImageOps.exif_transpose` does, so nothing depends on it any more.
- Fixed encoder settings make the same input give the same bytes on the same Pillow build:
  WebP quality 80, method 4 (libwebp's default speed/size trade-off; 5-6 are much slower for
  about 2% less); JPEG quality 82, progressive (the first pass appears early on a slow link)
  and optimized Huffman tables, 4:2:0 chroma; PNG at the highest zlib effort.
- Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale by libjpeg when the result is still at least
  twice the target width (shrink-on-load, as image servers do), then reduced with LANCZOS. The
  scale depends only on the source and the target size, so a rendition is the same whether it
  was made alone or with its siblings.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import posixpath
import re
import tempfile
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageCms, UnidentifiedImageError, features

from ..processes import fork_context
from . import formats

# Bump when anything here changes the bytes written for the same input (settings, pipeline).
FORMAT_VERSION = 1

# Widths in pixels, for screens of 1x to 3x density: a cover fills the content column (about
# 740 CSS pixels at most) or a phone's width; an avatar (`.sb-avatar`) is 40 to 120 CSS pixels.
# Widths above the source's are dropped (`widths`).
ROLES: dict[str, tuple[int, ...]] = {"cover": (480, 960, 1440), "portrait": (96, 192, 384)}

WEBP, JPEG, PNG, SVG = "image/webp", "image/jpeg", "image/png", "image/svg+xml"


@dataclass(frozen=True)
class _Encoding:
    pillow: str  # Pillow's format name
    ext: str
    options: tuple[tuple[str, object], ...]


_ENCODINGS: dict[str, _Encoding] = {
    WEBP: _Encoding("WEBP", "webp", (("quality", 80), ("method", 4))),
    JPEG: _Encoding("JPEG", "jpg", (("quality", 82), ("progressive", True), ("optimize", True),
                                    ("subsampling", "4:2:0"))),
    PNG: _Encoding("PNG", "png", (("optimize", True),)),
}
_PASSTHROUGH_MIME = {"GIF": "image/gif", "WEBP": WEBP, "PNG": PNG, "AVIF": "image/avif"}
# EXIF orientation -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_CACHE_NAME = re.compile(r"^[0-9a-f]{64}\.(webp|jpg|png)$")
_TMP_PREFIX = ".tmp-"


class ImageError(ValueError):
    """A picture that cannot be used; the message is one sentence meant for the editor.

    `path` is the picture's own path when known, kept apart from the sentence so a caller
    reports it at the file whatever characters (spaces) its name has."""

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(f"{path} {reason}" if path else reason)
        self.reason = reason
        self.path = path

    def __reduce__(self) -> tuple[type[ImageError], tuple[str, str]]:
        return type(self), (self.reason, self.path)  # across worker processes, path included


@dataclass(frozen=True)
class Rendition:
    """One published file."""

    path: str  # posix path in the site, e.g. "media/stories/2025/tet-cover-480.webp"
    width: int | None  # None only for an SVG that states no size
    height: int | None
    mime: str


@dataclass(frozen=True)
class Picture:
    """Everything a template needs to print `<picture>`/`<img>` for one image in one role.

    `sources` is empty for a picture published as it is (SVG, animated): then `fallback` is
    the original file and the template prints a plain `<img>`.
    """

    source: str  # the original's path in the site, e.g. "media/stories/2025/tet-cover.jpg"
    fallback: Rendition  # the <img src>: JPEG, or PNG for transparency, at the largest width
    sources: tuple[tuple[str, tuple[Rendition, ...]], ...]  # per mime, smallest first; WebP first
    width: int | None  # of the fallback, for width=/height= (None: an SVG without a size)
    height: int | None

    @property
    def passthrough(self) -> bool:
        """Published unchanged: print `<img src width height>`, no srcset."""
        return not self.sources

    @property
    def renditions(self) -> tuple[Rendition, ...]:
        """Every file this picture publishes."""
        if self.passthrough:
            return (self.fallback,)
        return tuple(r for _, group in self.sources for r in group)

    def srcset(self, mime: str, link: Callable[[str], str] = lambda path: path) -> str:
        """`a-480.webp 480w, a-960.webp 960w`; `link` makes each site path relative to the page.

        Spaces and commas in a URL would split a srcset candidate, so they are percent-encoded.
        """
        for kind, group in self.sources:
            if kind == mime:
                return ", ".join(f"{_srcset_url(link(r.path))} {r.width}w" for r in group)
        return ""


def _srcset_url(url: str) -> str:
    return re.sub(r"[\s,]", lambda m: f"%{ord(m.group()):02X}", url)


# ---------------------------------------------------------------------------------------------
# Reading


def _open(data: bytes) -> Image.Image:
    """Open (header only), turning Pillow's many failure types into one `ImageError`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(_too_large()) from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, struct.error, EOFError, ...
        raise ImageError(f"cannot be read as an image: {_reason(exc)}") from None


def _too_large() -> str:
    limit = (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
    return (f"has too many pixels to be decoded safely (more than {limit} million); "
            "export it smaller, for example 3000 pixels wide")


def _reason(exc: BaseException) -> str:
    """Pillow's reason in words an editor can act on."""
    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, UnidentifiedImageError):
        return "the format is unknown or the file is damaged"
    if "truncated" in detail.lower():
        return f"the file is cut off, perhaps an unfinished download or copy ({detail})"
    return f"the file is damaged ({detail})"


def _orientation(img: Image.Image) -> int:
    """The EXIF orientation read from the header only (PNG's getexif() would decode pixels)."""
    raw = img.info.get("exif")
    if not isinstance(raw, bytes | bytearray):
        return 1
    try:
        exif = Image.Exif()
        exif.load(bytes(raw))
        value = exif.get(0x0112, 1)
    except Exception:  # a damaged EXIF block is ignored, the picture is not
        return 1
    return value if isinstance(value, int) and value in _UPRIGHT else 1


def _upright_size(img: Image.Image) -> tuple[int, int]:
    width, height = img.size
    return (height, width) if _orientation(img) in (5, 6, 7, 8) else (width, height)


def _has_alpha(img: Image.Image) -> bool:
    """From the header: an alpha channel or a transparent colour means a PNG fallback.

    An alpha channel that happens to be opaque everywhere still counts; finding out would
    mean decoding at plan time.
    """
    return img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info


def _animated(img: Image.Image) -> bool:
    """Several frames to play. MPO (a JPEG with a depth map or preview, common from phones)
    has several frames too, but shows only the first: it is a still picture."""
    return img.format != "MPO" and bool(getattr(img, "is_animated", False))


_SVG_ROOT = re.compile(r"<svg\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$", re.I)
_UNIT_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0,
            "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def svg_size(data: bytes) -> tuple[int | None, int | None]:
    """An SVG's intrinsic size in CSS pixels from width/height, else its viewBox, else None.

    Relative sizes (`100%`, `2em`) say nothing about the picture: the viewBox decides then.
    Read with a regular expression, not an XML parser, so entity tricks cannot make it work.
    """
    root = _SVG_ROOT.search(data.decode("utf-8", "replace"))
    if not root:
        return None, None
    attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) or ""
             for m in _ATTR.finditer(root.group(1))}

    def length(name: str) -> float | None:
        match = _LENGTH.match(attrs.get(name, ""))
        if not match:
            return None
        value = float(match.group(1)) * _UNIT_PX[(match.group(2) or "").lower()]
        return value if value > 0 else None

    width, height = length("width"), length("height")
    box: tuple[float, float] | None = None
    parts = re.split(r"[\s,]+", attrs.get("viewbox", "").strip())
    try:
        if len(parts) == 4 and float(parts[2]) > 0 and float(parts[3]) > 0:
            box = float(parts[2]), float(parts[3])
    except ValueError:
        box = None
    if box and width and not height:
        height = width * box[1] / box[0]
    elif box and height and not width:
        width = height * box[0] / box[1]
    elif box and not width and not height:
        width, height = box
    if width is None or height is None:
        return None, None
    return max(1, round(width)), max(1, round(height))


def check(data: bytes, name: str, suffix: str = "") -> str | None:
    """Why a picture cannot be published, as a sentence starting with `name`; None if it can.

    `name` is how the validator names the picture, e.g. "'cover' 'tet.jpg'", and `suffix` the
    end of its file name. The format is decided by the bytes (`formats`), whatever the name
    says: an SVG must be inert, a raster picture must decode whole (a truncated file only
    fails there, which is why this belongs to validation).
    """
    kind = formats.sniff(data)
    mismatch = formats.suffix_problem(kind, suffix)
    if mismatch is not None:
        return f"{name} {mismatch}"
    if kind == formats.SVG:
        if formats.active_svg(data):
            return (f"{name} is an SVG with scripts or event handlers (or links to other files), "
                    "which would run when it is opened on its own; export it again as plain SVG")
        return None
    try:
        img = _open(data)
    except ImageError as exc:
        return f"{name} {exc}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{name} {_too_large()}"
    except Exception as exc:
        return f"{name} cannot be read as an image: {_reason(exc)}"
    return None


# ---------------------------------------------------------------------------------------------
# Planning


def widths(role: str, source_width: int) -> tuple[int, ...]:
    """The role's widths that do not upscale; the source's own width if every one would."""
    fitting = tuple(w for w in ROLES[role] if w <= source_width)
    return fitting or (source_width,)


def plan(media_path: str, data: bytes, role: str) -> Picture:
    """Which files one image publishes in one role, and their sizes. Reads only the header.

    Raises `ImageError` for a picture `check` would refuse by its header (run `check` during
    validation to report it with the line).
    """
    if role not in ROLES:
        raise ValueError(f"unknown image role {role!r}; one of {', '.join(ROLES)}")
    if formats.sniff(data) == formats.SVG:  # by content, as `check` decided
        width, height = svg_size(data)
        return Picture(media_path, Rendition(media_path, width, height, SVG), (), width, height)
    img = _open(data)
    source_width, source_height = _upright_size(img)
    if _animated(img):  # resizing would keep only the first frame
        mime = _PASSTHROUGH_MIME.get(img.format or "", "application/octet-stream")
        fallback = Rendition(media_path, source_width, source_height, mime)
        return Picture(media_path, fallback, (), source_width, source_height)
    stem = posixpath.splitext(media_path)[0]
    fallback_mime = PNG if _has_alpha(img) else JPEG
    sources = []
    for mime in (WEBP, fallback_mime):
        group = tuple(
            Rendition(f"{stem}-{w}.{_ENCODINGS[mime].ext}", w,
                      max(1, round(w * source_height / source_width)), mime)
            for w in widths(role, source_width))
        sources.append((mime, group))
    fallback = sources[-1][1][-1]
    return Picture(media_path, fallback, tuple(sources), fallback.width, fallback.height)


# ---------------------------------------------------------------------------------------------
# Rendering


_Output = tuple[int, int, str]  # width, height, mime


def _draft_scale(img: Image.Image, width: int, height: int) -> int:
    """libjpeg's decode scale for this target, exactly as `JpegImageFile.draft` picks it."""
    if img.format not in ("JPEG", "MPO"):
        return 1
    request = _draft_request(img, width, height)
    scale = min(img.size[0] // request[0], img.size[1] // request[1])
    return next((s for s in (8, 4, 2) if scale >= s), 1)


def _draft_request(img: Image.Image, width: int, height: int) -> tuple[int, int]:
    """Twice the target, in the stored (not yet rotated) orientation."""
    if _orientation(img) in (5, 6, 7, 8):
        width, height = height, width
    return 2 * width, 2 * height


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    """The sRGB profile, made once per process (LittleCMS takes a while to build it)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(img: Image.Image, alpha: bool) -> Image.Image:
    """Plain 8-bit RGB or RGBA in sRGB, the embedded colour profile applied and then dropped."""
    target = "RGBA" if alpha else "RGB"
    icc = img.info.get("icc_profile")
    if img.mode.startswith("I"):  # 16-bit grey: scale to 8 bits, do not clip
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode not in ("RGB", "RGBA", "CMYK", "L") or (alpha and img.mode != "RGBA"):
        img = img.convert(target)  # palette, grey+alpha, bilevel, a transparent colour key
    if icc and features.check("littlecms2"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(img, source, _srgb(), outputMode=target)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: the plain conversion below
    return img if img.mode == target else img.convert(target)


def _render_source(task: tuple[bytes, tuple[_Output, ...]]) -> list[bytes]:
    """Decode one source once per decode scale and encode every requested rendition of it.

    Runs in a worker process: takes and returns only bytes and tuples.
    """
    data, outputs = task
    probe = _open(data)
    orientation, alpha = _orientation(probe), _has_alpha(probe)
    by_scale: dict[int, list[_Output]] = {}
    for output in outputs:
        by_scale.setdefault(_draft_scale(probe, output[0], output[1]), []).append(output)
    made: dict[_Output, bytes] = {}
    for scale, group in sorted(by_scale.items()):
        img = _open(data)
        if scale > 1:
            img.draft(None, _draft_request(img, group[0][0], group[0][1]))
        try:
            img.load()
        except Exception as exc:
            raise ImageError(f"cannot be read as an image: {_reason(exc)}") from None
        if orientation in _UPRIGHT:
            img = img.transpose(_UPRIGHT[orientation])
        img = _to_srgb(img, alpha)
        img.info = {}  # no EXIF, XMP, ICC or comment may reach the output
        for width, height, mime in group:
            sized = img if img.size == (width, height) else img.resize(
                (width, height), Image.Resampling.LANCZOS)
            if mime == JPEG and sized.mode != "RGB":
                sized = sized.convert("RGB")
            buffer = io.BytesIO()
            encoding = _ENCODINGS[mime]
            sized.save(buffer, encoding.pillow, **dict(encoding.options))
            made[(width, height, mime)] = buffer.getvalue()
    return [made[output] for output in outputs]


def cache_key(source_sha256: str, rendition: Rendition) -> str:
    """The cache file name (without extension) of one rendition of one source.

    Everything that can change the bytes is in it: the source, the size and format, the
    encoder settings, Pillow and its codec libraries, and this module's FORMAT_VERSION.
    """
    encoding = _ENCODINGS[rendition.mime]
    parts = [
        f"v{FORMAT_VERSION}", f"pillow {PIL.__version__}",
        f"jpeg {features.version('jpg')}", f"webp {features.version('webp')}",
        f"zlib {features.version('zlib')}", f"lcms {features.version('littlecms2')}",
        source_sha256, f"{rendition.width}x{rendition.height}", rendition.mime,
        repr(encoding.options),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _complete(data: bytes, mime: str) -> bool:
    """A cheap structural check that a cached file is whole (a cut-off restore, a full disk)."""
    if mime == JPEG:
        return data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    if mime == PNG:
        return data[:8] == b"\x89PNG\r\n\x1a\n" and data[-8:] == b"IEND\xaeB`\x82"
    if mime == WEBP:
        return (len(data) > 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"
                and int.from_bytes(data[4:8], "little") + 8 == len(data))
    return False


def _store(cache_dir: Path, name: str, data: bytes, required: bool = False) -> None:
    """Write to a temporary file and rename: a reader sees the whole file or none. Unless
    `required` (the file is the only copy, as share pictures are), a failure is ignored."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=cache_dir)
        try:
            os.fchmod(fd, 0o644)  # published as it is (share pictures): a web server must read it
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(tmp, cache_dir / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        if required:
            raise
        # a cache that cannot be written only costs time on the next build


def make(pictures: Sequence[tuple[Picture, bytes]], cache_dir: Path, jobs: int = 1,
           *, prune: bool = False) -> dict[str, bytes]:
    """Every rendition's bytes by site path, sorted by path; pictures published as they are
    (SVG, animated) come back with their original bytes.

    A rendition found whole in `cache_dir` is read, never decoded or encoded again. The misses
    are made one source per task: inline for `jobs=1` or a single task, otherwise in a pool of
    `jobs` worker processes. `prune=True` then deletes cache files this call did not use, so
    the folder CI keeps holds what the current site needs and no more.

    Raises `ImageError` (naming the picture) for a picture that cannot be decoded, and
    `ValueError` when two different pictures would publish the same file (`a.jpg` and `a.png`
    side by side both make `a-480.webp`).
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # no cache: everything is a miss, nothing is stored, the build still works
    out: dict[str, bytes] = {}
    owner: dict[str, tuple[str, str]] = {}  # rendition path -> (cache key, source path)
    used: set[str] = set()
    misses: dict[str, tuple[bytes, str, list[tuple[Rendition, str]]]] = {}  # by source hash
    for picture, data in pictures:
        if picture.passthrough:
            _claim(owner, picture.fallback.path, hashlib.sha256(data).hexdigest(), picture.source)
            out[picture.fallback.path] = data
            continue
        digest = hashlib.sha256(data).hexdigest()
        for rendition in picture.renditions:
            key = cache_key(digest, rendition)
            name = f"{key}.{_ENCODINGS[rendition.mime].ext}"
            if not _claim(owner, rendition.path, key, picture.source):
                continue  # the same rendition of the same source, e.g. from another page
            used.add(name)
            try:
                cached = (cache_dir / name).read_bytes()
            except OSError:
                cached = b""
            if _complete(cached, rendition.mime):
                out[rendition.path] = cached
            else:
                misses.setdefault(digest, (data, picture.source, []))[2].append((rendition, name))
    tasks = [(data, tuple((r.width or 0, r.height or 0, r.mime) for r, _ in wanted))
             for data, _, wanted in misses.values()]
    sources = [source for _, source, _ in misses.values()]
    for (_, _, wanted), made in zip(misses.values(), _run(tasks, sources, jobs), strict=True):
        for (rendition, name), data in zip(wanted, made, strict=True):
            _store(cache_dir, name, data)
            out[rendition.path] = data
    if prune:
        _prune(cache_dir, used)
    return dict(sorted(out.items()))


def _prune(cache_dir: Path, used: set[str]) -> None:
    """Delete this module's cache files that `used` does not name, and abandoned temp files;
    anything else in the folder is left alone, whatever it is."""
    try:
        for file in cache_dir.iterdir():
            stale = _CACHE_NAME.match(file.name) and file.name not in used
            if (stale or file.name.startswith(_TMP_PREFIX)) and file.is_file():
                file.unlink(missing_ok=True)
    except OSError:
        pass


def _claim(owner: dict[str, tuple[str, str]], path: str, key: str, source: str) -> bool:
    """Record who publishes `path`; False if already claimed with the same content."""
    if path not in owner:
        owner[path] = (key, source)
        return True
    if owner[path][0] == key:
        return False
    raise ValueError(f"{owner[path][1]} and {source} would both publish {path}; rename one of them")


def _run(tasks: list[tuple[bytes, tuple[_Output, ...]]], sources: list[str],
         jobs: int) -> list[list[bytes]]:
    """Results in task order whatever finishes first, so the output never depends on timing."""
    named = list(zip(tasks, sources, strict=True))
    context = fork_context()
    if jobs <= 1 or len(tasks) <= 1 or context is None:
        return [_named(source, _render_source, task) for task, source in named]
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = [(pool.submit(_render_source, task), source) for task, source in named]
        return [_named(source, future.result) for future, source in futures]


def _named(source: str, call: Callable[..., list[bytes]], *args: object) -> list[bytes]:
    """Put the picture's path in front of a decoding failure's message."""
    try:
        return call(*args)
    except ImageError as exc:
        raise ImageError(exc.reason, source) from None
