"""The loaded content of one content root, with the indexes pages are made from.

Indexes are built once per load (not per page), and only published stories (not drafts,
not under embargo at `now`) reach them, so neither can leak through any listing, count,
tag, award or related-story link.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .entities import Award, Department, Person, Principle, Story, in_language
from .slugs import slugify


RELATED_WINDOW = 25  # stories either side in time, per shared principle or department


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str  # the most used spelling


@dataclass(frozen=True)
class Recipient:
    """One person's award in one year, with every published story that names them for it."""

    award: Award
    year: int
    person: Person
    stories: tuple[Story, ...]  # newest first
    citation: str  # from the newest story that gives one; "" when none does
    citation_lang: str = ""  # the language the citation is written in: its story's, not a translation's

    @property
    def anchor(self) -> str:
        return f"{self.year}-{self.person.id}"


@dataclass
class Site:
    principles: dict[str, Principle] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    awards: dict[str, Award] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    all_stories: list[Story] = field(default_factory=list)  # drafts and embargoed included
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    preview: bool = False  # the editor's preview shows drafts and embargoed stories, marked as such
    languages: tuple[str, ...] = ("en",)  # the site's languages, the first at /, the others under /<lang>/
    language: str = ""  # the language this view is in (`in_language`); "" is the first

    @property
    def lang(self) -> str:
        return self.language or self.languages[0]

    def in_language(self, language: str) -> Site:
        """The site as readers of `language` see it: names, summaries and roles in that language
        where they are written in it, and each story's translation where it has one. A story
        without one stays in, as written, with its own `lang` (the pages label it)."""
        if language == self.lang:
            return self
        return Site({k: in_language(v, language) for k, v in self.principles.items()},
                    {k: in_language(v, language) for k, v in self.departments.items()},
                    {k: in_language(v, language) for k, v in self.awards.items()},
                    {k: in_language(v, language) for k, v in self.people.items()},
                    [s.translations.get(language, s) for s in self.all_stories],
                    self.now, self.preview, self.languages, language)

    def held_back(self, story: Story) -> bool:
        """A draft, or under embargo: never in a build, shown marked in the preview."""
        return not story.published_at(self.now)

    @cached_property
    def stories(self) -> list[Story]:
        """Published stories, newest first (ties broken by slug so output is stable)."""
        published = [s for s in self.all_stories if self.preview or s.published_at(self.now)]
        return sorted(published, key=lambda s: (-s.date.toordinal(), s.slug))

    def _index(self, keys_of: str) -> dict[str, list[Story]]:
        index: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for key in getattr(story, keys_of):
                index[key].append(story)
        return index

    @cached_property
    def by_principle(self) -> dict[str, list[Story]]:
        return self._index("principles")

    @cached_property
    def by_department(self) -> dict[str, list[Story]]:
        return self._index("departments")

    @cached_property
    def by_person(self) -> dict[str, list[Story]]:
        return self._index("people")

    @cached_property
    def tags(self) -> dict[str, Tag]:
        """Tags by slug: spellings differing only in accents or case are one tag."""
        spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for story in self.stories:
            for tag in story.tags:
                spellings[slugify(tag)][tag] += 1
        return {slug: Tag(slug, min(counts, key=lambda t: (-counts[t], t)))
                for slug, counts in sorted(spellings.items())}

    @cached_property
    def by_tag(self) -> dict[str, list[Story]]:
        index: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for slug in dict.fromkeys(slugify(t) for t in story.tags):
                index[slug].append(story)
        return index

    def story_tags(self, story: Story) -> list[Tag]:
        return [self.tags[slug] for slug in dict.fromkeys(slugify(t) for t in story.tags)]

    @cached_property
    def recipients(self) -> dict[str, dict[int, list[Recipient]]]:
        """award id -> year (newest first) -> its recipients, each person once per year with
        every story that names them (newest first); people in order of their newest story."""
        found: dict[tuple[str, int, str], tuple[list[Story], list[tuple[str, str]]]] = {}
        for story in self.stories:
            for grant in story.awards:
                for pid in grant.people:
                    stories, citations = found.setdefault((grant.award, grant.year, pid), ([], []))
                    if story not in stories:
                        stories.append(story)
                    if grant.citation:
                        citations.append((grant.citation, story.origin or story.lang))
        out: dict[str, dict[int, list[Recipient]]] = defaultdict(lambda: defaultdict(list))
        for (award, year, pid), (stories, citations) in found.items():
            citation, language = citations[0] if citations else ("", "")
            out[award][year].append(Recipient(self.awards[award], year, self.people[pid], tuple(stories),
                                              citation, language))
        return {award: dict(sorted(years.items(), reverse=True)) for award, years in out.items()}

    def person_awards(self, person_id: str) -> list[Recipient]:
        """A person's awards, newest year first: one badge per award and year."""
        found = [r for years in self.recipients.values() for entries in years.values()
                 for r in entries if r.person.id == person_id]
        return sorted(found, key=lambda r: (-r.year, r.award.name))

    def latest_recipients(self, count: int) -> list[Recipient]:
        """The newest recipients of every award: by year, then by their newest story."""
        every = [r for years in self.recipients.values() for entries in years.values() for r in entries]
        every.sort(key=lambda r: (-r.year, -r.stories[0].date.toordinal(), r.award.name, r.person.name))
        return every[:count]

    @cached_property
    def _positions(self) -> dict[tuple[str, str, str], int]:
        """(index name, key, slug) -> position in that newest-first list."""
        positions = {}
        for name in ("by_principle", "by_department"):
            for key, stories in getattr(self, name).items():
                for index, story in enumerate(stories):
                    positions[(name, key, story.slug)] = index
        return positions

    def related(self, story: Story, count: int = 3) -> list[Story]:
        """Stories sharing the most people, then principles, then departments; newest first.

        Candidates are every story sharing a person, plus the RELATED_WINDOW stories nearest
        in time on each of its principles and departments: related stories are contemporaries,
        and the work stays linear in the size of the archive (scoring every pair did not).
        Candidates are gathered and scored by slug, so a story page's related stories cost
        set operations, not a Python step per candidate and index (a third of its page).
        """
        known = self._related.get((story.slug, count))
        if known is not None:
            return known
        candidates: set[str] = set()
        for person in story.people:
            candidates.update(self._slugs("by_person", person))
        for name, keys in (("by_principle", story.principles), ("by_department", story.departments)):
            for key in keys:
                slugs = self._slugs(name, key)
                at = self._positions.get((name, key, story.slug), 0)
                candidates.update(slugs[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1])
        candidates.discard(story.slug)
        people, principles, departments, _ = self._sets_of(story)
        sets, scored = self._sets, []
        for slug in candidates:
            other = sets.get(slug) or self._sets_of(self._published[slug])
            points = 3 * len(people & other[0]) + 2 * len(principles & other[1]) + len(departments & other[2])
            if points > 0:
                scored.append((-points, other[3], slug))
        found = self._related[(story.slug, count)] = [self._published[entry[2]] for entry in heapq.nsmallest(count, scored)]
        return found

    @cached_property
    def _related(self) -> dict[tuple[str, int], list[Story]]:
        """Related stories once worked out (a page's digest asks before the page renders)."""
        return {}

    def story(self, slug: str) -> Story:
        """A published story by its slug."""
        return self._published[slug]

    @cached_property
    def _published(self) -> dict[str, Story]:
        return {story.slug: story for story in self.stories}

    @cached_property
    def _slug_lists(self) -> dict[tuple[str, str], list[str]]:
        return {}

    def _slugs(self, index: str, key: str) -> list[str]:
        """The slugs of one index's list (`by_person`, `by_principle`, `by_department`)."""
        found = self._slug_lists.get((index, key))
        if found is None:
            found = self._slug_lists[(index, key)] = [s.slug for s in getattr(self, index).get(key, [])]
        return found

    @cached_property
    def _sets(self) -> dict[str, tuple[frozenset[str], frozenset[str], frozenset[str], int]]:
        """A story's people, principles and departments as sets, and its date as a sort key
        (newest first), made when first asked for: the preview asks for one story's related
        stories, not every story's."""
        return {}

    def _sets_of(self, story: Story) -> tuple[frozenset[str], frozenset[str], frozenset[str], int]:
        sets = self._sets.get(story.slug)
        if sets is None:
            sets = self._sets[story.slug] = (frozenset(story.people), frozenset(story.principles),
                                             frozenset(story.departments), -story.date.toordinal())
        return sets

    def turn_people(self, story: Story) -> list[Person]:
        return [self.people[p] for p in story.people if p in self.people]
