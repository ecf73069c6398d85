"""Atom feeds (all stories, one per principle) parse, and story links unfurl in chat."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

import feedparser

from site_builder.model import Site, load

from .conftest import make_root
from .sitetools import site_builder

SITE_URL = "https://stories.lotus-harbour.example/"


def model(root: Path) -> Site:
    site, _ = load(root)
    return site


def test_the_site_feed_lists_every_story_newest_first(built_sample: Path) -> None:
    feed = feedparser.parse((built_sample / "site/feed.xml").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    stories = model(built_sample).stories
    assert [e.title for e in feed.entries] == [s.title for s in stories]
    assert feed.entries[0].link == f"{SITE_URL}stories/{stories[0].slug}/"
    assert feed.entries[0].summary == stories[0].summary


def test_each_principle_has_a_feed_of_its_stories(built_sample: Path) -> None:
    site = model(built_sample)
    for principle_id, stories in site.by_principle.items():
        feed = feedparser.parse((built_sample / f"site/principles/{principle_id}/feed.xml").read_bytes())
        assert feed.bozo == 0
        assert [e.title for e in feed.entries] == [s.title for s in stories]
        assert all(site.principles[principle_id].name in [t.term for t in e.tags] for e in feed.entries)


def test_pages_link_their_feeds_in_the_head(built_sample: Path) -> None:
    principle = (built_sample / "site/principles/customer-obsession/index.html").read_text(encoding="utf-8")
    head = principle[:principle.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml" title="Lotus Harbour Stories: all stories" ' \
           'href="../../feed.xml">' in head
    assert 'type="application/atom+xml" title="Customer Obsession: stories" href="feed.xml">' in head


def test_a_story_link_unfurls_with_title_summary_and_share_picture(built_sample: Path) -> None:
    site = model(built_sample)
    story = next(s for s in site.stories if s.cover)
    html = (built_sample / f"site/stories/{story.slug}/index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    assert f'<meta property="og:title" content="{html_escape(story.title)}">' in head
    assert f'<meta property="og:url" content="{SITE_URL}stories/{story.slug}/">' in head
    assert f'<meta property="og:image" content="{SITE_URL}share/{story.slug}.jpg">' in head, \
        "the share picture, also for a story with a cover"
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert 'property="og:description" content="' in head


def test_without_a_site_url_feed_links_are_relative_to_the_feed(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    data = (root / "site/principles/customer-obsession/feed.xml").read_bytes()
    feed = feedparser.parse(data, response_headers={
        "content-type": "application/atom+xml",
        "content-location": "https://intranet.example/culture/principles/customer-obsession/feed.xml"})
    assert feed.bozo == 0
    assert feed.entries[0].link == "https://intranet.example/culture/stories/tet-night-shift/"
