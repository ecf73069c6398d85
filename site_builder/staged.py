"""The staged site: the one contract between the page generator, the build and the engine.

The generator writes a folder of Markdown pages with JSON front matter, the files they show
and, beside them, the trusted markup that skips Markdown. The engine renders that folder; the
build puts the trusted markup into the engine's HTML and hands the indexed pages to search.
Every fact those three share is decided here and imported by each of them: where a page's
source lives and which URL and HTML file it becomes, whether it is searched, how a fragment's
place is marked, and where published media go.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

HOME = ""  # the home page's URL, relative to the site root
MEDIA = "media"  # pictures from the content root, published under their own relative path
FRAGMENTS = ".fragments"  # a dot folder: engines neither render nor copy it
SEARCH_INPUT = ".search-input"  # the slim copies of searched pages, for the indexer
FACETS = "facets.json"  # search facet labels, read by the search dialog

_PLACEHOLDER = '<div data-sb-fragment="{index}"></div>'
PLACEHOLDER_RE = re.compile(r'<div data-sb-fragment="(\d+)"></div>')


@dataclass(frozen=True)
class StagedPage:
    """What the build needs to know of a staged page without reading it."""

    source: str  # the Markdown file in the staging folder, e.g. `stories/tet.md`
    indexed: bool = False  # a search result (stories and people, first page only)
    files: tuple[str, ...] = field(default=())  # staged files its Markdown links to (pictures)

    @property
    def html(self) -> str:
        return output_path(self.source)

    @property
    def url(self) -> str:
        return page_url(self.source)


def source_path(url: str) -> str:
    """The staged Markdown file that becomes `url` (the engines use directory URLs).

    A section's own page is its folder's `index.md` (`principles/` <- `principles/index.md`);
    every deeper page is a file named for its last segment (`principles/ownership/` <-
    `principles/ownership.md`, `stories/page/2/` <- `stories/page/2.md`)."""
    if url == HOME:
        return "index.md"
    segments = url.strip("/").split("/")
    if len(segments) == 1:
        return f"{segments[0]}/index.md"
    return "/".join(segments) + ".md"


def output_path(source: str) -> str:
    """The HTML file the engine writes for the staged page `source`."""
    path = PurePosixPath(source)
    if path.name == "index.md":
        return (path.parent / "index.html").as_posix().removeprefix("./")
    return (path.with_suffix("") / "index.html").as_posix()


def page_url(source: str) -> str:
    """`stories/tet.md` -> `stories/tet/`, `stories/index.md` -> `stories/`, `index.md` -> ``."""
    return output_path(source).removesuffix("index.html")


def media_path(source: PurePosixPath) -> str:
    """Where a picture from the content root is published: the same relative path under media/."""
    return f"{MEDIA}/{source.as_posix()}"


def fragment_path(source: str) -> str:
    """Where the trusted fragments of the staged page `source` are kept, as a JSON list."""
    return f"{FRAGMENTS}/{source}.json"


def placeholder(index: int) -> str:
    """The mark a staged page holds where its fragment `index` goes, after Markdown."""
    return _PLACEHOLDER.format(index=index)


class FragmentLost(Exception):
    """A placeholder did not survive the engine, so trusted markup has nowhere to go."""


def fill_fragments(page_html: str, fragments: list[str], source: str) -> str:
    """Put each fragment where its placeholder is; every placeholder must be there once."""
    for index, fragment in enumerate(fragments):
        mark = placeholder(index)
        if mark not in page_html:
            raise FragmentLost(f"{source}: the engine's HTML lost the placeholder {mark}; "
                               "a Markdown extension or theme change must keep it")
        page_html = page_html.replace(mark, fragment, 1)
    return page_html


def front_matter(meta: dict[str, Any]) -> str:
    """A staged page's front matter: one JSON value per key, which is valid YAML and never ambiguous."""
    lines = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{lines}\n---\n"
