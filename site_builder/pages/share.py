"""What goes on each story's share picture (drawn by `site_builder.media.share_card`).

Every published story gets one, also when it has a cover: the card always shows the title,
the kind, the principles and the people, which a cover photo does not, and it is a raster
1200x630 where link previews need one (covers may be SVG or any shape). Held-back stories
(drafts, embargoed) get none, in a build and in the preview alike, so no picture of them
exists to leak.
"""

from __future__ import annotations

from pathlib import Path

from ..media.share_card import HEIGHT, WIDTH, Card, CardPerson
from ..model import KIND_LABELS, Site, Story
from ..model.containment import Root
from . import brand, urls

__all__ = ["HEIGHT", "WIDTH", "alt_text", "cards", "has_card"]


def has_card(site: Site, story: Story) -> bool:
    return not site.held_back(story)


def alt_text(site_name: str, story: Story) -> str:
    kind = KIND_LABELS[story.kind]
    return f"{story.title}: {kind.lower()}" + (f" on {site_name}" if site_name else "")


def card(site: Site, story: Story, portraits: dict[str, bytes | None], name: str, primary: str, accent: str,
         logo: bytes | None) -> Card:
    people = [CardPerson(site.people[pid].name, site.people[pid].initials, portraits.get(pid))
              for pid in story.people]
    return Card(story.title, KIND_LABELS[story.kind], tuple(site.principles[p].name for p in story.principles),
                tuple(people), name, primary, accent, logo)


def cards(site: Site, root: Path, name: str, primary: str, accent: str, logo: str) -> dict[str, Card]:
    """Each published story's card by its site path (`urls.share_card`)."""
    logo_bytes = None
    path = root / logo
    if logo.lower().endswith(brand.RASTER_LOGO) and Root.of(root).inside(path) and path.is_file():
        logo_bytes = path.read_bytes()
    shown = [story for story in site.stories if has_card(site, story)]
    portraits = _portraits(site, root, shown)
    return {urls.share_card(story.slug): card(site, story, portraits, name, primary, accent, logo_bytes)
            for story in shown}


def _portraits(site: Site, root: Path, stories: list[Story]) -> dict[str, bytes | None]:
    """Each pictured person's published photo, read once: a person is on many cards."""
    out: dict[str, bytes | None] = {}
    for pid in sorted({pid for story in stories for pid in story.people}):
        photo = site.people[pid].public_photo
        out[pid] = (root / photo).read_bytes() if photo and (root / photo).is_file() else None
    return out
