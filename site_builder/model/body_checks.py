"""Checks for story bodies that Markdown would render wrongly without a word.

Each rule here is a way a pasted or half-converted transcript used to pass validation and then
show up broken on the page: an answer without `@`, a marker that does not parse (the line
becomes part of the previous answer), a list glued to a paragraph (literal hyphens), a
placeholder from a scaffold, a closing "Thank you" folded into the last answer. They report at
the offending line, with the fix written out in the hint.

Speaker labels, list items and questions that are not the turn they look like are `Finding`s
(`speaker_findings`): validation reports them, and `site-builder fix` (authoring/fix.py) applies
the corrected lines they carry, so the hint and the fix are one and the same.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from .entities import Person
from .interview import MARKER_RE, Label, Marker, Segment, label, name_keys, segments, speaker_names
from .problems import Problems
from .slugs import ascii_fold, fold, slugify

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


class Directory:
    """Everyone in content/people, and the names a label may use for them: built once per load
    (and only when some story has a label to look up), not once per story."""

    def __init__(self, people: Mapping[str, Person]) -> None:
        self.people = people
        self._keys: dict[str, frozenset[str]] = {}

    def keys(self, person: Person) -> frozenset[str]:
        """`name_keys(person)`, folded once per person however many stories they are in."""
        found = self._keys.get(person.id)
        if found is None:
            found = self._keys[person.id] = frozenset(name_keys(person))
        return found

    @cached_property
    def names(self) -> dict[str, str]:
        return speaker_names(self.people.values(), self.keys)


@dataclass(frozen=True)
class Cast:
    """Who a label may name: the story's people, who may speak, and everyone in content/people."""

    story: dict[str, str]  # folded name -> id, names two of the story's people share left out
    shared: dict[str, tuple[str, ...]]  # folded name -> the story's people who share it
    directory: Directory
    refs: dict[str, str]  # id -> the `@` reference to write for one of the story's people
    kind: str

    @classmethod
    def of(cls, story_people: list[Person], directory: Directory, kind: str) -> Cast:
        owners: dict[str, dict[str, None]] = {}
        for person in story_people:
            for key in directory.keys(person):
                owners.setdefault(key, {})[person.id] = None
        refs = {person.id: speaker_ref(person) for person in story_people}
        taken = list(refs.values())
        refs = {pid: (ref if taken.count(ref) == 1 else pid) for pid, ref in refs.items()}
        return cls(speaker_names(story_people, directory.keys),
                   {key: tuple(ids) for key, ids in owners.items() if len(ids) > 1}, directory, refs, kind)

    @property
    def everyone(self) -> dict[str, str]:
        return self.directory.names

    @property
    def people(self) -> Mapping[str, Person]:
        return self.directory.people

    def ref(self, person_id: str) -> str:
        """The `@` reference to write: for someone outside the story, their id where their short
        reference is already one of the story's people's."""
        if person_id in self.refs:
            return self.refs[person_id]
        ref = speaker_ref(self.people[person_id])
        return person_id if ref in self.refs.values() else ref


@dataclass(frozen=True)
class Finding:
    """A line validation reports and, where `lines` is set, `site-builder fix` rewrites: body
    lines `index` to `end` (exclusive) become `lines`. One list serves both, so `fix` changes
    exactly what validation points at."""

    index: int
    message: str
    hint: str
    warning: bool = False
    end: int = 0
    lines: tuple[str, ...] = ()
    adds: str = ""  # a person `fix` adds to 'people:' along with the new lines

    def report(self, first_line: int, problems: Problems) -> None:
        (problems.warning if self.warning else problems.error)(first_line + self.index, self.message, self.hint)


_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|(?P<num>\d{1,3})[.)])\s+")
_QUESTION_END = re.compile(r"\?[\s*_\"”’)]*(?:\([^()]{0,60}\)[\s*_\"”’.]*)?$")
_PLAIN_START = re.compile(r"^(?!\s{0,3}(?:[-*+>|#]|\d{1,3}[.)]|`{3}|~{3}))\S")
_ITEM_STARTS = frozenset("-*+0123456789")
_LABEL_REACH = 160  # a label's colon comes within this many characters: `**Ms. Name (Role):**`
_HINT_WIDTH = 70


def _shown(line: str) -> str:
    """A corrected line as a hint shows it: whole when short, else cut at a word with '…'."""
    if len(line) <= _HINT_WIDTH:
        return line
    return line[:_HINT_WIDTH].rsplit(" ", 1)[0] + " …"


def _joined(lines: list[str], index: int, prefix: str, rest: str) -> tuple[int, tuple[str, ...]]:
    """`prefix rest` on one line; a prefix alone on its line takes the next paragraph's first
    line when that is plain text (`Tuan:` / answer below -> `@tuan: answer`)."""
    if rest:
        return index + 1, (f"{prefix} {rest}",)
    for after in range(index + 1, len(lines)):
        if lines[after].strip():
            if _PLAIN_START.match(lines[after]) and label(lines[after]) is None:
                return after + 1, (f"{prefix} {lines[after].strip()}",)
            break
    return index + 1, (prefix,)


def _own_paragraph(lines: list[str], index: int, text: str) -> tuple[str, ...]:
    """`text` as a paragraph of its own: an empty line before it and before a list that follows."""
    before = ("",) if index > 0 and lines[index - 1].strip() else ()
    after = ("",) if index + 1 < len(lines) and _ITEM.match(lines[index + 1]) else ()
    return (*before, text, *after)


@dataclass(frozen=True)
class _Start:
    """A paragraph's first line, a list item, or a line inside a paragraph that starts with a
    label; with that label, if any."""

    line: Line
    item: re.Match[str] | None
    found: Label | None


def _starts(lines: Iterable[Line]) -> list[_Start]:
    """Each paragraph start, list item and line that could be a label inside a paragraph, read
    for a label once."""
    out = []
    for line in lines:
        item = _ITEM.match(line.text) if line.text.lstrip()[:1] in _ITEM_STARTS else None
        text = line.text[item.end():] if item else line.text
        found = label(text) if ":" in text[:_LABEL_REACH] else None
        if item or line.starts_paragraph or found:
            out.append(_Start(line, item, found))
    return out


def _recurring(starts: list[_Start]) -> dict[str, int]:
    """How many paragraphs and list items start with each name-like label."""
    counts: dict[str, int] = {}
    for start in starts:
        if start.found and start.found.name_like and (start.item or start.line.starts_paragraph):
            key = fold(start.found.name)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _paragraph_label(lines: list[str], index: int, found: Label, cast: Cast, interview: bool,
                     recurring: dict[str, int]) -> Finding | None:
    """A paragraph that starts like a speaker label but is not a turn: shown as plain text."""
    shown = f"'{found.text}'"
    person_id = found.resolve(cast.story)
    if person_id is not None:
        end, new = _joined(lines, index, f"@{cast.ref(person_id)}:", found.rest)
        return Finding(index, f"{shown} looks like an answer by @{cast.ref(person_id)} but has no '@', "
                       "so it is shown as plain text", f"write `{_shown(new[0])}`", end=end, lines=new)
    folded = " ".join(fold(found.name).split())
    if folded in cast.shared:
        refs = ", ".join("@" + pid for pid in cast.shared[folded])
        return Finding(index, f"{shown} looks like an answer, but several of this story's people are "
                       f"called '{found.name}', so it is shown as plain text",
                       f"write `@id: {_shown(found.rest) or '…'}` with one of {refs}")
    if not interview:
        return None
    if found.question_number is not None:
        end, new = _joined(lines, index, f"Q{found.question_number}:", found.rest)
        return Finding(index, f"{shown} looks like a question but is not a turn marker, so it is shown "
                       "inside the turn before it", f"write `{_shown(new[0])}`", end=end, lines=new)
    known = found.resolve(cast.everyone)
    if known is not None:
        end, new = _joined(lines, index, f"@{cast.ref(known)}:", found.rest)
        return Finding(index, f"{shown} looks like an answer by {cast.people[known].name}, who is not in this "
                       "story's 'people:', so it is shown as plain text",
                       f"add '{known}' to 'people:' and write `{_shown(new[0])}`", end=end, lines=new, adds=known)
    if _evidence(found, recurring):
        return Finding(index, f"{shown} looks like a speaker label but is not a turn, so it is shown as "
                       "plain text", _unknown_speaker_hint(found))
    return None


def _continued_label(lines: list[str], index: int, found: Label, cast: Cast,
                     recurring: dict[str, int]) -> Finding | None:
    """`Hùng: …` or `**Q2:** …` on a line inside a paragraph (a transcript with no empty lines
    between turns): Markdown joins it to the paragraph above, so the turn disappears into it.
    Whatever would be a label at a paragraph's start is one here too, with the same fix."""
    as_start = _paragraph_label(lines, index, found, cast, True, recurring)
    if as_start is None:
        return None
    return Finding(index, f"'{found.text}' starts a line inside the paragraph above, so it is shown as part "
                   "of that paragraph", f"leave an empty line before it; {as_start.hint}",
                   end=as_start.end, lines=("", *as_start.lines) if as_start.lines else (), adds=as_start.adds)


def _evidence(found: Label, recurring: dict[str, int]) -> bool:
    """Whether a name-like label nobody in content/people answers to is still a speaker's: it
    has a title or a role, is set in bold, italics or capitals as transcripts set labels, or
    starts more than one paragraph. A plain `Note:` once is a lead-in and passes."""
    if not found.name_like:
        return False
    letters = [c for c in found.name if c.isalpha()]
    return bool(found.honorific or found.emphasised
                or (found.role and not any(c.isdigit() for c in found.role))
                or (len(letters) > 1 and all(c.isupper() for c in letters))
                or recurring.get(fold(found.name), 0) > 1)


def _unknown_speaker_hint(found: Label) -> str:
    name = " ".join(found.name.split())
    return (f"if {name} speaks here, add them with `site-builder new person --name \"{name}\"`, list them "
            f"in 'people:' and write `@{slugify(name)}: {_shown(found.rest) or '…'}`; if not, end "
            f"'{name}' with a full stop instead of a colon")


def _list_marker(lines: list[str], index: int, item: re.Match[str]) -> Finding | None:
    """`- @lan: text`: a turn marker made into a bullet, shown inside the turn before it."""
    text = lines[index][item.end():].strip()
    if not MARKER_RE.match(text):
        return None
    return Finding(index, "this turn marker is inside a list item, so the turn is shown as a bullet "
                   "inside the turn before it", f"write `{_shown(text)}` as a paragraph of its own, "
                   "with an empty line before it", end=index + 1, lines=_own_paragraph(lines, index, text))


def _list_label(lines: list[str], index: int, found: Label, cast: Cast, interview: bool,
                recurring: dict[str, int]) -> Finding | None:
    """`- **Lan:** text`, `- *LAN:** text`: a turn made into a bullet, shown inside the turn
    before it. A plain `- Lan: the phones` in a longer list is a list of who does what."""
    person_id = found.resolve(cast.story)
    if not (found.name_like or person_id):
        return None
    emphasised = found.emphasised
    alone = not _in_longer_list(lines, index)

    def known() -> bool:  # looked up only when it decides: most stories never need everyone's names
        return found.resolve(cast.everyone) is not None

    speaker = (person_id is not None and (emphasised or alone)) or (interview and (
        found.broken or (emphasised and (recurring.get(fold(found.name), 0) > 1 or known()))
        or (alone and (_evidence(found, recurring) or known()))))
    if not speaker:
        return None
    message = (f"this list item starts with the speaker label '{found.text}', so the turn is shown as a "
               "bullet inside the turn before it")
    speaker_id = person_id or found.resolve(cast.everyone)
    if speaker_id is None:
        return Finding(index, message, _unknown_speaker_hint(found) + "; as a paragraph of its own")
    new = f"@{cast.ref(speaker_id)}: {found.rest}".rstrip()
    add = "" if person_id else f"add '{speaker_id}' to 'people:' and "
    return Finding(index, message, f"{add}write `{_shown(new)}` as a paragraph of its own, with an empty "
                   "line before it", end=index + 1, lines=_own_paragraph(lines, index, new), adds=speaker_id
                   if add else "")


def _in_longer_list(lines: list[str], index: int, turns: Container[int] = frozenset()) -> bool:
    """Whether the list item at `index` has another item right above or below it; an item in
    `turns` (an answer written as a list item) is no neighbour, it is the next turn."""
    if index > 0 and _ITEM.match(lines[index - 1]) and index - 1 not in turns:
        return True
    for after in range(index + 1, len(lines)):
        if not lines[after].strip():
            return any(_ITEM.match(line) and after + 1 not in turns for line in lines[after + 1:after + 2])
        if _ITEM.match(lines[after]):
            return after not in turns
    return False


def _answer_to_be(lines: list[str], start: _Start, cast: Cast) -> bool:
    """A paragraph or list item that starts with someone's label, or a list item holding an
    answer's marker: an answer that the page does not show as one yet."""
    if start.found is not None:
        return start.found.question_number is None and (
            start.found.resolve(cast.story) is not None or start.found.resolve(cast.everyone) is not None)
    return start.item is not None and lines[start.line.index][start.item.end():].lstrip().startswith("@") \
        and bool(MARKER_RE.match(lines[start.line.index][start.item.end():].lstrip()))


def _question_item(lines: list[str], index: int, answers: set[int], in_question: bool) -> Finding | None:
    """A one-item list that is a question, right before an answer: a question shown as a bullet."""
    item = _ITEM.match(lines[index])
    assert item is not None
    if in_question or _in_longer_list(lines, index, answers):
        return None
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    following = next((i for i in range(last + 1, len(lines)) if lines[i].strip()), None)
    if following not in answers or not _QUESTION_END.search(" ".join(lines[index:last + 1])):
        return None
    new = f"Q{item.group('num') or ''}: {lines[index][item.end():].strip()}"
    return Finding(index, "this question is written as a list item, so it is shown as a bullet inside the "
                   "turn before it", f"write `{_shown(new)}`", end=index + 1, lines=(new,))


def _legacy_turn(lines: list[str], marker: Marker, cast: Cast) -> Finding:
    """The previous release's `**Name:**` paragraph: read as a turn, and `fix` modernises it."""
    ref = cast.ref(marker.speaker_ref)
    end, new = _joined(lines, marker.index, f"@{ref}:", "")
    return Finding(marker.index, f"'{marker.label}' alone on its line is read as @{ref}'s turn, the way "
                   "the previous release wrote turns", f"run `site-builder fix`, or write `{_shown(new[0])}`",
                   warning=True, end=end, lines=new)


def speaker_findings(body: str, cast: Cast, prose_lines: list[Line] | None = None,
                     parts: list[Segment] | None = None) -> list[Finding]:
    """Every speaker label, list item and question the body shows other than as the turn it is.
    `prose_lines` and `parts` (`segments(body, cast.story)`) may be passed when already made."""
    lines = body.split("\n")
    prose_lines = list(prose(body)) if prose_lines is None else prose_lines
    parts = segments(body, cast.story) if parts is None else parts
    turns = [part.marker for part in parts if part.marker]
    interview = cast.kind == "interview" or bool(turns)
    answers = {marker.index for marker in turns if not marker.question}
    questions = {index for part in parts if part.marker and part.marker.question
                 for index in range(part.start, part.end)}
    legacy = {marker.index: marker for marker in turns if marker.label}
    starts = _starts(prose_lines)
    recurring = _recurring(starts)
    if interview:  # an answer written as a label or a list item is an answer for the question before it
        answers |= {start.line.index for start in starts if _answer_to_be(lines, start, cast)}
    found: list[Finding] = []
    for start in starts:
        index = start.line.index
        finding: Finding | None = None
        if index in legacy:
            finding = _legacy_turn(lines, legacy[index], cast)
        elif start.item:
            finding = _list_marker(lines, index, start.item)
            if finding is None and start.found:
                finding = _list_label(lines, index, start.found, cast, interview, recurring)
            if finding is None and start.line.starts_paragraph and interview:
                finding = _question_item(lines, index, answers, index in questions)
        elif start.found and start.line.starts_paragraph:
            finding = _paragraph_label(lines, index, start.found, cast, interview, recurring)
        elif start.found and interview:
            finding = _continued_label(lines, index, start.found, cast, recurring)
        if finding is not None:
            found.append(finding)
    return found


def check_speakers(body: str, cast: Cast, first_line: int, problems: Problems,
                   prose_lines: list[Line] | None = None, parts: list[Segment] | None = None) -> None:
    """Report each `speaker_findings` entry at its line."""
    for finding in speaker_findings(body, cast, prose_lines, parts):
        finding.report(first_line, problems)


def check_broken_markers(lines: list[Line], first_line: int, problems: Problems) -> None:
    """`Q4 to @a, @b:`, `@ dat:`, `Q1 To Nadia:`: meant as a turn, rendered inside the last one.
    (A correct marker glued to the paragraph above is one of the `glued_findings`.)"""
    for line in lines:
        if not line.starts_paragraph or MARKER_RE.match(line.text):
            continue
        if _LOOKS_LIKE_MARKER.match(line.text) and not line.text.lower().startswith(("q&a", "qa ")):
            head = line.text.split(":", 1)[0] + ":"
            problems.error(first_line + line.index,
                           f"'{head}' starts like a turn marker but is not one, so it is shown inside "
                           "the turn before it",
                           "write `@who: …` for an answer, `Q3 to @who: …` for a question, "
                           "`Q3 to @a and @b: …` for several people (an '@' before each id, no space)")


def glued_findings(lines: list[Line]) -> list[Finding]:
    """A turn marker or a list line right under a paragraph line is read as part of that
    paragraph; an empty line before it is the fix, which `site-builder fix` makes."""
    found = []
    in_list = False
    for line in lines:
        if not line.text.strip():
            in_list = False
            continue
        is_item = bool(_LIST_ITEM.match(line.text))
        if line.starts_paragraph:
            in_list = is_item
            continue
        if MARKER_RE.match(line.text):
            if not line.text.startswith((" ", "\t")):
                found.append(Finding(line.index, "this turn marker continues the paragraph above it, so it is "
                                     "shown as text", "leave a blank line before it", end=line.index + 1,
                                     lines=("", line.text)))
        elif is_item and not in_list and not _TABLE_OR_QUOTE.match(line.previous):
            found.append(Finding(line.index, "this list line comes right under a paragraph line, so it is "
                                 "shown as text with a literal bullet", "leave a blank line before the list",
                                 end=line.index + 1, lines=("", line.text)))
            in_list = True
    return found


def check_glued_lists(lines: list[Line], first_line: int, problems: Problems) -> None:
    """Report each of the `glued_findings`: markers and list lines glued to a paragraph."""
    for finding in glued_findings(lines):
        finding.report(first_line, problems)


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
