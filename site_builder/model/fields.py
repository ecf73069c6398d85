"""The keys each content file accepts, and how a value of each type is checked.

One table per file kind drives validation (and, later, the JSON schemas editors' tools use),
so the rules exist once. A checker returns the clean value, or reports and returns None.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .entities import KINDS
from .problems import Problems
from .slugs import is_slug, slugify
from .yamlsrc import Node

SUMMARY_MAX = 300
# Names, summaries and roles are written once for every language, or once per language.
WORDS_HELP = "text, or one line per language under it, such as en: ... and vi: ..."
# What a translation (`<story file>.<language>.md`) may set; it inherits everything else.
TRANSLATION_KEYS = ("title", "summary", "cover_alt")
CITATION_MAX = 280  # a recipient card's citation: two or three lines, like a plaque
AWARD_KEYS = ("award", "year", "people", "citation")
RESERVED = frozenset({"index"})
# The same rules as patterns that editors' tools run (the JSON Schemas, the browser editor's
# form): an id or slug, a date, and a date with an optional time and offset (`publish_on`).
SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$"
MAX_TAGS = 30  # `<section>/index.md` is the section's listing page


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    help: str = ""


STORY_FIELDS = (
    Field("title", "text", True, "the story's headline"),
    Field("date", "date", True, "publication date, YYYY-MM-DD"),
    Field("summary", "summary", True, f"plain text, at most {SUMMARY_MAX} characters"),
    Field("kind", "kind", True, "one of: " + ", ".join(KINDS)),
    Field("principles", "ids", True, "principle ids from content/principles.yml"),
    Field("departments", "ids", False, "department ids from content/departments.yml"),
    Field("people", "ids", False, "person ids (file names in content/people/)"),
    Field("tags", "tags", False, "free tags, any language"),
    Field("awards", "awards", False, "list of {award: <award id>, year: YYYY}, optionally with "
          f"people: [<recipient ids, among the story's people>] and citation: <plain text, at most {CITATION_MAX} "
          "characters>"),
    Field("cover", "path", False, "image path relative to the story file"),
    Field("cover_alt", "text", False, "text alternative for the cover image"),
    Field("slug", "slug", False, "the story's address: /stories/<slug>/"),
    Field("lang", "language", False, "the language the story is written in, one of the site's languages "
          "(default: the first); a translation is a file beside it named <file>.<language>.md"),
    Field("draft", "bool", False, "true keeps the story out of the site"),
    Field("publish_on", "moment", False, "embargo: YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC unless an offset is given)"),
)
PRINCIPLE_FIELDS = (
    Field("id", "slug", True, "lowercase letters, digits and hyphens"),
    Field("name", "words", True, WORDS_HELP),
    Field("summary", "words", True, "one sentence; " + WORDS_HELP),
    Field("description", "markdown", False),
    Field("icon", "text", False, "a mkdocs-material icon, e.g. material/heart-outline"),
)
DEPARTMENT_FIELDS = (
    Field("id", "slug", True, "lowercase letters, digits and hyphens"),
    Field("name", "words", True, WORDS_HELP),
    Field("summary", "words", False, WORDS_HELP),
)
AWARD_FIELDS = (
    Field("id", "slug", True, "lowercase letters, digits and hyphens"),
    Field("name", "words", True, WORDS_HELP),
    Field("summary", "words", True, WORDS_HELP),
)
PERSON_FIELDS = (
    Field("name", "text", True, "the person's full name"),
    Field("role", "words", False, WORDS_HELP),
    Field("department", "id", False, "a department id"),
    Field("short_name", "text", False, "how interviews address them, e.g. a first name"),
    Field("photo", "path", False, "image path relative to content/people/"),
    Field("photo_alt", "text", False, "text alternative for the photo"),
    Field("bio", "markdown", False),
    Field("photo_consent", "bool", False, "true once the person agreed to their photo being published"),
    Field("active", "bool", False, "false once the person has left the company"),
)

_TYPE_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text",
               list: "a list", dict: "a mapping", type(None): "empty"}


def describe(value: Any) -> str:
    if isinstance(value, dt.date):
        return "a date"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def nearest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    match = nearest(word, choices)
    return f"did you mean '{match}'?" if match else ""


Checker = Callable[[Node, Problems, Field], Any]


def _text(node: Node, problems: Problems, field: Field) -> str | None:
    value = node.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.error(node.line, f"'{field.name}' must be text, not {describe(value)}",
                       "put the text in quotes")
        return None
    if not value.strip():
        problems.error(node.line, f"'{field.name}' is empty", field.help)
        return None
    return value.strip()


def _short_text(node: Node, problems: Problems, field: Field, limit: int, name: str, why: str) -> str | None:
    """One line of plain text (whitespace collapsed) of at most `limit` characters."""
    text = _text(node, problems, field)
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        problems.error(node.line, f"{name} is {len(text)} characters long; the limit is {limit}", why)
        return None
    return text


def _summary(node: Node, problems: Problems, field: Field) -> str | None:
    return _short_text(node, problems, field, SUMMARY_MAX, "summary",
                       "shorten it: the summary shows on cards, in search results and link previews")


def _markdown(node: Node, problems: Problems, field: Field) -> str | None:
    if not isinstance(node.value, str):
        problems.error(node.line, f"'{field.name}' must be text, not {describe(node.value)}",
                       "use `|` and indent the text below it for several paragraphs")
        return None
    return node.value.strip()


def _slug(node: Node, problems: Problems, field: Field) -> str | None:
    text = _text(node, problems, field)
    if text is None:
        return None
    if not is_slug(text):
        suggestion = slugify(text)
        problems.error(node.line, f"'{field.name}' value '{text}' is not a valid id",
                       f"use lowercase letters, digits and hyphens, e.g. '{suggestion or 'my-id'}'")
        return None
    if text in RESERVED:
        problems.error(node.line, f"'{text}' cannot be used as '{field.name}': the address is taken by a listing",
                       f"choose another, e.g. '{text}-1'")
        return None
    return text


def _ids(node: Node, problems: Problems, field: Field) -> tuple[str, ...] | None:
    items = node.items if isinstance(node.value, list) else [node]
    if isinstance(node.value, list) and not items and field.required:
        problems.error(node.line, f"'{field.name}' needs at least one id", field.help)
        return None
    out: list[str] = []
    for item in items:
        if not isinstance(item.value, str) or not item.value.strip():
            problems.error(item.line, f"each entry of '{field.name}' must be an id, not {describe(item.value)}",
                           field.help)
            continue
        value = item.value.strip()
        if value in out:
            problems.error(item.line, f"'{value}' is listed twice in '{field.name}'", "remove one of them")
            continue
        out.append(value)
    return tuple(out)


def _tags(node: Node, problems: Problems, field: Field) -> tuple[str, ...] | None:
    items = node.items if isinstance(node.value, list) else [node]
    if len(items) > MAX_TAGS:
        problems.error(node.line, f"{len(items)} tags; the limit is {MAX_TAGS}",
                       "keep the few that readers would browse by")
        return None
    out: list[str] = []
    for item in items:
        value = item.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not slugify(value):
            problems.error(item.line, f"tag {value!r} has no letters or digits",
                           "tags are words or short phrases, e.g. tết or night shift")
            continue
        if slugify(value) in RESERVED:
            problems.error(item.line, f"tag {value!r} is reserved", "use a more specific tag")
            continue
        out.append(" ".join(value.split()))
    return tuple(out)


def _date(node: Node, problems: Problems, field: Field) -> dt.date | None:
    value = node.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.error(node.line, f"'{field.name}' must be a date written YYYY-MM-DD, not {value!r}",
                   "for example 2025-03-14")
    return None


def _moment(node: Node, problems: Problems, field: Field) -> dt.datetime | None:
    """A date or date-time; naive values are UTC, so every build agrees on the moment."""
    value = node.value
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            problems.error(node.line, f"'{field.name}' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {value!r}",
                           "for example 2025-03-14 or 2025-03-14T09:00+07:00")
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _bool(node: Node, problems: Problems, field: Field) -> bool | None:
    if isinstance(node.value, bool):
        return node.value
    problems.error(node.line, f"'{field.name}' must be true or false, not {node.value!r}")
    return None


def _kind(node: Node, problems: Problems, field: Field) -> str | None:
    value = node.value
    if isinstance(value, str) and value.strip() in KINDS:
        return value.strip()
    hint = did_you_mean(str(value), KINDS) if isinstance(value, str) else ""
    problems.error(node.line, f"kind {value!r} is not one of: {', '.join(KINDS)}", hint)
    return None


def _path(node: Node, problems: Problems, field: Field) -> str | None:
    return _text(node, problems, field)


@dataclass(frozen=True)
class GrantEntry:
    """One `awards:` item as written; ids are checked later against awards.yml and `people:`."""

    award: str
    year: int
    line: int
    people: tuple[tuple[str, int], ...] = ()  # (person id, line); empty: every person of the story
    citation: str = ""


# What makes a citation more than plain text: it is shown as it is, on cards, in share pictures
# and in email, so markup would show as stray characters.
_MARKUP = (
    (re.compile(r"<[A-Za-z/!?]"), "HTML tags"),
    (re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);"), "HTML entities"),
    (re.compile(r"\]\(|\]\["), "Markdown links"),
    (re.compile(r"\*\*|__|`|~~"), "Markdown emphasis or code"),
    (re.compile(r"(^|\s)[*_][^\s*_][^*_]*[*_](?=\s|[.,;:!?]|$)"), "Markdown emphasis"),
    (re.compile(r"^\s*(#{1,6}\s|>|[-+*]\s|\d+[.)]\s)"), "Markdown headings, quotes or lists"),
)


def markup_in(text: str) -> str:
    """Which kind of markup a plain-text value holds ("" when none)."""
    for pattern, what in _MARKUP:
        if pattern.search(text):
            return what
    return ""


def _citation(node: Node, problems: Problems) -> str | None:
    text = _short_text(node, problems, Field("citation", "text"), CITATION_MAX, "the citation",
                       "shorten it: it is the line on the recipient's card, not the story")
    if text is None:
        return None
    what = markup_in(text)
    if what:
        problems.error(node.line, f"the citation must be plain text, but it has {what}",
                       "write it without formatting: it is shown exactly as typed")
        return None
    return text


def _awards(node: Node, problems: Problems, field: Field) -> tuple[GrantEntry, ...] | None:
    """Award grants as written (see `GrantEntry`)."""
    example = "write: awards: [{award: <an id from content/awards.yml>, year: 2025}]"
    if not isinstance(node.value, list):
        problems.error(node.line, "'awards' must be a list", example)
        return None
    out = []
    for item in node.items:
        if not isinstance(item.value, dict):
            problems.error(item.line, f"each award must be a mapping, not {describe(item.value)}",
                           "write: - {award: <an id from content/awards.yml>, year: 2025}")
            continue
        unknown = [k for k in item.keys if k not in AWARD_KEYS]
        for key in unknown:
            problems.error(item.key_line(key), f"unknown key '{key}' in an award",
                           did_you_mean(key, AWARD_KEYS) or f"an award has only {', '.join(AWARD_KEYS)}")
        award, year = item.child("award"), item.child("year")
        if award is None or not isinstance(award.value, str) or not award.value.strip():
            problems.error(item.line, "an award needs 'award: <award id>'", "ids are in content/awards.yml")
            continue
        if year is None or isinstance(year.value, bool) or not isinstance(year.value, int) \
                or not 1900 <= year.value <= 2200:
            problems.error(year.line if year else item.line,
                           f"an award needs 'year: YYYY', not {year.value if year else 'nothing'!r}",
                           "for example year: 2025")
            continue
        people: tuple[tuple[str, int], ...] = ()
        people_node = item.child("people")
        if people_node is not None and people_node.value is not None:
            ids = _ids(people_node, problems, Field("people", "ids", True, "the recipients' person ids"))
            if ids is None:
                continue
            items = people_node.items if isinstance(people_node.value, list) else [people_node]
            lines = {str(i.value).strip(): i.line for i in items if isinstance(i.value, str)}
            people = tuple((pid, lines.get(pid, people_node.line)) for pid in ids)
        citation = ""
        citation_node = item.child("citation")
        if citation_node is not None and citation_node.value is not None:
            checked = _citation(citation_node, problems)
            if checked is None:
                continue
            citation = checked
        out.append(GrantEntry(award.value.strip(), year.value, award.line, people, citation))
    return tuple(out)


LANGUAGE_PATTERN = "^[a-z]{2}(-[A-Za-z]{2,4})?$"  # en, vi, pt-BR, zh-Hant: a key of a `words` mapping


def _words(node: Node, problems: Problems, field: Field) -> dict[str, str] | None:
    """Text in every language (`name: Ownership`), or in each (`name: {en: Ownership, vi: ...}`):
    {"": text} or {language: text}. Which languages a site has is the loader's to check."""
    if not isinstance(node.value, dict):
        text = _text(node, problems, field)
        return None if text is None else {"": text}
    out: dict[str, str] = {}
    for key, (key_line, child) in node.keys.items():
        if not re.match(LANGUAGE_PATTERN, str(key)):
            problems.error(key_line, f"'{field.name}' has the key '{key}', which is not a language code",
                           f"write '{field.name}:' as text, or as one line per language, such as en: ... and vi: ...")
            continue
        text = _text(child, problems, Field(f"{field.name}.{key}", "text", help=field.help))
        if text is not None:
            out[str(key)] = text
    return out or None


def _language(node: Node, problems: Problems, field: Field) -> str | None:
    value = node.value
    if not isinstance(value, str) or not re.match(LANGUAGE_PATTERN, value.strip()):
        problems.error(node.line, f"'{field.name}' must be a language code such as en or vi, not {value!r}",
                       field.help)
        return None
    return value.strip()


CHECKERS: dict[str, Checker] = {
    "text": _text, "words": _words, "summary": _summary, "markdown": _markdown, "slug": _slug, "id": _slug,
    "ids": _ids, "tags": _tags, "date": _date, "bool": _bool, "kind": _kind, "path": _path,
    "awards": _awards, "moment": _moment, "language": _language,
}


def check_mapping(node: Node, fields: tuple[Field, ...], problems: Problems, what: str) -> dict[str, Any]:
    """Check one mapping against its fields; return the values that passed, by key."""
    names = tuple(f.name for f in fields)
    for key in node.keys:
        if key not in names:
            hint = did_you_mean(key, names) or f"allowed keys: {', '.join(names)}"
            problems.error(node.key_line(key), f"unknown key '{key}' in {what}", hint)
    clean: dict[str, Any] = {}
    for field in fields:
        child = node.child(field.name)
        if child is None or child.value is None:
            if field.required:
                line = node.key_line(field.name)
                hint = f"add '{field.name}:' ({field.help})" if field.help else f"add '{field.name}:'"
                problems.error(line, f"{what} is missing '{field.name}'", hint)
            continue
        value = CHECKERS[field.type](child, problems, field)
        if value is not None:
            clean[field.name] = value
    return clean
