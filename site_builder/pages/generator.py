"""Turn a loaded `Site` into the pages the engine builds.

Every page (stories, indexes, home) is made here with Jinja2 as Markdown with front matter,
so the engine only renders Markdown inside the theme: MkDocs and ProperDocs run the same
staged pages, and an engine that runs no plugins can read them too. Nothing here imports an
engine. `stage` writes what this renders into the staging folder.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from ..media.images import Picture, Rendition
from ..model import KIND_LABELS, Award, Recipient, Site, Story
from ..model.interview import speaker_names
from ..model.safety import rewrite_image_paths
from ..resources import page_templates_dir
from ..settings import Settings
from ..staged import HOME, StagedPage, front_matter, media_path, placeholder, source_path
from . import feeds, paging, search, share, strings, urls
from .body import render_body

_ROOT_MARK = "\x00"  # stands for "the way from this page to the site root" in a cached card
# Where a story's body goes in its rendered template. The body is the editor's Markdown: it is
# put in after the template has run, never handed to Jinja as trusted markup, so it always goes
# through Markdown and the sanitizer; a template that puts it inside `trusted()` fails the build.
_BODY_MARK = "\x00body\x00"

# The sections in the header tabs, in order: (title, section URL). Tags is added when there are any.
SECTIONS = (("Home", HOME), ("Stories", urls.section("stories")), ("Principles", urls.section("principles")),
            ("Departments", urls.section("departments")), ("People", urls.section("people")),
            ("Awards", urls.section("awards")))
TAGS_SECTION = ("Tags", urls.section("tags"))
RECENT_RECIPIENTS = 6  # cards in the home page's "Recently recognised"
LATEST_PER_AWARD = 8  # cards per programme on the awards index; the award's page has them all


def navigation(site: Site) -> list[tuple[str, str]]:
    """The header tabs as (title, staged page) in the site view's language: only section pages,
    so none grows with the archive."""
    sections = list(SECTIONS) + ([TAGS_SECTION] if site.tags else [])
    addresses = urls.Addresses.of(site.lang, site.languages)
    return [(strings.text(site.lang, title), source_path(addresses.prefix + url)) for title, url in sections]


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    description: str
    template: str
    context: dict[str, Any]
    hide: tuple[str, ...] = ("navigation",)
    indexed: bool = False  # in the search index (stories and people)
    story: Story | None = None  # the story a story page shows
    feeds: tuple[tuple[str, str], ...] = field(default=())  # (title, feed path) besides the site's

    @property
    def path(self) -> str:
        return source_path(self.url)

    def staged(self) -> StagedPage:
        files = tuple(media_path(resolved) for _, resolved in self.story.images) if self.story else ()
        return StagedPage(self.path, self.indexed, files)


def icon_shortcode(icon: str) -> str:
    """`material/heart-outline` -> `:material-heart-outline:` (pymdownx.emoji with Material icons)."""
    return f":{icon.replace('/', '-')}:" if icon else ""


class BodyMisplaced(Exception):
    """A story template dropped the body, or put it where editor text must not go."""


@dataclass(frozen=True)
class Rendered:
    """A page as staged: its Markdown, and its trusted fragments as JSON ("" when none)."""

    text: str
    fragments: str


class _Compiled(BytecodeCache):
    """The page templates compiled once per process, by their source's checksum: the live
    preview makes a generator for every save, and compiling the templates again was a third of
    staging the edited story."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED = _Compiled()


class Generator:
    """Renders the pages of one site; a new one per build, so nothing leaks between builds."""

    def __init__(self, site: Site, settings: Settings = Settings(),
                 pictures: dict[tuple[PurePosixPath, str], Picture] | None = None) -> None:
        self.site = site
        self.pictures = pictures or {}
        self.settings = settings
        self.site_name = settings.name
        self.env = Environment(
            loader=FileSystemLoader(str(page_templates_dir())),
            autoescape=True,
            undefined=StrictUndefined,
            # One environment per build or restage: templates cannot change under it, so it need
            # not stat each template file again on every page (a tenth of generating the pages).
            auto_reload=False,
            bytecode_cache=COMPILED,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.language = site.lang
        self.urls = urls.Addresses.of(site.lang, site.languages)
        self.env.filters["kind_label"] = lambda kind: self.t(KIND_LABELS[kind])
        self.env.filters["icon"] = icon_shortcode
        self.env.filters["longdate"] = lambda d: strings.long_date(d, self.language)
        self.env.tests["paged"] = lambda person: urls.person(person) is not None  # has a profile page
        # A deliberate per-build cache: a story appears in many listings, and its card differs
        # only by the heading level and the way to the site root (see `card`).
        self.cards: dict[tuple[str, str], str] = {}

    def t(self, english: str) -> str:
        """Our own interface text in this site view's language (`strings`)."""
        return strings.text(self.language, english)

    # -- pages ---------------------------------------------------------------------
    def pages(self) -> list[Page]:
        site = self.site
        pages = [
            Page(self.urls.HOME, self.site_name or self.t("Home"), self.t("Stories about our people and the principles they live by."),
                 "home.md", {"latest": site.stories[:6], "recent_recipients": site.latest_recipients(RECENT_RECIPIENTS)},
                 ("navigation", "toc")),
            Page(self.urls.section("principles"), self.t("Principles"), self.t("Our leadership principles and the stories behind them."),
                 "principles_index.md", {}, ("navigation", "toc")),
            Page(self.urls.section("departments"), self.t("Departments"), self.t("Stories by department."),
                 "departments_index.md", {}, ("navigation", "toc")),
            Page(self.urls.section("people"), self.t("People"), self.t("Everyone featured in our stories."),
                 "people_index.md", {}, ("navigation", "toc")),
            Page(self.urls.section("awards"), self.t("Awards"), self.t("Our recognition programmes and their recipients."),
                 "awards_index.md", {"programmes": self.programmes()}, ("navigation", "toc")),
        ]
        pages += self.paged(Page(self.urls.section("stories"), self.t("All stories"), self.t("All {n} stories, newest first.").format(n=len(site.stories)),
                                 "stories_index.md", {}, ("navigation", "toc")), site.stories)
        if site.tags:
            pages.append(Page(self.urls.section("tags"), self.t("Tags"), self.t("Stories by tag."), "tags_index.md", {},
                              ("navigation", "toc")))
        pages += [self.story_page(story) for story in site.stories]
        for p in site.principles.values():
            pages += self.paged(Page(self.urls.section("principles", p.id), p.name, p.summary, "principle.md",
                                     {"principle": p}, ("navigation", "toc"),
                                     feeds=((self.t("{name}: stories").format(name=p.name), self.urls.file(feeds.principle_feed(p.id))),)),
                                site.by_principle.get(p.id, []))
        for d in site.departments.values():
            people = [p for p in site.people.values() if p.department == d.id and self.urls.person(p) is not None]
            pages += self.paged(Page(self.urls.section("departments", d.id), d.name, d.summary or self.t("Stories from {name}.").format(name=d.name),
                                     "department.md", {"department": d, "members": people}, ("navigation", "toc")),
                                site.by_department.get(d.id, []))
        for person in site.people.values():
            page_url = self.urls.person(person)
            if page_url is None:
                continue
            description = f"{person.name}, {person.role}" if person.role else person.name
            pages += self.paged(Page(page_url, person.name, description, "person.md",
                                     {"person": person, "awards": site.person_awards(person.id),
                                      "search": search.person_record(person, self.t)}, ("navigation", "toc"), indexed=True),
                                site.by_person.get(person.id, []))
        for award in site.awards.values():
            years = site.recipients.get(award.id, {})
            entries = [recipient for recipients in years.values() for recipient in recipients]
            counts = {year: len(recipients) for year, recipients in years.items()}
            pages += self.paged(Page(self.urls.section("awards", award.id), award.name, award.summary, "award.md",
                                     {"award": award, "counts": counts}, ("navigation", "toc")),
                                entries, by_year_of_recipients)
        for tag in site.tags.values():
            pages += self.paged(Page(self.urls.section("tags", tag.slug), f"#{tag.name}", self.t("Stories tagged {name}.").format(name=tag.name),
                                     "tag.md", {"tag": tag}, ("navigation", "toc")), site.by_tag[tag.slug])
        return pages

    def story_page(self, story: Story) -> Page:
        return Page(self.urls.story(story.slug), story.title, story.summary, "story.md",
                    {"story": story, "search": search.story_record(self.site, story, self.t)},
                    indexed=True, story=story)

    def paged(self, first: Page, stories: list[Any],
              grouped: Callable[[list[Any]], dict[str, Any]] | None = None) -> list[Page]:
        """One page per `PAGE_SIZE` stories (or award entries); later pages say which page they
        are, and only the first is in the search index. `grouped` adds a page's own grouping."""
        chunks = paging.split(stories)
        out = []
        for number, items in enumerate(chunks, start=1):
            chunk = list(items)
            pager = paging.Pager(first.url, number, len(chunks))
            extra = grouped(chunk) if grouped else {"by_year": self.by_year(chunk)}
            context = first.context | {"stories": chunk, "total": len(stories), "pager": pager} | extra
            if number == 1:
                out.append(Page(first.url, first.title, first.description, first.template, context,
                                first.hide, first.indexed, feeds=first.feeds))
                continue
            suffix = " " + self.t("(page {n} of {count})").format(n=number, count=len(chunks))
            out.append(Page(pager.url(number), first.title + suffix, first.description + suffix,
                            first.template, context, first.hide, feeds=first.feeds))
        return out

    def by_year(self, stories: list[Story]) -> list[tuple[int, list[Story]]]:
        years: dict[int, list[Story]] = {}
        for story in stories:
            years.setdefault(story.year, []).append(story)
        return list(years.items())

    @cached_property
    def recipient_pages(self) -> dict[tuple[str, int, str], str]:
        """(award, year, person) -> the URL of the award page (of a paged wall) showing them."""
        out = {}
        for award_id, years in self.site.recipients.items():
            entries = [r for recipients in years.values() for r in recipients]
            for number, chunk in enumerate(paging.split(entries), start=1):
                for r in chunk:
                    out[(award_id, r.year, r.person.id)] = paging.page_url(self.urls.section("awards", award_id), number)
        return out

    def programmes(self) -> list[tuple[Award, int | None, list[Recipient], int]]:
        """Every award with its latest year's recipients (a few), for the awards index."""
        out = []
        for award in self.site.awards.values():
            years = self.site.recipients.get(award.id, {})
            latest = next(iter(years), None)
            recipients = years[latest] if latest is not None else []
            out.append((award, latest, recipients[:LATEST_PER_AWARD], len(recipients)))
        return out

    # -- rendering -----------------------------------------------------------------
    def linker(self, page_url: str) -> Callable[[str], str]:
        return lambda target: urls.relative(page_url, target)

    def common(self, page_url: str) -> dict[str, Any]:
        link = self.linker(page_url)
        return {
            "site": self.site,
            "link": link,
            "urls": self.urls,
            "t": self.t,
            "language_name": lambda code: strings.language_name(code, self.language),
            "media": lambda source: link(media_path(source)),
            "picture": self.picture,
            "card": lambda story, heading="h3": self.card(story, heading, page_url),
            "recipient_url": lambda r: link(self.recipient_pages[(r.award.id, r.year, r.person.id)])
                                       + f"#sb-recipient-{r.anchor}",
        }

    def picture(self, source: PurePosixPath, role: str) -> Picture:
        """The resized files of a cover or portrait; an unplanned one is published as it is."""
        planned = self.pictures.get((source, role))
        if planned is not None:
            return planned
        path = media_path(source)
        return Picture(path, Rendition(path, None, None, ""), (), None, None)

    def card(self, story: Story, heading: str, page_url: str) -> Markup:
        """A story's card, rendered once with its links marked, then given each page's way to
        the site root: a story appears in a dozen listings at several depths."""
        key = (story.slug, heading)
        if key not in self.cards:
            template = self.env.get_template("story_card.html")
            context = self.common(page_url) | {"story": story, "heading": heading,
                                               "link": lambda target: _ROOT_MARK + target}
            self.cards[key] = template.render(context)
        return Markup(self.cards[key].replace(_ROOT_MARK, urls.relative(page_url, HOME)))

    def turn_label(self, story: Story, index: int, page_url: str) -> str:
        template = self.env.get_template("turn_label.html")
        context = self.common(page_url) | {"story": story, "turn": story.turns[index]}
        return " ".join(template.render(context).split())

    def render(self, page: Page) -> Rendered:
        """The page's Markdown, and the trusted HTML fragments the build puts in its placeholders."""
        fragments: list[str] = []

        def trusted(markup: str) -> Markup:
            # Markup these templates made from escaped values skips Markdown and the sanitizer,
            # which cost more than everything else in a listing (see `staged.fill_fragments`).
            fragments.append(str(markup))
            return Markup(f"\n\n{placeholder(len(fragments) - 1)}\n\n")

        context = (self.common(page.url) | page.context
                   | {"page_url": page.url, "page_title": page.title, "trusted": trusted})
        if page.story is not None:
            context["related"] = self.site.related(page.story)  # here, not in pages(): workers share it out
            context["body"] = Markup(_BODY_MARK)
        content = self.env.get_template(page.template).render(context)
        if page.story is not None:
            content = self.place_body(content, fragments, page)
        fragments_text = json.dumps(fragments, ensure_ascii=False) if fragments else ""
        meta = self.meta(page, fragments_text)
        if any("<h1" in fragment for fragment in fragments):
            meta["own_h1"] = True  # the theme must not add a title: the fragment holds it
        return Rendered(f"{front_matter(meta)}\n{content.strip()}\n", fragments_text)

    def place_body(self, content: str, fragments: list[str], page: Page) -> str:
        """Put the story's body, as Markdown, where the template printed `body`: once, and never
        inside a trusted fragment."""
        assert page.story is not None
        if any(_BODY_MARK in fragment for fragment in fragments) or content.count(_BODY_MARK) != 1:
            raise BodyMisplaced(f"{page.template} must print {{{{ body }}}} once, outside trusted()")
        story = page.story
        names = speaker_names(self.site.people[p] for p in story.people)
        body = render_body(story, lambda s, i: self.turn_label(s, i, page.url), names)
        return content.replace(_BODY_MARK, relink_images(body, story, page.path))

    def meta(self, page: Page, fragments_text: str) -> dict[str, Any]:
        """The staged page's front matter, which the theme reads."""
        # The theme prints title and description without escaping them: escape them here.
        meta: dict[str, Any] = {"title": html.escape(page.title), "description": html.escape(page.description),
                                "hide": list(page.hide)}
        if page.url == self.urls.HOME:
            del meta["title"]  # the theme titles the home page with the site name alone
        if fragments_text:
            # Their digest makes the page's own text change with them: the build cache and the
            # preview's dirty rebuild both go by the staged page alone.
            meta["fragments"] = hashlib.sha256(fragments_text.encode("utf-8")).hexdigest()[:20]
        if len(self.site.languages) > 1:
            meta["lang"] = self.language
            meta["home"] = self.urls.HOME  # the search dialog's facet names and links are this language's
            meta["alternates"] = self.alternates(page.url)
        if page.indexed:
            meta["pagefind"] = True
            meta["search"] = page.context.get("search", {})
        meta["feeds"] = [[self.t("{name}: all stories").format(name=self.site_name or self.t("All stories")),
                          self.urls.file(feeds.SITE_FEED)]]
        meta["feeds"] += [[title, path] for title, path in page.feeds]
        if page.story is not None:
            story = page.story
            meta["social"] = {"type": "article", "published": story.date.isoformat()}
            if share.has_card(self.site, story):  # held-back stories have no share picture
                image = self.urls.share_card(story.slug)
                meta["social"] |= {"image": image, "width": share.WIDTH, "height": share.HEIGHT,
                                   # absolute when the site's address is known (link previews need it)
                                   "image_url": self.settings.absolute(image),
                                   "image_alt": html.escape(share.alt_text(self.site_name, story, self.language))}
        return meta


    def alternates(self, url: str) -> list[list[str]]:
        """[language, its name, the same page in it] for each of the site's languages, this one
        included: every page kind exists in every language at the same address under its prefix."""
        if len(self.site.languages) < 2:
            return []
        page = self.urls.unprefixed(url)
        return [[lang, strings.LANGUAGE_NAMES[lang], urls.Addresses.of(lang, self.site.languages).prefix + page]
                for lang in self.site.languages]


def by_year_of_recipients(entries: list[Recipient]) -> dict[str, Any]:
    """An award page's recipients, by year, as the page's share of them."""
    years: dict[int, list[Recipient]] = {}
    for recipient in entries:
        years.setdefault(recipient.year, []).append(recipient)
    return {"years": years}


def relink_images(body: str, story: Story, source: str) -> str:
    """Point pictures in the text at their published copies, relative to the staged page."""
    base = posixpath.dirname(source) or "."
    published = {written: posixpath.relpath(media_path(resolved), base) for written, resolved in story.images}
    return rewrite_image_paths(body, published)
