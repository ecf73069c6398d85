"""The site's stable addresses, and links between them that work under any base path.

Links are relative (`../../people/mai/`) so a site published under a sub-path of an intranet
host, or opened from a build artifact, still works. Addresses never depend on which folder a
story file sits in.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import Protocol

from ..media.share_card import SUFFIX as SHARE_SUFFIX
from ..staged import HOME

__all__ = ["HOME", "Addresses", "person", "relative", "section", "share_card", "story"]


class _Person(Protocol):
    id: str
    active: bool


def story(slug: str) -> str:
    return f"stories/{slug}/"


def share_card(slug: str) -> str:
    """A story's share picture (1200x630 JPEG), in a folder of its own beside the pages."""
    return f"share/{slug}{SHARE_SUFFIX}"


def person(who: _Person) -> str | None:
    """A person's profile page, or None: people who have left keep their name on their stories,
    not a page. The one place that decides it: the generator makes the pages, and every name in
    a template links by asking here."""
    return section("people", who.id) if who.active else None


def section(kind: str, id: str = "") -> str:
    """`section("principles")` is the index; `section("principles", "ownership")` one page."""
    return f"{kind}/{id}/" if id else f"{kind}/"


@functools.lru_cache(maxsize=1 << 16)  # pure; a page links to the same few places many times
def relative(from_url: str, to: str) -> str:
    """A link from the page at `from_url` to `to` (a page URL or a file path in the site)."""
    base = from_url if from_url.endswith("/") or from_url == HOME else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + to, "/" + base) if to else posixpath.relpath("/", "/" + base)
    if rel == ".":
        return "./"
    return rel + "/" if to.endswith("/") or to == HOME else rel


@dataclass(frozen=True)
class Addresses:
    """The addresses of one language's pages: the site's first language at the root, each
    other under /<language>/ (`vi/stories/tet/`). Pages link through this, so a page never
    leaves its language; pictures and files that are the same in every language (`media/`,
    the search bundle) are shared and have no prefix."""

    prefix: str = ""  # "" or "vi/"

    @classmethod
    def of(cls, language: str, languages: tuple[str, ...]) -> Addresses:
        return cls("" if not languages or language == languages[0] else f"{language}/")

    @property
    def HOME(self) -> str:  # noqa: N802 (reads like the module's constant in templates)
        return self.prefix + HOME

    def story(self, slug: str) -> str:
        return self.prefix + story(slug)

    def share_card(self, slug: str) -> str:
        return self.prefix + share_card(slug)

    def section(self, kind: str, id: str = "") -> str:
        return self.prefix + section(kind, id)

    def person(self, who: _Person) -> str | None:
        page = person(who)
        return None if page is None else self.prefix + page

    def file(self, path: str) -> str:
        """A file of this language (a feed, the facet names)."""
        return self.prefix + path

    def unprefixed(self, url: str) -> str:
        """`url` of this language as the same page's address without the language."""
        return url.removeprefix(self.prefix) if self.prefix else url

    @staticmethod
    def relative(from_url: str, to: str) -> str:
        return relative(from_url, to)
