"""URL-safe slugs from any Unicode text, Vietnamese included.

Addresses get pasted into emails and chats, so they are plain ASCII: `Tết nhà` -> `tet-nha`.
The same folding makes `@mai` match `Mai` and `Tết` match `tet` when comparing names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Letters that NFKD does not decompose into a base letter plus marks.
_SPECIAL_LETTERS = {"đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "œ": "oe"}
_SPECIAL = str.maketrans(_SPECIAL_LETTERS)


def fold(text: str) -> str:
    """Lowercase text with accents removed: the form used to compare names and tags."""
    if text.isascii():
        return text.lower()  # the common case, and ten times cheaper than decomposing
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def ascii_fold(text: str) -> str:
    """`fold` for finding ASCII phrases, in one pass over a whole text: accents decomposed and
    every other non-ASCII character dropped. An ASCII phrase that `fold` finds in a line is
    found here too, so this can rule a text out before `fold` looks at it line by line."""
    for letter, plain in _SPECIAL_LETTERS.items():  # `str.replace` is far quicker than `translate` on long texts
        text = text.replace(letter, plain)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@functools.lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """The slug of a title, tag or file name; empty when nothing URL-safe is left.

    Kept per text: the same tags are slugified for every story that carries them, on every
    listing and every preview refresh (a third of staging an edited story at 10,000 stories)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


SLUG_MAX = 60  # an address people can still read in a chat message
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")


def short_slug(text: str, limit: int = SLUG_MAX) -> str:
    """`slugify`, cut at a word boundary to at most `limit` characters (a long title's address).
    An apostrophe inside a word goes without a trace ("the shift's coffee" gives
    `the-shifts-coffee`, not `the-shift-s-coffee`); only new files are named here, so no
    published address changes."""
    slug = slugify(_APOSTROPHE.sub("", text))
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return cut[:limit].strip("-")
