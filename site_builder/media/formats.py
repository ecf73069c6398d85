"""What a picture file is, decided by its bytes: the one place that decides it.

A file's name is whatever the pull request says; its bytes are what a browser will run. An
SVG is a document that can carry scripts, and one opened on its own runs them in the site's
origin, so the question "is this an SVG, and is it inert?" must be answered from the content,
never from the suffix: `cover.png` holding `<svg><script>` is an SVG. Everything that needs
to know a picture's format (validation, the responsive-image plan) asks here.

Raster formats are told apart by their magic numbers. A raster picture saved under another
raster suffix (a JPEG named `.png`, as phones and chat apps produce) is still published
correctly, since it is decoded and re-encoded by content. A suffix that says SVG for a raster
picture, or the reverse, is refused: the web server picks the content type from the suffix,
and the picture would show broken.
"""

from __future__ import annotations

import re

JPEG, PNG, GIF, WEBP, AVIF, SVG = "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/svg+xml"
NAMES = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WebP", AVIF: "AVIF", SVG: "SVG"}
BY_SUFFIX = {".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".gif": GIF, ".webp": WEBP, ".avif": AVIF, ".svg": SVG}
SUFFIX = {JPEG: ".jpg", PNG: ".png", GIF: ".gif", WEBP: ".webp", AVIF: ".avif", SVG: ".svg"}

# An SVG opened on its own runs its scripts in the site's origin: only inert SVGs are published.
# Anything that can run or load something: scripts, foreign HTML, frames, event handlers,
# javascript: URLs, entities (which can hide all of those), links to anything but the file itself.
_ACTIVE_SVG = re.compile(rb"<\s*(script|foreignobject|iframe|embed|object|handler)\b|\son[a-z]+\s*=|javascript:|"
                         rb"<!ENTITY|\s(xlink:)?href\s*=(?!\s*[\"']?\s*#)", re.I)
_XML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b", re.I | re.S)


def sniff(data: bytes) -> str | None:
    """The picture's format as a MIME type, from its first bytes; None when it is none of ours."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return AVIF
    if is_svg(data):
        return SVG
    return None


def is_svg(data: bytes) -> bool:
    """Whether the bytes are an SVG document (whatever the file is called)."""
    head = data[:65536]
    if _XML_START.match(head):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") and b"<svg" in head.lower()


def active_svg(data: bytes) -> bool:
    """Whether an SVG could run or load anything when opened on its own."""
    return bool(_ACTIVE_SVG.search(data))


def suffix_problem(kind: str | None, suffix: str) -> str | None:
    """Why a picture of format `kind` cannot be published under `suffix`; None if it can."""
    named = BY_SUFFIX.get(suffix.lower())
    if kind is None or named is None or (kind == SVG) == (named == SVG):
        return None
    article = "an" if kind in (SVG, AVIF) else "a"
    return (f"is {article} {NAMES[kind]} picture but its name ends in {suffix}; rename it to end in "
            f"{SUFFIX[kind]} so it is served as what it is")
