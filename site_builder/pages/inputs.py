"""What each page is made from, recorded, so a rebuild renders only the pages whose inputs changed.

Every page is made from what every page of a site view shares: the settings, the languages,
the principles, departments, awards and people with their portraits, whether this is the
editor's preview, and the page templates with the code that fills them (`Inputs._shared`).
Besides that:
- a story page, from its story (every field, its text and translations included), whether
  it is held back at the build's moment, its tags as the site spells them, its cover, and
  the cards of its related stories;
- a listing (all stories, a principle, a department, a person, an award, a tag, page by page),
  from its title and the values it is given: each story in it by what its card shows
  (`card_of`), each award recipient whole, and a person's badges by the pages they link to.
The home page and the five section indexes are rendered every time: they read the whole site.

`Inputs.of` is the digest of a page's inputs. After a page is written, the digest is recorded
with the staged files it became (`Records`). The next staging that computes the same digest,
and finds those files holding what was written, keeps them instead of rendering the page
again: at once when a file's stamp is the one recorded, otherwise when its bytes have the
recorded digest (CI restores the staging folder with the rest of the cache, so every file
there is a copy with a new stamp). A file changed by anything else (the live preview's own
writes, someone in the work folder) no longer matches, and its page is rendered.

Related stories are the costliest input: they are recorded too, with a digest of everything
`Site.related` reads (each published story's slug, date, people, principles, departments), and
taken from the record while that is unchanged, as it is after an edit of a story's text.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..model import Story
from ..resources import page_templates_dir
from ..stamps import stamp
from .generator import Generator, Page

FORMAT = 2  # 2: each staged file's bytes by their digest
_CODE = (Path(__file__).parent, Path(__file__).parent.parent / "model")  # the pages' code and the model


def _digest(*parts: Any) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=20).hexdigest()


def _code_digest() -> str:
    """The page templates and the code that makes pages from the model: a change to either
    (a new release, or a checkout being worked on) renders every page again."""
    hasher = hashlib.blake2b(digest_size=20)
    try:
        hasher.update(metadata.version("site-builder").encode())
    except metadata.PackageNotFoundError:
        pass
    for folder in (page_templates_dir(), *_CODE):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def card_of(story: Story) -> tuple[Any, ...]:
    """What a story's card shows (`story_card.html`): a page listing it changes when this does."""
    return (story.slug, story.kind, story.date, story.lang, story.title, story.summary, story.people,
            story.principles)


def _canonical(value: Any) -> Any:
    """A listing's values as its page shows them: a story as its card."""
    if isinstance(value, Story):
        return card_of(value)
    if isinstance(value, dict):
        return tuple((key, _canonical(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(item) for item in value)
    return value


ALWAYS_RENDERED = frozenset({"home.md", "principles_index.md", "departments_index.md", "people_index.md",
                             "awards_index.md", "tags_index.md"})


class Inputs:
    """The digests of one site view's pages, as its `Generator` renders them; `last` is the
    previous staging's records, for the related stories they hold."""

    def __init__(self, generator: Generator, last: Records) -> None:
        """Both site-wide digests are made here, before page-rendering workers fork and share them."""
        self.generator = generator
        self.site = site = generator.site
        self.last = last
        portraits = sorted((key, repr(picture)) for key, picture in generator.pictures.items() if key[1] == "portrait")
        self._shared = _digest(FORMAT, _code_digest(), generator.settings, site.lang, site.languages, site.preview,
                               site.principles, site.departments, site.awards, site.people, portraits)
        # everything `Site.related` reads
        self.relations = _digest(site.preview, [(s.slug, s.date, s.people, s.principles, s.departments)
                                                for s in site.stories])

    def related(self, page: Page, story: Story) -> tuple[str, ...]:
        """The slugs of the story's related stories: from the last record while their inputs
        are the same, computed otherwise."""
        if self.last.relations.get(self.site.lang) == self.relations:
            known = self.last.pages.get(page.path)
            if known is not None and known.related is not None:
                return known.related
        return tuple(other.slug for other in self.site.related(story))

    def of(self, page: Page) -> tuple[str, tuple[str, ...] | None] | None:
        """The digest of a page's inputs, and a story page's related stories; None for a page
        rendered every time."""
        if page.template in ALWAYS_RENDERED:
            return None
        head = (self._shared, page.url, page.title, page.description, page.template, page.hide, page.indexed,
                page.feeds)
        story = page.story
        if story is None:
            badges = [self.generator.recipient_pages[(r.award.id, r.year, r.person.id)]
                      for r in page.context.get("awards", ())]
            return _digest(head, _canonical(page.context), badges), None
        site = self.site
        cover = self.generator.pictures.get((story.cover, "cover")) if story.cover else None
        related = self.related(page, story)
        cards = [card_of(site.story(slug)) for slug in related]
        return _digest(head, story, site.held_back(story), site.story_tags(story), cover, cards), related


StagedFile = tuple[str, int, int, int, str]  # path, size, modification time (ns), inode, digest of the bytes


@dataclass(frozen=True)
class Record:
    """A rendered page: the digest of its inputs, each staged file it wrote (`StagedFile`: its
    path, its stamp once written, and the digest of its bytes), and a story page's related
    stories. Staged files are replaced, never rewritten in place (`stage.write_if_changed`),
    so a file changed since has another stamp; one with another stamp but the same bytes (the
    staging folder restored by CI from its cache) is read and kept."""

    digest: str
    files: tuple[StagedFile, ...]
    related: tuple[str, ...] | None = None


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def record(digest: str, docs: Path, files: list[tuple[str, bytes]], related: tuple[str, ...] | None) -> Record:
    """The record of a page whose staged `files` (path, bytes) were just written."""
    stats = []
    for rel, data in files:
        written = stamp(docs / rel)
        if written is None:  # staged a moment ago: gone or replaced by something else since
            raise FileNotFoundError(f"{docs / rel} was staged but is not a file now")
        stats.append((rel, *written, content_digest(data)))
    return Record(digest, tuple(stats), related)


def _unchanged(docs: Path, file: StagedFile) -> StagedFile | None:
    """The staged file as it is now, when it holds the bytes recorded: at once when its stamp is
    the one recorded, otherwise when the bytes read have the recorded size and digest (a copy,
    as CI restores the work folder's cache); None when they differ or it is gone."""
    rel, size, mtime, inode, digest = file
    now = stamp(docs / rel)
    if now == (size, mtime, inode):
        return file
    if now is None or now[0] != size:
        return None
    try:
        data = (docs / rel).read_bytes()
    except OSError:
        return None
    return (rel, *now, digest) if content_digest(data) == digest else None


class Records:
    """The records of the last staging (`load`), and whether a page may be kept from it."""

    def __init__(self, pages: dict[str, Record] | None = None, relations: dict[str, str] | None = None) -> None:
        self.pages = pages or {}
        self.relations = relations or {}  # site view's language -> `Inputs.relations` when recorded

    @classmethod
    def load(cls, path: Path | None) -> Records:
        """The records at `path`; none when there are none or they cannot be read (every page is
        then rendered, which is always right)."""
        if path is None:
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            pages = {page: Record(entry[0], tuple((f[0], f[1], f[2], f[3], f[4]) for f in entry[1]),
                                  None if entry[2] is None else tuple(entry[2]))
                     for page, entry in data["pages"].items()}
            return cls(pages, dict(data["relations"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls()

    def kept(self, page: str, digest: str, docs: Path) -> Record | None:
        """The page's record when its inputs are the same and its files hold what was written,
        with the files' stamps as they are now."""
        found = self.pages.get(page)
        if found is None or found.digest != digest:
            return None
        files = []
        for file in found.files:
            now = _unchanged(docs, file)
            if now is None:
                return None
            files.append(now)
        return found if tuple(files) == found.files else Record(found.digest, tuple(files), found.related)


def save(path: Path, pages: dict[str, Record], relations: dict[str, str]) -> None:
    """Write the records in one step: a killed build leaves the old ones or the new ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    data = {"format": FORMAT, "relations": dict(sorted(relations.items())),
            "pages": {page: [r.digest, [list(f) for f in r.files], None if r.related is None else list(r.related)]
                      for page, r in sorted(pages.items())}}
    partial.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(partial, path)
