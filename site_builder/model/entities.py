"""The things a culture site is about, as plain data.

Nothing here knows about files, YAML or MkDocs: loaders fill these in, pages read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import TypeVar

KINDS = ("interview", "profile", "practice", "article")
KIND_LABELS = {
    "interview": "Interview",
    "profile": "Profile",
    "practice": "Practice story",
    "article": "Article",
}


# Text an entity has in other languages than the site's first: (language, field, text).
Translations = tuple[tuple[str, str, str], ...]
_E = TypeVar("_E")


def in_language(entity: _E, language: str) -> _E:
    """`entity` with its text in `language` where it has some; as it is otherwise."""
    texts = {name: text for lang, name, text in getattr(entity, "translations", ()) if lang == language}
    return replace(entity, **texts) if texts else entity  # type: ignore[type-var]


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    summary: str
    description: str = ""
    icon: str = ""
    translations: Translations = ()


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    summary: str = ""
    translations: Translations = ()


@dataclass(frozen=True)
class Award:
    id: str
    name: str
    summary: str
    translations: Translations = ()


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = ""
    department: str = ""
    short_name: str = ""
    photo: PurePosixPath | None = None  # relative to the content root
    photo_alt: str = ""
    bio: str = ""
    photo_consent: bool = False  # the person agreed to their photo being shown
    active: bool = True  # false once they have left: stories stay, no profile page, no role
    translations: Translations = ()

    @property
    def public_photo(self) -> PurePosixPath | None:
        """The photo, only where the person has consented to it being published."""
        return self.photo if self.photo_consent else None

    @property
    def public_role(self) -> str:
        return self.role if self.active else ""

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        if not words:
            return "?"
        picked = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return picked.upper()


@dataclass(frozen=True)
class AwardGrant:
    """A story's award: who received it (ids among the story's people) and why, in plain text."""

    award: str
    year: int
    people: tuple[str, ...] = ()  # the recipients; the loader fills in every story person when none are named
    citation: str = ""


@dataclass(frozen=True)
class Turn:
    """One interview turn as written in a story body (line is 1-based in the story file)."""

    line: int
    kind: str  # "question" or "answer"
    number: str  # "3" for Q3, "" otherwise
    speaker: str  # person id, or "" for the interviewer
    addressee: str  # the first addressee's person id, or ""
    addressees: tuple[str, ...] = ()  # every addressee's person id, in the order written


@dataclass
class Story:
    path: PurePosixPath  # relative to the content root
    slug: str
    title: str
    date: dt.date
    summary: str
    kind: str
    principles: tuple[str, ...]
    departments: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    awards: tuple[AwardGrant, ...] = ()
    cover: PurePosixPath | None = None  # relative to the content root
    cover_alt: str = ""
    draft: bool = False
    publish_on: dt.datetime | None = None  # embargo, timezone-aware
    body: str = ""
    body_line: int = 1  # line of the story file where the body starts
    turns: tuple[Turn, ...] = field(default=())
    images: tuple[tuple[str, PurePosixPath], ...] = ()  # pictures in the text: as written -> root-relative
    lang: str = ""  # the language it is written in ("": the site's first)
    origin: str = ""  # a translation's: the language of the story it translates (whose awards it shows)
    translations: dict[str, Story] = field(default_factory=dict)  # language -> this story in it

    def published_at(self, now: dt.datetime) -> bool:
        """Neither a draft nor under embargo at `now`."""
        return not self.draft and (self.publish_on is None or self.publish_on <= now)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def words(self) -> int:
        return len(self.body.split())

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 200))
