"""What goes on each story's share picture (drawn by `site_builder.media.share_card`).

Every published story gets one, also when it has a cover: the card always shows the title,
the kind, the principles and the people, which a cover photo does not, and it is a raster
1200x630 where link previews need one (covers may be SVG or any shape). Held-back stories
(drafts, embargoed) get none, in a build and in the preview alike, so no picture of them
exists to leak.
"""

from __future__ import annotations

from pathlib import Path

from .. import brand
from ..media.share_card import HEIGHT, WIDTH, Card, CardPerson
from ..model import KIND_LABELS, Site, Story
from ..model.containment import Root
from . import strings, urls

__all__ = ["HEIGHT", "WIDTH", "alt_text", "cards", "has_card"]


def has_card(site: Site, story: Story) -> bool:
    return not site.held_back(story)


def alt_text(site_name: str, story: Story, language: str = strings.DEFAULT_LANGUAGE) -> str:
    """The share picture's text alternative, in the page's language."""
    kind = strings.text(language, KIND_LABELS[story.kind])
    if not site_name:
        return f"{story.title}: {kind.lower()}"
    return strings.text(language, "{title}: {kind} on {site}").format(title=story.title, kind=kind.lower(), site=site_name)


def card(site: Site, story: Story, portraits: dict[str, bytes | None], name: str, primary: str, accent: str,
         logo: bytes | None) -> Card:
    """The card of `story` as the site view `site` shows it: title, kind and names in its language."""
    people = [CardPerson(site.people[pid].name, site.people[pid].initials, portraits.get(pid))
              for pid in story.people]
    return Card(story.title, strings.text(site.lang, KIND_LABELS[story.kind]),
                tuple(site.principles[p].name for p in story.principles), tuple(people), name, primary, accent, logo)


def cards(site: Site, root: Path, name: str, primary: str, accent: str, logo: str) -> dict[str, Card]:
    """Each published story's card by its site path (`urls.share_card`)."""
    logo_bytes = None
    path = root / logo
    if logo.lower().endswith(brand.RASTER_LOGO) and Root.of(root).inside(path) and path.is_file():
        logo_bytes = path.read_bytes()
    shown = [story for story in site.stories if has_card(site, story)]
    portraits = _portraits(site, root, shown)
    out = {}
    for view in [site.in_language(lang) for lang in site.languages]:  # a card per language, in it
        addresses = urls.Addresses.of(view.lang, view.languages)
        out |= {addresses.share_card(story.slug): card(view, story, portraits, name, primary, accent, logo_bytes)
                for story in view.stories if has_card(view, story)}
    return out


def _portraits(site: Site, root: Path, stories: list[Story]) -> dict[str, bytes | None]:
    """Each pictured person's published photo, read once: a person is on many cards."""
    out: dict[str, bytes | None] = {}
    for pid in sorted({pid for story in stories for pid in story.people}):
        photo = site.people[pid].public_photo
        out[pid] = (root / photo).read_bytes() if photo and (root / photo).is_file() else None
    return out
