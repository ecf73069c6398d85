"""Checks for story bodies that Markdown would render wrongly without a word.

Each rule here is a way a pasted or half-converted transcript used to pass validation and then
show up broken on the page: an answer without `@`, a marker that does not parse (the line
becomes part of the previous answer), a list glued to a paragraph (literal hyphens), a
placeholder from a scaffold, a closing "Thank you" folded into the last answer. They report at
the offending line, with the fix written out in the hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .entities import Person
from .interview import MARKER_RE, Segment
from .problems import Problems
from .slugs import ascii_fold, fold

# The placeholder sentences of `site_builder/scaffold_templates/`: one owner for the contract
# ("a scaffold's text is not content"); tests/test_body_checks.py checks each one is still in a
# template, so a reworded template cannot silently escape this check.
SCAFFOLD_TEXT = (
    "Introduce the conversation in a paragraph or two",
    "Write the question addressed to",
    "Write the answer here",
    "Write the first question here",
    "Start with the situation: what happened, who was involved",
    "In their own words, what they did and why",
    "Close with what others can take from it",
    "Open with a moment that shows who this person is",
    "What they do, and how it connects to the principles above",
    "A quote or two.",
    "Write the story here.",
    "A few sentences about ",
)
_SCAFFOLD_FOLDED = tuple(fold(text) for text in SCAFFOLD_TEXT)

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,2}[.)])\s+\S")
_HEADING_OR_RULE = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s|$)|([-*_])(?:\s*\1){2,}\s*$)")
_TABLE_OR_QUOTE = re.compile(r"^\s{0,3}[|>]")
# What an editor means as a marker: `Q…` followed by `to`/`by`/an `@`, or an `@` and a colon.
_LOOKS_LIKE_MARKER = re.compile(
    r"^(?:Q\d*(?:\s+(?:to|by)\b|\s*@|\s+[^\s:]+\s*@)[^\n]{0,80}?:|@\s*[^\s:]{0,40}(?:\s+[^\s:]+){0,2}\s*:)",
    re.I)
_LABEL = re.compile(r"^\s{0,3}(?:\*\*|__)?\s*(?:(?:mr|ms|mrs|miss|mx|dr|prof)\.?\s+)?"
                    r"([^\s:*_@][^:*_@\n]{0,50}?)\s*(?:\([^)\n]{0,80}\))?\s*(?:\*\*|__)?\s*:", re.I)
_CLOSING = re.compile(r"^\s{0,3}(?:\*\*|_)?(?:thank you|thanks|many thanks|congratulations|congrats)\b", re.I)


@dataclass(frozen=True)
class Line:
    """One body line outside fenced code, with what Markdown will make of its position."""

    index: int
    text: str
    starts_paragraph: bool  # after a blank line, a heading or a rule (or the first line)
    previous: str  # the line before, "" if blank


def prose(body: str) -> Iterator[Line]:
    """Body lines outside fenced and indented code, each with its paragraph position."""
    fence = ""
    previous = ""
    for index, text in enumerate(body.split("\n")):
        match = _FENCE.match(text)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            previous = ""
            continue
        if match:
            fence, previous = match.group(1), ""
            continue
        starts = not previous.strip() or bool(_HEADING_OR_RULE.match(previous))
        if not (starts and text.startswith(("    ", "\t"))):
            yield Line(index, text, starts, previous)
        previous = text


def speaker_ref(person: Person) -> str:
    """The `@` reference to write for a person: a one-word short name folded (`@chau`), else the
    id (a reference cannot hold a space). Hints and `import` both use it, so they agree."""
    short = person.short_name.strip()
    return fold(short) if short and " " not in short else person.id


def _names(person: Person) -> set[str]:
    words = person.name.split()
    names = {fold(person.name), person.id, fold(person.id.replace("-", " "))}
    if person.short_name:
        names.add(fold(person.short_name))
    if len(words) > 1:
        names.update({fold(words[0]), fold(words[-1])})  # a given name, first or last by culture
    return names


def check_unmarked_answers(lines: list[Line], people: list[Person], first_line: int,
                           problems: Problems) -> None:
    """`Châu: …` at a paragraph start: an answer pasted without `@`, shown as plain text."""
    by_name = {name: person for person in people for name in _names(person)}
    for line in lines:
        if not line.starts_paragraph or MARKER_RE.match(line.text):
            continue
        match = _LABEL.match(line.text)
        person = by_name.get(fold(match.group(1)).strip()) if match else None
        if person is not None:
            ref = speaker_ref(person)
            rest = line.text[match.end():].strip() if match else ""
            problems.error(first_line + line.index,
                           f"'{line.text[:match.end()].strip()}' looks like an answer by @{ref} "
                           "but has no '@', so it is shown as plain text",
                           f"write `@{ref}: {rest[:30] or '…'}`")


def check_broken_markers(lines: list[Line], first_line: int, problems: Problems) -> None:
    """`Q4 to @a, @b:`, `@ dat:`, `Q1 To Rasha:`: meant as a turn, rendered inside the last one."""
    for line in lines:
        if MARKER_RE.match(line.text):
            if not line.starts_paragraph and not line.text.startswith((" ", "\t")):
                problems.error(first_line + line.index,
                               "this turn marker continues the paragraph above it, so it is shown as text",
                               "leave a blank line before it")
            continue
        if not line.starts_paragraph:
            continue
        if _LOOKS_LIKE_MARKER.match(line.text) and not line.text.lower().startswith(("q&a", "qa ")):
            head = line.text.split(":", 1)[0] + ":"
            problems.error(first_line + line.index,
                           f"'{head}' starts like a turn marker but is not one, so it is shown inside "
                           "the turn before it",
                           "write `@who: …` for an answer, `Q3 to @who: …` for a question, "
                           "`Q3 to @a and @b: …` for several people (an '@' before each id, no space)")


def check_glued_lists(lines: list[Line], first_line: int, problems: Problems) -> None:
    """A list line right under a paragraph line is read as part of the paragraph."""
    in_list = False
    for line in lines:
        if not line.text.strip():
            in_list = False
            continue
        is_item = bool(_LIST_ITEM.match(line.text))
        if line.starts_paragraph:
            in_list = is_item
            continue
        if is_item and not in_list and not _TABLE_OR_QUOTE.match(line.previous):
            problems.error(first_line + line.index,
                           "this list line comes right under a paragraph line, so it is shown as "
                           "text with a literal bullet",
                           "leave a blank line before the list")
            in_list = True


def check_scaffold_text(text: str, first_line: int, problems: Problems) -> None:
    """Placeholders of a `new` scaffold still in the text: never meant for readers."""
    quick = ascii_fold(text)
    if not any(placeholder in quick for placeholder in _SCAFFOLD_FOLDED):
        return  # almost every story: one pass over the text, not `fold` line by line
    for index, line in enumerate(text.split("\n")):
        folded = fold(line)
        for placeholder, original in zip(_SCAFFOLD_FOLDED, SCAFFOLD_TEXT, strict=True):
            if placeholder in folded:
                problems.error(first_line + index, f"text left over from a scaffold: '{original.strip()}…'",
                               "replace it with the real text, or delete the line")
                break


def check_closing_in_last_turn(body_lines: list[str], last_turn: Segment | None, first_line: int,
                               problems: Problems) -> None:
    """A "Thank you, …" paragraph inside the last turn is shown as the speaker's own words."""
    if last_turn is None:
        return
    previous = ""
    for index in range(last_turn.start + 1, last_turn.end):
        text = body_lines[index]
        if not previous.strip() and _CLOSING.match(text):
            problems.warning(first_line + index,
                             "this remark to the speakers is inside the last turn, so it is shown as "
                             "their own words",
                             "put a line with only '---' before it to end the turn")
            return
        previous = text
