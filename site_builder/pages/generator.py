"""Turn a loaded `Site` into the pages the engine builds: plain files in a staging folder.

Every page (stories, indexes, home) is made here with Jinja2, so the engine only renders
Markdown inside the theme: MkDocs and ProperDocs run the same staged pages, and Zensical can
read them too. Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..media.images import Picture, Rendition, plan, render
from ..model import KIND_LABELS, Person, Site, Story
from ..resources import guide_dir, page_templates_dir
from . import feeds, paging, urls
from .body import render_body

MEDIA = "media"
GUIDE_PAGE = "guide/index.md"
_ROOT_MARK = "\x00"  # stands for "the way from this page to the site root" in a cached card
FRAGMENTS = ".fragments"  # a dot folder: the engine neither renders nor copies it


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    description: str
    template: str
    context: dict[str, Any]
    hide: tuple[str, ...] = ("navigation",)
    indexed: bool = False  # in the search index (stories and people)

    @property
    def path(self) -> str:
        return urls.source_path(self.url)


def media_path(source: PurePosixPath) -> str:
    """Where an image from the content root is published: same relative path under media/."""
    return f"{MEDIA}/{source.as_posix()}"


def icon_shortcode(icon: str) -> str:
    """`material/heart-outline` -> `:material-heart-outline:` (pymdownx.emoji with Material icons)."""
    return f":{icon.replace('/', '-')}:" if icon else ""


@dataclass(frozen=True)
class Settings:
    """What pages need from the site's configuration."""

    name: str = ""
    url: str = ""  # the published address (site_url), for feeds and link previews; may be empty


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
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["kind_label"] = lambda kind: KIND_LABELS[kind]
        self.env.filters["icon"] = icon_shortcode
        self.env.filters["longdate"] = lambda d: f"{d.day} {d:%B %Y}"
        # A deliberate per-build cache: a story appears in many listings, and its card differs
        # only by the heading level and the way to the site root (see `card`).
        self.cards: dict[tuple[str, str], str] = {}

    # -- pages ---------------------------------------------------------------------
    def pages(self) -> list[Page]:
        site = self.site
        pages = [
            Page(urls.HOME, self.site_name or "Home", "Stories about our people and the principles they live by.",
                 "home.md", {"latest": site.stories[:6], "recent_awards": self.recent_awards()},
                 ("navigation", "toc")),
            Page(urls.section("principles"), "Principles", "Our leadership principles and the stories behind them.",
                 "principles_index.md", {}, ("navigation", "toc")),
            Page(urls.section("departments"), "Departments", "Stories by department.",
                 "departments_index.md", {}, ("navigation", "toc")),
            Page(urls.section("people"), "People", "Everyone featured in our stories.",
                 "people_index.md", {}, ("navigation", "toc")),
            Page(urls.section("awards"), "Awards", "Our recognition programmes and their recipients.",
                 "awards_index.md", {}, ("navigation", "toc")),
        ]
        pages += self.paged(Page(urls.section("stories"), "All stories", f"All {len(site.stories)} stories, newest first.",
                                 "stories_index.md", {}, ("navigation", "toc")), site.stories)
        if site.tags:
            pages.append(Page(urls.section("tags"), "Tags", "Stories by tag.", "tags_index.md", {},
                              ("navigation", "toc")))
        pages += [self.story_page(story) for story in site.stories]
        for p in site.principles.values():
            pages += self.paged(Page(urls.section("principles", p.id), p.name, p.summary, "principle.md",
                                     {"principle": p}, ("navigation", "toc")), site.by_principle.get(p.id, []))
        for d in site.departments.values():
            people = [p for p in site.people.values() if p.department == d.id and p.active]
            pages += self.paged(Page(urls.section("departments", d.id), d.name, d.summary or f"Stories from {d.name}.",
                                     "department.md", {"department": d, "members": people}, ("navigation", "toc")),
                                site.by_department.get(d.id, []))
        for person in site.people.values():
            if not person.active:
                continue  # people who have left keep their stories, not a profile page
            description = f"{person.name}, {person.role}" if person.role else person.name
            pages += self.paged(Page(urls.section("people", person.id), person.name, description, "person.md",
                                     {"person": person, "awards": site.person_awards(person.id),
                                      "search": self.person_search(person)}, ("navigation", "toc"), indexed=True),
                                site.by_person.get(person.id, []))
        for award in site.awards.values():
            entries = [(year, story, people) for year, items in site.recipients.get(award.id, {}).items()
                       for story, people in items]
            pages += self.paged(Page(urls.section("awards", award.id), award.name, award.summary, "award.md",
                                     {"award": award}, ("navigation", "toc")), entries, by_year_of_entries)
        for tag in site.tags.values():
            pages += self.paged(Page(urls.section("tags", tag.slug), f"#{tag.name}", f"Stories tagged {tag.name}.",
                                     "tag.md", {"tag": tag}, ("navigation", "toc")), site.by_tag[tag.slug])
        return pages

    def story_page(self, story: Story) -> Page:
        return Page(urls.story(story.slug), story.title, story.summary, "story.md",
                    {"story": story, "search": self.story_search(story)},
                    indexed=True)

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
                                first.hide, first.indexed))
                continue
            suffix = f" (page {number} of {len(chunks)})"
            out.append(Page(pager.url(number), first.title + suffix, first.description + suffix,
                            first.template, context, first.hide))
        return out

    def story_search(self, story: Story) -> dict[str, Any]:
        """What the search index records for a story: facet filters (ids), sort key, card data."""
        people = [self.site.people[p] for p in story.people]
        filters = [["type", "story"], ["kind", story.kind], ["year", str(story.year)]]
        filters += [["principle", p] for p in story.principles] + [["department", d] for d in story.departments]
        filters += [["award", g.award] for g in story.awards]
        return {
            "filters": filters,
            "sort": [["date", story.date.isoformat()]],
            "meta": [["kind", KIND_LABELS[story.kind]], ["date", story.date.isoformat()],
                     ["summary", story.summary], ["people", ", ".join(p.name for p in people)]],
            "keywords": [p.short_name for p in people if p.short_name and p.short_name not in p.name],
        }

    def person_search(self, person: Person) -> dict[str, Any]:
        return {
            "filters": [["type", "person"], ["kind", "person"]],
            "sort": [],
            "meta": [["kind", "Person"], ["summary", person.role]],
            "keywords": [person.short_name] if person.short_name and person.short_name not in person.name else [],
        }

    def by_year(self, stories: list[Story]) -> list[tuple[int, list[Story]]]:
        years: dict[int, list[Story]] = {}
        for story in stories:
            years.setdefault(story.year, []).append(story)
        return list(years.items())

    def recent_awards(self, count: int = 6) -> list[tuple[Any, int, Story, list[Any]]]:
        out = []
        for award_id, years in self.site.recipients.items():
            for year, entries in years.items():
                for story, people in entries:
                    out.append((self.site.awards[award_id], year, story, people))
        out.sort(key=lambda r: (-r[1], -r[2].date.toordinal(), r[2].slug))
        return out[:count]

    # -- rendering -----------------------------------------------------------------
    def linker(self, page_url: str) -> Callable[[str], str]:
        return lambda target: urls.relative(page_url, target)

    def common(self, page_url: str) -> dict[str, Any]:
        link = self.linker(page_url)
        return {
            "site": self.site,
            "link": link,
            "urls": urls,
            "media": lambda source: link(media_path(source)),
            "picture": self.picture,
            "card": lambda story, heading="h3": self.card(story, heading, page_url),
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
        return Markup(self.cards[key].replace(_ROOT_MARK, urls.relative(page_url, urls.HOME)))

    def turn_label(self, story: Story, index: int, page_url: str) -> str:
        template = self.env.get_template("turn_label.html")
        context = self.common(page_url) | {"story": story, "turn": story.turns[index]}
        return " ".join(template.render(context).split())

    def render(self, page: Page) -> tuple[str, str]:
        """The page's Markdown, and its trusted HTML fragments as JSON ("" when it has none),
        which the engine puts in its placeholders."""
        fragments: list[str] = []

        def trusted(markup: str) -> Markup:
            # Markup these templates made from escaped values skips Markdown and the sanitizer,
            # which cost more than everything else in a listing (see engine_hooks).
            fragments.append(str(markup))
            return Markup(f'\n\n<div data-sb-fragment="{len(fragments) - 1}"></div>\n\n')

        context = (self.common(page.url) | page.context
                   | {"page_url": page.url, "page_title": page.title, "trusted": trusted})
        if page.template == "story.md":
            story = page.context["story"]
            context["related"] = self.site.related(story)  # here, not in pages(): workers share it out
            body = render_body(story, lambda s, i: self.turn_label(s, i, page.url))
            context["body"] = Markup(relink_images(body, story, page.path))
        content = self.env.get_template(page.template).render(context)
        # The theme prints title and description without escaping them: escape them here.
        meta: dict[str, Any] = {"title": html.escape(page.title), "description": html.escape(page.description),
                                "hide": list(page.hide)}
        if page.url == urls.HOME:
            del meta["title"]  # the theme titles the home page with the site name alone
        fragments_text = json.dumps(fragments, ensure_ascii=False) if fragments else ""
        if fragments:
            # Their digest makes the page's own text change with them: the build cache and the
            # preview's dirty rebuild both go by the staged page alone.
            meta["fragments"] = hashlib.sha256(fragments_text.encode("utf-8")).hexdigest()[:20]
        if page.indexed:
            meta["pagefind"] = True
            meta["search"] = page.context.get("search", {})
        meta["feeds"] = [[f"{self.site_name or 'All stories'}: all stories", feeds.SITE_FEED]]
        if page.template == "principle.md":
            principle = page.context["principle"]
            meta["feeds"].append([f"{principle.name}: stories", feeds.principle_feed(principle.id)])
        if page.template == "story.md":
            story = page.context["story"]
            meta["social"] = {"type": "article",
                              "image": self.picture(story.cover, "cover").fallback.path if story.cover else "",
                              "image_alt": html.escape(story.cover_alt), "published": story.date.isoformat()}
        return f"{front_matter(meta)}\n{content.strip()}\n", fragments_text


def by_year_of_entries(entries: list[tuple[int, Story, list[Person]]]) -> dict[str, Any]:
    """An award page's recipients, by year, as the page's share of them."""
    years: dict[int, list[tuple[Story, list[Person]]]] = {}
    for year, story, people in entries:
        years.setdefault(year, []).append((story, people))
    return {"years": years}


def front_matter(meta: dict[str, Any]) -> str:
    """A staged page's front matter: one JSON value per key, which is valid YAML and never ambiguous."""
    lines = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{lines}\n---\n"


def relink_images(body: str, story: Story, source: str) -> str:
    """Point pictures in the text at their published copies, relative to the staged page."""
    for written, resolved in story.images:
        target = posixpath.relpath(media_path(resolved), posixpath.dirname(source) or ".")
        pattern = re.compile(r"(!\[[^\]]*\]\(\s*<?)" + re.escape(written) + r"(?=>?[\s)])")
        body = pattern.sub(lambda m: m.group(1) + target, body)
    return body


def media_files(site: Site) -> list[PurePosixPath]:
    """Images from the content root that published pages show as they are (pictures in text)."""
    return sorted({resolved for story in site.stories for _, resolved in story.images})


def picture_sources(site: Site) -> list[tuple[PurePosixPath, str]]:
    """Covers and portraits: published resized (see `site_builder.images`)."""
    found = {(story.cover, "cover") for story in site.stories if story.cover}
    found |= {(p.public_photo, "portrait") for p in site.people.values() if p.public_photo and p.active}
    found |= {(site.people[pid].public_photo, "portrait") for story in site.stories for pid in story.people
              if site.people[pid].public_photo}
    return sorted((source, role) for source, role in found if source is not None)


def plan_pictures(site: Site, root: Path,
                  only: set[tuple[PurePosixPath, str]] | None = None) -> dict[tuple[PurePosixPath, str], tuple[Picture, bytes]]:
    out = {}
    for source, role in picture_sources(site):
        if only is not None and (source, role) not in only:
            continue
        data = (root / source).read_bytes()
        out[(source, role)] = (plan(media_path(source), data, role), data)
    return out


def facet_names(site: Site) -> dict[str, Any]:
    """The labels and order of each search facet's values; the index itself holds only ids."""
    years = sorted({s.year for s in site.stories}, reverse=True)
    return {"facets": [
        {"key": "principle", "label": "Principle", "values": [[p.id, p.name] for p in site.principles.values()]},
        {"key": "department", "label": "Department",
         "values": [[d.id, d.name] for d in site.departments.values()]},
        {"key": "kind", "label": "Kind", "values": [[k, v] for k, v in KIND_LABELS.items()] + [["person", "Person"]]},
        {"key": "year", "label": "Year", "values": [[str(y), str(y)] for y in years]},
        {"key": "award", "label": "Award", "values": [[a.id, a.name] for a in site.awards.values()]},
    ]}


MIN_PAGES_PER_WORKER = 400  # below this, starting a worker costs more than it saves


def page_files(path: str, text: str, fragments: str) -> list[tuple[str, str]]:
    """A rendered page's staged files; its fragments come first, so an engine watching the
    folder never renders the page before they are there."""
    files = [(fragment_path(path), fragments)] if fragments else []
    return files + [(path, text)]


def write_pages(generator: Generator, pages: list[Page], docs: Path) -> list[tuple[str, bool]]:
    """Render and write pages one at a time (memory stays flat); (staged path, changed) of each file."""
    out = []
    for page in pages:
        for rel, text in page_files(page.path, *generator.render(page)):
            out.append((rel, write_if_changed(docs / rel, text.encode("utf-8"))))
    return out


def _write_in_child(generator: Generator, pages: list[Page], docs: Path, connection: Connection) -> None:
    connection.send(write_pages(generator, pages, docs))
    connection.close()


def write_all(generator: Generator, pages: list[Page], docs: Path, jobs: int) -> list[tuple[str, bool]]:
    """`write_pages` on `jobs` cores: forked workers share the loaded site without copying it,
    and send back only which files they wrote."""
    workers = min(jobs, len(pages) // MIN_PAGES_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return write_pages(generator, pages, docs)
    context = multiprocessing.get_context("fork")
    children = []
    for index in range(1, workers):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_write_in_child, args=(generator, pages[index::workers], docs, sender))
        child.start()
        sender.close()
        children.append((child, receiver))
    written = write_pages(generator, pages[0::workers], docs)
    for child, receiver in children:
        try:
            written += receiver.recv()
        except EOFError:
            raise RuntimeError("a page-rendering worker stopped without its pages") from None
        finally:
            child.join()
    return written


def other_files(site: Site, generator: Generator, settings: Settings) -> dict[str, str]:
    """Staged files besides the pages: facet names, feeds, the editor guide."""
    files = {"facets.json": json.dumps(facet_names(site), ensure_ascii=False, separators=(",", ":"))}
    files |= feeds.render_feeds(site, generator.env, settings.name, settings.url)
    files[GUIDE_PAGE] = guide_page()
    return files


def generate(site: Site, settings: Settings = Settings()) -> dict[str, str]:
    """Every staged file (pages, feeds, facet names) by its path in the docs folder, in memory."""
    generator = Generator(site, settings)
    files = {}
    for page in generator.pages():
        files.update(page_files(page.path, *generator.render(page)))
    return files | other_files(site, generator, settings)


def fragment_path(page_path: str) -> str:
    """Where the trusted fragments of the staged page `page_path` are kept (see engine_hooks)."""
    return f"{FRAGMENTS}/{page_path}.json"


def guide_page() -> str:
    """The editor guide, shipped in the package, published with every site at /guide/."""
    text = (guide_dir() / "editor-guide.md").read_text(encoding="utf-8")
    meta = {"title": "Editor guide", "description": "How to write, check and publish a story.",
            "hide": ["navigation"]}
    return f"{front_matter(meta)}\n{text}"


def guide_images() -> dict[str, bytes]:
    folder = guide_dir() / "images"
    if not folder.is_dir():
        return {}
    return {f"guide/images/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def stage_stories(site: Site, root: Path, docs: Path, stories: list[Story], settings: Settings = Settings()) -> list[str]:
    """Write just these stories' own pages: the live preview shows an edited story first, and
    restages everything else (listings, related stories) right after."""
    needed = {(s.cover, "cover") for s in stories if s.cover}
    needed |= {(site.people[p].public_photo, "portrait") for s in stories for p in s.people
               if site.people[p].public_photo}
    pictures = {key: picture for key, (picture, _) in plan_pictures(site, root, needed).items()}
    generator = Generator(site, settings, pictures)
    written = write_pages(generator, [generator.story_page(s) for s in stories], docs)
    return [rel for rel, changed in written if changed]


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only real changes, so the preview rebuilds only the pages a change touched.

    A changed file is replaced in one step: the engine's server, watching the folder, never
    reads half a page, even if the preview stops a restage midway."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)  # a new file: nothing to keep whole (and a rename costs time)
        return True
    partial = path.with_name(f".{path.name}.partial")  # a dot file: the engine ignores it
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def stage(site: Site, root: Path, docs: Path, settings: Settings = Settings(), jobs: int = 1,
          image_cache: Path | None = None) -> list[str]:
    """Write the pages and media into `docs`, remove stale files; return what changed.

    Raises `ImageError` for a cover or portrait that cannot be decoded."""
    planned = plan_pictures(site, root)
    generator = Generator(site, settings, {key: picture for key, (picture, _) in planned.items()})
    written = write_all(generator, generator.pages(), docs, jobs)
    wanted = {rel: text.encode("utf-8") for rel, text in other_files(site, generator, settings).items()}
    for source in media_files(site):
        wanted[media_path(source)] = (root / source).read_bytes()
    cache = image_cache or docs.parent / "image-cache"
    wanted |= render(list(planned.values()), cache, jobs, prune=True)
    wanted |= guide_images()
    assets = root / "assets"
    if assets.is_dir():
        for file in sorted(assets.rglob("*")):
            if file.is_file():
                wanted["assets/" + file.relative_to(assets).as_posix()] = file.read_bytes()
    changed = [rel for rel, data in sorted(wanted.items()) if write_if_changed(docs / rel, data)]
    changed += [rel for rel, was_changed in written if was_changed]
    keep = wanted.keys() | {rel for rel, _ in written}
    if docs.is_dir():
        for existing in sorted(docs.rglob("*"), reverse=True):
            rel = existing.relative_to(docs).as_posix()
            if existing.is_file() and rel not in keep:
                existing.unlink()
                changed.append(rel)
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return changed
