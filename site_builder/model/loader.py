"""Load a content root into a `Site`, reporting every problem instead of stopping at the first.

Pelican's lesson: read everything, collect the problems of every file, then decide. Each
problem carries the file (relative to the root) and the line of the offending key or text.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from . import body_checks
from . import fields as F
from .checks import Checks, StructureOnly
from .checked_stories import CheckedStories, story_digest
from .containment import LINK_HINT, Listings, OutsideRoot, Root
from .entities import Award, AwardGrant, Department, Person, Principle, Story, Turn
from .interview import segments
from .problems import Problem, Problems
from .nesting import check_nesting
from .safety import body_image_refs, check_markup
from .site import Site
from .slugs import fold, is_slug, slugify
from .sources import decoded, read_text, split_front_matter
from .yamlsrc import Node, YamlProblem, parse
from ..stamps import Stamp, stamp

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif")
_H1_PREFIX = "# "
# Languages whose code, after a story file's name, makes the file a translation (`story.vi.md`):
# those mkdocs-material has interface text in. A site may use those site-builder has its own in.
KNOWN_LANGUAGES = frozenset(
    "af ar az be bg bn ca cs cy da de el en eo es et eu fa fi fr gl he hi hr hu hy id is it ja ka kn ko "
    "ku-IQ lb lt lv mk mn ms my nb nl nn pl pt-BR pt ro ru sa sh si sk sl sq sr sv ta te th tl tr uk ur "
    "uz vi zh-Hant zh-TW zh".split())


def translation_language(path: Path) -> str:
    """`vi` for `story.vi.md`: the language a story file is a translation into ("" for a story)."""
    stem, dot, suffix = path.stem.rpartition(".")
    return suffix if dot and stem and suffix in KNOWN_LANGUAGES else ""


def _untranslated(path: Path, language: str) -> Path:
    """`story.md` for `story.vi.md`: the file of the story a translation file is beside."""
    return path.with_name(path.name[: -len(f".{language}.md")] + ".md")


def story_files_of(translation: Path, first_language: str) -> tuple[Path, Path]:
    """The files the story a translation `story.vi.md` translates may be in: `story.md`, or
    `story.<first language>.md`, as the browser editor names a story it made."""
    stem = translation.name.rsplit(".", 2)[0]
    return translation.with_name(f"{stem}.md"), translation.with_name(f"{stem}.{first_language}.md")


class Loader:
    """One load of one content root; create a new one per build (no state survives it)."""

    def __init__(self, root: Path, now: dt.datetime | None = None, preview: bool = False,
                 cache: StoryCache | None = None, checks: Checks | None = None,
                 checked: CheckedStories | None = None, languages: tuple[str, ...] = ("en",)) -> None:
        self.root = root
        self.languages = languages
        self.checks: Checks = checks or StructureOnly()
        self.cache = cache
        self.checked = checked  # each story's checks by its digest, kept between runs
        self.contained = Root.of(root)
        self.real_root = self.contained.real
        self.root_prefix = os.path.join(str(root), "")
        self.site = Site(now=now or current_time(), preview=preview, languages=languages)
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()  # content files that could not be read at all
        self.stale: frozenset[Path] | None = None  # the kept stories to look at again (None: all)

    # -- helpers -----------------------------------------------------------------
    def rel(self, path: Path) -> str:
        """`path` relative to the root, by its text when it starts with the root's (every path
        the walk yields does): `relative_to` per story file was a tenth of a preview refresh."""
        text, prefix = str(path), self.root_prefix
        if text.startswith(prefix):
            return text[len(prefix):].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()

    def problems_for(self, path: Path) -> Problems:
        problems = Problems(self.rel(path))
        self.problems_sink.append(problems)
        return problems

    def read_yaml(self, path: Path, problems: Problems, line_offset: int = 0,
                  text: str | None = None) -> Node | None:
        if text is None:
            text = read_text(path, problems)
            if text is None:
                return None
        try:
            parsed = parse(text, line_offset)
        except YamlProblem as exc:
            problems.error(exc.line, exc.message, exc.hint)
            return None
        for line, key, first in parsed.duplicate_keys:
            problems.error(line, f"key '{key}' appears twice (first on line {first})", "keep only one")
        return parsed.root

    def image(self, base: Path, node: Node, raw: str, key: str, problems: Problems) -> PurePosixPath | None:
        """An image path that exists and stays inside the root, relative to the root."""
        if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":"):
            problems.error(node.line, f"'{key}' must be a path relative to the file, not {raw!r}")
            return None
        candidate = base / raw
        try:
            resolved = candidate.resolve()
            resolved.is_file()
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            problems.error(node.line, f"'{key}' {raw!r} is not a usable file name",
                           "use a plain relative path such as images/photo.jpg")
            return None
        if not self.contained.inside(candidate):
            problems.error(node.line, f"'{key}' {raw!r} points outside the content root",
                           "keep images inside the repository, next to the file that uses them; "
                           "a symbolic link must point inside it too")
            return None
        if not resolved.is_file():
            siblings = [p.name for p in candidate.parent.iterdir()] if candidate.parent.is_dir() else []
            hint = F.did_you_mean(candidate.name, siblings) or "check the spelling and the folder"
            problems.error(node.line, f"'{key}' file {raw!r} does not exist", hint)
            return None
        if resolved.suffix.lower() not in IMAGE_SUFFIXES:
            problems.error(node.line, f"'{key}' {raw!r} is not an image",
                           f"use one of: {', '.join(IMAGE_SUFFIXES)}")
            return None
        reason = self.checks.picture(resolved.read_bytes(), f"'{key}' {raw!r}", resolved.suffix)
        if reason is not None:
            problems.error(node.line, reason, "export the picture again as JPEG, PNG or WebP")
            return None
        return PurePosixPath(resolved.relative_to(self.real_root).as_posix())

    def check_refs(self, node: Node | None, known: dict[str, Any], what: str, where: str,
                   problems: Problems) -> None:
        if node is None or where in self.unreadable:
            return  # an unreadable list file is reported once, not at every reference to it
        for item in node.items if isinstance(node.value, list) else [node]:
            if isinstance(item.value, str) and item.value.strip() and item.value.strip() not in known:
                value = item.value.strip()
                hint = F.did_you_mean(value, sorted(known)) or f"add it to {where} first"
                problems.error(item.line, f"unknown {what} '{value}'", hint)

    def check_markdown_field(self, node: Node, key: str, values: dict[str, Any], problems: Problems) -> None:
        """Markdown inside YAML (a bio, a description): its first line follows the key's line."""
        if key in values:
            child = node.child(key)
            block = child is not None and child.line > node.key_line(key)
            check_markup(values[key], node.key_line(key) + (1 if block else 0), problems, self.checks)
            check_nesting(values[key], node.key_line(key) + (1 if block else 0), problems)

    def outside(self, path: Path) -> bool:
        """Whether `path` leaves the content root (a symbolic link out of it); reported at
        `path` when it does, so nothing outside the root is ever read."""
        reason = self.contained.escape(path)
        if reason is not None:
            self.report_outside(OutsideRoot(self.contained.rel(path), reason))
        return reason is not None

    def report_outside(self, escape: OutsideRoot) -> None:
        problems = Problems(escape.rel)
        self.problems_sink.append(problems)
        problems.error(1, f"{escape.rel} {escape.message}", LINK_HINT)

    def files(self, folder: Path, pattern: str, recursive: bool, listings: Listings | None = None) -> Iterator[Path]:
        """The files under `folder` that stay inside the root; the others are reported."""
        for found in self.contained.files(folder, pattern, recursive, listings):
            if isinstance(found, OutsideRoot):
                self.report_outside(found)
            else:
                yield found

    # -- content/ ------------------------------------------------------------------
    def load(self) -> tuple[Site, list[Problem]]:
        self.problems_sink: list[Problems] = []
        kept = self.cache.content if self.cache is not None else None
        if kept is not None:
            kept.restore(self)
        else:
            self.load_content_folder()
        self.load_stories(self.root / "stories")
        for _ in self.files(self.root / "assets", "*", recursive=True):
            pass  # published as they are: only links that leave the root matter here
        found = [p for group in self.problems_sink for p in group.found]
        return self.site, sorted(set(found), key=lambda p: (p.path, p.line, p.message))

    def load_content_folder(self) -> None:
        """`content/`, kept in the preview's cache (which is emptied when anything but a story
        changes): 300 people files were read again on every save of a story."""
        mark = len(self.problems_sink)
        content = self.root / "content"
        if self.outside(content):  # reported once, at content/; nothing in it is read
            self.unreadable |= {"content/principles.yml", "content/departments.yml", "content/awards.yml",
                                "content/people/"}
        else:
            self.load_content(content)
        if self.cache is not None:
            self.cache.content = ContentLoaded.of(self, self.problems_sink[mark:])

    def load_content(self, content: Path) -> None:
        self.site.principles = self.load_list(content / "principles.yml", F.PRINCIPLE_FIELDS, "principle",
                                              lambda v: Principle(**v))
        self.site.departments = self.load_list(content / "departments.yml", F.DEPARTMENT_FIELDS,
                                               "department", lambda v: Department(**v))
        self.site.awards = self.load_list(content / "awards.yml", F.AWARD_FIELDS, "award", lambda v: Award(**v))
        self.load_people(content / "people")

    def load_list(self, path: Path, fields: tuple[F.Field, ...], what: str, make: Any) -> dict[str, Any]:
        if self.outside(path):
            self.unreadable.add(self.rel(path))
            return {}
        problems = self.problems_for(path)
        if not path.is_file():
            problems.error(1, f"{self.rel(path)} is missing", f"create it: a YAML list of {what}s")
            self.unreadable.add(self.rel(path))
            return {}
        root = self.read_yaml(path, problems)
        if root is None and not problems.has_errors:
            return {}  # an empty file: no entries yet
        if root is None or not isinstance(root.value, list):
            self.unreadable.add(self.rel(path))
            if root is not None:
                problems.error(root.line, f"{self.rel(path)} must be a list of {what}s",
                               f"start each {what} with '- id: ...'")
            return {}
        out: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for item in root.items:
            if not isinstance(item.value, dict):
                problems.error(item.line, f"each {what} must be a mapping with 'id:' and 'name:'")
                continue
            values = F.check_mapping(item, fields, problems, f"this {what}")
            self.check_markdown_field(item, "description", values, problems)
            self.localize(values, fields, item, problems)
            if not all(f.name in values for f in fields if f.required):
                continue
            if values["id"] in out:
                problems.error(item.key_line("id"), f"{what} id '{values['id']}' is used twice "
                               f"(first on line {lines[values['id']]})", "give each one a different id")
                continue
            lines[values["id"]] = item.key_line("id")
            out[values["id"]] = make(values)
        return out

    def localize(self, values: dict[str, Any], fields: tuple[F.Field, ...], node: Node, problems: Problems) -> None:
        """Each `words` value becomes its text in the site's first language, the others go to
        `translations`; a language the site does not have, or a missing first one, is an error."""
        first = self.languages[0]
        translations: list[tuple[str, str, str]] = []
        for f in fields:
            texts = values.get(f.name) if f.type == "words" else None
            if texts is None:
                continue
            if "" in texts:
                values[f.name] = texts[""]
                continue
            child = node.child(f.name)
            for lang in texts:
                if lang not in self.languages:
                    line = child.key_line(lang) if child is not None else node.key_line(f.name)
                    problems.error(line, f"'{f.name}' has text in '{lang}', which is not one of the site's "
                                   f"languages ({', '.join(self.languages)})",
                                   "remove the line, or add the language to extra.site_builder.languages in mkdocs.yml")
            if first not in texts:
                problems.error(node.key_line(f.name), f"'{f.name}' has no text in {first}, the site's first language",
                               f"add '{first}: ...' under '{f.name}:'")
                del values[f.name]
                continue
            values[f.name] = texts[first]
            translations += [(lang, f.name, text) for lang, text in sorted(texts.items())
                             if lang != first and lang in self.languages]
        if translations:
            values["translations"] = tuple(translations)

    def load_people(self, folder: Path) -> None:
        for path in self.files(folder, "*.y*ml", recursive=False):
            problems = self.problems_for(path)
            stem = path.stem
            if not is_slug(stem) or stem in F.RESERVED:
                problems.error(1, f"the file name '{path.name}' is not a valid person id",
                               f"rename it to '{slugify(stem) or 'first-last'}{path.suffix}'")
                continue
            root = self.read_yaml(path, problems)
            if root is None or not isinstance(root.value, dict):
                if root is not None or not problems.found:
                    problems.error(root.line if root else 1, "a person file must be a mapping with 'name:'")
                continue
            values = F.check_mapping(root, F.PERSON_FIELDS, problems, "this person")
            self.localize(values, F.PERSON_FIELDS, root, problems)
            self.check_markdown_field(root, "bio", values, problems)
            if "bio" in values:  # scanned in the file itself: a `|` block's lines are not in the node
                raw = "\n".join("" if line.lstrip().startswith("#") else line
                                 for line in path.read_text(encoding="utf-8", errors="replace").split("\n"))
                body_checks.check_scaffold_text(raw, 1, problems)
            self.check_refs(root.child("department"), self.site.departments, "department",
                            "content/departments.yml", problems)
            photo = None
            if "photo" in values:
                photo = self.image(path.parent, root.keys["photo"][1], values["photo"], "photo", problems)
                if "photo_alt" not in values:
                    problems.error(root.key_line("photo"), "'photo' needs 'photo_alt'",
                                   "describe the photo for people who cannot see it")
            if photo and not values.get("photo_consent", False):
                problems.warning(root.key_line("photo"), "the photo is not published without 'photo_consent: true'",
                                 "initials are shown instead; add photo_consent: true once the person has agreed")
            if values.get("active") is False:
                problems.warning(root.key_line("active"), "this person has left (active: false): their stories "
                                 "stay, but they get no profile page and their role is not shown",
                                 "nothing to fix if that is what you meant")
            if "name" not in values:
                continue
            values["photo"] = photo
            if values.get("department") not in self.site.departments:
                values.pop("department", None)
            self.site.people[stem] = Person(id=stem, **values)

    # -- stories/ ------------------------------------------------------------------
    def story_files(self, folder: Path) -> Iterator[Path]:
        if not folder.is_dir() and self.contained.escape(folder) is None:
            problems = Problems("stories")
            self.problems_sink.append(problems)
            problems.error(1, "there is no stories/ folder", "create stories/ and add a story file")
            return
        cache = self.cache
        if cache is not None and cache.edited_in_place():
            assert cache.walked is not None
            yield from cache.walked.values()
            return
        mark = len(self.problems_sink)
        listings = cache.listings if cache is not None else None
        files = sorted(self.files(folder, "*.md", recursive=True, listings=listings), key=lambda p: p.as_posix())
        if cache is not None:  # kept only when the walk reported nothing and met no link
            linked = any(entry[1] for kept in cache.listings.folders.values() for entry in kept[2])
            cache.walked = None if linked or len(self.problems_sink) > mark else {
                os.path.abspath(path): path for path in files}
        yield from files

    def load_stories(self, folder: Path) -> None:
        slugs: dict[str, tuple[Story, int]] = {}
        translations: list[tuple[Path, str]] = []
        by_file: dict[Path, Story] = {}
        paths = list(self.story_files(folder))
        self.stale = self.cache.stale() if self.cache is not None else None
        for path in paths:
            language = translation_language(path)
            # `story.en.md` (en the first language) beside no `story.md` is the story itself: the
            # browser editor (Decap, i18n multiple_files) writes the first language's file so
            language = "" if language == self.languages[0] and not _untranslated(path, language).is_file() else language
            if language:
                translations.append((path, language))
                continue
            problems = self.problems_for(path)
            loaded = self.load_story_cached(path, problems)
            if loaded is None:
                continue
            story, slug_line = loaded
            stem, dot, first = path.stem.rpartition(".")
            if dot and first == self.languages[0] and story.slug == slugify(path.stem):
                story = replace(story, slug=slugify(stem))  # its address is the file's without `.en`
            if story.slug in slugs:
                first, first_line = slugs[story.slug]
                problems.error(slug_line, f"slug '{story.slug}' is also used by {first.path}:{first_line}",
                               "give one of them a different 'slug:'")
                self.problems_for_path(first.path).error(
                    first_line, f"slug '{story.slug}' is also used by {story.path}:{slug_line}",
                    "give one of them a different 'slug:'")
                continue
            slugs[story.slug] = (story, slug_line)
            by_file[path] = story
        for path, language in translations:
            self.load_translation(path, language, by_file)
        self.site.all_stories.extend(by_file.values())
        if self.cache is not None:
            self.cache.told = None  # the next load looks at every file unless told again

    def load_translation(self, path: Path, language: str, stories: dict[Path, Story]) -> None:
        """`story.vi.md`: the story beside it in `language`; attached to it when it checks out.

        It holds only what differs (TRANSLATION_KEYS and the body) and inherits everything else,
        so it can never name other people, principles or awards than its story."""
        problems = self.problems_for(path)
        original_path = _untranslated(path, language)
        first = path.with_name(f"{original_path.stem}.{self.languages[0]}.md")
        if language == self.languages[0]:
            problems.error(1, f"{path.name} and {original_path.name} are both the story in '{language}', the site's "
                           "first language (the browser editor writes the first)",
                           f"keep one: move what {path.name} adds into {original_path.name} and remove it, or the "
                           "other way round")
            return
        if original_path not in stories and not original_path.is_file() and first.is_file():
            original_path = first  # the story is `story.en.md`, as the browser editor writes it
        if language not in self.languages:
            problems.error(1, f"{path.name} is a translation into '{language}', which is not one of the site's "
                           f"languages ({', '.join(self.languages)})",
                           f"add {language} to extra.site_builder.languages in mkdocs.yml, or rename the file")
            return
        original = stories.get(original_path)
        if original is None:
            if not original_path.is_file():
                problems.error(1, f"{path.name} is a translation of {original_path.name}, which does not exist",
                               f"name it after the story it translates: <story file name>.{language}.md")
            return  # the story itself has errors, reported there
        if language == original.lang:
            problems.error(1, f"{original_path.name} is already written in '{language}'",
                           f"a translation is in another language; set 'lang:' in {original_path.name} if it is wrong")
            return
        text = read_text(path, problems)
        split = split_front_matter(text, problems) if text is not None else None
        if split is None:
            return
        root = self.read_yaml(path, problems, split.front_line - 1, split.front)
        values: dict[str, Any] = {}
        if root is not None and not isinstance(root.value, dict):
            problems.error(root.line, "the front matter must be keys and values, e.g. 'title: ...'")
            return
        for key in (root.keys if root is not None else {}):
            if key not in F.TRANSLATION_KEYS:
                problems.error(root.key_line(key), f"'{key}' comes from {original_path.name}: a translation holds "
                               f"only {', '.join(F.TRANSLATION_KEYS)} and the text, and inherits the rest",
                               f"remove '{key}:' here; change it in {original_path.name}, for every language")
        for field in F.STORY_FIELDS:
            child = root.child(field.name) if root is not None and field.name in F.TRANSLATION_KEYS else None
            if child is not None and child.value is not None:
                checked = F.CHECKERS[field.type](child, problems, field)
                if checked is not None:
                    values[field.name] = checked
                if str(checked or "").upper().startswith("TODO"):  # as `new story --lang` writes it
                    problems.warning(child.line, f"the {field.name} still starts with TODO",
                                     "write the translation before the story is published")
        changes: dict[str, Any] = {}
        if split.body.strip():
            people = list(original.people)
            changes["turns"] = self.check_body(split.body, split.body_line, people, problems, frozenset(), original.kind)
            changes["images"] = self.body_images(path, split.body, split.body_line, problems)
            changes["body"], changes["body_line"] = split.body, split.body_line
        if problems.has_errors:
            return
        stories[original_path] = replace(original, translations={**original.translations, language: replace(
            original, path=PurePosixPath(self.rel(path)), lang=language, origin=original.lang, translations={},
            **values, **changes)})

    def problems_for_path(self, rel: PurePosixPath) -> Problems:
        problems = Problems(rel.as_posix())
        self.problems_sink.append(problems)
        return problems

    def load_story_cached(self, path: Path, problems: Problems) -> tuple[Story, int] | None:
        """`load_story`, or what it gave last time if the file has not changed since."""
        if self.checked is not None:
            return self.load_story_checked(path, problems, self.checked)
        if self.cache is None:
            return self.load_story(path, problems)
        hit = self.cache.stories.get(path)
        if hit is not None and self.stale is not None and path not in self.stale:  # told unchanged
            problems.found.extend(hit[2])
            return hit[1]
        found = stamp(path)
        if found is None:  # gone, or not a file: `load_story` says so
            return self.load_story(path, problems)
        if hit is not None and hit[0] == found:
            problems.found.extend(hit[2])
            return hit[1]
        loaded = self.load_story(path, problems)
        self.cache.stories[path] = (found, loaded, list(problems.found))
        return loaded

    def load_story_checked(self, path: Path, problems: Problems, checked: CheckedStories) -> tuple[Story, int] | None:
        """`load_story`, or its result for the same bytes from an earlier run."""
        try:
            data = path.read_bytes()
            text = decoded(data)
        except (OSError, UnicodeDecodeError):
            return self.load_story(path, problems)  # which says what is wrong with the file
        key = story_digest(self.rel(path), data)
        hit = checked.recall(key, text)
        if hit is not None:
            problems.found.extend(hit[1])
            return hit[0]
        loaded = self.load_story(path, problems)
        checked.remember(key, loaded, list(problems.found))
        return loaded

    def load_story(self, path: Path, problems: Problems) -> tuple[Story, int] | None:
        text = read_text(path, problems)
        if text is None:
            return None
        split = split_front_matter(text, problems)
        if split is None:
            return None
        root = self.read_yaml(path, problems, split.front_line - 1, split.front)
        if root is None:
            if not problems.found:
                problems.error(1, "the front matter is empty", "add title, date, summary, kind and principles")
            return None
        if not isinstance(root.value, dict):
            problems.error(root.line, "the front matter must be keys and values, e.g. 'title: ...'")
            return None
        values = F.check_mapping(root, F.STORY_FIELDS, problems, "the front matter")
        site = self.site
        self.check_refs(root.child("principles"), site.principles, "principle", "content/principles.yml", problems)
        self.check_refs(root.child("departments"), site.departments, "department",
                        "content/departments.yml", problems)
        self.check_refs(root.child("people"), site.people, "person", "content/people/", problems)
        grants = self.check_grants(values.get("awards", ()), values.get("people", ()), problems, values.get("date"))
        cover = None
        if "cover" in values:
            cover = self.image(path.parent, root.keys["cover"][1], values["cover"], "cover", problems)
            if "cover_alt" not in values:
                problems.error(root.key_line("cover"), "'cover' needs 'cover_alt'",
                               "describe the image for people who cannot see it")
        slug = values.get("slug") or slugify(path.stem)
        if "slug" not in root.keys and slug in F.RESERVED:
            problems.error(1, f"the file name '{path.name}' gives the reserved address '{slug}'",
                           "rename the file or add 'slug: some-words'")
            slug = ""
        elif not slug:
            problems.error(1, f"cannot make an address from the file name '{path.name}'",
                           "add 'slug: some-words' to the front matter")
        people = [p for p in values.get("people", ()) if p in site.people]
        unknown = frozenset(p for p in values.get("people", ()) if p not in site.people)  # reported at 'people:'
        turns = self.check_body(split.body, split.body_line, people, problems, unknown, values.get("kind", ""))
        images = self.body_images(path, split.body, split.body_line, problems)
        for key in ("title", "summary"):
            if str(values.get(key, "")).upper().startswith("TODO"):
                problems.warning(root.key_line(key), f"the {key} still starts with TODO",
                                 "replace the placeholder before the story is published")
        if "lang" in values and values["lang"] not in self.languages:
            problems.error(root.key_line("lang"), f"'lang: {values['lang']}' is not one of the site's languages "
                           f"({', '.join(self.languages)})",
                           "write one of them, or add it to extra.site_builder.languages in mkdocs.yml")
        required = ("title", "date", "summary", "kind", "principles")
        if not slug or not all(k in values for k in required) or problems.has_errors:
            return None
        story = Story(
            path=PurePosixPath(self.rel(path)), slug=slug, title=values["title"], date=values["date"],
            summary=values["summary"], kind=values["kind"],
            principles=values["principles"], departments=values.get("departments", ()),
            people=tuple(people), tags=values.get("tags", ()), awards=tuple(grants),
            cover=cover, cover_alt=values.get("cover_alt", ""), draft=values.get("draft", False),
            publish_on=values.get("publish_on"),
            body=split.body, body_line=split.body_line, turns=turns, images=images,
            lang=values.get("lang") or self.languages[0],
        )
        return story, root.key_line("slug") if "slug" in root.keys else 1

    def check_grants(self, entries: tuple[F.GrantEntry, ...], story_people: tuple[str, ...],
                     problems: Problems, date: dt.date | None = None) -> list[AwardGrant]:
        """Each award must exist, and its named recipients must be among the story's people,
        each receiving one award in one year once; a story cannot report an award from a year
        after its own date (an announcement of next year's nominations is not a win)."""
        site = self.site
        grants, seen = [], set()
        for entry in entries:
            if date is not None and entry.year > date.year:
                problems.error(entry.line, f"the award year {entry.year} is after the story's date ({date})",
                               f"write `year: {date.year}` if it was received by then, or remove the award")
            if entry.award not in site.awards:
                if "content/awards.yml" not in self.unreadable:
                    problems.error(entry.line, f"unknown award '{entry.award}'",
                                   F.did_you_mean(entry.award, sorted(site.awards))
                                   or "add it to content/awards.yml first")
                continue
            named = entry.people or tuple((pid, entry.line) for pid in story_people)
            recipients = []
            for pid, line in named:
                if entry.people and pid not in story_people:
                    problems.error(line, f"award recipient '{pid}' is not among the story's people",
                                   f"add '{pid}' to 'people:' or remove it from the award"
                                   + (f" (people: {', '.join(story_people)})" if story_people else ""))
                    continue
                if (entry.award, entry.year, pid) in seen:
                    problems.error(line, f"'{pid}' receives {entry.award} {entry.year} twice in this story",
                                   "list each recipient once per award and year")
                    continue
                seen.add((entry.award, entry.year, pid))
                if pid in site.people:
                    recipients.append(pid)
            grants.append(AwardGrant(entry.award, entry.year, tuple(recipients), entry.citation))
        return grants

    def body_images(self, path: Path, body: str, body_line: int,
                    problems: Problems) -> tuple[tuple[str, PurePosixPath], ...]:
        """Pictures in the text (`![alt](file.jpg)`): each must exist, like a cover."""
        found: dict[str, PurePosixPath] = {}
        for index, alt, target in body_image_refs(body):
            node = Node(target, body_line + index)
            if not alt.strip():
                problems.warning(node.line, f"the picture {target!r} has no alt text",
                                 "describe it between the brackets: ![What it shows](file.jpg)")
            if target in found:
                continue
            resolved = self.image(path.parent, node, target, "picture", problems)
            if resolved is not None:
                found[target] = resolved
        return tuple(found.items())

    @cached_property
    def directory(self) -> body_checks.Directory:
        """Everyone's label names for the body checks, built once per load: people load first."""
        return body_checks.Directory(self.site.people)

    def check_body(self, body: str, body_line: int, people: list[str], problems: Problems,
                   unknown: frozenset[str] = frozenset(), kind: str = "") -> tuple[Turn, ...]:
        if not body.strip():
            problems.error(body_line, "the story has no text after the front matter",
                           "write the story below the closing '---'")
            return ()
        check_markup(body, body_line, problems, self.checks)
        check_nesting(body, body_line, problems)
        for index, line in enumerate(body.split("\n")):
            if line.startswith(_H1_PREFIX):
                problems.error(body_line + index, "a '# ' heading in the body",
                               "the title is already the page heading: use '## ' for sections")
        story_people = [self.site.people[p] for p in people]
        lines = list(body_checks.prose(body))
        cast = body_checks.Cast.of(story_people, self.directory, kind)
        parts = segments(body, cast.story)
        body_checks.check_speakers(body, cast, body_line, problems, lines, parts)
        body_checks.check_broken_markers(lines, body_line, problems)
        body_checks.check_glued_lists(lines, body_line, problems)
        body_checks.check_scaffold_text(body, body_line, problems)
        turn_segments = [s for s in parts if s.marker]
        if kind == "interview" and not turn_segments:
            first = f"@{body_checks.speaker_ref(story_people[0])}" if story_people else "@who"
            text_line = body_line + len(body) - len(body.lstrip("\n"))  # its first line of text
            problems.error(text_line, "this interview has no turns, so nobody's words are attributed",
                           f"start each answer with `{first}: …` and each question with `Q1 to {first}: …`")
        body_checks.check_closing_in_last_turn(body.split("\n"), turn_segments[-1] if turn_segments else None,
                                               body_line, problems)
        turns = []
        for segment in turn_segments:
            marker = segment.marker
            assert marker is not None
            line = body_line + marker.index
            speaker = self.speaker(marker.speaker_ref, people, line, problems, unknown)
            addressees = tuple(self.speaker(ref, people, line, problems, unknown) or ""
                               for ref in marker.addressee_refs)
            if not marker.question and not marker.text.strip() and not marker.label:
                problems.warning(line, f"@{marker.speaker_ref} starts a turn with no text on the line",
                                 "write the first sentence right after the colon")
            turns.append(Turn(line, "question" if marker.question else "answer", marker.number,
                              speaker or "", addressees[0] if addressees else "", addressees))
        return tuple(turns)

    def speaker(self, ref: str, people: list[str], line: int, problems: Problems,
                unknown: frozenset[str] = frozenset()) -> str | None:
        """The person id `@ref` names among the story's people; an error where it names nobody,
        except an id in 'people:' that is itself unknown, which is reported once, there."""
        if not ref or ref in unknown:
            return None
        for person_id in people:
            person = self.site.people[person_id]
            if ref == person_id or fold(ref) in (person_id, fold(person.short_name)):
                return person_id
        names = ", ".join("@" + (self.site.people[p].short_name or p) for p in people) or "nobody yet"
        hint = (f"add '{ref}' to 'people:' in the front matter" if ref in self.site.people
                else f"the story's people are: {names}")
        problems.error(line, f"speaker '@{ref}' is not among this story's people", hint)
        return None


def current_time() -> dt.datetime:
    """Now, for embargoes; `SITE_BUILDER_NOW` (ISO 8601) pins it for previews and tests."""
    pinned = os.environ.get("SITE_BUILDER_NOW")
    if pinned:
        moment = dt.datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class ContentLoaded:
    """What `content/` gave: its entities, the files that could not be read, its problems."""

    principles: dict[str, Principle]
    departments: dict[str, Department]
    awards: dict[str, Award]
    people: dict[str, Person]
    unreadable: frozenset[str]
    problems: tuple[tuple[str, tuple[Problem, ...]], ...]

    @classmethod
    def of(cls, loader: Loader, groups: list[Problems]) -> ContentLoaded:
        site = loader.site
        return cls(dict(site.principles), dict(site.departments), dict(site.awards), dict(site.people),
                   frozenset(loader.unreadable), tuple((g.path, tuple(g.found)) for g in groups))

    def restore(self, loader: Loader) -> None:
        site = loader.site
        site.principles, site.departments = dict(self.principles), dict(self.departments)
        site.awards, site.people = dict(self.awards), dict(self.people)
        loader.unreadable |= self.unreadable
        loader.problems_sink.extend(Problems(path, list(found)) for path, found in self.problems)


@dataclass
class StoryCache:
    """Stories (and `content/`) as loaded from unchanged files, for the live preview's next refresh.

    A deliberate cache owned by one preview session. A story's checks also depend on
    `content/` and on the pictures next to it, so the owner must `clear()` it whenever
    anything other than a story file changes."""

    stories: dict[Path, tuple[Stamp, tuple[Story, int] | None, list[Problem]]] = field(default_factory=dict)
    content: ContentLoaded | None = None
    listings: Listings = field(default_factory=Listings)  # the stories/ folders' entries
    walked: dict[str, Path] | None = None  # the last walk's story files by absolute name, when it met no link
    told: frozenset[str] | None = None  # the files changed since the last load, when the owner knows

    def clear(self) -> None:
        self.stories.clear()
        self.content = None
        self.listings = Listings()
        self.walked = None
        self.told = None

    def tell(self, changed: set[str] | frozenset[str]) -> None:
        """The owner saw exactly these files change since the last load (the preview's
        watcher: the system's notifications, or a look at every file). The next load then reads
        only those again, without a look at the 10,000 others (a third of a preview's refresh
        at 10,000 stories), and walks `stories/` again only when one was added or removed. A
        load that is not told looks at every file, as before."""
        self.told = frozenset(os.path.abspath(name) for name in changed)

    def edited_in_place(self) -> bool:
        """Whether the told changes leave the last walk's files as they were: every changed
        file is one it found, and is still a file."""
        if self.walked is None or self.told is None:
            return False
        return all(name in self.walked and os.path.isfile(name) for name in self.told)

    def stale(self) -> frozenset[Path] | None:
        """The kept stories to look at again; None when every one must be (not told)."""
        if self.told is None or self.walked is None:
            return None
        return frozenset(self.walked[name] for name in self.told if name in self.walked)


def load(root: Path, now: dt.datetime | None = None, preview: bool = False,
         cache: StoryCache | None = None, checks: Checks | None = None,
         checked: CheckedStories | None = None, languages: tuple[str, ...] = ("en",)) -> tuple[Site, list[Problem]]:
    """Load and validate a content root; the site holds only what passed its checks.

    `preview` keeps drafts and embargoed stories in (for the editor's live preview only).
    `checks` decode pictures and foresee the sanitizer (see `model.checks`); editors' commands
    load through `site_builder.validation`, which passes both."""
    return Loader(root, now, preview, cache, checks, checked, languages).load()
