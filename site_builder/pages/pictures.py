"""Which pictures the published pages show, and how each is published.

Covers and portraits are published resized (see `site_builder.media.images`); pictures in a
story's text are published as they are. Only pictures that a published page shows are chosen:
a portrait without consent, or of a person who left and appears in no story, never leaves the
content root.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..media.images import Picture, plan
from ..model import Site, Story
from ..staged import media_path

Role = tuple[PurePosixPath, str]  # (picture in the content root, "cover" or "portrait")


def in_text(site: Site) -> list[PurePosixPath]:
    """Pictures in story text, translations' included, which are published as they are."""
    stories = [s for story in site.stories for s in (story, *story.translations.values())]
    return sorted({resolved for story in stories for _, resolved in story.images})


def resized(site: Site, stories: Iterable[Story] | None = None) -> list[Role]:
    """Covers and portraits, of every page or only of these stories' own pages."""
    if stories is None:
        chosen = site.stories
        found = {(p.public_photo, "portrait") for p in site.people.values() if p.public_photo and p.active}
    else:
        chosen = list(stories)
        found = set()
    found |= {(story.cover, "cover") for story in chosen if story.cover}
    found |= {(site.people[pid].public_photo, "portrait") for story in chosen for pid in story.people
              if site.people[pid].public_photo}
    return sorted((source, role) for source, role in found if source is not None)


def plan_all(root: Path, wanted: list[Role]) -> dict[Role, tuple[Picture, bytes]]:
    """Each picture's published files (from its header) and its bytes, for `images.make`."""
    out = {}
    for source, role in wanted:
        data = (root / source).read_bytes()
        out[(source, role)] = (plan(media_path(source), data, role), data)
    return out
