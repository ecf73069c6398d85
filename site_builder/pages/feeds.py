"""Atom feeds: every story, and one per principle, so colleagues can follow what they care about.

Entries carry absolute links when the site's address (`site_url`) is known; otherwise links
are relative to the feed, which feed readers resolve against the feed's own address. Ids are
stable (derived from the story's slug), so moving a story never makes it "new" again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from jinja2 import Environment

from ..model import Site, Story
from . import urls

SITE_FEED = "feed.xml"
MAX_ENTRIES = 50
_NAMESPACE = uuid.UUID("8a6b6f7e-5e1f-4b8e-9a3e-2f1c0d9b7a11")


def principle_feed(principle_id: str) -> str:
    return f"principles/{principle_id}/feed.xml"


def entry_id(story: Story) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, story.slug)}"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed(env: Environment, site: Site, feed_path: str, title: str, subtitle: str, stories: list[Story],
          site_url: str, addresses: urls.Addresses) -> str:
    def link(target: str) -> str:
        if site_url:
            return site_url.rstrip("/") + "/" + target
        return urls.relative(feed_path, target)

    entries = [{
        "story": story, "id": entry_id(story), "link": link(addresses.story(story.slug)),
        "updated": _timestamp(story.date),
        "authors": [site.people[p].name for p in story.people] or [title],
        "categories": [site.principles[p].name for p in story.principles],
    } for story in stories[:MAX_ENTRIES]]
    context: dict[str, Any] = {
        "title": title, "subtitle": subtitle, "entries": entries,
        "id": f"urn:uuid:{uuid.uuid5(_NAMESPACE, feed_path)}",
        "self_link": link(feed_path), "home": link(addresses.HOME), "lang": site.lang,
        "updated": _timestamp(stories[0].date) if stories else "1970-01-01T00:00:00Z",
    }
    return env.get_template("feed.xml").render(context)


def render_feeds(site: Site, env: Environment, site_name: str, site_url: str,
                 t: Callable[[str], str] = str) -> dict[str, str]:
    """The site view's feeds, in its language, under its language's prefix (`urls.Addresses`)."""
    addresses = urls.Addresses.of(site.lang, site.languages)
    name = site_name or t("Stories")
    path = addresses.file(SITE_FEED)
    feeds = {path: _feed(env, site, path, name, t("Every story, newest first."), site.stories, site_url, addresses)}
    for principle in site.principles.values():
        path = addresses.file(principle_feed(principle.id))
        feeds[path] = _feed(env, site, path, f"{principle.name}: {name}", principle.summary,
                            site.by_principle.get(principle.id, []), site_url, addresses)
    return feeds
